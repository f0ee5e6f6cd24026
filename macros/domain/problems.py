"""Problems found in data/: where they are and how to fix them.

Every check reports a Problem instead of raising, so a contributor sees every
mistake in one run. The text format, `file:line:col: what — how to fix`, is the
one compilers use, so editors and CI annotations can jump to the place.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Mark:
    """A place in a data file; line and column count from 1."""

    file: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Problem:
    mark: Mark
    message: str
    fix: str = ""

    def __str__(self) -> str:
        text = f"{self.mark}: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text


class DataError(Exception):
    """Raised when data/ holds problems; carries all of them, sorted by place."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(format_problems(self.problems))


def format_problems(problems: list[Problem]) -> str:
    files = {p.mark.file for p in problems}
    lines = [str(p) for p in problems]
    noun = "problem" if len(problems) == 1 else "problems"
    fnoun = "file" if len(files) == 1 else "files"
    lines.append(f"{len(problems)} {noun} in {len(files)} {fnoun}.")
    return "\n".join(lines)


def format_grouped(problems: list[Problem]) -> str:
    """For a terminal: the problems of each file together, a blank line between files, then the count."""
    lines, last = [], None
    for problem in problems:
        if last is not None and problem.mark.file != last:
            lines.append("")
        lines.append(str(problem))
        last = problem.mark.file
    files = {p.mark.file for p in problems}
    noun = "problem" if len(problems) == 1 else "problems"
    fnoun = "file" if len(files) == 1 else "files"
    return "\n".join(lines + ["", f"{len(problems)} {noun} in {len(files)} {fnoun}."])


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """The problem as a GitHub Actions workflow command, shown on the changed file's line in a pull request."""
    mark = problem.mark
    message = f"{problem.message} — {problem.fix}" if problem.fix else problem.message
    return (
        f"::error file={_escape_property(mark.file)},line={mark.line},col={mark.col},"
        f"title={_escape_property('Data check')}::{_escape_data(message)}"
    )
