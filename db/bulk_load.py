"""Loading many rows at once: a table's indexes built once after the load instead of
kept up to date row by row (a store seam: the SQLite-only SQL lives here).

Inserting 200,000 mentions into an empty table with its three indexes maintained costs
~0.9 s on the machine of FACTS.md; without them 0.35 s, and building the three indexes
afterwards 0.2 s (one sort each instead of a random b-tree insert per row). This pays
when a load at least doubles a table; below that, keeping the indexes is cheaper.

Everything happens inside the caller's write transaction: a load that fails rolls the
dropped indexes back with its rows (SQLite's DDL is transactional), and other
connections keep reading the indexed table of their snapshot until the commit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session

BULK_FROM = 5000
"""Rows below which a load keeps the indexes (rebuilding would not pay)."""


def bulk_tables(s: Session, adding: Mapping[str, int]) -> list[str]:
    """The tables of ``adding`` (table name -> rows about to be inserted) whose indexes
    are worth building after the load: at least ``BULK_FROM`` new rows and at least as
    many as the table holds. Empty on databases other than SQLite."""
    if s.get_bind().dialect.name != "sqlite":
        return []
    out = []
    for table, n in adding.items():
        if n < BULK_FROM:
            continue
        held = s.execute(text(f'SELECT count(*) FROM "{table}"')).scalar() or 0
        if n >= held:
            out.append(table)
    return out


@contextmanager
def deferred_indexes(s: Session, tables: list[str]) -> Iterator[None]:
    """Drop the named indexes of ``tables`` (SQLite), let the caller insert, then create
    them again, unique ones included: a duplicate then fails the creation (an
    ``IntegrityError``) and the transaction rolls back. The automatic indexes of inline
    ``UNIQUE`` constraints cannot be dropped and stay. On an exception inside, nothing
    is recreated: the caller's rollback restores the indexes."""
    if not tables or s.get_bind().dialect.name != "sqlite":
        yield
        return
    marks = ", ".join(f":t{k}" for k in range(len(tables)))
    rows = s.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({marks}) ORDER BY name"
        ),
        {f"t{k}": t for k, t in enumerate(tables)},
    ).all()
    conn = s.connection()
    for name, _sql in rows:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in rows:
        conn.exec_driver_sql(sql)
