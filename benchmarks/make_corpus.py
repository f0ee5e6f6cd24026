"""Generate a realistic corpus of any size, and the same content as hand-written Markdown.

    python benchmarks/make_corpus.py OUT --explainers 1000 --sources 10000 [--seed 1]

writes OUT/project/ (a copy of this project whose data/ holds the generated corpus) and
OUT/baseline/ (plain MkDocs + Material: the same explainers as Markdown pages with footnotes,
and one hand-written bibliography page), so benchmarks/build.py can build both in one run.

Deterministic: the same arguments give byte-identical output. Citations follow a long tail
(a few sources are cited very often, most rarely), some sources relay others, explainers
cross-link, and titles mix English, Cyrillic, Czech and Portuguese.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORDS = (
    "evidence report figures prisoners exchange front drones surrender hotline ministry court "
    "sentence soldiers units regional casualties claims data weekly monthly analysis policy law "
    "verification footage interview statement estimate record"
).split()
CYRILLIC = "полонені обмін солдати звіт дані суд закон фронт дрони заява".split()
CZECH = "zajatci výměna vojáci zpráva údaje soud zákon fronta drony prohlášení".split()
PORTUGUESE = "prisioneiros troca soldados relatório dados tribunal lei frente drones declaração".split()
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


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def sentence(rng: random.Random, n: int, words=WORDS) -> str:
    return " ".join(rng.choice(words) for _ in range(n)).capitalize()


def generate(n_explainers: int, n_sources: int, seed: int = 1) -> dict:
    """The corpus as plain Python data: publishers, sources, explainers."""
    rng = random.Random(seed)
    publishers = {
        f"publisher-{i}": {
            "name": f"Publisher {i}",
            "affiliation": AFFILIATIONS[i % len(AFFILIATIONS)],
            "reason": f"Generated publisher {i}.",
        }
        for i in range(max(8, n_sources // 40))
    }
    pub_ids = list(publishers)
    sources = {}
    for i in range(n_sources):
        lang = rng.choice(["en", "en", "en", "uk", "cs", "pt"])
        words = {"uk": CYRILLIC, "cs": CZECH, "pt": PORTUGUESE}.get(lang, WORDS)
        source = {
            "title": sentence(rng, rng.randint(5, 12), words),
            "publisher": rng.choice(pub_ids),
            "url": f"https://example.org/{i}/article",
        }
        if lang != "en":
            source["language"] = lang
            source["title_en"] = sentence(rng, 6)
        if rng.random() < 0.7:
            source["date"] = f"{rng.randint(2022, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if rng.random() < 0.5:
            source["authors"] = [f"Family{rng.randint(1, 500)}, Given"]
        if i > 10 and rng.random() < 0.2:
            source["relays"] = [{"source": f"source-{rng.randint(0, i - 1)}"}]
        sources[f"source-{i}"] = source
    # Long tail: source k is chosen with weight 1/(k+1).
    weights = [1 / (k + 1) for k in range(n_sources)]
    source_ids = list(sources)
    explainers = {}
    for e in range(n_explainers):
        findings = []
        for f in range(8):
            cited = rng.choices(source_ids, weights, k=rng.randint(1, 3))
            text = sentence(rng, rng.randint(30, 60)) + " [" + "; ".join(f"@{c}" for c in dict.fromkeys(cited)) + "]."
            if e > 0 and rng.random() < 0.1:
                text += f" See [[explainer-{rng.randint(0, e - 1)}#finding-{rng.randint(1, 8)}]]."
            findings.append(
                {
                    "id": f"finding-{f + 1}",
                    "heading": sentence(rng, rng.randint(5, 10)),
                    "text": text,
                    "confidence": {"evidence": "medium", "agreement": "medium", "level": "medium"},
                }
            )
        findings[-1]["kind"] = "bottom_line"
        findings[-2]["kind"] = "limitations"
        findings[-2].pop("confidence")
        explainers[f"explainer-{e}"] = {
            "question": sentence(rng, rng.randint(6, 10)) + "?",
            "short_answer": rng.choice(["yes", "no", "partly"]),
            "published": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "summary": sentence(rng, 40) + f" [@{rng.choice(source_ids[:50])}].",
            "findings": findings,
        }
    return {"publishers": publishers, "sources": sources, "explainers": explainers}


def _yaml(value, indent: int = 0) -> str:
    """Minimal YAML writer for the generated shapes (JSON scalars are valid YAML)."""
    pad = " " * indent
    if isinstance(value, dict):
        return "".join(
            f"{pad}{k}:"
            + (
                ("\n" + _yaml(v, indent + 2))
                if isinstance(v, (dict, list)) and v
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


def write_project(corpus: dict, out: Path) -> Path:
    project = out / "project"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    for item in ("mkdocs.yml", "docs", "macros"):
        src = ROOT / item
        (shutil.copytree if src.is_dir() else shutil.copy)(src, project / item)
    data = project / "data"
    (data / "sources").mkdir(parents=True)
    (data / "explainers").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "affiliations.yaml", data / "affiliations.yaml")
    (data / "topics.yaml").write_text("generated:\n  name: Generated\n", encoding="utf-8")
    (data / "publishers.yaml").write_text(_yaml(corpus["publishers"]), encoding="utf-8")
    for sid, source in corpus["sources"].items():
        (data / "sources" / f"{sid}.yaml").write_text(_yaml(source), encoding="utf-8")
    for eid, explainer in corpus["explainers"].items():
        (data / "explainers" / f"{eid}.yaml").write_text(_yaml(explainer), encoding="utf-8")
    return project


def write_baseline(corpus: dict, out: Path) -> Path:
    """The same content as a person would write it by hand for plain MkDocs + Material."""
    base = out / "baseline"
    shutil.rmtree(base, ignore_errors=True)
    (base / "docs" / "explainers").mkdir(parents=True)
    (base / "mkdocs.yml").write_text(
        "site_name: Baseline\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n"
        "markdown_extensions:\n  - footnotes\n  - toc:\n      permalink: true\n"
        "nav:\n  - Home: index.md\n  - Bibliography: bibliography.md\n",
        encoding="utf-8",
    )
    (base / "docs" / "index.md").write_text(
        "# Explainers\n\n"
        + "".join(f"- [{e['question']}](explainers/{eid}.md)\n" for eid, e in corpus["explainers"].items()),
        encoding="utf-8",
    )
    pubs = corpus["publishers"]
    for eid, explainer in corpus["explainers"].items():
        notes: dict = {}
        body = [
            f"# {explainer['question']}\n",
            f"**{explainer['short_answer'].title()}** — {_footnotes(explainer['summary'], notes)}\n",
        ]
        for n, finding in enumerate(explainer["findings"], start=1):
            body.append(f"## {n}. {finding['heading']}\n\n{_footnotes(finding['text'], notes)}\n")
        body.append("".join(f"[^{k}]: {_cite(corpus['sources'][k], pubs)}\n" for k in notes))
        (base / "docs" / "explainers" / f"{eid}.md").write_text("\n".join(body), encoding="utf-8")
    entries = sorted(corpus["sources"].items(), key=lambda kv: pubs[kv[1]["publisher"]]["name"])
    (base / "docs" / "bibliography.md").write_text(
        "# Bibliography\n\n" + "".join(f'- <a id="{sid}"></a>{_cite(s, pubs)}\n' for sid, s in entries),
        encoding="utf-8",
    )
    return base


def _footnotes(text: str, notes: dict) -> str:
    import re

    text = re.sub(r"\[\[([^\]|#]*)(?:#([^\]|]*))?\]\]", lambda m: f"[see]({m.group(1)}.md)", text)
    return re.sub(
        r"\[(@[^\]]+)\]",
        lambda m: "".join(f"[^{notes.setdefault(k.strip()[1:], k.strip()[1:])}]" for k in m.group(1).split(";")),
        text,
    )


def _cite(source: dict, pubs: dict) -> str:
    date = source.get("date", "n.d.")
    return f"{pubs[source['publisher']]['name']}, “{source['title']}”, {date}. <{source['url']}>"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
