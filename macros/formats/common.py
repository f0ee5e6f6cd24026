"""Pieces several formats share."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..domain.model import Explainer, Source, Text
from ..domain.site import Site
from ..domain.text import TextRenderer


def joined(head: str, parts: Sequence[str], sep: str, tail: str) -> str:
    """head + sep.join(parts) + tail, copied once: a whole-site export runs to megabytes, and
    each copy of it costs about as much as joining its parts."""
    if len(parts) < 2:
        return head + "".join(parts) + tail
    return sep.join([head + parts[0], *parts[1:-1], parts[-1] + tail])


def compact_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def embed_json(value: Any) -> str:
    """JSON that is safe inside an HTML <script> element: <, > and & are written as escapes."""
    text = compact_json(value)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def date_parts(value: str) -> list[int]:
    return [int(p) for p in value.split("-")]


def plain_text(site: Site, explainer: Explainer, text: Text, renderer: TextRenderer | None = None) -> str:
    """A Markdown field of an explainer as plain text: citations dropped, cross-links as their labels."""
    return (renderer or TextRenderer()).plain(text.value, xref=lambda ref: site.xref_target(explainer, ref)[2])


def source_fields(source: Source) -> dict[str, Any]:
    """The source as its data file has it (null where a field is not set): for exports that carry
    data rather than a citation (corpus.json, and CSL-JSON's `custom`)."""
    return {
        "id": source.id,
        "title": source.title,
        "title_en": source.title_en,
        "title_note": source.title_note,
        "language": source.language,
        "type": source.type,
        "publisher": source.publisher,
        "container": source.container,
        "authors": list(source.authors),
        "date": source.date,
        "date_inferred": source.date_inferred,
        "date_note": source.date_note,
        "url": source.url,
        "archive_url": source.archive_url,
        "accessed": source.accessed,
        "copy": None if source.copy is None else _without_none(vars(source.copy)),
        "relays": [_without_none(vars(r)) for r in source.relays],
        "identification": None if source.identification is None else _without_none(vars(source.identification)),
        "quote": None if source.quote is None else source.quote.value,
        "notes": None if source.notes is None else source.notes.value,
    }


def _without_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}
