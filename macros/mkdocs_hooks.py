"""MkDocs hook: load data/ before anything is written, and add the generated pages.

The only module that imports MkDocs. Listed in mkdocs.yml under `hooks:`.
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

# MkDocs loads this file by path; make the project's `macros` package importable
# even when it is not installed, as mkdocs-macros does for `module_name`.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import current  # noqa: E402
from macros.corpus import load_corpus  # noqa: E402
from macros.problems import DataError  # noqa: E402
from macros.render import Site  # noqa: E402

STUB = '---\nrender_macros: true\n---\n{{{{ {macro}("{id}") }}}}\n'


def on_config(config):
    """Load and check data/ once per build; a problem stops the build before site/ is touched."""
    data_dir = Path(config.config_file_path).parent / "data"
    try:
        corpus = load_corpus(data_dir)
    except DataError as err:
        raise PluginError(f"data/ has problems, so nothing was built:\n{err}") from None
    current.set_site(Site(corpus))
    return config


def on_files(files: Files, config) -> Files:
    """One page per explainer and per source, kept out of the navigation."""
    corpus = current.site().corpus
    for folder, macro, ids in (("explainers", "explainer", corpus.explainers),
                               ("sources", "source", corpus.sources)):
        for item_id in ids:
            files.append(File.generated(config, f"{folder}/{item_id}.md",
                                        content=STUB.format(macro=macro, id=item_id),
                                        inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def on_page_markdown(markdown: str, page, config, files):
    """Title generated pages from the data, after mkdocs-macros has rendered titles."""
    title = current.site().page_title(page.file.src_uri)
    if title is not None:
        page.title = title
    return markdown


def on_page_content(html: str, page, config, files):
    tokens = current.site().toc(page.file.src_uri)
    if tokens:
        page.toc = get_toc(tokens)
    return html
