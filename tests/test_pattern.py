"""Source pages are themed once and filled in (publish/pattern.py): the site must be the same, byte
for byte, as when the theme renders every one of them.

The comparison build turns the filling off by emptying `pattern.FILLED_KINDS` in its own process
(the production code has no switch for it), on the same generated corpus, with a public address
set so canonical links are compared too.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

from conftest import make_project

THEME_EVERY_PAGE = (
    "import sys\n"
    "import macros.publish.pattern as pattern\n"
    "pattern.FILLED_KINDS = frozenset()\n"
    "from mkdocs.__main__ import cli\n"
    "sys.argv = ['mkdocs', 'build', '--strict', '--site-dir', sys.argv[1]]\n"
    "cli()\n"
)


def _build(project: Path, site: Path, every_page: bool) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", EE_SITE_URL="https://example.org/explainers/")
    if every_page:
        command = [sys.executable, "-c", THEME_EVERY_PAGE, str(site)]
    else:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]


def _differences(a: Path, b: Path) -> list[str]:
    out = []
    compared = filecmp.dircmp(a, b)
    out += [f"only in the filled site: {n}" for n in compared.left_only]
    out += [f"only when every page is themed: {n}" for n in compared.right_only]
    out += [f"differs: {n}" for n in compared.diff_files]
    for name in compared.common_dirs:
        out += [f"{name}/{d}" for d in _differences(a / name, b / name)]
    return out


def test_filled_in_pages_are_the_pages_the_theme_makes(tmp_path):
    project = make_project(tmp_path, generated=(4, 40))
    filled, themed = tmp_path / "filled", tmp_path / "themed"
    _build(project, filled, every_page=False)
    _build(project, themed, every_page=True)
    sources = sorted(p.name for p in (filled / "sources").iterdir())
    assert len(sources) == 40 and not [s for s in sources if s.startswith("_")], "no pattern page is published"
    page = (filled / "sources" / sources[0] / "index.html").read_text(encoding="utf-8")
    assert 'class="md-header' in page and f'href="https://example.org/explainers/sources/{sources[0]}/"' in page
    assert _differences(filled, themed) == []
