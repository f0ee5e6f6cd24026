"""The Atom feeds (RFC 4287): new and updated explainers (feed.xml), and every correction
(corrections.xml). Both state the site's licence in `rights`."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from xml.sax.saxutils import escape as xml_escape

from ..domain import addresses
from ..domain.model import Explainer, display_name
from ..domain.publication import Publication
from ..domain.site import Site
from ..domain.text import TextRenderer
from .common import plain_text

# A fixed namespace for the feed's ids, so they never change with the site's address.
FEED_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:evidence-explainers:feed")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    return xml_escape(_XML_INVALID.sub("\ufffd", text), {'"': "&quot;"})


def _timestamp(day: str) -> str:
    """A day as an RFC 3339 time: Atom needs one; our dates are days, read as 00:00 UTC."""
    return dt.date.fromisoformat(day).isoformat() + "T00:00:00Z"


def feed_id(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, name)}"


def atom_feed(site: Site, pub: Publication, entries_of: Callable[[list[Explainer]], list[str]] | None = None) -> str:
    """New and updated explainers, most recently changed first.

    Ids are urn:uuid names derived from the explainer ids, so they stay the same when the
    site moves. Links are absolute when `site_url` is set, otherwise relative to this file,
    which sits at the site root. `entries_of`: the explainers' entries (feed_entry), where a caller
    keeps those of explainers that did not change.
    """
    text = TextRenderer()
    entries = sorted(
        site.corpus.explainers.values(),
        key=lambda e: (site.updated(pub, e) or e.published, e.published, e.id),
        reverse=True,
    )
    latest = max([site.updated(pub, e) or e.published for e in entries] or [pub.today.isoformat()])
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <id>{feed_id('feed')}</id>",
        f"  <title>{_xml(pub.name)}: new and updated explainers</title>",
        f"  <updated>{_timestamp(latest)}</updated>",
        # Atom needs an author for the feed; the site publishes it. Entries name their own
        # authors where the explainer does.
        f"  <author><name>{_xml(pub.name)}</name></author>",
        f"  <rights>{_xml(pub.licence_statement())}</rights>",
        f'  <link rel="self" type="application/atom+xml" href="{_xml(pub.url(addresses.FEED))}"/>',
        f'  <link rel="alternate" type="text/html" href="{_xml(pub.url(addresses.HOME) or "./")}"/>',
    ]
    out += entries_of(entries) if entries_of else [feed_entry(site, pub, e, text) for e in entries]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def feed_entry(site: Site, pub: Publication, e: Explainer, text: TextRenderer | None = None) -> str:
    """One explainer's entry of the feed (lines of the file, without the last line break)."""
    updated = site.updated(pub, e) or e.published
    out = [
        "  <entry>",
        f"    <id>{feed_id('explainer/' + e.id)}</id>",
        f"    <title>{_xml(e.question)}</title>",
        f'    <link rel="alternate" type="text/html" href="{_xml(pub.url(addresses.explainer(e.id)))}"/>',
        f"    <published>{_timestamp(e.published)}</published>",
        f"    <updated>{_timestamp(updated)}</updated>",
    ]
    out += _authors(e)
    out += [f'    <category term="{_xml(t)}" label="{_xml(site.corpus.topics[t].name)}"/>' for t in e.topics]
    summary = f"{e.short_answer_label}. {plain_text(site, e, e.summary, text or TextRenderer())}"
    out += [f'    <summary type="text">{_xml(summary)}</summary>', "  </entry>"]
    return "\n".join(out)


def _authors(explainer: Explainer) -> list[str]:
    return [f"    <author><name>{_xml(display_name(a))}</name></author>" for a in explainer.authors]


def corrections_feed(site: Site, pub: Publication) -> str:
    """Every correction of every explainer, newest first (the corrections page as a feed).

    An entry's id comes from the explainer's id and the correction's place in its log, which is
    never rewritten, so a reader's feed never shows one correction twice. With no correction yet,
    the feed's `updated` is the newest explainer's publication."""
    text = TextRenderer()
    corrections = site.corrections_in_order
    dates = [c.date for _, _, c in corrections] or [e.published for e in site.corpus.explainers.values()]
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <id>{feed_id('corrections')}</id>",
        f"  <title>{_xml(pub.name)}: corrections</title>",
        "  <subtitle>Every correction of every explainer, newest first: what changed and why.</subtitle>",
        f"  <updated>{_timestamp(max(dates or [pub.today.isoformat()]))}</updated>",
        f"  <author><name>{_xml(pub.name)}</name></author>",
        f"  <rights>{_xml(pub.licence_statement())}</rights>",
        f'  <link rel="self" type="application/atom+xml" href="{_xml(pub.url(addresses.CORRECTIONS_FEED))}"/>',
        f'  <link rel="alternate" type="text/html" href="{_xml(pub.url(addresses.CORRECTIONS))}"/>',
    ]
    for explainer, place, correction in corrections:
        changed = explainer.finding(correction.finding) if correction.finding else None
        target = addresses.finding(explainer.id, changed.id if changed else "corrections")
        title = f"Correction: {explainer.question}"
        if changed:
            title += f" (finding {changed.number}: {changed.heading})"
        what = plain_text(site, explainer, correction.what, text)
        why = plain_text(site, explainer, correction.why, text)
        out += [
            "  <entry>",
            f"    <id>{feed_id(f'correction/{explainer.id}/{place}')}</id>",
            f"    <title>{_xml(title)}</title>",
            f'    <link rel="alternate" type="text/html" href="{_xml(pub.url(target))}"/>',
            f"    <published>{_timestamp(correction.date)}</published>",
            f"    <updated>{_timestamp(correction.date)}</updated>",
            *_authors(explainer),
            f'    <summary type="text">{_xml(f"{what} Why: {why}")}</summary>',
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
