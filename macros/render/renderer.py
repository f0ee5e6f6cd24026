"""HTML of every page and fragment the engine writes, through Jinja templates with autoescape on.

A `Renderer` is made once per build (per process) from a Site and a Publication; it reads no
files but its templates and never changes them. Every data string reaches HTML either escaped by
a template or as Markdown sanitised by domain/text.py. `root` is the relative path from the page
being rendered to the site root (e.g. "../../"), so links work wherever the site is served from.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from functools import cache
from pathlib import Path
from typing import Any

import langcodes
from babel import Locale
from babel import dates as babel_dates
from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, nodes
from jinja2.bccache import Bucket
from markupsafe import Markup

from ..domain import addresses, facts
from ..domain.addresses import Links
from ..domain.citations import CiteItem, Cluster, Use, XRef
from ..domain.evidence import AGREEMENT, EVIDENCE, LEVELS
from ..domain.facts import Fact
from ..domain.ids import only
from ..domain.model import (
    SHORT_ANSWERS,
    Explainer,
    Finding,
    Path_,
    Source,
    Text,
    display_name,
    format_date,
    language_name_in,
)
from ..domain.publication import VISIBLE_FIELDS, Publication
from ..domain.site import LIST_PAGE, ORDERS, WORK_KINDS, Citing, Listing, Site, WorkItem
from ..domain.text import TextRenderer, one_line
from ..domain.translation import LAGGING, UNTRANSLATED, Localized
from ..formats import bibliography_index
from ..formats.cite import Citations, citable_item, cite_this, formatted
from ..formats.common import plain_text

TEMPLATES = Path(__file__).parent / "templates"
# The interface strings of the templates in each language a page may be in: {English: translation},
# as data (JSON), each escaped like any other string where a template puts it. A string a catalogue
# lacks stays English. A language's own name (the language switcher) comes from langcodes (`autonym`).
CATALOGUES = Path(__file__).parent / "i18n"
STANCE_LABELS = {"supports": "Supports", "contradicts": "Contradicts", "context": "Context"}
# A source page's "Cited by": the places shown for each explainer, and the explainers shown, before
# the rest are folded away (a source may be cited by hundreds of findings).
CITED_PLACES = 3
CITED_EXPLAINERS = 10
WORKLIST_ROWS = 200  # per group on the page; `python -m macros worklist` prints them all
# Where an explainer page's formatted "Cite this" citations go: citeproc-py is slow, so they are made
# while the theme renders the pages (publish/outputs.py) and put in its place after. Data text can
# never hold an HTML comment (it is escaped or sanitised).
CITE_SLOT = "<!--ee-cite-this-->"
# The id of each generated page's heading, where "Skip to content" lands. A finding may not take
# "question" as its id (load/validate.py); no source or topic page holds another id of the data's.
HEADING_IDS = {
    "explainer": "question",
    "source": "source",
    "topic": "topic",
    "all-sources": "all-sources",
    "corrections": "corrections",
    "listing": "explainers",
    "language": "translated",
}
# One place a source is cited in an explainer: the finding (None: the summary), its notes there
# (number, use), and the source's stance toward the finding.
Place = tuple[Finding | None, list[tuple[int, Use]], str]
_BLOCK_START = re.compile(r"\s*<(p|ul|ol|blockquote|pre)\b")


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates kept in memory, by template and source digest (Jinja checks the
    digest and compiles again when a template changed): under `mkdocs serve` every build makes a
    new environment, and compiling the templates again was a third of a small change's rebuild.
    Jinja's documented way (`Environment.bytecode_cache`); one cache per set of environment options."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


# A memo of a pure function (compiling the engine's templates, with the options below).
_COMPILED = CompiledTemplates()


@cache  # a catalogue never changes while a process runs
def catalogue(language: str) -> dict[str, Any]:
    """The interface strings in `language`, or else in its base language ("uk-UA" -> "uk"); empty for
    English and for a language without a catalogue, whose pages keep the English interface. A string
    that varies with a number is an object of CLDR plural forms ({"one": …, "few": …, "many": …})."""
    for tag in (language, language.split("-")[0]):
        path = CATALOGUES / f"{tag}.json"
        if tag.replace("-", "").isalnum() and path.is_file():
            loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return loaded
    return {}


def interface_language(language: str) -> str:
    """The language a page in `language` has its interface in: its own where a catalogue exists, else English."""
    return language if language == "en" or catalogue(language) else "en"


@cache  # a pure function of the language
def _plural_form(language: str) -> Callable[[int], str]:
    return Locale.parse(language.split("-")[0]).plural_form


def date_in(value: str | None, language: str = "en") -> str:
    """A date of the data ('2025-11-12', '2025-11' or '2025') as a reader of `language` writes it, through
    babel's CLDR data where the language has a catalogue ("12 листопада 2025": the month in the
    genitive; "листопад 2025" alone); English as it always was ("12 November 2025")."""
    if not value or interface_language(language) == "en":
        return format_date(value)
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return value
    locale = Locale.parse(language.replace("-", "_"))
    day = dt.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
    return babel_dates.format_date(day, "d MMMM y" if len(parts) == 3 else "LLLL y", locale=locale)


@cache  # a pure function of the language
def translator(language: str) -> Callable[..., Markup]:
    """`t("Sources")`: the string in `language`, else as written; `t("{n} notes", n=2)` fills it in,
    and a value named `date` is a date of the data, written as the language writes dates (`date_in`).
    `t.n("{n} source", "{n} sources", n)`: the form for the number, by the language's plural rules
    (the catalogue is keyed by the English plural). The English text is the templates' own (a
    literal of a template or a constant of the engine, never data) and comes out as written, like
    the template text it replaced; a catalogue's translation is escaped, and so is every value."""
    strings = catalogue(language)
    ui = interface_language(language)

    def fill(pattern: Markup, values: dict[str, Any]) -> Markup:
        if "date" in values:
            values = {**values, "date": date_in(values["date"], ui)}
        if "language" in values:
            values = {**values, "language": language_name_in(values["language"], ui)}
        return pattern.format(**values) if values else pattern

    def form(found: dict[str, str], count: Any) -> Markup:
        return Markup.escape(found.get(_plural_form(language)(int(count))) or found["other"])

    def t(text: str, **values: Any) -> Markup:
        found = strings.get(text)
        if isinstance(found, dict):  # a plural, by the value `n`
            return fill(form(found, values["n"]), values)
        return fill(Markup.escape(found) if isinstance(found, str) else Markup(text), values)

    def n(one: str, other: str, count: int, **values: Any) -> Markup:
        found = strings.get(other)
        if isinstance(found, dict):
            pattern = form(found, count)
        else:
            pattern = Markup(one if count == 1 else other)
        return fill(pattern, {"n": count, **values})

    t.n = n  # type: ignore[attr-defined]
    return t


def interface_strings() -> set[str]:
    """Every English text a catalogue must translate: each `t("…")` and `t.n("…", "…", n)` of the
    templates (found in Jinja's own syntax tree; the plural by its English plural) and of the engine
    (the table of contents), and the texts the engine passes to `t` from its tables: short answers,
    stances, confidence, the fields of a source's last change, and the honesty facts' words."""
    env = environment()
    found: set[str] = set()
    for path in TEMPLATES.glob("*.html"):
        for call in env.parse(path.read_text(encoding="utf-8")).find_all(nodes.Call):
            args = [a.value for a in call.args if isinstance(a, nodes.Const) and isinstance(a.value, str)]
            if isinstance(call.node, nodes.Name) and call.node.name == "t" and args:
                found.add(args[0])
            elif isinstance(call.node, nodes.Getattr) and call.node.attr == "n" and len(args) >= 2:
                found.add(args[1])
    return found | {
        *SHORT_ANSWERS.values(),
        *STANCE_LABELS.values(),
        *(level.replace("-", " ") for level in LEVELS),
        *(f"{e} evidence" for e in EVIDENCE),
        *(f"{a} agreement" for a in AGREEMENT),
        *VISIBLE_FIELDS,
        *facts.WORDING,
    }


def autonym(language: str) -> str:
    """The language's name in itself, from langcodes' CLDR data ("English", "Українська", "Русский"),
    capitalised as a choice in a menu; its tag where langcodes does not know it."""
    try:
        name = langcodes.Language.get(language).autonym()
    except (LookupError, ValueError):  # langcodes' errors for a tag it cannot read
        return language
    return name[:1].upper() + name[1:] if name else language


def environment() -> Environment:
    """The engine's Jinja environment: its templates, autoescape on, its filters."""
    # Templates are read once per renderer; a page does not ask the file system whether they
    # changed (auto_reload), tens of thousands of times on a large site.
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        bytecode_cache=_COMPILED,
        autoescape=True,
        auto_reload=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date"] = date_in
    env.filters["person"] = display_name
    env.globals["t"] = translator("en")  # a page in another language passes its own
    return env


class Renderer:
    """The engine's HTML for one Site and Publication."""

    def __init__(self, site: Site, pub: Publication):
        self.site, self.pub = site, pub
        self._env = environment()
        self._text = TextRenderer()
        # A source's citation and facts, rendered once for every page at one depth that shows them
        # (a source is cited by many notes and pages; its HTML is the same each time).
        self._citation_macros: dict[str, Any] = {}  # by the interface's language
        # by source id, then (kind, root, one more part): tables of another build's renderer
        # (`reuse`) are copied before this one adds to them (`_own`: the ids of its own tables)
        self._made: dict[str, dict[tuple[str, str, bool], Markup]] = {}
        self._own: set[str] = set()
        self._lines: dict[tuple[str, str], Markup] = {}  # each explainer's one line, by (id, language)
        self._lists: dict[str, tuple[object, Markup]] = {}  # `lists`
        self._inline: Any = self._env.get_template("_inline.html").make_module({})
        self._translation_macros: Any = self._env.get_template("_lag.html").make_module({})

    def memo(self) -> dict[str, dict[tuple[str, str, bool], Markup]]:
        """What this renderer made once for many pages, by source id. The tables are shared from
        now on: an addition after this copies the table first."""
        self._own.clear()
        return dict(self._made)

    def reuse(self, memo: dict[str, dict[tuple[str, str, bool], Markup]], sources: AbstractSet[str]) -> None:
        """Take what another renderer of the same Publication made for the `sources` (ids) whose
        data did not change: it is what this one would make."""
        self._made.update(only(memo, sources))

    def _once(self, source: Source, key: tuple[str, str, bool], make: Callable[[], Markup]) -> Markup:
        """What `make` gives for the source, made once (by `key`) for every page that shows it."""
        table = self._made.get(source.id)
        if table is not None and key in table:
            return table[key]
        made = make()
        if source.id not in self._own:  # a new table, or a copy of another renderer's
            table = self._made[source.id] = dict(table or {})
            self._own.add(source.id)
        assert table is not None
        table[key] = made
        return made

    def _citations(self, language: str) -> Any:
        """_citation.html's macros with the interface of `language` (its `t` and dates)."""
        if language not in self._citation_macros:
            context = {
                "site": self.site,
                "pub": self.pub,
                "renderer": self,
                "t": translator(language),
                "lang": language,
            }
            self._citation_macros[language] = self._env.get_template("_citation.html").make_module(context)
        return self._citation_macros[language]

    @staticmethod
    def _kind(kind: str, language: str) -> str:
        """A memo's kind, in the interface's language (English as it always was)."""
        return kind if language == "en" else f"{kind}@{language}"

    def citation(self, source: Source, links: Links, link_title: bool = True, language: str = "en") -> Markup:
        """The source's full citation (templates/_citation.html), its words in `language`."""
        return self._once(
            source,
            (self._kind("citation", language), links.root, link_title),
            lambda: Markup(self._citations(language).citation(source, links, link_title)),
        )

    def source_text(self, source: Source, field: str, links: Links) -> Markup:
        """A source's quote or notes as safe HTML (made once: a source is cited by many notes)."""
        text = source.quote if field == "quote" else source.notes
        return self._once(
            source, (field, links.root, False), lambda: self.rich(text, None, links) if text is not None else Markup("")
        )

    def facts(self, source: Source, own: tuple[Fact, ...] | None = None, language: str = "en") -> Markup:
        """The source's honesty facts as a list (templates/_citation.html): all of them, or in an
        explainer's notes those that set it apart there (`own`, Site.note_facts); in `language`."""
        items = tuple(self.site.facts(source)) if own is None else own
        key = (self._kind("facts", language), "|".join(f.line for f in items), True)
        return self._once(source, key, lambda: Markup(self._citations(language).facts(items)))

    def label(self, source: Source, t: Callable[..., Markup]) -> str:
        """The source's one-line name (facts.label) with its words in the page's language."""
        return facts.label_words(source, self.site.corpus).say(t)

    # ---- data text ---------------------------------------------------------------------------------
    def rich(
        self, text: Text, explainer: Explainer | None, links: Links, inline: bool = False, on: Explainer | None = None
    ) -> Markup:
        """A Markdown field as safe HTML, its citations as note markers (in an explainer) and its
        cross-links as links. `on`: the text is quoted on another version's page (the original under a
        translated paragraph that is older than it), so its markers carry no anchor of their own and
        link to that page's note for the same citation, or else to the note on the original's page."""
        table = self.site.notes_for(explainer) if explainer else None
        page = on or explainer
        t = translator(page.language if page else "en")
        page_notes = {_signature(n.items): n.number for n in self.site.notes_for(on).notes} if on else {}

        def cite(cluster: Cluster) -> str:
            assert table is not None
            use = table.markers[(text.path, cluster.start)]
            number = table.note_of(use.anchor).number
            # Each cited source's stance toward the finding citing it, for the hover card.
            stances = " ".join(
                f"{item.key}:{use.finding.stance(item.key) if use.finding else 'supports'}" for item in cluster.items
            )
            if on is not None and explainer is not None:
                found = page_notes.get(cluster.signature)
                href = f"#note-{found}" if found else f"{links.explainer(explainer.id)}#note-{number}"
                return str(self._inline.marker_ref(found or number, href, t))
            return str(self._inline.marker(number, use.anchor, stances, use.finding, t))

        def xref(ref: XRef) -> str:
            assert explainer is not None
            target, finding, label = self.site.xref_target(explainer, ref)
            anchor = f"#{finding.id}" if finding else ""
            href = (
                anchor if target is explainer else links.explainer(target.id, self.site.page_language(target)) + anchor
            )
            return str(self._inline.xref(href or "#", label, finding))

        return self._text.render(
            text.value, cite=cite if table else None, xref=xref if explainer else None, inline=inline
        )

    def _render(self, name: str, **context: Any) -> str:
        return self._env.get_template(name).render(site=self.site, pub=self.pub, renderer=self, **context)

    def _block(self, name: str, **context: Any) -> Markup:
        """A template's HTML as one block: no blank lines, so that a Markdown page that includes it
        (through a page macro) treats it as one raw HTML block and leaves it alone."""
        html = self._render(name, **context)
        return Markup("\n".join(line for line in html.splitlines() if line.strip()))

    # ---- generated pages -----------------------------------------------------------------------------
    def explainer(self, explainer_id: str, root: str, language: str | None = None) -> Markup:
        """An explainer's page content, in its own language or (`language`) in a translation's: the
        same page, with the translated text, the interface in that language, and at each paragraph
        that is older than the original (or not translated) a notice with the original."""
        explainer, links = self.site.in_language(explainer_id, language), Links(root)
        localized = (
            self.site.localized(explainer_id, explainer.language) if self.site.page_language(explainer) else None
        )

        def rich(text: Text, path: Path_, inline: bool = False) -> Markup:
            html = self.rich(text, explainer, links, inline=inline)
            if localized and localized.state(path) == UNTRANSLATED:  # the original's text, marked as such
                tag = "span" if inline else "div"
                return Markup('<{0} lang="{1}">{2}</{0}>').format(tag, localized.original.language, html)
            return html

        summary = rich(explainer.summary, ("summary",), inline=True)
        findings = [
            (
                f,
                rich(f.text, ("findings", i, "text")),
                [rich(n, ("findings", i, "editor_notes", k)) for k, n in enumerate(f.editor_notes)],
                self.site.profiles[(explainer.id, f.id)],
                rich(f.confidence.justification, ("findings", i, "confidence", "justification"))
                if f.confidence and f.confidence.justification
                else None,
            )
            for i, f in enumerate(explainer.findings)
        ]
        corrections = [
            (c, rich(c.what, ("corrections", k, "what")), rich(c.why, ("corrections", k, "why")))
            for k, c in enumerate(explainer.corrections)
        ]
        t = translator(explainer.language)
        extra = {
            "t": t,
            "lang": interface_language(explainer.language),
            "lag": self._lag_notices(localized, links, t),
            "localized": localized,
            "versions": self.versions(explainer),
            "switch": lambda finding_id: self._switch(explainer, links, finding_id, t),
        }
        mix = self.site.source_mix(explainer)
        address = addresses.explainer(explainer_id, self.site.page_language(explainer))

        def report(item: str, what: str) -> str | None:
            return self.pub.report_link(f"{address}#{item}", f"{explainer_id}#{item}", f"{what} ({explainer.question})")

        return self._block(
            "explainer.html",
            report=report,
            explainer=explainer,
            summary=summary,
            findings=findings,
            summary_is_block=bool(_BLOCK_START.match(summary)),
            notes=self.site.notes_for(explainer).notes,
            note_facts=self.site.note_facts(explainer),
            links=links,
            corrections=corrections,
            mix=mix,
            mix_max=max([n for _, a, b in mix for n in (a, b)] or [1]),
            stance_labels=STANCE_LABELS,
            levels=LEVELS,
            # "Cite this" cites the original, in every language (its formatted citations too: cite_formatted).
            cite=cite_this(self.pub, self.site.corpus.explainers[explainer_id]),
            cite_language=self.site.corpus.explainers[explainer_id].language,
            formatted=Markup(CITE_SLOT),
            heading_id=HEADING_IDS["explainer"],
            **extra,
        )

    def versions(self, explainer: Explainer) -> list[tuple[str, str, bool]]:
        """The explainer's languages, the original's first: (tag, the language's own name, is this one)."""
        original = self.site.corpus.explainers[explainer.id]
        tags = [original.language, *self.site.languages(explainer.id)]
        return [(tag, autonym(tag), tag == explainer.language) for tag in tags]

    def _switch(self, explainer: Explainer, links: Links, finding_id: str, t: Callable[..., str]) -> Markup:
        """Links to the same finding in the explainer's other languages (nothing if it has none)."""
        others = [(tag, name) for tag, name, this in self.versions(explainer) if not this]
        if not others:
            return Markup("")
        original = self.site.corpus.explainers[explainer.id].language
        hrefs = [
            (tag, name, links.finding(explainer.id, finding_id, None if tag == original else tag))
            for tag, name in others
        ]
        return Markup(self._translation_macros.finding_languages(hrefs, t))

    def _lag_notices(self, localized: Localized | None, links: Links, t: Callable[..., str]) -> Callable[..., Markup]:
        """`lag(path)` for the template: at a translated page's field that is older than the original,
        a notice with the original text in a <details> (one click, no script); at one not translated,
        a note saying so. Nothing on an original's page."""

        def lag(*path: str | int) -> Markup:
            if localized is None:
                return Markup("")
            state = localized.state(path)
            if state == UNTRANSLATED:
                return Markup(self._translation_macros.untranslated(t))
            if state != LAGGING:
                return Markup("")
            original = localized.original
            value = localized.states[path].original
            if path[-1] in ("question", "heading"):
                shown = Markup("<p>{}</p>").format(value)
            else:
                text = _text_at(original, path)
                shown = self.rich(text, original, links, on=localized.explainer)
            return Markup(self._translation_macros.lagging(shown, original.language, t))

        return lag

    def cite_formatted(
        self, explainer_id: str, language: str | None = None, citations: Citations | None = None
    ) -> Markup:
        """The explainer's formatted "Cite this" citations, for its page's CITE_SLOT: the original's, with
        the interface of the page's language (`language`: a translation's). `citations`: those of
        formats.cite.formatted for its citable_item, where a caller keeps them."""
        explainer = self.site.corpus.explainers[explainer_id]
        return self._block(
            "_cite_formatted.html",
            formatted=citations if citations is not None else formatted(citable_item(self.pub, explainer)),
            t=translator(language or explainer.language),
            lang=interface_language(language or explainer.language),
            cited=explainer.language,
        )

    def source(self, source_id: str, root: str) -> Markup:
        """A source's page content: its citation, honesty facts, fields, and every finding citing it."""
        citing = [self._places(source_id, entry) for entry in self.site.cited_by[source_id]]
        return self._block(
            "source.html",
            report=lambda item, what: self.pub.report_link(addresses.source(source_id), item, what),
            source=self.site.corpus.sources[source_id],
            links=Links(root),
            citing=citing,
            places_total=sum(len(places) for _, places, _ in citing),
            cited_places=CITED_PLACES,
            cited_explainers=CITED_EXPLAINERS,
            stance_labels=STANCE_LABELS,
            heading_id=HEADING_IDS["source"],
        )

    @staticmethod
    def _places(source_id: str, entry: Citing) -> tuple[Explainer, list[Place], list[tuple[str, int]]]:
        """Where one explainer cites a source, a place per finding (the summary is one) with its
        notes and the source's stance there, and how many places take each stance."""
        places: dict[str, Place] = {}
        for number, use in entry.uses:
            key = use.finding.id if use.finding else ""
            if key not in places:
                stance = use.finding.stance(source_id) if use.finding else "supports"
                places[key] = (use.finding, [], stance)
            places[key][1].append((number, use))
        found = list(places.values())
        counts = Counter(stance for _, _, stance in found)
        return entry.explainer, found, [(s, counts[s]) for s in STANCE_LABELS if counts[s]]

    def topic(self, topic_id: str, root: str) -> Markup:
        """A topic's page: its name and the first page of its list of explainers."""
        links = Links(root)
        return self._block(
            "topic.html",
            topic=self.site.corpus.topics[topic_id],
            links=links,
            heading_id=HEADING_IDS["topic"],
            **self._listing(Listing(topic_id), links),
        )

    def listing(self, key: str, root: str) -> Markup:
        """A page of a list of explainers other than the home page's and a topic page's first."""
        listing, links = Listing.of_key(key), Links(root)
        return self._block(
            "listing.html",
            title=self.site.listing_title(listing),
            links=links,
            heading_id=HEADING_IDS["listing"],
            **self._listing(listing, links),
        )

    def one_line(self, explainer: Explainer) -> str:
        """The explainer's answer in a line: its summary's first sentence, as plain text (in the
        explainer's language: a translation's is its own)."""
        key = (explainer.id, self.site.page_language(explainer) or "")
        if key not in self._lines:
            self._lines[key] = Markup.escape(one_line(plain_text(self.site, explainer, explainer.summary, self._text)))
        return self._lines[key]

    def _listing(self, listing: Listing, links: Links) -> dict[str, Any]:
        """What _listing.html shows of one page of a list: its explainers, and every filter, order
        and page as a link (site.Listing)."""
        site = self.site
        found = site.listed(listing.topic, listing.answer, listing.order)
        pages = site.pages_of(listing.topic, listing.answer)
        start = (listing.page - 1) * LIST_PAGE

        def href(other: Listing) -> str:
            return links(other.address)

        answers = [
            (label, href(listing.to(answer=a)), n, a == listing.answer)
            for a, label in [(None, "All"), *SHORT_ANSWERS.items()]
            if (n := len(site.listed(listing.topic, a, "newest"))) or a is None
        ]
        topics = [("All topics", href(listing.to(topic=None)), len(site.listed(None, listing.answer, "newest")), False)]
        for topic in sorted(site.corpus.topics.values(), key=lambda t: t.name.casefold()):
            n = len(site.listed(topic.id, listing.answer, "newest"))
            if n or topic.id == listing.topic:
                topics.append((topic.name, href(listing.to(topic=topic.id)), n, topic.id == listing.topic))
        if listing.topic is None:
            topics[0] = (*topics[0][:3], True)
        numbers: list[tuple[int | None, str | None]] = []
        for n in range(1, pages + 1):
            if n in (1, pages) or abs(n - listing.page) <= 2:
                numbers.append((n, None if n == listing.page else href(listing.to(page=n))))
            elif numbers[-1][0] is not None:
                numbers.append((None, None))
        return {
            "listing": listing,
            "explainers": found[start : start + LIST_PAGE],
            "total": len(found),
            "first": start + 1,
            "last": min(start + LIST_PAGE, len(found)),
            "pages": pages,
            "answers": answers,
            "orders": [(label, href(listing.to(order=o)), o == listing.order) for o, label in ORDERS.items()],
            "topics": topics,
            "current_topic": site.corpus.topics[listing.topic].name if listing.topic else "all topics",
            "prev": href(listing.to(page=listing.page - 1)) if listing.page > 1 else None,
            "next": href(listing.to(page=listing.page + 1)) if listing.page < pages else None,
            "numbers": numbers,
        }

    def language_home(self, language: str, root: str) -> Markup:
        """A language's start page: the explainers translated into it (question, short answer, how
        the translation stands, a link), in that language, and that the rest of the site is English."""
        return self._block(
            "language_home.html",
            t=translator(language),
            lang=interface_language(language),
            language=language,
            explainers=self.site.translated_into(language),
            links=Links(root),
            heading_id=HEADING_IDS["language"],
        )

    def all_sources(self, root: str, page: int = 1) -> Markup:
        """A page of every entry of the bibliography, ALL_PAGE a page, for readers without
        JavaScript; each page lists every page by the names it runs from and to."""
        sources, size = self.site.sources_in_order, bibliography_index.ALL_PAGE
        links = Links(root)
        pages = [
            (
                n + 1,
                links(addresses.all_sources(n + 1)),
                self._lead(sources[i]),
                self._lead(sources[min(i + size, len(sources)) - 1]),
            )
            for n, i in enumerate(range(0, len(sources), size))
        ]
        return self._block(
            "bibliography.html",
            sources=sources[(page - 1) * size : page * size],
            total=len(sources),
            full=True,
            page=page,
            pages=pages,
            first=(page - 1) * size + 1,
            links=links,
            index_url="",
            heading_id=HEADING_IDS["all-sources"],
        )

    def corrections(self, root: str) -> Markup:
        """Every correction of every explainer, newest first, with the explainer and finding it changed."""
        entries = []
        for explainer, _, correction in self.site.corrections_in_order:
            links = Links(root)
            what, why = self.rich(correction.what, explainer, links), self.rich(correction.why, explainer, links)
            changed = explainer.finding(correction.finding) if correction.finding else None
            entries.append((explainer, correction, changed, what, why))
        return self._block(
            "corrections.html", entries=entries, links=Links(root), heading_id=HEADING_IDS["corrections"]
        )

    def _lead(self, source: Source) -> str:
        """The name a source is sorted by: its first author's family name, or its publisher's."""
        return source.authors[0].split(",")[0] if source.authors else self.site.corpus.publishers[source.publisher].name

    # ---- fragments of hand-written pages (page macros) -----------------------------------------------
    def bibliography(self, root: str, index_version: str) -> Markup:
        """The bibliography page's tools, and only its first entries, so the page stays small; the
        script builds the other entries from the index (formats/bibliography_index.py)."""
        sources = self.site.sources_in_order
        links = Links(root)
        return self._block(
            "bibliography.html",
            sources=sources[: bibliography_index.FIRST_VIEW],
            total=len(sources),
            full=False,
            links=links,
            index_url=f"{links(bibliography_index.KEYS)}?v={index_version}",
            all_page=bibliography_index.ALL_PAGE,
        )

    def topic_index(self, root: str) -> Markup:
        topics = sorted(self.site.corpus.topics.values(), key=lambda t: t.name.casefold())
        return self._block("topic_index.html", topics=topics, links=Links(root))

    def explainer_list(self, root: str) -> Markup:
        """The home page's list: the first page of every explainer, newest first (site.Listing)."""
        links = Links(root)
        return self._block("explainer_list.html", links=links, **self._listing(Listing(), links))

    def worklist(self, root: str) -> Markup:
        """The worklist page's groups: the last one's HTML (`lists`, kept between saves under
        serve) where the rows it shows and the counts are the same."""
        by_kind: dict[str, list[WorkItem]] = {}
        for item in self.site.work_items(self.pub):
            by_kind.setdefault(item.kind, []).append(item)
        shown = (root, self.pub, [(kind, len(rows), rows[:WORKLIST_ROWS]) for kind, rows in by_kind.items()])
        kept = self._lists.get("worklist")
        if kept is not None and kept[0] == shown:
            return kept[1]
        html = self._block("worklist.html", groups=WORK_KINDS, by_kind=by_kind, links=Links(root), limit=WORKLIST_ROWS)
        self._lists["worklist"] = (shown, html)
        return html

    def lists(self) -> dict[str, tuple[object, Markup]]:
        """The long lists of hand-written pages this renderer made, with what each shows, for
        the next build's (`reuse_lists`): the worklist runs to 1,200 rows at 10,000 sources."""
        return dict(self._lists)

    def reuse_lists(self, lists: dict[str, tuple[object, Markup]]) -> None:
        """Take another renderer's lists: each is used only where what it shows is the same."""
        self._lists.update(lists)

    def legend(self) -> Markup:
        """What the facts under a source mean: on the method page, linked from each source page."""
        return self._block("legend.html")


def _signature(items: tuple[CiteItem, ...]) -> tuple[tuple[str, str, str], ...]:
    """A note's citation as `Cluster.signature` has it (the same sources, prefixes and locators)."""
    return tuple((i.key, i.prefix, i.locator) for i in items)


def _text_at(explainer: Explainer, path: Path_) -> Text:
    """The Markdown field of an explainer at a translatable path (domain/translation.py)."""
    if path[0] == "summary":
        return explainer.summary
    if path[0] == "corrections":
        correction = explainer.corrections[int(path[1])]
        return correction.what if path[2] == "what" else correction.why
    finding = explainer.findings[int(path[1])]
    if path[2] == "text":
        return finding.text
    if path[2] == "editor_notes":
        return finding.editor_notes[int(path[3])]
    assert finding.confidence and finding.confidence.justification
    return finding.confidence.justification
