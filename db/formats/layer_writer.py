"""Store ``DatasetDoc``s as annotator layers: one transaction, all or nothing.

Everything is validated before a row is written, and every problem is reported at once:
types missing from the tagset (each with its count and an example; ``type_map`` maps
old names, including role names, to the tagset's), spans that do not fit the text or do
not match their surface text, references to mentions or entities that do not exist,
and layers that already exist in the store (import under another name instead).

Articles are matched by uuid, then by content hash (sha256 of the text), else created
with their metadata (and indexed for search). Entities are matched by uuid (a merged-away
entity resolves to the one it was merged into), else created with the given uuid. When
a uuid exists with different fields (kind, name, subtype), **the store's entity is kept
unchanged** and the uuid is listed in ``LayerImportReport.entities_differing``.
Annotation uuids and timestamps are kept when given; an annotation uuid that already
exists in the store (the same file imported under another annotator name) gets a new
uuid, counted in ``uuids_renewed``.

Speed: the writer works on ``LayerRows`` (a layer's ``DatasetDoc`` without mentions plus
its mentions as tuples: ``write_documents`` takes them as well as ``DatasetDoc``s, and
``db.formats.jsonl.read_layers`` produces them without building a dataclass per mention).
Rows are inserted by ``_Inserter``: on SQLite ``executemany`` on the DB-API connection
inside the store's write transaction, with ids assigned here, timestamps as the text
SQLAlchemy's ``DateTime`` stores and JSON as orjson text (``_Inserter.sqlite_rows``);
on other databases (PostgreSQL) SQLAlchemy Core with ``RETURNING`` ids. New articles are
indexed for search in the same transaction (on SQLite by ``INSERT ... SELECT`` from
``article_texts``, many at once with a larger FTS5 buffer, ``db.search.bulk_indexing``).
On SQLite the input is read in a thread while the articles read so far are stored
(``_stream``); the layers are stored once all is read and checked. Figures and the floor
of this schema: docs/formats.md, "Speed".
"""

from __future__ import annotations

import contextlib
import json
import queue
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import chain
from typing import Any

import orjson
from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from db.errors import ArmscribeError
from db.formats.dataset import LayerRows, parse_iso, paused_gc, stored_dict
from db.formats.model import DatasetDoc, DocEntity
from db.jobs import CancelToken, Progress, no_progress
from db.models import (
    Article,
    ArticleStatus,
    ArticleText,
    Entity,
    Event,
    EventArgument,
    Mention,
    Relation,
    new_uuid,
    utcnow,
)
from db.ops.articles import STATUSES, content_hash, ensure_annotator
from db.search import FTS_BULK_FROM, bulk_indexing, index_articles
from db.store import Store
from db.tagset import Tagset
from db.text_stats import word_count

MAX_LISTED = 50
BATCH_DOCS = 500
IN_CHUNK = 900


class LayerImportError(ArmscribeError):
    """The input cannot be stored; nothing was imported."""

    def __init__(self, problems: Sequence[str], head: str | None = None) -> None:
        self.problems = list(problems)
        n = len(self.problems)
        lines = self.problems[:MAX_LISTED]
        if n > len(lines):
            lines = [*lines, f"... and {n - len(lines)} more"]
        head = head or f"{n} problem{'s' if n != 1 else ''} in the input; nothing was imported:"
        super().__init__("\n".join([head, *("  " + ln for ln in lines)]))


class UnknownTypesError(LayerImportError):
    """Types (or roles) the tagset does not know; map them with ``type_map``."""


@dataclass(slots=True)
class LayerImportReport:
    """What an import stored."""

    articles_created: int = 0
    articles_matched: int = 0
    layers: int = 0
    mentions: int = 0
    events: int = 0
    relations: int = 0
    entities_created: int = 0
    entities_matched: int = 0
    entities_differing: list[str] = field(default_factory=list)  # uuids kept as in the store
    uuids_renewed: int = 0
    problems: list[str] = field(default_factory=list)  # notes that did not stop the import
    article_ids: list[int] = field(default_factory=list)

    def summary(self) -> str:
        """One line for a status bar or a terminal."""
        return (
            f"Imported {self.layers} layer{'s' if self.layers != 1 else ''} "
            f"({self.mentions} mentions, {self.events} events, {self.relations} relations) "
            f"into {self.articles_created + self.articles_matched} articles "
            f"({self.articles_created} new); {self.entities_created} new entities."
        )


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


# bound parameters per statement: SQLite's limit (32766 since 3.32, 999 before)
_MAX_VARS = 32766 if sqlite3.sqlite_version_info >= (3, 32) else 999
_MULTI_ROW = 500

_SQLITE_TS = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy's DateTime stores a value on SQLite


class _Inserter:
    """Inserts plain row tuples (timestamps as ISO text or None = now, JSON as Python
    objects) and returns the new ids in row order."""

    def __init__(self, s: Session, now: datetime) -> None:
        self.s = s
        self.sqlite = s.get_bind().dialect.name == "sqlite"
        self.now = now
        self.now_text = now.astimezone(UTC).strftime(_SQLITE_TS)
        self.next_id: dict[str, int] = {}
        self.multi_row = False  # multi-row VALUES instead of executemany

    def ts(self, value: str | None) -> Any:
        """An ISO 8601 timestamp (None: now) as this database stores it."""
        if self.sqlite:
            if value is None:
                return self.now_text
            # the canonical form every Armscribe export writes: sliced, not parsed
            if len(value) == 27 and value[10] == "T" and value[26] == "Z":
                return value[:10] + " " + value[11:26]
            dt = parse_iso(value)
            return self.now_text if dt is None else dt.strftime(_SQLITE_TS)
        return parse_iso(value) or self.now

    def js(self, value: Any) -> Any:
        """A JSON column value as this database takes it (SQLite: orjson text)."""
        if self.sqlite:
            if not value and isinstance(value, dict):
                return "{}"
            try:
                return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
            except TypeError:  # e.g. an integer beyond 64 bits: what SQLAlchemy would do
                return json.dumps(value)
        return value

    def insert(self, model: Any, cols: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> list[int]:
        """Insert ``rows`` (values in ``cols`` order, no id) and return their ids."""
        if not rows:
            return []
        if self.sqlite:
            return self.sqlite_rows(_table(model), cols, rows)
        table = _table(model)
        dicts = [dict(zip(cols, r, strict=True)) for r in rows]
        if "id" not in table.c:
            self.s.connection().execute(insert(table), dicts)
            return []
        return list(
            self.s.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), dicts)
        )

    def sqlite_rows(
        self, table: Table, cols: Sequence[str], rows: Sequence[tuple[Any, ...]]
    ) -> list[int]:
        """The SQLite fast path: ``executemany`` on the DB-API connection of the session's
        write transaction. Ids are assigned here (the transaction holds the only write
        lock): INSERT ... RETURNING in parameter order runs row by row there."""
        conn = self.s.connection()
        raw = conn.connection.driver_connection
        assert raw is not None
        if "id" in table.c:
            first = self.next_id.get(table.name)
            if first is None:
                top = conn.exec_driver_sql(f"SELECT max(id) FROM {table.name}").scalar()
                first = int(top or 0) + 1
            ids = range(first, first + len(rows))
            self.next_id[table.name] = first + len(rows)
            cols = ("id", *cols)
            rows = [(i, *r) for i, r in zip(ids, rows, strict=True)]
        else:
            ids = range(0)
        names = ", ".join(f'"{c}"' for c in cols)
        marks = ", ".join("?" * len(cols))
        head = f"INSERT INTO {table.name} ({names}) VALUES "
        if self.multi_row and len(rows) > 1:
            # one statement (one step into SQLite, the GIL released once) per
            # _MULTI_ROW rows, for inserting while the reading thread runs; alone,
            # executemany is faster (200,000 mentions: 0.64 s against 0.72 s)
            per = max(1, min(_MULTI_ROW, _MAX_VARS // len(cols)))
            flat = chain.from_iterable
            for k in range(0, len(rows), per):
                part = rows[k : k + per]
                raw.execute(head + ", ".join([f"({marks})"] * len(part)), list(flat(part)))
        else:
            raw.executemany(f"{head}({marks})", rows)
        return list(ids)


def as_layer(item: DatasetDoc | LayerRows) -> LayerRows:
    """A ``DatasetDoc`` as ``LayerRows`` (mentions as tuples; attributes as dicts)."""
    if isinstance(item, LayerRows):
        return item
    return LayerRows(
        replace(item, mentions=()),
        [
            (
                m.uuid,
                m.start,
                m.end,
                m.type,
                m.text,
                m.entity_uuid,
                m.attributes,
                m.created_at,
                m.updated_at,
            )
            for m in item.mentions
        ],
    )


def _label(doc: DatasetDoc | LayerRows) -> str:
    if isinstance(doc, LayerRows):
        doc = doc.doc
    title = doc.title if len(doc.title) <= 60 else doc.title[:59] + "…"
    return f"article “{title}” ({doc.article_uuid or 'no uuid'}, layer {doc.annotator})"


def _chunks(seq: Sequence[Any], n: int = IN_CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


class _Validator:
    """Checks the input in parts (``feed``, in input order) with the same result as
    checking it whole: ``finish`` gives every problem (unknown types raise
    ``UnknownTypesError`` first)."""

    def __init__(self, tagset: Tagset, tmap: Mapping[str, str], annotator: str | None) -> None:
        self.tagset, self.tmap, self.annotator = tagset, tmap, annotator
        self.mtypes = {m.name for m in tagset.mention_types}
        self.etypes = {e.name: e for e in tagset.event_types}
        self.rtypes = {r.name for r in tagset.relation_types}
        self.unknown: Counter[tuple[str, str]] = Counter()
        self.example: dict[tuple[str, str], str] = {}
        self.problems: list[str] = []
        self.seen_layers: set[tuple[str, str]] = set()

    def feed(self, docs: Sequence[LayerRows], hashes: Sequence[str]) -> bool:
        """Check ``docs``; False if they added a problem."""
        before = (len(self.problems), sum(self.unknown.values()))
        self._check(docs, hashes)
        return before == (len(self.problems), sum(self.unknown.values()))

    def _check(self, docs: Sequence[LayerRows], hashes: Sequence[str]) -> None:
        tmap, annotator = self.tmap, self.annotator
        mtypes, etypes, rtypes = self.mtypes, self.etypes, self.rtypes
        unknown, example = self.unknown, self.example
        problems, seen_layers = self.problems, self.seen_layers

        def miss(kind: str, name: str, where: str) -> None:
            key = (kind, name)
            unknown[key] += 1
            example.setdefault(key, where)

        for layer, text_hash in zip(docs, hashes, strict=True):
            doc = layer.doc
            label = _label(doc)
            text = doc.text
            n = len(text)
            layer_key = (text_hash, annotator or doc.annotator)
            if layer_key in seen_layers:
                problems.append(f"{label}: the input holds this layer twice.")
            seen_layers.add(layer_key)
            if doc.status is not None and doc.status not in STATUSES:
                problems.append(f"{label}: unknown status {doc.status!r}.")
            uuids: set[str] = set()
            # the common case in a few tight passes: every type known, every span fits and
            # matches, no uuid twice; only a layer failing them is gone through row by row
            rows = layer.mentions
            given = [r[0] for r in rows if r[0] is not None]
            uuids.update(given)
            if (
                len(uuids) == len(given)
                and all(tmap.get(r[3], r[3]) in mtypes for r in rows)
                and all(0 <= r[1] < r[2] <= n and text[r[1] : r[2]] == r[4] for r in rows)
                and all(r[5] is None or r[5] for r in rows)
            ):
                rows = []
            else:
                uuids = set()
            for u, start, end, mtype, mtext, entity_uuid, _at, _c, _up in rows:
                t = tmap.get(mtype, mtype)
                if t not in mtypes:
                    miss("mention type", mtype, f"“{mtext[:40]}” in {label}")
                if not (0 <= start < end <= n):
                    problems.append(
                        f"{label}: mention {u or ''} [{start}, {end}) {mtype} "
                        f"“{mtext[:40]}” does not fit the text ({n} characters)."
                    )
                elif text[start:end] != mtext:
                    problems.append(
                        f"{label}: mention {u or ''} [{start}, {end}) {mtype} says "
                        f"“{mtext[:40]}” but the text there is “{text[start:end][:40]}”."
                    )
                if u is not None:
                    if u in uuids:
                        problems.append(f"{label}: mention uuid {u} appears twice.")
                    uuids.add(u)
                if entity_uuid is not None and not entity_uuid:
                    problems.append(f"{label}: mention {u} has an empty entity uuid.")
            for e in doc.events:
                t = tmap.get(e.type, e.type)
                et = etypes.get(t)
                if et is None:
                    miss("event type", e.type, label)
                if e.trigger_uuid is not None and e.trigger_uuid not in uuids:
                    problems.append(
                        f"{label}: event {e.uuid} has a trigger {e.trigger_uuid} not in it."
                    )
                for a in e.arguments:
                    role = tmap.get(a.role, a.role)
                    if et is not None and et.role(role) is None:
                        miss("role", f"{t}.{a.role}", label)
                    if a.mention_uuid not in uuids:
                        problems.append(
                            f"{label}: event {e.uuid} role {a.role} points at mention "
                            f"{a.mention_uuid}, which is not in this layer."
                        )
            for r in doc.relations:
                t = tmap.get(r.type, r.type)
                if t not in rtypes:
                    miss("relation type", r.type, label)
                if r.evidence_uuid is not None and r.evidence_uuid not in uuids:
                    problems.append(
                        f"{label}: relation {r.uuid} cites evidence {r.evidence_uuid}, "
                        "which is not in this layer."
                    )

    def finish(self) -> list[str]:
        """Every problem found (raises ``UnknownTypesError`` if a type is unknown)."""
        unknown, example, tagset = self.unknown, self.example, self.tagset
        if unknown:
            lines = [
                f"{kind} {name!r}: {count} time{'s' if count != 1 else ''}, "
                f"e.g. {example[(kind, name)]}"
                for (kind, name), count in sorted(unknown.items(), key=lambda kv: (-kv[1], kv[0]))
            ]
            n = len(unknown)
            raise UnknownTypesError(
                lines,
                f"{n} type{'s' if n != 1 else ''} not in the tagset {tagset.name!r}; "
                "map them (e.g. --map OLD=NEW) or extend the tagset. Nothing was imported:",
            )
        return self.problems


def _validate(
    docs: Sequence[LayerRows],
    hashes: Sequence[str],
    tagset: Tagset,
    tmap: Mapping[str, str],
    annotator: str | None,
) -> list[str]:
    """Every problem of the input (unknown types raise ``UnknownTypesError`` first)."""
    check = _Validator(tagset, tmap, annotator)
    check.feed(docs, hashes)
    return check.finish()


STREAM_DOCS = 500  # layers per part while reading and storing overlap
# new articles indexed together while streaming: FTS5 writes its pending terms at the
# end of each statement (one statement per 500 articles: 0.5 s instead of 0.33)
FTS_STREAM_GROUP = 2500


def write_documents(
    store: Store,
    docs: Iterable[DatasetDoc | LayerRows],
    tagset: Tagset,
    *,
    annotator: str | None = None,
    type_map: Mapping[str, str] | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> LayerImportReport:
    """Store ``docs`` as layers (``annotator`` None: each doc's own annotator name), all
    or nothing. Raises ``UnknownTypesError`` / ``LayerImportError`` listing every problem.

    On SQLite ``docs`` are read (e.g. a file parsed) in a thread while this one stores
    the articles read so far, in the import's one transaction (``_stream``)."""
    token = cancel or CancelToken()
    tmap = dict(type_map or {})
    with paused_gc():
        report = LayerImportReport()
        if store.dialect == "sqlite":
            _stream(store, docs, tagset, tmap, annotator, report, progress, token)
            return report
        items = [as_layer(d) for d in docs]
        hashes = [content_hash(layer.doc.text) for layer in items]
        problems = _validate(items, hashes, tagset, tmap, annotator)
        if problems:
            raise LayerImportError(problems)
        token.check()
        with store.write() as s:
            _Writer(s, items, hashes, tmap, annotator, report, progress, token).run()
        # Free the rows while the collector is still paused: re-enabled with them alive,
        # its first pass walks every one (0.1 s for 200,000 mentions).
        del items, hashes
    return report


_Part = tuple[int, list[LayerRows], list[str]]


def _stream(
    store: Store,
    docs: Iterable[DatasetDoc | LayerRows],
    tagset: Tagset,
    tmap: dict[str, str],
    annotator: str | None,
    report: LayerImportReport,
    progress: Progress,
    token: CancelToken,
) -> None:
    """``write_documents`` with reading and storing overlapped on two cores: a thread
    reads ``docs`` ``STREAM_DOCS`` at a time (hashing and checking each part as it
    goes: Python, holding the GIL) while this thread stores each part's annotators and
    articles and indexes them for search (``_Writer.stream``: mostly SQLite, which
    releases the GIL). The rest (entities, mentions, events...) is stored once all is
    read and checked, by ``_Writer.run``, exactly as without streaming. Any error (a
    problem in the input, a line that cannot be read, a cancel) rolls back the one
    transaction: nothing is stored."""
    check = _Validator(tagset, tmap, annotator)
    items: list[LayerRows] = []
    hashes: list[str] = []
    parts: queue.Queue[_Part | BaseException | None] = queue.Queue()
    stop = threading.Event()

    def read() -> None:
        try:
            part: list[LayerRows] = []
            for d in docs:
                part.append(as_layer(d))
                if len(part) == STREAM_DOCS:
                    emit(part)
                    part = []
                    if stop.is_set():
                        return
            if part:
                emit(part)
            parts.put(None)
        except BaseException as exc:  # raised again in the writer's thread
            parts.put(exc)

    def emit(part: list[LayerRows]) -> None:
        part_hashes = [content_hash(layer.doc.text) for layer in part]
        check.feed(part, part_hashes)
        offset = len(items)
        items.extend(part)
        hashes.extend(part_hashes)
        parts.put((offset, part, part_hashes))

    reader = threading.Thread(target=read, name="armscribe-read-layers", daemon=True)
    reader.start()
    try:
        with store.write() as s:
            writer = _Writer(s, items, hashes, tmap, annotator, report, progress, token)
            while (got := parts.get()) is not None:
                if isinstance(got, BaseException):
                    raise got
                token.check()
                offset, part, part_hashes = got
                writer.stream(offset, part, part_hashes)
                progress(offset + len(part), 0, "Reading layers")
            problems = check.finish()
            if problems:
                raise LayerImportError(problems)
            token.check()
            writer.run(streamed=True)
    finally:
        stop.set()
        reader.join()
        close = getattr(docs, "close", None)
        if close is not None:  # a generator (e.g. over a file's lines) stopped early
            close()
        # freed while the collector is still paused (see write_documents)
        items.clear()
        hashes.clear()


MENTION_COLS = (
    "uuid",
    "created_at",
    "updated_at",
    "article_id",
    "annotator_id",
    "start",
    "end",
    "type",
    "entity_id",
    "attributes",
)
EVENT_COLS = (
    "uuid",
    "created_at",
    "updated_at",
    "article_id",
    "annotator_id",
    "type",
    "trigger_mention_id",
    "status",
    "modality",
    "date_start",
    "date_end",
    "attributes",
    "record_uuid",
)
ARGUMENT_COLS = (
    "uuid",
    "created_at",
    "updated_at",
    "annotator_id",
    "role",
    "mention_id",
    "event_id",
)
RELATION_COLS = (
    "uuid",
    "created_at",
    "updated_at",
    "article_id",
    "annotator_id",
    "type",
    "source_entity_id",
    "target_entity_id",
    "evidence_mention_id",
    "attributes",
)
STATUS_COLS = ("uuid", "created_at", "updated_at", "article_id", "annotator_id", "status")
ARTICLE_COLS = (
    "uuid",
    "content_hash",
    "title",
    "source",
    "author",
    "url",
    "published",
    "language",
    "word_count",
    "char_count",
    "origin",
    "imported_at",
    "created_at",
    "updated_at",
    "extra",
)
ENTITY_COLS = (
    "uuid",
    "kind",
    "subtype",
    "name",
    "aliases",
    "country_code",
    "sipri_code",
    "external_id",
    "attributes",
    "created_at",
    "updated_at",
)


class _Writer:
    def __init__(
        self,
        s: Session,
        docs: list[LayerRows],
        hashes: list[str],
        tmap: dict[str, str],
        annotator: str | None,
        report: LayerImportReport,
        progress: Progress,
        token: CancelToken,
    ) -> None:
        self.s, self.docs, self.tmap, self.annotator = s, docs, tmap, annotator
        self.hashes = hashes  # content_hash of each doc's text
        self.report, self.progress, self.token = report, progress, token
        self.problems: list[str] = []
        self.now = utcnow()
        self.rows = _Inserter(s, self.now)
        self.matched: set[int] = set()  # ids of the articles already in the store
        self.status_ids: dict[tuple[int, int], int] | None = None
        self.status_read: set[int] = set()  # matched articles whose statuses were read
        self.ann_ids: dict[str, int] = {}
        self.article_of: dict[int, int] = {}  # article id per doc index
        self.new_article: dict[str, int] = {}  # id of each article created here, by hash
        self.unindexed: list[tuple[int, str, str]] = []  # created, not yet indexed
        self.indexing: contextlib.ExitStack | None = None  # bulk_indexing, once entered

    def run(self, *, streamed: bool = False) -> None:
        """Store the input (``streamed``: its annotators and articles already are, by
        ``stream``)."""
        docs, report = self.docs, self.report
        if not streamed:
            self._annotators(docs)
            self._articles(0, docs, self.hashes)
        ann_ids, article_of = self.ann_ids, self.article_of
        if not self.problems:
            self._index(final=True)
        entity_of = self._entities()
        renew = self._taken_uuids()
        self._refuse_existing_layers(article_of, ann_ids)
        if self.problems:
            raise LayerImportError(self.problems)
        report.article_ids = sorted(set(article_of.values()))
        total = len(docs)
        for start in range(0, total, BATCH_DOCS):
            self.token.check()
            batch = list(enumerate(docs[start : start + BATCH_DOCS], start))
            mrows = self._mention_rows(batch, article_of, ann_ids, entity_of, renew)
            self._write_batch(batch, article_of, ann_ids, entity_of, renew, mrows)
            self.progress(min(start + BATCH_DOCS, total), total, "Storing annotations")
        report.layers = total
        self.token.check()

    def stream(self, offset: int, docs: Sequence[LayerRows], hashes: Sequence[str]) -> None:
        """Store the annotators and articles of ``docs`` (input positions from
        ``offset``) while the rest of the input is still being read: the same rows as
        ``run`` stores for them (it is called for the parts in input order), and
        articles with a problem only noted in ``self.problems``, which ``run`` raises."""
        self._annotators(docs)
        self.rows.multi_row = True
        try:
            self._articles(offset, docs, hashes)
        finally:
            self.rows.multi_row = False
        if not self.problems:
            self._index(final=False)

    # -- annotators and articles ---------------------------------------------------
    def _annotators(self, docs: Sequence[LayerRows]) -> None:
        for layer in docs:
            d = layer.doc
            name = self.annotator or d.annotator
            if name not in self.ann_ids:
                role = d.annotator_role if self.annotator is None else "analyst"
                self.ann_ids[name] = ensure_annotator(self.s, name, role=role)

    def _index(self, *, final: bool) -> None:
        """Index the created articles for search: on SQLite with one ``INSERT ...
        SELECT`` from ``article_texts`` per run of new ids (one call into SQLite, the
        GIL released throughout), in bulk mode (a larger FTS5 buffer) from
        ``FTS_BULK_FROM`` articles; not ``final``: only once ``FTS_STREAM_GROUP`` wait."""
        texts, s = self.unindexed, self.s
        if not texts or (not final and len(texts) < FTS_STREAM_GROUP):
            return
        self.unindexed = []
        if not self.rows.sqlite:
            index_articles(s, texts)
            return
        if self.indexing is None and len(texts) >= FTS_BULK_FROM:
            self.indexing = contextlib.ExitStack()
            self.indexing.enter_context(bulk_indexing(s, len(texts)))
        raw = s.connection().connection.driver_connection
        assert raw is not None
        first, last = texts[0][0], texts[-1][0]
        assert last - first + 1 == len(texts)  # ids assigned by _Inserter, in a row
        raw.execute(
            "INSERT INTO article_fts(rowid, title, text) SELECT article_id, title, text"
            " FROM article_texts WHERE article_id BETWEEN ? AND ? ORDER BY article_id",
            (first, last),
        )
        if final and self.indexing is not None:
            self.indexing.close()
            self.indexing = None

    def _articles(self, offset: int, layers: Sequence[LayerRows], hashes: Sequence[str]) -> None:
        """Article id of each doc (``self.article_of``, by input position from
        ``offset``), created where new; the created ones wait in ``self.unindexed``.
        Called once for the whole input or for its parts in order: the same result."""
        s, report = self.s, self.report
        docs = [layer.doc for layer in layers]
        created = self.new_article
        uuids = sorted({d.article_uuid for d in docs if d.article_uuid})
        by_uuid: dict[str, tuple[int, str]] = {}
        for part in _chunks(uuids):
            for i, u, h in s.execute(
                select(Article.id, Article.uuid, Article.content_hash).where(Article.uuid.in_(part))
            ):
                if h not in created or created[h] != i:  # (in the store before)
                    by_uuid[u] = (i, h)
        by_hash: dict[str, int] = {}
        for part in _chunks(sorted(set(hashes) - created.keys())):
            for i, h in s.execute(
                select(Article.id, Article.content_hash).where(Article.content_hash.in_(part))
            ):
                by_hash[h] = i
        out = self.article_of
        new_rows: list[tuple[Any, ...]] = []
        new_for: dict[str, list[int]] = {}
        matched = self.matched
        ts, js = self.rows.ts, self.rows.js
        now = ts(None)
        for k, (d, h) in enumerate(zip(docs, hashes, strict=True), offset):
            hit = by_uuid.get(d.article_uuid) if d.article_uuid else None
            if hit is not None:
                if hit[1] != h:
                    self.problems.append(
                        f"{_label(d)}: the store holds an article with this uuid but a "
                        "different text; its offsets would not fit."
                    )
                    continue
                out[k] = hit[0]
                matched.add(hit[0])
            elif h in by_hash:
                out[k] = by_hash[h]
                matched.add(by_hash[h])
            elif h in created:
                out[k] = created[h]
            elif h in new_for:
                new_for[h].append(k)
            else:
                new_for[h] = [k]
                md = d.metadata
                new_rows.append(
                    (
                        d.article_uuid or new_uuid(),
                        h,
                        (d.title or "")[:500],
                        md.get("source"),
                        md.get("author"),
                        md.get("url"),
                        md.get("published"),
                        md.get("language"),
                        word_count(d.text),
                        len(d.text),
                        md.get("origin"),
                        now,
                        now,
                        now,
                        js(dict(md.get("extra") or {})),
                    )
                )
        if self.problems:
            return
        texts: list[tuple[int, str, str]] = []
        for part in _chunks(new_rows, 500):
            ids = self.rows.insert(Article, ARTICLE_COLS, part)
            start = len(texts)
            for aid, row in zip(ids, part, strict=True):
                ks = new_for[row[1]]
                texts.append((aid, row[2], docs[ks[0] - offset].text))
                created[row[1]] = aid
                for k in ks:
                    out[k] = aid
            self.rows.insert(ArticleText, ("article_id", "title", "text"), texts[start:])
        self.unindexed += texts
        report.articles_created += len(new_rows)
        report.articles_matched = len(matched)

    # -- entities -----------------------------------------------------------------
    def _entities(self) -> dict[str, int]:
        """Entity id per referenced uuid (created where new)."""
        s, report = self.s, self.report
        wanted: dict[str, DocEntity | None] = {}
        where: dict[str, str] = {}
        first: dict[str, int] = {}  # the layer whose mentions link it first
        for k, layer in enumerate(self.docs):
            d = layer.doc
            for u in dict.fromkeys(r[5] for r in layer.mentions if r[5]):
                if u not in wanted:
                    wanted[u] = d.entities.get(u)
                    first[u] = k
            for r in d.relations:
                for u in (r.source_entity_uuid, r.target_entity_uuid):
                    wanted.setdefault(u, d.entities.get(u))
                    where.setdefault(u, f"{_label(d)} relation {r.type}")
            for u, given in d.entities.items():
                if u in wanted and wanted[u] is None:
                    wanted[u] = given
        found: dict[str, tuple[int, str, str, str | None, int | None]] = {}
        for part in _chunks(sorted(wanted)):
            for row in s.execute(
                select(
                    Entity.uuid,
                    Entity.id,
                    Entity.kind,
                    Entity.name,
                    Entity.subtype,
                    Entity.merged_into_id,
                ).where(Entity.uuid.in_(part))
            ):
                found[row[0]] = (row[1], row[2], row[3], row[4], row[5])
        out: dict[str, int] = {}
        rows: list[tuple[Any, ...]] = []
        js, now = self.rows.js, self.rows.ts(None)
        for u, e in wanted.items():
            hit = found.get(u)
            if hit is not None:
                eid, kind, name, subtype, merged = hit
                out[u] = self._canonical(eid, merged)
                report.entities_matched += 1
                if e is not None and (e.kind, e.name, e.subtype) != (kind, name, subtype):
                    report.entities_differing.append(u)
                continue
            if e is None:
                self.problems.append(
                    f"{self._where(u, first, where)} links entity {u}, "
                    "which is neither in the input nor in the store."
                )
                continue
            rows.append(
                (
                    u,
                    e.kind,
                    e.subtype,
                    e.name,
                    js(list(e.aliases)),
                    e.country_code,
                    e.sipri_code,
                    e.external_id,
                    js(dict(e.attributes)),
                    now,
                    now,
                )
            )
        if report.entities_differing:
            n = len(report.entities_differing)
            report.problems.append(
                f"{n} entit{'ies' if n != 1 else 'y'} exist in the store with other fields; "
                "the store's versions were kept."
            )
        if self.problems:
            return out
        for part in _chunks(rows, 500):
            ids = self.rows.insert(Entity, ENTITY_COLS, part)
            for row, eid in zip(part, ids, strict=True):
                out[row[0]] = eid
        report.entities_created = len(rows)
        return out

    def _where(self, u: str, first: dict[str, int], where: dict[str, str]) -> str:
        """Where entity ``u`` is first linked (for a problem message)."""
        if u in first:
            layer = self.docs[first[u]]
            mtext = next(r[4] for r in layer.mentions if r[5] == u)
            return f"{_label(layer.doc)} mention “{mtext[:40]}”"
        return where[u]

    def _canonical(self, eid: int, merged: int | None) -> int:
        for _ in range(64):
            if merged is None:
                return eid
            eid = merged
            merged = self.s.scalar(select(Entity.merged_into_id).where(Entity.id == eid))
        return eid

    # -- uuids and existing layers -------------------------------------------------
    def _taken_uuids(self) -> set[str]:
        s = self.s
        given: dict[Any, list[str]] = {Mention: [], Event: [], EventArgument: [], Relation: []}
        for layer in self.docs:
            d = layer.doc
            given[Mention] += [r[0] for r in layer.mentions if r[0]]
            given[Event] += [e.uuid for e in d.events if e.uuid]
            given[EventArgument] += [a.uuid for e in d.events for a in e.arguments if a.uuid]
            given[Relation] += [r.uuid for r in d.relations if r.uuid]
        taken: set[str] = set()
        for uuids in given.values():
            # the same uuid in two layers of the input (one file imported twice, or
            # ids like "T1" that a reader reuses per document)
            if len(set(uuids)) != len(uuids):
                counted = Counter(uuids)
                taken.update(u for u, n in counted.items() if n > 1)
        for table, uuids in given.items():
            if not uuids or s.scalar(select(table.id).limit(1)) is None:
                continue  # an empty table holds none of them
            for part in _chunks(sorted(set(uuids))):
                taken.update(s.scalars(select(table.uuid).where(table.uuid.in_(part))))
        self.report.uuids_renewed = len(taken)
        return taken

    def _refuse_existing_layers(self, article_of: dict[int, int], ann_ids: dict[str, int]) -> None:
        s = self.s
        pairs = {
            (article_of[k], ann_ids[self.annotator or layer.doc.annotator]): k
            for k, layer in enumerate(self.docs)
            if k in article_of
        }
        arts = sorted({a for a, _ in pairs})
        anns = sorted(set(ann_ids.values()))
        existing: set[tuple[int, int]] = set()
        for part in _chunks(arts):
            for table in (Mention, Event, Relation):
                existing.update(
                    (a, b)
                    for a, b in s.execute(
                        select(table.article_id, table.annotator_id)
                        .where(table.article_id.in_(part), table.annotator_id.in_(anns))
                        .distinct()
                    )
                    if a is not None
                )
        for pair in sorted(existing & set(pairs)):
            d = self.docs[pairs[pair]].doc
            who = self.annotator or d.annotator
            self.problems.append(
                f"{_label(d)}: {who} already has annotations on this article in the store; "
                "import under another annotator name instead."
            )

    # -- the layers ----------------------------------------------------------------
    def _uuid(self, value: str | None, renew: set[str]) -> str:
        if value is None or value in renew:
            return new_uuid()
        return value

    def _mention_rows(
        self,
        batch: list[tuple[int, LayerRows]],
        article_of: dict[int, int],
        ann_ids: dict[str, int],
        entity_of: dict[str, int],
        renew: set[str],
    ) -> list[tuple[Any, ...]]:
        """The mention rows of ``batch`` (``MENTION_COLS`` order, no id): pure Python,
        no database, so it can run in a thread while SQLite indexes."""
        tmap, ts, js = self.tmap, self.rows.ts, self.rows.js
        empty = js({})
        # timestamps converted once per distinct text in a batch (mentions made in one
        # session share them; created == updated is the common case)
        memo: dict[str | None, Any] = {}
        get, put = memo.get, memo.setdefault
        mrows: list[tuple[Any, ...]] = []
        for k, layer in batch:
            aid, ann = article_of[k], ann_ids[self.annotator or layer.doc.annotator]
            mrows += [
                (
                    u if u is not None and u not in renew else new_uuid(),
                    get(c) or put(c, ts(c)),
                    get(up) or put(up, ts(up)),
                    aid,
                    ann,
                    a,
                    b,
                    tmap.get(t, t),
                    None if eu is None else entity_of[eu],
                    empty if not at else js(at if isinstance(at, dict) else stored_dict(at)),
                    # (the text was checked against the article's in _validate)
                )
                for u, a, b, t, _x, eu, at, c, up in layer.mentions
            ]
        return mrows

    def _write_batch(
        self,
        batch: list[tuple[int, LayerRows]],
        article_of: dict[int, int],
        ann_ids: dict[str, int],
        entity_of: dict[str, int],
        renew: set[str],
        mrows: list[tuple[Any, ...]],
    ) -> None:
        report, rows = self.report, self.rows
        tmap, ts, js = self.tmap, rows.ts, rows.js
        mention_ids = rows.insert(Mention, MENTION_COLS, mrows)
        report.mentions += len(mrows)

        # mention ids by (layer, uuid), only for layers whose events/relations need them
        mention_id: dict[tuple[int, str | None], int] = {}
        pos = 0
        for k, layer in batch:
            d, n = layer.doc, len(layer.mentions)
            if d.events or d.relations:
                mention_id.update(
                    ((k, r[0]), mid)
                    for r, mid in zip(layer.mentions, mention_ids[pos : pos + n], strict=True)
                )
            pos += n

        erows: list[tuple[Any, ...]] = []
        eargs: list[list[tuple[Any, ...]]] = []
        now = ts(None)
        for k, layer in batch:
            d = layer.doc
            aid, ann = article_of[k], ann_ids[self.annotator or d.annotator]
            for e in d.events:
                erows.append(
                    (
                        self._uuid(e.uuid, renew),
                        ts(e.created_at),
                        ts(e.updated_at),
                        aid,
                        ann,
                        tmap.get(e.type, e.type),
                        mention_id[(k, e.trigger_uuid)] if e.trigger_uuid is not None else None,
                        e.status,
                        e.modality,
                        e.date_start,
                        e.date_end,
                        js(e.attributes),
                        e.record_uuid,
                    )
                )
                eargs.append(
                    [
                        (
                            self._uuid(a.uuid, renew),
                            now,
                            now,
                            ann,
                            tmap.get(a.role, a.role),
                            mention_id[(k, a.mention_uuid)],
                        )
                        for a in e.arguments
                    ]
                )
        if erows:
            event_ids = rows.insert(Event, EVENT_COLS, erows)
            arows = [(*a, eid) for eid, args in zip(event_ids, eargs, strict=True) for a in args]
            rows.insert(EventArgument, ARGUMENT_COLS, arows)
        report.events += len(erows)

        rrows: list[tuple[Any, ...]] = []
        for k, layer in batch:
            d = layer.doc
            aid, ann = article_of[k], ann_ids[self.annotator or d.annotator]
            for r in d.relations:
                rrows.append(
                    (
                        self._uuid(r.uuid, renew),
                        ts(r.created_at),
                        ts(r.updated_at),
                        aid,
                        ann,
                        tmap.get(r.type, r.type),
                        entity_of[r.source_entity_uuid],
                        entity_of[r.target_entity_uuid],
                        mention_id[(k, r.evidence_uuid)] if r.evidence_uuid is not None else None,
                        js(r.attributes),
                    )
                )
        rows.insert(Relation, RELATION_COLS, rrows)
        report.relations += len(rrows)
        self._statuses(batch, article_of, ann_ids)

    def _existing_statuses(self) -> dict[tuple[int, int], int]:
        """Status row ids by (article, annotator), read once per matched article
        (articles created by this import have none)."""
        if self.status_ids is None:
            self.status_ids = {}
        unread = self.matched - self.status_read
        if unread:
            self.status_read |= unread
            for part in _chunks(sorted(unread)):
                for i, a, b in self.s.execute(
                    select(
                        ArticleStatus.id, ArticleStatus.article_id, ArticleStatus.annotator_id
                    ).where(ArticleStatus.article_id.in_(part))
                ):
                    self.status_ids[(a, b)] = i
        return self.status_ids

    def _statuses(
        self,
        batch: list[tuple[int, LayerRows]],
        article_of: dict[int, int],
        ann_ids: dict[str, int],
    ) -> None:
        s = self.s
        wanted = {
            (article_of[k], ann_ids[self.annotator or layer.doc.annotator]): layer.doc.status
            for k, layer in batch
            if layer.doc.status is not None
        }
        if not wanted:
            return
        existing = self._existing_statuses()
        new = []
        now = self.rows.ts(None)
        for (a, b), st in wanted.items():
            if (a, b) in existing:
                s.execute(
                    update(ArticleStatus)
                    .where(ArticleStatus.id == existing[(a, b)])
                    .values(status=st, updated_at=self.now)
                )
            else:
                new.append((new_uuid(), now, now, a, b, st))
        self.rows.insert(ArticleStatus, STATUS_COLS, new)
