"""CSV tables for spreadsheets and pandas: mentions, entities and an event register.

``out`` is a folder (written whole or not at all) holding ``mentions.csv``,
``entities.csv`` and ``events.csv``; or, when it ends in ``.csv``, a file stem:
``corpus.csv`` gives ``corpus_mentions.csv``, ``corpus_entities.csv`` and
``corpus_events.csv`` beside it (each replaced only when all three are whole).

The event register has one row per event, shaped like an arms-transfer database
(SIPRI): supplier, recipient, weapon designation and category, quantity, status,
modality, date, the article, and the evidence sentence around the trigger. Which roles
are "supplier" and "recipient" comes from the tagset: the source and target roles of
the event type's first graph edge (TRANSFER: Supplier -> Recipient; EMBARGO: Imposer ->
Target...), the weapon from the edge's label role. Several fillers are joined with "; ".

Speed: from ``iter_documents`` the mention table is written straight from the read
model's tuples (``DocumentStream.layers``; a ``DatasetDoc`` is built only for layers
with events, for the register), and every table is written through ``csv.writer`` into
a list that is joined and written in big chunks.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

import orjson

from db.formats.atomic import atomic_dir, atomic_file
from db.formats.bulk import paused_gc
from db.formats.dataset import DocumentStream, LayerRows
from db.formats.model import DatasetDoc, DocEntity, DocEvent, DocMention, ExportSummary
from db.jobs import CancelToken, Progress, no_progress
from db.tagset import Tagset

MENTION_COLUMNS = (
    "article_uuid",
    "article_title",
    "annotator",
    "mention_uuid",
    "start",
    "end",
    "type",
    "text",
    "entity_uuid",
    "entity_name",
    "attributes",
)
ENTITY_COLUMNS = (
    "entity_uuid",
    "kind",
    "subtype",
    "name",
    "aliases",
    "country_code",
    "external_id",
    "mentions",
)
EVENT_COLUMNS = (
    "event_uuid",
    "event_type",
    "supplier",
    "recipient",
    "weapon",
    "weapon_category",
    "quantity",
    "status",
    "modality",
    "event_date",
    "article_title",
    "source",
    "published",
    "evidence",
    "annotator",
    "article_uuid",
)
JOIN = "; "
CHECK_EVERY = 200
_ATTR_CACHE_MAX = 4096
_SENTENCE_END = re.compile(r"[.!?…](?=\s)|\n")


def _paths(out: Path) -> tuple[Path | None, dict[str, str]]:
    """(folder or None, table -> file name)."""
    if out.suffix.lower() == ".csv":
        stem = out.stem
        return None, {t: f"{stem}_{t}.csv" for t in ("mentions", "entities", "events")}
    return out, {t: f"{t}.csv" for t in ("mentions", "entities", "events")}


def _attrs(value: dict[str, Any]) -> str:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode() if value else ""


def evidence_sentence(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence around [start, end): from the previous sentence end to the next."""
    left = 0
    for m in _SENTENCE_END.finditer(text, max(0, start - limit), start):
        left = m.end()
    m2 = _SENTENCE_END.search(text, end, min(len(text), end + limit))
    right = m2.end() if m2 else min(len(text), end + limit)
    return " ".join(text[left:right].split())


class _Register:
    """Which roles fill the register's columns, per event type (from the tagset)."""

    def __init__(self, tagset: Tagset) -> None:
        self.roles: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
        for et in tagset.event_types:
            names = {r.name for r in et.roles}
            if et.edges:
                edge = et.edges[0]
                src, tgt = edge.source, edge.target
                weapon = (edge.label_role,) if edge.label_role else ()
            else:
                src, tgt, weapon = (), (), ()
            if not weapon and "Weapon" in names:
                weapon = ("Weapon",)
            self.roles[et.name] = (src, tgt, weapon)

    def row(self, doc: DatasetDoc, ev: DocEvent, by_uuid: dict[str, DocMention]) -> list[Any]:
        src, tgt, weapon = self.roles.get(ev.type, ((), (), ()))

        def fillers(roles: tuple[str, ...]) -> list[DocMention]:
            return [
                by_uuid[a.mention_uuid]
                for a in ev.arguments
                if a.role in roles and a.mention_uuid in by_uuid
            ]

        def name(m: DocMention) -> str:
            ent = doc.entities.get(m.entity_uuid) if m.entity_uuid else None
            return ent.name if ent is not None else m.text

        weapons = fillers(weapon)
        categories = []
        for m in weapons:
            ent = doc.entities.get(m.entity_uuid) if m.entity_uuid else None
            cat = (ent.subtype if ent is not None else None) or m.attributes.get("category")
            if cat:
                categories.append(str(cat))
        quantity = [m.text for m in fillers(("Quantity",))]
        if not quantity and ev.attributes.get("quantity") not in (None, ""):
            quantity = [str(ev.attributes["quantity"])]
        anchor = by_uuid.get(ev.trigger_uuid) if ev.trigger_uuid else None
        if anchor is None:
            spans = [by_uuid[a.mention_uuid] for a in ev.arguments if a.mention_uuid in by_uuid]
            anchor = min(spans, key=lambda m: m.start) if spans else None
        evidence = evidence_sentence(doc.text, anchor.start, anchor.end) if anchor else ""
        date = ev.attributes.get("date") or (
            ev.date_start
            if ev.date_end in (None, ev.date_start)
            else f"{ev.date_start}/{ev.date_end}"
        )
        md = doc.metadata
        return [
            ev.uuid,
            ev.type,
            JOIN.join(name(m) for m in fillers(src)),
            JOIN.join(name(m) for m in fillers(tgt)),
            JOIN.join(name(m) for m in weapons),
            JOIN.join(dict.fromkeys(categories)),
            JOIN.join(quantity),
            ev.status or "",
            ev.modality or "",
            date or "",
            doc.title,
            md.get("source") or "",
            md.get("published") or "",
            evidence,
            doc.annotator,
            doc.article_uuid,
        ]


def export_docs(
    docs: Iterable[DatasetDoc] | Iterable[LayerRows],
    out: Path,
    *,
    tagset: Tagset,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    bom: bool = False,
) -> ExportSummary:
    """Write the three tables (``bom``: UTF-8 with a byte-order mark, for Excel) from
    ``DatasetDoc``s or ``LayerRows`` (from ``iter_documents``, its ``LayerRows``)."""
    out = Path(out)
    folder, names = _paths(out)
    encoding = "utf-8-sig" if bom else "utf-8"
    with ExitStack() as stack:
        if folder is not None:
            tmp = stack.enter_context(atomic_dir(folder))
            files: dict[str, IO[str]] = {
                t: stack.enter_context((tmp / n).open("w", encoding=encoding, newline=""))
                for t, n in names.items()
            }
            shown = [str(folder / n) for n in names.values()]
        else:
            files = {
                t: stack.enter_context(atomic_file(out.parent / n, "w", encoding=encoding))
                for t, n in names.items()
            }
            shown = [str(out.parent / n) for n in names.values()]
        # The files close (stems: are renamed into place) as the stack unwinds, before
        # the folder they were entered after is moved into place.
        with paused_gc():
            summary = _write(docs, files, tagset, progress, cancel)
    return ExportSummary(
        articles=summary[0],
        layers=summary[1],
        mentions=summary[2],
        events=summary[3],
        relations=summary[4],
        files=tuple(shown),
    )


class _Chunks:
    """A file-like ``csv.writer`` target that collects rows in a list, written to the
    real file in big chunks (one write and one encode per chunk, not per row)."""

    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh
        self.parts: list[str] = []
        self.write = self.parts.append

    def flush(self) -> None:
        if self.parts:
            self.fh.write("".join(self.parts))
            self.parts.clear()


class _StoredAttributes:
    """Stored attribute JSON (text on SQLite, a dict elsewhere) as the attributes cell:
    sorted-keys JSON, "" when empty; cached by text (the same few sets recur)."""

    def __init__(self) -> None:
        self.cache: dict[str, str] = {}

    def __call__(self, value: Any) -> str:
        if isinstance(value, str):
            cell = self.cache.get(value)
            if cell is None:
                if len(self.cache) >= _ATTR_CACHE_MAX:
                    self.cache.clear()
                obj = orjson.loads(value)
                cell = _attrs(obj) if isinstance(obj, dict) else ""
                self.cache[value] = cell
            return cell
        return _attrs(value) if isinstance(value, dict) else ""


def _write(
    docs: Iterable[DatasetDoc] | Iterable[LayerRows],
    files: dict[str, IO[str]],
    tagset: Tagset,
    progress: Progress,
    cancel: CancelToken | None,
) -> tuple[int, int, int, int, int]:
    mout, eout = _Chunks(files["mentions"]), _Chunks(files["events"])
    mw = csv.writer(mout)
    ew = csv.writer(eout)
    mw.writerow(MENTION_COLUMNS)
    ew.writerow(EVENT_COLUMNS)
    register = _Register(tagset)
    stored_attrs = _StoredAttributes()
    entities: dict[str, DocEntity] = {}
    counts: Counter[str] = Counter()
    articles: set[str | None] = set()
    layers = n_mentions = n_events = n_relations = 0
    source: Iterable[DatasetDoc | LayerRows] = (
        docs.layers(timestamps=False) if isinstance(docs, DocumentStream) else docs
    )
    for item in source:
        layers += 1
        if isinstance(item, LayerRows):
            doc = item.doc
            ents = doc.entities
            names = {u: e.name for u, e in ents.items()}
            # The layer's own columns are formatted once and put before each row:
            # csv.writer writes a row with one write() call, so the prefix joins the lines.
            lines = _Chunks(files["mentions"])
            csv.writer(lines).writerow((doc.article_uuid, doc.title, doc.annotator, ""))
            prefix = lines.parts.pop()[:-2]  # "uuid,title,annotator," without "\r\n"
            csv.writer(lines).writerows(
                [
                    (
                        u,
                        a,
                        b,
                        t,
                        x,
                        eu or "",
                        names.get(eu, "") if eu else "",
                        "" if at == "{}" or at is None else stored_attrs(at),
                    )
                    for u, a, b, t, x, eu, at, _c, _up in item.mentions
                ]
            )
            if lines.parts:
                mout.write(prefix + prefix.join(lines.parts))
            counts.update(r[5] for r in item.mentions if r[5])
            n_mentions += len(item.mentions)
            if doc.events:
                doc = item.to_doc()
        else:
            doc = item
            ents = doc.entities
            mw.writerows(
                _mention_rows(
                    doc.mentions, doc.article_uuid, doc.title, doc.annotator, ents, counts
                )
            )
            n_mentions += len(doc.mentions)
        articles.add(doc.article_uuid or doc.content_hash or doc.title)
        entities.update(ents)
        if doc.events:
            by_uuid = {m.uuid: m for m in doc.mentions if m.uuid}
            ew.writerows(register.row(doc, ev, by_uuid) for ev in doc.events)
            n_events += len(doc.events)
        n_relations += len(doc.relations)
        if layers % CHECK_EVERY == 0:
            mout.flush()
            eout.flush()
            if cancel is not None:
                cancel.check()
            progress(layers, 0, "Writing CSV")
    mout.flush()
    eout.flush()
    if cancel is not None:
        cancel.check()
    xout = _Chunks(files["entities"])
    xw = csv.writer(xout)
    xw.writerow(ENTITY_COLUMNS)
    for u in sorted(entities):
        e = entities[u]
        xw.writerow(
            (
                e.uuid,
                e.kind,
                e.subtype or "",
                e.name,
                JOIN.join(e.aliases),
                e.country_code or "",
                e.external_id or "",
                counts.get(u, 0),
            )
        )
    xout.flush()
    return len(articles), layers, n_mentions, n_events, n_relations


def _mention_rows(
    mentions: Iterable[DocMention],
    article_uuid: str | None,
    title: str,
    annotator: str,
    entities: dict[str, DocEntity],
    counts: Counter[str],
) -> Iterator[tuple[Any, ...]]:
    for m in mentions:
        eu = m.entity_uuid
        if eu is not None:
            counts[eu] += 1
            ent = entities.get(eu)
            ename = ent.name if ent is not None else ""
        else:
            eu = ename = ""
        yield (
            article_uuid,
            title,
            annotator,
            m.uuid,
            m.start,
            m.end,
            m.type,
            m.text,
            eu,
            ename,
            _attrs(m.attributes) if m.attributes else "",
        )
