"""Resolving the entities an import's layers link (``store_entities``): matched by uuid
(a merged-away entity resolves to the one it was merged into), else created with the
given uuid; a uuid that exists with other fields keeps the store's version and is
listed in ``LayerImportReport.entities_differing``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.formats.bulk import IN_CHUNK, chunks
from db.formats.dataset import LayerRows
from db.formats.layer_checks import _label
from db.formats.layer_inserts import ENTITY_COLS, _Inserter
from db.formats.layer_report import LayerImportReport
from db.formats.model import DocEntity
from db.models import Entity


def store_entities(
    s: Session,
    docs: Sequence[LayerRows],
    inserter: _Inserter,
    report: LayerImportReport,
    problems: list[str],
) -> dict[str, int]:
    """Entity id per uuid the layers reference, created where new (the store's
    version kept where the uuid exists with other fields); a uuid neither in the input
    nor in the store is added to ``problems``."""
    wanted: dict[str, DocEntity | None] = {}
    where: dict[str, str] = {}
    first: dict[str, int] = {}  # the layer whose mentions link it first
    for k, layer in enumerate(docs):
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
    for part in chunks(sorted(wanted), IN_CHUNK):
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
    js, now = inserter.js, inserter.ts(None)
    for u, e in wanted.items():
        hit = found.get(u)
        if hit is not None:
            eid, kind, name, subtype, merged = hit
            out[u] = _canonical(s, eid, merged)
            report.entities_matched += 1
            if e is not None and (e.kind, e.name, e.subtype) != (kind, name, subtype):
                report.entities_differing.append(u)
            continue
        if e is None:
            problems.append(
                f"{_where(docs, u, first, where)} links entity {u}, "
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
    if problems:
        return out
    for new_part in chunks(rows, 500):
        ids = inserter.insert(Entity, ENTITY_COLS, new_part)
        for new_row, eid in zip(new_part, ids, strict=True):
            out[new_row[0]] = eid
    report.entities_created = len(rows)
    return out


def _where(docs: Sequence[LayerRows], u: str, first: dict[str, int], where: dict[str, str]) -> str:
    """Where entity ``u`` is first linked (for a problem message)."""
    if u in first:
        layer = docs[first[u]]
        mtext = next(r[4] for r in layer.mentions if r[5] == u)
        return f"{_label(layer.doc)} mention “{mtext[:40]}”"
    return where[u]


def _canonical(s: Session, eid: int, merged: int | None) -> int:
    for _ in range(64):
        if merged is None:
            return eid
        eid = merged
        merged = s.scalar(select(Entity.merged_into_id).where(Entity.id == eid))
    return eid
