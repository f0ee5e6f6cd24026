# The two commands of the README's Quick start, and a few helpers.
#   make serve   install what the site needs into .venv and serve it on http://127.0.0.1:8000
#   make test    install the test dependencies (and Debian's Chromium if missing) and run every test
VENV ?= .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test chromium

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

test: $(VENV)/.installed chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(PY) -m macros check
	$(PY) -m pytest
