"""Drop the indentation and blank lines that templates leave in a page's HTML.

Material's templates indent every line and leave many blank ones: about 4 KB of each page,
4 MB over a thousand explainers. Outside <pre> and <textarea>, a line break followed by spaces
displays exactly like a line break alone (HTML collapses white space), so those spaces go;
<pre> and <textarea> blocks are kept byte for byte.
"""

from __future__ import annotations

import re

_KEEP = re.compile(r"(<(pre|textarea)\b.*?</\2\s*>)", re.IGNORECASE | re.DOTALL)
_INDENT = re.compile(r"\n[ \t\r\n]+")


def drop_indentation(html: str) -> str:
    parts = _KEEP.split(html)
    # split() with two groups yields [text, block, tag name, text, block, tag name, ..., text]
    out = []
    for i, part in enumerate(parts):
        kind = i % 3
        if kind == 0:
            out.append(_INDENT.sub("\n", part))
        elif kind == 1:
            out.append(part)
    return "".join(out)
