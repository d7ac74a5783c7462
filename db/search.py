"""Full-text search over articles, kept in sync by the store's article writes.

SQLite uses FTS5 (created by the first migration). Other dialects fall back to a
plain ``LIKE`` scan until their own index arrives (a PostgreSQL ``tsvector`` path
will slot in here).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from db.models import ArticleText

_TOKEN = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]+)"')


def query_terms(query: str) -> list[str]:
    """The words of a user's query, as the view highlights them (phrases split)."""
    return [t for t in _TOKEN.findall(query) if t]


PREFIX_FROM = 3
"""The last word of a query is matched as a prefix from this many characters (results
follow typing); shorter, as a whole word. The index has no prefix indexes (they doubled
indexing time and size, migration 0004): a three-character prefix costs ~12 ms over
100,000 articles, a one- or two-character one 80-600 ms."""


def to_fts5(query: str) -> str | None:
    """Turn what a user typed into a safe FTS5 expression (AND of terms; the last
    bare term is a prefix from ``PREFIX_FROM`` characters so that results follow
    typing). None if nothing to search."""
    parts: list[str] = []
    for phrase in _PHRASE.findall(query):
        words = _TOKEN.findall(phrase)
        if words:
            parts.append('"' + " ".join(words) + '"')
    rest = _PHRASE.sub(" ", query)
    words = _TOKEN.findall(rest)
    for i, word in enumerate(words):
        last = i == len(words) - 1 and not query.rstrip().endswith('"')
        star = "*" if last and len(word) >= PREFIX_FROM else ""
        parts.append(f'"{word}"{star}')
    return " AND ".join(parts) if parts else None


def index_articles(s: Session, rows: Iterable[tuple[int, str, str]]) -> None:
    """Add (article id, title, text) rows to the index."""
    if s.get_bind().dialect.name != "sqlite":
        return
    s.execute(
        text("INSERT INTO article_fts(rowid, title, text) VALUES (:id, :title, :text)"),
        [{"id": i, "title": t, "text": b} for i, t, b in rows],
    )


FTS_DEFAULT_HASHSIZE = 1024 * 1024  # FTS5's default pending-terms buffer
FTS_BULK_HASHSIZE = 8 * 1024 * 1024
FTS_BULK_FROM = 200  # articles


@contextmanager
def bulk_indexing(s: Session, n: int) -> Iterator[None]:
    """Index ``n`` articles with a larger FTS5 pending-terms buffer: FTS5 writes a new
    segment (and merges) each time ~1 MB of terms is pending, which took 0.5-0.8 s of
    the 10,000-article import; 8 MB cut that by ~35 %. The setting is restored inside
    the same transaction, so the store keeps its own (a crash rolls both back)."""
    if n < FTS_BULK_FROM or s.get_bind().dialect.name != "sqlite":
        yield
        return
    cmd = text("INSERT INTO article_fts(article_fts, rank) VALUES ('hashsize', :n)")
    before = s.execute(text("SELECT v FROM article_fts_config WHERE k = 'hashsize'")).scalar()
    s.execute(cmd, {"n": FTS_BULK_HASHSIZE})
    yield
    s.execute(cmd, {"n": FTS_DEFAULT_HASHSIZE if before is None else before})
    if before is None:  # as it was: no row, FTS5's default
        s.execute(text("DELETE FROM article_fts_config WHERE k = 'hashsize'"))


def unindex_articles(s: Session, article_ids: Sequence[int]) -> None:
    """Remove articles from the index; call before their text rows are deleted."""
    if s.get_bind().dialect.name != "sqlite" or not article_ids:
        return
    rows = s.execute(
        select(ArticleText.article_id, ArticleText.title, ArticleText.text).where(
            ArticleText.article_id.in_(article_ids)
        )
    ).all()
    s.execute(
        text(
            "INSERT INTO article_fts(article_fts, rowid, title, text) "
            "VALUES ('delete', :id, :title, :text)"
        ),
        [{"id": r[0], "title": r[1], "text": r[2]} for r in rows],
    )


RANK_AT_MOST = 5000
"""Ranking by BM25 costs time per matching article; above this many matches (a common
word over a big corpus) results come newest first instead, within the search budget."""


def search_article_ids(s: Session, query: str, limit: int = 1000) -> list[int]:
    """Ids of the articles matching ``query``: best first when there are at most
    ``RANK_AT_MOST`` matches, newest first otherwise."""
    if s.get_bind().dialect.name == "sqlite":
        expr = to_fts5(query)
        if expr is None:
            return []
        params = {"q": expr, "n": limit, "cap": RANK_AT_MOST + 1}
        many = s.execute(
            text(
                "SELECT count(*) FROM (SELECT 1 FROM article_fts WHERE article_fts MATCH :q "
                "LIMIT :cap)"
            ),
            params,
        ).scalar_one()
        order = "rowid DESC" if many > RANK_AT_MOST else "rank"
        rows = s.execute(
            text(
                f"SELECT rowid FROM article_fts WHERE article_fts MATCH :q "
                f"ORDER BY {order} LIMIT :n"
            ),
            params,
        )
        return [r[0] for r in rows]
    terms = query_terms(query)
    if not terms:
        return []
    stmt = select(ArticleText.article_id)
    for term in terms:
        pattern = f"%{term}%"
        stmt = stmt.where(ArticleText.text.ilike(pattern) | ArticleText.title.ilike(pattern))
    return list(s.scalars(stmt.order_by(ArticleText.article_id.desc()).limit(limit)))


def count_matches(s: Session, query: str) -> int:
    """How many articles match ``query`` in all."""
    if s.get_bind().dialect.name == "sqlite":
        expr = to_fts5(query)
        if expr is None:
            return 0
        return int(
            s.execute(
                text("SELECT count(*) FROM article_fts WHERE article_fts MATCH :q"), {"q": expr}
            ).scalar_one()
        )
    terms = query_terms(query)
    stmt = select(func.count()).select_from(ArticleText)
    for term in terms:
        pattern = f"%{term}%"
        stmt = stmt.where(ArticleText.text.ilike(pattern) | ArticleText.title.ilike(pattern))
    return int(s.scalar(stmt) or 0)


def rebuild_index(s: Session) -> None:
    """Rebuild the index from the article texts (used by ``armscribe check --repair``)."""
    if s.get_bind().dialect.name == "sqlite":
        s.execute(text("INSERT INTO article_fts(article_fts) VALUES ('rebuild')"))


def check_index(s: Session) -> list[str]:
    """Problems with the index, as messages (empty when it is sound)."""
    if s.get_bind().dialect.name != "sqlite":
        return []
    try:
        s.execute(text("INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)"))
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return [f"full-text index out of step with the articles: {exc}"]
    return []
