"""The engine's layers, as a maintainer relies on them: imports go one way, and only the adapter
imports a site generator. The contracts live in pyproject.toml ([tool.importlinter])."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(project / "pyproject.toml"), "--no-cache"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_layers_import_one_way_and_only_the_adapter_imports_a_site_generator():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _copy_engine(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "pyproject.toml", project)
    shutil.copytree(ROOT / "macros", project / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    return project


def test_an_import_up_the_layers_breaks_the_check(tmp_path):
    project = _copy_engine(tmp_path)
    model = project / "macros" / "domain" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + "\nfrom ..render import renderer  # noqa\n", encoding="utf-8")
    result = _lint_imports(project)
    assert result.returncode != 0
    assert "macros.domain.model -> macros.render.renderer" in result.stdout


def test_mkdocs_imported_outside_the_adapter_breaks_the_check(tmp_path):
    project = _copy_engine(tmp_path)
    outputs = project / "macros" / "publish" / "outputs.py"
    outputs.write_text(outputs.read_text(encoding="utf-8") + "\nimport mkdocs  # noqa\n", encoding="utf-8")
    result = _lint_imports(project)
    assert result.returncode != 0
    assert "macros.publish.outputs -> mkdocs" in result.stdout


def test_the_engine_and_the_command_line_run_without_mkdocs_loaded():
    code = (
        "import sys, macros.cli, macros.publish.build, macros.adapter.page_macros\n"
        "from macros.publish.build import Build\n"
        "from macros.domain.publication import Publication\n"
        "build = Build.load('data', Publication())\n"
        "build.pages, build.file_work.files(), build.late_work.search_entries()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material', 'properdocs')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
