"""Adjudication: Carol reviews Anna's and Bob's layers of the English seed article and
decides their differences into the curated layer; every decision is one undoable edit."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from layer_helpers import entity_id, span_of, tag, text_of
from sqlalchemy import func, select

from db.annotations import ArticleAnnotations, MentionRow
from db.models import Annotator, ReviewDecision
from db.review.align import ReviewError
from db.review.session import (
    ACCEPTED,
    ACCEPTED_A,
    ACCEPTED_B,
    PENDING,
    REJECTED,
    ReviewItem,
    ReviewSession,
)
from db.workspace import Workspace


@pytest.fixture
def carol(ws: Workspace, seeded_path: Path) -> Iterator[Workspace]:
    """The reviewer, on the same store as Anna and Bob."""
    w = Workspace.open(seeded_path, "carol")
    yield w
    w.close()


@dataclass
class Case:
    aid: int
    ids: dict[str, int]


def tag_both(ws: Workspace, bob: Workspace) -> Case:
    """Anna and Bob tag the English seed article differently."""
    aid = next(r.id for r in ws.articles() if "Azernews" in text_of(ws, r.id))
    pdi = entity_id(ws, "Presidency of Defence Industries")
    az, tr = entity_id(ws, "Azerbaijan"), entity_id(ws, "Türkiye")
    demir = entity_id(ws, "Ismail Demir")
    ids: dict[str, int] = {"az": az, "tr": tr, "demir": demir, "pdi": pdi}
    for who, w in (("a", ws), ("b", bob)):
        ids[f"{who}_demir"] = tag(w, aid, "Ismail Demir", "ACTOR", demir)
        ids[f"{who}_pdi"] = tag(w, aid, "Presidency of Defence Industries", "ACTOR", pdi)
        ids[f"{who}_az"] = tag(w, aid, "Azerbaijan", "ACTOR", az if who == "a" else tr)
        ids[f"{who}_indonesia"] = tag(w, aid, "Indonesia", "ACTOR" if who == "a" else "WEAPON")
        words = "a Turkish combat aircraft" if who == "a" else "combat aircraft"
        ids[f"{who}_aircraft"] = tag(w, aid, words, "WEAPON")
        ev = w.tagging.create_event_at(
            aid,
            "OFFER",
            *span_of(w, aid, "invited"),
            arguments=[
                ("Offerer", ids[f"{who}_pdi"]),
                ("Recipient", ids[f"{who}_az"]),
                ("Weapon", ids[f"{who}_aircraft"]),
            ],
        ).created[0]
        w.tagging.set_event_attributes(
            ev, {"status": "offered" if who == "a" else "proposed", "date": "2023-01"}
        )
        ids[f"{who}_offer"] = ev
    ids["a_pakistan"] = tag(ws, aid, "Pakistan", "ACTOR")
    ids["b_malaysia"] = tag(bob, aid, "Malaysia", "ACTOR")
    # Anna alone: a cooperation between Demir and a new mention of the PDI's head office.
    ids["a_coop"] = ws.tagging.create_event_at(
        aid,
        "COOPERATION",
        *span_of(ws, aid, "collaboration"),
        arguments=[("Party", ids["a_demir"]), ("Party", ids["a_az"])],
    ).created[0]
    return Case(aid, ids)


def review(carol: Workspace, ws: Workspace, bob: Workspace, case: Case) -> ReviewSession:
    return carol.review(case.aid, [ws.annotator_id, bob.annotator_id])


def find(rs: ReviewSession, kind: str, unit: str, text: str | None = None) -> ReviewItem:
    found = [
        it
        for it in rs.differences()
        if it.difference.kind == kind
        and it.difference.unit == unit
        and (
            text is None
            or any(s is not None and s.text == text for s in (it.difference.a, it.difference.b))
        )
    ]
    assert len(found) == 1, (kind, unit, text, found)
    return found[0]


def curated_mentions(rs: ReviewSession) -> dict[tuple[int, int], MentionRow]:
    return {(m.start, m.end): m for m in rs.curated.mentions}


def decision_rows(carol: Workspace) -> list[ReviewDecision]:
    with carol.store.read() as s:
        return list(s.scalars(select(ReviewDecision).order_by(ReviewDecision.id)))


def test_the_curated_layer_is_one_annotator_made_once(carol: Workspace) -> None:
    first = carol.curated_id()
    assert carol.curated_id() == first
    with carol.store.read() as s:
        row = s.get(Annotator, first)
        assert row is not None
        assert (row.name, row.display_name, row.role) == ("curated", "Curated", "curated")
        assert s.scalar(select(func.count()).where(Annotator.role == "curated")) == 1


def test_mention_decisions_copy_the_chosen_side_and_undo(
    ws: Workspace, bob: Workspace, carol: Workspace
) -> None:
    case = tag_both(ws, bob)
    rs = review(carol, ws, bob, case)
    ent = find(rs, "different_entity", "mention")
    edit = rs.decide(ent.key, "accept_b")
    assert edit.changes.mentions and edit.changes.reviews
    boundary = find(rs, "different_boundary", "mention")
    rs.decide(boundary.key, "accept_a")
    indo = find(rs, "different_type", "mention", "Indonesia")
    rs.decide(indo.key, "accept_b")
    malaysia = find(rs, "only_b", "mention", "Malaysia")
    rs.decide(malaysia.key, "reject", note="not in the offer")

    cur = curated_mentions(rs)
    az = cur[span_of(ws, case.aid, "Azerbaijan")]
    assert (az.type, az.entity_id) == ("ACTOR", case.ids["tr"])  # Bob's link
    assert cur[span_of(ws, case.aid, "a Turkish combat aircraft")].type == "WEAPON"
    assert span_of(ws, case.aid, "combat aircraft") not in cur
    assert cur[span_of(ws, case.aid, "Indonesia")].type == "WEAPON"
    assert span_of(ws, case.aid, "Malaysia") not in cur
    assert len(cur) == 3

    rows = decision_rows(carol)
    assert [(r.unit, r.kind, r.decision) for r in rows] == [
        ("mention", "different_entity", "accept_b"),
        ("mention", "different_boundary", "accept_a"),
        ("mention", "different_type", "accept_b"),
        ("mention", "only_b", "reject"),
    ]
    assert ent.difference.b is not None and ent.difference.a is not None
    assert rows[0].source_uuids == [ent.difference.b.uuid, ent.difference.a.uuid]
    assert rows[0].curated_uuids == [az.uuid]
    assert rows[0].reviewer_id == carol.annotator_id
    assert rows[3].curated_uuids == [] and rows[3].note == "not in the offer"
    status = {it.key: it.status for it in rs.differences()}
    assert status[ent.key] == ACCEPTED_B and status[boundary.key] == ACCEPTED_A
    assert status[malaysia.key] == REJECTED
    assert status[find(rs, "only_a", "mention", "Pakistan").key] == PENDING

    # Carol's Edit > Undo undoes her decisions, one at a time, rows and decision alike.
    undone = rs.undo()
    assert undone is not None and undone.changes.reviews
    assert len(decision_rows(carol)) == 3
    rs.undo()
    assert span_of(ws, case.aid, "Indonesia") not in curated_mentions(rs)
    assert len(decision_rows(carol)) == 2
    assert {it.key: it.status for it in rs.differences()}[indo.key] == PENDING
    rs.redo()
    assert curated_mentions(rs)[span_of(ws, case.aid, "Indonesia")].type == "WEAPON"
    assert [r.decision for r in decision_rows(carol)][-1] == "accept_b"
    # The analysts' layers are untouched.
    assert len(ws.tagging.annotations(case.aid).mentions) == 8
    assert len(bob.tagging.annotations(case.aid).mentions) == 7


def test_accepting_an_event_copies_trigger_and_arguments_reusing_mentions(
    ws: Workspace, bob: Workspace, carol: Workspace
) -> None:
    case = tag_both(ws, bob)
    rs = review(carol, ws, bob, case)
    demir = find(rs, "agreed", "mention", "Ismail Demir")
    rs.decide(demir.key, "accept_agreed")
    coop = find(rs, "only_a", "event")
    edit = rs.decide(coop.key, "accept_a")
    assert edit.changes.events and edit.changes.mentions
    cur = rs.curated
    (event,) = cur.events
    assert event.type == "COOPERATION"
    assert event.trigger_mention_id is not None
    trigger = cur.mention(event.trigger_mention_id)
    assert trigger is not None and trigger.text == "collaboration"
    fillers = {}
    for arg in event.arguments:
        m = cur.mention(arg.mention_id)
        assert m is not None and arg.role == "Party"
        fillers[m.text] = m.entity_id
    assert fillers == {"Ismail Demir": case.ids["demir"], "Azerbaijan": case.ids["az"]}
    # Demir's curated mention was reused, not duplicated.
    spans = [(m.start, m.end) for m in cur.mentions]
    assert spans.count(span_of(ws, case.aid, "Ismail Demir")) == 1
    assert len(cur.mentions) == 3
    (_, dec) = decision_rows(carol)
    assert dec.unit == "event" and dec.decision == "accept_a"
    assert event.uuid in dec.curated_uuids and trigger.uuid in dec.curated_uuids
    assert coop.difference.a is not None and dec.source_uuids == [coop.difference.a.uuid]
    # Undo takes the event, its arguments and the mentions it made, but not Demir.
    rs.undo()
    cur = rs.curated
    assert cur.events == []
    assert [m.text for m in cur.mentions] == ["Ismail Demir"]
    assert len(decision_rows(carol)) == 1


def test_attributes_arguments_and_bulk_agreed_build_one_curated_event(
    ws: Workspace, bob: Workspace, carol: Workspace
) -> None:
    case = tag_both(ws, bob)
    rs = review(carol, ws, bob, case)
    status = next(
        it
        for it in rs.differences()
        if it.difference.kind == "different_attribute" and it.difference.detail == "status"
    )
    rs.decide(status.key, "accept_b")
    (offer,) = rs.curated.events
    assert (offer.type, offer.status, offer.date_start) == ("OFFER", "proposed", "2023-01")
    assert offer.arguments == ()  # arguments are units of their own

    bulk = rs.accept_agreed()
    assert bulk.label.startswith("Accept ") and bulk.changes.reviews
    recipient = find(rs, "different_argument", "argument")
    assert recipient.difference.detail == "Recipient"
    assert len(recipient.event_uuids) == 2
    rs.decide(recipient.key, "accept_a")

    cur = rs.curated
    (offer,) = cur.events
    roles: dict[str, tuple[str, int | None]] = {}
    for arg in offer.arguments:
        m = cur.mention(arg.mention_id)
        assert m is not None
        roles[arg.role] = (m.text, m.entity_id)
    assert roles == {
        "Offerer": ("Presidency of Defence Industries", case.ids["pdi"]),
        "Weapon": ("a Turkish combat aircraft", None),
        "Recipient": ("Azerbaijan", case.ids["az"]),
    }
    texts = sorted(m.text for m in cur.mentions)
    assert texts == sorted(
        ["Ismail Demir", "Presidency of Defence Industries", "a Turkish combat aircraft"]
        + ["Azerbaijan", "invited"]
    )
    items = {it.key: it for it in rs.differences()}
    agreed = [it for it in items.values() if it.difference.kind == "agreed"]
    assert agreed and all(it.status == ACCEPTED for it in agreed)
    assert items[recipient.key].status == ACCEPTED_A
    assert items[status.key].status == ACCEPTED_B
    # The bulk accept was one edit: undoing the Recipient, then the bulk, leaves the
    # status decision and its bare event.
    n_agreed = len(agreed)
    assert len(decision_rows(carol)) == 2 + n_agreed
    rs.undo()
    rs.undo()
    assert [r.unit for r in decision_rows(carol)] == ["attribute"]
    (offer,) = rs.curated.events
    assert offer.arguments == () and offer.status == "proposed"


def test_redeciding_replaces_the_earlier_decision(
    ws: Workspace, bob: Workspace, carol: Workspace
) -> None:
    case = tag_both(ws, bob)
    rs = review(carol, ws, bob, case)
    indo = find(rs, "different_type", "mention", "Indonesia")
    rs.decide(indo.key, "accept_a")
    span = span_of(ws, case.aid, "Indonesia")
    assert curated_mentions(rs)[span].type == "ACTOR"
    rs.decide(indo.key, "accept_b")
    assert [(m.start, m.end, m.type) for m in rs.curated.mentions] == [(*span, "WEAPON")]
    rows = decision_rows(carol)
    assert [r.decision for r in rows] == ["accept_b"]
    assert {it.key: it.status for it in rs.differences()}[indo.key] == ACCEPTED_B
    rs.undo()  # back to the first decision
    assert [(m.start, m.end, m.type) for m in rs.curated.mentions] == [(*span, "ACTOR")]
    assert [r.decision for r in decision_rows(carol)] == ["accept_a"]


def test_a_decision_that_does_not_fit_is_refused(
    ws: Workspace, bob: Workspace, carol: Workspace
) -> None:
    case = tag_both(ws, bob)
    rs = review(carol, ws, bob, case)
    pakistan = find(rs, "only_a", "mention", "Pakistan")
    assert pakistan.allowed == ("accept_a", "reject", "edit")
    with pytest.raises(ReviewError, match="does not fit"):
        rs.decide(pakistan.key, "accept_b")
    with pytest.raises(ReviewError, match="no longer there"):
        rs.decide("mention::nothing", "reject")
    assert decision_rows(carol) == []
    assert rs.curated.mentions == []


def test_layers_and_session_status(ws: Workspace, bob: Workspace, carol: Workspace) -> None:
    case = tag_both(ws, bob)
    rs = review(carol, ws, bob, case)
    assert set(rs.layers) == {ws.annotator_id, bob.annotator_id}
    assert isinstance(rs.layers[ws.annotator_id], ArticleAnnotations)
    assert len(rs.layers[bob.annotator_id].mentions) == 7
    al = rs.alignment(bob.annotator_id, ws.annotator_id)
    assert al.a.annotator_id == bob.annotator_id
    # Keys do not depend on which annotator is A.
    assert {it.key for it in rs.differences()} == {
        it.key for it in rs.differences(bob.annotator_id, ws.annotator_id)
    }
    rs.set_status("reviewed")
    row = next(r for r in carol.articles() if r.id == case.aid)
    assert row.status == "reviewed"
