"""Generate a corpus that looks like the real explainer, at any size, and the same content as
hand-written Markdown for plain MkDocs + Material.

    python benchmarks/make_corpus.py OUT --explainers 1000 --sources 10000 [--seed 1]

writes OUT/project/ (a copy of this project whose data/ holds the generated corpus) and
OUT/baseline/ (plain MkDocs + Material with a themed page for everything our site has a page
for: each explainer with its footnotes, each source, each topic, the home list, the
bibliography), so benchmarks/build.py can build both in one run. The tests use `write_data` for
their own small and large corpora.

Like the seed explainer: eight findings (the last two its limitations and bottom line), about
four sources and 700 characters a finding in one to six paragraphs with emphasis and lists,
editor's notes, stances and confidence with justifications; sources with relays, copies,
identifications, inferred or unknown dates, missing authors and titles, several languages and
scripts. Most sources are cited, and lists stay bounded as the corpus grows: a source is cited
by at most a few dozen explainers, a topic holds about 25. Deterministic: the same arguments
give byte-identical output.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

WORDS = (
    "evidence report figures prisoners exchange front drones surrender hotline ministry court "
    "sentence soldiers units regional casualties claims data weekly monthly analysis policy law "
    "verification footage interview statement estimate record officials observers monitors"
).split()
SCRIPTS = {
    "uk": "полонені обмін солдати звіт дані суд закон фронт дрони заява".split(),
    "ru": "пленные обмен солдаты доклад данные суд закон фронт дроны заявление".split(),
    "cs": "zajatci výměna vojáci zpráva údaje soud zákon fronta drony prohlášení".split(),
    "pt": "prisioneiros troca soldados relatório dados tribunal lei frente drones declaração".split(),
    "pl": "jeńcy wymiana żołnierze raport dane sąd prawo front drony oświadczenie".split(),
}
AFFILIATIONS = [
    "ukrainian-government",
    "ukrainian-media",
    "russian-government",
    "russian-media",
    "international-media",
    "academic",
    "international-body-ngo",
    "other",
]
TYPES = ["article"] * 12 + ["report", "report", "statement", "web-page", "blog-post", "journal-article", "video"]
TOPICS_PER = 25  # explainers a topic holds, about
MOST_CITED = 40  # findings citing one source, at most


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def sentence(rng: random.Random, n: int, words: list[str] = WORDS) -> str:
    return " ".join(rng.choice(words) for _ in range(n)).capitalize()


def _emphasised(rng: random.Random, n: int) -> str:
    """A sentence with Markdown emphasis on a word or two."""
    words = [rng.choice(WORDS) for _ in range(n)]
    k = rng.randrange(n)
    words[k] = f"*{words[k]}*" if rng.random() < 0.6 else f"**{words[k]}**"
    return " ".join(words).capitalize() + "."


def _paragraphs(rng: random.Random, target: int, citations: list[str], link: str | None) -> str:
    """Markdown of about `target` characters in one to six paragraphs, a list among them now
    and then, with the citation clusters placed at the ends of sentences."""
    count = rng.choices([1, 2, 3, 4, 5, 6], [30, 30, 20, 10, 5, 5])[0]
    blocks: list[list[str]] = [[] for _ in range(count)]
    list_at = rng.randrange(count) if count > 1 and rng.random() < 0.35 else -1
    length, k = 0, 0
    while length < target or any(not b for b in blocks):
        text = _emphasised(rng, rng.randint(8, 16)) if rng.random() < 0.3 else sentence(rng, rng.randint(8, 16)) + "."
        blocks[k % count].append(text)
        length += len(text) + 1
        k += 1
    for n, cluster in enumerate(citations):
        block = blocks[n % count]
        block[-1] = block[-1][:-1] + f" {cluster}."
    if link:
        blocks[-1].append(f"See {link}.")
    out = []
    for n, block in enumerate(blocks):
        if n == list_at:
            out.append("\n".join(f"- {s}" for s in block))
        else:
            out.append(" ".join(block))
    return "\n\n".join(out)


def generate(n_explainers: int, n_sources: int, seed: int = 1) -> dict[str, Any]:
    """The corpus as plain Python data: publishers, topics, sources, explainers."""
    rng = random.Random(seed)
    n_publishers = max(8, n_sources // 25)
    publishers: dict[str, dict[str, Any]] = {}
    for i in range(n_publishers):
        pub: dict[str, Any] = {
            "name": f"Publisher {i}",
            "affiliation": AFFILIATIONS[i % len(AFFILIATIONS)],
            "reason": f"Generated publisher {i}, {AFFILIATIONS[i % len(AFFILIATIONS)].replace('-', ' ')}.",
        }
        if rng.random() < 0.5:
            pub["url"] = f"https://publisher-{i}.example.org/"
        publishers[f"publisher-{i}"] = pub
    pub_ids = list(publishers)
    topics = {f"topic-{t}": {"name": f"Topic {t}"} for t in range(max(2, n_explainers // TOPICS_PER))}
    topic_ids = list(topics)

    sources: dict[str, dict[str, Any]] = {}
    for i in range(n_sources):
        lang = rng.choice(["en"] * 6 + list(SCRIPTS))
        words = SCRIPTS.get(lang, WORDS)
        source: dict[str, Any] = {}
        if rng.random() < 0.97:
            source["title"] = sentence(rng, rng.randint(5, 12), words)
        else:
            source["title_note"] = "The page's title was not captured."
        if lang != "en":
            source["language"] = lang
            if "title" in source and rng.random() < 0.7:
                source["title_en"] = sentence(rng, 6)
        kind = rng.choice(TYPES)
        if kind != "article":
            source["type"] = kind
        source["publisher"] = rng.choice(pub_ids)
        if rng.random() < 0.4:
            source["authors"] = [f"Family{rng.randint(1, 900)}, Given" for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.75:
            source["date"] = f"{rng.randint(2022, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if rng.random() < 0.15:
                source["date_inferred"] = True
                source["date_note"] = "From the page's address."
        elif rng.random() < 0.5:
            source["date_note"] = "The page shows no date."
        source["url"] = f"https://publisher-{source['publisher']}.example.org/{i}/article"
        if rng.random() < 0.3:
            source["archive_url"] = f"https://web.archive.org/web/2025/{source['url']}"
        if rng.random() < 0.4:
            source["accessed"] = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if rng.random() < 0.1:
            source["copy"] = {"seen_at": rng.choice(pub_ids), "note": "syndicated copy"}
        if i > 10 and rng.random() < 0.05:
            source["relays"] = [{"source": f"source-{rng.randint(0, i - 1)}", "note": "it repeats that report"}]
        elif rng.random() < 0.15:
            source["relays"] = [{"publisher": rng.choice(pub_ids), "note": "it reports what officials said"}]
        if rng.random() < 0.3:
            source["identification"] = {"match": rng.choice(["exact", "plausible"])}
        if rng.random() < 0.1:
            source["quote"] = f"“{sentence(rng, 14)}, *{rng.choice(WORDS)}*.”"
        sources[f"source-{i}"] = source
    source_ids = list(sources)

    # Each explainer draws on its own block of sources, and a few from a bounded set of
    # often-cited ones: most sources are cited, none by more than MOST_CITED findings.
    per_block = max(6, n_sources // max(1, n_explainers))
    popular = source_ids[: max(5, n_sources // 100)]
    cited_count: dict[str, int] = {}

    def pick(pool: list[str], k: int) -> list[str]:
        chosen: list[str] = []
        for _ in range(k * 3):
            candidate = rng.choice(pool if rng.random() < 0.85 else popular)
            if candidate not in chosen and cited_count.get(candidate, 0) < MOST_CITED:
                chosen.append(candidate)
            if len(chosen) == k:
                break
        for c in chosen:
            cited_count[c] = cited_count.get(c, 0) + 1
        return chosen or [pool[0]]

    explainers: dict[str, dict[str, Any]] = {}
    for e in range(n_explainers):
        start = (e * per_block) % max(1, n_sources - per_block)
        pool = source_ids[start : start + per_block + per_block // 2]
        findings = []
        for f in range(8):
            cited = pick(pool, rng.choice([2, 3, 4, 4, 5, 6]))
            clusters, rest = [], list(cited)
            while rest:
                take = rng.randint(1, min(3, len(rest)))
                group, rest = rest[:take], rest[take:]
                locator = ", p. 4" if take == 1 and rng.random() < 0.1 else ""
                clusters.append("[" + "; ".join(f"@{c}" for c in group) + locator + "]")
            link = None
            if e > 0 and rng.random() < 0.1:
                link = f"[[explainer-{rng.randint(0, e - 1)}#finding-{rng.randint(1, 6)}]]"
            finding: dict[str, Any] = {
                "id": f"finding-{f + 1}",
                "heading": sentence(rng, rng.randint(5, 10)),
                "text": _paragraphs(rng, rng.randint(450, 950), clusters, link),
            }
            if f == 6:
                finding["kind"] = "limitations"
            elif f == 7:
                finding["kind"] = "bottom_line"
            if f < 6 and rng.random() < 0.3 and len(cited) > 1:
                finding["stances"] = {cited[-1]: rng.choice(["contradicts", "context"])}
            if f != 6 and rng.random() < 0.85:
                evidence = rng.choice(["limited", "medium", "robust"])
                agreement = rng.choice(["low", "medium", "high"])
                score = ["limited", "medium", "robust"].index(evidence) + ["low", "medium", "high"].index(agreement)
                ceiling = {0: "low", 1: "medium", 2: "medium", 3: "high", 4: "very-high"}[score]
                levels = ["very-low", "low", "medium", "high", "very-high"]
                level = rng.choice(levels[: levels.index(ceiling) + 1])
                conf = {"evidence": evidence, "agreement": agreement, "level": level}
                if evidence == "robust" or agreement == "high" or level != ceiling:
                    conf["justification"] = sentence(rng, 18) + "."
                finding["confidence"] = conf
            if rng.random() < 0.15:
                finding["editor_notes"] = [sentence(rng, rng.randint(20, 35)) + f" [@{cited[0]}]."]
            findings.append(finding)
        explainer: dict[str, Any] = {
            "question": sentence(rng, rng.randint(6, 10)) + "?",
            "short_answer": rng.choice(["yes", "no", "partly", "unclear"]),
            "published": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "topics": sorted(set(rng.sample(topic_ids, k=min(len(topic_ids), rng.choice([1, 1, 2]))))),
            "summary": _paragraphs(rng, rng.randint(350, 650), [f"[@{c}]" for c in pick(pool, 3)], None),
            "findings": findings,
        }
        if rng.random() < 0.5:
            explainer["review_by"] = f"20{rng.choice([25, 27])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if rng.random() < 0.5:
            explainer["evidence_as_of"] = explainer["published"]
        if rng.random() < 0.3:
            explainer["authors"] = [f"Writer{rng.randint(1, 50)}, Given"]
        if e > 0 and rng.random() < 0.1:
            explainer["related"] = [f"explainer-{rng.randint(0, e - 1)}"]
        if rng.random() < 0.05:
            explainer["corrections"] = [
                {"date": explainer["published"], "what": sentence(rng, 12) + ".", "why": sentence(rng, 10) + "."}
            ]
        explainers[f"explainer-{e}"] = explainer
    return {"publishers": publishers, "topics": topics, "sources": sources, "explainers": explainers}


def _yaml(value: Any, indent: int = 0) -> str:
    """Minimal YAML writer for the generated shapes (JSON scalars are valid YAML)."""
    pad = " " * indent
    if isinstance(value, dict):
        return "".join(
            f"{pad}{k}:"
            + (
                ("\n" + _yaml(v, indent + 2))
                if isinstance(v, dict | list) and v
                else f" {q(v) if isinstance(v, str) else json.dumps(v)}\n"
            )
            for k, v in value.items()
        )
    if not isinstance(value, list):
        return f"{pad}{q(value) if isinstance(value, str) else json.dumps(value)}\n"
    lines = []
    for item in value:
        body = _yaml(item, indent + 2)
        lines.append(f"{pad}- {body.lstrip()}")
    return "".join(lines)


def write_data(corpus: dict[str, Any], data: Path) -> Path:
    """The corpus as a data/ folder."""
    (data / "sources").mkdir(parents=True, exist_ok=True)
    (data / "explainers").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "data" / "affiliations.yaml", data / "affiliations.yaml")
    (data / "topics.yaml").write_text(_yaml(corpus["topics"]), encoding="utf-8")
    (data / "publishers.yaml").write_text(_yaml(corpus["publishers"]), encoding="utf-8")
    for sid, source in corpus["sources"].items():
        (data / "sources" / f"{sid}.yaml").write_text(_yaml(source), encoding="utf-8")
    for eid, explainer in corpus["explainers"].items():
        (data / "explainers" / f"{eid}.yaml").write_text(_yaml(explainer), encoding="utf-8")
    return data


# What a copy of the project needs besides data/: the one list, for benchmarks and tests.
PROJECT_FILES = ("mkdocs.yml", "docs", "overrides", "macros")


def copy_engine(project: Path) -> Path:
    """The project's configuration, pages, theme overrides and engine, copied into `project`."""
    project.mkdir(parents=True, exist_ok=True)
    for item in PROJECT_FILES:
        src = ROOT / item
        if src.is_dir():
            shutil.copytree(src, project / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, project / item)
    return project


def write_project(corpus: dict[str, Any], out: Path) -> Path:
    project = out / "project"
    shutil.rmtree(project, ignore_errors=True)
    copy_engine(project)
    write_data(corpus, project / "data")
    return project


# ---- the baseline: the same content as a person would write it by hand ----------------------------
def write_baseline(corpus: dict[str, Any], out: Path) -> Path:
    """Plain MkDocs + Material, configured and navigated as our site is (the same theme settings
    and navigation: home, topics, bibliography, worklist, the about pages), with a page per
    explainer (its findings, editor's notes and footnotes), per source (its citation and the
    explainers citing it) and per topic, none of them in the navigation."""
    import yaml

    base = out / "baseline"
    shutil.rmtree(base, ignore_errors=True)
    docs = base / "docs"
    for folder in ("explainers", "sources", "topics", "about"):
        (docs / folder).mkdir(parents=True)

    class Loader(yaml.SafeLoader):  # mkdocs.yml's `!ENV` settings (site_url ...) are not the baseline's
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    ours = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    config = {key: ours[key] for key in ("theme", "nav", "validation") if key in ours}
    # Plain Material: without our partials (the footer's licence, the site's own search box).
    config["theme"] = {key: value for key, value in config["theme"].items() if key != "custom_dir"}
    config.update(site_name="Baseline", plugins=["search"])
    config["markdown_extensions"] = ["footnotes", {"toc": {"permalink": True}}, "admonition", "attr_list", "tables"]
    (base / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for page in (ROOT / "docs" / "about").glob("*.md"):  # the same hand-written pages, without macros
        text = re.sub(r"\{\{.*?\}\}", "", page.read_text(encoding="utf-8"))
        (docs / "about" / page.name).write_text(text.replace("render_macros: true\n", ""), encoding="utf-8")
    (docs / "worklist.md").write_text("# Worklist\n\nWhat contributors could improve.\n", encoding="utf-8")
    explainers, sources, pubs = corpus["explainers"], corpus["sources"], corpus["publishers"]
    newest = sorted(explainers.items(), key=lambda kv: (kv[1]["published"], kv[0]), reverse=True)
    (docs / "index.md").write_text(
        "# Explainers\n\n"
        + "".join(
            f"- [{e['question']}](explainers/{eid}.md) **{e['short_answer']}** {e['published']}\n" for eid, e in newest
        ),
        encoding="utf-8",
    )
    cited_by: dict[str, list[str]] = {}
    for eid, explainer in explainers.items():
        notes: dict[str, str] = {}
        body = [
            f"# {explainer['question']}\n",
            f"**{explainer['short_answer'].title()}** — {_footnotes(explainer['summary'], notes)}\n",
        ]
        for n, finding in enumerate(explainer["findings"], start=1):
            body.append(f"## {n}. {finding['heading']} {{#{finding['id']}}}\n\n{_footnotes(finding['text'], notes)}\n")
            for note in finding.get("editor_notes", []):
                body.append(f'!!! note "Editor\'s note"\n    {_footnotes(note, notes)}\n')
        body.append("".join(f"[^{k}]: {_cite(sources[k], pubs)} [Details](../sources/{k}.md)\n" for k in notes))
        (docs / "explainers" / f"{eid}.md").write_text("\n".join(body), encoding="utf-8")
        for k in notes:
            cited_by.setdefault(k, []).append(eid)
    for sid, source in sources.items():
        citing = "".join(f"- [{explainers[e]['question']}](../explainers/{e}.md)\n" for e in cited_by.get(sid, []))
        title = source.get("title", "Untitled")
        body = f"# {title}\n\n{_cite(source, pubs)}\n\n## Cited by\n\n{citing or 'Nothing yet.'}\n"
        (docs / "sources" / f"{sid}.md").write_text(body, encoding="utf-8")
    for tid, topic in corpus["topics"].items():
        on = "".join(f"- [{e['question']}](../explainers/{eid}.md)\n" for eid, e in newest if tid in e["topics"])
        (docs / "topics" / f"{tid}.md").write_text(f"# {topic['name']}\n\n{on}", encoding="utf-8")
    (docs / "topics.md").write_text(
        "# Topics\n\n" + "".join(f"- [{t['name']}](topics/{tid}.md)\n" for tid, t in corpus["topics"].items()),
        encoding="utf-8",
    )
    entries = sorted(sources.items(), key=lambda kv: pubs[kv[1]["publisher"]]["name"])
    (docs / "bibliography.md").write_text(
        "# Bibliography\n\n" + "".join(f'- <a id="{sid}"></a>{_cite(s, pubs)}\n' for sid, s in entries),
        encoding="utf-8",
    )
    return base


def _footnotes(text: str, notes: dict[str, str]) -> str:
    text = re.sub(r"\[\[([^\]|#]*)(?:#([^\]|]*))?\]\]", lambda m: f"[see]({m.group(1)}.md)", text)

    def cluster(m: re.Match[str]) -> str:
        keys = [part.strip().split(",")[0].lstrip("@") for part in m.group(1).split(";")]
        return "".join(f"[^{notes.setdefault(k, k)}]" for k in keys)

    return re.sub(r"\[(@[^\]]+)\]", cluster, text)


def _cite(source: dict[str, Any], pubs: dict[str, Any]) -> str:
    date = source.get("date", "n.d.")
    title = source.get("title", "[title not captured]")
    return f"{pubs[source['publisher']]['name']}, “{title}”, {date}. <{source['url']}>"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--explainers", type=int, default=1000)
    parser.add_argument("--sources", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    corpus = generate(args.explainers, args.sources, args.seed)
    print(write_project(corpus, args.out))
    print(write_baseline(corpus, args.out))


if __name__ == "__main__":
    main()
