"""Strict, safe YAML loading that remembers where every value came from.

Data files are written by the public, so the loader is deliberately narrower
than YAML: one document per file, a mapping at the top, string keys, no
duplicate keys, no anchors, aliases or custom tags, and YAML 1.2 core scalars
(only `true`/`false` are booleans; `no`, `on`, `0777`, `1_000` and dates stay
text). Each value's position is kept so later checks can point at the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None  # type: ignore[misc,assignment]

from ..domain.model import Path_
from ..domain.problems import Mark, Problem

if TYPE_CHECKING:
    from yaml.events import Event

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 12

_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# Characters that editors hide or show differently from YAML: refused outright.
_ODD_CHARACTER = re.compile("[\x85\u2028\u2029\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# Where libyaml and PyYAML read a file differently: libyaml accepts tabs that PyYAML refuses, and
# counts a byte-order mark or a control character differently in positions. Such files (rare) are
# read by PyYAML alone. tests/test_properties.py holds the two parsers to the same results.
_LIBYAML_DIFFERS = re.compile("[\t\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Where an anchor (&), alias (*) or tag (!) could start: at a line's start, or after a space or
# a flow indicator. Text without any is composed by libyaml alone (see `_compose`).
_NODE_PROPERTY = re.compile(r"(?:^|[\s\[\]{},])[&*!]", re.MULTILINE)


class _ParserMark(Protocol):
    """A parser's position (0-based): PyYAML's `yaml.error.Mark` or libyaml's `yaml._yaml.Mark`."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


class _CoreResolver(BaseResolver):
    """YAML 1.2 core schema, minus the surprises of YAML 1.1."""


_CoreResolver.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
_CoreResolver.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|)$"), ["~", "n", ""])
_CoreResolver.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^-?(?:0|[1-9][0-9]*)$"), list("-0123456789"))
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$"),
    list("-0123456789"),
)

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class _Differs(Exception):
    """libyaml would place something differently from PyYAML: parse the file with PyYAML."""


class _LoadError(Exception):
    def __init__(self, mark: _ParserMark, message: str, fix: str = "") -> None:
        self.yaml_mark, self.message, self.fix = mark, message, fix


class _Refusals:
    """Composer rules shared by both parsers: no anchors, aliases, custom tags or deep nesting."""

    _depth = 0

    if TYPE_CHECKING:
        # Provided by the parser each composer class also derives from.
        def peek_event(self) -> Event: ...

    # `index`: a list item's position, a mapping value's key node, or None for a key or the root.
    def compose_node(self, parent: Node | None, index: int | Node | None) -> Node | None:
        event = self.peek_event()
        assert event.start_mark is not None  # both parsers mark every event
        if isinstance(event, yaml.AliasEvent):
            raise _LoadError(event.start_mark, "aliases (*name) are not allowed", "write the value out in full")
        if getattr(event, "anchor", None):
            raise _LoadError(
                event.start_mark, "anchors (&name) are not allowed", "remove the anchor and write values out in full"
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!", "tag:yaml.org,2002:str"):
            raise _LoadError(
                event.start_mark, f"the tag {tag!r} is not allowed", "remove the `!tag`; write plain values"
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _LoadError(
                event.start_mark,
                f"nesting deeper than {MAX_DEPTH} levels",
                "flatten the structure; no data file needs this depth",
            )
        try:
            # The composer comes from the classes this mixin is combined with (PyYAML's Composer).
            node: Node | None = super().compose_node(parent, index)  # type: ignore[misc]
            return node
        finally:
            self._depth -= 1


class _Composer(_Refusals, Reader, Scanner, Parser, Composer, _CoreResolver):
    """PyYAML's pure-Python parser: slow, but its error messages are the ones we report."""

    def __init__(self, text: str):
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _CoreResolver.__init__(self)


if _CParser is not None:

    class _FastComposer(_Refusals, Composer, _CParser, _CoreResolver):
        """libyaml's parser (C) feeding the same Python composer: about 10x faster.

        Used only for files it accepts and reads as PyYAML would (see `_compose`); anything else
        is parsed again by `_Composer`, so a problem is always reported with the same words and
        position.
        """

        def __init__(self, text: str):
            _CParser.__init__(self, text)
            Composer.__init__(self)
            _CoreResolver.__init__(self)

    class _CComposer(_CParser, _CoreResolver):
        """libyaml composing in C: for text without anchors, aliases or tags (see `_compose`)."""

        def __init__(self, text: str):
            _CParser.__init__(self, text)
            _CoreResolver.__init__(self)
else:  # pragma: no cover - PyYAML without libyaml
    _FastComposer = _CComposer = None  # type: ignore[misc,assignment]


@dataclass
class Scalar:
    """Where a text value sits in its file, to locate a position inside it."""

    node: ScalarNode
    file: str
    lines: list[str]

    def mark_at(self, offset: int) -> Mark:
        """The file position of character `offset` of the value, where it can be known.

        Exact for block scalars (`|`, `>`), plain scalars and single-line quoted
        ones without escapes; otherwise the value's start.
        """
        node, start = self.node, self.node.start_mark
        if node.style in ("|", ">"):
            first = start.line + 1
            indent = _block_indent(self.lines, first, self.lines[start.line][start.column :])
            rows = [
                (first + i, indent, line[indent:]) for i, line in enumerate(self.lines[first : node.end_mark.line + 1])
            ]
            return self._walk(rows, offset, folded=node.style == ">")
        if node.style is None:
            rows = [(start.line, start.column, self.lines[start.line][start.column :].rstrip())]
            for i in range(start.line + 1, node.end_mark.line + 1):
                raw = self.lines[i]
                stripped = raw.strip()
                rows.append((i, len(raw) - len(raw.lstrip()), stripped))
            return self._walk(rows, offset, folded=True)
        if start.line == node.end_mark.line and node.style == "'":
            return Mark(self.file, start.line + 1, start.column + 2 + offset + node.value[:offset].count("'"))
        if start.line == node.end_mark.line and "\\" not in self.lines[start.line]:
            return Mark(self.file, start.line + 1, start.column + 2 + offset)
        return Mark(self.file, start.line + 1, start.column + 1)

    def _walk(self, rows: list[tuple[int, int, str]], offset: int, folded: bool) -> Mark:
        pos, previous_blank = 0, True
        for line_no, indent, content in rows:
            if folded and not content.strip():
                pos += 0 if not previous_blank else 1
                previous_blank = True
                continue
            if offset < pos + len(content) + 1:
                return Mark(self.file, line_no + 1, indent + (offset - pos) + 1)
            pos += len(content) + 1
            previous_blank = False
        start = self.node.start_mark
        return Mark(self.file, start.line + 1, start.column + 1)


def _block_indent(lines: list[str], first: int, header: str = "") -> int:
    """The content indentation of a block scalar; `header` is its `|2-`-style indicator line."""
    digit = re.match(r"^[|>][+-]?([1-9])", header)
    if digit:
        key = re.match(r"^ *(?:- +)*", lines[first - 1])
        assert key is not None  # the pattern matches the empty text too
        parent = len(key.group())  # where the key starts
        return parent + int(digit.group(1))
    for line in lines[first:]:
        if line.strip():
            return len(line) - len(line.lstrip(" "))
    return 0


@dataclass
class Document:
    """One loaded data file: plain values plus the position of each."""

    file: str
    data: dict[str, Any]
    # The parser's own marks (0-based), turned into Marks only when a problem needs one:
    # a large corpus has hundreds of thousands of values and few problems.
    marks: dict[Path_, _ParserMark] = field(default_factory=dict)
    key_marks: dict[Path_, _ParserMark] = field(default_factory=dict)
    scalars: dict[Path_, Scalar] = field(default_factory=dict)

    def mark(self, path: Path_) -> Mark:
        """The position of the value at `path`, or of its nearest ancestor."""
        path = tuple(path)
        while path not in self.marks and path:
            path = path[:-1]
        return _mark(self.file, self.marks[path]) if path in self.marks else Mark(self.file, 1, 1)

    def key_mark(self, path: Path_) -> Mark:
        found = self.key_marks.get(tuple(path))
        return _mark(self.file, found) if found is not None else self.mark(path)

    def mark_at(self, path: Path_, offset: int) -> Mark:
        """The position of character `offset` of the text at `path`, where it can be known."""
        scalar = self.scalars.get(tuple(path))
        return scalar.mark_at(offset) if scalar else self.mark(path)


def slug_of(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "x"


_KEY_KINDS = {
    "tag:yaml.org,2002:int": "read by YAML as a number",
    "tag:yaml.org,2002:float": "read by YAML as a number",
    "tag:yaml.org,2002:bool": "read by YAML as true or false",
    "tag:yaml.org,2002:null": "read by YAML as nothing",
}


def _mark(file: str, yaml_mark: _ParserMark) -> Mark:
    return Mark(file, yaml_mark.line + 1, yaml_mark.column + 1)


def load_text(text: str, file: str) -> tuple[Document | None, list[Problem]]:
    """Parse one file's text; return the document, or the problems that stop it."""
    start = Mark(file, 1, 1)
    if text.startswith("\ufeff"):
        return None, [Problem(start, "the file starts with a byte-order mark (BOM)", "save it as UTF-8 without BOM")]
    nul = text.find("\x00")
    if nul >= 0:
        return None, [
            Problem(
                _offset_mark(text, nul, file), "the file contains a NUL byte", "remove it; data files are plain text"
            )
        ]
    if not text.strip():
        return None, [Problem(start, "the file is empty", "add the fields this kind of file needs, or delete it")]
    odd = _ODD_CHARACTER.search(text)
    if odd:
        return None, [
            Problem(
                _offset_mark(text, odd.start(), file),
                f"the file contains the invisible character U+{ord(odd.group()):04X}",
                "delete it (it often comes from copying text out of a terminal or a PDF)",
            )
        ]
    try:
        node = _compose(text)
    except _LoadError as err:
        return None, [Problem(_mark(file, err.yaml_mark), err.message, err.fix)]
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_problem(err, file, text)]
    except yaml.reader.ReaderError as err:
        return None, [
            Problem(
                _offset_mark(text, err.position, file),
                f"the file contains the character U+{err.character:04X}, which YAML does not allow",
                "delete it",
            )
        ]
    except yaml.YAMLError as err:  # pragma: no cover - PyYAML always marks its errors
        return None, [Problem(start, f"not valid YAML: {err}", "fix the syntax")]
    if node is None:
        return None, [Problem(start, "the file holds no data", "add the fields this kind of file needs")]
    if not isinstance(node, MappingNode):
        kind = "a list" if isinstance(node, SequenceNode) else "a single value"
        return None, [
            Problem(
                _mark(file, node.start_mark),
                f"the top level is {kind}, not a mapping",
                "start the file with `field: value` lines",
            )
        ]
    doc = Document(file, {})
    lines = split_lines(text)
    problems: list[Problem] = []
    doc.data = _build(node, (), doc, lines, problems)
    return (None if problems else doc), problems


def _compose(text: str) -> Node | None:
    """The node tree of `text`, by the fastest reader that reads it exactly as PyYAML does.

    1. Text with no anchor, alias or tag (none of `&*!` where a node can start): libyaml
       parses and composes it in C.
    2. Other text: libyaml's events, composed with `_Refusals` in Python.
    3. Anything a faster reader refuses or would read differently (`_check_composed`), including
       every file with a problem: PyYAML's own parser, whose words and positions are reported.
    """
    readers: list[type[_CParser]] = []
    if _CParser is not None and not _LIBYAML_DIFFERS.search(text):
        readers = [_FastComposer] if _NODE_PROPERTY.search(text) else [_CComposer, _FastComposer]
    for reader in readers:
        try:
            node = reader(text).get_single_node()
            _check_composed(node, 1)
            return node
        except Exception:  # noqa: BLE001 - a refusal or a difference: the next reader decides
            continue
    return _Composer(text).get_single_node()


def _check_composed(node: Node | None, depth: int) -> None:
    """Raise _Differs where a libyaml tree is not what PyYAML would give, or breaks a rule
    `_Refusals` applies while composing (too deep), so the reference parser reports it."""
    if node is None:
        return
    if depth > MAX_DEPTH:
        raise _Differs
    if isinstance(node, ScalarNode):
        node.style = node.style or None  # libyaml calls the plain style '', PyYAML None
        if node.style is None and not node.value:
            raise _Differs  # an empty value: libyaml places it on the next line, PyYAML after its key
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            _check_composed(key, depth + 1)
            _check_composed(value, depth + 1)
    else:
        for item in node.value:
            _check_composed(item, depth + 1)


def split_lines(text: str) -> list[str]:
    """Lines as PyYAML counts them, so positions agree with its marks."""
    return _LINE_BREAK.split(text)


def _offset_mark(text: str, offset: int, file: str) -> Mark:
    lines = split_lines(text[:offset])
    return Mark(file, len(lines), len(lines[-1]) + 1)


def _syntax_problem(err: yaml.MarkedYAMLError, file: str, text: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    if err.context and "quoted scalar" in err.context and err.context_mark:
        mark = err.context_mark  # an unclosed quote: point at where it opens
    where = _mark(file, mark) if mark else Mark(file, 1, 1)
    what = (err.problem or str(err)).strip()
    lines = split_lines(text)
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "'\\t'" in what or (mark and "\t" in line[: mark.column + 1]):
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]:
            return Problem(where, "a tab character is used for indentation", "indent with spaces only")
        return Problem(
            where, "a tab character inside an unquoted value", "replace the tab with spaces, or put the value in quotes"
        )
    if err.context:
        what = f"{err.context.strip()}, {what}"
    return Problem(
        where, f"not valid YAML: {what}", "check the indentation and quoting on this line and the line above"
    )


def _build(node: Node, path: Path_, doc: Document, lines: list[str], problems: list[Problem]) -> Any:
    doc.marks[path] = node.start_mark
    if node.tag not in _PLAIN_TAGS:
        problems.append(
            Problem(
                _mark(doc.file, node.start_mark),
                f"the tag {node.tag!r} is not allowed",
                "remove the `!tag`; write plain values",
            )
        )
        return None
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                kind = _KEY_KINDS.get(key_node.tag, "not text") if isinstance(key_node, ScalarNode) else "not text"
                value = key_node.value if isinstance(key_node, ScalarNode) else ""
                shown = f"the key {value!r} is {kind}" if value else "a key is not text"
                fix = "use a plain word as the key"
                if kind != "not text":
                    shown += ", not text"
                    fix += f"; an id needs a letter, e.g. `publisher-{slug_of(value)}` rather than `{value}`"
                problems.append(Problem(_mark(doc.file, key_node.start_mark), shown, fix))
                continue
            key = key_node.value
            if _SURROGATE.search(key):
                problems.append(
                    Problem(
                        _mark(doc.file, key_node.start_mark),
                        "a key holds an escaped half of a character (a \\ud800-style surrogate)",
                        "write the key in plain letters",
                    )
                )
                continue
            if key in result:
                first = doc.key_mark(path + (key,))
                problems.append(
                    Problem(
                        _mark(doc.file, key_node.start_mark),
                        f"duplicate key {key!r} (first at line {first.line})",
                        "keep one of them",
                    )
                )
                continue
            doc.key_marks[path + (key,)] = key_node.start_mark
            result[key] = _build(value_node, path + (key,), doc, lines, problems)
        return result
    if isinstance(node, SequenceNode):
        return [_build(item, path + (i,), doc, lines, problems) for i, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    tag = node.tag
    if tag == "tag:yaml.org,2002:str":
        if _SURROGATE.search(node.value):
            problems.append(
                Problem(
                    _mark(doc.file, node.start_mark),
                    "the text holds an escaped half of a character (a \\ud800-style surrogate)",
                    "write the character itself",
                )
            )
            return None
        doc.scalars[path] = Scalar(node, doc.file, lines)
        return node.value
    if tag == "tag:yaml.org,2002:bool":
        return node.value == "true"
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:int":
        return int(node.value)
    return float(node.value)


def load_file(path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse one data file; `display` is the name used in messages."""
    start = Mark(display, 1, 1)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, [
            Problem(
                start,
                f"the file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit",
                "split it or shorten the text; no data file needs this much",
            )
        ]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        col = len(raw[line_start : err.start].decode("utf-8", errors="replace")) + 1
        return None, [Problem(Mark(display, line, col), "the file is not valid UTF-8", "save it as UTF-8")]
    return load_text(text, display)
