"""The door between the GUI/CLI and the store: one open store and who is working.

Callers get plain dataclasses back, never sessions or ORM rows. Each mutating call
is one transaction and returns the ``Changes`` it made.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from db.articles import (
    ArticleDoc,
    ArticleFilter,
    ArticleRow,
    Facets,
    facets,
    get_article,
    list_articles,
)
from db.changes import Changes
from db.jobs import CancelToken, Progress, no_progress
from db.ops.articles import ensure_annotator
from db.ops.entities import seed_gazetteer
from db.stats import StoreStats, check_store, store_stats
from db.store import Store, open_store
from db.tagging import Tagging

if TYPE_CHECKING:
    from db.importing import ImportReport


def open_existing_store(location: str | Path) -> Store:
    """Open a store that must already exist, without registering anyone as its
    annotator (for read-only commands such as ``armscribe agree``)."""
    return open_store(location, create=False)


class Workspace:
    """An open store plus the current annotator."""

    def __init__(self, store: Store, annotator: str) -> None:
        self.store = store
        self.annotator = annotator
        with store.write() as s:
            self.annotator_id = ensure_annotator(s, annotator)
            seed_gazetteer(s)
        self.tagging = Tagging(store, self.annotator_id)

    @classmethod
    def open(cls, location: str | Path, annotator: str) -> Workspace:
        """Open (creating or upgrading) the store at ``location`` for ``annotator``."""
        return cls(open_store(location), annotator)

    @property
    def label(self) -> str:
        return self.store.label

    def close(self) -> None:
        self.store.close()

    # -- reading ---------------------------------------------------------------
    def articles(self, flt: ArticleFilter | None = None) -> list[ArticleRow]:
        """The article list for a filter (never loads texts)."""
        with self.store.read() as s:
            return list_articles(s, self.annotator_id, flt or ArticleFilter())

    def article(self, article_id: int) -> ArticleDoc | None:
        """One article with its text."""
        with self.store.read() as s:
            return get_article(s, article_id)

    def facets(self) -> Facets:
        with self.store.read() as s:
            return facets(s)

    def stats(self) -> StoreStats:
        with self.store.read() as s:
            return store_stats(s)

    def check(self) -> list[str]:
        """Problems found in the store (empty when sound)."""
        with self.store.read() as s:
            return check_store(s)

    # -- changing --------------------------------------------------------------
    def set_status(self, article_id: int, status: str) -> Changes:
        """Set my status for an article (an undoable edit, like the form's)."""
        return self.tagging.set_status(article_id, status).changes

    def import_paths(
        self,
        paths: Sequence[Path],
        *,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> ImportReport:
        """Import article files (all or nothing); returns an ``ImportReport``."""
        from db.importing import import_paths

        return import_paths(self.store, paths, progress=progress, cancel=cancel)
