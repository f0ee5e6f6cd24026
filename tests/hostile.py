"""A hostile corpus: attack strings in every text field of every data file kind.

Each payload goes into every field at once (plain text, Markdown, locators,
names). A payload is either refused by the check with a proper message, or it
builds and must render inertly; tests/test_hostile.py holds both to account.
"""

from __future__ import annotations

import json

PAYLOADS = [
    "<script>alert(1)</script>",
    "</title><script>alert(2)</script>",
    '"><script>alert(3)</script>',
    "'><svg onload=alert(4)>",
    '<img src="https://example.org/x.png" onerror="alert(5)">',
    "<svg><script>alert(6)</script></svg>",
    "<math><mtext><script>alert(7)</script></mtext></math>",
    '<iframe srcdoc="<script>alert(8)</script>"></iframe>',
    '<object data="https://example.org/x.swf"></object><embed src="https://example.org/x.swf">',
    '<form action="https://example.org/"><button formaction="https://example.org/">go</button></form>',
    "<style>body{background:url(https://example.org/track.png)}</style>",
    '<div style="width:expression(alert(9))">css</div>',
    '<base href="https://example.org/"><meta http-equiv="refresh" content="0;url=https://example.org/">',
    "<details open ontoggle=alert(10)>x</details>",
    '<a href="https://example.org/" onmouseover="alert(11)" target="_blank">hover</a>',
    "[click](javascript:alert(12))",
    "[click](JaVaScRiPt:alert(13))",
    "[click](java&#x09;script:alert(14))",
    "[click](  javascript:alert(15))",
    "[click](vbscript:msgbox(16))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxNyk8L3NjcmlwdD4=)",
    "<javascript:alert(18)>",
    "![img](javascript:alert(19))",
    "[ref][r]\n\n[r]: javascript:alert(20)",
    '<a href="&#106;avascript:alert(21)">x</a>',
    '<a href="jav\tascript:alert(22)">x</a>',
    'Text {: onclick="alert(23)" }',
    "{{ 7*7 }} {% include 'mkdocs.yml' %} {# comment #} {{ config.site_name }}",
    '--8<-- "mkdocs.yml"',
    "<!-- comment --><![CDATA[ x ]]>",
    "&lt;script&gt;alert(24)&lt;/script&gt;",
    "\u202eevil\u202c reversed",
    "*emphasis* **strong** `code` > quote",
]

# Unicode is content, not a hazard: these must show exactly as written.
UNICODE = [
    "Сдаются ли российские солдаты украинским?",
    "Příliš žluťoučký kůň úpěl ďábelské ódy",
    "Soldado russo é condenado a 15 anos de prisão",
    "هل يستسلم الجنود الروس؟",
    "האם חיילים רוסים נכנעים?",
    "White flag 🏳️ and 🇺🇦 emoji 👩🏽\u200d⚕️",
    "Mixed: English then עברית then English",
]
PAYLOADS = PAYLOADS + UNICODE

MARKER = "HOSTILE"


def _quote(text: str) -> str:
    """A YAML double-quoted scalar for any text (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def payload_files(i: int, payload: str) -> dict[str, str]:
    """Data files (relative path -> text) holding payload `i` in every text field."""
    p = _quote(f"{MARKER}{i} {payload}")
    xref_label = payload if "|" not in payload and "]" not in payload else "label"
    loc = payload if not any(c in payload for c in "[];\n") else "p. 4"
    return {
        f"sources/hostile-{i}.yaml": f"""\
title: {p}
title_en: {p}
language: ru
publisher: hostile-{i}
container: {p}
authors: [{p}, {_quote(f"{payload}, Given {i}")}]
date: "2024-01-02"
date_inferred: true
date_note: {p}
url: https://example.org/{i}
copy: {{seen_at: hostile-{i}, note: {p}}}
relays: [{{publisher: hostile-{i}, note: {p}}}]
identification: {{match: plausible, scope: {p}}}
quote: {p}
notes: {p}
""",
        f"explainers/hostile-{i}.yaml": f"""\
question: {p}
short_answer: unclear
published: "2026-01-02"
topics: [hostile-{i}]
summary: {_quote(f"{MARKER}{i} {payload} [@hostile-{i}, {loc}]")}
corrections: [{{date: "2026-02-03", what: {p}, why: {p}}}]
findings:
  - id: first
    heading: {p}
    confidence: {{evidence: limited, agreement: low, level: low, justification: {p}}}
    text: {_quote(f"{MARKER}{i} {payload} [see @hostile-{i}, {loc}] and [[#second]]")}
    editor_notes: [{p}]
  - id: second
    heading: {p}
    text: {_quote(f"{payload} [[hostile-{i}#first|{xref_label}]]")}
""",
        f"publishers/hostile-{i}": f"""\
hostile-{i}:
  name: {p}
  kind: {p}
  affiliation: hostile-{i}
  reason: {p}
""",
        f"affiliations/hostile-{i}": f"""\
hostile-{i}:
  name: {p}
  description: {p}
""",
        f"topics/hostile-{i}": f"""\
hostile-{i}:
  name: {p}
  description: {p}
""",
    }


def write_corpus(data, indexes: list[int]) -> None:
    """Write the payloads `indexes` (positions in PAYLOADS) as one data/ folder."""
    publishers, topics, affiliations = [], [], []
    (data / "sources").mkdir(parents=True, exist_ok=True)
    (data / "explainers").mkdir(parents=True, exist_ok=True)
    for i in indexes:
        for rel, text in payload_files(i, PAYLOADS[i]).items():
            if rel.startswith("publishers/"):
                publishers.append(text)
            elif rel.startswith("topics/"):
                topics.append(text)
            elif rel.startswith("affiliations/"):
                affiliations.append(text)
            else:
                (data / rel).write_text(text, encoding="utf-8")
    (data / "publishers.yaml").write_text("".join(publishers) or "{}\n", encoding="utf-8")
    (data / "topics.yaml").write_text("".join(topics) or "{}\n", encoding="utf-8")
    (data / "affiliations.yaml").write_text("".join(affiliations) or "{}\n", encoding="utf-8")
