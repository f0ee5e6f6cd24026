"""Contributing without help: the guide's worked example, scaffolds, editor schemas, CI annotations,
change summaries."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, make_project, run_build, write_data

from macros.cli.changes import compare, summary
from macros.cli.scaffold import ScaffoldError, new_explainer, new_finding, new_source
from macros.domain.problems import DataError, Mark, Problem, github_annotation
from macros.load.corpus import load_corpus
from macros.load.schema import SCHEMA_DIR, validator

GUIDE = ROOT / "docs" / "about" / "contributing.md"


def guide_block(name: str) -> str:
    """The fenced block after `<!-- worked-example: name -->` in the contributing guide."""
    match = re.search(rf"<!-- worked-example: {name} -->\n```\w*\n(.*?)\n```", GUIDE.read_text(), re.S)
    assert match, f"the guide lost its worked example step '{name}'"
    return match.group(1)


def run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    args = shlex.split(command)
    assert args[:3] == ["python", "-m", "macros"]
    return subprocess.run([sys.executable, *args[1:]], cwd=cwd, capture_output=True, text=True, timeout=120)


def counted(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def test_the_guides_worked_example_ends_with_the_new_source_on_the_built_site(tmp_path):
    project = make_project(tmp_path, real_data=True)
    # What data/ holds before the example (counted here: contributors add to the real data).
    explainers = len(
        [p for p in (project / "data" / "explainers").glob("*.yaml") if "." not in p.stem]
    )  # no translation
    sources = len(list((project / "data" / "sources").glob("*.yaml")))
    # 1. scaffold
    result = run(guide_block("new-source"), project)
    assert result.returncode == 0, result.stderr
    source_file = project / "data" / "sources" / "example-pow-report.yaml"
    assert source_file.is_file()
    # 2. fill in what the page shows: uncomment the field and give its value
    text = source_file.read_text()
    for line in guide_block("fill-in").splitlines():
        key = line.split(":", 1)[0]
        text, n = re.subn(rf"^# {key}: .*$", line, text, flags=re.M)
        assert n == 1, f"the scaffold has no commented `{key}:` line to fill in"
    source_file.write_text(text)
    # 3. cite it where the guide says
    explainer = project / "data" / "explainers" / "are-russians-surrendering-to-ukrainians.yaml"
    cited = guide_block("cite")
    before = cited.replace(" [@example-pow-report]", "")
    assert before in explainer.read_text()
    explainer.write_text(explainer.read_text().replace(before, cited, 1))
    # 6. record a correction
    explainer.write_text(explainer.read_text() + guide_block("correction") + "\n")
    # 4. check
    result = run(guide_block("check"), project)
    assert result.returncode == 0, result.stderr
    # The check counts one source more than data/ held before, and no more explainers.
    assert result.stdout.startswith(
        f"data/ is valid: {counted(explainers, 'explainer')}, {counted(sources + 1, 'source')}"
    )
    # 5. build: the source has its page, cited by the finding, and is in the bibliography
    assert run_build(project).returncode == 0
    page = (project / "site" / "sources" / "example-pow-report" / "index.html").read_text()
    assert "An example report on prisoners of war" in page and "22 June 2024" in page
    assert 'href="../../explainers/are-russians-surrendering-to-ukrainians/#aggregate-numbers"' in page
    assert 'id="example-pow-report"' in (project / "site" / "bibliography" / "index.html").read_text()
    explainer_page = (
        project / "site" / "explainers" / "are-russians-surrendering-to-ukrainians" / "index.html"
    ).read_text()
    assert "A contributor found a report that supports the finding." in explainer_page
    # The correction names the finding it changed, on the site's corrections page too.
    corrections = (project / "site" / "corrections" / "index.html").read_text()
    assert "A contributor found a report that supports the finding." in corrections
    assert 'href="../explainers/are-russians-surrendering-to-ukrainians/#aggregate-numbers"' in corrections


# --- scaffolds -------------------------------------------------------------------------------------


def test_scaffolds_write_commented_templates_whose_todos_the_check_refuses(tmp_path):
    data = write_data(tmp_path)
    new_source(data, "second-report", "example-news")
    new_explainer(data, "second-question", "Is there a second question?")
    new_finding(data, "second-question", "another-finding", "Another finding")
    source = (data / "sources" / "second-report.yaml").read_text()
    assert '# date: "YYYY-MM-DD"' in source and "# authors:" in source and "publisher: example-news" in source
    with pytest.raises(DataError) as info:
        load_corpus(data)
    assert [str(p) for p in info.value.problems] == [
        "data/explainers/second-question.yaml:23:10: 'summary' still holds the scaffold's TODO — write the real "
        "text (or leave the field out if it is optional)",
        "data/explainers/second-question.yaml:28:14: 'findings[1].heading' still holds the scaffold's TODO — write "
        "the real text (or leave the field out if it is optional)",
        "data/explainers/second-question.yaml:29:11: 'findings[1].text' still holds the scaffold's TODO — write the "
        "real text (or leave the field out if it is optional)",
        "data/explainers/second-question.yaml:37:11: 'findings[2].text' still holds the scaffold's TODO — write the "
        "real text (or leave the field out if it is optional)",
        "data/sources/second-report.yaml:6:8: 'title' still holds the scaffold's TODO — write the real text (or "
        "leave the field out if it is optional)",
    ]


def test_scaffolds_never_overwrite(tmp_path):
    data = write_data(tmp_path)
    original = (data / "sources" / "example-report.yaml").read_text()
    with pytest.raises(ScaffoldError, match="already exists — nothing was written"):
        new_source(data, "example-report", "example-news")
    with pytest.raises(ScaffoldError, match="already has a finding 'first-finding'"):
        new_finding(data, "example-question", "first-finding")
    assert (data / "sources" / "example-report.yaml").read_text() == original


def test_scaffold_command_refuses_bad_ids_and_unknown_publishers(tmp_path):
    data = write_data(tmp_path)
    result = run(f"python -m macros new --data {data} source Bad_Id --publisher example-news", tmp_path)
    assert result.returncode == 1 and "'Bad_Id' is not a valid source id" in result.stderr
    result = run(f"python -m macros new --data {data} source good-id --publisher nobody", tmp_path)
    assert result.returncode == 1 and "unknown publisher 'nobody'" in result.stderr
    assert not (data / "sources" / "good-id.yaml").exists()


# --- editor schemas ----------------------------------------------------------------------------------

KIND_FILES = {
    "explainer": "data/explainers/*.yaml",
    "translation": "data/explainers/*.*.yaml",  # each names its schema in its first line, which editors follow
    "source": "data/sources/*.yaml",
    "publishers": "data/publishers.yaml",
    "affiliations": "data/affiliations.yaml",
    "topics": "data/topics.yaml",
}


def test_editors_and_the_check_use_the_same_schema_files():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())["yaml.schemas"]
    for kind, pattern in KIND_FILES.items():
        schema_file = SCHEMA_DIR / f"{kind}.schema.json"
        assert validator(kind).schema == json.loads(schema_file.read_text())  # the check reads this very file
        assert settings[f"./macros/schemas/{kind}.schema.json"] == pattern
        for path in ROOT.glob(pattern):  # each data file names its schema for yaml-language-server
            if kind == "explainer" and "." in path.stem:
                continue  # a translation (the pattern above)
            modeline = next(line for line in path.read_text().splitlines() if "yaml-language-server" in line)
            target = modeline.split("$schema=", 1)[1]
            assert (path.parent / target).resolve() == schema_file.resolve(), path


def test_every_field_in_every_schema_has_a_description():
    def walk(node, where):
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                assert "description" in prop, f"{where}.{name} has no description"
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    for path in SCHEMA_DIR.glob("*.schema.json"):
        walk(json.loads(path.read_text()), path.name)


# --- CI annotations and the change summary -----------------------------------------------------------


def test_github_annotation_format_escapes_what_would_break_it():
    problem = Problem(Mark("data/sources/a,b.yaml", 3, 5), "unknown field 'x: y' 100%\nnext", "fix, it")
    assert github_annotation(problem) == (
        "::error file=data/sources/a%2Cb.yaml,line=3,col=5,title=Data check::"
        "unknown field 'x: y' 100%25%0Anext — fix, it"
    )


def test_check_command_prints_annotations_for_github(tmp_path):
    data = write_data(tmp_path, {"sources/example-report.yaml": "title: T\npublisher: nobody\n"})
    result = run(f"python -m macros check --data {data} --format github", tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=data/sources/example-report.yaml,line=2,col=12,title=Data check::unknown publisher "
        "'nobody' — add 'nobody:' with a name, affiliation and reason to data/publishers.yaml"
    ]


def test_change_summary_between_two_versions_of_the_data(tmp_path):
    old = write_data(tmp_path / "old")
    new = write_data(
        tmp_path / "new",
        {
            "sources/example-report.yaml": "title: An example report, revised\npublisher: example-news\n"
            'date: "2024-06-22"\nurl: https://example.org/report\n',
            "sources/second-report.yaml": "title: A second report\npublisher: example-news\n",
            "explainers/example-question.yaml": """\
            question: Is this an example?
            short_answer: "no"
            published: "2026-01-02"
            topics: [war]
            summary: It is not [@example-report].
            findings:
              - id: first-finding
                heading: The first finding
                text: Examples exist [@example-report, p. 4] [@second-report].
              - id: new-finding
                heading: A new finding
                text: New [@second-report].
            """,
        },
    )
    assert summary(compare(old, new)) == (
        "## What this change does to the data\n\n"
        "1 explainer edited, 1 finding edited, 1 finding added, 1 source edited, 1 source added.\n\n"
        "- edited explainer `example-question` (short_answer, summary)\n"
        "- edited finding `example-question#first-finding` (text)\n"
        "- added finding `example-question#new-finding`\n"
        "- edited source `example-report` (title)\n"
        "- added source `second-report`\n"
    )
    assert summary(compare(old, old)) == "## What this change does to the data\n\nNothing under `data/` changed.\n"


def test_the_pre_commit_hook_runs_the_check():
    config = (ROOT / ".pre-commit-config.yaml").read_text()
    assert "entry: python -m macros check" in config and "files: ^data/" in config
    template = (ROOT / ".github" / "pull_request_template.md").read_text()
    assert "## What changes" in template and "## Which sources support it" in template
