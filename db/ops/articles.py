"""Adding articles to the store (deduplicated by content hash) and per-annotator status."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from db.changes import Changes
from db.errors import AnnotationError
from db.jobs import CancelToken, Progress, no_progress
from db.models import Annotator, Article, ArticleStatus, ArticleText, new_uuid, utcnow
from db.search import index_articles
from db.text_stats import word_count

if TYPE_CHECKING:
    from db.corpus.draft import ArticleDraft  # the readers package is heavy

BATCH = 500
STATUSES = ("new", "in_progress", "done", "reviewed", "curated")


def content_hash(text: str) -> str:
    """The article's identity: sha256 of its stored text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def derive_title(text: str, limit: int = 90) -> str:
    """A title for an article that came without one: its first words."""
    first = text.strip().split("\n", 1)[0].strip()
    if len(first) <= limit:
        return first
    cut = first.rfind(" ", 0, limit)
    return first[: cut if cut > 30 else limit].rstrip(" ,;:") + "…"


@dataclass(frozen=True, slots=True)
class Duplicate:
    origin: str
    existing_title: str


@dataclass(slots=True)
class AddResult:
    added_ids: list[int] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    @property
    def changes(self) -> Changes:
        return Changes(articles=bool(self.added_ids))


def add_articles(
    s: Session,
    drafts: Sequence[ArticleDraft],
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> AddResult:
    """Add drafts as articles, skipping any whose text is already stored (or repeated
    within ``drafts``). Runs in the caller's transaction."""
    result = AddResult()
    seen: dict[str, str] = {}
    total = len(drafts)
    for start in range(0, total, BATCH):
        if cancel is not None:
            cancel.check()
        batch = drafts[start : start + BATCH]
        hashes = [content_hash(d.text) for d in batch]
        existing: dict[str, str] = {
            h: t
            for h, t in s.execute(
                select(Article.content_hash, Article.title).where(Article.content_hash.in_(hashes))
            )
        }
        rows = []
        texts = []
        now = utcnow()
        for d, h in zip(batch, hashes, strict=True):
            if h in existing or h in seen:
                title = existing.get(h) or seen[h]
                result.duplicates.append(Duplicate(d.origin, title))
                continue
            title = (d.title or "").strip() or derive_title(d.text)
            seen[h] = title
            rows.append(
                {
                    "uuid": new_uuid(),
                    "content_hash": h,
                    "title": title[:500],
                    "source": d.source,
                    "author": d.author,
                    "url": d.url,
                    "published": d.published,
                    "language": d.language,
                    "word_count": word_count(d.text),
                    "char_count": len(d.text),
                    "origin": d.origin[:1000] or None,
                    "imported_at": now,
                    "created_at": now,
                    "updated_at": now,
                    "extra": dict(d.extra),
                }
            )
            texts.append((title[:500], d.text))
        if rows:
            ids = list(
                s.scalars(insert(Article).returning(Article.id, sort_by_parameter_order=True), rows)
            )
            s.execute(
                insert(ArticleText),
                [
                    {"article_id": i, "title": t, "text": b}
                    for i, (t, b) in zip(ids, texts, strict=True)
                ],
            )
            index_articles(s, [(i, t, b) for i, (t, b) in zip(ids, texts, strict=True)])
            result.added_ids.extend(ids)
        progress(min(start + BATCH, total), total, "Storing articles")
    return result


def ensure_annotator(s: Session, name: str, *, role: str = "analyst") -> int:
    """The id of the annotator called ``name``, created if new."""
    found = s.scalar(select(Annotator.id).where(Annotator.name == name))
    if found is not None:
        return found
    annotator = Annotator(name=name, display_name=name, role=role)
    s.add(annotator)
    s.flush()
    return annotator.id


def set_article_status(s: Session, article_id: int, annotator_id: int, status: str) -> Changes:
    """Set where ``annotator_id`` stands with an article."""
    if status not in STATUSES:
        raise AnnotationError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
    row = s.scalar(
        select(ArticleStatus).where(
            ArticleStatus.article_id == article_id, ArticleStatus.annotator_id == annotator_id
        )
    )
    if row is None:
        s.add(ArticleStatus(article_id=article_id, annotator_id=annotator_id, status=status))
    else:
        row.status = status
    return Changes(article_status=True)
