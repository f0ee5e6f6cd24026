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
import operator
import re
import unicodedata
from collections import Counter
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

    def __reduce__(self) -> tuple[type[Entry], tuple[str, str, str, str | None, str]]:
        """Pickled without its hash: a string's hash differs from one process to another."""
        return (Entry, (self.location, self.title, self.text, self.language, self.page))

    def __hash__(self) -> int:
        """Hashed once: a build looks up every entry of the site by it, several times."""
        try:
            return self.__dict__["_hash"]  # type: ignore[no-any-return]
        except KeyError:
            made = self.__dict__["_hash"] = hash((self.location, self.title, self.text, self.language, self.page))
            return made


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


@dataclass(frozen=True)
class Counts:
    """An entry's words, each with how many times it counts (TITLE_WEIGHT for each time in the
    title, one in the text), and how many words the entry has: all the index needs of an entry."""

    words: tuple[tuple[str, int], ...]
    length: int


def count(entry: Entry) -> Counts:
    title, text = words(entry.title), words(entry.text)
    counted = Counter(text)
    for word in title:
        counted[word] += TITLE_WEIGHT
    return Counts(tuple(counted.items()), len(title) + len(text))


def _weight(count: int, length: int, average: float) -> int:
    """BM25's weight of a word in an entry: more occurrences weigh more, in a long entry less."""
    norm = _K1 * (1 - _B + _B * length / average)
    return max(1, min(99, round(_SCALE * count * (_K1 + 1) / (count + norm))))


@dataclass(frozen=True)
class _Language:
    """One language's index and what it was made from, for the next index to start from. Never
    changed once made: the next one copies what it changes."""

    entries: tuple[Entry, ...]
    average: float  # BM25's average entry length, in words
    weights: dict[tuple[int, int], int]  # the weight of a word counted c times in an entry of length l, by (c, l)
    postings: dict[str, dict[int, int]]  # each word's entries (by number), with its weight in each
    terms: tuple[dict[str, list[int]], ...]  # each bucket's words, as its file has them
    cut: frozenset[str]  # the words found in more than MAX_POSTINGS entries
    term_files: tuple[str, ...]
    part_files: tuple[str, ...]
    meta: str

    def files(self, folder: str) -> dict[str, str]:
        files = {f"{folder}/meta.json": self.meta}
        files.update((f"{folder}/terms/{b}.json", text) for b, text in enumerate(self.term_files))
        files.update((f"{folder}/entries/{k}.json", text) for k, text in enumerate(self.part_files))
        return files


@dataclass(frozen=True)
class Index:
    """The search index's files, by path under the site, and what they were made from: under
    `mkdocs serve`, the next build's index starts from it (`make_index`)."""

    files: dict[str, str]
    default: str
    counts: dict[Entry, Counts]  # every entry's words
    languages: dict[str, _Language]


def make_index(entries: Iterable[Entry], default: str, last: Index | None = None) -> Index:
    """The search index: one for each language the entries are in (`default`, the site's, always),
    each with the entries of no language too. From `last` (an earlier build's index), an entry
    already there is not counted again and only the files holding what changed are made again:
    the files are the same as those made without it."""
    if last is not None and last.default != default:
        last = None
    before = last.counts if last is not None else {}
    entries = list(entries)
    counts = {entry: before.get(entry) or count(entry) for entry in entries}
    by_language: dict[str, list[Entry]] = {default: []}
    neutral: list[Entry] = []
    for entry in entries:
        if entry.language is None:
            neutral.append(entry)
        else:
            by_language.setdefault(entry.language, []).append(entry)
    files: dict[str, str] = {}
    languages: dict[str, _Language] = {}
    for language, group in sorted(by_language.items()):
        kept = last.languages.get(language) if last is not None else None
        languages[language] = made = _language(group + neutral, counts, kept, before)
        files.update(made.files(f"{INDEX_DIR}/{language}"))
    files[f"{INDEX_DIR}/languages.json"] = _dump(sorted(by_language))
    return Index(files, default, counts, languages)


def _language(
    entries: list[Entry], counts: dict[Entry, Counts], last: _Language | None, last_counts: dict[Entry, Counts]
) -> _Language:
    """One language's index, made again where its entries differ from `last`'s (all of it when
    their number differs, since every later entry's number changes then)."""
    lengths = [counts[entry].length for entry in entries]
    average = max(1.0, sum(lengths) / max(1, len(entries)))
    kept = last if last is not None and len(last.entries) == len(entries) else None
    changed: list[int] = list(range(len(entries)))
    postings: dict[str, dict[int, int]] = {}
    weights: dict[tuple[int, int], int] = {}
    flipped: list[tuple[int, int]] = []  # (count, length) whose weight the new average changes
    if kept is not None:
        changed = [
            n for n, (new, old) in enumerate(zip(entries, kept.entries, strict=True)) if new is not old and new != old
        ]
        postings = dict(kept.postings)
        weights = dict(kept.weights)
        if kept.average != average:
            for (c, length), weight in kept.weights.items():
                weights[(c, length)] = _weight(c, length, average)
                if weights[(c, length)] != weight:
                    flipped.append((c, length))
    own: set[str] = set()  # the words whose postings this index has copied: every word it changes

    def found(word: str) -> dict[int, int]:
        if word not in own:
            own.add(word)
            postings[word] = dict(postings.get(word, {}))
        return postings[word]

    if kept is not None:
        for n in changed:
            for word, _ in last_counts[kept.entries[n]].words:
                del found(word)[n]
    for n in changed:
        length = lengths[n]
        for word, c in counts[entries[n]].words:
            if (c, length) not in weights:
                weights[(c, length)] = _weight(c, length, average)
            found(word)[n] = weights[(c, length)]
    if flipped:  # the entries that did not change, but hold a word whose weight did
        remade, by_length = set(changed), dict[int, list[int]]()
        for n, length in enumerate(lengths):
            if n not in remade:
                by_length.setdefault(length, []).append(n)
        for c, length in flipped:
            for n in by_length.get(length, []):
                for word, k in counts[entries[n]].words:
                    if k == c:
                        found(word)[n] = weights[(c, length)]
    for word in own:
        if not postings[word]:
            del postings[word]

    total = sum(len(p) for p in postings.values())
    buckets = max(1, math.ceil(total / POSTINGS_PER_BUCKET))
    # The buckets holding a word whose postings changed are made again (all, if their number changed).
    dirty: set[int] = set()
    if kept is not None and len(kept.terms) == buckets:
        terms, term_files, cut, redo = list(kept.terms), list(kept.term_files), set(kept.cut), sorted(own)
    else:
        terms, term_files, cut, redo = [{} for _ in range(buckets)], [""] * buckets, set(), sorted(postings)
        dirty = set(range(buckets))
    for word in redo:
        b = bucket(word, buckets)
        if b not in dirty:  # a kept bucket: copied before it changes
            dirty.add(b)
            terms[b] = dict(terms[b])
        if word not in postings:
            terms[b].pop(word, None)
            cut.discard(word)
            continue
        terms[b][word] = _posting(postings[word])
        if len(postings[word]) > MAX_POSTINGS:
            cut.add(word)
        else:
            cut.discard(word)
    for b in dirty:
        terms[b] = {word: terms[b][word] for word in sorted(terms[b])}
        term_files[b] = _dump({"words": terms[b], "cut": [word for word in terms[b] if word in cut]})

    part_files = list(kept.part_files) if kept is not None else [""] * math.ceil(len(entries) / ENTRIES_PER_PART)
    for k in sorted({n // ENTRIES_PER_PART for n in changed}):
        chunk = entries[k * ENTRIES_PER_PART : (k + 1) * ENTRIES_PER_PART]
        part_files[k] = _dump([[e.location, e.title, e.page, e.text[:MAX_TEXT]] for e in chunk])
    meta = _dump({"format": FORMAT, "entries": len(entries), "buckets": buckets, "per_part": ENTRIES_PER_PART})
    return _Language(
        tuple(entries),
        average,
        weights,
        postings,
        tuple(terms),
        frozenset(cut),
        tuple(term_files),
        tuple(part_files),
        meta,
    )


def _posting(found: dict[int, int]) -> list[int]:
    """A word's entry in its bucket: how many entries hold it (for its rarity), then each entry's
    number as the difference from the last one's, with its weight. A word in more than
    MAX_POSTINGS entries keeps those where it weighs most (at a tie, the first)."""
    numbers = sorted(found)
    if len(numbers) > MAX_POSTINGS:
        tally, room, least = Counter(found.values()), MAX_POSTINGS, 0
        for weight in sorted(tally, reverse=True):
            if tally[weight] >= room:
                least = weight
                break
            room -= tally[weight]
        ties = [n for n in numbers if found[n] == least][room:]  # the last of the least weight kept, left out
        numbers = [n for n in numbers if found[n] >= least]
        if ties:
            left_out = set(ties)
            numbers = [n for n in numbers if n not in left_out]
    out = [len(found)] + [0] * (2 * len(numbers))
    out[1::2] = map(operator.sub, numbers, [0, *numbers[:-1]])
    out[2::2] = map(found.__getitem__, numbers)
    return out
