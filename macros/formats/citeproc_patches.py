"""Changes to citeproc-py where it offers no public way to get a correct or fast enough result.

citeproc-py (checked against 0.11.1, the version pyproject.toml allows) formats "Cite this" with
the shipped CSL styles. Two of its behaviours contradict the CSL specification, and three
lookups it repeats on every use made formatting take 27 ms an explainer (6 ms with them kept):

- `Substitute.render` and `Text._variable`: a variable a substitute printed (the title in the
  author's place) is suppressed in the rest of the output, as the specification says, also when
  the substitute reaches it through `<choose>` or a macro; citeproc-py suppresses it only for a
  bare `<text variable>`, so the title was printed twice.
- `Label.process`: a label prints only with its variable ("Edition" printed after every
  newspaper article in Chicago).
- `CitationStylesElement.get_macro`: a macro's lookup (an XPath query from the root) is
  remembered per style file and name.
- `Parent.calls_variable`, `Text.calls_variable`: whether an element prints a variable, a fact
  about the style, is remembered per element.
- `CitationItem.reference`: an item's reference is kept on the item while it renders.

Each patch records the SHA-256 of the source of the function it replaces, as checked;
tests/test_formats.py fails when the installed citeproc-py's function differs, so an upgrade is
looked at before it is trusted. `apply()` installs them once; the memo tables hold facts about
style files, which never change while a process runs.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from citeproc import CitationItem
from citeproc import model as citeproc_model


@dataclass(frozen=True)
class Patch:
    target: str  # what is replaced
    original: Callable[..., Any]  # the function it replaces, as installed
    checked_sha256: str  # the first 16 hex digits of the SHA-256 of `original`'s source, as checked
    why: str

    def source_digest(self) -> str:
        return hashlib.sha256(inspect.getsource(self.original).encode()).hexdigest()[:16]


_text_variable = citeproc_model.Text._variable
_substitute_render = citeproc_model.Substitute.render
_label_process = citeproc_model.Label.process
_get_macro = citeproc_model.CitationStylesElement.get_macro
_parent_calls_variable = citeproc_model.Parent.calls_variable
_text_calls_variable = citeproc_model.Text.calls_variable
_reference = CitationItem.reference.fget

PATCHES = (
    Patch(
        "citeproc.model.Substitute.render",
        _substitute_render,
        "32332cf4b31c2c1a",
        "suppress every variable a substitute printed",
    ),
    Patch(
        "citeproc.model.Text._variable",
        _text_variable,
        "6c60676c7c731cf3",
        "record which variables print inside a substitute",
    ),
    Patch("citeproc.model.Label.process", _label_process, "f9b9c83fc2d02f00", "a label prints only with its variable"),
    Patch(
        "citeproc.model.CitationStylesElement.get_macro", _get_macro, "1947e6a92b5c7589", "remember each macro's lookup"
    ),
    Patch(
        "citeproc.model.Parent.calls_variable",
        _parent_calls_variable,
        "0be54bb70ed2e437",
        "remember whether an element prints a variable",
    ),
    Patch(
        "citeproc.model.Text.calls_variable",
        _text_calls_variable,
        "84f7651ed4c7701a",
        "remember whether a text element prints a variable",
    ),
    Patch(
        "citeproc.CitationItem.reference", _reference, "294c16bf66b47067", "keep an item's reference while it renders"
    ),
)

# Which <text variable> elements printed, per substitute being rendered (innermost last).
_rendering: list[set[tuple[str, str]]] = []
_macros: dict[tuple[object, str], object] = {}
_calls: dict[object, bool] = {}


def _recording_variable(self: Any, item: Any, context: Any) -> Any:
    text = _text_variable(self, item, context)
    if text and _rendering:
        _rendering[-1].add((self.tag, self.get("variable")))
    return text


def _substitute(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    for child in self.getchildren():
        _rendering.append(set())
        try:
            if isinstance(child, citeproc_model.Names) and child.name is None:
                names = self.xpath_search("./parent::cs:names[1]")[0]
                text = child.render(item, names_context=names, context=context, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except citeproc_model.VariableError:
            continue
        finally:
            rendered = _rendering.pop()
        if text:
            self.add_to_repressed_list(child, context)
            repressed = context.get_layout().repressed
            for tag, variable in rendered:
                repressed.setdefault(tag, []).append(variable)
            if _rendering:  # a substitute inside a substitute: the outer one rendered these too
                _rendering[-1].update(rendered)
            return text
    return None


def _label(self: Any, item: Any, variable: Any = None, plural: Any = None, context: Any = None, **kwargs: Any) -> Any:
    name = variable or self.get("variable")
    if name and name != "locator" and name.replace("-", "_") not in item.reference:
        return None
    return _label_process(self, item, variable=variable, plural=plural, context=context, **kwargs)


def _cached_macro(self: Any, name: str) -> Any:
    # Keyed by the parsed style's root element (held by the dict, so lxml keeps handing out the
    # same proxy for it), not by the file's name: a style edited and parsed again is another key.
    key = (self.getroottree().getroot(), name)
    if key not in _macros:
        _macros[key] = _get_macro(self, name)
    return _macros[key]


def _remembered(calls_variable: Callable[[Any], bool]) -> Callable[[Any], bool]:
    # The dict holds the element, so lxml keeps handing out the same proxy for it.
    def remembered(self: Any) -> bool:
        if self not in _calls:
            _calls[self] = calls_variable(self)
        return _calls[self]

    return remembered


def _kept_reference(self: Any) -> Any:
    # object.__setattr__: CitationItem is a CustomDict, which would store it as a key.
    try:
        return object.__getattribute__(self, "_ee_reference")
    except AttributeError:
        reference = _reference(self)
        object.__setattr__(self, "_ee_reference", reference)
        return reference


def _replacements() -> Iterator[tuple[Any, str, Any]]:
    yield citeproc_model.Substitute, "render", _substitute
    yield citeproc_model.Text, "_variable", _recording_variable
    yield citeproc_model.Label, "process", _label
    yield citeproc_model.CitationStylesElement, "get_macro", _cached_macro
    yield citeproc_model.Parent, "calls_variable", _remembered(_parent_calls_variable)
    yield citeproc_model.Text, "calls_variable", _remembered(_text_calls_variable)
    yield CitationItem, "reference", property(_kept_reference)


def apply() -> None:
    """Install the patches (once: a second call changes nothing)."""
    if citeproc_model.Substitute.render is _substitute:
        return
    for owner, name, replacement in _replacements():
        setattr(owner, name, replacement)
