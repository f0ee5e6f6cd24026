"""The site's search index: static files in small parts, so that a query fetches only what it needs.

One index per language (`search/<language>/`), each made of:

- `meta.json`: how many entries and parts there are, and how the parts are named;
- `terms/<n>.json`: the words that fall in bucket n, each with the entries it occurs in. A word's
  bucket is a hash of its first three characters, so every word a typed prefix (of three or more)
  can grow into is in the prefix's one bucket; there are enough buckets for each to hold about `POSTINGS_PER_BUCKET`
  entries' worth of words, whatever the size of the site;
- `entries/<n>.json`: the entries themselves (address, title, page, text), `ENTRIES_PER_PART` to
  a part, in the order of the site's lists, so an explainer's findings share a part.

A word found in more than `MAX_POSTINGS` entries keeps only those where it weighs most and is
marked as cut: the search does not require it then (a query for "the war" is a query for "war"
ranked with "the"). So a query of a few words fetches a few buckets and the parts holding the
results it shows, however large the site. docs/assets/js/search.js reads these files; its words
are cut and folded exactly as `words()` does here.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

INDEX_DIR = "search"
ENTRIES_PER_PART = 20
POSTINGS_PER_BUCKET = 3000
MAX_POSTINGS = 1500
MAX_TEXT = 600  # characters of an entry's text kept for its excerpt (a result past them shows the start)
TITLE_WEIGHT = 5
PREFIX = 3  # a query word this long or longer finds the words it starts; a shorter one, itself
FORMAT = 1
_K1, _B, _SCALE = 1.2, 0.75, 40  # BM25's constants; weights are kept as whole numbers up to 99

_WORD = re.compile(r"[^\W_]+")
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@dataclass(frozen=True)
class Entry:
    """One search result: a page, or a section of one (`location` has its anchor). `page` names the
    page a section is on; `language` is the language of its text (one index per language)."""

    location: str
    title: str
    text: str
    language: str | None  # None: in every language's index (sources, which are not translated)
    page: str = ""


def fold(text: str) -> str:
    """Text as the index compares it: case and accents dropped (search.js folds a query the same way)."""
    return _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))


def words(text: str) -> list[str]:
    """The words of a text, folded: runs of letters and digits."""
    return _WORD.findall(fold(text))


def bucket(word: str, buckets: int, prefix: int | None = PREFIX) -> int:
    """The bucket of a word: FNV-1a (32 bits) of its first `prefix` UTF-16 code units (all of them
    with None), modulo `buckets`. The scripts (docs/assets/js/on-page.js) hash the same way."""
    h = 0x811C9DC5
    units = word.encode("utf-16-le")
    for i in range(0, len(units) if prefix is None else min(len(units), 2 * prefix), 2):
        h ^= units[i] | (units[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % buckets


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def index_files(entries: Iterable[Entry], default: str) -> dict[str, str]:
    """Every file of the search index, by path under the site: one index for each language the
    entries are in (`default`, the site's, always), each with the entries of no language too."""
    by_language: dict[str, list[Entry]] = {default: []}
    neutral: list[Entry] = []
    for entry in entries:
        if entry.language is None:
            neutral.append(entry)
        else:
            by_language.setdefault(entry.language, []).append(entry)
    for group in by_language.values():
        group += neutral
    files: dict[str, str] = {}
    for language, group in sorted(by_language.items()):
        files.update(_language_files(f"{INDEX_DIR}/{language}", group))
    files[f"{INDEX_DIR}/languages.json"] = _dump(sorted(by_language))
    return files


def _language_files(folder: str, entries: list[Entry]) -> dict[str, str]:
    counts: list[dict[str, int]] = []
    lengths: list[int] = []
    for entry in entries:
        weights: dict[str, int] = {}
        title, text = words(entry.title), words(entry.text)
        for word in title:
            weights[word] = weights.get(word, 0) + TITLE_WEIGHT
        for word in text:
            weights[word] = weights.get(word, 0) + 1
        counts.append(weights)
        lengths.append(len(title) + len(text))
    average = max(1.0, sum(lengths) / max(1, len(lengths)))
    postings: dict[str, dict[int, int]] = {}
    for n, weights in enumerate(counts):
        # BM25's weight of a word in an entry: more occurrences weigh more, in a long entry less.
        norm = _K1 * (1 - _B + _B * lengths[n] / average)
        for word, tf in weights.items():
            postings.setdefault(word, {})[n] = max(1, min(99, round(_SCALE * tf * (_K1 + 1) / (tf + norm))))
    total = sum(len(p) for p in postings.values())
    buckets = max(1, math.ceil(total / POSTINGS_PER_BUCKET))
    parts: list[dict[str, list[int]]] = [{} for _ in range(buckets)]
    cut: list[list[str]] = [[] for _ in range(buckets)]
    for word in sorted(postings):
        found = postings[word]
        b = bucket(word, buckets)
        if len(found) > MAX_POSTINGS:
            kept = sorted(sorted(found, key=lambda n: -found[n])[:MAX_POSTINGS])
            found = {n: found[n] for n in kept}
            cut[b].append(word)
        flat, last = [], 0
        for n in sorted(found):  # entry numbers as differences from the last, each with its weight
            flat += [n - last, found[n]]
            last = n
        # How many entries hold the word, for its rarity (the list may be cut).
        parts[b][word] = [len(postings[word]), *flat]
    files = {
        f"{folder}/meta.json": _dump(
            {"format": FORMAT, "entries": len(entries), "buckets": buckets, "per_part": ENTRIES_PER_PART}
        )
    }
    for b, part in enumerate(parts):
        files[f"{folder}/terms/{b}.json"] = _dump({"words": part, "cut": cut[b]})
    for start in range(0, len(entries), ENTRIES_PER_PART):
        chunk = entries[start : start + ENTRIES_PER_PART]
        files[f"{folder}/entries/{start // ENTRIES_PER_PART}.json"] = _dump(
            [[e.location, e.title, e.page, e.text[:MAX_TEXT]] for e in chunk]
        )
    return files
