"""The door between the GUI/CLI and the store: one open store and who is working.

Callers get plain dataclasses back, never sessions or ORM rows. Each mutating call
is one transaction and returns the ``Changes`` it made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from db.articles import (
    ArticleDoc,
    ArticleFilter,
    ArticleRow,
    Facets,
    article_statuses,
    facets,
    get_article,
    list_articles,
)
from db.changes import Changes
from db.jobs import CancelToken, Progress, no_progress
from db.models import Annotator
from db.ops.articles import ensure_annotator
from db.ops.entities import seed_gazetteer
from db.review.align import ReviewError
from db.review.session import ReviewSession
from db.stats import StoreStats, check_store, store_stats
from db.store import Store as Store  # (re-exported, as pending_upgrade: the desktop's door)
from db.store import open_store
from db.store import pending_upgrade as pending_upgrade
from db.tagging import Tagging

if TYPE_CHECKING:
    from db.importing import ImportReport


@dataclass(frozen=True, slots=True)
class AnnotatorRow:
    """Someone (or the curated layer) with a layer in the store."""

    id: int
    name: str
    display_name: str
    role: str  # "analyst", or "curated" for the adjudicated gold layer


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

    def statuses_of(self, article_id: int) -> list[tuple[str, str, str]]:
        """Every annotator's status for one article: (display name, role, status)."""
        with self.store.read() as s:
            return article_statuses(s, article_id)

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

    # -- annotators and review ---------------------------------------------------------
    def annotators(self) -> list[AnnotatorRow]:
        """Everyone with a layer in the store (the curated layer too), by display name."""
        with self.store.read() as s:
            rows = s.execute(
                select(Annotator.id, Annotator.name, Annotator.display_name, Annotator.role)
            ).all()
        out = [AnnotatorRow(i, n, d or n, r) for i, n, d, r in rows]
        return sorted(out, key=lambda a: (a.role == "curated", a.display_name.casefold(), a.id))

    def annotator_id_of(self, name: str) -> int | None:
        """The id of the annotator called ``name`` (their login name), if any. (Not
        ``annotator_id``: that attribute is my own id.)"""
        with self.store.read() as s:
            return s.scalar(select(Annotator.id).where(Annotator.name == name))

    def rename_me(self, display_name: str) -> Changes:
        """Set the name shown for me (the first-start prompt asks for it)."""
        shown = " ".join(display_name.split())
        if not shown:
            raise ReviewError("Please enter a name.")
        if len(shown) > 200:
            raise ReviewError("A name can be at most 200 characters long.")
        with self.store.write() as s:
            me = s.get(Annotator, self.annotator_id)
            assert me is not None
            me.display_name = shown
        return Changes(annotators=True)

    def curated_id(self) -> int:
        """The curated (gold) layer's annotator id, created when the store has none."""
        from db.review.adjudicate import curated_annotator_id

        with self.store.write() as s:
            return curated_annotator_id(s)

    def curated_tagging(self, *, decision_id: int | None = None) -> Tagging:
        """Edits of the curated layer by me, the reviewer: the rows are the curated
        layer's, the undo entries mine (one Edit > Undo stack with my decisions and my
        own layer's edits). With ``decision_id`` (a decision of mine) the curated rows each
        edit creates are listed in that decision's ``curated_uuids``."""
        return Tagging(
            self.store,
            self.curated_id(),
            undo_owner_id=self.annotator_id,
            decision_id=decision_id,
            tagset=self.tagging.tagset,
        )

    def review(self, article_id: int, annotator_ids: Sequence[int]) -> ReviewSession:
        """A review of one article between annotators' layers, decided by me (my
        Edit > Undo undoes my decisions)."""
        return ReviewSession(
            self.store, self.annotator_id, article_id, annotator_ids, tagging=self.tagging
        )
