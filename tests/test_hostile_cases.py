"""The hostile-input corpus, one case each, with its exact expected outcome.

Each attack string (tests/hostile.py) and each non-Latin text goes once into a one-line field
(the question, shown escaped) and once into a Markdown field (a finding's text, sanitised).
The outcome is either the exact problem the check reports, or the exact HTML the page shows.
These were reviewed by hand when written: a change here is a change in what readers get.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import engine, one_finding_explainer, write_data

from macros.domain.problems import DataError

H1 = '<h1 id="question" dir="auto">'  # an explainer page's heading

CASES = [
    (
        "question",
        "<script>alert(1)</script>",
        "rendered",
        H1 + "&lt;script&gt;alert(1)&lt;/script&gt;</h1>",
    ),
    (
        "question",
        "</title><script>alert(2)</script>",
        "rendered",
        H1 + "&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;</h1>",
    ),
    (
        "question",
        '"><script>alert(3)</script>',
        "rendered",
        H1 + "&#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;</h1>",
    ),
    (
        "question",
        "'><svg onload=alert(4)>",
        "rendered",
        H1 + "&#39;&gt;&lt;svg onload=alert(4)&gt;</h1>",
    ),
    (
        "question",
        '<img src="https://example.org/x.png" onerror="alert(5)">',
        "rendered",
        H1 + "&lt;img src=&#34;https://example.org/x.png&#34; onerror=&#34;alert(5)&#34;&gt;</h1>",
    ),
    (
        "question",
        "<svg><script>alert(6)</script></svg>",
        "rendered",
        H1 + "&lt;svg&gt;&lt;script&gt;alert(6)&lt;/script&gt;&lt;/svg&gt;</h1>",
    ),
    (
        "question",
        "<math><mtext><script>alert(7)</script></mtext></math>",
        "rendered",
        H1 + "&lt;math&gt;&lt;mtext&gt;&lt;script&gt;alert(7)&lt;/script&gt;&lt;/mtext&gt;&lt;/math&gt;</h1>",
    ),
    (
        "question",
        '<iframe srcdoc="<script>alert(8)</script>"></iframe>',
        "rendered",
        H1 + "&lt;iframe srcdoc=&#34;&lt;script&gt;alert(8)&lt;/script&gt;&#34;&gt;&lt;/iframe&gt;</h1>",
    ),
    (
        "question",
        '<object data="https://example.org/x.swf"></object><embed src="https://example.org/x.swf">',
        "rendered",
        H1 + "&lt;object data=&#34;https://example.org/x.swf&#34;&gt;&lt;/object&gt;&lt;embed "
        "src=&#34;https://example.org/x.swf&#34;&gt;</h1>",
    ),
    (
        "question",
        '<form action="https://example.org/"><button formaction="https://example.org/">go</button></form>',
        "rendered",
        H1 + "&lt;form action=&#34;https://example.org/&#34;&gt;&lt;button "
        "formaction=&#34;https://example.org/&#34;&gt;go&lt;/button&gt;&lt;/form&gt;</h1>",
    ),
    (
        "question",
        "<style>body{background:url(https://example.org/track.png)}</style>",
        "rendered",
        H1 + "&lt;style&gt;body{background:url(https://example.org/track.png)}&lt;/style&gt;</h1>",
    ),
    (
        "question",
        '<div style="width:expression(alert(9))">css</div>',
        "rendered",
        H1 + "&lt;div style=&#34;width:expression(alert(9))&#34;&gt;css&lt;/div&gt;</h1>",
    ),
    (
        "question",
        '<base href="https://example.org/"><meta http-equiv="refresh" content="0;url=https://example.org/">',
        "rendered",
        H1 + "&lt;base href=&#34;https://example.org/&#34;&gt;&lt;meta http-equiv=&#34;refresh&#34; "
        "content=&#34;0;url=https://example.org/&#34;&gt;</h1>",
    ),
    (
        "question",
        "<details open ontoggle=alert(10)>x</details>",
        "rendered",
        H1 + "&lt;details open ontoggle=alert(10)&gt;x&lt;/details&gt;</h1>",
    ),
    (
        "question",
        '<a href="https://example.org/" onmouseover="alert(11)" target="_blank">hover</a>',
        "rendered",
        H1 + "&lt;a href=&#34;https://example.org/&#34; onmouseover=&#34;alert(11)&#34; "
        "target=&#34;_blank&#34;&gt;hover&lt;/a&gt;</h1>",
    ),
    (
        "question",
        "[click](javascript:alert(12))",
        "rendered",
        H1 + "[click](javascript:alert(12))</h1>",
    ),
    (
        "question",
        "[click](JaVaScRiPt:alert(13))",
        "rendered",
        H1 + "[click](JaVaScRiPt:alert(13))</h1>",
    ),
    (
        "question",
        "[click](java&#x09;script:alert(14))",
        "rendered",
        H1 + "[click](java&amp;#x09;script:alert(14))</h1>",
    ),
    (
        "question",
        "[click](  javascript:alert(15))",
        "rendered",
        H1 + "[click](  javascript:alert(15))</h1>",
    ),
    (
        "question",
        "[click](vbscript:msgbox(16))",
        "rendered",
        H1 + "[click](vbscript:msgbox(16))</h1>",
    ),
    (
        "question",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxNyk8L3NjcmlwdD4=)",
        "rendered",
        H1 + "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxNyk8L3NjcmlwdD4=)</h1>",
    ),
    (
        "question",
        "<javascript:alert(18)>",
        "rendered",
        H1 + "&lt;javascript:alert(18)&gt;</h1>",
    ),
    (
        "question",
        "![img](javascript:alert(19))",
        "rendered",
        H1 + "![img](javascript:alert(19))</h1>",
    ),
    (
        "question",
        "[ref][r]\n\n[r]: javascript:alert(20)",
        "refused",
        [
            "data/explainers/example-question.yaml:1:11: 'question' has the wrong form: '[ref][r]\\n\\n[r]: "
            "javascript:alert(20)' — write one line of plain text"
        ],
    ),
    (
        "question",
        '<a href="&#106;avascript:alert(21)">x</a>',
        "rendered",
        H1 + "&lt;a href=&#34;&amp;#106;avascript:alert(21)&#34;&gt;x&lt;/a&gt;</h1>",
    ),
    (
        "question",
        '<a href="jav\tascript:alert(22)">x</a>',
        "rendered",
        H1 + "&lt;a href=&#34;jav\tascript:alert(22)&#34;&gt;x&lt;/a&gt;</h1>",
    ),
    (
        "question",
        'Text {: onclick="alert(23)" }',
        "rendered",
        H1 + "Text {: onclick=&#34;alert(23)&#34; }</h1>",
    ),
    (
        "question",
        "{{ 7*7 }} {% include 'mkdocs.yml' %} {# comment #} {{ config.site_name }}",
        "rendered",
        H1 + "{{ 7*7 }} {% include &#39;mkdocs.yml&#39; %} {# comment #} {{ config.site_name }}</h1>",
    ),
    ("question", '--8<-- "mkdocs.yml"', "rendered", H1 + "--8&lt;-- &#34;mkdocs.yml&#34;</h1>"),
    (
        "question",
        "<!-- comment --><![CDATA[ x ]]>",
        "rendered",
        H1 + "&lt;!-- comment --&gt;&lt;![CDATA[ x ]]&gt;</h1>",
    ),
    (
        "question",
        "&lt;script&gt;alert(24)&lt;/script&gt;",
        "rendered",
        H1 + "&amp;lt;script&amp;gt;alert(24)&amp;lt;/script&amp;gt;</h1>",
    ),
    (
        "question",
        "\u202eevil\u202c reversed",
        "refused",
        [
            "data/explainers/example-question.yaml:1:12: the file contains the invisible character U+202E "
            "(RIGHT-TO-LEFT OVERRIDE) — delete it (it often comes from copying text out of a web page, "
            "a terminal or a PDF)"
        ],
    ),
    (
        "question",
        "*emphasis* **strong** `code` > quote",
        "rendered",
        H1 + "*emphasis* **strong** `code` &gt; quote</h1>",
    ),
    (
        "question",
        "Сдаются ли российские солдаты украинским?",
        "rendered",
        H1 + "Сдаются ли российские солдаты украинским?</h1>",
    ),
    (
        "question",
        "Příliš žluťoučký kůň úpěl ďábelské ódy",
        "rendered",
        H1 + "Příliš žluťoučký kůň úpěl ďábelské ódy</h1>",
    ),
    (
        "question",
        "Soldado russo é condenado a 15 anos de prisão",
        "rendered",
        H1 + "Soldado russo é condenado a 15 anos de prisão</h1>",
    ),
    ("question", "هل يستسلم الجنود الروس؟", "rendered", H1 + "هل يستسلم الجنود الروس؟</h1>"),
    ("question", "האם חיילים רוסים נכנעים?", "rendered", H1 + "האם חיילים רוסים נכנעים?</h1>"),
    (
        "question",
        "White flag 🏳️ and 🇺🇦 emoji 👩🏽\u200d⚕️",
        "rendered",
        H1 + "White flag 🏳️ and 🇺🇦 emoji 👩🏽\u200d⚕️</h1>",
    ),
    (
        "question",
        "Mixed: English then עברית then English",
        "rendered",
        H1 + "Mixed: English then עברית then English</h1>",
    ),
    ("text", "<script>alert(1)</script>", "rendered", '<div class="ee-finding-text" dir="auto"></div>'),
    ("text", "</title><script>alert(2)</script>", "rendered", '<div class="ee-finding-text" dir="auto"><p></p></div>'),
    ("text", '"><script>alert(3)</script>', "rendered", '<div class="ee-finding-text" dir="auto"><p>"&gt;</p></div>'),
    ("text", "'><svg onload=alert(4)>", "rendered", '<div class="ee-finding-text" dir="auto"><p>\'&gt;</p></div>'),
    (
        "text",
        '<img src="https://example.org/x.png" onerror="alert(5)">',
        "rendered",
        '<div class="ee-finding-text" dir="auto"><p></p></div>',
    ),
    (
        "text",
        "<svg><script>alert(6)</script></svg>",
        "rendered",
        '<div class="ee-finding-text" dir="auto"><p></p></div>',
    ),
    (
        "text",
        "<math><mtext><script>alert(7)</script></mtext></math>",
        "rendered",
        '<div class="ee-finding-text" dir="auto"></div>',
    ),
    (
        "text",
        '<iframe srcdoc="<script>alert(8)</script>"></iframe>',
        "rendered",
        '<div class="ee-finding-text" dir="auto"></div>',
    ),
    (
        "text",
        '<object data="https://example.org/x.swf"></object><embed src="https://example.org/x.swf">',
        "rendered",
        '<div class="ee-finding-text" dir="auto">\n<p></p></div>',
    ),
    (
        "text",
        '<form action="https://example.org/"><button formaction="https://example.org/">go</button></form>',
        "rendered",
        '<div class="ee-finding-text" dir="auto">go</div>',
    ),
    (
        "text",
        "<style>body{background:url(https://example.org/track.png)}</style>",
        "rendered",
        '<div class="ee-finding-text" dir="auto"></div>',
    ),
    (
        "text",
        '<div style="width:expression(alert(9))">css</div>',
        "rendered",
        '<div class="ee-finding-text" dir="auto">css</div>',
    ),
    (
        "text",
        '<base href="https://example.org/"><meta http-equiv="refresh" content="0;url=https://example.org/">',
        "rendered",
        '<div class="ee-finding-text" dir="auto"><p></p></div>',
    ),
    (
        "text",
        "<details open ontoggle=alert(10)>x</details>",
        "rendered",
        '<div class="ee-finding-text" dir="auto">x</div>',
    ),
    (
        "text",
        '<a href="https://example.org/" onmouseover="alert(11)" target="_blank">hover</a>',
        "rendered",
        '<div class="ee-finding-text" dir="auto"><p><a href="https://example.org/" rel="noopener '
        'noreferrer">hover</a></p></div>',
    ),
    (
        "text",
        "[click](javascript:alert(12))",
        "refused",
        [
            "data/explainers/example-question.yaml:8:20: the link 'javascript:alert(12)' uses the scheme javascript:; "
            "only http, https and mailto are allowed — link to a full https://, http:// or mailto: address"
        ],
    ),
    (
        "text",
        "[click](JaVaScRiPt:alert(13))",
        "refused",
        [
            "data/explainers/example-question.yaml:8:20: the link 'JaVaScRiPt:alert(13)' uses the scheme javascript:; "
            "only http, https and mailto are allowed — link to a full https://, http:// or mailto: address"
        ],
    ),
    (
        "text",
        "[click](java&#x09;script:alert(14))",
        "refused",
        [
            "data/explainers/example-question.yaml:8:20: the link 'java&#x09;script:alert(14)' is not a full address "
            "(relative links do not work from data) — link to a full https://, http:// or mailto: address"
        ],
    ),
    (
        "text",
        "[click](  javascript:alert(15))",
        "refused",
        [
            "data/explainers/example-question.yaml:8:22: the link 'javascript:alert(15)' uses the scheme javascript:; "
            "only http, https and mailto are allowed — link to a full https://, http:// or mailto: address"
        ],
    ),
    (
        "text",
        "[click](vbscript:msgbox(16))",
        "refused",
        [
            "data/explainers/example-question.yaml:8:20: the link 'vbscript:msgbox(16)' uses the scheme vbscript:; "
            "only http, https and mailto are allowed — link to a full https://, http:// or mailto: address"
        ],
    ),
    (
        "text",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxNyk8L3NjcmlwdD4=)",
        "refused",
        [
            "data/explainers/example-question.yaml:8:20: the link "
            "'data:text/html;base64,PHNjcmlwdD5hbGVydCgxNyk8L3NjcmlwdD4=' uses the scheme data:; only http, https and "
            "mailto are allowed — link to a full https://, http:// or mailto: address"
        ],
    ),
    (
        "text",
        "<javascript:alert(18)>",
        "refused",
        [
            "data/explainers/example-question.yaml:8:13: the link 'javascript:alert(18)' uses the scheme javascript:; "
            "only http, https and mailto are allowed — link to a full https://, http:// or mailto: address"
        ],
    ),
    (
        "text",
        "![img](javascript:alert(19))",
        "refused",
        [
            "data/explainers/example-question.yaml:8:19: the link 'javascript:alert(19)' uses the scheme javascript:; "
            "only http, https and mailto are allowed — link to a full https://, http:// or mailto: address"
        ],
    ),
    (
        "text",
        "[ref][r]\n\n[r]: javascript:alert(20)",
        "refused",
        [
            "data/explainers/example-question.yaml:8:11: the link 'javascript:alert(20)' uses the scheme javascript:; "
            "only http, https and mailto are allowed — link to a full https://, http:// or mailto: address"
        ],
    ),
    (
        "text",
        '<a href="&#106;avascript:alert(21)">x</a>',
        "refused",
        [
            "data/explainers/example-question.yaml:8:11: the link '&#106;avascript:alert(21)' is not a full address "
            "(relative links do not work from data) — link to a full https://, http:// or mailto: address"
        ],
    ),
    (
        "text",
        '<a href="jav\tascript:alert(22)">x</a>',
        "refused",
        [
            "data/explainers/example-question.yaml:8:11: the link 'jav' is not a full address (relative links do not "
            "work from data) — link to a full https://, http:// or mailto: address"
        ],
    ),
    (
        "text",
        'Text {: onclick="alert(23)" }',
        "rendered",
        '<div class="ee-finding-text" dir="auto"><p>Text {: onclick="alert(23)" }</p></div>',
    ),
    (
        "text",
        "{{ 7*7 }} {% include 'mkdocs.yml' %} {# comment #} {{ config.site_name }}",
        "rendered",
        '<div class="ee-finding-text" dir="auto"><p>{{ 7*7 }} {% include \'mkdocs.yml\' %} {# comment #} {{ '
        "config.site_name }}</p></div>",
    ),
    (
        "text",
        '--8<-- "mkdocs.yml"',
        "rendered",
        '<div class="ee-finding-text" dir="auto"><p>--8&lt;-- "mkdocs.yml"</p></div>',
    ),
    ("text", "<!-- comment --><![CDATA[ x ]]>", "rendered", '<div class="ee-finding-text" dir="auto">\n</div>'),
    (
        "text",
        "&lt;script&gt;alert(24)&lt;/script&gt;",
        "rendered",
        '<div class="ee-finding-text" dir="auto"><p>&lt;script&gt;alert(24)&lt;/script&gt;</p></div>',
    ),
    (
        "text",
        "\u202eevil\u202c reversed",
        "refused",
        [
            "data/explainers/example-question.yaml:8:12: the file contains the invisible character U+202E "
            "(RIGHT-TO-LEFT OVERRIDE) — delete it (it often comes from copying text out of a web page, "
            "a terminal or a PDF)"
        ],
    ),
    (
        "text",
        "*emphasis* **strong** `code` > quote",
        "rendered",
        '<div class="ee-finding-text" dir="auto"><p><em>emphasis</em> <strong>strong</strong> <code>code</code> &gt; '
        "quote</p></div>",
    ),
    (
        "text",
        "Сдаются ли российские солдаты украинским?",
        "rendered",
        '<div class="ee-finding-text" dir="auto"><p>Сдаются ли российские солдаты украинским?</p></div>',
    ),
    (
        "text",
        "Příliš žluťoučký kůň úpěl ďábelské ódy",
        "rendered",
        '<div class="ee-finding-text" dir="auto"><p>Příliš žluťoučký kůň úpěl ďábelské ódy</p></div>',
    ),
    (
        "text",
        "Soldado russo é condenado a 15 anos de prisão",
        "rendered",
        '<div class="ee-finding-text" dir="auto"><p>Soldado russo é condenado a 15 anos de prisão</p></div>',
    ),
    (
        "text",
        "هل يستسلم الجنود الروس؟",
        "rendered",
        '<div class="ee-finding-text" dir="auto"><p>هل يستسلم الجنود الروس؟</p></div>',
    ),
    (
        "text",
        "האם חיילים רוסים נכנעים?",
        "rendered",
        '<div class="ee-finding-text" dir="auto"><p>האם חיילים רוסים נכנעים?</p></div>',
    ),
    (
        "text",
        "White flag 🏳️ and 🇺🇦 emoji 👩🏽\u200d⚕️",
        "rendered",
        '<div class="ee-finding-text" dir="auto"><p>White flag 🏳️ and 🇺🇦 emoji 👩🏽\u200d⚕️</p></div>',
    ),
    (
        "text",
        "Mixed: English then עברית then English",
        "rendered",
        '<div class="ee-finding-text" dir="auto"><p>Mixed: English then עברית then English</p></div>',
    ),
]


def explainer(question: str, text: str) -> dict[str, str]:
    return one_finding_explainer(json.dumps(text, ensure_ascii=False), json.dumps(question, ensure_ascii=False))


def test_the_corpus_has_at_least_sixty_cases():
    assert len(CASES) >= 60


@pytest.mark.parametrize("field, payload, kind, expected", CASES)
def test_each_hostile_input_has_its_exact_outcome(tmp_path, field, payload, kind, expected):
    files = explainer(payload, "Examples exist.") if field == "question" else explainer("Q?", payload)
    try:
        _, _, renderer = engine(write_data(tmp_path, files))
    except DataError as err:
        assert (kind, [str(p) for p in err.problems]) == ("refused", expected)
        return
    html = renderer.explainer("example-question", "../../")
    pattern = r"<h1[^>]*>.*?</h1>" if field == "question" else r'<div class="ee-finding-text"[^>]*>.*?</div>'
    assert (kind, re.search(pattern, html, re.S).group()) == ("rendered", expected)
