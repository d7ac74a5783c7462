"""Apply the store's Alembic migrations programmatically (no alembic.ini needed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

HERE = Path(__file__).resolve().parent


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Leave the full-text index's shadow tables out of autogenerate: they belong to
    the FTS5 virtual table the first revision creates by hand."""
    return not (type_ == "table" and name is not None and name.startswith("article_fts"))


def config() -> Config:
    """An Alembic config pointing at this package's scripts."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    return cfg


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(config())


def head_revision() -> str:
    """The newest schema revision this version of Armscribe knows."""
    head = _scripts().get_current_head()
    assert head is not None
    return head


def all_revisions() -> set[str]:
    """Every schema revision this version of Armscribe knows."""
    return {rev.revision for rev in _scripts().walk_revisions()}


def current_revision(conn: Connection) -> str | None:
    """The store's schema revision, or None for an empty database."""
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str) -> None:
    """Upgrade to ``revision`` in one transaction.

    On SQLite, foreign keys are switched off for the duration: batch migrations copy
    and drop tables, and a DROP with foreign keys on would cascade deletes. The
    result is checked with ``foreign_key_check`` before the commit.
    """
    _apply(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Downgrade to ``revision`` in one transaction, as ``upgrade`` does (for tests of
    each revision's way back; an older Armscribe cannot open a newer store)."""
    _apply(engine, command.downgrade, revision)


def _apply(engine: Engine, step: Callable[[Config, str], None], revision: str) -> None:
    cfg = config()
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        raw = conn.connection.dbapi_connection
        if sqlite and raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                step(cfg, revision)
                if sqlite:
                    bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if bad:
                        raise RuntimeError(f"migration left broken references: {bad[:5]}")
        finally:
            if sqlite and raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
