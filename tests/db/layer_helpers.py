"""Small helpers the library tests share: find words, entities, and tag them."""

from __future__ import annotations

from db.workspace import Workspace


def text_of(ws: Workspace, article_id: int) -> str:
    doc = ws.article(article_id)
    assert doc is not None
    return doc.text


def span_of(ws: Workspace, article_id: int, word: str, nth: int = 0) -> tuple[int, int]:
    """Code-point span of the ``nth`` occurrence of ``word`` in the article."""
    body = text_of(ws, article_id)
    at = -1
    for _ in range(nth + 1):
        at = body.index(word, at + 1)
    return at, at + len(word)


def entity_id(ws: Workspace, name: str, kind: str = "ACTOR") -> int:
    rows = [e for e in ws.tagging.entities(kind) if e.name == name]
    assert len(rows) == 1, name
    return rows[0].id


def tag(
    ws: Workspace, article_id: int, word: str, type_: str, entity: int | None = None, nth: int = 0
) -> int:
    """Tag the ``nth`` occurrence of ``word``; returns the new mention's id."""
    edit = ws.tagging.add_mention(article_id, *span_of(ws, article_id, word, nth), type_, entity)
    assert len(edit.created) == 1
    return edit.created[0]
