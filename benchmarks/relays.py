"""Run by hand: checking data/ whose 10,000 sources relay one another in the worst shapes (issue 15,
item 4). Prints the seconds `python -m macros check` takes for each shape.

    .venv/bin/python benchmarks/relays.py
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N = 10_000
BASE = {
    "publishers.yaml": "".join(
        f"pub-{i}:\n  name: Publisher {i}\n  affiliation: media\n  reason: A generated outlet.\n" for i in range(200)
    ),
    "affiliations.yaml": "media:\n  name: Media\n  description: Generated.\n",
    "topics.yaml": "war:\n  name: War\n",
}


def shapes() -> dict[str, list[list[int]]]:
    rng = random.Random(1)
    return {
        "chain": [[i + 1] if i + 1 < N else [] for i in range(N)],
        "each relays the next two": [[j for j in (i + 1, i + 2) if j < N] for i in range(N)],
        "one circle": [[(i + 1) % N] for i in range(N)],
        "random, three relays each": [rng.sample(range(N), 3) for _ in range(N)],
    }


def write(folder: Path, relays: list[list[int]]) -> Path:
    data = folder / "data"
    (data / "sources").mkdir(parents=True)
    (data / "explainers").mkdir()
    for name, text in BASE.items():
        (data / name).write_text(text, encoding="utf-8")
    for i, targets in enumerate(relays):
        text = f"title: Report {i}\npublisher: pub-{i % 200}\n"
        if targets:
            text += "relays:\n" + "".join(f"  - source: s-{t}\n" for t in targets)
        elif i % 2:
            text += "relays:\n  - publisher: pub-7\n"
        (data / "sources" / f"s-{i}.yaml").write_text(text, encoding="utf-8")
    return data


def main() -> None:
    for name, relays in shapes().items():
        with tempfile.TemporaryDirectory() as tmp:
            data = write(Path(tmp), relays)
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "macros", "check", "--data", str(data)], cwd=ROOT, capture_output=True
            )
            print(f"{name}: {time.perf_counter() - start:.1f} s for {N:,} sources")


if __name__ == "__main__":
    main()
