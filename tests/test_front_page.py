"""The front page at any number of explainers: each with its question, short answer, one-line
answer, topics and date; filters by topic and short answer, newest or oldest first, and pages of
at most LIST_PAGE explainers, all of them links to static pages, so they work without JavaScript.

Checked on a generated corpus with several pages of explainers (built once for the module), as a
reader meets it: by following the links the pages hold."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import engine, generated_data, make_project, open_page, run_build, serve_directory
from playwright.sync_api import expect

from macros.domain.model import SHORT_ANSWERS
from macros.domain.site import LIST_PAGE
from macros.domain.text import one_line
from macros.formats.common import plain_text

SIZE = (70, 150)  # explainers, sources: three pages of all explainers


class Links(HTMLParser):
    """The explainer items of a page (href, answer, line, topics, date) and its labelled links."""

    def __init__(self, html: str):
        super().__init__()
        self.items: list[dict] = []
        self.links: dict[str, str] = {}  # link text -> href (first of each)
        self.rel: dict[str, str] = {}
        self._field: str | None = None
        self._href: str | None = None
        self._text = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if "ee-explainer-item" in cls:
            self.items.append({"answer": a["data-answer"], "line": "", "topics": [], "date": ""})
        if tag == "a" and a.get("href"):
            self._href, self._text = a["href"], ""
            if a.get("rel"):
                self.rel[a["rel"]] = a["href"]
            if "ee-explainer-link" in cls:
                self.items[-1]["href"] = a["href"]
            if "ee-topic" in cls and self.items and "date" in self.items[-1]:
                self.items[-1]["topics"].append(a["href"])
        if "ee-explainer-lede" in cls:
            self._field = "line"
        if tag == "time" and self.items and not self.items[-1]["date"]:
            self.items[-1]["date"] = a.get("datetime")

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.setdefault(" ".join(self._text.split()), self._href)
            self._href = None
        if tag == "span":
            self._field = None

    def handle_data(self, data):
        if self._href is not None:
            self._text += data
        if self._field:
            self.items[-1][self._field] += data


@pytest.fixture(scope="module")
def front(tmp_path_factory) -> tuple[Path, Path]:
    project = make_project(tmp_path_factory.mktemp("front"), generated=SIZE)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site", project / "data"


def page_at(site: Path, address: str) -> Links:
    path = site / address.split("#")[0] / "index.html"
    return Links(path.read_text(encoding="utf-8"))


def go(address: str, href: str) -> str:
    """The site-relative address a link on the page at `address` leads to."""
    return urljoin("http://x/" + address, href)[len("http://x/") :]


def walk(site: Path, address: str) -> list[dict]:
    """Every item of a list, following "Next →" from its first page; each page holds at most LIST_PAGE."""
    items: list[dict] = []
    seen = set()
    while address not in seen:
        seen.add(address)
        page = page_at(site, address)
        assert 0 < len(page.items) <= LIST_PAGE
        items += [dict(i, href=go(address, i["href"])) for i in page.items]
        if "next" not in page.rel:
            break
        address = go(address, page.rel["next"])
    return items


def newest_first(explainers) -> list[str]:
    return [f"explainers/{e.id}/" for e in sorted(explainers, key=lambda e: (e.published, e.id), reverse=True)]


def test_the_home_page_shows_a_first_page_of_explainers_and_each_says_what_it_answers(front):
    site, data = front
    corpus_site, _, _ = engine(data)
    explainers = corpus_site.corpus.explainers
    page = page_at(site, "")
    assert len(page.items) == LIST_PAGE < len(explainers)
    for item in page.items:
        explainer = explainers[item["href"].split("/")[1]]
        assert item["answer"] == explainer.short_answer
        assert item["date"] == explainer.published
        assert item["topics"] == [f"topics/{t}/" for t in explainer.topics]
        summary = plain_text(corpus_site, explainer, explainer.summary)
        assert item["line"] == one_line(summary) and summary.startswith(item["line"].rstrip("…"))


def test_following_next_visits_every_explainer_once_newest_first(front):
    site, data = front
    corpus = engine(data)[0].corpus
    items = walk(site, "")
    assert [i["href"] for i in items] == newest_first(corpus.explainers.values())


def test_the_oldest_first_link_reverses_the_order(front):
    site, data = front
    corpus = engine(data)[0].corpus
    oldest = go("", page_at(site, "").links["Oldest first"])
    assert [i["href"] for i in walk(site, oldest)] == newest_first(corpus.explainers.values())[::-1]


@pytest.mark.parametrize("answer", list(SHORT_ANSWERS))
def test_each_answer_filter_lists_exactly_the_explainers_with_that_answer(front, answer):
    site, data = front
    corpus = engine(data)[0].corpus
    wanted = [e for e in corpus.explainers.values() if e.short_answer == answer]
    label = next(text for text in page_at(site, "").links if text.startswith(SHORT_ANSWERS[answer] + " ("))
    assert label == f"{SHORT_ANSWERS[answer]} ({len(wanted)})"
    items = walk(site, go("", page_at(site, "").links[label]))
    assert [i["href"] for i in items] == newest_first(wanted)
    assert {i["answer"] for i in items} == {answer}


def test_a_topic_and_an_answer_filter_combine_and_keep_the_order(front):
    site, data = front
    corpus = engine(data)[0].corpus
    topic = sorted(corpus.topics.values(), key=lambda t: t.name.casefold())[1]
    on_topic = go("", page_at(site, "").links[topic.name])
    assert on_topic == f"topics/{topic.id}/"
    assert [i["href"] for i in walk(site, on_topic)] == newest_first(
        e for e in corpus.explainers.values() if topic.id in e.topics
    )
    answer = next(
        a
        for a in SHORT_ANSWERS
        if any(e.short_answer == a and topic.id in e.topics for e in corpus.explainers.values())
    )
    links = page_at(site, on_topic).links
    both = go(on_topic, next(href for text, href in links.items() if text.startswith(SHORT_ANSWERS[answer] + " (")))
    oldest = go(both, page_at(site, both).links["Oldest first"])
    wanted = [e for e in corpus.explainers.values() if topic.id in e.topics and e.short_answer == answer]
    assert [i["href"] for i in walk(site, oldest)] == newest_first(wanted)[::-1]
    # Back to every topic, keeping the answer.
    every = go(oldest, page_at(site, oldest).links["All topics"])
    assert {i["answer"] for i in walk(site, every)} == {answer}


def test_the_first_view_stays_the_same_size_as_the_explainers_grow(tmp_path):
    sizes = []
    for n in (30, 240):
        _, _, renderer = engine(generated_data(tmp_path / str(n), n, 100))
        html = renderer.explainer_list("")
        assert html.count('class="ee-explainer-item"') == LIST_PAGE
        sizes.append(len(html))
    assert sizes[1] < sizes[0] * 1.25, sizes


@pytest.mark.browser
def test_without_javascript_a_reader_filters_sorts_and_pages(browser, front):
    site, data = front
    corpus = engine(data)[0].corpus
    with serve_directory(site) as url, open_page(browser, url, java_script_enabled=False) as (page, problems):
        page.goto("/")
        items = page.locator(".ee-explainer-item")
        expect(items).to_have_count(LIST_PAGE)
        count = len([e for e in corpus.explainers.values() if e.short_answer == "partly"])
        page.get_by_role("link", name=f"Partly ({count})").click()
        expect(page.locator(".ee-explainer-item[data-answer='partly']")).to_have_count(min(count, LIST_PAGE))
        expect(page.locator(".ee-explainer-item:not([data-answer='partly'])")).to_have_count(0)
        page.get_by_role("link", name="Oldest first").click()
        first = newest_first(e for e in corpus.explainers.values() if e.short_answer == "partly")[-1]
        expect(items.first.locator("a.ee-explainer-link")).to_have_attribute("href", "../../../" + first)
        if count > LIST_PAGE:
            page.get_by_role("link", name="Next →").click()
            expect(page.locator(".ee-pager [aria-current=page]")).to_have_text("2")
        page.locator(".ee-list-topics summary").click()
        topic = next(
            t
            for t in sorted(corpus.topics.values(), key=lambda t: t.name.casefold())
            if any(t.id in e.topics and e.short_answer == "partly" for e in corpus.explainers.values())
        )
        page.locator(".ee-list-topics a", has_text=topic.name).first.click()
        expect(page.locator("h1")).to_contain_text(f"Explainers on {topic.name}, answer Partly, oldest first")
        expect(page.locator(".ee-list-topics summary")).to_have_text(f"Topic: {topic.name}")
        expect(page.locator(".ee-explainer-item:not([data-answer='partly'])")).to_have_count(0)
        problems.check()
