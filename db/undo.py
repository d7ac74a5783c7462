"""Undo and redo as row images: every edit records, in its own transaction, each row
it touched as it was before and after. Undo writes the "before" images back, redo the
"after" ones; both are edits like any other and refresh the views the same way.

Rows keep their primary keys when restored, so references between them stay valid.
Ops must ``touch`` every existing row they change or delete, including rows that a
database cascade would change behind their back (arguments of a deleted mention...).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, delete, insert, select, update
from sqlalchemy.orm import Session

from db.changes import Changes
from db.errors import AnnotationError
from db.models import (
    ArticleStatus,
    Base,
    Comment,
    Entity,
    Event,
    EventArgument,
    EventLink,
    Mention,
    Relation,
    ReviewDecision,
    UndoEntry,
)

# Parents before children: restored in this order, deleted in the reverse.
TRACKED: tuple[type[Base], ...] = (
    Entity,
    Mention,
    Event,
    EventArgument,
    EventLink,
    Relation,
    Comment,
    ArticleStatus,
    ReviewDecision,
)
_BY_TABLE = {m.__tablename__: m for m in TRACKED}
_CHANGE_FLAG = {
    "entities": "entities",
    "mentions": "mentions",
    "events": "events",
    "event_arguments": "events",
    "event_links": "events",
    "relations": "relations",
    "comments": "comments",
    "article_status": "article_status",
    "review_decisions": "reviews",
}
KEEP_PER_ANNOTATOR = 500

Image = dict[str, Any] | None


def row_image(obj: Base) -> dict[str, Any]:
    """A JSON-able copy of a row's columns."""
    out: dict[str, Any] = {}
    for col in obj.__table__.columns:
        value = getattr(obj, col.key)
        out[col.key] = value.isoformat() if isinstance(value, datetime) else value
    return out


def _to_row(model: type[Base], image: dict[str, Any]) -> dict[str, Any]:
    row = dict(image)
    for col in model.__table__.columns:
        if isinstance(col.type, DateTime) and isinstance(row.get(col.key), str):
            row[col.key] = datetime.fromisoformat(row[col.key])
    return row


class Recorder:
    """Collects the before-images of the rows one edit touches."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self._before: dict[tuple[str, int], Image] = {}

    def touch(self, obj: Base) -> None:
        """Call before changing or deleting an existing row."""
        key = (obj.__tablename__, obj.id)  # type: ignore[attr-defined]
        if key not in self._before:
            self._before[key] = row_image(obj)

    def created(self, obj: Base) -> None:
        """Call after adding a new row (it is flushed to get its id)."""
        self.s.flush()
        self._before.setdefault((obj.__tablename__, obj.id), None)  # type: ignore[attr-defined]

    def created_rows(self) -> list[tuple[str, int]]:
        """(table, id) of every row this edit has added so far, in the order added."""
        return [key for key, before in self._before.items() if before is None]

    def finish(self, annotator_id: int, label: str) -> Changes:
        """Write the undo entry (clearing the redo stack) and say what changed."""
        self.s.flush()
        images: list[list[Any]] = []
        flags: dict[str, bool] = {}
        for (table, row_id), before in self._before.items():
            model = _BY_TABLE[table]
            obj = self.s.get(model, row_id, populate_existing=True)
            after = row_image(obj) if obj is not None else None
            if before == after:
                continue
            images.append([table, row_id, before, after])
            flags[_CHANGE_FLAG[table]] = True
        if not images:
            return Changes()
        self.s.execute(
            delete(UndoEntry).where(
                UndoEntry.annotator_id == annotator_id, UndoEntry.state == "undone"
            )
        )
        self.s.add(UndoEntry(annotator_id=annotator_id, label=label, images=images))
        self.s.flush()
        _prune(self.s, annotator_id)
        return Changes(**flags)


def _prune(s: Session, annotator_id: int) -> None:
    oldest_kept = (
        select(UndoEntry.id)
        .where(UndoEntry.annotator_id == annotator_id)
        .order_by(UndoEntry.id.desc())
        .offset(KEEP_PER_ANNOTATOR - 1)
        .limit(1)
        .scalar_subquery()
    )
    s.execute(
        delete(UndoEntry).where(UndoEntry.annotator_id == annotator_id, UndoEntry.id < oldest_kept)
    )


class UndoConflict(AnnotationError):
    """The rows an edit touched have changed since (another annotator, another edit)."""


def _current(s: Session, model: type[Base], row_id: int) -> Image:
    obj = s.get(model, row_id, populate_existing=True)
    return row_image(obj) if obj is not None else None


def _check(s: Session, images: list[list[Any]], index: int, label: str) -> None:
    """Refuse to write images back when the store no longer holds what the edit left
    (for undo) or what undo left (for redo): ids may have been reused, or another
    annotator may have changed, deleted or started to use one of the rows."""
    expect = 3 if index == 2 else 2
    mine = {(im[0], im[1]) for im in images}
    for table, row_id, *pair in images:
        model = _BY_TABLE[table]
        if _current(s, model, row_id) != pair[expect - 2]:
            raise UndoConflict(
                f"“{label}” cannot be reverted: what it changed has been changed since."
            )
        if pair[index - 2] is None:
            for other in TRACKED:
                for col in other.__table__.columns:
                    if not any(fk.column.table.name == table for fk in col.foreign_keys):
                        continue
                    ids = s.scalars(
                        select(other.id).where(col == row_id)  # type: ignore[attr-defined]
                    ).all()
                    if any((other.__tablename__, i) not in mine for i in ids):
                        raise UndoConflict(
                            f"“{label}” cannot be reverted: something else now refers to "
                            "what it would remove."
                        )


def _apply(s: Session, images: list[list[Any]], index: int) -> Changes:
    """Write image ``index`` (2 = before, 3 = after) of every row back."""
    flags: dict[str, bool] = {}
    order = {m.__tablename__: i for i, m in enumerate(TRACKED)}
    rows = sorted(images, key=lambda im: order[im[0]])
    for table, row_id, *pair in reversed(rows):
        if pair[index - 2] is None:
            model = _BY_TABLE[table]
            s.execute(delete(model).where(model.id == row_id))  # type: ignore[attr-defined]
            flags[_CHANGE_FLAG[table]] = True
    for table, row_id, *pair in rows:
        image = pair[index - 2]
        if image is None:
            continue
        model = _BY_TABLE[table]
        values = _to_row(model, image)
        exists = s.scalar(select(model.id).where(model.id == row_id))  # type: ignore[attr-defined]
        if exists is None:
            s.execute(insert(model).values(**values))
        else:
            s.execute(update(model).where(model.id == row_id).values(**values))  # type: ignore[attr-defined]
        flags[_CHANGE_FLAG[table]] = True
    s.expire_all()
    return Changes(**flags)


def undo_label(s: Session, annotator_id: int, *, redo: bool = False) -> str | None:
    """The label of the edit that undo (or redo) would revert, if any."""
    entry = _next(s, annotator_id, redo=redo)
    return entry.label if entry else None


def _next(s: Session, annotator_id: int, *, redo: bool) -> UndoEntry | None:
    state = "undone" if redo else "done"
    order = UndoEntry.id.asc() if redo else UndoEntry.id.desc()
    return s.scalar(
        select(UndoEntry)
        .where(UndoEntry.annotator_id == annotator_id, UndoEntry.state == state)
        .order_by(order)
        .limit(1)
    )


def touched_articles(s: Session, images: list[list[Any]]) -> frozenset[int]:
    """The articles whose annotations the row images touch (before or after), so that
    views can refresh just those after an undo or redo. Entities belong to no article:
    their change is told by the ``entities`` flag."""
    ids: set[int] = set()
    event_ids: set[int] = set()
    for _table, _row_id, *pair in images:
        for image in pair:
            if not image:
                continue
            if image.get("article_id") is not None:
                ids.add(int(image["article_id"]))
            for key in ("event_id", "source_event_id", "target_event_id"):
                if image.get(key) is not None:
                    event_ids.add(int(image[key]))
    if event_ids:
        ids.update(s.scalars(select(Event.article_id).where(Event.id.in_(event_ids))).all())
    return frozenset(ids)


def undo(s: Session, annotator_id: int) -> tuple[str, Changes, frozenset[int]] | None:
    """Revert the annotator's last edit; returns its label, what changed and the
    articles it touched."""
    entry = _next(s, annotator_id, redo=False)
    if entry is None:
        return None
    _check(s, entry.images, 2, entry.label)
    changes = _apply(s, entry.images, 2)
    s.execute(update(UndoEntry).where(UndoEntry.id == entry.id).values(state="undone"))
    return entry.label, changes, touched_articles(s, entry.images)


def redo(s: Session, annotator_id: int) -> tuple[str, Changes, frozenset[int]] | None:
    """Re-apply the annotator's last undone edit; returns its label, what changed and
    the articles it touched."""
    entry = _next(s, annotator_id, redo=True)
    if entry is None:
        return None
    _check(s, entry.images, 3, entry.label)
    changes = _apply(s, entry.images, 3)
    s.execute(update(UndoEntry).where(UndoEntry.id == entry.id).values(state="done"))
    return entry.label, changes, touched_articles(s, entry.images)
