"""Turn untrusted data text into safe HTML, and into plain text.

Markdown fields go through Python-Markdown with no extensions, then the final HTML through nh3
with an allowlist: emphasis, links, lists, quotes and code survive; scripts, event handlers,
styles and links other than http(s) and mailto do not. Citations and cross-links are swapped for
opaque tokens before Markdown runs and replaced by the engine's own markup after sanitising, so
the data can never forge that markup and the sanitiser never has to allow it.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Callable

import markdown
import nh3
from markupsafe import Markup

from .citations import Cluster, XRef, find_clusters, find_xrefs

ALLOWED_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

# An nh3 cleaner is configured once and never changes: safe to share.
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_SCHEMES,
    url_relative="deny",
    link_rel="noopener noreferrer",
)

# One line of words and ordinary punctuation, not starting like a list, heading, quote or code
# block: Markdown makes it a paragraph and nothing else, so the converter is skipped (most findings
# and summaries are such text). tests/test_properties.py checks both ways agree.
_PLAIN_PARAGRAPH = re.compile(r"(?![ ]*(?:[0-9]+[.)]|[-+=]))[^\n\r\t\\`*_\[\]<>&!#|~]*\S")
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" +([.,;:!?)])")


def sanitize(html_text: str) -> str:
    return _CLEANER.clean(html_text)


class TextRenderer:
    """Markdown to safe HTML. Each renderer has its own Python-Markdown converter, which it resets
    before each text: building one costs a fifth of converting a finding."""

    def __init__(self) -> None:
        self._markdown = markdown.Markdown(output_format="html")

    def markdown_to_html(self, text: str) -> str:
        if _PLAIN_PARAGRAPH.fullmatch(text) and not text.startswith("    "):
            return sanitize(f"<p>{text.strip()}</p>")
        return sanitize(self._markdown.reset().convert(text))

    def render(
        self,
        text: str,
        cite: Callable[[Cluster], str] | None = None,
        xref: Callable[[XRef], str] | None = None,
        inline: bool = False,
    ) -> Markup:
        """Markdown `text` as safe HTML, with citations and cross-links rendered by the callbacks.

        `inline` drops the surrounding paragraph, for text inside a sentence.
        """
        nonce = secrets.token_hex(6)
        replacements: dict[str, str] = {}
        spans: list[tuple[int, int, str]] = []
        for cluster in find_clusters(text) if cite else ():
            spans.append((cluster.start, cluster.end, cite(cluster)))  # type: ignore[misc]
        for ref in find_xrefs(text) if xref else ():
            spans.append((ref.start, ref.end, xref(ref)))  # type: ignore[misc]
        pieces, last = [], 0
        for n, (start, end, markup) in enumerate(sorted(spans)):
            if start < last:
                continue
            token = f"eetoken{nonce}n{n}x"
            replacements[token] = markup
            pieces += [text[last:start], token]
            last = end
        pieces.append(text[last:])
        out = self.markdown_to_html("".join(pieces))
        if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            out = out[3:-4]
        for token, trusted in replacements.items():
            out = _replace_token(out, token, trusted)
        return Markup(out)

    def plain(self, text: str, xref: Callable[[XRef], str] | None = None) -> str:
        """A Markdown field as plain text: citations dropped, cross-links as `xref` labels them."""

        def label(ref: XRef) -> str:
            return html.escape(xref(ref)) if xref else ""

        rendered = self.render(text, cite=lambda cluster: "", xref=label)
        words = html.unescape(nh3.clean(str(rendered).replace("</p>", "</p> "), tags=set()))
        return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", _SPACE.sub(" ", words).strip())


def _replace_token(html_text: str, token: str, trusted: str) -> str:
    """Put the engine's markup where the token stands in text; inside a tag (a link's address or
    title) markup cannot go, so the token is dropped there."""
    out, start = [], 0
    while (at := html_text.find(token, start)) >= 0:
        inside_tag = html_text.rfind("<", 0, at) > html_text.rfind(">", 0, at)
        out += [html_text[start:at], "" if inside_tag else trusted]
        start = at + len(token)
    return "".join(out) + html_text[start:]


_SENTENCE_END = re.compile(r"[.!?…](?=[\s\"”’»)]*(?:\s|$))")


def one_line(plain_text: str, limit: int = 200, at_least: int = 60) -> str:
    """The first sentence of a plain text, or as many whole words as fit in `limit` characters
    and "…": a list's one-line answer from an explainer's summary. A sentence ends no sooner than
    `at_least` characters in, so "Dr." or a short "Yes." is not all of it."""
    end = _SENTENCE_END.search(plain_text, min(at_least, len(plain_text)))
    first = plain_text[: end.end()].strip() if end else plain_text.strip()
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(" ,;:—–-")
    return cut + "…"
