"""The publication's facts from a site generator's configuration (mkdocs.yml) and from git, and the
theme's language selector the data calls for."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..domain import addresses
from ..domain.publication import Publication, build_date
from ..domain.site import Site
from ..load.history import data_version, last_changed, source_changes
from ..render.renderer import autonym

PLUGIN_NAME = "evidence-explainers"  # the engine plugin's name in mkdocs.yml (an entry point in pyproject.toml)
# Where the deploy workflow puts the site's public address (.github/workflows/deploy.yml), read by
# mkdocs.yml's `site_url: !ENV [EE_SITE_URL]`.
SITE_URL_VARIABLE = "EE_SITE_URL"

NO_ADDRESS_FOR_DEPLOY = (
    "this is a build to publish (`deploy: true` for the {plugin} plugin, set by EE_DEPLOY, or `gh-deploy`), "
    'but the site has no public address: `site_url` is not set. Without it, "Cite this" carries no URL and '
    "the JSON-LD, the feed and the sitemap would hold relative addresses. Set {variable} to the site's "
    "address (the deploy workflow passes actions/configure-pages' base_url), or set `site_url` in mkdocs.yml."
)
NO_ADDRESS_LOCALLY = (
    'site_url is not set, so this build is for reading locally: "Cite this" carries no URL, the JSON-LD '
    "and the feed use relative addresses, and pages have no canonical link. A build to publish needs it "
    "(set {variable}, as the deploy workflow does)."
)


def publication(config: Any, root: Path) -> Publication:
    """The site's name and address, the repository and the licence from mkdocs.yml (`extra` for what
    MkDocs has no key for), the version of data/, each explainer's last change and each source's
    last visible change from git; whatever is not set stays None (domain/publication.py)."""
    extra = config.get("extra") or {}
    licence = extra.get("licence")
    return Publication(
        name=config["site_name"],
        site_url=config.get("site_url") or None,
        repo_url=extra.get("repo_url") or config.get("repo_url") or None,
        commit_url=extra.get("data_commit_url"),
        version=data_version(root),
        licence=MappingProxyType(dict(licence)) if licence else None,
        edit_base=extra.get("data_edit_base"),  # e.g. https://github.com/OWNER/REPO/edit/main/
        last_changed=MappingProxyType(last_changed(root)),
        source_changes=MappingProxyType(source_changes(root)),
        today=build_date(),
    )


def address_problem(config: Any, deploy: bool) -> tuple[str, str] | None:
    """What to say when the site has no public address: ("error", why) for a build to publish,
    ("info", what it means) for a local one; None when `site_url` is set."""
    if config.get("site_url"):
        return None
    if deploy:
        return "error", NO_ADDRESS_FOR_DEPLOY.format(plugin=PLUGIN_NAME, variable=SITE_URL_VARIABLE)
    return "info", NO_ADDRESS_LOCALLY.format(variable=SITE_URL_VARIABLE)


def language_alternates(site: Site, main_language: str) -> list[dict[str, str]]:
    """Material's `extra.alternate` (its language selector in the header): the site's own language
    at its home, then each language some explainer is translated into, at its start page
    (addresses.language_home), each named in itself (langcodes). None when nothing is translated."""
    tags = [tag for tag in site.translation_languages() if tag != main_language]
    if not tags:
        return []
    return [
        {"name": autonym(tag), "link": "./" if tag == main_language else addresses.language_home(tag), "lang": tag}
        for tag in [main_language, *tags]
    ]
