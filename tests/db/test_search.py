"""Full-text search: user input is always a safe query; results follow the index."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db import search
from db.corpus.draft import ArticleDraft
from db.ops.articles import add_articles
from db.store import Store


def _add(store: Store, *texts: str) -> list[int]:
    with store.write() as s:
        return add_articles(
            s, [ArticleDraft(text=t, origin=f"t{i}") for i, t in enumerate(texts)]
        ).added_ids


def test_words_phrases_and_prefixes(store: Store) -> None:
    a, b, c = _add(
        store,
        "Die Türkei lieferte Drohnen an Aserbaidschan.",
        "Canada suspended export permits for drone optics.",
        "Belarus supplied artillery to Azerbaijan.",
    )
    with store.read() as s:
        assert search.search_article_ids(s, "Türkei") == [a]
        assert search.search_article_ids(s, "turkei") == [a]  # diacritics folded
        assert search.search_article_ids(s, "Drohn") == [a]  # the last word is a prefix
        assert search.search_article_ids(s, '"export permits"') == [b]
        assert search.search_article_ids(s, '"permits export"') == []
        assert search.search_article_ids(s, "Azer") == [c]
        assert search.count_matches(s, "azerbaijan") == 1
        # prefixes from three characters; shorter last words match whole words only
        assert search.search_article_ids(s, "Aze") == [c]
        assert search.search_article_ids(s, "Az") == []
        assert search.search_article_ids(s, "Drohnen an") == [a]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_user_input_is_a_valid_query(query: str) -> None:
    expr = search.to_fts5(query)
    if expr is not None:
        assert expr.count('"') % 2 == 0


@pytest.mark.parametrize(
    "query", ["NOT", "a AND", '"unclosed', "(x", "col:val", "*", "a OR b NEAR(c)", "'; DROP"]
)
def test_operator_like_input_does_not_break_search(store: Store, query: str) -> None:
    _add(store, "NOT a drill: col val OR b NEAR c DROP")
    with store.read() as s:
        search.search_article_ids(s, query)  # must not raise


def test_many_matches_come_newest_first(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _add(store, *[f"Drohnen Bericht Nummer {i}" for i in range(12)])
    monkeypatch.setattr(search, "RANK_AT_MOST", 5)
    with store.read() as s:
        assert search.search_article_ids(s, "Drohnen", limit=3) == sorted(ids, reverse=True)[:3]
        assert search.count_matches(s, "Drohnen") == 12
