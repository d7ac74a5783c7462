"""Every store an earlier Armscribe wrote opens in this one: backed up, then upgraded."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from db.articles import ArticleFilter, list_articles
from db.migrations import runner
from db.models import Annotator, Base, Event
from db.stats import check_store
from db.store import open_store

FIXTURES = sorted(
    (Path(__file__).resolve().parents[1] / "fixtures" / "stores").glob("store-*.sqlite")
)


def _revision(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        con.close()


def test_there_is_a_fixture_for_every_revision() -> None:
    have = {_revision(p) for p in FIXTURES}
    assert have == runner.all_revisions(), "check in a store of each revision (tests/fixtures)"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_old_store_upgrades_to_head_keeping_its_data(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    old = _revision(path)
    store = open_store(path)
    try:
        if old != runner.head_revision():
            assert store.report.upgraded_from == old
            backup = store.report.backup_path
            assert backup is not None and backup.exists() and _revision(backup) == old
        with store.engine.connect() as c:
            assert runner.current_revision(c) == runner.head_revision()
        with store.read() as s:
            rows = list_articles(s, None, ArticleFilter())
            assert len(rows) >= 10
            assert list_articles(s, None, ArticleFilter(search="Drohnen"))
            assert s.scalar(select(Annotator.name).where(Annotator.name == "fixture-analyst"))
            assert check_store(s) == []
        if old >= "0002":
            with store.read() as s:
                assert s.scalar(select(Event.type)) == "DIPLOMATIC"
    finally:
        store.close()


def test_head_schema_matches_the_models(store_path: Path) -> None:
    """The migrations produce exactly what the models declare (no forgotten revision)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    store = open_store(store_path)
    try:
        with store.engine.connect() as c:
            diff = compare_metadata(
                MigrationContext.configure(c, opts={"include_name": runner.include_name}),
                Base.metadata,
            )
    finally:
        store.close()
    assert diff == []


def test_the_revision_list_matches_the_scripts() -> None:
    from db.migrations import HEAD, REVISIONS

    assert set(REVISIONS) == runner.all_revisions()
    assert HEAD == runner.head_revision()


def _counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {
            t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in ("articles", "mentions", "events", "event_arguments", "undo_log")
        }
    finally:
        con.close()


def test_a_0002_store_gains_review_decisions_and_keeps_its_rows(tmp_path: Path) -> None:
    """0003 adds the review_decisions table; every row of the 0002 store survives and
    a reviewer can decide on the upgraded store."""
    from db.models import ReviewDecision
    from db.workspace import Workspace

    (fixture,) = [p for p in FIXTURES if _revision(p) == "0002"]
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    before = _counts(path)
    assert before["mentions"] >= 2 and before["event_arguments"] >= 2
    ws = Workspace.open(path, "fixture-reviewer")
    try:
        assert ws.store.report.upgraded_from == "0002"
        with ws.store.read() as s:
            assert s.scalar(select(ReviewDecision.id)) is None
        analyst = ws.annotator_id_of("fixture-analyst")
        assert analyst is not None
        (article,) = {a.id for a in ws.articles() if ws.tagging.annotations(a.id, analyst).mentions}
        rs = ws.review(article, [analyst, ws.curated_id()])
        only = [it for it in rs.differences() if it.difference.kind == "only_a"]
        assert only
        rs.decide(only[0].key, "accept_a")
        with ws.store.read() as s:
            assert s.scalar(select(ReviewDecision.decision)) == "accept_a"
    finally:
        ws.close()
    after = _counts(path)
    assert after["articles"] == before["articles"]
    assert after["events"] == before["events"]
    assert after["event_arguments"] == before["event_arguments"]
    assert after["mentions"] == before["mentions"] + 1  # the curated copy
    assert _revision(path) == runner.head_revision()


def test_0004_turns_uuid_constraints_into_indexes_and_back(tmp_path: Path) -> None:
    """0004: the bulk tables' uuids (and articles' content hash) are unique through
    named indexes, which a bulk load can drop and build again; every row survives, a
    duplicate uuid is still refused, the search index (now without prefix indexes) is
    rebuilt, and the downgrade restores the 0003 schema."""
    (fixture,) = [p for p in FIXTURES if _revision(p) == "0003"]
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    before = _counts(path)
    open_store(path).close()
    con = sqlite3.connect(path)
    try:
        uniques = {
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE 'CREATE UNIQUE%'"
            )
        }
        assert {
            "ix_articles_uuid",
            "ix_articles_content_hash",
            "ix_mentions_uuid",
            "ix_events_uuid",
            "ix_event_arguments_uuid",
            "ix_relations_uuid",
        } <= uniques
        fts = con.execute("SELECT sql FROM sqlite_master WHERE name = 'article_fts'").fetchone()[0]
        assert "prefix" not in fts
        con.execute("INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)")
        row = con.execute("SELECT * FROM mentions LIMIT 1").fetchone()
        with pytest.raises(sqlite3.IntegrityError, match="mentions.uuid"):
            con.execute(
                f"INSERT INTO mentions VALUES ({', '.join('?' * len(row))})", (None, *row[1:])
            )
        con.rollback()
    finally:
        con.close()
    assert _counts(path) == before

    store = open_store(path)
    try:
        with store.read() as s:
            assert list_articles(s, None, ArticleFilter(search="Drohnen"))
        runner.downgrade(store.engine, "0003")
    finally:
        store.close()
    con = sqlite3.connect(path)
    try:
        sql = con.execute("SELECT sql FROM sqlite_master WHERE name = 'mentions'").fetchone()[0]
        assert "CONSTRAINT uq_mentions_uuid UNIQUE (uuid)" in sql
        assert (
            "prefix='2 3'"
            in con.execute("SELECT sql FROM sqlite_master WHERE name = 'article_fts'").fetchone()[0]
        )
        con.execute("INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        con.close()
    assert _revision(path) == "0003"
    assert _counts(path) == before
