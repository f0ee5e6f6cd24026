"""JSON Schema checks of each data file, reported as file:line:col problems.

The schema files in macros/schemas/ are the single definition of each file
kind: the validator reads them here, and editors read the same files through
yaml-language-server. A schema may carry an `x-fix` string: the advice shown
when a value breaks that part of the schema.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from referencing import Registry, Resource

from ..domain.model import Path_
from ..domain.problems import Problem
from .yaml_loader import Document

if TYPE_CHECKING:
    import jsonschema_rs
    from jsonschema.protocols import Validator

SCHEMA_DIR = Path(__file__).parent.parent / "schemas"
KINDS = ("explainer", "source", "publishers", "topics")
ALLOWED_SCHEMES = ("http", "https", "mailto")

format_checker = FormatChecker()


@format_checker.checks("ee-date", raises=ValueError)  # type: ignore[untyped-decorator]
def is_date(value: object) -> bool:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        dt.date.fromisoformat(value)  # the pattern reports other shapes
    return True


@format_checker.checks("ee-partial-date", raises=ValueError)  # type: ignore[untyped-decorator]
def is_partial_date(value: object) -> bool:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", value):
        parts = [int(p) for p in value.split("-")]
        dt.date(parts[0], *(parts[1:] + [1] * (3 - len(parts))))  # the pattern reports other shapes
    return True


_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")


def url_problem(value: str) -> str | None:
    """Why `value` is not an allowed link, or None when it is fine."""
    if value != value.strip() or _SPACE_OR_CONTROL.search(value):
        return "contains spaces or control characters"
    try:
        parts = urlsplit(value)
    except ValueError:
        return "is not a well-formed address"
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        return f"uses the scheme {scheme + ':' if scheme else '(none)'}; only http, https and mailto are allowed"
    if scheme in ("http", "https") and not parts.hostname:
        return "has no host name"
    if scheme == "mailto" and "@" not in parts.path:
        return "is not an e-mail address"
    return None


@format_checker.checks("ee-url", raises=ValueError)  # type: ignore[untyped-decorator]
def is_url(value: object) -> bool:
    if isinstance(value, str) and (reason := url_problem(value)):
        raise ValueError(reason)
    return True


@cache
def _schemas() -> tuple[Registry, dict[str, dict[str, Any]]]:
    loaded = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMA_DIR.glob("*.schema.json")}
    registry = Registry().with_resources((name, Resource.from_contents(schema)) for name, schema in loaded.items())
    return registry, loaded


def _ecma_pattern(
    validator: Validator, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    r"""`pattern` as JSON Schema defines it (ECMA-262), where `$` is the end of the text.

    Python's `$` also matches before a final newline, so "abc\n" passed `^[a-z]+$` here while
    jsonschema-rs and editors refuse it. A final `$` is read as `\Z`; our patterns use no other.
    """
    if not validator.is_type(instance, "string"):
        return
    python = pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith(r"\$") else pattern
    if not re.search(python, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})


@cache
def validator(kind: str) -> Draft202012Validator:
    registry, loaded = _schemas()
    return _Validator(loaded[f"{kind}.schema.json"], registry=registry, format_checker=format_checker)


@cache
def fast_validator(kind: str) -> jsonschema_rs.Draft202012Validator | None:
    """The same schema compiled by jsonschema-rs (Rust), about 30x faster: it answers "valid?"
    for the many files that are, and the Python validator above explains the few that are not.
    tests/test_validation.py checks that the two agree."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - the dependency is declared; this keeps the check working
        return None
    _, loaded = _schemas()

    def agrees(check: Callable[[object], object]) -> Callable[[object], bool]:
        def valid(value: object) -> bool:
            try:
                return check(value) is not False
            except ValueError:
                return False

        return valid

    formats = {name: agrees(format_checker.checkers[name][0]) for name in ("ee-date", "ee-partial-date", "ee-url")}
    return jsonschema_rs.Draft202012Validator(
        loaded[f"{kind}.schema.json"],
        formats=formats,
        validate_formats=True,
        retriever=lambda uri: loaded[uri.rsplit("/", 1)[-1]],
    )


def field_name(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"


_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of fields",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "null": "empty",
}


def _type_word(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "empty"
    return {str: "text", list: "a list", dict: "a mapping", int: "a number", float: "a number"}.get(
        type(value), "a value"
    )


def check(doc: Document, kind: str) -> list[Problem]:
    """Every way `doc` breaks the schema of its kind, one problem each."""
    fast = fast_validator(kind)
    if fast is not None and fast.is_valid(doc.data):
        return []
    errors = list(validator(kind).iter_errors(doc.data))
    shaped = {tuple(e.absolute_path) for e in errors if e.validator in ("pattern", "type")}
    problems = []
    for error in errors:
        if error.validator == "format" and tuple(error.absolute_path) in shaped:
            continue  # one message per bad value is enough
        problems.extend(_translate(error, doc))
    return problems


def _translate(error: ValidationError, doc: Document) -> list[Problem]:
    path = tuple(error.absolute_path)
    name = field_name(path)
    fix = error.schema.get("x-fix", "") if isinstance(error.schema, dict) else ""
    kind = error.validator
    if kind == "required":
        missing = re.match(r"'(.+)' is a required property", error.message)
        field = missing.group(1) if missing else error.message
        where = "the file" if not path else name
        return [Problem(doc.mark(path), f"missing required field '{field}' in {where}", f"add `{field}:` with a value")]
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {}))
        out = []
        for key in error.instance:
            if key in allowed:
                continue
            if not allowed:  # keys of a keyed collection are checked by propertyNames
                continue
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"allowed fields: {', '.join(allowed)}"
            out.append(Problem(doc.key_mark(path + (key,)), f"unknown field '{key}'", hint))
        return out
    if "propertyNames" in error.absolute_schema_path:  # a key of publishers.yaml or topics.yaml
        key = error.instance
        limit = error.schema.get("maxLength") if kind == "maxLength" and isinstance(error.schema, dict) else None
        if limit is not None:
            return [
                Problem(
                    doc.key_mark(path + (key,)),
                    f"the id {key!r} is {len(key)} characters long; an id has at most {limit}",
                    f"shorten it to {limit} characters or fewer",
                )
            ]
        return [
            Problem(
                doc.key_mark(path + (key,)),
                f"the id {key!r} is not a valid id",
                "use lowercase letters, digits and single hyphens, e.g. `kyiv-independent`",
            )
        ]
    if kind == "type":
        wanted: str | list[str] = error.validator_value
        wanted = " or ".join(_TYPE_WORDS.get(w, w) for w in (wanted if isinstance(wanted, list) else [wanted]))
        got = _type_word(error.instance)
        advice = fix or ("put the text in quotes" if wanted == "text" else f"write {wanted}")
        return [Problem(doc.mark(path), f"'{name}' must be {wanted}, not {got}", advice)]
    if kind == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        return [
            Problem(
                doc.mark(path),
                f"'{name}' is {error.instance!r}, which is not one of: {options}",
                fix or f"write one of: {options}",
            )
        ]
    if kind == "format":
        reason = error.cause and str(error.cause)
        if error.validator_value == "ee-url":
            return [Problem(doc.mark(path), f"'{name}' {reason or 'is not a valid address'}: {error.instance!r}", fix)]
        return [Problem(doc.mark(path), f"'{name}' is not a valid date: {error.instance!r}", fix)]
    if kind == "pattern":
        return [
            Problem(
                doc.mark(path),
                f"'{name}' has the wrong form: {error.instance!r}",
                fix or f"match the pattern {error.validator_value}",
            )
        ]
    if kind in ("minLength", "minItems"):
        return [Problem(doc.mark(path), f"'{name}' is empty", "fill it in or leave the field out")]
    if kind == "maxLength":
        return [Problem(doc.mark(path), f"'{name}' is longer than {error.validator_value} characters", "shorten it")]
    if kind == "uniqueItems":
        return [Problem(doc.mark(path), f"'{name}' lists the same item twice", "remove the repeat")]
    return [Problem(doc.mark(path), f"'{name}': {error.message}", fix)]
