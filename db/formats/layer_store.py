"""Storing a checked input in the import's one transaction (``_Writer``): annotators,
articles (matched by uuid or content hash, else created and indexed for search), entities,
then the layers' mentions, events, relations and statuses, ``BATCH_DOCS`` layers at a
time."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.bulk_load import bulk_tables, deferred_indexes
from db.formats.bulk import IN_CHUNK, chunks, free_aside
from db.formats.dataset import LayerRows, stored_dict
from db.formats.layer_checks import _label
from db.formats.layer_entities import store_entities
from db.formats.layer_inserts import (
    ARGUMENT_COLS,
    ARTICLE_COLS,
    EVENT_COLS,
    MENTION_COLS,
    RELATION_COLS,
    STATUS_COLS,
    _Inserter,
)
from db.formats.layer_report import LayerImportError, LayerImportReport
from db.jobs import CancelToken, Progress
from db.models import (
    Article,
    ArticleStatus,
    ArticleText,
    Event,
    EventArgument,
    Mention,
    Relation,
    new_uuid,
    utcnow,
)
from db.ops.articles import ensure_annotator
from db.search import bulk_indexing, index_articles
from db.text_stats import word_count

BATCH_DOCS = 500
# new articles indexed together while streaming: FTS5 writes its pending terms at the
# end of each statement (one statement per 500 articles: 0.5 s instead of 0.33)
FTS_STREAM_GROUP = 2500


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
        # word count per input position, when the reading thread counted them
        self.words: dict[int, int] = {}
        # whether the store held no article when the import began (decided by the first
        # part): then no lookups (every article is new or one this import created) and
        # the articles' indexes are built once at the end (``db.bulk_load``)
        self.fresh: bool | None = None
        self.deferred = contextlib.ExitStack()  # indexes created again by ``run``

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
        self.deferred.close()  # the articles' indexes (the layers' own are next)
        entity_of = store_entities(self.s, self.docs, self.rows, self.report, self.problems)
        renew = self._taken_uuids()
        self._refuse_existing_layers(article_of, ann_ids)
        if self.problems:
            raise LayerImportError(self.problems)
        report.article_ids = sorted(set(article_of.values()))
        total = len(docs)
        adding = {
            "mentions": sum(len(layer.mentions) for layer in docs),
            "events": sum(len(layer.doc.events) for layer in docs),
            "event_arguments": sum(len(e.arguments) for x in docs for e in x.doc.events),
            "relations": sum(len(layer.doc.relations) for layer in docs),
        }
        self.deferred.enter_context(deferred_indexes(self.s, bulk_tables(self.s, adding)))
        for start in range(0, total, BATCH_DOCS):
            self.token.check()
            batch = list(enumerate(docs[start : start + BATCH_DOCS], start))
            mrows = self._mention_rows(batch, article_of, ann_ids, entity_of, renew)
            self._write_batch(batch, article_of, ann_ids, entity_of, renew, mrows)
            self.progress(min(start + BATCH_DOCS, total), total, "Storing annotations")
        report.layers = total
        self.token.check()
        freeing = free_aside(self.docs)  # (the input is stored: freed beside the index builds)
        self.deferred.close()
        freeing.join()

    def stream(
        self,
        offset: int,
        docs: Sequence[LayerRows],
        hashes: Sequence[str],
        words: Sequence[int] = (),
    ) -> None:
        """Store the annotators and articles of ``docs`` (input positions from
        ``offset``; ``words``: their texts' word counts, if counted) while the rest of
        the input is still being read: the same rows as ``run`` stores for them (it is
        called for the parts in input order), and articles with a problem only noted in
        ``self.problems``, which ``run`` raises."""
        self.words.update(enumerate(words, offset))
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
        ``db.search.FTS_BULK_FROM`` articles; not ``final``: only once ``FTS_STREAM_GROUP`` wait."""
        texts, s = self.unindexed, self.s
        if final and not texts and self.indexing is not None:
            self.indexing.close()
            self.indexing = None
        if not texts or (not final and len(texts) < FTS_STREAM_GROUP):
            return
        self.unindexed = []
        if not self.rows.sqlite:
            index_articles(s, texts)
            return
        if self.indexing is None:  # the first group decides (a later one is as large)
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
        if self.fresh is None:
            self.fresh = s.execute(select(Article.id).limit(1)).first() is None
            if self.fresh:
                self.deferred.enter_context(deferred_indexes(s, ["articles"]))
        # a fresh store holds only what this import created (found in ``created``)
        uuids = [] if self.fresh else sorted({d.article_uuid for d in docs if d.article_uuid})
        by_uuid: dict[str, tuple[int, str]] = {}
        for part in chunks(uuids, IN_CHUNK):
            for i, u, h in s.execute(
                select(Article.id, Article.uuid, Article.content_hash).where(Article.uuid.in_(part))
            ):
                if h not in created or created[h] != i:  # (in the store before)
                    by_uuid[u] = (i, h)
        by_hash: dict[str, int] = {}
        unmatched = {h for d, h in zip(docs, hashes, strict=True) if d.article_uuid not in by_uuid}
        for part in chunks([] if self.fresh else sorted(unmatched - created.keys()), IN_CHUNK):
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
                        self.words.get(k) or word_count(d.text),
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
        for new_part in chunks(new_rows, 500):
            ids = self.rows.insert(Article, ARTICLE_COLS, new_part)
            start = len(texts)
            for aid, row in zip(ids, new_part, strict=True):
                ks = new_for[row[1]]
                texts.append((aid, row[2], docs[ks[0] - offset].text))
                created[row[1]] = aid
                for k in ks:
                    out[k] = aid
            self.rows.insert(ArticleText, ("article_id", "title", "text"), texts[start:])
        self.unindexed += texts
        report.articles_created += len(new_rows)
        report.articles_matched = len(matched)

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
            for part in chunks(sorted(set(uuids)), IN_CHUNK):
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
        # only articles that were in the store before can hold a layer already
        arts = sorted({a for a, _ in pairs} & self.matched)
        anns = sorted(set(ann_ids.values()))
        existing: set[tuple[int, int]] = set()
        tables = [t for t in (Mention, Event, Relation) if arts and s.scalar(select(t.id).limit(1))]
        for part in chunks(arts, IN_CHUNK):
            for table in tables:
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
            for part in chunks(sorted(unread), IN_CHUNK):
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
