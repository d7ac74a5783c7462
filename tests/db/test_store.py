"""Opening stores: creation, pragmas, refusing what we must not read, upgrades."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from db import store as store_mod
from db.errors import StoreError, StoreLockedError, StoreTooNewError
from db.migrations import runner
from db.store import journal_mode_for, open_store


def test_new_store_is_created_at_head(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "new.sqlite"
    st = open_store(path)
    try:
        assert st.report.created
        with st.engine.connect() as c:
            assert runner.current_revision(c) == runner.head_revision()
    finally:
        st.close()
    again = open_store(path)
    assert not again.report.created and again.report.upgraded_from is None
    again.close()


def test_every_connection_has_the_pragmas(store: store_mod.Store) -> None:
    with store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA trusted_schema").scalar() == 0
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() == store_mod.BUSY_TIMEOUT_MS
        mode = c.exec_driver_sql("PRAGMA journal_mode").scalar()
    assert mode == journal_mode_for(store_mod.sqlite_version())


def test_wal_only_where_sqlite_is_safe() -> None:
    assert journal_mode_for((3, 40, 1)) == "delete"
    assert journal_mode_for((3, 51, 3)) == "wal"
    assert journal_mode_for((3, 52, 0)) == "wal"


def test_store_from_a_newer_version_is_refused_untouched(store_path: Path) -> None:
    con = sqlite3.connect(store_path)
    con.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    con.commit()
    con.close()
    before = store_path.read_bytes()
    with pytest.raises(StoreTooNewError, match="newer version of Armscribe"):
        open_store(store_path)
    assert store_path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes, not a database\n", encoding="utf-8")
    with pytest.raises(StoreError, match="not an Armscribe store"):
        open_store(path)
    assert path.read_text(encoding="utf-8").startswith("these are my notes")


def test_a_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (name TEXT)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="not an Armscribe store"):
        open_store(path)


def test_a_damaged_store_gets_a_clear_message(store_path: Path) -> None:
    data = bytearray(store_path.read_bytes())
    # Keep the header, wreck the pages behind it.
    for i in range(200, min(len(data), 40_000)):
        data[i] = (i * 7) % 256
    store_path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged|not an Armscribe store"):
        open_store(store_path)


def test_a_locked_store_is_reported(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_mod, "BUSY_TIMEOUT_MS", 100)
    st = open_store(store_path)
    other = sqlite3.connect(store_path, timeout=0.1, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreLockedError, match="locked by another program"):
            with st.write() as s:
                s.execute(text("INSERT INTO store_meta(key, value) VALUES ('k', 'v')"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    with st.write() as s:  # usable again once the other program lets go
        s.execute(text("INSERT INTO store_meta(key, value) VALUES ('k', 'v')"))
    st.close()


def test_missing_store_without_create(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        open_store(tmp_path / "absent.sqlite", create=False)
