"""Editing the curated layer by hand: Carol, reviewing Anna's and Bob's layers, fixes a
span herself. The rows belong to the curated layer; the undo entries are Carol's, in one
stack with her decisions; Anna's and Bob's stacks are untouched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from layer_helpers import span_of, tag, text_of
from sqlalchemy import select

from db.models import Mention, ReviewDecision, UndoEntry
from db.review.session import EDITED, ReviewItem, ReviewSession
from db.undo import UndoConflict
from db.workspace import Workspace


@pytest.fixture
def carol(ws: Workspace, seeded_path: Path) -> Iterator[Workspace]:
    """The reviewer, on the same store as Anna (``ws``) and Bob."""
    w = Workspace.open(seeded_path, "carol")
    yield w
    w.close()


def english_article(ws: Workspace) -> int:
    return next(r.id for r in ws.articles() if "Azernews" in text_of(ws, r.id))


@pytest.fixture
def rs(ws: Workspace, bob: Workspace, carol: Workspace) -> ReviewSession:
    """Anna and Bob disagree on the aircraft's boundary and on Indonesia's type."""
    aid = english_article(ws)
    tag(ws, aid, "a Turkish combat aircraft", "WEAPON")
    tag(bob, aid, "combat aircraft", "WEAPON")
    tag(ws, aid, "Indonesia", "ACTOR")
    tag(bob, aid, "Indonesia", "WEAPON")
    return carol.review(aid, [ws.annotator_id, bob.annotator_id])


def item(rs: ReviewSession, kind: str, text: str) -> ReviewItem:
    return next(
        it
        for it in rs.differences()
        if it.difference.kind == kind and text in ((it.difference.a or it.difference.b).text)  # type: ignore[union-attr]
    )


def curated(carol: Workspace, aid: int) -> set[tuple[str, str]]:
    ann = carol.tagging.annotations(aid, carol.curated_id())
    return {(m.text, m.type) for m in ann.mentions}


def decision(carol: Workspace, decision_id: int) -> ReviewDecision | None:
    with carol.store.read() as s:
        return s.get(ReviewDecision, decision_id)


def test_a_curated_edit_is_the_curated_layers_row_and_the_reviewers_undo(
    ws: Workspace, bob: Workspace, carol: Workspace, rs: ReviewSession
) -> None:
    aid = rs.article_id
    anna_undo, bob_undo = ws.tagging.undo_label(), bob.tagging.undo_label()
    rs.decide(item(rs, "different_type", "Indonesia").key, "accept_a")
    boundary = item(rs, "different_boundary", "combat aircraft")
    dec_id = rs.decide(boundary.key, "edit").created[0]

    ct = carol.curated_tagging(decision_id=dec_id)
    start, end = span_of(carol, aid, "Turkish combat aircraft")
    mid = ct.add_mention(aid, start, end, "WEAPON").created[0]

    with carol.store.read() as s:
        row = s.get(Mention, mid)
        assert row is not None and row.annotator_id == carol.curated_id()
        mention_uuid = row.uuid
        owners = s.scalars(select(UndoEntry.annotator_id).order_by(UndoEntry.id.desc())).all()
    assert owners[:3] == [carol.annotator_id] * 3  # the copy, the edit mark, the hand edit
    dec = decision(carol, dec_id)
    assert dec is not None and dec.curated_uuids == [mention_uuid]
    assert curated(carol, aid) == {("Indonesia", "ACTOR"), ("Turkish combat aircraft", "WEAPON")}
    rs.refresh()
    assert item(rs, "different_boundary", "combat aircraft").status == EDITED

    # One stack: the hand edit, then the "edit" decision, then the accepted copy.
    assert (
        carol.tagging.undo_label() == ct.undo_label() == "Tag “Turkish combat aircraft” as WEAPON"
    )
    assert carol.tagging.undo() is not None
    assert curated(carol, aid) == {("Indonesia", "ACTOR")}
    dec = decision(carol, dec_id)
    assert dec is not None and dec.curated_uuids == []
    assert ct.undo() is not None  # the curated Tagging undoes Carol's stack too
    assert decision(carol, dec_id) is None
    assert carol.tagging.undo() is not None
    assert curated(carol, aid) == set()

    # Redo in order: the copy, the decision, the hand edit with its old row and uuid.
    for _ in range(3):
        assert carol.tagging.redo() is not None
    assert carol.tagging.redo() is None
    assert curated(carol, aid) == {("Indonesia", "ACTOR"), ("Turkish combat aircraft", "WEAPON")}
    dec = decision(carol, dec_id)
    assert dec is not None and dec.curated_uuids == [mention_uuid]

    # Anna's and Bob's stacks never moved; their undo reverts their own edits only.
    assert (ws.tagging.undo_label(), bob.tagging.undo_label()) == (anna_undo, bob_undo)
    assert bob.tagging.undo() is not None
    assert curated(carol, aid) == {("Indonesia", "ACTOR"), ("Turkish combat aircraft", "WEAPON")}
    assert carol.tagging.undo_label() == "Tag “Turkish combat aircraft” as WEAPON"


def test_re_deciding_an_edited_difference_replaces_the_hand_made_rows(
    carol: Workspace, rs: ReviewSession
) -> None:
    aid = rs.article_id
    boundary = item(rs, "different_boundary", "combat aircraft")
    dec_id = rs.decide(boundary.key, "edit").created[0]
    ct = carol.curated_tagging(decision_id=dec_id)
    ct.add_mention(aid, *span_of(carol, aid, "Turkish combat aircraft"), "WEAPON")
    rs.decide(boundary.key, "accept_b")
    assert curated(carol, aid) == {("combat aircraft", "WEAPON")}
    carol.tagging.undo()  # the re-decision: the hand-made mention is back
    assert curated(carol, aid) == {("Turkish combat aircraft", "WEAPON")}


def test_curated_edits_without_a_decision_and_after_it_was_undone(
    carol: Workspace, rs: ReviewSession
) -> None:
    aid = rs.article_id
    dec_id = rs.decide(item(rs, "different_boundary", "combat aircraft").key, "edit").created[0]
    carol.tagging.undo()  # the decision is gone: later hand edits are not linked
    ct = carol.curated_tagging(decision_id=dec_id)
    mid = ct.add_mention(aid, *span_of(carol, aid, "Indonesia"), "ACTOR").created[0]
    ct.retype_mention(mid, "LOCATION")
    plain = carol.curated_tagging()
    plain.delete_mentions([mid])
    assert curated(carol, aid) == set()
    assert carol.tagging.undo_label() == ct.undo_label() == plain.undo_label()
    carol.tagging.undo()
    assert curated(carol, aid) == {("Indonesia", "LOCATION")}
    carol.tagging.undo()
    assert curated(carol, aid) == {("Indonesia", "ACTOR")}
    # Status and entities are the person's, not the layer's.
    ct.set_status(aid, "reviewed")
    eid = ct.create_entity("ACTOR", "Republic of Indonesia", link_mention_id=mid).created[0]
    assert carol.tagging.entity(eid) is not None
    with carol.store.read() as s:
        from db.models import ArticleStatus, Entity

        who = s.scalars(select(ArticleStatus.annotator_id).where(ArticleStatus.article_id == aid))
        assert carol.annotator_id in set(who)
        ent = s.get(Entity, eid)
        assert ent is not None and ent.created_by_id == carol.annotator_id
        m = s.get(Mention, mid)
        assert m is not None and m.entity_id == eid


def test_undo_refuses_when_another_reviewer_changed_the_curated_row(
    seeded_path: Path, carol: Workspace, rs: ReviewSession
) -> None:
    aid = rs.article_id
    mid = carol.curated_tagging().add_mention(aid, *span_of(carol, aid, "Indonesia"), "ACTOR")
    dave = Workspace.open(seeded_path, "dave")
    try:
        dave.curated_tagging().retype_mention(mid.created[0], "LOCATION")
        with pytest.raises(UndoConflict):
            carol.tagging.undo()
        assert curated(carol, aid) == {("Indonesia", "LOCATION")}
        dave.tagging.undo()  # Dave's own stack holds his curated edit
        assert curated(carol, aid) == {("Indonesia", "ACTOR")}
        assert carol.tagging.undo() is not None
        assert curated(carol, aid) == set()
    finally:
        dave.close()
