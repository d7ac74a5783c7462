"""The whole Armscribe domain as SQLAlchemy 2 typed models.

Every annotation row carries a stable ``uuid``, its ``annotator`` and ``updated_at``:
review, merge, bundles and export key on them. Offsets are code points into the
stored text (``ArticleText.text``, newlines normalised to ``\\n``).
"""

from __future__ import annotations

import uuid as uuid_mod
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def new_uuid() -> str:
    """A new random uuid as 36-character text (portable across SQLite and PostgreSQL)."""
    return str(uuid_mod.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        dict[str, Any]: JSON,
        list[str]: JSON,
        datetime: DateTime(timezone=True),
    }


class Stamped:
    """Columns every row shares: a stable uuid and when it was made and last changed."""

    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BulkStamped(Stamped):
    """``Stamped`` for the tables an import fills by the hundred thousand: their uuid is
    unique through a named index rather than an inline constraint, so that a big load
    can build it once at the end (``db.bulk_load``); SQLite cannot drop the automatic
    index of an inline constraint."""

    uuid: Mapped[str] = mapped_column(String(36), unique=True, index=True, default=new_uuid)


class StoreMeta(Base):
    """Key/value facts about the store itself (tagset in use, creating app version)."""

    __tablename__ = "store_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Annotator(Stamped, Base):
    __tablename__ = "annotators"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    # "curated" marks the adjudicated gold layer, which is an annotator of its own.
    role: Mapped[str] = mapped_column(String(20), default="analyst")


class Article(BulkStamped, Base):
    """An article's metadata. Its text lives in ``ArticleText`` so that listing
    100,000 articles reads a compact table and never touches the bodies."""

    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(500))
    source: Mapped[str | None] = mapped_column(String(200), index=True)
    author: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(2000))
    # ISO 8601, possibly partial ("2020", "2020-07"); text sorts correctly.
    published: Mapped[str | None] = mapped_column(String(32), index=True)
    language: Mapped[str | None] = mapped_column(String(8), index=True)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    char_count: Mapped[int] = mapped_column(Integer, default=0)
    origin: Mapped[str | None] = mapped_column(String(1000))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ArticleText(Base):
    """The body of an article (and a copy of its title, for full-text search)."""

    __tablename__ = "article_texts"
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    title: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)


class Entity(Stamped, Base):
    """A canonical entity (state, company, weapon system...) shared across articles
    and languages."""

    __tablename__ = "entities"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)  # ACTOR, WEAPON, LOCATION...
    subtype: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300), index=True)
    aliases: Mapped[list[str]] = mapped_column(default=list)
    country_code: Mapped[str | None] = mapped_column(String(8))
    sipri_code: Mapped[str | None] = mapped_column(String(8))
    external_id: Mapped[str | None] = mapped_column(String(64), index=True)  # e.g. Wikidata QID
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("annotators.id", ondelete="SET NULL")
    )
    # Set when merged into another entity; kept so that old uuids still resolve.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL")
    )


class Mention(BulkStamped, Base):
    """A span of an article's text tagged by one annotator."""

    __tablename__ = "mentions"
    __table_args__ = (
        CheckConstraint('start >= 0 AND "end" > start', name="span"),
        Index("ix_mentions_article_annotator", "article_id", "annotator_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)  # code points, inclusive
    end: Mapped[int] = mapped_column(Integer)  # code points, exclusive
    type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"), index=True
    )
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Event(BulkStamped, Base):
    """An event (transfer, offer, licence action...) stated in one article."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_article_annotator", "article_id", "annotator_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(64), index=True)
    trigger_mention_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentions.id", ondelete="SET NULL")
    )
    status: Mapped[str | None] = mapped_column(String(32))
    modality: Mapped[str | None] = mapped_column(String(32))
    # Normalised date range (ISO, possibly partial) for time filters on the graph.
    date_start: Mapped[str | None] = mapped_column(String(32), index=True)
    date_end: Mapped[str | None] = mapped_column(String(32))
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The cross-article register of transfers will give one record per real-world
    # event; an article's event then points at it by uuid.
    record_uuid: Mapped[str | None] = mapped_column(String(36), index=True)


class EventArgument(BulkStamped, Base):
    """One filled role of an event: role -> mention."""

    __tablename__ = "event_arguments"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(64))
    mention_id: Mapped[int] = mapped_column(
        ForeignKey("mentions.id", ondelete="CASCADE"), index=True
    )


class EventLink(Stamped, Base):
    """One event pointing at another (caused by, response to)."""

    __tablename__ = "event_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id", ondelete="CASCADE"))
    source_event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    target_event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(64))


class Relation(BulkStamped, Base):
    """A relation between two canonical entities (member of, produced by...)."""

    __tablename__ = "relations"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(64))
    source_entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    target_entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    evidence_mention_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentions.id", ondelete="SET NULL")
    )
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Comment(Stamped, Base):
    """A note on an article, or on one annotation (by its uuid), possibly in a thread."""

    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id", ondelete="CASCADE"))
    target_uuid: Mapped[str | None] = mapped_column(String(36), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    resolved: Mapped[bool] = mapped_column(default=False)


class ArticleStatus(Stamped, Base):
    """Where one annotator stands with one article (new, in progress, done...)."""

    __tablename__ = "article_status"
    __table_args__ = (UniqueConstraint("article_id", "annotator_id", name="article_annotator"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(
        ForeignKey("annotators.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default="new")


class UndoEntry(Base):
    """One user action's row images (before and after), so that it can be undone and
    redone even after a restart. ``images`` holds ``[table, id, before, after]`` lists;
    ``state`` is "done" or "undone"."""

    __tablename__ = "undo_log"
    __table_args__ = (Index("ix_undo_log_annotator_state", "annotator_id", "state"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(300))
    images: Mapped[list[Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(10), default="done")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReviewDecision(Stamped, Base):
    """A reviewer's decision on one difference between two analysts' layers, and what
    it put into the curated layer. ``source_uuids`` lists the rows decided on (the
    chosen side's first); ``curated_uuids`` the curated rows the decision created,
    changed or reused. See docs/review.md ("Decisions")."""

    __tablename__ = "review_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("annotators.id", ondelete="CASCADE"))
    # The difference decided on: db.review.session.difference_key (unit, detail, uuids).
    key: Mapped[str] = mapped_column(String(400))
    unit: Mapped[str] = mapped_column(String(16))  # mention, event, argument, attribute
    kind: Mapped[str] = mapped_column(String(32))  # the Difference kind (agreed, only_a...)
    # accept_a, accept_b, accept_both, reject, edit, accept_agreed
    decision: Mapped[str] = mapped_column(String(20))
    source_uuids: Mapped[list[str]] = mapped_column(default=list)
    curated_uuids: Mapped[list[str]] = mapped_column(default=list)
    note: Mapped[str | None] = mapped_column(Text)
