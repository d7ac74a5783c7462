"""Opening a store: engine, per-connection pragmas, migrations and sessions.

A store is one SQLite file (a single analyst) or a PostgreSQL database (a team; same
models). Dialect-specific SQL lives here, in ``db/search.py`` and in the migrations only.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from db.errors import StoreError, StoreLockedError, StoreTooNewError

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
# SQLite before 3.51.3 can corrupt a WAL file when a checkpoint and a write race on
# two connections (the "WAL-reset" bug); there we keep the rollback journal.
WAL_SAFE_FROM = (3, 51, 3)
SQLITE_MAGIC = b"SQLite format 3\x00"


def sqlite_version() -> tuple[int, ...]:
    """The version of the SQLite library Python is linked against."""
    return tuple(int(p) for p in sqlite3.sqlite_version.split("."))


def journal_mode_for(version: tuple[int, ...]) -> str:
    """WAL where the SQLite version is safe for it, the rollback journal otherwise."""
    return "wal" if version >= WAL_SAFE_FROM else "delete"


@dataclass(frozen=True, slots=True)
class OpenReport:
    """What happened while opening: created, upgraded (and where the backup went)."""

    created: bool = False
    upgraded_from: str | None = None
    backup_path: Path | None = None


def _install_sqlite_pragmas(engine: Engine) -> None:
    mode = journal_mode_for(sqlite_version())

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # pysqlite opens transactions lazily and would hide our BEGIN; SQLAlchemy's
        # recommended recipe takes over transaction control.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA trusted_schema=OFF")
        cur.execute(f"PRAGMA journal_mode={mode}")
        # WAL is crash-safe with NORMAL; the rollback journal needs FULL for that.
        cur.execute(f"PRAGMA synchronous={'NORMAL' if mode == 'wal' else 'FULL'}")
        cur.execute("PRAGMA cache_size=-32000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")


def _check_sqlite_file(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        head = fh.read(16)
    if head != SQLITE_MAGIC:
        raise StoreError(f"{path} is not an Armscribe store (not an SQLite database file).")


def make_engine(url_or_path: str | Path) -> Engine:
    """An engine for a SQLite path or a database URL, with our pragmas installed."""
    url = str(url_or_path)
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        _install_sqlite_pragmas(engine)
    return engine


class Store:
    """One open store: its engine, a session factory and what opening it did.

    Use ``with store.write() as s:`` for one user action (one transaction) and
    ``with store.read() as s:`` for queries.
    """

    def __init__(self, engine: Engine, path: Path | None, report: OpenReport) -> None:
        self.engine = engine
        self.path = path
        self.report = report
        # expire_on_commit=False: a commit must not expire every loaded object (FACTS.md).
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def label(self) -> str:
        """What to show the user as the store's location."""
        return str(self.path) if self.path else self.engine.url.render_as_string()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one transaction, committed at the end, rolled back on error."""
        try:
            with self.sessions.begin() as s:
                yield s
        except OperationalError as exc:
            if "locked" in str(exc.orig).lower() or "busy" in str(exc.orig).lower():
                raise StoreLockedError(
                    f"The store {self.label} is locked by another program; "
                    "nothing was changed. Try again when it has finished."
                ) from exc
            raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; its transaction is rolled back at the end."""
        with self.sessions() as s:
            yield s

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def pending_upgrade(location: str | Path) -> str | None:
    """The older schema revision of the SQLite store at ``location`` that opening it
    would upgrade (a backup, then table rebuilds: seconds on a big store), else None
    (no such file, not a store, already current, or newer). Read-only and cheap: no
    Alembic, no engine."""
    from db.migrations import HEAD, REVISIONS

    loc = str(location)
    if "://" in loc:
        return None
    path = Path(loc).expanduser()
    if not path.is_file():
        return None
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    current = str(row[0]) if row else None
    return current if current in REVISIONS and current != HEAD else None


def open_store(location: str | Path, *, create: bool = True, upgrade: bool = True) -> Store:
    """Open (creating or upgrading as needed) the store at a path or database URL.

    A store from a newer Armscribe is refused with ``StoreTooNewError``; an older one is
    copied to a backup beside it, then upgraded in one transaction.
    """
    loc = str(location)
    path: Path | None = None
    if "://" not in loc:
        path = Path(loc).expanduser().resolve()
        if not path.exists():
            if not create:
                raise StoreError(f"There is no store at {path}.")
            path.parent.mkdir(parents=True, exist_ok=True)
        _check_sqlite_file(path)
    engine = make_engine(path if path else loc)
    try:
        report = _migrate(engine, path, upgrade=upgrade)
    except OperationalError as exc:
        engine.dispose()
        msg = str(exc.orig).lower()
        if "locked" in msg or "busy" in msg:
            raise StoreLockedError(
                f"The store {path or loc} is locked by another program; close it there and retry."
            ) from exc
        raise StoreError(f"The store {path or loc} could not be opened: {exc.orig}") from exc
    except DatabaseError as exc:
        engine.dispose()
        raise StoreError(
            f"The store {path or loc} is damaged or not an Armscribe store: {exc.orig}"
        ) from exc
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, path, report)


def _migrate(engine: Engine, path: Path | None, *, upgrade: bool) -> OpenReport:
    from db.migrations import HEAD, REVISIONS

    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        current = (
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if "alembic_version" in tables
            else None
        )
    if current is None:
        if tables - {"alembic_version"}:
            raise StoreError(
                f"{path or engine.url} holds tables but no Armscribe schema version; "
                "it is not an Armscribe store."
            )
        from db.migrations import runner

        runner.upgrade(engine, HEAD)
        return OpenReport(created=True)
    if current not in REVISIONS:
        raise StoreTooNewError(
            f"{path or engine.url} was written by a newer version of Armscribe "
            f"(schema {current}); this version knows schemas up to {HEAD}. "
            "Update Armscribe to open it. The file was not changed."
        )
    if current == HEAD:
        return OpenReport()
    if not upgrade:
        raise StoreError(f"{path or engine.url} needs an upgrade from schema {current}.")
    from db.migrations import runner

    backup = _backup(engine, path, current) if path else None
    runner.upgrade(engine, HEAD)
    log.info("upgraded store %s from %s to %s (backup %s)", path, current, HEAD, backup)
    return OpenReport(upgraded_from=current, backup_path=backup)


def _backup(engine: Engine, path: Path, revision: str) -> Path:
    """Copy the store beside itself with SQLite's online backup (consistent even in WAL)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{revision}-{stamp}{path.suffix or '.sqlite'}")
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    if not target.exists():  # pragma: no cover - backup() raises first
        shutil.copy2(path, target)
    os.chmod(target, 0o600)
    return target
