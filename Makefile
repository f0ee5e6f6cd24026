# The two commands of the README's Quick start, and a few helpers.
#   make serve   install what the site needs into .venv and serve it on http://127.0.0.1:8000
#   make test    install the test dependencies (and the Debian packages below, if missing) and run every test
VENV ?= .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test chromium citation-tools

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

serve: $(VENV)/.installed
	$(VENV)/bin/mkdocs serve --livereload

build: $(VENV)/.installed
	$(VENV)/bin/mkdocs build --strict

check: $(VENV)/.installed
	$(PY) -m macros check

# Browser tests drive Debian's Chromium; install it when we can, say how when we cannot.
chromium:
	@if [ -n "$$EE_CHROMIUM" ] || [ -x /usr/lib/chromium/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "The browser tests need Chromium: run 'sudo apt-get install chromium' (or set EE_CHROMIUM to its path)." >&2; exit 1; fi

# The exports are read by the real tools in the tests: pandoc, biber, and bibtex with plain.bst
# (texlive-binaries and texlive-base), only those missing, without recommends.
CITATION_PACKAGES = pandoc:pandoc biber:biber bibtex:texlive-binaries plain.bst:texlive-base
citation-tools:
	@missing=""; for pair in $(CITATION_PACKAGES); do tool=$${pair%%:*}; pkg=$${pair#*:}; \
		if [ "$$tool" = plain.bst ]; then kpsewhich plain.bst >/dev/null 2>&1 || missing="$$missing $$pkg"; \
		else command -v $$tool >/dev/null || missing="$$missing $$pkg"; fi; done; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else echo "The tests of the exports need pandoc, biber and bibtex: run 'sudo apt-get install --no-install-recommends$$missing'." >&2; exit 1; fi

test: $(VENV)/.installed chromium citation-tools
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(PY) -m macros check
	$(PY) -m pytest
