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
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.orm import Session

from db.errors import ArmscribeError
from db.formats.dataset import parse_iso
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
from db.search import index_articles
from db.store import Store
from db.tagset import Tagset

MAX_LISTED = 50
BATCH_DOCS = 500
IN_CHUNK = 900
_WORD = re.compile(r"\w+")


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


def _insert_ids(s: Session, table: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` and return their ids in order. On SQLite the ids are assigned here
    (the write transaction holds the only write lock), which keeps the plain executemany
    path: INSERT ... RETURNING in parameter order ran row by row there (~15x slower)."""
    if not rows:
        return []
    if s.get_bind().dialect.name == "sqlite":
        first = int(s.scalar(select(func.max(table.id))) or 0) + 1
        ids = list(range(first, first + len(rows)))
        # Core on the Table, not the ORM bulk path (which inspects every row: ~3x slower)
        s.connection().execute(
            insert(_table(table)), [{**r, "id": i} for r, i in zip(rows, ids, strict=True)]
        )
        return ids
    return list(s.scalars(insert(table).returning(table.id, sort_by_parameter_order=True), rows))


def _label(doc: DatasetDoc) -> str:
    title = doc.title if len(doc.title) <= 60 else doc.title[:59] + "…"
    return f"article “{title}” ({doc.article_uuid or 'no uuid'}, layer {doc.annotator})"


def _chunks(seq: Sequence[Any], n: int = IN_CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def _validate(
    docs: Sequence[DatasetDoc], tagset: Tagset, tmap: Mapping[str, str], annotator: str | None
) -> list[str]:
    """Every problem of the input (unknown types raise ``UnknownTypesError`` first)."""
    mtypes = {m.name for m in tagset.mention_types}
    etypes = {e.name: e for e in tagset.event_types}
    rtypes = {r.name for r in tagset.relation_types}
    unknown: Counter[tuple[str, str]] = Counter()
    example: dict[tuple[str, str], str] = {}
    problems: list[str] = []
    seen_layers: set[tuple[str, str]] = set()

    def miss(kind: str, name: str, where: str) -> None:
        key = (kind, name)
        unknown[key] += 1
        example.setdefault(key, where)

    for doc in docs:
        label = _label(doc)
        text = doc.text
        n = len(text)
        layer = (content_hash(text), annotator or doc.annotator)
        if layer in seen_layers:
            problems.append(f"{label}: the input holds this layer twice.")
        seen_layers.add(layer)
        if doc.status is not None and doc.status not in STATUSES:
            problems.append(f"{label}: unknown status {doc.status!r}.")
        uuids: set[str] = set()
        for m in doc.mentions:
            t = tmap.get(m.type, m.type)
            if t not in mtypes:
                miss("mention type", m.type, f"“{m.text[:40]}” in {label}")
            if not (0 <= m.start < m.end <= n):
                problems.append(
                    f"{label}: mention {m.uuid or ''} [{m.start}, {m.end}) {m.type} "
                    f"“{m.text[:40]}” does not fit the text ({n} characters)."
                )
            elif text[m.start : m.end] != m.text:
                problems.append(
                    f"{label}: mention {m.uuid or ''} [{m.start}, {m.end}) {m.type} says "
                    f"“{m.text[:40]}” but the text there is “{text[m.start : m.end][:40]}”."
                )
            if m.uuid is not None:
                if m.uuid in uuids:
                    problems.append(f"{label}: mention uuid {m.uuid} appears twice.")
                uuids.add(m.uuid)
            if m.entity_uuid is not None and not m.entity_uuid:
                problems.append(f"{label}: mention {m.uuid} has an empty entity uuid.")
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
    return problems


def write_documents(
    store: Store,
    docs: Iterable[DatasetDoc],
    tagset: Tagset,
    *,
    annotator: str | None = None,
    type_map: Mapping[str, str] | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> LayerImportReport:
    """Store ``docs`` as layers (``annotator`` None: each doc's own annotator name), all
    or nothing. Raises ``UnknownTypesError`` / ``LayerImportError`` listing every problem."""
    token = cancel or CancelToken()
    tmap = dict(type_map or {})
    items = list(docs)
    problems = _validate(items, tagset, tmap, annotator)
    if problems:
        raise LayerImportError(problems)
    token.check()
    report = LayerImportReport()
    with store.write() as s:
        _Writer(s, items, tmap, annotator, report, progress, token).run()
    return report


class _Writer:
    def __init__(
        self,
        s: Session,
        docs: list[DatasetDoc],
        tmap: dict[str, str],
        annotator: str | None,
        report: LayerImportReport,
        progress: Progress,
        token: CancelToken,
    ) -> None:
        self.s, self.docs, self.tmap, self.annotator = s, docs, tmap, annotator
        self.report, self.progress, self.token = report, progress, token
        self.problems: list[str] = []
        self.now = utcnow()

    def run(self) -> None:
        s, docs, report = self.s, self.docs, self.report
        ann_ids: dict[str, int] = {}
        for d in docs:
            name = self.annotator or d.annotator
            if name not in ann_ids:
                role = d.annotator_role if self.annotator is None else "analyst"
                ann_ids[name] = ensure_annotator(s, name, role=role)
        article_of = self._articles()
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
            self._write_batch(batch, article_of, ann_ids, entity_of, renew)
            self.progress(min(start + BATCH_DOCS, total), total, "Storing annotations")
        report.layers = total
        self.token.check()

    # -- articles -----------------------------------------------------------------
    def _articles(self) -> dict[int, int]:
        """Article id per doc index (created where new)."""
        s, docs, report = self.s, self.docs, self.report
        hashes = [content_hash(d.text) for d in docs]
        uuids = sorted({d.article_uuid for d in docs if d.article_uuid})
        by_uuid: dict[str, tuple[int, str]] = {}
        for part in _chunks(uuids):
            for i, u, h in s.execute(
                select(Article.id, Article.uuid, Article.content_hash).where(Article.uuid.in_(part))
            ):
                by_uuid[u] = (i, h)
        by_hash: dict[str, int] = {}
        for part in _chunks(sorted(set(hashes))):
            for i, h in s.execute(
                select(Article.id, Article.content_hash).where(Article.content_hash.in_(part))
            ):
                by_hash[h] = i
        out: dict[int, int] = {}
        new_rows: list[dict[str, Any]] = []
        new_for: dict[str, list[int]] = {}
        matched: set[int] = set()
        for k, (d, h) in enumerate(zip(docs, hashes, strict=True)):
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
            elif h in new_for:
                new_for[h].append(k)
            else:
                new_for[h] = [k]
                md = d.metadata
                new_rows.append(
                    {
                        "uuid": d.article_uuid or new_uuid(),
                        "content_hash": h,
                        "title": (d.title or "")[:500],
                        "source": md.get("source"),
                        "author": md.get("author"),
                        "url": md.get("url"),
                        "published": md.get("published"),
                        "language": md.get("language"),
                        "word_count": len(_WORD.findall(d.text)),
                        "char_count": len(d.text),
                        "origin": md.get("origin"),
                        "imported_at": self.now,
                        "created_at": self.now,
                        "updated_at": self.now,
                        "extra": dict(md.get("extra") or {}),
                    }
                )
        if self.problems:
            return out
        for part in _chunks(new_rows, 500):
            ids = _insert_ids(s, Article, list(part))
            texts = []
            for aid, row in zip(ids, part, strict=True):
                ks = new_for[row["content_hash"]]
                text = docs[ks[0]].text
                texts.append((aid, row["title"], text))
                for k in ks:
                    out[k] = aid
            s.execute(
                insert(ArticleText),
                [{"article_id": i, "title": t, "text": b} for i, t, b in texts],
            )
            index_articles(s, texts)
        report.articles_created = len(new_rows)
        report.articles_matched = len(matched)
        return out

    # -- entities -----------------------------------------------------------------
    def _entities(self) -> dict[str, int]:
        """Entity id per referenced uuid (created where new)."""
        s, report = self.s, self.report
        wanted: dict[str, DocEntity | None] = {}
        where: dict[str, str] = {}
        for d in self.docs:
            for m in d.mentions:
                if m.entity_uuid:
                    wanted.setdefault(m.entity_uuid, d.entities.get(m.entity_uuid))
                    where.setdefault(m.entity_uuid, f"{_label(d)} mention “{m.text[:40]}”")
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
        rows: list[dict[str, Any]] = []
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
                    f"{where[u]} links entity {u}, which is neither in the input nor in the store."
                )
                continue
            rows.append(
                {
                    "uuid": u,
                    "kind": e.kind,
                    "subtype": e.subtype,
                    "name": e.name,
                    "aliases": list(e.aliases),
                    "country_code": e.country_code,
                    "sipri_code": e.sipri_code,
                    "external_id": e.external_id,
                    "attributes": dict(e.attributes),
                    "created_at": self.now,
                    "updated_at": self.now,
                }
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
            ids = _insert_ids(s, Entity, list(part))
            for row, eid in zip(part, ids, strict=True):
                out[row["uuid"]] = eid
        report.entities_created = len(rows)
        return out

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
        for d in self.docs:
            given[Mention] += [m.uuid for m in d.mentions if m.uuid]
            given[Event] += [e.uuid for e in d.events if e.uuid]
            given[EventArgument] += [a.uuid for e in d.events for a in e.arguments if a.uuid]
            given[Relation] += [r.uuid for r in d.relations if r.uuid]
        taken: set[str] = set()
        for uuids in given.values():
            # the same uuid in two layers of the input (one file imported twice, or
            # ids like "T1" that a reader reuses per document)
            counted = Counter(uuids)
            taken.update(u for u, n in counted.items() if n > 1)
        for table, uuids in given.items():
            for part in _chunks(sorted(set(uuids))):
                taken.update(s.scalars(select(table.uuid).where(table.uuid.in_(part))))
        self.report.uuids_renewed = len(taken)
        return taken

    def _refuse_existing_layers(self, article_of: dict[int, int], ann_ids: dict[str, int]) -> None:
        s = self.s
        pairs = {
            (article_of[k], ann_ids[self.annotator or d.annotator]): k
            for k, d in enumerate(self.docs)
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
            d = self.docs[pairs[pair]]
            who = self.annotator or d.annotator
            self.problems.append(
                f"{_label(d)}: {who} already has annotations on this article in the store; "
                "import under another annotator name instead."
            )

    # -- the layers ----------------------------------------------------------------
    def _ts(self, value: str | None) -> datetime:
        return parse_iso(value) or self.now

    def _uuid(self, value: str | None, renew: set[str]) -> str:
        if value is None or value in renew:
            return new_uuid()
        return value

    def _write_batch(
        self,
        batch: list[tuple[int, DatasetDoc]],
        article_of: dict[int, int],
        ann_ids: dict[str, int],
        entity_of: dict[str, int],
        renew: set[str],
    ) -> None:
        s, tmap, ts, report = self.s, self.tmap, self._ts, self.report
        mrows: list[dict[str, Any]] = []
        mkeys: list[tuple[int, str | None]] = []
        for k, d in batch:
            aid, ann = article_of[k], ann_ids[self.annotator or d.annotator]
            for m in d.mentions:
                mrows.append(
                    {
                        "uuid": self._uuid(m.uuid, renew),
                        "created_at": ts(m.created_at),
                        "updated_at": ts(m.updated_at),
                        "article_id": aid,
                        "annotator_id": ann,
                        "start": m.start,
                        "end": m.end,
                        "type": tmap.get(m.type, m.type),
                        "entity_id": entity_of[m.entity_uuid] if m.entity_uuid else None,
                        "attributes": m.attributes,
                    }
                )
                mkeys.append((k, m.uuid))
        mention_id: dict[tuple[int, str | None], int] = {}
        for start in range(0, len(mrows), 5000):
            part = mrows[start : start + 5000]
            ids = _insert_ids(s, Mention, part)
            for key, mid in zip(mkeys[start : start + 5000], ids, strict=True):
                mention_id[key] = mid
        report.mentions += len(mrows)

        erows: list[dict[str, Any]] = []
        eargs: list[list[dict[str, Any]]] = []
        for k, d in batch:
            aid, ann = article_of[k], ann_ids[self.annotator or d.annotator]
            for e in d.events:
                erows.append(
                    {
                        "uuid": self._uuid(e.uuid, renew),
                        "created_at": ts(e.created_at),
                        "updated_at": ts(e.updated_at),
                        "article_id": aid,
                        "annotator_id": ann,
                        "type": tmap.get(e.type, e.type),
                        "trigger_mention_id": mention_id[(k, e.trigger_uuid)]
                        if e.trigger_uuid is not None
                        else None,
                        "status": e.status,
                        "modality": e.modality,
                        "date_start": e.date_start,
                        "date_end": e.date_end,
                        "attributes": e.attributes,
                        "record_uuid": e.record_uuid,
                    }
                )
                eargs.append(
                    [
                        {
                            "uuid": self._uuid(a.uuid, renew),
                            "created_at": self.now,
                            "updated_at": self.now,
                            "annotator_id": ann,
                            "role": tmap.get(a.role, a.role),
                            "mention_id": mention_id[(k, a.mention_uuid)],
                        }
                        for a in e.arguments
                    ]
                )
        if erows:
            event_ids = _insert_ids(s, Event, erows)
            arows = [
                {**a, "event_id": eid}
                for eid, args in zip(event_ids, eargs, strict=True)
                for a in args
            ]
            if arows:
                s.connection().execute(insert(_table(EventArgument)), arows)
        report.events += len(erows)

        rrows: list[dict[str, Any]] = []
        for k, d in batch:
            aid, ann = article_of[k], ann_ids[self.annotator or d.annotator]
            for r in d.relations:
                rrows.append(
                    {
                        "uuid": self._uuid(r.uuid, renew),
                        "created_at": ts(r.created_at),
                        "updated_at": ts(r.updated_at),
                        "article_id": aid,
                        "annotator_id": ann,
                        "type": tmap.get(r.type, r.type),
                        "source_entity_id": entity_of[r.source_entity_uuid],
                        "target_entity_id": entity_of[r.target_entity_uuid],
                        "evidence_mention_id": mention_id[(k, r.evidence_uuid)]
                        if r.evidence_uuid is not None
                        else None,
                        "attributes": r.attributes,
                    }
                )
        if rrows:
            s.connection().execute(insert(_table(Relation)), rrows)
        report.relations += len(rrows)
        self._statuses(batch, article_of, ann_ids)

    def _statuses(
        self,
        batch: list[tuple[int, DatasetDoc]],
        article_of: dict[int, int],
        ann_ids: dict[str, int],
    ) -> None:
        s = self.s
        wanted = {
            (article_of[k], ann_ids[self.annotator or d.annotator]): d.status
            for k, d in batch
            if d.status is not None
        }
        if not wanted:
            return
        arts = sorted({a for a, _ in wanted})
        existing: dict[tuple[int, int], int] = {}
        for part in _chunks(arts):
            for i, a, b in s.execute(
                select(
                    ArticleStatus.id, ArticleStatus.article_id, ArticleStatus.annotator_id
                ).where(ArticleStatus.article_id.in_(part))
            ):
                existing[(a, b)] = i
        new = []
        for (a, b), st in wanted.items():
            if (a, b) in existing:
                s.execute(
                    update(ArticleStatus)
                    .where(ArticleStatus.id == existing[(a, b)])
                    .values(status=st, updated_at=self.now)
                )
            else:
                new.append(
                    {
                        "uuid": new_uuid(),
                        "created_at": self.now,
                        "updated_at": self.now,
                        "article_id": a,
                        "annotator_id": b,
                        "status": st,
                    }
                )
        if new:
            s.execute(insert(ArticleStatus), new)
