"""Turn untrusted data text into safe HTML.

Markdown fields go through Python-Markdown with no extensions, then the final
HTML through nh3 with an allowlist: emphasis, links, lists, quotes and code
survive; scripts, event handlers, styles and non-http(s)/mailto links do not.
Citations and cross-links are swapped for opaque tokens before Markdown runs
and replaced by the engine's own markup after sanitising, so the data can
never forge that markup and the sanitiser never has to allow it.
"""
from __future__ import annotations

import re
import secrets
from typing import Callable

import markdown
import nh3
from markupsafe import Markup

from .citations import Cluster, XRef, find_clusters, find_xrefs

ALLOWED_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_SCHEMES,
    url_relative="deny",
    link_rel="noopener noreferrer",
)


def sanitize(html: str) -> str:
    return _cleaner.clean(html)


# One converter, reset before each text: building a Markdown instance costs more than
# converting a finding, and a site has tens of thousands of texts.
_markdown = markdown.Markdown(output_format="html")


# One line of words and ordinary punctuation, not starting like a list, heading, quote or code
# block: Markdown makes it a paragraph and nothing else, so the converter is skipped (most findings
# and summaries are such text). tests/test_properties.py checks both ways agree.
_PLAIN_PARAGRAPH = re.compile(r"(?![ ]*(?:[0-9]+[.)]|[-+=]))[^\n\r\t\\`*_\[\]<>&!#|~]*\S")


def markdown_to_html(text: str) -> str:
    if _PLAIN_PARAGRAPH.fullmatch(text) and not text.startswith("    "):
        return sanitize(f"<p>{text.strip()}</p>")
    return sanitize(_markdown.reset().convert(text))


def render_text(text: str,
                cite: Callable[[Cluster], str] | None = None,
                xref: Callable[[XRef], str] | None = None,
                inline: bool = False) -> Markup:
    """Markdown `text` as safe HTML, with citations and cross-links rendered by the callbacks.

    `inline` drops the surrounding paragraph, for text inside a sentence.
    """
    nonce = secrets.token_hex(6)
    replacements: dict[str, str] = {}
    spans: list[tuple[int, int, str]] = []
    for cluster in find_clusters(text) if cite else []:
        spans.append((cluster.start, cluster.end, cite(cluster)))
    for ref in find_xrefs(text) if xref else []:
        spans.append((ref.start, ref.end, xref(ref)))
    pieces, last = [], 0
    for n, (start, end, html) in enumerate(sorted(spans)):
        if start < last:
            continue
        token = f"eetoken{nonce}n{n}x"
        replacements[token] = html
        pieces += [text[last:start], token]
        last = end
    pieces.append(text[last:])
    html = markdown_to_html("".join(pieces))
    if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    for token, trusted in replacements.items():
        html = _replace_token(html, token, trusted)
    return Markup(html)


def _replace_token(html: str, token: str, trusted: str) -> str:
    """Put the engine's markup where the token stands in text; inside a tag (a link's address or
    title) markup cannot go, so the token is dropped there."""
    out, start = [], 0
    while (at := html.find(token, start)) >= 0:
        inside_tag = html.rfind("<", 0, at) > html.rfind(">", 0, at)
        out += [html[start:at], "" if inside_tag else trusted]
        start = at + len(token)
    return "".join(out) + html[start:]
