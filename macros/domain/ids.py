"""What an id is, and why a name is not one, in words a contributor can act on.

An id (a file name without `.yaml`, a publisher's or topic's key, a finding's id) is exactly
lowercase ASCII letters and digits in words joined by single hyphens: it is a page address, a
BibTeX key and a file name on every operating system. "Exactly" means the whole text: `\\Z`, not
`$`, which also matches before a final newline.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import TypeVar

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
ID_FIX = "use lowercase letters, digits and single hyphens, e.g. `kyiv-independent`"


def is_id(text: str) -> bool:
    return ID_RE.match(text) is not None


def _script(char: str) -> str:
    """The script of a letter as its Unicode name starts (LATIN, CYRILLIC, GREEK...)."""
    return unicodedata.name(char, "").split(" ", 1)[0]


def why_not_id(text: str) -> str | None:
    """Why `text` is not an id (None when it is one): the first character that is wrong, named."""
    if is_id(text):
        return None
    for index, char in enumerate(text):
        if "a" <= char <= "z" or "0" <= char <= "9" or char == "-":
            continue
        where = f"character {index + 1}"
        if char.isascii() and char.isupper():
            advice = f"write it as '{text.lower()}'" if is_id(text.lower()) else "ids are lowercase"
            return f"it has capital letters, and ids that differ only in case clash on macOS and Windows: {advice}"
        if char.isspace() or not char.isprintable():
            return f"{where} is an invisible or space character (U+{ord(char):04X}); delete it"
        if not char.isascii():
            name = unicodedata.name(char, f"U+{ord(char):04X}")
            latin = [c for c in text if c.isascii() and c.isalpha()]
            mixed = " among Latin letters" if latin and _script(char) not in ("LATIN", "") else ""
            return (
                f"{where}, '{char}', is {name} (U+{ord(char):04X}){mixed}; "
                "retype it as a plain lowercase Latin letter or digit"
            )
        return f"{where}, {char!r}, is not a lowercase letter, digit or hyphen"
    if not text:
        return "it is empty"
    return "hyphens must sit between words: not at the start or end, and never two together"


_V = TypeVar("_V")


def only(table: Mapping[str, _V], ids: AbstractSet[str]) -> dict[str, _V]:
    """The entries of a table by id whose id is in `ids`: a copy with the others taken out, since
    under serve nearly all are kept (the set difference runs in C, a filter would not)."""
    out = dict(table)
    for key in table.keys() - ids:
        del out[key]
    return out
