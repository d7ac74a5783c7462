"""The same models and operations on a real PostgreSQL server (team mode's store).

Runs when ARMSCRIBE_TEST_PG_URL names a scratch database (``.ci/run`` starts one with
``packaging/pg-test-server.sh``); every test starts from an empty schema.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from db.articles import ArticleFilter
from db.errors import StoreTooNewError
from db.store import open_store
from db.workspace import Workspace

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


def test_store_is_created_and_reopened(pg_url: str) -> None:
    st = open_store(pg_url)
    assert st.report.created and st.dialect == "postgresql"
    st.close()
    again = open_store(pg_url)
    assert not again.report.created
    again.close()


def test_import_list_search_and_tag(pg_url: str, seeds_dir: Path) -> None:
    ws = Workspace.open(pg_url, "anna")
    try:
        report = ws.import_paths([seeds_dir])
        assert report.added == 5
        assert ws.import_paths([seeds_dir]).added == 0
        rows = ws.articles(ArticleFilter(sort="title", descending=False))
        assert len(rows) == 5
        hits = ws.articles(ArticleFilter(search="Genehmigungen"))
        assert hits and all(r.language == "de" for r in hits)
        doc = ws.article(hits[0].id)
        assert doc is not None
        start = doc.text.index("Türkei")
        turkey = ws.tagging.match_entities("Türkei", "ACTOR")[0].entity_id
        edit = ws.tagging.add_mention(doc.id, start, start + len("Türkei"), "ACTOR", turkey)
        (mid,) = edit.created
        ann = ws.tagging.annotations(doc.id)
        assert [(m.text, m.entity_id) for m in ann.mentions] == [("Türkei", turkey)]
        ev = ws.tagging.create_event(doc.id, "LICENCE_ACTION", arguments=[("Target", mid)])
        ws.tagging.set_event_attributes(
            ev.created[0], {"date": "April 2021", "status": "cancelled"}
        )
        ann = ws.tagging.annotations(doc.id)
        assert ann.events[0].date_start == "2021-04"
        ws.tagging.undo()
        ws.tagging.undo()
        ws.tagging.undo()
        assert ws.tagging.annotations(doc.id).mentions == []
        ws.tagging.redo()
        assert len(ws.tagging.annotations(doc.id).mentions) == 1
        ws.set_status(doc.id, "done")
        assert ws.articles(ArticleFilter(status="done"))[0].id == doc.id
        assert ws.stats().mentions == 1
        assert ws.check() == []
    finally:
        ws.close()


def test_newer_schema_is_refused(pg_url: str) -> None:
    open_store(pg_url).close()
    engine = create_engine(pg_url)
    with engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    engine.dispose()
    with pytest.raises(StoreTooNewError):
        open_store(pg_url)
