"""Facts about the publication itself, from outside the corpus: the site's name and address,
the repository (and the "Report a problem" link into it), the version of data/ a build was made
from, when each explainer's file and each source's visible facts last changed, the licence of the
site's text and data, and the day the build counts as today.

The adapter fills this from the generator's configuration and git (load/history.py); every
other layer only reads it. Nothing here is guessed: a value that was not configured or not
found is None, and the pages and exports then leave it out or say it is not recorded.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import urlencode, urlsplit

from .model import Explainer, Source

SITE_NAME = "Evidence Explainers"
# The issue form "Report a problem" links open (.github/ISSUE_TEMPLATE/report-a-problem.yml), and
# the ids of its fields that a link fills in: GitHub prefills a form's field from the query
# parameter named by the field's id.
REPORT_FORM = "report-a-problem.yml"
REPORT_FIELDS = ("page", "item")
# Sources' own texts are their publishers': the site's licence covers what the site writes.
SOURCES_NOT_OURS = (
    "The sources' own texts (their titles and the short passages quoted from them) belong to their "
    "publishers and are not covered by this licence."
)


@dataclass(frozen=True)
class SourceChange:
    """The last change to a source that readers see, from git (load/history.py)."""

    date: str  # YYYY-MM-DD
    fields: tuple[str, ...]  # which of VISIBLE_FIELDS changed


# What readers see of a source, as it changes: the name used for it, and the data fields behind it.
VISIBLE_FIELDS = {
    "title": ("title", "title_en"),
    "date": ("date", "date_inferred"),
    "address": ("url", "archive_url"),
    "identification": ("identification",),
}


@dataclass(frozen=True)
class LastUpdate:
    """When an explainer last changed for its readers, and why: its own file, a cited source, or both."""

    date: str
    own: bool  # the explainer's own file (or its `updated` field) gives this date
    sources: tuple[tuple[Source, SourceChange], ...] = ()  # cited sources that changed on this date


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
    licence: Mapping[str, str] | None = None  # `extra.licence`: {"name": ..., "url": ...}
    edit_base: str | None = None  # `extra.data_edit_base`: the address prefix of "edit this file" links
    # 'data/explainers/x.yaml' -> the day git last changed it (load/history.py)
    last_changed: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # 'data/sources/x.yaml' -> its last change that readers see (load/history.py)
    source_changes: Mapping[str, SourceChange] = field(default_factory=lambda: MappingProxyType({}))
    today: dt.date = field(default_factory=build_date)

    def last_update(self, explainer: Explainer, cited: Iterable[Source]) -> LastUpdate | None:
        """The explainer's last change for readers: its own file's (from git where known, else its
        `updated` field), or a later visible change of a source it cites (`cited`), whichever is
        later, and which it was. None when neither is known."""
        own = self.last_changed.get(explainer.doc.file) or explainer.updated
        changes = [(s, self.source_changes[s.doc.file]) for s in cited if s.doc.file in self.source_changes]
        date = max([own or "", *(change.date for _, change in changes)])
        if not date:
            return None
        return LastUpdate(date, own == date, tuple((s, c) for s, c in changes if c.date == date))

    def licence_statement(self) -> str:
        """The licence in one sentence, with what it does not cover."""
        if not self.licence:
            return "No licence has been declared for this site's text and data. " + SOURCES_NOT_OURS
        return f"This site's text and data are licensed under {self.licence.get('name')}. " + SOURCES_NOT_OURS

    def report_link(self, page: str, item: str, what: str) -> str | None:
        """The address that opens a new issue in the site's repository about `item` (a finding's,
        note's or source's id) on `page` (site-relative), prefilled for the issue form
        (REPORT_FORM) on GitHub, or as the issue's text on GitLab. None on other hosts or
        without a repository: the page then shows no link."""
        if not self.repo_url:
            return None
        base = self.repo_url.rstrip("/")
        host = (urlsplit(base).hostname or "").lower()
        address = self.absolute(page) or page
        title = f"Problem with {what}"
        if host == "github.com":
            query = {"template": REPORT_FORM, "title": title, "page": address, "item": item}
            return f"{base}/issues/new?{urlencode(query)}"
        if host == "gitlab.com":
            body = f"Page: {address}\nItem: {item}\n\nWhat is wrong, and how do you know?\n"
            return f"{base}/-/issues/new?{urlencode({'issue[title]': title, 'issue[description]': body})}"
        return None

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
