"""Cross-reference checks: every id a file names must exist, every anchor be unique.

They run on every file that parsed, even one that broke its schema, reading
values defensively, so one run reports every problem; the typed Corpus is only
built once all checks pass.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from typing import Any, cast

from ..domain.citations import XRef, find_clusters, find_unreadable_citations, find_xrefs
from ..domain.model import Path_, Text
from ..domain.problems import Problem
from .schema import field_name, url_problem
from .yaml_loader import Document

# Element ids the explainer page uses itself; a finding may not take them.
RESERVED_FINDING_IDS = {
    "question",
    "summary",
    "answer",
    "notes",
    "findings",
    "topics",
    "related",
    "corrections",
    "source-mix",
    "source-mix-caption",
}
RESERVED_PREFIXES = ("cite-", "note-")
# Every way Markdown text can carry a link: inline, autolink, reference definition, raw HTML.
_LINK_PATTERNS = (
    re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)"),
    re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>"),
    re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.M),
    re.compile(r"""\b(?:href|src|action|formaction|xlink:href)\s*=\s*["']?([^"'\s>]*)""", re.I),
)


def _suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f"did you mean '{close[0]}'?" if close else ""


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


class _Ids:
    """The ids that exist, as far as the files that parsed say."""

    def __init__(
        self, docs: dict[str, dict[str, Document]], singles: dict[str, Document | None], unreadable: dict[str, set[str]]
    ):
        self.sources = set(docs["source"]) | unreadable["source"]
        self.explainers = docs["explainer"]
        self.unreadable_explainers = unreadable["explainer"]
        pubs, topics = singles.get("publishers"), singles.get("topics")
        self.publishers = set(pubs.data) if pubs else None  # None: not known, skip the check
        self.topics = set(topics.data) if topics else None

    def findings(self, explainer_id: str) -> list[str | None]:
        doc = self.explainers.get(explainer_id)
        return [_str(f.get("id")) for f in _list(doc.data.get("findings")) if isinstance(f, dict)] if doc else []


def cross_check(
    docs: dict[str, dict[str, Document]], singles: dict[str, Document | None], unreadable: dict[str, set[str]]
) -> list[Problem]:
    """`unreadable`: ids of files that exist but did not parse; they are reported already."""
    ids = _Ids(docs, singles, unreadable)
    problems: list[Problem] = _check_affiliations(singles)
    for doc in docs["source"].values():
        problems += _check_source(doc, ids) + check_placeholders(doc)
    for explainer_id, doc in docs["explainer"].items():
        problems += _check_explainer(explainer_id, doc, ids) + check_placeholders(doc)
    return problems


def _check_affiliations(singles: dict[str, Document | None]) -> list[Problem]:
    publishers, affiliations = singles.get("publishers"), singles.get("affiliations")
    if publishers is None or affiliations is None:
        return []
    out = []
    for pid, entry in publishers.data.items():
        aff = _str(entry.get("affiliation")) if isinstance(entry, dict) else None
        if aff and aff not in affiliations.data:
            hint = _suggest(aff, affiliations.data)
            out.append(
                Problem(
                    publishers.mark((pid, "affiliation")),
                    f"unknown affiliation '{aff}'",
                    f"{hint + ' Or ' if hint else ''}use an id from data/affiliations.yaml",
                )
            )
    return out


def _publisher_ref(doc: Document, path: Path_, ids: _Ids) -> list[Problem]:
    value: Any = doc.data
    for part in path:
        value = (
            value.get(part)
            if isinstance(value, dict)
            else (value[cast(int, part)] if isinstance(value, list) else None)
        )
    pid = _str(value)
    if pid is None or ids.publishers is None or pid in ids.publishers:
        return []
    hint = _suggest(pid, ids.publishers)
    fix = f"{hint + ' Or ' if hint else ''}add '{pid}:' with a name, affiliation and reason to data/publishers.yaml"
    return [Problem(doc.mark(path), f"unknown publisher '{pid}'", fix)]


def _check_source(doc: Document, ids: _Ids) -> list[Problem]:
    data, out = doc.data, []
    out += _publisher_ref(doc, ("publisher",), ids)
    if isinstance(data.get("copy"), dict):
        out += _publisher_ref(doc, ("copy", "seen_at"), ids)
    for i, relay in enumerate(_list(data.get("relays"))):
        if not isinstance(relay, dict):
            continue
        kinds = [k for k in ("publisher", "source") if k in relay]
        if len(kinds) != 1:
            out.append(
                Problem(
                    doc.mark(("relays", i)),
                    "a relay names "
                    + ("both a publisher and a source" if kinds else "neither a publisher nor a source"),
                    "write `publisher: <id>` or `source: <id>`, one per relay",
                )
            )
        elif kinds == ["publisher"]:
            out += _publisher_ref(doc, ("relays", i, "publisher"), ids)
        elif _str(relay["source"]) and relay["source"] not in ids.sources:
            hint = _suggest(relay["source"], ids.sources)
            out.append(
                Problem(
                    doc.mark(("relays", i, "source")),
                    f"relays unknown source '{relay['source']}'",
                    hint or f"add data/sources/{relay['source']}.yaml or fix the id",
                )
            )
    if not data.get("title") and not data.get("title_note"):
        out.append(
            Problem(
                doc.mark(()),
                "missing required field 'title'",
                "add `title:` as printed, or `title_note:` saying why it is not known",
            )
        )
    if data.get("date_inferred") is True and not data.get("date"):
        out.append(
            Problem(
                doc.mark(("date_inferred",)),
                "date_inferred is set but there is no date",
                "add the inferred `date:` or remove `date_inferred`",
            )
        )
    if data.get("title_en") and data.get("language", "en") == "en":
        out.append(
            Problem(
                doc.mark(("title_en",)),
                "title_en is set but the language is English",
                "set `language:` to the title's language, or remove `title_en`",
            )
        )
    if data.get("copy") and not data.get("url"):
        out.append(
            Problem(
                doc.key_mark(("copy",)),
                "a copy is recorded but not where it was read",
                "add the copy's address as `url:`",
            )
        )
    for key in ("quote", "notes"):
        if _str(data.get(key)):
            text = Text(data[key], (key,), doc)
            out += check_links(text) + check_shape(text)
            for cluster in find_clusters(text.value):
                out.append(
                    Problem(
                        text.mark_at(cluster.start),
                        "citations work only in an explainer's text",
                        "name the other source in words, or cite it from the explainer",
                    )
                )
            for xref in find_xrefs(text.value):
                out.append(
                    Problem(
                        text.mark_at(xref.start),
                        "cross-links work only in an explainer's text",
                        "link with a full https:// address instead",
                    )
                )
    return out


def check_links(text: Text) -> list[Problem]:
    """Links written inside Markdown text must be full http(s) or mailto addresses too."""
    out = []
    for pattern in _LINK_PATTERNS:
        for m in pattern.finditer(text.value):
            url = m.group(1)
            reason: str | None
            if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", url):
                reason = "is not a full address (relative links do not work from data)"
            else:
                reason = url_problem(url)
            if reason:
                out.append(
                    Problem(
                        text.mark_at(m.start(1)),
                        f"the link {url!r} {reason}",
                        "link to a full https://, http:// or mailto: address",
                    )
                )
    return out


MAX_BRACKETS = 300
MAX_NESTING = 16
_LINE_PREFIX = re.compile(r"[ \t>*+\-0-9.)]*")
_CONTAINER_MARK = re.compile(r">|[-*+](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$)")


def check_shape(text: Text) -> list[Problem]:
    """Refuse text shaped to make Markdown slow or crash: bracket floods, deep nesting."""
    out = []
    if text.value.count("[") > MAX_BRACKETS:
        out.append(
            Problem(
                text.mark_at(0),
                f"more than {MAX_BRACKETS} '[' characters in one text",
                "remove stray brackets or split the text",
            )
        )
    offset = 0
    for line in text.value.split("\n"):
        found = _LINE_PREFIX.match(line)
        assert found is not None  # the pattern matches the empty text too
        prefix = found.group()
        depth = len(_CONTAINER_MARK.findall(prefix)) + (len(prefix) - len(prefix.lstrip(" "))) // 4
        if depth > MAX_NESTING:
            out.append(
                Problem(
                    text.mark_at(offset),
                    f"lists or quotes nested more than {MAX_NESTING} deep",
                    "flatten the list or quote",
                )
            )
            break
        offset += len(line) + 1
    return out


def check_placeholders(doc: Document) -> list[Problem]:
    """A scaffold's TODO text left in place: the file is valid YAML but not ready to publish."""
    out = []
    for path, scalar in doc.scalars.items():
        if scalar.node.value.lstrip().startswith("TODO"):
            out.append(
                Problem(
                    doc.mark(path),
                    f"'{field_name(path)}' still holds the scaffold's TODO",
                    "write the real text (or leave the field out if it is optional)",
                )
            )
    return out


def _texts(doc: Document) -> Iterator[Text]:
    """The explainer's citing texts that are text, wherever the schema allowed them."""
    data = doc.data
    if _str(data.get("summary")):
        yield Text(data["summary"], ("summary",), doc)
    for i, finding in enumerate(_list(data.get("findings"))):
        if not isinstance(finding, dict):
            continue
        if _str(finding.get("text")):
            yield Text(finding["text"], ("findings", i, "text"), doc)
        for k, note in enumerate(_list(finding.get("editor_notes"))):
            if _str(note):
                yield Text(note, ("findings", i, "editor_notes", k), doc)
        conf = finding.get("confidence")
        if isinstance(conf, dict) and _str(conf.get("justification")):
            yield Text(conf["justification"], ("findings", i, "confidence", "justification"), doc)
    for k, correction in enumerate(_list(data.get("corrections"))):
        for key in ("what", "why"):
            if isinstance(correction, dict) and _str(correction.get(key)):
                yield Text(correction[key], ("corrections", k, key), doc)


def _check_explainer(explainer_id: str, doc: Document, ids: _Ids) -> list[Problem]:
    data, out = doc.data, []
    seen: dict[str, int] = {}
    kinds: dict[str, int] = {}
    for i, finding in enumerate(_list(data.get("findings"))):
        if not isinstance(finding, dict):
            continue
        fid, path = _str(finding.get("id")), ("findings", i, "id")
        if fid is None:
            continue
        if fid in seen:
            out.append(
                Problem(
                    doc.mark(path),
                    f"duplicate finding id '{fid}' (also finding {seen[fid]})",
                    "give each finding its own id",
                )
            )
        seen.setdefault(fid, i + 1)
        if fid in RESERVED_FINDING_IDS or fid.startswith(RESERVED_PREFIXES):
            out.append(
                Problem(
                    doc.mark(path),
                    f"the finding id '{fid}' is reserved by the page",
                    "choose another id that describes the finding",
                )
            )
        kind = _str(finding.get("kind"))
        if kind in ("limitations", "bottom_line"):
            if kind in kinds:
                out.append(
                    Problem(
                        doc.mark(("findings", i, "kind")),
                        f"a second '{kind}' section (also finding {kinds[kind]})",
                        "keep one; merge the text",
                    )
                )
            kinds.setdefault(kind, i + 1)
    if ids.topics is not None:
        for i, topic in enumerate(_list(data.get("topics"))):
            if _str(topic) and topic not in ids.topics:
                hint = _suggest(topic, ids.topics)
                out.append(
                    Problem(
                        doc.mark(("topics", i)),
                        f"unknown topic '{topic}'",
                        f"{hint + ' Or ' if hint else ''}add it to data/topics.yaml",
                    )
                )
    for i, other in enumerate(_list(data.get("related"))):
        if not _str(other):
            continue
        if other == explainer_id:
            out.append(
                Problem(
                    doc.mark(("related", i)), "an explainer cannot be related to itself", "remove it from `related`"
                )
            )
        elif other not in ids.explainers and other not in ids.unreadable_explainers:
            hint = _suggest(other, ids.explainers)
            out.append(
                Problem(
                    doc.mark(("related", i)),
                    f"unknown explainer '{other}'",
                    hint or "use the file name (without .yaml) of an explainer in data/explainers/",
                )
            )
    finding_ids = [f for f in ids.findings(explainer_id) if f]
    for k, correction in enumerate(_list(data.get("corrections"))):
        changed = _str(correction.get("finding")) if isinstance(correction, dict) else None
        if changed and changed not in finding_ids:
            hint = _suggest(changed, finding_ids)
            out.append(
                Problem(
                    doc.mark(("corrections", k, "finding")),
                    f"the correction names finding '{changed}', which this explainer does not have",
                    hint or "use the id of one of this explainer's findings, or leave `finding` out",
                )
            )
    for text in _texts(doc):
        out += check_links(text)
        out += check_shape(text)
        out += [
            Problem(
                text.mark_at(offset),
                "this looks like a citation but cannot be read",
                "write [@source-id], [@a; @b] or [@a, p. 4]",
            )
            for offset in find_unreadable_citations(text.value)
        ]
        for cluster in find_clusters(text.value):
            for item in cluster.items:
                if item.key not in ids.sources:
                    hint = _suggest(item.key, ids.sources)
                    out.append(
                        Problem(
                            text.mark_at(item.offset),
                            f"cites unknown source '{item.key}'",
                            f"{hint + ' Or ' if hint else ''}add data/sources/{item.key}.yaml",
                        )
                    )
        for xref in find_xrefs(text.value):
            out += _check_xref(xref, explainer_id, ids, text)
    return out


def _check_xref(xref: XRef, explainer_id: str, ids: _Ids, text: Text) -> list[Problem]:
    where = text.mark_at(xref.offset)
    if xref.explainer is None and xref.finding is None:
        return [
            Problem(
                where,
                "empty cross-link [[ ]]",
                "write [[explainer-id]], [[explainer-id#finding-id]] or [[#finding-id]]",
            )
        ]
    target = xref.explainer or explainer_id
    if target in ids.unreadable_explainers:
        return []
    if target not in ids.explainers:
        hint = _suggest(target, ids.explainers)
        return [
            Problem(
                where,
                f"cross-link to unknown explainer '{target}'",
                hint or "use the file name (without .yaml) of an explainer in data/explainers/",
            )
        ]
    findings = ids.findings(target)
    if xref.finding and xref.finding not in findings:
        hint = _suggest(xref.finding, [f for f in findings if f])
        return [
            Problem(
                where,
                f"cross-link to unknown finding '{xref.finding}' in explainer '{target}'",
                hint or f"use the id of one of the findings in data/explainers/{target}.yaml",
            )
        ]
    return []
