"""Facts about the publication itself, from outside the corpus: the site's name and address,
the repository, the version of data/ a build was made from, when each explainer's file last
changed, the data licence, and the day the build counts as today.

The adapter fills this from the generator's configuration and git (load/history.py); every
other layer only reads it. Nothing here is guessed: a value that was not configured or not
found is None, and the pages and exports then leave it out or say it is not recorded.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import urlsplit

from .model import Explainer

SITE_NAME = "Evidence Explainers"


@dataclass(frozen=True)
class DataVersion:
    """The git commit that last changed data/, when the build knows it."""

    commit: str | None = None
    dirty: bool = False  # data/ has changes that are not committed
    reason: str = "this copy of the site was not built from a git checkout"

    @property
    def recorded(self) -> bool:
        return bool(self.commit) and not self.dirty

    @property
    def short(self) -> str:
        return (self.commit or "")[:12]


def build_date() -> dt.date:
    """Today, or the date SOURCE_DATE_EPOCH names, so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


@dataclass(frozen=True)
class Publication:
    name: str = SITE_NAME
    site_url: str | None = None  # mkdocs.yml `site_url`; None when not set
    repo_url: str | None = None  # `extra.repo_url` or MkDocs' `repo_url`
    commit_url: str | None = None  # `extra.data_commit_url`, a template with {commit}
    version: DataVersion = DataVersion()
    licence: Mapping[str, str] | None = None  # `extra.data_licence`: {"name": ..., "url": ...}
    edit_base: str | None = None  # `extra.data_edit_base`: the address prefix of "edit this file" links
    # 'data/explainers/x.yaml' -> the day git last changed it (load/history.py)
    last_changed: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    today: dt.date = field(default_factory=build_date)

    def updated(self, explainer: Explainer) -> str | None:
        """The explainer's last change: from git where known, else its `updated` field."""
        return self.last_changed.get(explainer.doc.file) or explainer.updated

    def is_stale(self, explainer: Explainer) -> bool:
        """Past its review date."""
        return bool(explainer.review_by and dt.date.fromisoformat(explainer.review_by) < self.today)

    def url(self, path: str, root: str = "") -> str:
        """The address of a page of this site: absolute when `site_url` is set, else relative
        from the page being rendered (`root` leads from it to the site root)."""
        if self.site_url:
            return self.site_url.rstrip("/") + "/" + path
        return root + path

    def absolute(self, path: str) -> str | None:
        return self.site_url.rstrip("/") + "/" + path if self.site_url else None

    def version_link(self) -> str | None:
        """Where the recorded commit of data/ can be seen, if the repository's address is known.

        A template in `extra.data_commit_url` wins; otherwise GitHub's and GitLab's documented
        address layouts are used for repositories on github.com and gitlab.com. For other hosts
        the page shows the commit hash without a link.
        """
        if not self.version.recorded:
            return None
        commit = self.version.commit
        assert commit is not None  # a recorded version has a commit
        if self.commit_url:
            return self.commit_url.replace("{commit}", commit)
        if not self.repo_url:
            return None
        base = self.repo_url.rstrip("/")
        host = (urlsplit(base).hostname or "").lower()
        if host == "github.com":
            return f"{base}/tree/{commit}/data"
        if host == "gitlab.com":
            return f"{base}/-/tree/{commit}/data"
        return None
