"""Check translations of explainers against their originals, and build them.

A translation is data/explainers/<explainer-id>.<language>.yaml, beside its original. The file
name's language is a BCP 47 tag (checked by langcodes). What a translation may change is the
wording; everything a reader follows from it stays the original's, so the check refuses, at the
place in the translation:

- findings that differ from the original's (one missing, one the original lacks, another order);
- a field the original lacks (an editor's note, a justification or a correction it does not have);
- in a field that says it translates the original's text as it is now (its `translates` hash is
  the current one): citation markers that differ, cluster by cluster, from the original field's
  (`[@a; @b]`, prefixes and locators included: the notes are the original's), cross-links to
  another target, or Markdown links to another address.

A field whose hash is an older one translates an older original: that is not a problem but a
lagging paragraph, shown as such and listed on the worklist (domain/translation.py). So an editor
who changes the original (adds a citation, say) never has to touch its translations for the check
to pass, and its citations only need to name sources and findings that exist. A finding added to
the original is the exception: the check asks for `- id: <finding>` in each translation (without
text it shows as not translated yet).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

import langcodes

from ..domain.citations import find_clusters, find_unreadable_citations, find_xrefs
from ..domain.model import Path_, Text
from ..domain.problems import Mark, Problem
from ..domain.translation import TranslatedText, Translation, text_hash
from .validate import _LINK_PATTERNS, check_links, check_placeholders, check_shape
from .validate import _check_xref as check_xref
from .validate import _Ids as Ids
from .yaml_loader import Document

MARKDOWN_FIELDS = {"summary", "text", "editor_notes", "justification", "what", "why"}
HASHES_HINT = "python -m macros translation hashes {explainer} {language}"


def split_name(stem: str) -> tuple[str, str] | None:
    """'x.uk' -> ('x', 'uk'); a name without a dot is an original's (None)."""
    explainer, dot, language = stem.partition(".")
    return (explainer, language) if dot else None


def language_problem(language: str, original: str = "en") -> tuple[str, str] | None:
    """What is wrong with the language tag of a translation's file name, and the fix; None if nothing."""
    if not language or not langcodes.tag_is_valid(language):
        hint = " (Ukrainian is uk, not ua)" if language.lower() == "ua" else ""
        return (
            f"'{language}' in the file name is not a BCP 47 language tag{hint}",
            "name the file <explainer-id>.<tag>.yaml with the language's tag, e.g. uk for Ukrainian, ru for Russian",
        )
    standard = langcodes.standardize_tag(language)
    if standard != language:
        return f"the language tag '{language}' is not written in its standard form", f"rename it to use '{standard}'"
    if langcodes.Language.get(standard).language == langcodes.Language.get(original).language:
        return (
            f"a translation into '{language}', the original's own language",
            "remove the file, or edit the original explainer instead",
        )
    return None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _value(data: Any, path: Path_) -> Any:
    for part in path:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and part < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data


def pairs(translation: dict[str, Any], original: dict[str, Any]) -> Iterator[tuple[Path_, Path_ | None]]:
    """Each translated field's path in the translation (the mapping holding `text` and `translates`)
    and the path of the field it translates in the original (None: the original has no such field).
    Findings are matched by id."""
    yield ("question",), ("question",)
    yield ("summary",), ("summary",)
    index = {_dict(f).get("id"): i for i, f in enumerate(_list(original.get("findings")))}
    for i, finding in enumerate(_list(translation.get("findings"))):
        j = index.get(_dict(finding).get("id"))
        base = None if j is None else ("findings", j)
        yield ("findings", i, "heading"), base and (*base, "heading")
        yield ("findings", i, "text"), base and (*base, "text")
        notes = _list(_dict(_value(original, base)).get("editor_notes")) if base else []
        for k, _ in enumerate(_list(_dict(finding).get("editor_notes"))):
            yield ("findings", i, "editor_notes", k), (*base, "editor_notes", k) if base and k < len(notes) else None
        if "justification" in _dict(finding):
            yield ("findings", i, "justification"), base and (*base, "confidence", "justification")
    for k, correction in enumerate(_list(translation.get("corrections"))):
        for key in ("what", "why"):
            if key in _dict(correction):
                yield ("corrections", k, key), ("corrections", k, key)


def check_translation(
    doc: Document, explainer_id: str, language: str, original: Document | None, ids: Ids | None = None
) -> list[Problem]:
    """Every way the translation in `doc` departs from its original (`original`: None when the
    original did not parse, which is reported already). `ids`: the sources and explainers that exist,
    for the citations and cross-links of a paragraph that translates an older original."""
    out = []
    for text in _texts(doc):
        out += check_links(text) + check_shape(text)
        out += [
            Problem(
                text.mark_at(o), f"this looks like a citation but cannot be read: {why}", "copy the original's marker"
            )
            for o, why in find_unreadable_citations(text.value)
        ]
        if ids is not None:
            out += [
                Problem(text.mark_at(item.offset), f"cites unknown source '{item.key}'", "copy the original's marker")
                for cluster in find_clusters(text.value)
                for item in cluster.items
                if item.key not in ids.sources
            ]
            for xref in find_xrefs(text.value):
                out += check_xref(xref, explainer_id, ids, text)
    out += check_placeholders(doc)
    if original is None:
        return out
    data, orig = doc.data, original.data
    out += _check_findings(doc, original, explainer_id, language)
    known = {_dict(f).get("id") for f in _list(orig.get("findings"))}
    for tpath, opath in pairs(data, orig):
        entry = _value(data, tpath)
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            continue
        source = _value(orig, opath) if opath else None
        if not isinstance(source, str):
            if tpath[0] == "findings" and _value(data, (*tpath[:2], "id")) not in known:
                continue  # a finding the original lacks: reported once, above
            if opath is not None or tpath[2] not in ("heading", "text"):
                out.append(
                    Problem(
                        doc.key_mark(tpath),
                        f"the original has no {_describe(tpath)}",
                        f"remove it: a translation translates only what {original.file} holds",
                    )
                )
            continue
        if entry.get("translates") != text_hash(source):
            continue  # it translates an older original: lagging, shown as such (domain/translation.py)
        if tpath[-1] in MARKDOWN_FIELDS or (len(tpath) > 3 and tpath[2] in MARKDOWN_FIELDS):
            out += _compare(Text(entry["text"], (*tpath, "text"), doc), Text(source, opath or (), original))
    return out


def _describe(tpath: Path_) -> str:
    if tpath[0] == "findings":
        what = {"editor_notes": f"editor's note {tpath[-1] + 1 if isinstance(tpath[-1], int) else ''}".strip()}
        return f"{what.get(str(tpath[2]), str(tpath[2]))} in this finding"
    if tpath[0] == "corrections":
        return f"correction {int(tpath[1]) + 1}"
    return str(tpath[0])


def _check_findings(doc: Document, original: Document, explainer_id: str, language: str) -> list[Problem]:
    ours = [_dict(f).get("id") for f in _list(doc.data.get("findings"))]
    theirs = [_dict(f).get("id") for f in _list(original.data.get("findings"))]
    out = []
    for i, fid in enumerate(ours):
        if isinstance(fid, str) and fid not in theirs:
            close = difflib.get_close_matches(fid, [t for t in theirs if isinstance(t, str)], n=1)
            out.append(
                Problem(
                    doc.mark(("findings", i, "id")),
                    f"the original has no finding '{fid}'",
                    f"did you mean '{close[0]}'? Ids are never translated"
                    if close
                    else "use the original's finding ids",
                )
            )
    missing = [t for t in theirs if isinstance(t, str) and t not in ours]
    where = doc.key_mark(("findings",)) if "findings" in doc.data else Mark(doc.file, 1, 1)
    for fid in missing:
        out.append(
            Problem(
                where,
                f"finding '{fid}' of the original is missing",
                f"add `- id: {fid}` with its translated heading and text, in the original's order "
                f"(`{HASHES_HINT.format(explainer=explainer_id, language=language)}` prints every field)",
            )
        )
    common = [t for t in ours if t in theirs]
    if not missing and common != [t for t in theirs if t in common]:
        out.append(
            Problem(
                where,
                "the findings are in another order than the original's",
                "list them in the original's order: " + ", ".join(str(t) for t in theirs),
            )
        )
    return out


def _link_urls(text: str) -> list[str]:
    found = sorted((m.start(1), m.group(1)) for pattern in _LINK_PATTERNS for m in pattern.finditer(text))
    return [url for _, url in found]


def _compare(ours: Text, theirs: Text) -> list[Problem]:
    """The translated text's citation markers, cross-links and links against the original's."""
    out = []
    mine, orig = find_clusters(ours.value), find_clusters(theirs.value)
    for n in range(max(len(mine), len(orig))):
        a = ours.value[mine[n].start : mine[n].end] if n < len(mine) else None
        b = theirs.value[orig[n].start : orig[n].end] if n < len(orig) else None
        if a == b:
            continue
        if a is None:
            out.append(
                Problem(
                    ours.mark_at(len(ours.value.rstrip())),
                    f"the original's citation {b} (citation {n + 1} of this text) is missing",
                    f"put {b} where the original has it",
                )
            )
        elif b is None:
            out.append(
                Problem(
                    ours.mark_at(mine[n].start),
                    f"citation {a} is not in the original's text",
                    "remove it: a translation cites exactly what the original cites",
                )
            )
        else:
            out.append(
                Problem(
                    ours.mark_at(mine[n].start),
                    f"citation {a} differs from the original's {b} (citation {n + 1} of this text)",
                    f"write {b} exactly as the original does",
                )
            )
    my_refs = [(x.explainer, x.finding) for x in find_xrefs(ours.value)]
    their_refs = [(x.explainer, x.finding) for x in find_xrefs(theirs.value)]
    if my_refs != their_refs:
        shown = ", ".join(f"[[{e or ''}{'#' + f if f else ''}]]" for e, f in their_refs) or "none"
        out.append(
            Problem(
                ours.mark_at(0),
                "the cross-links differ from the original's",
                f"keep the original's cross-links in its order (labels may be translated): {shown}",
            )
        )
    if _link_urls(ours.value) != _link_urls(theirs.value):
        shown = ", ".join(_link_urls(theirs.value)) or "none"
        out.append(
            Problem(
                ours.mark_at(0),
                "the links differ from the original's",
                f"link to the original's addresses in its order: {shown}",
            )
        )
    return out


def _texts(doc: Document) -> Iterator[Text]:
    """Every translated text of the file, wherever the schema allowed it."""
    for tpath, _ in pairs(doc.data, {}):
        entry = _value(doc.data, tpath)
        if isinstance(entry, dict) and isinstance(entry.get("text"), str):
            yield Text(entry["text"], (*tpath, "text"), doc)


def build(doc: Document, explainer_id: str, language: str, original: Document) -> Translation:
    """The typed Translation of a file that passed every check."""
    data = doc.data
    status = data["translation"]
    fields: dict[Path_, TranslatedText] = {}
    for tpath, opath in pairs(data, original.data):
        entry = _value(data, tpath)
        if opath is not None and isinstance(entry, dict):
            fields[opath] = TranslatedText(Text(entry["text"], (*tpath, "text"), doc), entry["translates"])
    return Translation(
        explainer=explainer_id,
        language=language,
        doc=doc,
        method=status["method"],
        by=status.get("by"),
        reviewed_by=tuple(status.get("reviewed_by", ())),
        fields=fields,
    )
