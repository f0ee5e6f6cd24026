"""`python -m macros new …`: start a source, an explainer or a finding from a commented template.

Every field is written out with a comment saying what it holds; fields the
contributor did not give are left commented out, and text still to be written
holds a TODO that the check refuses, so a scaffold cannot be published unedited.
Nothing existing is ever overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TODO = "TODO"


class ScaffoldError(Exception):
    """Why nothing was written."""


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _check_id(kind: str, new_id: str) -> None:
    if not ID_RE.match(new_id):
        raise ScaffoldError(
            f"'{new_id}' is not a valid {kind} id — use lowercase letters, digits and single "
            "hyphens, e.g. kyiv-independent-pow-treatment"
        )


def _write_new(path: Path, text: str) -> Path:
    if path.exists():
        raise ScaffoldError(f"{path} already exists — nothing was written; edit it, or choose another id")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": fail rather than overwrite, even in a race
        handle.write(text)
    return path


def _publisher_ids(data: Path) -> list[str]:
    path = data / "publishers.yaml"
    if not path.is_file():
        return []
    return re.findall(r"^([a-z0-9][a-z0-9-]*):", path.read_text(encoding="utf-8"), re.M)


def new_source(data: Path, source_id: str, publisher: str, title: str | None = None, url: str | None = None) -> Path:
    _check_id("source", source_id)
    known = _publisher_ids(data)
    if publisher not in known:
        raise ScaffoldError(
            f"unknown publisher '{publisher}' — add it to {data}/publishers.yaml first "
            "(name, affiliation, reason), or use one of its ids"
        )
    title_line = f"title: {_q(title)}" if title else f"title: {_q(TODO + ': the title as printed')}"
    url_line = f"url: {url}" if url else "# url: https://…"
    text = f"""\
# yaml-language-server: $schema=../../macros/schemas/source.schema.json
# A source: one cited work. Record only what the page shows; leave a field out
# (commented) when it is not known. The site shows unknowns as unknown.

# The title as printed, in its own language.
{title_line}
# title_en: "…"            # an English translation, when the title is in another language
# title_note: "…"          # instead of title, when the title was not captured: what is known
# language: en             # the work's language (en, uk, ru, pt, cs, …); en when left out
# type: article            # article, journal-article, blog-post, report, web-page, statement, video, book, dataset

# Who published it (an id from data/publishers.yaml). For a copy: the original's publisher.
publisher: {publisher}
# container: "…"           # the journal, series or section it appeared in

# authors:                 # as printed: "Family, Given" for a person, the name alone for a desk
#   - "Family, Given"
# date: "YYYY-MM-DD"       # as precise as known: YYYY, YYYY-MM or YYYY-MM-DD; leave out if not shown
# date_inferred: true      # when the date was worked out (e.g. from the address), not printed
# date_note: "…"           # how the date was found, or what is known when it was not shown

# Where it was read. For a copy: the copy's address.
{url_line}
# archive_url: https://web.archive.org/…   # an archived snapshot
# accessed: "YYYY-MM-DD"   # when the address was last checked to support the citation

# copy:                    # when only a syndicated or mirrored copy was seen
#   seen_at: publisher-id  # where the copy was seen (an id from data/publishers.yaml)
#   note: wire copy
# relays:                  # whose statement or reporting it passes on (one per line)
#   - publisher: publisher-id
#     note: "how we know, e.g. the title attributes the claim to …"
# quote: "…"               # a short excerpt that supports the citation, exactly as printed
# notes: "…"               # anything else a reader should know about this source
"""
    return _write_new(data / "sources" / f"{source_id}.yaml", text)


def new_explainer(data: Path, explainer_id: str, question: str, today: dt.date | None = None) -> Path:
    _check_id("explainer", explainer_id)
    published = (today or dt.date.today()).isoformat()
    text = f"""\
# yaml-language-server: $schema=../../macros/schemas/explainer.schema.json
# An explainer: one question answered from evidence. Its address will be
# /explainers/{explainer_id}/. Replace every TODO before opening the pull request.

# The question, as the page's title.
question: {_q(question)}
# The answer in one word: yes, no, partly or unclear.
short_answer: unclear
# When it is first published on the site.
published: "{published}"
# evidence_as_of: "YYYY-MM-DD"   # the date of the newest evidence it takes into account
# review_by: "YYYY-MM-DD"        # when to check it against newer evidence
# authors:                      # who wrote it; left out, the site is named as the author
#   - "Family, Given"
# reviewers:                    # who checked it
#   - "Family, Given"
# topics:                        # ids from data/topics.yaml
#   - topic-id
# related:                       # ids of other explainers
#   - explainer-id

# The executive summary: the answer in a few sentences, citing sources as [@source-id].
summary: {_q(TODO + ": the answer in a few sentences, each claim followed by its citation.")}

# The numbered findings, in reading order (python -m macros new finding adds one).
findings:
  - id: first-finding
    heading: {_q(TODO + ": the finding's heading")}
    text: {_q(TODO + ": the finding, each claim followed by its citation.")}
    # confidence: {{evidence: limited, agreement: medium, level: low}}  # see /about/method/
    # stances: {{source-id: context}}   # only where a source contradicts or adds context
    # editor_notes:
    #   - "What a reader should know about these sources or numbers."
"""
    return _write_new(data / "explainers" / f"{explainer_id}.yaml", text)


def new_finding(data: Path, explainer_id: str, finding_id: str, heading: str | None = None) -> Path:
    _check_id("finding", finding_id)
    path = data / "explainers" / f"{explainer_id}.yaml"
    if not path.is_file():
        raise ScaffoldError(f"{path} does not exist — create the explainer first (python -m macros new explainer)")
    text = path.read_text(encoding="utf-8")
    if re.search(rf"^\s*-\s+id:\s*['\"]?{re.escape(finding_id)}['\"]?\s*$", text, re.M):
        raise ScaffoldError(f"{path} already has a finding '{finding_id}' — nothing was written; choose another id")
    if not re.search(r"^findings:\s*$", text, re.M):
        raise ScaffoldError(f"{path} has no `findings:` list to add to — nothing was written")
    block = f"""
  - id: {finding_id}
    heading: {_q(heading or TODO + ": the finding's heading")}
    text: {_q(TODO + ": the finding, each claim followed by its citation.")}
    # confidence: {{evidence: limited, agreement: medium, level: low}}  # see /about/method/
    # stances: {{source-id: context}}
"""
    findings = re.search(r"^findings:\s*$", text, re.M)
    assert findings is not None  # checked above
    findings_at = findings.end()
    after = re.search(r"^\S", text[findings_at:], re.M)  # the next top-level key, if any
    cut = findings_at + after.start() if after else len(text)
    head, tail = text[:cut].rstrip("\n") + "\n", text[cut:]
    path.write_text(head + block + ("\n" + tail if tail else ""), encoding="utf-8")
    return path
