"""Edits that tag a span and use it at once are one undo step."""

from __future__ import annotations

from db.workspace import Workspace


def _span(ws: Workspace, aid: int, word: str) -> tuple[int, int]:
    doc = ws.article(aid)
    assert doc is not None
    start = doc.text.index(word)
    return start, start + len(word)


def _article_with(ws: Workspace, word: str) -> int:
    for row in ws.articles():
        doc = ws.article(row.id)
        if doc is not None and word in doc.text:
            return row.id
    raise AssertionError(word)


def test_event_with_its_trigger_is_one_edit(ws: Workspace) -> None:
    aid = _article_with(ws, "geliefert")
    edit = ws.tagging.create_event_at(aid, "TRANSFER", *_span(ws, aid, "geliefert"))
    event_id, trigger_id = edit.created
    ann = ws.tagging.annotations(aid)
    assert ann.event(event_id).trigger_mention_id == trigger_id  # type: ignore[union-attr]
    assert ann.mention(trigger_id).type == "TRIGGER"  # type: ignore[union-attr]
    assert ws.tagging.undo_label() == edit.label
    ws.tagging.undo()
    ann = ws.tagging.annotations(aid)
    assert ann.events == [] and ann.mentions == []
    ws.tagging.redo()
    assert len(ws.tagging.annotations(aid).events) == 1


def test_tagging_into_a_role_is_one_edit(ws: Workspace) -> None:
    aid = _article_with(ws, "Aserbaidschan")
    event_id = ws.tagging.create_event(aid, "OFFER").created[0]
    edit = ws.tagging.tag_argument(event_id, "Recipient", *_span(ws, aid, "Aserbaidschan"), "ACTOR")
    (mid,) = edit.created
    ann = ws.tagging.annotations(aid)
    assert ann.event(event_id).fillers("Recipient") == [mid]  # type: ignore[union-attr]
    ws.tagging.undo()
    ann = ws.tagging.annotations(aid)
    assert ann.mentions == [] and ann.event(event_id).arguments == ()  # type: ignore[union-attr]
