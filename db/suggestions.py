""" "Tag all occurrences": where else the same words (or the entity's aliases) appear."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import ArticleText, Entity, Mention
from db.search import search_article_ids


@dataclass(frozen=True, slots=True)
class Suggestion:
    article_id: int
    start: int
    end: int
    type: str
    entity_id: int | None
    text: str
    context: str


def _pattern(surfaces: list[str]) -> re.Pattern[str] | None:
    words = sorted(
        {" ".join(w.split()) for w in surfaces if len(w.strip()) >= 2}, key=len, reverse=True
    )
    if not words:
        return None
    alts = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    # Whole words only: "Türkei" must not hit inside "Türkeireise".
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)


def _in_text(
    text: str,
    pat: re.Pattern[str],
    taken: list[tuple[int, int]],
    article_id: int,
    type_: str,
    entity_id: int | None,
) -> list[Suggestion]:
    out = []
    for m in pat.finditer(text):
        a, b = m.span()
        if any(s < b and a < e for s, e in taken):
            continue
        ctx = text[max(0, a - 50) : b + 50].replace("\n", " ")
        out.append(Suggestion(article_id, a, b, type_, entity_id, text[a:b], ctx))
    return out


def suggest_occurrences(
    s: Session, annotator_id: int, mention_id: int, *, corpus: bool = False, limit: int = 500
) -> list[Suggestion]:
    """Untagged places where the mention's surface form, or its entity's names, occur:
    in its article, or (``corpus=True``) in every article the search index finds."""
    m = s.get(Mention, mention_id)
    if m is None:
        return []
    text = s.scalar(select(ArticleText.text).where(ArticleText.article_id == m.article_id)) or ""
    surfaces = [text[m.start : m.end]]
    if m.entity_id is not None:
        e = s.get(Entity, m.entity_id)
        if e is not None:
            surfaces += [e.name, *(e.aliases or [])]
    pat = _pattern(surfaces)
    if pat is None:
        return []
    articles = [m.article_id]
    if corpus:
        ids: list[int] = []
        for surf in dict.fromkeys(surfaces):
            ids += search_article_ids(s, f'"{surf}"', limit=limit)
        articles += [i for i in dict.fromkeys(ids) if i != m.article_id]
    out: list[Suggestion] = []
    for aid in articles:
        body = (
            text
            if aid == m.article_id
            else (s.scalar(select(ArticleText.text).where(ArticleText.article_id == aid)) or "")
        )
        taken = [
            (a, b)
            for a, b in s.execute(
                select(Mention.start, Mention.end).where(
                    Mention.article_id == aid, Mention.annotator_id == annotator_id
                )
            )
        ]
        out += _in_text(body, pat, taken, aid, m.type, m.entity_id)
        if len(out) >= limit:
            break
    return out[:limit]
