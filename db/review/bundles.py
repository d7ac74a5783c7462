"""Review bundles: one annotator's layer of chosen articles in one file, to hand to a
colleague who merges it into their own store as that annotator's layer.

The file is JSON lines (orjson): a header ``{"format": "armscribe-bundle", "version":
1, ...}``, one line per article, and a trailer holding the record count and the SHA-256
of every line before it, so that a truncated or edited file is refused. Articles are
recognised by uuid, else by content hash; rows are keyed by their uuid. Each article line
also carries the annotator's comments on it (``comments``, replies naming their parent by
uuid); bundles written before comments were exchanged lack the key and still import, so
the format version stayed 1. Import rules: docs/review.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.errors import ArmscribeError
from db.formats.atomic import atomic_file
from db.models import (
    Annotator,
    Article,
    ArticleStatus,
    ArticleText,
    Comment,
    Entity,
    Event,
    EventArgument,
    Mention,
    Relation,
)
from db.ops.articles import STATUSES, ensure_annotator
from db.review.align_rows import id_chunks
from db.review.comments import MAX_BODY
from db.store import Store

FORMAT = "armscribe-bundle"
VERSION = 1


class BundleError(ArmscribeError):
    """A bundle that cannot be read or merged; nothing was changed."""


@dataclass(frozen=True, slots=True)
class BundleSummary:
    """What an export wrote."""

    path: Path
    annotator: str
    articles: int
    mentions: int
    events: int
    arguments: int
    relations: int
    entities: int
    comments: int = 0


@dataclass(frozen=True, slots=True)
class BundleReport:
    """What an import did, counted in annotation rows (mentions, events, arguments,
    relations and article statuses); comments are counted apart (``comments_*``)."""

    annotator: str
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    conflicting: int = 0  # the local copy changed after the bundle's: kept local
    missing_articles: tuple[str, ...] = ()  # titles of bundle articles this store lacks
    entities_new: int = 0
    conflicts: tuple[str, ...] = field(default=())  # uuids of the conflicting rows
    comments_new: int = 0
    comments_changed: int = 0
    comments_unchanged: int = 0
    comments_conflicting: int = 0  # the local comment changed after the bundle's: kept
    comment_conflicts: tuple[str, ...] = field(default=())  # their uuids

    def summary(self) -> str:
        return (
            f"{self.annotator}: {self.new} new, {self.changed} changed, "
            f"{self.unchanged} unchanged, {self.conflicting} conflicting; "
            f"{len(self.missing_articles)} articles not in this store; "
            f"{self.entities_new} new entities; comments: {self.comments_new} new, "
            f"{self.comments_changed} changed, {self.comments_unchanged} unchanged, "
            f"{self.comments_conflicting} conflicting"
        )


# ------------------------------------------------------------------------- time


def _utc(dt: datetime) -> datetime:
    """Aware UTC (SQLite hands back naive datetimes that are UTC)."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def _iso(dt: datetime | None) -> str | None:
    return _utc(dt).isoformat() if dt is not None else None


def _parse_time(value: Any, where: str) -> datetime:
    if not isinstance(value, str):
        raise BundleError(f"{where}: a timestamp is missing.")
    try:
        return _utc(datetime.fromisoformat(value))
    except ValueError:
        raise BundleError(f"{where}: {value!r} is not an ISO 8601 timestamp.") from None


# ------------------------------------------------------------------------- export


def _entity_record(e: Entity) -> dict[str, Any]:
    return {
        "uuid": e.uuid,
        "kind": e.kind,
        "subtype": e.subtype,
        "name": e.name,
        "aliases": list(e.aliases or ()),
        "country_code": e.country_code,
        "sipri_code": e.sipri_code,
        "external_id": e.external_id,
        "attributes": dict(e.attributes or {}),
    }


def _article_records(
    s: Session, annotator_id: int, article_ids: Iterable[int] | None, author: str = ""
) -> list[dict[str, Any]]:
    who = annotator_id
    tagged: set[int] = set()
    for model in (Mention, Event, Relation, ArticleStatus, Comment):
        q = select(model.article_id).where(model.annotator_id == who).distinct()
        tagged |= {int(x) for x in s.scalars(q) if x is not None}
    if article_ids is not None:
        tagged &= set(article_ids)
    records: list[dict[str, Any]] = []
    for sel in id_chunks(sorted(tagged)):
        arts = {a.id: a for a in s.scalars(select(Article).where(Article.id.in_(sel)))}
        texts = {
            i: t
            for i, t in s.execute(
                select(ArticleText.article_id, ArticleText.text).where(
                    ArticleText.article_id.in_(sel)
                )
            )
        }
        mentions = list(
            s.scalars(
                select(Mention)
                .where(Mention.annotator_id == who, Mention.article_id.in_(sel))
                .order_by(Mention.article_id, Mention.start, Mention.end, Mention.id)
            )
        )
        events = list(
            s.scalars(
                select(Event)
                .where(Event.annotator_id == who, Event.article_id.in_(sel))
                .order_by(Event.id)
            )
        )
        args = list(
            s.scalars(
                select(EventArgument)
                .join(Event, Event.id == EventArgument.event_id)
                .where(Event.annotator_id == who, Event.article_id.in_(sel))
                .order_by(EventArgument.id)
            )
        )
        relations = list(
            s.scalars(
                select(Relation)
                .where(Relation.annotator_id == who, Relation.article_id.in_(sel))
                .order_by(Relation.id)
            )
        )
        statuses = {
            st.article_id: st
            for st in s.scalars(
                select(ArticleStatus).where(
                    ArticleStatus.annotator_id == who, ArticleStatus.article_id.in_(sel)
                )
            )
        }
        comments = list(
            s.scalars(
                select(Comment)
                .where(Comment.annotator_id == who, Comment.article_id.in_(sel))
                .order_by(Comment.created_at, Comment.id)
            )
        )
        # A reply may answer a colleague's comment: name every parent by uuid.
        parent_ids = sorted({c.parent_id for c in comments if c.parent_id is not None})
        comment_uuid = {c.id: c.uuid for c in comments}
        for pid in id_chunks(parent_ids):
            comment_uuid.update(
                (i, u)
                for i, u in s.execute(select(Comment.id, Comment.uuid).where(Comment.id.in_(pid)))
            )
        entity_ids = {m.entity_id for m in mentions if m.entity_id is not None}
        entity_ids |= {r.source_entity_id for r in relations}
        entity_ids |= {r.target_entity_id for r in relations}
        entities = {
            e.id: e for e in s.scalars(select(Entity).where(Entity.id.in_(sorted(entity_ids))))
        }
        mention_uuid = {m.id: m.uuid for m in mentions}
        args_of: dict[int, list[EventArgument]] = {}
        for x in args:
            args_of.setdefault(x.event_id, []).append(x)
        per: dict[int, dict[str, Any]] = {}
        for aid in sel:
            art = arts[aid]
            st = statuses.get(aid)
            per[aid] = {
                "article_uuid": art.uuid,
                "content_hash": art.content_hash,
                "title": art.title,
                "char_count": len(texts.get(aid, "")),
                "status": None
                if st is None
                else {
                    "uuid": st.uuid,
                    "status": st.status,
                    "created_at": _iso(st.created_at),
                    "updated_at": _iso(st.updated_at),
                },
                "mentions": [],
                "events": [],
                "relations": [],
                "entities": {},
                "comments": [],
            }
        for m in mentions:
            rec = per[m.article_id]
            ent = entities.get(m.entity_id) if m.entity_id is not None else None
            if ent is not None:
                rec["entities"][ent.uuid] = _entity_record(ent)
            rec["mentions"].append(
                {
                    "uuid": m.uuid,
                    "start": m.start,
                    "end": m.end,
                    "type": m.type,
                    "text": texts.get(m.article_id, "")[m.start : m.end],
                    "entity_uuid": ent.uuid if ent is not None else None,
                    "attributes": dict(m.attributes or {}),
                    "created_at": _iso(m.created_at),
                    "updated_at": _iso(m.updated_at),
                }
            )
        for e in events:
            per[e.article_id]["events"].append(
                {
                    "uuid": e.uuid,
                    "type": e.type,
                    "trigger_uuid": mention_uuid.get(e.trigger_mention_id)
                    if e.trigger_mention_id is not None
                    else None,
                    "status": e.status,
                    "modality": e.modality,
                    "date_start": e.date_start,
                    "date_end": e.date_end,
                    "attributes": dict(e.attributes or {}),
                    "record_uuid": e.record_uuid,
                    "created_at": _iso(e.created_at),
                    "updated_at": _iso(e.updated_at),
                    "arguments": [
                        {
                            "uuid": x.uuid,
                            "role": x.role,
                            "mention_uuid": mention_uuid[x.mention_id],
                            "created_at": _iso(x.created_at),
                            "updated_at": _iso(x.updated_at),
                        }
                        for x in args_of.get(e.id, ())
                    ],
                }
            )
        for r in relations:
            rec = per[r.article_id or 0]
            for eid in (r.source_entity_id, r.target_entity_id):
                rec["entities"][entities[eid].uuid] = _entity_record(entities[eid])
            rec["relations"].append(
                {
                    "uuid": r.uuid,
                    "type": r.type,
                    "source_entity_uuid": entities[r.source_entity_id].uuid,
                    "target_entity_uuid": entities[r.target_entity_id].uuid,
                    "evidence_uuid": mention_uuid.get(r.evidence_mention_id)
                    if r.evidence_mention_id is not None
                    else None,
                    "attributes": dict(r.attributes or {}),
                    "created_at": _iso(r.created_at),
                    "updated_at": _iso(r.updated_at),
                }
            )
        for c in comments:
            per[c.article_id]["comments"].append(
                {
                    "uuid": c.uuid,
                    "target_uuid": c.target_uuid,
                    "parent_uuid": comment_uuid[c.parent_id] if c.parent_id is not None else None,
                    "body": c.body,
                    "resolved": bool(c.resolved),
                    "author": author,
                    "created_at": _iso(c.created_at),
                    "updated_at": _iso(c.updated_at),
                }
            )
        records.extend(per[aid] for aid in sel)
    return records


def export_bundle(
    store: Store, annotator: str, path: Path, article_ids: Iterable[int] | None = None
) -> BundleSummary:
    """Write ``annotator``'s layer of the chosen articles (default: every article they
    tagged) to one bundle file, atomically."""
    with store.read() as s:
        row = s.execute(
            select(Annotator.id, Annotator.role).where(Annotator.name == annotator)
        ).first()
        if row is None:
            raise BundleError(f"There is no annotator called {annotator!r} in this store.")
        records = _article_records(s, int(row[0]), article_ids, annotator)
        role = str(row[1])
    header = {
        "format": FORMAT,
        "version": VERSION,
        "annotator": annotator,
        "annotator_role": role,
        "exported_at": _iso(datetime.now(UTC)),
        "articles": len(records),
    }
    digest = hashlib.sha256()
    lines = [orjson.dumps(header) + b"\n"]
    lines += [orjson.dumps(r) + b"\n" for r in records]
    for ln in lines:
        digest.update(ln)
    trailer = {"end": {"records": len(records), "sha256": digest.hexdigest()}}
    with atomic_file(Path(path), "wb") as fh:
        for ln in lines:
            fh.write(ln)
        fh.write(orjson.dumps(trailer) + b"\n")
    return BundleSummary(
        Path(path),
        annotator,
        len(records),
        sum(len(r["mentions"]) for r in records),
        sum(len(r["events"]) for r in records),
        sum(len(e["arguments"]) for r in records for e in r["events"]),
        sum(len(r["relations"]) for r in records),
        len({u for r in records for u in r["entities"]}),
        sum(len(r["comments"]) for r in records),
    )


# ------------------------------------------------------------------------- reading


def read_bundle(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header and article records of a bundle, checked; ``BundleError`` otherwise."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BundleError(f"{path}: cannot be read ({exc.strerror}).") from exc
    lines = raw.splitlines(keepends=True)
    if not lines:
        raise BundleError(f"{path} is empty; it is not an Armscribe bundle.")
    try:
        docs = [orjson.loads(ln) for ln in lines if ln.strip()]
    except orjson.JSONDecodeError as exc:
        raise BundleError(f"{path} is not an Armscribe bundle (not JSON lines: {exc}).") from exc
    header = docs[0]
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BundleError(f"{path} is not an Armscribe bundle (no bundle header).")
    version = header.get("version")
    if not isinstance(version, int):
        raise BundleError(f"{path}: the bundle header has no version.")
    if version > VERSION:
        raise BundleError(
            f"{path} was written by a newer Armscribe (bundle version {version}); this "
            f"version reads bundles up to version {VERSION}. Nothing was imported."
        )
    trailer = docs[-1] if len(docs) > 1 else None
    end = trailer.get("end") if isinstance(trailer, dict) else None
    if not isinstance(end, dict):
        raise BundleError(f"{path} is incomplete (no end record); nothing was imported.")
    digest = hashlib.sha256()
    for ln in lines[:-1]:
        digest.update(ln)
    records = docs[1:-1]
    if end.get("records") != len(records) or end.get("sha256") != digest.hexdigest():
        raise BundleError(
            f"{path} was changed or damaged after it was written (checksum mismatch); "
            "nothing was imported."
        )
    if not isinstance(header.get("annotator"), str) or not header["annotator"]:
        raise BundleError(f"{path}: the bundle header names no annotator.")
    for n, rec in enumerate(records, 2):
        _check_record(rec, f"{path}:{n}")
    return header, records


_STR: type = str
_MENTION_KEYS = {"uuid": _STR, "start": int, "end": int, "type": _STR}
_EVENT_KEYS = {"uuid": _STR, "type": _STR, "arguments": list}
_ARG_KEYS = {"uuid": _STR, "role": _STR, "mention_uuid": _STR}
_REL_KEYS = {"uuid": _STR, "type": _STR, "source_entity_uuid": _STR, "target_entity_uuid": _STR}
_ENTITY_KEYS = {"uuid": _STR, "kind": _STR, "name": _STR}
_COMMENT_KEYS = {"uuid": _STR, "body": _STR, "resolved": bool}


def _need(obj: Any, keys: Mapping[str, type], where: str) -> None:
    if not isinstance(obj, dict):
        raise BundleError(f"{where}: expected an object.")
    for k, t in keys.items():
        if not isinstance(obj.get(k), t):
            raise BundleError(f"{where}: {k!r} is missing or not a {t.__name__}.")
    for k in ("created_at", "updated_at"):
        if k in obj:
            _parse_time(obj[k], where)


def _check_record(rec: Any, where: str) -> None:
    _need(rec, {"content_hash": _STR, "title": _STR, "mentions": list, "events": list}, where)
    entities = rec.get("entities") or {}
    if not isinstance(entities, dict):
        raise BundleError(f"{where}: 'entities' is not an object.")
    for u, e in entities.items():
        _need(e, _ENTITY_KEYS, f"{where}: entity {u}")
    mention_uuids = set()
    for m in rec["mentions"]:
        _need(m, _MENTION_KEYS, f"{where}: mention")
        if not 0 <= m["start"] < m["end"]:
            raise BundleError(f"{where}: mention {m['uuid']} has an empty or negative span.")
        if m.get("entity_uuid") is not None and m["entity_uuid"] not in entities:
            raise BundleError(f"{where}: mention {m['uuid']} links an entity the bundle lacks.")
        mention_uuids.add(m["uuid"])
    for e in rec["events"]:
        _need(e, _EVENT_KEYS, f"{where}: event")
        if e.get("trigger_uuid") is not None and e["trigger_uuid"] not in mention_uuids:
            raise BundleError(f"{where}: event {e['uuid']} has a trigger the bundle lacks.")
        for x in e["arguments"]:
            _need(x, _ARG_KEYS, f"{where}: argument")
            if x["mention_uuid"] not in mention_uuids:
                raise BundleError(f"{where}: argument {x['uuid']} fills a role with no mention.")
    for r in rec.get("relations") or []:
        _need(r, _REL_KEYS, f"{where}: relation")
        for k in ("source_entity_uuid", "target_entity_uuid"):
            if r[k] not in entities:
                raise BundleError(f"{where}: relation {r['uuid']} names an entity it lacks.")
    comments = rec.get("comments") or []
    if not isinstance(comments, list):
        raise BundleError(f"{where}: 'comments' is not a list.")
    for c in comments:
        _need(c, _COMMENT_KEYS, f"{where}: comment")
        for k in ("target_uuid", "parent_uuid"):
            if c.get(k) is not None and not isinstance(c[k], str):
                raise BundleError(f"{where}: comment {c['uuid']}: {k!r} is not a str.")
        if not c["body"].strip() or len(c["body"]) > MAX_BODY:
            raise BundleError(f"{where}: comment {c['uuid']} is empty or too long.")
    st = rec.get("status")
    if st is not None:
        _need(st, {"uuid": _STR, "status": _STR}, f"{where}: status")
        if st["status"] not in STATUSES:
            raise BundleError(f"{where}: unknown article status {st['status']!r}.")


# ------------------------------------------------------------------------- import


class _Merge:
    """The counting and the newer-wins rule, shared by every kind of row."""

    def __init__(self) -> None:
        self.new = self.changed = self.unchanged = self.conflicting = 0
        self.conflicts: list[str] = []

    def decide(self, local: Any, fields: dict[str, Any], incoming: dict[str, Any]) -> None:
        """Apply ``fields`` to ``local`` when the bundle's row is newer and differs."""
        if all(getattr(local, k) == v for k, v in fields.items()):
            self.unchanged += 1
            return
        theirs = _parse_time(incoming.get("updated_at"), f"row {incoming.get('uuid')}")
        if theirs > _utc(local.updated_at):
            for k, v in fields.items():
                setattr(local, k, v)
            local.updated_at = theirs
            self.changed += 1
        else:
            self.conflicting += 1
            self.conflicts.append(str(local.uuid))

    def conflict(self, uuid: str) -> None:
        self.conflicting += 1
        self.conflicts.append(uuid)


def _stamps(rec: dict[str, Any]) -> dict[str, datetime]:
    now = datetime.now(UTC)
    out = {}
    for k in ("created_at", "updated_at"):
        out[k] = _parse_time(rec[k], "row") if rec.get(k) is not None else now
    return out


def _by_uuid(s: Session, model: Any, uuids: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for sel in id_chunks(list(uuids)):
        out.update((r.uuid, r) for r in s.scalars(select(model).where(model.uuid.in_(sel))))
    return out


def import_bundle(store: Store, path: Path) -> BundleReport:
    """Merge a colleague's bundle as their layer (all or nothing); see docs/review.md."""
    header, records = read_bundle(path)
    name = str(header["annotator"])
    role = str(header.get("annotator_role") or "analyst")
    merge = _Merge()
    merge_c = _Merge()
    missing: list[str] = []
    entities_new = 0
    pending_comments: list[tuple[int, dict[str, Any], str]] = []
    with store.write() as s:
        who = ensure_annotator(s, name, role=role)
        wanted_entities: dict[str, dict[str, Any]] = {}
        for rec in records:
            wanted_entities.update(rec.get("entities") or {})
        entity_ids: dict[str, int] = {}
        found = _by_uuid(s, Entity, sorted(wanted_entities))
        for u, e in sorted(wanted_entities.items()):
            local = found.get(u)
            if local is None:
                local = Entity(
                    uuid=u,
                    kind=e["kind"],
                    subtype=e.get("subtype"),
                    name=e["name"],
                    aliases=list(e.get("aliases") or []),
                    country_code=e.get("country_code"),
                    sipri_code=e.get("sipri_code"),
                    external_id=e.get("external_id"),
                    attributes=dict(e.get("attributes") or {}),
                )
                s.add(local)
                s.flush()
                entities_new += 1
            entity_ids[u] = local.id
        for n, rec in enumerate(records, 2):
            where = f"{path}:{n}"
            art = _find_article(s, rec)
            if art is None:
                missing.append(str(rec["title"]))
                continue
            text = s.scalar(select(ArticleText.text).where(ArticleText.article_id == art.id)) or ""
            _merge_article(s, merge, who, art.id, text, rec, entity_ids, where)
            pending_comments += [(art.id, c, where) for c in rec.get("comments") or []]
        _merge_comments(s, merge_c, who, pending_comments)
    return BundleReport(
        name,
        merge.new,
        merge.changed,
        merge.unchanged,
        merge.conflicting,
        tuple(missing),
        entities_new,
        tuple(merge.conflicts),
        merge_c.new,
        merge_c.changed,
        merge_c.unchanged,
        merge_c.conflicting,
        tuple(merge_c.conflicts),
    )


def _merge_comments(
    s: Session, merge: _Merge, who: int, pending: list[tuple[int, dict[str, Any], str]]
) -> None:
    """Upsert the bundle's comments as ``who``'s, parents before their replies; a reply
    whose parent is neither in the store nor in the bundle refuses the whole bundle."""
    uuids = {c["uuid"] for _, c, _ in pending}
    wanted = uuids | {c["parent_uuid"] for _, c, _ in pending if c.get("parent_uuid")}
    local = _by_uuid(s, Comment, sorted(wanted))
    ids = {u: row.id for u, row in local.items()}
    todo = pending
    while todo:
        later: list[tuple[int, dict[str, Any], str]] = []
        for article_id, c, where in todo:
            parent = c.get("parent_uuid")
            if parent is not None and parent not in ids:
                if parent in uuids:
                    later.append((article_id, c, where))  # its parent comes in this bundle
                    continue
                raise BundleError(
                    f"{where}: comment {c['uuid']} replies to comment {parent}, which is "
                    "neither in this store nor in the bundle; the bundle is inconsistent "
                    "and nothing was imported."
                )
            fields = {
                "target_uuid": c.get("target_uuid"),
                "parent_id": ids[parent] if parent is not None else None,
                "body": c["body"],
                "resolved": c["resolved"],
            }
            row = local.get(c["uuid"])
            if row is None:
                row = Comment(
                    uuid=c["uuid"], article_id=article_id, annotator_id=who, **fields, **_stamps(c)
                )
                s.add(row)
                s.flush()
                local[row.uuid] = row
                merge.new += 1
            elif row.article_id != article_id or row.annotator_id != who:
                merge.conflict(row.uuid)
            else:
                merge.decide(row, fields, c)
            ids[row.uuid] = row.id
        if len(later) == len(todo):
            c = later[0][1]
            raise BundleError(
                f"{later[0][2]}: comment {c['uuid']} and its parents reply to each other in "
                "a loop (or to a comment of an article this store lacks); the bundle is "
                "inconsistent and nothing was imported."
            )
        todo = later
    s.flush()


def _find_article(s: Session, rec: dict[str, Any]) -> Article | None:
    conds = [Article.content_hash == rec["content_hash"]]
    if isinstance(rec.get("article_uuid"), str):
        conds.append(Article.uuid == rec["article_uuid"])
    rows = list(s.scalars(select(Article).where(or_(*conds))))
    by_uuid = next((a for a in rows if a.uuid == rec.get("article_uuid")), None)
    return by_uuid or next((a for a in rows if a.content_hash == rec["content_hash"]), None)


def _merge_article(
    s: Session,
    merge: _Merge,
    who: int,
    article_id: int,
    text: str,
    rec: dict[str, Any],
    entity_ids: dict[str, int],
    where: str,
) -> None:
    rows_m: dict[str, Mention] = {}
    local_m = _by_uuid(s, Mention, [m["uuid"] for m in rec["mentions"]])
    for m in rec["mentions"]:
        if m["end"] > len(text) or ("text" in m and text[m["start"] : m["end"]] != m["text"]):
            raise BundleError(
                f"{where}: mention {m['uuid']} does not fit this store's copy of the article; "
                "nothing was imported."
            )
        fields = {
            "start": m["start"],
            "end": m["end"],
            "type": m["type"],
            "entity_id": entity_ids[m["entity_uuid"]] if m.get("entity_uuid") else None,
            "attributes": dict(m.get("attributes") or {}),
        }
        row = local_m.get(m["uuid"])
        if row is None:
            row = Mention(
                uuid=m["uuid"], article_id=article_id, annotator_id=who, **fields, **_stamps(m)
            )
            s.add(row)
            merge.new += 1
        elif row.article_id != article_id or row.annotator_id != who:
            merge.conflict(row.uuid)
        else:
            merge.decide(row, fields, m)
        rows_m[m["uuid"]] = row
    s.flush()
    mids = {u: r.id for u, r in rows_m.items()}

    local_e = _by_uuid(s, Event, [e["uuid"] for e in rec["events"]])
    pending_args: list[tuple[int, dict[str, Any]]] = []
    for e in rec["events"]:
        fields = {
            "type": e["type"],
            "trigger_mention_id": mids[e["trigger_uuid"]] if e.get("trigger_uuid") else None,
            "status": e.get("status"),
            "modality": e.get("modality"),
            "date_start": e.get("date_start"),
            "date_end": e.get("date_end"),
            "attributes": dict(e.get("attributes") or {}),
            "record_uuid": e.get("record_uuid"),
        }
        ev = local_e.get(e["uuid"])
        if ev is None:
            ev = Event(
                uuid=e["uuid"], article_id=article_id, annotator_id=who, **fields, **_stamps(e)
            )
            s.add(ev)
            s.flush()
            merge.new += 1
        elif ev.article_id != article_id or ev.annotator_id != who:
            merge.conflict(ev.uuid)
            continue
        else:
            merge.decide(ev, fields, e)
        pending_args += [(ev.id, x) for x in e["arguments"]]

    local_x = _by_uuid(s, EventArgument, [x["uuid"] for _, x in pending_args])
    for event_id, x in pending_args:
        fields = {"event_id": event_id, "role": x["role"], "mention_id": mids[x["mention_uuid"]]}
        arg = local_x.get(x["uuid"])
        if arg is None:
            s.add(EventArgument(uuid=x["uuid"], annotator_id=who, **fields, **_stamps(x)))
            merge.new += 1
        elif arg.annotator_id != who:
            merge.conflict(arg.uuid)
        else:
            merge.decide(arg, fields, x)

    rels = rec.get("relations") or []
    local_r = _by_uuid(s, Relation, [r["uuid"] for r in rels])
    for r in rels:
        fields = {
            "type": r["type"],
            "source_entity_id": entity_ids[r["source_entity_uuid"]],
            "target_entity_id": entity_ids[r["target_entity_uuid"]],
            "evidence_mention_id": mids.get(r["evidence_uuid"]) if r.get("evidence_uuid") else None,
            "attributes": dict(r.get("attributes") or {}),
        }
        rel = local_r.get(r["uuid"])
        if rel is None:
            s.add(
                Relation(
                    uuid=r["uuid"], article_id=article_id, annotator_id=who, **fields, **_stamps(r)
                )
            )
            merge.new += 1
        elif rel.article_id != article_id or rel.annotator_id != who:
            merge.conflict(rel.uuid)
        else:
            merge.decide(rel, fields, r)

    st = rec.get("status")
    if st is not None:
        row = s.scalar(
            select(ArticleStatus).where(
                ArticleStatus.article_id == article_id, ArticleStatus.annotator_id == who
            )
        )
        if row is None:
            s.add(
                ArticleStatus(
                    uuid=st["uuid"],
                    article_id=article_id,
                    annotator_id=who,
                    status=st["status"],
                    **_stamps(st),
                )
            )
            merge.new += 1
        else:
            merge.decide(row, {"status": st["status"]}, st)
    s.flush()
