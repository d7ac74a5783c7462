"""Big loads build their tables' indexes once at the end (``db.bulk_load``): the store
ends with every index it had, a duplicate is still refused, and a failed load leaves
the indexes and rows as they were."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from db import bulk_load, search
from db.formats import layer_store
from db.formats.layer_writer import LayerImportError, write_documents
from db.formats.model import DatasetDoc, DocMention
from db.jobs import Cancelled, CancelToken
from db.models import Article, Mention
from db.search import check_index, search_article_ids
from db.store import Store
from db.workspace import Workspace


@pytest.fixture
def empty(template_store: Path, tmp_path: Path) -> Workspace:
    path = tmp_path / "empty.sqlite"
    path.write_bytes(template_store.read_bytes())
    return Workspace.open(path, "someone")


def _indexes(store: Store) -> set[tuple[str, str]]:
    with store.read() as s:
        return {
            (r[0], r[1])
            for r in s.execute(
                text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            )
        }


def _docs(n: int, word: str = "zebra") -> list[DatasetDoc]:
    out = []
    for i in range(n):
        body = f"Qatar ordered {word}{i} drones from Belarus in {2000 + i}."
        at = body.index("Belarus")
        out.append(
            DatasetDoc(
                article_uuid=f"00000000-0000-4000-8000-{i:012d}",
                content_hash=None,
                title=f"Order {i}",
                text=body,
                annotator="importer",
                mentions=(
                    DocMention(f"10000000-0000-4000-8000-{i:012d}", 0, 5, "ACTOR", "Qatar"),
                    DocMention(None, at, at + 7, "ACTOR", "Belarus"),
                ),
            )
        )
    return out


def test_a_load_into_empty_tables_ends_with_every_index(
    empty: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk_load, "BULK_FROM", 2)
    dropped: list[list[str]] = []
    real = bulk_load.deferred_indexes

    def spy(s: object, tables: list[str]) -> object:
        dropped.append(list(tables))
        return real(s, tables)  # type: ignore[arg-type]

    monkeypatch.setattr(layer_store, "deferred_indexes", spy)
    before = _indexes(empty.store)
    report = write_documents(empty.store, _docs(6), empty.tagging.tagset)
    assert report.articles_created == 6 and report.mentions == 12
    assert ["articles"] in dropped and ["mentions"] in dropped  # the bulk path ran
    assert _indexes(empty.store) == before
    with empty.store.read() as s:
        assert s.scalar(select(func.count()).select_from(Mention)) == 12
        assert len(search_article_ids(s, "zebra3")) == 1
        assert check_index(s) == []
        plan = " ".join(
            str(r[-1])
            for r in s.execute(
                text("EXPLAIN QUERY PLAN SELECT id FROM mentions WHERE uuid = :u"), {"u": "x"}
            )
        )
    assert "ix_mentions_uuid" in plan


def test_a_second_load_into_a_bigger_table_keeps_the_indexes(
    empty: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk_load, "BULK_FROM", 2)
    write_documents(empty.store, _docs(6), empty.tagging.tagset)
    with empty.store.read() as s:
        assert bulk_load.bulk_tables(s, {"mentions": 11, "events": 0}) == []
        assert bulk_load.bulk_tables(s, {"mentions": 12}) == ["mentions"]


def test_a_duplicate_fails_the_rebuilt_unique_index_and_rolls_everything_back(
    empty: Workspace,
) -> None:
    write_documents(empty.store, _docs(2), empty.tagging.tagset)
    before = _indexes(empty.store)
    with empty.store.read() as s:
        uuid, aid, ann = s.execute(
            select(Mention.uuid, Mention.article_id, Mention.annotator_id)
        ).first()  # type: ignore[misc]
        n = s.scalar(select(func.count()).select_from(Mention))
    with pytest.raises(IntegrityError, match="mentions.uuid"):
        with empty.store.write() as s:
            with bulk_load.deferred_indexes(s, ["mentions"]):
                s.add(
                    Mention(
                        uuid=uuid, article_id=aid, annotator_id=ann, start=0, end=1, type="ACTOR"
                    )
                )
                s.flush()  # accepted: the unique index is gone for the load
    assert _indexes(empty.store) == before
    with empty.store.read() as s:
        assert s.scalar(select(func.count()).select_from(Mention)) == n


def test_a_cancelled_bulk_load_leaves_store_and_indexes_as_they_were(
    empty: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk_load, "BULK_FROM", 2)
    before = _indexes(empty.store)
    token = CancelToken()

    def progress(done: int, total: int, what: str) -> None:
        if what == "Storing annotations":  # indexes dropped, rows half stored
            token.cancel()

    monkeypatch.setattr(layer_store, "BATCH_DOCS", 2)
    with pytest.raises(Cancelled):
        write_documents(
            empty.store, _docs(6), empty.tagging.tagset, progress=progress, cancel=token
        )
    assert _indexes(empty.store) == before
    with empty.store.read() as s:
        assert s.scalar(select(func.count()).select_from(Article)) == 0
        assert s.scalar(select(func.count()).select_from(Mention)) == 0


def test_two_texts_under_one_article_uuid_are_refused(empty: Workspace) -> None:
    a, b = _docs(2)
    b = replace(b, article_uuid=a.article_uuid, annotator="other")
    with pytest.raises(LayerImportError, match="another text under this article uuid"):
        write_documents(empty.store, [a, b], empty.tagging.tagset)
    with empty.store.read() as s:
        assert s.scalar(select(func.count()).select_from(Article)) == 0


def test_indexing_in_groups_restores_the_index_settings(
    empty: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When every new article was indexed while streaming (the total a multiple of the
    group), the larger FTS5 buffer is still given back at the end."""
    monkeypatch.setattr(search, "FTS_BULK_FROM", 2)
    monkeypatch.setattr(layer_store, "FTS_STREAM_GROUP", 3)
    write_documents(empty.store, _docs(3), empty.tagging.tagset)
    with empty.store.read() as s:
        config = dict(s.execute(text("SELECT k, v FROM article_fts_config")).all())
        assert len(search_article_ids(s, "zebra1")) == 1
    assert "hashsize" not in config
