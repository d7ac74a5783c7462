"""Dataset formats on a real PostgreSQL store: the portable (SQLAlchemy Core) paths of
the bulk reader and the layer writer, checked against the SQLite fast paths.

Runs when ARMSCRIBE_TEST_PG_URL names a scratch database (``.ci/run`` starts one with
``packaging/pg-test-server.sh``); every test starts from an empty schema.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from db.formats import csv_tables, jsonl
from db.formats.dataset import iter_documents
from db.formats.layer_writer import write_documents
from db.formats.model import DatasetSelection
from db.models import EventArgument, Mention
from db.store import open_store
from db.workspace import Workspace

# The library tests' seeded store, annotators and layers (tests/db is not a package)
_DB_TESTS = Path(__file__).resolve().parents[1] / "db"
sys.path.insert(0, str(_DB_TESTS))
from test_formats_jsonl import build_layers  # noqa: E402

_spec = importlib.util.spec_from_file_location("armscribe_db_fixtures", _DB_TESTS / "conftest.py")
assert _spec is not None and _spec.loader is not None
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)
seeded_store, seeded_path = _fixtures.seeded_store, _fixtures.seeded_path
ws, bob = _fixtures.ws, _fixtures.bob

URL = os.environ.get("ARMSCRIBE_TEST_PG_URL")
pytestmark = pytest.mark.skipif(not URL, reason="no PostgreSQL (ARMSCRIBE_TEST_PG_URL unset)")


@pytest.fixture
def pg_url() -> Iterator[str]:
    assert URL
    engine = create_engine(URL)
    with engine.begin() as c:
        c.execute(text("DROP SCHEMA public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    yield URL


def test_jsonl_round_trips_through_postgresql(
    pg_url: str, ws: Workspace, bob: Workspace, tmp_path: Path
) -> None:
    """SQLite store -> JSONL -> PostgreSQL store -> JSONL: the same bytes, and the same
    CSV tables; a second import under another name renews the uuids."""
    build_layers(ws, bob)
    sel = DatasetSelection(curated=True)
    tagset = ws.tagging.tagset
    first = tmp_path / "sqlite.jsonl"
    jsonl.export_docs(iter_documents(ws.store, sel), first, tagset=tagset)
    csv_tables.export_docs(iter_documents(ws.store, sel), tmp_path / "sqlite_csv", tagset=tagset)

    store = open_store(pg_url)
    try:
        assert store.dialect == "postgresql"
        report = write_documents(store, jsonl.read_layers(first), tagset)
        assert report.layers == 4 and report.events == 1 and report.relations == 1
        second = tmp_path / "pg.jsonl"
        jsonl.export_docs(iter_documents(store, sel), second, tagset=tagset)
        assert second.read_bytes() == first.read_bytes()
        csv_tables.export_docs(iter_documents(store, sel), tmp_path / "pg_csv", tagset=tagset)
        for name in ("mentions.csv", "entities.csv", "events.csv"):
            pg_table = (tmp_path / "pg_csv" / name).read_bytes()
            assert pg_table == (tmp_path / "sqlite_csv" / name).read_bytes(), name
        # typed selection through the portable mention query: strict filter, same order
        typed = DatasetSelection(annotators=("anna",), mention_types=frozenset({"ACTOR"}))
        got = [(d.title, [m.text for m in d.mentions]) for d in iter_documents(store, typed)]
        want = [(d.title, [m.text for m in d.mentions]) for d in iter_documents(ws.store, typed)]
        assert got == want and any(texts for _, texts in got)

        annas = [d for d in jsonl.read_docs(first) if d.annotator == "anna"]
        with store.read() as s:
            before = s.scalar(select(func.count()).select_from(Mention)) or 0
        again = write_documents(store, annas, tagset, annotator="copy")
        assert again.uuids_renewed > 0 and again.articles_matched == 2
        with store.read() as s:
            after = s.scalar(select(func.count()).select_from(Mention))
            assert after == before + sum(len(d.mentions) for d in annas)
            assert s.scalar(select(func.count()).select_from(EventArgument)) == 6
    finally:
        store.close()
