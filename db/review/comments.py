"""Comment threads on articles, annotations and review differences.

A comment belongs to an article and may target one annotation by its uuid (a mention,
an event, an argument...). Because it is keyed by uuid, not by layer, every annotator
sees it: Bob's remark on Anna's mention shows in Anna's workspace as well. A comment on
a review difference targets the uuid of one of its sides (``difference_target``: A's
row when A has one, else B's), so it also shows beside that annotation. Replies name
their ``parent_id`` and inherit the parent's target. Comments are not undo steps; they
are resolved (and reopened) instead of deleted. Every change is ``Changes(comments=True)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, select

from db.changes import Changes
from db.models import Annotator, Article, Comment
from db.review.align import Difference, ReviewError
from db.store import Store

if TYPE_CHECKING:
    _AnySelect = Select[*tuple[Any, ...]]

MAX_BODY = 20_000


@dataclass(frozen=True, slots=True)
class CommentRow:
    """One comment as a thread view shows it."""

    id: int
    uuid: str
    article_id: int
    annotator_id: int
    author: str  # the author's display name (their name when none is set)
    target_uuid: str | None
    parent_id: int | None
    body: str
    resolved: bool
    created_at: datetime
    updated_at: datetime


def difference_target(d: Difference) -> str:
    """The uuid a comment on a review difference is attached to (A's side if any)."""
    side = d.a if d.a is not None else d.b
    if side is None:
        raise ReviewError("This difference has no row to comment on.")
    return side.uuid


def _rows(store: Store, stmt: _AnySelect) -> list[CommentRow]:
    with store.read() as s:
        return [
            CommentRow(
                c.id,
                c.uuid,
                c.article_id,
                c.annotator_id,
                display or name,
                c.target_uuid,
                c.parent_id,
                c.body,
                bool(c.resolved),
                c.created_at,
                c.updated_at,
            )
            for c, name, display in s.execute(stmt)
        ]


def _select() -> _AnySelect:
    return (
        select(Comment, Annotator.name, Annotator.display_name)
        .join(Annotator, Annotator.id == Comment.annotator_id)
        .order_by(Comment.created_at, Comment.id)
    )


def add_comment(
    store: Store,
    annotator_id: int,
    article_id: int,
    body: str,
    target_uuid: str | None = None,
    parent_id: int | None = None,
) -> CommentRow:
    """Add a comment (one transaction); a reply names its parent and gets its target."""
    text = body.strip()
    if not text:
        raise ReviewError("A comment needs some text.")
    if len(text) > MAX_BODY:
        raise ReviewError(f"A comment can be at most {MAX_BODY:,} characters long.")
    with store.write() as s:
        if s.get(Article, article_id) is None:
            raise ReviewError(f"There is no article {article_id}.")
        if parent_id is not None:
            parent = s.get(Comment, parent_id)
            if parent is None or parent.article_id != article_id:
                raise ReviewError("The comment replied to is not in this article.")
            target_uuid = parent.target_uuid if target_uuid is None else target_uuid
        c = Comment(
            article_id=article_id,
            annotator_id=annotator_id,
            target_uuid=target_uuid,
            parent_id=parent_id,
            body=text,
        )
        s.add(c)
        s.flush()
        new_id = c.id
    (row,) = _rows(store, _select().where(Comment.id == new_id))
    return row


def thread(store: Store, target_uuid: str) -> list[CommentRow]:
    """Every comment on one annotation (or difference side), oldest first."""
    return _rows(store, _select().where(Comment.target_uuid == target_uuid))


def article_comments(store: Store, article_id: int) -> list[CommentRow]:
    """Every comment of an article, on it or on its annotations, oldest first."""
    return _rows(store, _select().where(Comment.article_id == article_id))


def resolve(store: Store, comment_id: int, resolved: bool = True) -> Changes:
    """Mark a comment resolved (or open again)."""
    with store.write() as s:
        c = s.get(Comment, comment_id)
        if c is None:
            raise ReviewError(f"There is no comment {comment_id}.")
        c.resolved = resolved
    return Changes(comments=True)
