"""Comment threads: keyed by the annotation's uuid, so both analysts see them."""

from __future__ import annotations

import pytest
from layer_helpers import tag, text_of

from db.review.align import Difference, ReviewError, Side
from db.review.comments import (
    add_comment,
    article_comments,
    difference_target,
    resolve,
    thread,
)
from db.workspace import Workspace


def english(ws: Workspace) -> int:
    return next(r.id for r in ws.articles() if "Azernews" in text_of(ws, r.id))


def test_a_thread_on_a_mention_is_seen_from_the_other_workspace(
    ws: Workspace, bob: Workspace
) -> None:
    aid = english(ws)
    mid = tag(ws, aid, "Pakistan", "ACTOR")
    (mention,) = ws.tagging.annotations(aid).mentions
    assert mention.id == mid
    ws.rename_me("Anna Berg")
    first = add_comment(
        ws.store, ws.annotator_id, aid, "  Is Pakistan a buyer here? ", mention.uuid
    )
    assert first.body == "Is Pakistan a buyer here?" and first.author == "Anna Berg"
    reply = add_comment(bob.store, bob.annotator_id, aid, "Only invited.", parent_id=first.id)
    assert reply.target_uuid == mention.uuid and reply.parent_id == first.id
    general = add_comment(bob.store, bob.annotator_id, aid, "Check the date line.")

    # Bob's workspace (a separate engine) reads Anna's thread.
    seen = thread(bob.store, mention.uuid)
    assert [(c.author, c.body) for c in seen] == [
        ("Anna Berg", "Is Pakistan a buyer here?"),
        ("bob", "Only invited."),
    ]
    assert seen[0].created_at <= seen[1].created_at
    assert [c.id for c in article_comments(ws.store, aid)] == [first.id, reply.id, general.id]
    assert general.target_uuid is None

    changes = resolve(bob.store, first.id)
    assert changes.comments
    assert [c.resolved for c in thread(ws.store, mention.uuid)] == [True, False]
    resolve(ws.store, first.id, resolved=False)
    assert not thread(bob.store, mention.uuid)[0].resolved


def test_comments_on_a_difference_and_refusals(ws: Workspace) -> None:
    aid = english(ws)
    a = Side(1, "uuid-a", 0, 3, "ACTOR")
    b = Side(2, "uuid-b", 0, 3, "WEAPON")
    assert difference_target(Difference("different_type", "mention", aid, a, b)) == "uuid-a"
    assert difference_target(Difference("only_b", "mention", aid, None, b)) == "uuid-b"
    with pytest.raises(ReviewError):
        add_comment(ws.store, ws.annotator_id, aid, "   ")
    with pytest.raises(ReviewError):
        add_comment(ws.store, ws.annotator_id, 10_000, "No such article")
    other = next(r.id for r in ws.articles() if r.id != aid)
    parent = add_comment(ws.store, ws.annotator_id, other, "Elsewhere")
    with pytest.raises(ReviewError):
        add_comment(ws.store, ws.annotator_id, aid, "Wrong thread", parent_id=parent.id)
    with pytest.raises(ReviewError):
        resolve(ws.store, 10_000)
    assert [c.body for c in article_comments(ws.store, aid)] == []
