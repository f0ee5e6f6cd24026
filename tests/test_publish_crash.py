"""The published site is never lost (issue 15, item 1).

A real `mkdocs build --strict` is stopped at the n-th file-system step it takes on the site or the
folders beside it (a rename, or a folder deleted), for every n until a build runs to its end:
killed on the spot (as by a power cut or `kill -9`), or with that step failing. After each,
there is a complete site/ (the old one or the new one), or the last good site is still beside it;
and the next build, even one that fails late, puts it back and deletes only what is left over.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, make_project

# Runs MkDocs with the file-system calls on `site` and `.site.*` counted; at the n-th, the process
# dies (kill) or the call raises (fail). The count reached is written to a file when it ends.
INJECT = r"""
import atexit, os, shutil, sys
at, mode, parent, report = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
count = 0
atexit.register(lambda: open(report, "w").write(str(count)))

def watched(args):
    for arg in args[:2]:
        if isinstance(arg, (str, os.PathLike)):
            path = os.path.abspath(os.fspath(arg))
            name = os.path.basename(path)
            if os.path.dirname(path) == parent and (name == "site" or name.startswith(".site.")):
                return True
    return False

def counted(call):
    def step(*args, **kwargs):
        global count
        if watched(args):
            count += 1
            if count == at:
                if mode == "kill":
                    open(report, "w").write(str(count))
                    os._exit(137)
                raise OSError(5, f"injected failure at step {count}")
        return call(*args, **kwargs)
    return step

for name in ("rename", "replace", "rmdir", "unlink"):
    setattr(os, name, counted(getattr(os, name)))
shutil.rmtree = counted(shutil.rmtree)
sys.argv = ["mkdocs", "build", "--strict"]
from mkdocs.__main__ import cli
cli()
"""


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, *extra] if extra else [sys.executable, "-m", "mkdocs", "build", "--strict"]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=300)


def set_title(project: Path, title: str) -> None:
    path = project / "data" / "sources" / "example-report.yaml"
    text = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([f"title: {title}", *text[1:]]) + "\n", encoding="utf-8")


def break_late(project: Path, broken: bool) -> None:
    """A broken link in a hand-written page: a strict build fails at its very end."""
    page = project / "docs" / "bibliography.md"
    text = page.read_text(encoding="utf-8").replace("\n[a broken link](no-such-page.md)\n", "")
    page.write_text(text + ("\n[a broken link](no-such-page.md)\n" if broken else ""), encoding="utf-8")


def leftovers(project: Path) -> list[str]:
    deadline = time.monotonic() + 60  # the replaced site is deleted by a detached process
    while time.monotonic() < deadline:
        left = sorted(p.name for p in project.glob(".site*") if ".trash-" not in p.name)
        trash = list(project.glob(".site.trash-*"))
        if not trash:
            return left
        time.sleep(0.1)
    return sorted(p.name for p in project.glob(".site*"))


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """A project whose site/ holds the old build, and the trees of the old and the new build."""
    base = tmp_path_factory.mktemp("crash")
    project = make_project(base)
    set_title(project, "The old report")
    assert build(project).returncode == 0
    old = tree(project / "site")
    newer = base / "newer"
    shutil.copytree(project, newer)
    set_title(newer, "The new report")
    assert build(newer).returncode == 0
    return project, old, tree(newer / "site")


@pytest.mark.parametrize("mode", ["kill", "fail"])
def test_a_build_stopped_at_any_step_of_publishing_never_loses_the_site(sites, tmp_path, mode):
    template, old, new = sites
    at, steps = 1, None
    while steps is None or at <= steps:
        project = tmp_path / f"at-{at}"
        shutil.copytree(template, project)
        (project / ".site.building-999999999" / "sources").mkdir(parents=True)  # a killed build's
        set_title(project, "The new report")
        report = tmp_path / f"count-{at}"
        result = build(project, "-c", INJECT, str(at), mode, str(project), str(report))
        reached = int(report.read_text()) if report.exists() else 0
        if reached < at:  # the build ran to its end before the n-th step: every step was tried
            assert result.returncode == 0, result.stderr[-3000:]
            assert tree(project / "site") == new
            steps = reached
            break
        assert result.returncode != 0, f"step {at}: the build said it succeeded"
        # At once: a complete site, or no site and the last good one beside it.
        site = project / "site"
        if site.exists():
            assert tree(site) in (old, new), f"step {at} ({mode}): site/ is incomplete"
        else:
            kept = [tree(p) for p in project.glob(".site.old-*")] + [tree(p) for p in project.glob(".site.ready-*")]
            assert old in kept or new in kept, f"step {at} ({mode}): the site is gone: {sorted(os.listdir(project))}"
        # The next build fails (late, or at once on broken data), yet the site comes back, whole,
        # and only leftovers go.
        before = tree(site) if site.exists() else None
        if at % 2:
            break_late(project, True)
        else:
            set_title(project, "[unquoted: flow")
        assert build(project).returncode != 0
        assert site.is_dir(), f"step {at} ({mode}): the next run did not put the site back"
        assert tree(site) == before if before is not None else tree(site) in (old, new)
        assert leftovers(project) == [], f"step {at} ({mode}): {leftovers(project)} left beside the site"
        shutil.rmtree(project)
        at += 1
    assert steps is not None and steps >= 5, f"the publication took {steps} steps: the injection missed some"


def test_folders_of_a_killed_build_are_removed_by_the_next(sites, tmp_path):
    template, _, new = sites
    project = tmp_path / "project"
    shutil.copytree(template, project)
    dead = project / ".site.building-999999999"
    (dead / "explainers").mkdir(parents=True)
    (dead / "index.html").write_text("half a site")
    (project / ".site.trash-1-2").mkdir()
    set_title(project, "The new report")
    assert build(project).returncode == 0
    assert tree(project / "site") == new
    assert leftovers(project) == []


def test_the_last_good_site_beside_a_missing_site_is_put_back_and_never_deleted(sites, tmp_path):
    """What a crash between the two renames of the old publication left: no site/, the last good
    site renamed aside. The next build fails late; it must not delete that copy."""
    template, old, _ = sites
    project = tmp_path / "project"
    shutil.copytree(template, project)
    (project / "site").rename(project / ".site.old-00000000000000000001-1")
    break_late(project, True)
    assert build(project).returncode != 0
    assert tree(project / "site") == old
    assert leftovers(project) == []
    assert ROOT.exists()
