"""citeproc-py is adjusted only where it has no public way (macros/formats/citeproc_patches.py);
each adjustment names the function it replaces as checked, so an upgrade is looked at first."""

from __future__ import annotations

import pytest

from macros.formats import cite, citeproc_patches


@pytest.mark.parametrize("patch", citeproc_patches.PATCHES, ids=lambda p: p.target)
def test_each_patched_function_of_citeproc_py_is_the_one_the_patch_was_checked_against(patch):
    assert patch.source_digest() == patch.checked_sha256, (
        f"citeproc-py's {patch.target} changed since the patch was checked ({patch.why}): read the new code, "
        "drop the patch if the library now does this itself, and record the new digest"
    )


@pytest.mark.parametrize("style", cite.STYLES)
def test_what_stands_in_for_a_missing_author_is_printed_once(style):
    citeproc_patches.apply()
    citeproc_patches.apply()  # a second call changes nothing
    day = {"issued": {"date-parts": [[2024, 5, 1]]}}
    untitled_author = {"id": "x", "type": "webpage", "title": "Who surrenders", **day}
    text = cite.bibliography([untitled_author], style, html=False)[0]
    assert text.casefold().count("who surrenders") == 1, text  # unpatched: the title twice
    with_publisher = {"id": "y", "type": "webpage", "title": "Who surrenders", "publisher": "Example Desk", **day}
    text = cite.bibliography([with_publisher], style, html=False)[0]
    assert text.count("Example Desk") == 1, text  # unpatched: the publisher twice


def test_a_label_prints_only_with_its_variable():
    item = {
        "id": "x",
        "type": "article-newspaper",
        "title": "A title",
        "container-title": "A paper",
        "issued": {"date-parts": [[2024, 5, 1]]},
    }
    text = cite.bibliography([item], "chicago-author-date", html=False)[0]
    assert "Edition" not in text and "ed." not in text
