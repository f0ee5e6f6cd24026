"""`python -m macros translation …`: help a translator keep a translation in step with its original.

    hashes EXPLAINER LANGUAGE   every field to translate: where it goes in the translation's file, the
                                hash of the original text now, the hash the translation records, and
                                whether it is current, lagging (the original changed) or untranslated
    new EXPLAINER LANGUAGE      write data/explainers/EXPLAINER.LANGUAGE.yaml with every field of the
                                original to translate, each with its hash (never overwriting)

Both read the files themselves, not the checked corpus, so they work while the check still refuses
the translation (a finding missing, say).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.translation import CURRENT, LAGGING, UNTRANSLATED, text_hash
from ..load.translations import language_problem
from ..load.yaml_loader import load_file
from .scaffold import ScaffoldError, _write_new


@dataclass(frozen=True)
class Row:
    where: str  # the field's place in the translation's file
    finding: str  # the finding's id, or ""
    original: str
    now: str
    recorded: str  # "" when not translated
    state: str


def _fields(original: dict[str, Any]) -> Iterator[tuple[str, str, tuple[Any, ...], str]]:
    """(place in the translation, finding id, path in the translation, original text) of each field."""
    yield "question", "", ("question",), original["question"]
    yield "summary", "", ("summary",), original["summary"]
    for i, f in enumerate(original["findings"]):
        fid = f["id"]
        yield f"findings[{i + 1}].heading", fid, ("findings", fid, "heading"), f["heading"]
        yield f"findings[{i + 1}].text", fid, ("findings", fid, "text"), f["text"]
        for k, note in enumerate(f.get("editor_notes", [])):
            yield f"findings[{i + 1}].editor_notes[{k + 1}]", fid, ("findings", fid, "editor_notes", k), note
        justification = (f.get("confidence") or {}).get("justification")
        if justification:
            yield f"findings[{i + 1}].justification", fid, ("findings", fid, "justification"), justification
    for k, c in enumerate(original.get("corrections", [])):
        for key in ("what", "why"):
            yield f"corrections[{k + 1}].{key}", "", ("corrections", k, key), c[key]


def _recorded(translation: dict[str, Any], path: tuple[Any, ...]) -> str:
    value: Any = translation
    for part in path:
        if part == "findings" and value is translation:
            value = value.get("findings") or []
            continue
        if isinstance(value, list) and isinstance(part, str):  # a finding, by id
            value = next((f for f in value if isinstance(f, dict) and f.get("id") == part), None)
        elif isinstance(value, list) and isinstance(part, int):
            value = value[part] if part < len(value) else None
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return ""
    return value.get("translates", "") if isinstance(value, dict) and isinstance(value.get("translates"), str) else ""


def _read(path: Path) -> dict[str, Any]:
    doc, problems = load_file(path, str(path))
    if doc is None or not isinstance(doc.data, dict):
        raise ScaffoldError(f"cannot read {path}: " + "; ".join(str(p) for p in problems))
    return doc.data


def rows(data: Path, explainer_id: str, language: str) -> list[Row]:
    """Every field to translate, and how the translation (if any) stands against it."""
    original_file = data / "explainers" / f"{explainer_id}.yaml"
    if not original_file.is_file():
        raise ScaffoldError(f"there is no {original_file}")
    original = _read(original_file)
    translation_file = data / "explainers" / f"{explainer_id}.{language}.yaml"
    translation = _read(translation_file) if translation_file.is_file() else {}
    out = []
    for where, fid, path, text in _fields(original):
        now, recorded = text_hash(text), _recorded(translation, path)
        state = UNTRANSLATED if not recorded else CURRENT if recorded == now else LAGGING
        out.append(Row(where, fid, text, now, recorded, state))
    return out


def hashes(data: Path, explainer_id: str, language: str) -> str:
    lines = []
    for row in rows(data, explainer_id, language):
        finding = f" ({row.finding})" if row.finding else ""
        recorded = f"records {row.recorded}" if row.recorded else "not translated"
        lines.append(f"{row.where}{finding}: translates {row.now}; {recorded}; {row.state}")
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def new_translation(data: Path, explainer_id: str, language: str) -> Path:
    """A translation file holding every field of the original, to be translated in place: each
    text starts with TODO, which the check refuses, so it cannot be published untranslated."""
    wrong = language_problem(language)
    if wrong:
        raise ScaffoldError(f"{wrong[0]} — {wrong[1]}")
    items = rows(data, explainer_id, language)
    out = [
        "# yaml-language-server: $schema=../../macros/schemas/translation.schema.json",
        f"# A translation of {explainer_id}.yaml. Translate each `text`; keep ids, [@citations] and",
        "# [[cross-links]] exactly. `translates` is the hash of the original text you translated:",
        f"# python -m macros translation hashes {explainer_id} {language}",
        "translation:",
        "  method: human  # or machine",
        "  # by: Family, Given",
        "  # reviewed_by: [Family, Given]  # once a person has checked it against the original",
    ]
    finding = None
    for row in items:
        entry = f"{{text: {_q('TODO translate: ' + row.original)}, translates: {row.now}}}"
        key = row.where.split(".")[-1].split("[")[0]
        if not row.finding:
            if row.where.startswith("corrections"):
                if row.where.endswith("what"):
                    out += ["corrections:"] if "corrections:" not in out else []
                    out.append(f"  - what: {entry}")
                else:
                    out.append(f"    why: {entry}")
            else:
                out.append(f"{key}: {entry}")
            continue
        if finding is None:
            out.append("findings:")
        if row.finding != finding:
            out.append(f"  - id: {row.finding}")
            finding = row.finding
        if key == "editor_notes":
            if row.where.endswith("[1]"):
                out.append("    editor_notes:")
            out.append(f"      - {entry}")
        else:
            out.append(f"    {key}: {entry}")
    return _write_new(data / "explainers" / f"{explainer_id}.{language}.yaml", "\n".join(out) + "\n")
