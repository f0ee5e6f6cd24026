"""Command line for contributors and CI.

python -m macros check [--data data] [--format text|github]
python -m macros new source ID --publisher PUBLISHER [--title T] [--url U]
python -m macros new explainer ID --question Q
python -m macros new finding EXPLAINER-ID FINDING-ID [--heading H]
python -m macros changes --base REVISION [--data data]
python -m macros import FILE [--format csl-json|bibtex] [--data data] [--overwrite]
python -m macros translation hashes|new EXPLAINER-ID LANGUAGE [--data data]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from ..domain.problems import DataError, format_grouped, github_annotation
from ..domain.publication import Publication
from ..domain.site import WORK_KINDS, Site
from ..load.corpus import load_corpus


def _check(args: argparse.Namespace) -> int:
    try:
        corpus = load_corpus(args.data)
    except DataError as err:
        if args.format == "github":
            print("\n".join(github_annotation(p) for p in err.problems))
        print(format_grouped(err.problems), file=sys.stderr)
        return 1
    counts = [
        (len(corpus.explainers), "explainer"),
        (len(corpus.sources), "source"),
        (len(corpus.publishers), "publisher"),
        (len(corpus.topics), "topic"),
    ]
    print(f"{args.data}/ is valid: " + ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts) + ".")
    return 0


def _new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, new_explainer, new_finding, new_source

    data = Path(args.data)
    try:
        if args.kind == "source":
            path = new_source(data, args.id, args.publisher, args.title, args.url)
        elif args.kind == "explainer":
            path = new_explainer(data, args.id, args.question)
        else:
            path = new_finding(data, args.explainer, args.id, args.heading)
    except ScaffoldError as err:
        print(f"Nothing was written: {err}", file=sys.stderr)
        return 1
    print(f"Wrote {path}. Fill in the TODOs, then run: python -m macros check")
    return 0


def _changes(args: argparse.Namespace) -> int:
    from .changes import compare_with_revision, summary

    try:
        changes = compare_with_revision(args.base, Path(args.repo), Path(args.data))
    except subprocess.CalledProcessError as err:
        print(f"Could not read data/ at {args.base}: {err.stderr.decode(errors='replace').strip()}", file=sys.stderr)
        return 1
    print(summary(changes), end="")
    return 0


def _import(args: argparse.Namespace) -> int:
    from ..formats.importer import import_file

    report = import_file(args.file, args.data, args.format, args.overwrite)
    print(report.text(), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1


def _worklist(args: argparse.Namespace) -> int:
    try:
        site = Site(load_corpus(args.data))
    except DataError as err:
        print(err, file=sys.stderr)
        return 1
    for item in site.work_items(Publication()):
        if args.kind in (None, item.kind):
            print(f"{item.file}: {item.kind}: {item.what}")
    return 0


def _translation(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError
    from .translation import hashes, new_translation

    data = Path(args.data)
    try:
        if args.action == "hashes":
            print(hashes(data, args.explainer, args.language), end="")
            return 0
        path = new_translation(data, args.explainer, args.language)
    except ScaffoldError as err:
        print(f"Nothing was written: {err}" if args.action == "new" else str(err), file=sys.stderr)
        return 1
    print(f"Wrote {path}. Translate every TODO, then run: python -m macros check")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description="Evidence Explainers: check and edit data/.")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="check every file in data/ and report all problems")
    check.add_argument("--data", default="data", help="the data folder (default: data)")
    check.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="github: also print GitHub Actions annotations (::error file=…,line=…::) on stdout",
    )
    check.set_defaults(run=_check)

    new = sub.add_parser("new", help="start a source, explainer or finding from a commented template")
    new.add_argument("--data", default="data", help="the data folder (default: data)")
    kinds = new.add_subparsers(dest="kind", required=True)
    source = kinds.add_parser("source", help="a new data/sources/ID.yaml")
    source.add_argument("id")
    source.add_argument("--publisher", required=True, help="a publisher id from data/publishers.yaml")
    source.add_argument("--title")
    source.add_argument("--url")
    explainer = kinds.add_parser("explainer", help="a new data/explainers/ID.yaml")
    explainer.add_argument("id")
    explainer.add_argument("--question", required=True)
    finding = kinds.add_parser("finding", help="add a finding to an explainer")
    finding.add_argument("explainer")
    finding.add_argument("id")
    finding.add_argument("--heading")
    new.set_defaults(run=_new)

    changes = sub.add_parser("changes", help="summarise what changed in data/ since a git revision (Markdown)")
    changes.add_argument("--base", required=True, help="the git revision to compare with, e.g. origin/main")
    changes.add_argument("--data", default="data", help="the data folder (default: data)")
    changes.add_argument("--repo", default=".", help="the git repository (default: .)")
    changes.set_defaults(run=_changes)

    imp = sub.add_parser("import", help="write source files from a Zotero (or other) CSL-JSON or BibTeX export")
    imp.add_argument("file", help="the exported file")
    imp.add_argument("--format", choices=["csl-json", "bibtex"], help="default: from the file name or its content")
    imp.add_argument("--data", default="data", help="the data folder (default: data)")
    imp.add_argument(
        "--overwrite",
        action="store_true",
        help="replace existing sources for the same work (same URL, or same title and publisher)",
    )
    imp.set_defaults(run=_import)

    work = sub.add_parser("worklist", help="print every item of the site's worklist (the page shows the first few)")
    work.add_argument("--data", default="data", help="the data folder (default: data)")
    work.add_argument("--kind", help="only this kind of item", choices=list(WORK_KINDS))
    work.set_defaults(run=_worklist)

    trans = sub.add_parser("translation", help="a translation's fields and hashes, or a new translation to fill in")
    trans.add_argument("action", choices=["hashes", "new"], help="hashes: print each field's state; new: write a file")
    trans.add_argument("explainer", help="the explainer's id (its file name without .yaml)")
    trans.add_argument("language", help="the translation's BCP 47 language tag, e.g. uk or ru")
    trans.add_argument("--data", default="data", help="the data folder (default: data)")
    trans.set_defaults(run=_translation)

    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run  # the subcommand's handler, set by set_defaults
    return run(args)
