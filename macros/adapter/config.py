"""The publication's facts from a site generator's configuration (mkdocs.yml) and from git."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..domain.publication import Publication, build_date
from ..load.history import data_version, last_changed

PLUGIN_NAME = "evidence-explainers"  # the engine plugin's name in mkdocs.yml (an entry point in pyproject.toml)


def publication(config: Any, root: Path) -> Publication:
    """The site's name and address, the repository and the data licence from mkdocs.yml (`extra`
    for what MkDocs has no key for), the version of data/ and each explainer's last change from git;
    whatever is not set stays None (domain/publication.py)."""
    extra = config.get("extra") or {}
    licence = extra.get("data_licence")
    return Publication(
        name=config["site_name"],
        site_url=config.get("site_url") or None,
        repo_url=extra.get("repo_url") or config.get("repo_url") or None,
        commit_url=extra.get("data_commit_url"),
        version=data_version(root),
        licence=MappingProxyType(dict(licence)) if licence else None,
        edit_base=extra.get("data_edit_base"),  # e.g. https://github.com/OWNER/REPO/edit/main/
        last_changed=MappingProxyType(last_changed(root)),
        today=build_date(),
    )
