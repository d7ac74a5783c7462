"""The plain shape every dataset format reads from (export) and writes into (import).

Export: ``db.formats.dataset.iter_documents(store, selection)`` yields one
``DatasetDoc`` per (article, annotator layer). Import: a format's reader produces
``DatasetDoc``s (uuids and timestamps optional) and
``db.formats.layer_writer.write_documents`` stores them as layers, all or nothing.
Offsets are code points into ``DatasetDoc.text`` (``\\n`` newlines).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class DatasetSelection:
    """What to export. ``None`` means "no restriction"."""

    article_ids: frozenset[int] | None = None  # all, the list's filter, a selection
    annotators: tuple[str, ...] | None = None  # analyst names; None = every analyst
    curated: bool = False  # also (or, with annotators=(), only) the curated layer
    statuses: frozenset[str] | None = None  # e.g. {"done"}: that layer's article status
    mention_types: frozenset[str] | None = None
    event_types: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class DocEntity:
    uuid: str
    kind: str
    name: str
    subtype: str | None = None
    aliases: tuple[str, ...] = ()
    country_code: str | None = None
    external_id: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    sipri_code: str | None = None  # added by part A: kept so JSONL round trips are lossless


@dataclass(frozen=True, slots=True)
class DocMention:
    uuid: str | None
    start: int
    end: int
    type: str
    text: str  # the surface text, == doc.text[start:end]
    entity_uuid: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    created_at: str | None = None  # ISO 8601 UTC; None on import = now
    updated_at: str | None = None


@dataclass(frozen=True, slots=True)
class DocArgument:
    role: str
    mention_uuid: str  # a DocMention.uuid of the same doc
    uuid: str | None = None


@dataclass(frozen=True, slots=True)
class DocEvent:
    uuid: str | None
    type: str
    trigger_uuid: str | None  # a DocMention.uuid of the same doc
    arguments: tuple[DocArgument, ...] = ()
    status: str | None = None
    modality: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    record_uuid: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


@dataclass(frozen=True, slots=True)
class DocRelation:
    uuid: str | None
    type: str
    source_entity_uuid: str
    target_entity_uuid: str
    evidence_uuid: str | None = None  # a DocMention.uuid of the same doc
    attributes: dict[str, Any] = field(default_factory=dict)
    created_at: str | None = None
    updated_at: str | None = None


@dataclass(frozen=True, slots=True)
class DatasetDoc:
    """One annotator's layer of one article, with everything needed to rebuild it."""

    article_uuid: str | None
    content_hash: str | None  # recognises the same article in another store
    title: str
    text: str
    annotator: str  # annotator name
    annotator_role: str = "analyst"  # "curated" for the gold layer
    status: str | None = None  # that annotator's article status
    metadata: dict[str, Any] = field(default_factory=dict)  # source, author, url, published...
    mentions: tuple[DocMention, ...] = ()
    events: tuple[DocEvent, ...] = ()
    relations: tuple[DocRelation, ...] = ()
    entities: dict[str, DocEntity] = field(default_factory=dict)  # by uuid, those referenced


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What an export wrote (shown in the dialog and printed by the CLI)."""

    articles: int = 0
    layers: int = 0
    mentions: int = 0
    events: int = 0
    relations: int = 0
    files: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # e.g. "3 overlapping mentions resolved by the longest-first rule"
