"""The strict YAML loader: what it accepts, what it refuses, and where it says the problem is.

Every refusal must come back as a Problem printed `file:line:col: what — fix`, never as a
traceback, and positions count lines and columns from 1 as editors do.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from macros.load.yaml_loader import MAX_DEPTH, MAX_FILE_BYTES, load_file, load_text

FILE = "data/x.yaml"


def load(text: str):
    """Load dedented `text`; return (data or None, the problems as printed)."""
    doc, problems = load_text(textwrap.dedent(text), FILE)
    return (doc.data if doc else None), [str(p) for p in problems]


def refused(text: str) -> list[str]:
    """The problems printed for `text`, which must not load."""
    data, problems = load(text)
    assert data is None, f"expected the file to be refused, got {data!r}"
    assert problems, "a refused file must say why"
    return problems


def loaded(text: str) -> dict:
    data, problems = load(text)
    assert problems == [], problems
    return data


# --- what loads, and as what ---------------------------------------------------------------


def test_plain_mapping_loads_with_types():
    assert loaded("""\
        title: A report
        count: 12
        share: 1.5
        draft: false
        final: true
        nothing: null
        items: [a, b]
        """) == {
        "title": "A report",
        "count": 12,
        "share": 1.5,
        "draft": False,
        "final": True,
        "nothing": None,
        "items": ["a", "b"],
    }


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "No", "YES", "True", "FALSE", "y", "n"])
def test_only_lowercase_true_and_false_are_booleans(word):
    assert loaded(f"answer: {word}\n") == {"answer": word}


@pytest.mark.parametrize("value", ["0777", "1_000", "2024-01-01", "12:30", "2024-01-01T10:00:00"])
def test_yaml_1_1_numbers_and_dates_stay_text(value):
    assert loaded(f"value: {value}\n") == {"value": value}


def test_explicit_str_tag_is_allowed():
    assert loaded("code: !!str 0777\n") == {"code": "0777"}


# --- duplicate keys ------------------------------------------------------------------------


def test_duplicate_key_points_at_the_second_key():
    assert refused("""\
        title: A report
        publisher: example-news
        title: Another title
        """) == [f"{FILE}:3:1: duplicate key 'title' (first at line 1) — keep one of them"]


def test_duplicate_key_in_a_nested_mapping_points_at_the_second_key():
    assert refused("""\
        findings:
          - id: first
            heading: One
            id: second
        """) == [f"{FILE}:4:5: duplicate key 'id' (first at line 2) — keep one of them"]


def test_duplicate_key_in_a_flow_mapping_is_refused():
    assert refused("copy: {seen_at: a, seen_at: b}\n") == [
        f"{FILE}:1:20: duplicate key 'seen_at' (first at line 1) — keep one of them"
    ]


# --- anchors, aliases, tags ----------------------------------------------------------------


def test_anchor_is_refused():
    assert refused("""\
        name: &who Example News
        other: plain
        """) == [f"{FILE}:1:7: anchors (&name) are not allowed — remove the anchor and write values out in full"]


def test_alias_is_refused():
    assert refused("""\
        name: Example News
        other: *who
        """) == [f"{FILE}:2:8: aliases (*name) are not allowed — write the value out in full"]


def test_python_object_tag_is_refused():
    assert refused("title: !!python/object/apply:os.system ['echo hacked']\n") == [
        f"{FILE}:1:8: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"
        " — remove the `!tag`; write plain values"
    ]


def test_custom_local_tag_is_refused():
    assert refused("title: !secret value\n") == [
        f"{FILE}:1:8: the tag '!secret' is not allowed — remove the `!tag`; write plain values"
    ]


@pytest.mark.parametrize(
    "value", ["!!int abc", "!!float abc", "!!int 0x1F", "!!map text", "!!bool maybe", "!!null text"]
)
def test_explicit_core_tag_on_a_value_that_does_not_fit_is_refused_not_raised(value):
    # `!!int abc` must not crash the loader with a ValueError, and `!!bool maybe` must not
    # silently become false: the value is refused where it stands.
    problems = refused(f"count: {value}\n")
    assert len(problems) == 1
    assert problems[0].startswith(f"{FILE}:1:8: ")


# --- tabs and syntax errors ----------------------------------------------------------------


def test_tab_indentation_is_refused_with_a_clear_message():
    assert refused("findings:\n\t- id: first\n") == [
        f"{FILE}:2:1: a tab character is used for indentation — indent with spaces only"
    ]


def test_tab_indenting_a_nested_key_is_refused():
    assert refused("copy:\n  seen_at: a\n\tnote: b\n") == [
        f"{FILE}:3:1: a tab character is used for indentation — indent with spaces only"
    ]


def test_tab_inside_a_quoted_value_is_fine():
    assert loaded("title: 'Table\t3'\n") == {"title": "Table\t3"}


def test_tab_inside_a_plain_value_is_not_called_indentation():
    # A tab in the middle of `title: Table<TAB>3` is not indentation; the message must not
    # tell the contributor to fix their indentation.
    problems = refused("title: Table\t3\n")
    assert len(problems) == 1
    assert problems[0].startswith(f"{FILE}:1:13: ")
    assert "tab" in problems[0]
    assert "indentation" not in problems[0] and "indent with" not in problems[0]


def test_colon_in_a_plain_value_is_a_syntax_error_at_the_colon():
    assert refused("question: Why: the answer\n") == [
        f"{FILE}:1:14: not valid YAML: mapping values are not allowed here"
        " — check the indentation and quoting on this line and the line above"
    ]


def test_bad_indentation_is_a_syntax_error_on_that_line():
    assert refused("""\
        copy:
          seen_at: a
         note: b
        """) == [
        f"{FILE}:3:2: not valid YAML: while parsing a block mapping, expected <block end>, "
        "but found '<block mapping start>' — check the indentation and quoting on this line and the line above"
    ]


def test_second_document_is_refused():
    assert refused("title: one\n---\ntitle: two\n") == [
        f"{FILE}:2:1: not valid YAML: expected a single document in the stream, but found another document"
        " — check the indentation and quoting on this line and the line above"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "title: [unclosed\n",
        "title: 'unclosed\n",
        'title: "bad \\q escape"\n',
        "- a\nb: c\n",
        "a: b\n  c: d\n",
        "{a: 1\n",
        "title: @at\n",
        "title: `tick\n",
        "a: 1\n\x07\n",  # a control character pasted from a terminal
        "a: \x1b[31mred\n",
    ],
)
def test_malformed_file_gives_a_positioned_problem_not_a_traceback(text):
    doc, problems = load_text(text, FILE)  # must not raise
    assert doc is None
    assert len(problems) == 1
    mark = problems[0].mark
    assert mark.file == FILE and 1 <= mark.line <= text.count("\n") + 1 and mark.col >= 1
    assert 'in "<unicode string>"' not in problems[0].message  # PyYAML's raw report, unformatted


def test_control_character_is_refused_at_its_position():
    problems = refused("title: ok\nnote: bell\x07here\n")
    assert len(problems) == 1
    assert problems[0].startswith(f"{FILE}:2:11: ")


# --- files that are not a mapping of text keys ---------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\n", "\n"])
def test_empty_file_is_refused(text):
    assert refused(text) == [f"{FILE}:1:1: the file is empty — add the fields this kind of file needs, or delete it"]


def test_file_of_only_comments_is_refused():
    assert refused("# nothing here yet\n") == [
        f"{FILE}:1:1: the file holds no data — add the fields this kind of file needs"
    ]


def test_top_level_list_is_refused():
    assert refused("- title: A report\n- title: Another\n") == [
        f"{FILE}:1:1: the top level is a list, not a mapping — start the file with `field: value` lines"
    ]


def test_top_level_scalar_is_refused():
    assert refused("# a comment\njust some words\n") == [
        f"{FILE}:2:1: the top level is a single value, not a mapping — start the file with `field: value` lines"
    ]


@pytest.mark.parametrize(
    "key, what",
    [("1", "a number"), ("2.5", "a number"), ("true", "true or false"), ("null", "nothing"), ("[a, b]", None)],
)
def test_key_that_is_not_text_is_refused(key, what):
    if what is None:
        expected = f"{FILE}:2:1: a key is not text — use a plain word as the key"
    else:
        expected = (
            f"{FILE}:2:1: the key {key!r} is read by YAML as {what}, not text — use a plain word as the key; "
            f"an id needs a letter, e.g. `publisher-{key.replace('.', '-')}` rather than `{key}`"
        )
    assert refused(f"title: ok\n{key}: value\n") == [expected]


def test_byte_order_mark_is_refused():
    assert refused("\ufefftitle: ok\n") == [
        f"{FILE}:1:1: the file starts with a byte-order mark (BOM) — save it as UTF-8 without BOM"
    ]


def test_nul_byte_is_refused_at_its_position():
    assert refused("title: ok\nnote: ab\x00cd\n") == [
        f"{FILE}:2:9: the file contains a NUL byte — remove it; data files are plain text"
    ]


def _nested(levels: int) -> str:
    """`a: [[...[1]...]]` with `levels` nodes from the top mapping to the innermost value."""
    return "a: " + "[" * (levels - 2) + "1" + "]" * (levels - 2) + "\n"


def test_nesting_up_to_max_depth_loads():
    value = loaded(_nested(MAX_DEPTH))["a"]
    for _ in range(MAX_DEPTH - 3):
        value = value[0]
    assert value == [1]


def test_nesting_deeper_than_max_depth_is_refused():
    # the top mapping, `a`'s list and 10 more lists make 12; the 13th level is the `1` at column 15
    assert refused(_nested(MAX_DEPTH + 1)) == [
        f"{FILE}:1:15: nesting deeper than {MAX_DEPTH} levels — flatten the structure; no data file needs this depth"
    ]


def test_absurd_nesting_is_refused_without_recursion_error():
    problems = refused("a: " + "[" * 50_000 + "\n")
    assert problems == [
        f"{FILE}:1:15: nesting deeper than {MAX_DEPTH} levels — flatten the structure; no data file needs this depth"
    ]


# --- load_file: bytes on disk --------------------------------------------------------------


def test_load_file_reads_utf8(tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_text("title: Київ — café\n", encoding="utf-8")
    doc, problems = load_file(path, FILE)
    assert problems == []
    assert doc.data == {"title": "Київ — café"}


def test_non_utf8_bytes_are_refused_at_their_position(tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"title: ok\nnote: caf\xe9 latin-1\n")
    doc, problems = load_file(path, FILE)
    assert doc is None
    assert [str(p) for p in problems] == [f"{FILE}:2:10: the file is not valid UTF-8 — save it as UTF-8"]


def test_file_at_the_size_limit_loads(tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: '" + b"x" * (MAX_FILE_BYTES - 6) + b"'\n")
    assert path.stat().st_size == MAX_FILE_BYTES
    doc, problems = load_file(path, FILE)
    assert problems == []


def test_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: '" + b"x" * (MAX_FILE_BYTES - 5) + b"'\n")
    doc, problems = load_file(path, FILE)
    assert doc is None
    assert [str(p) for p in problems] == [
        f"{FILE}:1:1: the file is {MAX_FILE_BYTES + 1:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit"
        " — split it or shorten the text; no data file needs this much"
    ]


# --- positions of values and of characters inside them -------------------------------------


def test_document_marks_values_and_keys():
    doc, _ = load_text(
        textwrap.dedent("""\
        title: A report
        findings:
          - id: first
            text: Some text.
        """),
        FILE,
    )
    assert str(doc.mark(("title",))) == f"{FILE}:1:8"
    assert str(doc.mark(("findings", 0, "text"))) == f"{FILE}:4:11"
    assert str(doc.key_mark(("findings", 0, "text"))) == f"{FILE}:4:5"
    assert str(doc.mark(("findings", 0, "missing"))) == f"{FILE}:3:5"  # nearest ancestor: the finding


def mark_of(text: str, path: tuple, needle: str) -> tuple[int, int]:
    """(line, col) that the loader gives for the first character of `needle` inside the value
    at `path`."""
    doc, problems = load_text(text, FILE)
    assert problems == [], problems
    value = doc.data
    for part in path:
        value = value[part]
    mark = doc.scalars[path].mark_at(value.index(needle))
    return mark.line, mark.col


def char_at(text: str, line: int, col: int, length: int) -> str:
    return text.splitlines()[line - 1][col - 1 : col - 1 + length]


def test_mark_inside_a_literal_block():
    text = textwrap.dedent("""\
        id: x
        text: |
          First line.

          Second [@example-report] here.
        """)
    assert mark_of(text, ("text",), "example-report") == (5, 12)
    assert char_at(text, 5, 12, 14) == "example-report"


def test_mark_inside_a_literal_block_in_a_list_item():
    text = textwrap.dedent("""\
        findings:
          - id: first
            text: |
              One line.
              Two [@example-report].
        """)
    assert mark_of(text, ("findings", 0, "text"), "example-report") == (5, 13)
    assert char_at(text, 5, 13, 14) == "example-report"


def test_mark_inside_a_folded_block_with_a_blank_line():
    text = textwrap.dedent("""\
        text: >-
          First line
          folds into this one.

          After the break [@example-report].
        """)
    assert mark_of(text, ("text",), "example-report") == (5, 21)
    assert char_at(text, 5, 21, 14) == "example-report"


def test_mark_inside_a_multi_line_plain_scalar():
    text = textwrap.dedent("""\
        findings:
          - id: first
            text: Examples exist in
              many places, see
                [@example-report, p. 4].
        """)
    assert mark_of(text, ("findings", 0, "text"), "example-report") == (5, 11)
    assert char_at(text, 5, 11, 14) == "example-report"


def test_mark_inside_a_single_quoted_scalar():
    text = "summary: 'It is so [@example-report].'\n"
    assert mark_of(text, ("summary",), "example-report") == (1, 22)
    assert char_at(text, 1, 22, 14) == "example-report"


def test_mark_inside_a_double_quoted_scalar():
    text = 'summary: "It is so [@example-report]."\n'
    assert mark_of(text, ("summary",), "example-report") == (1, 22)
    assert char_at(text, 1, 22, 14) == "example-report"


def test_mark_inside_a_single_quoted_scalar_after_a_doubled_quote():
    # `''` is one character of the value but two in the file
    text = "summary: 'It''s so [@example-report].'\n"
    assert mark_of(text, ("summary",), "example-report") == (1, 22)
    assert char_at(text, 1, 22, 14) == "example-report"


def test_mark_inside_a_literal_block_with_windows_line_endings():
    text = "text: |\r\n  First line.\r\n  Second [@example-report] here.\r\n"
    assert mark_of(text, ("text",), "example-report") == (3, 12)
    assert char_at(text, 3, 12, 14) == "example-report"


def test_mark_inside_a_folded_block_with_windows_line_endings():
    text = "text: >\r\n  First line.\r\n  Second [@example-report] here.\r\n"
    assert mark_of(text, ("text",), "example-report") == (3, 12)
    assert char_at(text, 3, 12, 14) == "example-report"


def test_mark_inside_a_literal_block_with_an_indentation_indicator():
    # `|2`: the block is indented 2; the first line keeps 2 extra spaces as text
    text = "text: |2\n    indented\n  Second [@example-report] here.\n"
    assert mark_of(text, ("text",), "example-report") == (3, 12)
    assert char_at(text, 3, 12, 14) == "example-report"
