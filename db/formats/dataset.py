"""The read model of every export: a store's layers as plain ``DatasetDoc``s, read in bulk.

A layer is one annotator's work on one article: its mentions, events and relations and
its article status. ``iter_documents`` yields one ``DatasetDoc`` per selected layer that
has annotations or a status, articles ordered by (published, uuid), annotators by name.

Speed: everything is read with a handful of column-tuple queries per chunk of articles
(no ORM objects, no query per article). On SQLite timestamps and JSON columns are read
as their stored text and converted here, which is several times faster than letting
SQLAlchemy build ``datetime`` objects only for us to format them again; the mentions
(the bulk of every export) come straight from the DB-API cursor in their final order,
their timestamps already formatted by SQLite (``_mention_rows_sqlite``).

The bulk shape is ``LayerRows``: one layer's ``DatasetDoc`` without its mentions, and
the mentions as plain tuples in ``DocMention`` field order. ``iter_layers`` yields it;
``iter_documents`` returns a ``DocumentStream`` that turns each into a ``DatasetDoc``
and lets the JSONL and CSV writers take the tuples directly (``DocumentStream.layers``),
which spares building a million frozen dataclasses for a million mentions.

Type filters (``mention_types``, ``event_types``) are strict: a mention of another type
is left out, and so is any event argument or relation evidence pointing at it (an
event keeps its other arguments; its trigger becomes ``None``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import groupby
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import ColumnElement, String, and_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from db.errors import ArmscribeError
from db.formats.bulk import IN_CHUNK, chunks
from db.formats.model import (
    DatasetDoc,
    DatasetSelection,
    DocArgument,
    DocEntity,
    DocEvent,
    DocMention,
    DocRelation,
)
from db.jobs import CancelToken, Progress, no_progress
from db.models import (
    Annotator,
    Article,
    ArticleStatus,
    ArticleText,
    Entity,
    Event,
    EventArgument,
    Mention,
    Relation,
)
from db.store import Store

CHUNK = 400  # articles per round of queries (well under SQLite's bound-parameter limit)
CURATED = "curated"


class DatasetError(ArmscribeError):
    """The selection cannot be exported (e.g. an unknown annotator name)."""


# -- conversions ---------------------------------------------------------------------
def iso_utc(value: Any) -> str | None:
    """A stored timestamp as ISO 8601 UTC text (``2020-07-12T10:00:00.000000Z``)."""
    if value is None:
        return None
    if isinstance(value, str):  # SQLite's stored form: "2020-07-12 10:00:00.000000"
        # (the same rule as _ISO_SQL, which does this inside SQLite for the mentions)
        iso = value.replace(" ", "T", 1)
        return iso + "Z" if len(value) > 19 else iso + ".000000Z"
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return str(value.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
    return str(value)


def parse_iso(value: str | None) -> datetime | None:
    """Inverse of ``iso_utc`` (any ISO 8601 text; naive means UTC)."""
    if not value:
        return None
    dt = datetime.fromisoformat(value)
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def _json(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str | bytes):
        return orjson.loads(value)
    return value


def _dict(value: Any) -> dict[str, Any]:
    if value is None or value == "{}":
        return {}
    out = _json(value)
    return dict(out) if isinstance(out, dict) else {}


# -- helpers -------------------------------------------------------------------------
def _same_layer(
    m: Any, mention_fk: Any, owner: Any, mtypes: list[str] | None
) -> ColumnElement[bool]:
    """Join condition: mention ``m`` is ``mention_fk`` and lies in ``owner``'s layer (same
    article and annotator), and, with a mention-type filter, is of a kept type."""
    on = and_(
        m.id == mention_fk,
        m.article_id == owner.article_id,
        m.annotator_id == owner.annotator_id,
    )
    return and_(on, m.type.in_(mtypes)) if mtypes is not None else on


def _raw(s: Session, col: Any) -> ColumnElement[Any]:
    """On SQLite, a DateTime/JSON column as its stored text (converted by us)."""
    if s.get_bind().dialect.name == "sqlite":
        return type_coerce(col, String)
    return col  # type: ignore[no-any-return]


def layer_annotators(store: Store) -> list[tuple[str, str]]:
    """Every annotator of the store as (name, role), by name (the dialog's choices)."""
    with store.read() as s:
        return [
            (n, r)
            for n, r in s.execute(select(Annotator.name, Annotator.role).order_by(Annotator.name))
        ]


def _selected_annotators(s: Session, sel: DatasetSelection) -> dict[int, tuple[str, str]]:
    rows = s.execute(select(Annotator.id, Annotator.name, Annotator.role)).all()
    chosen: dict[int, tuple[str, str]] = {}
    if sel.annotators is None:
        chosen.update({i: (n, r) for i, n, r in rows if r != CURATED})
    else:
        by_name = {n: (i, r) for i, n, r in rows}
        unknown = [n for n in sel.annotators if n not in by_name]
        if unknown:
            known = ", ".join(sorted(by_name)) or "none"
            raise DatasetError(
                f"No annotator called {', '.join(map(repr, unknown))} in this store "
                f"(annotators: {known})."
            )
        chosen.update({by_name[n][0]: (n, by_name[n][1]) for n in sel.annotators})
    if sel.curated:
        chosen.update({i: (n, r) for i, n, r in rows if r == CURATED})
    return chosen


def _layer_pairs(
    s: Session, sel: DatasetSelection, annotators: dict[int, tuple[str, str]]
) -> tuple[dict[int, list[int]], dict[tuple[int, int], str]]:
    """Selected layers by article id, and the statuses of those layers."""
    ann_ids = list(annotators)
    pairs: set[tuple[int, int]] = set()
    statuses: dict[tuple[int, int], str] = {}
    if not ann_ids:
        return {}, statuses
    for table in (Mention, Event, Relation):
        stmt = (
            select(table.article_id, table.annotator_id)
            .where(table.annotator_id.in_(ann_ids), table.article_id.is_not(None))
            .distinct()
        )
        if sel.article_ids is not None:
            stmt = stmt.where(table.article_id.in_(sorted(sel.article_ids)))
        pairs.update((a, b) for a, b in s.execute(stmt) if a is not None)
    stmt2 = select(
        ArticleStatus.article_id, ArticleStatus.annotator_id, ArticleStatus.status
    ).where(ArticleStatus.annotator_id.in_(ann_ids))
    if sel.article_ids is not None:
        stmt2 = stmt2.where(ArticleStatus.article_id.in_(sorted(sel.article_ids)))
    for a, b, st in s.execute(stmt2):
        statuses[(a, b)] = st
        pairs.add((a, b))
    if sel.statuses is not None:
        pairs = {p for p in pairs if statuses.get(p, "new") in sel.statuses}
    by_article: dict[int, list[int]] = {}
    for a, b in pairs:
        by_article.setdefault(a, []).append(b)
    for layers in by_article.values():
        layers.sort(key=lambda i: annotators[i][0])
    return by_article, statuses


def count_documents(store: Store, selection: DatasetSelection) -> int:
    """How many ``DatasetDoc``s ``iter_documents`` will yield for ``selection``."""
    with store.read() as s:
        annotators = _selected_annotators(s, selection)
        by_article, _ = _layer_pairs(s, selection, annotators)
        return sum(len(v) for v in by_article.values())


MentionRow = tuple[str | None, int, int, str, str, str | None, Any, str | None, str | None]
"""(uuid, start, end, type, text, entity_uuid, stored attributes, created_at, updated_at):
``DocMention``'s fields in order, except that the attributes are as stored (JSON text on
SQLite, a dict elsewhere or from a file, None for none): ``stored_dict`` converts them.
The uuid is None only in layers read from a file that has none."""


@dataclass(frozen=True, slots=True)
class LayerRows:
    """One layer as the bulk writers take it: ``doc`` holds everything but the mentions
    (``doc.mentions == ()``), ``mentions`` the mention rows in export order."""

    doc: DatasetDoc
    mentions: list[MentionRow]

    def to_doc(self) -> DatasetDoc:
        """The layer as a full ``DatasetDoc``."""
        return replace(
            self.doc,
            mentions=tuple(
                DocMention(u, a, b, t, x, eu, _dict(at), c, up)
                for u, a, b, t, x, eu, at, c, up in self.mentions
            ),
        )


def stored_dict(value: Any) -> dict[str, Any]:
    """A stored JSON object column (text, dict or None) as a dict."""
    return _dict(value)


class DocumentStream(Iterator[DatasetDoc]):
    """What ``iter_documents`` returns: an iterator of ``DatasetDoc``s that a bulk writer
    may instead consume as ``LayerRows`` (``layers()``); either way, only once. Nothing
    is read before the first item is asked for."""

    def __init__(
        self,
        store: Store,
        selection: DatasetSelection,
        progress: Progress,
        cancel: CancelToken | None,
    ) -> None:
        self._args = (store, selection, progress, cancel)
        self._layers: Iterator[LayerRows] | None = None

    def __iter__(self) -> DocumentStream:
        return self

    def __next__(self) -> DatasetDoc:
        if self._layers is None:
            self._layers = self.layers()
        return next(self._layers).to_doc()

    def layers(self, *, timestamps: bool = True) -> Iterator[LayerRows]:
        """The same layers as ``LayerRows`` (mentions as tuples). ``timestamps=False``:
        the mention rows' created_at/updated_at are left None (a writer that does not
        show them saves reading them)."""
        if self._layers is None:
            store, selection, progress, cancel = self._args
            self._layers = iter_layers(
                store, selection, progress=progress, cancel=cancel, timestamps=timestamps
            )
        return self._layers

    def close(self) -> None:
        """Stop early (closes the read session)."""
        if self._layers is not None:
            close = getattr(self._layers, "close", None)
            if close is not None:
                close()


def iter_documents(
    store: Store,
    selection: DatasetSelection,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> DocumentStream:
    """One ``DatasetDoc`` per selected layer, in a deterministic order (module doc)."""
    return DocumentStream(store, selection, progress, cancel)


def iter_layers(
    store: Store,
    selection: DatasetSelection,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    timestamps: bool = True,
) -> Iterator[LayerRows]:
    """``iter_documents`` as ``LayerRows``: the bulk exporters' read model (``timestamps``:
    see ``DocumentStream.layers``)."""
    with store.read() as s:
        annotators = _selected_annotators(s, selection)
        by_article, statuses = _layer_pairs(s, selection, annotators)
        total = sum(len(v) for v in by_article.values())
        meta = s.execute(
            select(Article.id, Article.published, Article.uuid).where(
                Article.id.in_(sorted(by_article)) if len(by_article) < 30_000 else Article.id > 0
            )
        ).all()
        order = [
            i
            for i, _p, _u in sorted(
                (r for r in meta if r[0] in by_article), key=lambda r: (r[1] or "", r[2])
            )
        ]
        done = 0
        progress(0, total, "Reading annotations")
        for ids in chunks(order, CHUNK):
            if cancel is not None:
                cancel.check()
            for layer in _read_chunk(
                s, selection, ids, by_article, statuses, annotators, timestamps
            ):
                yield layer
                done += 1
            progress(done, total, "Reading annotations")


def _read_chunk(
    s: Session,
    sel: DatasetSelection,
    ids: Sequence[int],
    by_article: dict[int, list[int]],
    statuses: dict[tuple[int, int], str],
    annotators: dict[int, tuple[str, str]],
    timestamps: bool = True,
) -> Iterator[LayerRows]:
    id_list = list(ids)
    ann_ids = list(annotators)
    mtypes = sorted(sel.mention_types) if sel.mention_types is not None else None
    articles = {
        r[0]: r
        for r in s.execute(
            select(
                Article.id,
                Article.uuid,
                Article.content_hash,
                Article.title,
                Article.source,
                Article.author,
                Article.url,
                Article.published,
                Article.language,
                Article.origin,
                _raw(s, Article.extra),
                ArticleText.text,
            )
            .join(ArticleText, ArticleText.article_id == Article.id)
            .where(Article.id.in_(id_list))
        )
    }
    # Mentions, ordered by layer then (start, end, type, uuid): grouped without a sort here
    mentions: dict[tuple[int, int], list[Any]] = {
        key: list(rows)
        for key, rows in groupby(
            _mention_rows(s, id_list, ann_ids, mtypes, timestamps), key=itemgetter(0, 1)
        )
    }
    # Events: the trigger and argument mentions as uuids, joined within the same layer
    # (and the type filter: a left-out mention leaves no trace)
    trig = aliased(Mention)
    on = _same_layer(trig, Event.trigger_mention_id, Event, mtypes)
    estmt = (
        select(
            Event.article_id,
            Event.annotator_id,
            Event.id,
            Event.uuid,
            Event.type,
            trig.uuid,
            Event.status,
            Event.modality,
            Event.date_start,
            Event.date_end,
            _raw(s, Event.attributes),
            Event.record_uuid,
            _raw(s, Event.created_at),
            _raw(s, Event.updated_at),
        )
        .outerjoin(trig, on)
        .where(Event.article_id.in_(id_list), Event.annotator_id.in_(ann_ids))
    )
    if sel.event_types is not None:
        estmt = estmt.where(Event.type.in_(sorted(sel.event_types)))
    events: dict[tuple[int, int], list[Any]] = {}
    event_ids: set[int] = set()
    for row in s.execute(estmt):
        events.setdefault((row[0], row[1]), []).append(row)
        event_ids.add(row[2])
    args: dict[int, list[DocArgument]] = {}
    if event_ids:
        arg_on = _same_layer(Mention, EventArgument.mention_id, Event, mtypes)
        for ev, au, role, mu in s.execute(
            select(EventArgument.event_id, EventArgument.uuid, EventArgument.role, Mention.uuid)
            .join(Event, Event.id == EventArgument.event_id)
            .join(Mention, arg_on)
            .where(Event.article_id.in_(id_list), Event.annotator_id.in_(ann_ids))
        ):
            if ev in event_ids:
                args.setdefault(ev, []).append(DocArgument(role, mu, au))
    evid = aliased(Mention)
    ev_on = _same_layer(evid, Relation.evidence_mention_id, Relation, mtypes)
    relations: dict[tuple[int, int], list[Any]] = {}
    for row in s.execute(
        select(
            Relation.article_id,
            Relation.annotator_id,
            Relation.uuid,
            Relation.type,
            Relation.source_entity_id,
            Relation.target_entity_id,
            evid.uuid,
            _raw(s, Relation.attributes),
            _raw(s, Relation.created_at),
            _raw(s, Relation.updated_at),
        )
        .outerjoin(evid, ev_on)
        .where(Relation.article_id.in_(id_list), Relation.annotator_id.in_(ann_ids))
    ):
        relations.setdefault((row[0], row[1]), []).append(row)
    wanted: set[int] = set()
    for rows in mentions.values():
        wanted.update(r[6] for r in rows if r[6] is not None)
    for rows in relations.values():
        wanted.update(r[4] for r in rows)
        wanted.update(r[5] for r in rows)
    entities = _entities(s, wanted)
    entity_uuid = {i: e.uuid for i, e in entities.items()}

    for aid in ids:
        art = articles.get(aid)
        if art is None:
            continue
        (
            _i,
            a_uuid,
            chash,
            title,
            source,
            author,
            url,
            published,
            language,
            origin,
            extra,
            text,
        ) = art
        metadata: dict[str, Any] = {
            "source": source,
            "author": author,
            "url": url,
            "published": published,
            "language": language,
        }
        if origin:
            metadata["origin"] = origin
        extra_d = _dict(extra)
        if extra_d:
            metadata["extra"] = extra_d
        metadata = {k: v for k, v in metadata.items() if v is not None}
        for ann in by_article[aid]:
            key = (aid, ann)
            name, role = annotators[ann]
            used: dict[str, DocEntity] = {}
            rows = mentions.get(key, [])
            doc_mentions: list[MentionRow] = [
                (
                    u,
                    a,
                    b,
                    t,
                    text[a:b],
                    None if eid is None else entity_uuid.get(eid),
                    at,
                    c,
                    up,
                )
                for _a, _b, u, a, b, t, eid, at, c, up in rows
            ]
            for eid in {r[6] for r in rows if r[6] is not None}:
                ent = entities.get(eid)
                if ent is not None:
                    used[ent.uuid] = ent
            doc_events = []
            for r in events.get(key, ()):
                arguments = sorted(args.get(r[2], ()), key=lambda a: (a.role, a.uuid or ""))
                doc_events.append(
                    DocEvent(
                        r[3],
                        r[4],
                        r[5],
                        tuple(arguments),
                        r[6],
                        r[7],
                        r[8],
                        r[9],
                        _dict(r[10]),
                        r[11],
                        iso_utc(r[12]),
                        iso_utc(r[13]),
                    )
                )
            doc_events.sort(key=lambda e: e.uuid or "")
            doc_relations = []
            for r in relations.get(key, ()):
                src, tgt = entities.get(r[4]), entities.get(r[5])
                if src is None or tgt is None:
                    continue
                used[src.uuid] = src
                used[tgt.uuid] = tgt
                doc_relations.append(
                    DocRelation(
                        r[2],
                        r[3],
                        src.uuid,
                        tgt.uuid,
                        r[6],
                        _dict(r[7]),
                        iso_utc(r[8]),
                        iso_utc(r[9]),
                    )
                )
            doc_relations.sort(key=lambda r: r.uuid or "")
            doc = DatasetDoc(
                article_uuid=a_uuid,
                content_hash=chash,
                title=title,
                text=text,
                annotator=name,
                annotator_role=role,
                status=statuses.get(key),
                metadata=metadata,
                events=tuple(doc_events),
                relations=tuple(doc_relations),
                entities={u: used[u] for u in sorted(used)},
            )
            yield LayerRows(doc, doc_mentions)


# SQLite's stored DateTime text ("2020-07-12 10:00:00.000000") as iso_utc formats it
_ISO_SQL = (
    "CASE WHEN length({c}) > 19 THEN replace({c}, ' ', 'T') || 'Z' "
    "ELSE replace({c}, ' ', 'T') || '.000000Z' END"
)


def _mention_rows(
    s: Session,
    id_list: list[int],
    ann_ids: list[int],
    types: list[str] | None,
    timestamps: bool = True,
) -> Iterable[Any]:
    """(article_id, annotator_id, uuid, start, end, type, entity_id, stored attributes,
    created_at, updated_at) rows ordered by layer, then (start, end, type, uuid), with the
    timestamps as ISO 8601 UTC text."""
    if types is not None and not types:
        return []
    if s.get_bind().dialect.name == "sqlite":
        return _mention_rows_sqlite(s, id_list, ann_ids, types, timestamps)
    stmt = select(
        Mention.article_id,
        Mention.annotator_id,
        Mention.uuid,
        Mention.start,
        Mention.end,
        Mention.type,
        Mention.entity_id,
        Mention.attributes,
        Mention.created_at,
        Mention.updated_at,
    ).where(Mention.article_id.in_(id_list), Mention.annotator_id.in_(ann_ids))
    if types is not None:
        stmt = stmt.where(Mention.type.in_(types))
    stmt = stmt.order_by(
        Mention.article_id,
        Mention.annotator_id,
        Mention.start,
        Mention.end,
        # code-point order, as Python compares str (and SQLite's BINARY collation)
        Mention.type.collate("C") if s.get_bind().dialect.name == "postgresql" else Mention.type,
        Mention.uuid.collate("C") if s.get_bind().dialect.name == "postgresql" else Mention.uuid,
    )
    if not timestamps:
        return [(*r[:8], None, None) for r in s.execute(stmt)]
    return [(*r[:8], iso_utc(r[8]), iso_utc(r[9])) for r in s.execute(stmt)]


def _mention_rows_sqlite(
    s: Session,
    id_list: list[int],
    ann_ids: list[int],
    types: list[str] | None,
    timestamps: bool,
) -> list[Any]:
    """The SQLite fast path of ``_mention_rows``: one statement on the DB-API cursor
    (skipping SQLAlchemy's row objects and result processing roughly halves the read)."""
    stamps = (
        f"{_ISO_SQL.format(c='created_at')}, {_ISO_SQL.format(c='updated_at')}"
        if timestamps
        else "NULL, NULL"
    )
    sql = (
        'SELECT article_id, annotator_id, uuid, start, "end", type, entity_id, attributes, '
        f"{stamps} FROM mentions "
        f"WHERE article_id IN ({','.join('?' * len(id_list))}) "
        f"AND annotator_id IN ({','.join('?' * len(ann_ids))})"
    )
    params: list[Any] = [*id_list, *ann_ids]
    if types is not None:
        sql += f" AND type IN ({','.join('?' * len(types))})"
        params += types
    sql += ' ORDER BY article_id, annotator_id, start, "end", type, uuid'
    cur = s.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        rows: list[Any] = cur.execute(sql, params).fetchall()
        return rows
    finally:
        cur.close()


def _entities(s: Session, ids: Iterable[int]) -> dict[int, DocEntity]:
    """Entities by id; a merged-away entity resolves to the one it was merged into."""
    out: dict[int, DocEntity] = {}
    todo = sorted(set(ids))
    seen: set[int] = set(todo)
    merged: dict[int, int] = {}
    while todo:
        rows: list[Any] = []
        for part in chunks(todo, IN_CHUNK):
            rows += s.execute(
                select(
                    Entity.id,
                    Entity.uuid,
                    Entity.kind,
                    Entity.name,
                    Entity.subtype,
                    _raw(s, Entity.aliases),
                    Entity.country_code,
                    Entity.external_id,
                    _raw(s, Entity.attributes),
                    Entity.sipri_code,
                    Entity.merged_into_id,
                ).where(Entity.id.in_(list(part)))
            ).all()
        todo = []
        for r in rows:
            if r[10] is not None:
                merged[r[0]] = r[10]
                if r[10] not in seen:
                    seen.add(r[10])
                    todo.append(r[10])
                continue
            aliases = _json(r[5]) or []
            out[r[0]] = DocEntity(
                r[1], r[2], r[3], r[4], tuple(aliases), r[6], r[7], _dict(r[8]), r[9]
            )
    for old, new in merged.items():
        target = new
        for _ in range(64):  # a chain of merges
            if target not in merged:
                break
            target = merged[target]
        if target in out:
            out[old] = out[target]
    return out
