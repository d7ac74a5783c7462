"""Importing files into a real store: all or nothing, duplicates reported, searchable."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.articles import ArticleFilter, get_article, list_articles
from db.importing import ImportFailed, import_paths
from db.jobs import Cancelled, CancelToken
from db.models import Article
from db.resources import resource_path
from db.stats import check_store, store_stats
from db.store import Store


def _count(store: Store) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Article)) or 0)


def test_the_five_seeds_import_and_are_searchable(store: Store, seeds_dir: Path) -> None:
    report = import_paths(store, [seeds_dir])
    assert report.added == 5 and report.files == 5 and not report.duplicates
    with store.read() as s:
        rows = list_articles(s, None, ArticleFilter(sort="title", descending=False))
        assert {r.language for r in rows} == {"de", "en"}
        hits = list_articles(s, None, ArticleFilter(search="Genehmigungen"))
        assert hits and all(r.language == "de" for r in hits)
        # Diacritics folded: "Turkiye" finds "Türkiye".
        assert list_articles(s, None, ArticleFilter(search="Turkiye"))
        doc = get_article(s, hits[0].id)
        assert doc is not None and "\r" not in doc.text
        assert "„" in "".join(d.text for r in rows if (d := get_article(s, r.id)) is not None)
        assert check_store(s) == []


def test_importing_twice_skips_duplicates(store: Store, seeds_dir: Path) -> None:
    import_paths(store, [seeds_dir])
    again = import_paths(store, [seeds_dir])
    assert again.added == 0 and len(again.duplicates) == 5
    assert "duplicate" in again.summary()
    assert _count(store) == 5


def test_a_bad_file_means_nothing_is_imported(
    store: Store, seeds_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    shutil.copytree(seeds_dir, folder)
    (folder / "broken.jsonl").write_text(
        json.dumps({"text": "Fine line.", "title": "ok"}) + "\n{not json\n", encoding="utf-8"
    )
    (folder / "latin1.txt").write_bytes("Die Türkei liefert.".encode("latin-1"))
    with pytest.raises(ImportFailed) as info:
        import_paths(store, [folder])
    message = str(info.value)
    assert "nothing was imported" in message
    assert "broken.jsonl:2" in message
    assert "latin1.txt" in message and "UTF-8" in message
    assert _count(store) == 0


def test_cancel_rolls_back(store: Store, seeds_dir: Path) -> None:
    token = CancelToken()

    def progress(done: int, total: int, msg: str) -> None:
        if done >= 2:
            token.cancel()

    with pytest.raises(Cancelled):
        import_paths(store, [seeds_dir], progress=progress, cancel=token)
    assert _count(store) == 0


def test_the_sample_corpus_imports(store: Store) -> None:
    report = import_paths(store, [resource_path("sample", "articles.jsonl")])
    assert report.added >= 10
    with store.read() as s:
        stats = store_stats(s)
    assert stats.articles == report.added
    assert set(stats.languages) == {"de", "en"}
