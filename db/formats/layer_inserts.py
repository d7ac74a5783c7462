"""Inserting plain row tuples (``_Inserter``) and the columns each table's rows give
(``*_COLS``): on SQLite ``executemany`` on the DB-API connection with ids assigned here,
timestamps as the text SQLAlchemy's ``DateTime`` stores and JSON as orjson text; on other
databases (PostgreSQL) SQLAlchemy Core with ``RETURNING`` ids."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import chain
from typing import Any

import orjson
from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from db.formats.dataset import parse_iso


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
        write transaction. Ids are known in advance (the transaction holds the only write
        lock): SQLite gives a row without one the largest id plus one, checked after
        the insert (INSERT ... RETURNING in parameter order runs row by row there)."""
        conn = self.s.connection()
        raw = conn.connection.driver_connection
        assert raw is not None
        ids = range(0)
        if "id" in table.c:
            first = self.next_id.get(table.name)
            if first is None:
                top = conn.exec_driver_sql(f"SELECT max(id) FROM {table.name}").scalar()
                first = int(top or 0) + 1
            ids = range(first, first + len(rows))
            self.next_id[table.name] = first + len(rows)
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
        if ids:
            last = raw.execute(f"SELECT max(id) FROM {table.name}").fetchone()[0]
            if last != ids[-1]:
                raise RuntimeError(f"{table.name}: ids {ids[0]}-{ids[-1]} expected, {last} last")
        return list(ids)


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
