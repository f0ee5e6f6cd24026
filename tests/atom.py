"""A check of an Atom feed against what RFC 4287 requires of it.

No feed validator usable offline is published on PyPI (the W3C's Feed Validator is not a package),
so the tests check the RFC's requirements themselves: the elements each feed and entry MUST hold,
and how many of each (sections 4.1.1 and 4.1.2), persons (3.2), links (4.2.7), categories (4.2.2),
dates (3.3, RFC 3339), text constructs (3.1) and ids (4.2.6, absolute IRIs). feedparser reads the
same feed as a reader's client would (the tests check it too); this says what it would forgive.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from urllib.parse import urlsplit

NS = "http://www.w3.org/2005/Atom"
A = f"{{{NS}}}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
TEXT_CONSTRUCTS = ("title", "subtitle", "summary", "rights")
# (element, how many: "1" exactly one, "?" at most one)
FEED_COUNTS = {"id": "1", "title": "1", "updated": "1", "subtitle": "?", "rights": "?", "icon": "?", "logo": "?"}
ENTRY_COUNTS = {
    "id": "1",
    "title": "1",
    "updated": "1",
    "published": "?",
    "rights": "?",
    "summary": "?",
    "content": "?",
    "source": "?",
}


def _iri(value: str) -> bool:
    parts = urlsplit(value)
    return bool(parts.scheme) and (parts.scheme == "urn" or bool(parts.netloc))


def problems(xml: bytes | str, absolute_links: bool = False) -> list[str]:
    """Everything in the feed that RFC 4287 forbids or requires and is missing; [] when valid.
    `absolute_links`: also require every link's href to be an absolute address."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as err:
        return [f"not well-formed XML: {err}"]
    if root.tag != A + "feed":
        return [f"the root element is {root.tag}, not atom:feed"]
    out = _counts(root, FEED_COUNTS, "feed")
    entries = root.findall(A + "entry")
    if not root.findall(A + "author") and not all(e.findall(A + "author") for e in entries):
        out.append("feed: no atom:author, and not every entry has one (4.1.1)")
    out += _common(root, "feed", absolute_links)
    for n, entry in enumerate(entries, start=1):
        where = f"entry {n}"
        out += _counts(entry, ENTRY_COUNTS, where)
        out += _common(entry, where, absolute_links)
        content = entry.find(A + "content")
        alternates = [link for link in entry.findall(A + "link") if link.get("rel", "alternate") == "alternate"]
        if content is None and not alternates:
            out.append(f"{where}: no atom:content and no alternate link (4.1.2)")
        if content is not None and content.get("src") and entry.find(A + "summary") is None:
            out.append(f"{where}: content by reference needs atom:summary (4.1.2)")
    return out


def _counts(element: ET.Element, counts: dict[str, str], where: str) -> list[str]:
    found = Counter(child.tag.removeprefix(A) for child in element if child.tag.startswith(A))
    out = []
    for name, rule in counts.items():
        if rule == "1" and found[name] != 1:
            out.append(f"{where}: {found[name]} atom:{name} elements, exactly one required")
        if rule == "?" and found[name] > 1:
            out.append(f"{where}: {found[name]} atom:{name} elements, at most one allowed")
    return out


def _common(element: ET.Element, where: str, absolute_links: bool) -> list[str]:
    out = []
    ident = element.find(A + "id")
    if ident is not None and not _iri((ident.text or "").strip()):
        out.append(f"{where}: atom:id {ident.text!r} is not an absolute IRI (4.2.6)")
    for name in ("updated", "published"):
        for date in element.findall(A + name):
            if not RFC3339.match((date.text or "").strip()):
                out.append(f"{where}: atom:{name} {date.text!r} is not an RFC 3339 date-time (3.3)")
    for name in TEXT_CONSTRUCTS:
        for text in element.findall(A + name):
            if text.get("type", "text") not in ("text", "html", "xhtml"):
                out.append(f"{where}: atom:{name} has type {text.get('type')!r} (3.1)")
    for person in element.findall(A + "author") + element.findall(A + "contributor"):
        if len(person.findall(A + "name")) != 1 or not (person.findtext(A + "name") or "").strip():
            out.append(f"{where}: a person without exactly one non-empty atom:name (3.2)")
    for category in element.findall(A + "category"):
        if not category.get("term"):
            out.append(f"{where}: atom:category without a term (4.2.2)")
    alternates: Counter[tuple[str | None, str | None]] = Counter()
    for link in element.findall(A + "link"):
        href = link.get("href")
        if not href:
            out.append(f"{where}: atom:link without href (4.2.7)")
        elif absolute_links and not _iri(href):
            out.append(f"{where}: atom:link href {href!r} is not absolute")
        if link.get("rel", "alternate") == "alternate":
            alternates[(link.get("type"), link.get("hreflang"))] += 1
    out += [
        f"{where}: more than one alternate link of type {key[0]!r} and language {key[1]!r} (4.1.1)"
        for key, n in alternates.items()
        if n > 1
    ]
    return out
