"""Builds a project as `mkdocs serve` does, edit after edit, or once from clean, in this process.

    python tests/serve_driver.py serve PROJECT SITE STEPS.json OUT   # build, then after each step
    python tests/serve_driver.py clean PROJECT SITE                  # one whole build, same address

`serve` does what mkdocs/commands/serve.py does: one configuration for the first build, after
`on_startup(command="serve")`; then, after each step's changes to data/ (a JSON list of steps,
each {path under the project: new text, or null to delete}), a fresh configuration and MkDocs'
own `build(config, serve_url=...)` again, with the same plugin objects (MkDocs keeps a plugin that
has on_startup for the whole serve). After each build it copies the served folder to OUT/<n>/ and
writes OUT/<n>.json: whether the build failed, and the log. `clean` is one build of the same
configuration by a plugin that never built before, as `serve --clean` or a first build does.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"


class _Log(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


def _config(project: Path, site: Path):
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    config.site_url = SERVE_URL
    return config


def _build(config, log: _Log) -> bool:
    log.lines.clear()
    try:
        build(config, serve_url=SERVE_URL)
    except Exception as err:  # noqa: BLE001 - as the livereload server does: log, keep serving
        log.lines.append(f"FAILED: {err}")
        return False
    return True


def serve(project: Path, site: Path, steps: list[dict[str, str | None]], out: Path) -> None:
    log = _Log()
    logging.getLogger("mkdocs").addHandler(log)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    config = _config(project, site)
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        for n in range(len(steps) + 1):
            if n:
                for rel, text in steps[n - 1].items():
                    path = project / rel
                    if text is None:
                        path.unlink()
                    else:
                        path.parent.mkdir(parents=True, exist_ok=True)
                        path.write_text(text, encoding="utf-8")
            ok = _build(config if n == 0 else _config(project, site), log)
            shutil.copytree(site, out / str(n))
            (out / f"{n}.json").write_text(json.dumps({"ok": ok, "log": log.lines}), encoding="utf-8")
    finally:
        config.plugins.on_shutdown()


def clean(project: Path, site: Path) -> None:
    log = _Log()
    logging.getLogger("mkdocs").addHandler(log)
    config = _config(project, site)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        if not _build(config, log):
            raise SystemExit("\n".join(log.lines))
    finally:
        config.plugins.on_shutdown()


if __name__ == "__main__":
    mode, project, site = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    if mode == "serve":
        serve(project, site, json.loads(Path(sys.argv[4]).read_text(encoding="utf-8")), Path(sys.argv[5]))
    else:
        clean(project, site)
