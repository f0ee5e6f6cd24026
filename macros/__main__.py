"""Command line: `python -m macros check` validates data/ without building."""
from __future__ import annotations

import argparse
import sys

from .corpus import load_corpus
from .problems import DataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check every file in data/ and report all problems")
    check.add_argument("--data", default="data", help="the data folder (default: data)")
    args = parser.parse_args(argv)

    try:
        corpus = load_corpus(args.data)
    except DataError as err:
        print(err, file=sys.stderr)
        return 1
    counts = [(len(corpus.explainers), "explainer"), (len(corpus.sources), "source"),
              (len(corpus.publishers), "publisher"), (len(corpus.topics), "topic")]
    print(f"{args.data}/ is valid: " + ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts) + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
