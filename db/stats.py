"""Counts over a store, and its health check."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from db.models import (
    Annotator,
    Article,
    ArticleText,
    Comment,
    Entity,
    Event,
    Mention,
    Relation,
)
from db.search import check_index


@dataclass(frozen=True, slots=True)
class StoreStats:
    articles: int
    words: int
    languages: dict[str, int]
    sources: dict[str, int]
    annotators: int
    entities: int
    mentions: int
    events: int
    relations: int
    comments: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def store_stats(s: Session) -> StoreStats:
    """How much the store holds."""

    def count(model: Any) -> int:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)

    langs = s.execute(select(Article.language, func.count()).group_by(Article.language)).all()
    sources = s.execute(select(Article.source, func.count()).group_by(Article.source)).all()
    return StoreStats(
        articles=count(Article),
        words=int(s.scalar(select(func.coalesce(func.sum(Article.word_count), 0))) or 0),
        languages={(k or "unknown"): int(v) for k, v in langs},
        sources={(k or "unknown"): int(v) for k, v in sources},
        annotators=count(Annotator),
        entities=count(Entity),
        mentions=count(Mention),
        events=count(Event),
        relations=count(Relation),
        comments=count(Comment),
    )


def check_store(s: Session) -> list[str]:
    """Problems found in the store, as messages; empty when it is sound."""
    problems: list[str] = []
    if s.get_bind().dialect.name == "sqlite":
        for (msg,) in s.execute(text("PRAGMA integrity_check")):
            if msg != "ok":
                problems.append(f"integrity: {msg}")
        for row in s.execute(text("PRAGMA foreign_key_check")):
            problems.append(f"broken reference: {tuple(row)}")
    missing = s.scalar(
        select(func.count())
        .select_from(Article)
        .outerjoin(ArticleText, ArticleText.article_id == Article.id)
        .where(ArticleText.article_id.is_(None))
    )
    if missing:
        problems.append(f"{missing} articles have no text")
    bad_spans = s.scalar(
        select(func.count())
        .select_from(Mention)
        .join(Article, Article.id == Mention.article_id)
        .where(Mention.end > Article.char_count)
    )
    if bad_spans:
        problems.append(f"{bad_spans} mentions end past their article's text")
    problems.extend(check_index(s))
    return problems
