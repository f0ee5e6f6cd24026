"""Benchmark: how long untrusted input takes to refuse or build, against the seed as baseline.

Run by hand: `.venv/bin/python benchmarks/hostile.py`. Prints, for each case, the median
time of the check (`load_corpus`) as a ratio to checking the seed's data/ in the same run,
and the time of a full `mkdocs build` of the hostile corpus as a ratio to the seed's build.
Figures belong in docs/about/performance.md with the machine they came from; tests never time.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile import PAYLOADS, write_corpus  # noqa: E402

from macros.domain.problems import DataError  # noqa: E402
from macros.load.corpus import load_corpus  # noqa: E402

RUNS = 5


def median_time(fn) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def check(data: Path) -> None:
    try:
        load_corpus(data)
    except DataError:
        pass


def finding(text: str) -> str:
    return (
        'question: Q?\nshort_answer: "yes"\npublished: "2026-01-02"\nsummary: S.\n'
        f"findings:\n  - id: f\n    heading: H\n    text: {json.dumps(text)}\n"
    )


def main() -> None:
    work = Path(tempfile.mkdtemp())
    cases: dict[str, Path] = {}
    hostile = work / "hostile" / "data"
    write_corpus(hostile, list(range(len(PAYLOADS))))
    cases["hostile corpus (every payload, every field)"] = hostile
    for name, text in {
        "5,000 '['": "[" * 5000,
        "500-deep list": "- " * 500 + "x",
        "20,000 characters, no space": "a" * 20000,
    }.items():
        data = work / name.replace(" ", "_").replace(",", "").replace("'", "") / "data"
        shutil.copytree(ROOT / "data", data)
        (data / "explainers" / "patho.yaml").write_text(finding(text), encoding="utf-8")
        cases[name] = data
    bomb = work / "bomb" / "data"
    shutil.copytree(ROOT / "data", bomb)
    (bomb / "sources" / "bomb.yaml").write_text(
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    )
    cases["alias bomb (9^9 nodes if expanded)"] = bomb

    baseline = median_time(lambda: check(ROOT / "data"))
    print(f"check of the seed data/ (baseline): {baseline * 1000:.1f} ms median of {RUNS}")
    for name, data in cases.items():
        t = median_time(lambda data=data: check(data))
        print(f"  {name:45} {t / baseline:6.2f}x the baseline")

    def build(data: Path) -> float:
        project = work / f"build-{data.parent.name}"
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir()
        for item in ("mkdocs.yml", "docs", "overrides", "macros"):
            src = ROOT / item
            (shutil.copytree if src.is_dir() else shutil.copy)(src, project / item)
        shutil.copytree(data, project / "data")
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
            cwd=project,
            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
            capture_output=True,
        )
        return time.perf_counter() - start

    seed = statistics.median(build(ROOT / "data") for _ in range(3))
    accepted = work / "accepted" / "data"
    ok = []
    for i in range(len(PAYLOADS)):
        one = work / f"one{i}" / "data"
        write_corpus(one, [i])
        try:
            load_corpus(one)
            ok.append(i)
        except DataError:
            pass
    write_corpus(accepted, ok)
    hostile_build = statistics.median(build(accepted) for _ in range(3))
    print(f"mkdocs build of the seed (baseline): {seed:.2f} s median of 3")
    print(f"  build of the {len(ok)} accepted payloads: {hostile_build / seed:.2f}x the baseline")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
