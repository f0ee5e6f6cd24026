"""What a hostile or careless contributor writes is refused at its file:line:col with a fix, never
accepted as something else: ids are exact (issue 15, item 2), a bracket that starts like a
citation is one (item 3), and only regular files are data (item 6).

Each case is a real data/ tree checked by `python -m macros check`, as CI runs it."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL_DATA, ROOT, one_finding_explainer, write_data

PROBLEM = re.compile(r"^(data/.+?):(\d+):(\d+): (.+) — (.+)$")
IMPOSTOR = "title: An impostor\npublisher: example-news\n"


def check(data: Path) -> tuple[int, list[tuple[str, int, int, str]]]:
    """Run the data check as a contributor does; its exit code and every problem it printed."""
    result = subprocess.run(
        [sys.executable, "-m", "macros", "check", "--data", str(data)],
        cwd=data.parent,
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    problems = []
    for line in result.stderr.splitlines():
        if m := PROBLEM.match(line):
            problems.append((m.group(1), int(m.group(2)), int(m.group(3)), f"{m.group(4)} — {m.group(5)}"))
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, problems


def refused_at(data: Path, file: str, line: int | None = None, col: int | None = None) -> str:
    code, problems = check(data)
    assert code == 1, "the check accepted it"
    found = [p for p in problems if p[0] == file and (line is None or p[1] == line) and (col is None or p[2] == col)]
    assert found, f"no problem at {file}:{line}:{col}; the check said {problems}"
    return found[0][3]


# Item 2: ids are exact.


@pytest.mark.parametrize(
    "name,shown",
    [
        ("example-report\n.yaml", "data/sources/example-report\\u000a.yaml"),
        ("example-report\t.yaml", "data/sources/example-report\\u0009.yaml"),
        ("example-report .yaml", "data/sources/example-report .yaml"),
        ("Example-Report.yaml", "data/sources/Example-Report.yaml"),
        ("EXAMPLE-REPORT.yaml", "data/sources/EXAMPLE-REPORT.yaml"),
        ("ex\u0430mple-report.yaml", "data/sources/ex\u0430mple-report.yaml"),  # Cyrillic а
        ("\u0435xample-report.yaml", "data/sources/\u0435xample-report.yaml"),  # Cyrillic е
        ("example-rep\u03bfrt.yaml", "data/sources/example-rep\u03bfrt.yaml"),  # Greek ο
        ("example-report\u2060.yaml", "data/sources/example-report\\u2060.yaml"),
    ],
    ids=["newline", "tab", "space", "case", "upper", "cyrillic-a", "cyrillic-e", "greek-o", "word-joiner"],
)
def test_a_file_name_that_is_not_exactly_an_id_is_refused_with_the_character_named(tmp_path, name, shown):
    """On main, `example-report\\n.yaml` passed (`$` matched before the newline) and shadowed the
    real source in links, search and the .bib."""
    data = write_data(tmp_path, {f"sources/{name}": IMPOSTOR})
    why = refused_at(data, shown, 1, 1)
    assert "not a valid id" in why
    wrong = next(c for c in name.removesuffix(".yaml") if not (c.islower() and c.isascii() or c in "-0123456789"))
    if not wrong.isupper():  # the character is named by its code point
        assert f"U+{ord(wrong):04X}" in why, why
    if "\u0430" in name:
        assert "CYRILLIC SMALL LETTER A" in why and "Latin" in why
    if name[0].isupper():
        assert "example-report" in why and "case" in why


def test_an_id_in_a_file_that_mixes_scripts_names_the_letter(tmp_path):
    topics = "war:\n  name: War\nw\u0430r:\n  name: War again\n"
    data = write_data(tmp_path, {"topics.yaml": topics})
    why = refused_at(data, "data/topics.yaml", 3, 1)
    assert "CYRILLIC SMALL LETTER A" in why and "among Latin letters" in why


@pytest.mark.parametrize(
    "char", ["\u2060", "\u00ad", "\ufeff", "\u200d", "\u200c", "\u180e", "\u3164", "\ufe0f", "\U000e0041", "\u2064"]
)
@pytest.mark.parametrize("written", ["raw", "escaped"])
def test_invisible_characters_inside_text_are_refused(tmp_path, char, written):
    value = f"An exa{char}mple report" if written == "raw" else f'"An exa\\U{ord(char):08x}mple report"'
    source = f"title: {value}\npublisher: example-news\n"
    data = write_data(tmp_path, {"sources/example-report.yaml": source})
    why = refused_at(data, "data/sources/example-report.yaml", 1, 14 if written == "raw" else 8)
    assert f"U+{ord(char):04X}" in why


# Item 3: no citation is published as text.


@pytest.mark.parametrize(
    "text,col",
    [
        ('"Examples exist [@"', 16),
        ('"Examples exist [@example-report"', 16),
        ('"Examples exist [@example-report and more."', 16),
        ('"Examples exist [@@example-report]."', 16),
        ('"Examples exist [see [@example-report]]."', 16),
        ('"Examples exist [@example-report, p. [4]]."', 16),
        ('"Examples exist [[@example-report]."', 16),
        ('"Examples exist [@]."', 16),
        ('"Examples exist [@example-report.]."', 16),
        ('"Examples exist [see; @example-report]."', 16),
    ],
)
def test_a_bracket_that_starts_like_a_citation_is_one_or_an_error(tmp_path, text, col):
    data = write_data(tmp_path, one_finding_explainer(text))
    why = refused_at(data, "data/explainers/example-question.yaml", 8, 11 + col)
    assert "citation" in why


def test_a_cluster_split_over_two_lines_is_an_error(tmp_path):
    explainer = MINIMAL_DATA["explainers/example-question.yaml"].replace(
        "text: Examples exist [@example-report, p. 4].",
        "text: |\n              Examples exist [@example-report;\n              @example-report, p. 4].",
    )
    data = write_data(tmp_path, {"explainers/example-question.yaml": explainer})
    why = refused_at(data, "data/explainers/example-question.yaml", 10, 22)
    assert "one line" in why


def test_brackets_that_are_not_citations_still_build(tmp_path):
    text = '"Mail [me@example.org], see [@someone](https://example.org/u) and [[#first-finding]] [@example-report]."'
    data = write_data(tmp_path, one_finding_explainer(text))
    assert check(data) == (0, [])


def test_a_malformed_citation_in_a_source_note_is_an_error_too(tmp_path):
    source = "title: An example report\npublisher: example-news\nnotes: Compare [@example-report\n"
    data = write_data(tmp_path, {"sources/example-report.yaml": source})
    refused_at(data, "data/sources/example-report.yaml", 3, 16)


# Item 6: only regular files.


def test_a_folder_named_like_a_data_file_is_a_problem_not_a_traceback(tmp_path):
    data = write_data(tmp_path)
    submodule = data / "sources" / "submodule.yaml"
    submodule.mkdir()
    (submodule / "README.md").write_text("a checked-out submodule", encoding="utf-8")
    (data / "explainers" / "folder.yaml").mkdir()
    why = refused_at(data, "data/sources/submodule.yaml", 1, 1)
    assert "folder" in why
    refused_at(data, "data/explainers/folder.yaml", 1, 1)
    _, problems = check(data)
    assert not [p for p in problems if "README" in p[0]], "the folder's contents are reported once, as the folder"


@pytest.mark.parametrize("where", ["sources/piped.yaml", "publishers.yaml", "explainers/piped.yaml"])
def test_a_fifo_is_a_problem_and_never_blocks_the_check(tmp_path, where):
    data = write_data(tmp_path, {where: None})
    os.mkfifo(data / where)
    why = refused_at(data, f"data/{where}", 1, 1)  # check() times out if the check blocks on the pipe
    assert "pipe" in why


def test_a_socket_is_a_problem(tmp_path):
    data = write_data(tmp_path)
    sock = socket.socket(socket.AF_UNIX)
    try:
        os.chdir(data / "sources")  # a socket path must be short
        sock.bind("listening.yaml")
        why = refused_at(data, "data/sources/listening.yaml", 1, 1)
    finally:
        os.chdir(ROOT)
        sock.close()
    assert "socket" in why


def test_a_citation_key_with_a_look_alike_letter_names_it(tmp_path):
    data = write_data(tmp_path, one_finding_explainer('"Examples exist [@ex\u0430mple-report]."'))
    why = refused_at(data, "data/explainers/example-question.yaml", 8, 29)
    assert "CYRILLIC SMALL LETTER A" in why and "did you mean 'example-report'?" in why
