"""Aligning Anna's and Bob's layers of the same seed article, tagged through the real
Tagging API: every difference kind is produced and classified."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from layer_helpers import entity_id, span_of, tag, text_of

from db.review.align import (
    AGREED,
    DIFFERENT_ARGUMENT,
    DIFFERENT_ATTRIBUTE,
    DIFFERENT_BOUNDARY,
    DIFFERENT_ENTITY,
    DIFFERENT_TYPE,
    ONLY_A,
    ONLY_B,
    Difference,
    ReviewError,
    align_corpus,
    align_many,
)
from db.workspace import Workspace


def english_article(ws: Workspace) -> int:
    found = [r.id for r in ws.articles() if "Azernews" in text_of(ws, r.id)]
    assert len(found) == 1
    return found[0]


@dataclass
class Case:
    aid: int
    ids: dict[str, int]


def tag_both(ws: Workspace, bob: Workspace) -> Case:
    """Anna and Bob tag the English seed article, differing in every way a review shows."""
    aid = english_article(ws)
    pdi = entity_id(ws, "Presidency of Defence Industries")
    az, tr = entity_id(ws, "Azerbaijan"), entity_id(ws, "Türkiye")
    demir = entity_id(ws, "Ismail Demir")
    ids: dict[str, int] = {}
    for who, w in (("a", ws), ("b", bob)):
        ids[f"{who}_demir"] = tag(w, aid, "Ismail Demir", "ACTOR", demir)
        ids[f"{who}_pdi"] = tag(w, aid, "Presidency of Defence Industries", "ACTOR", pdi)
        ids[f"{who}_az"] = tag(w, aid, "Azerbaijan", "ACTOR", az if who == "a" else tr)
        ids[f"{who}_indonesia"] = tag(w, aid, "Indonesia", "ACTOR" if who == "a" else "WEAPON")
        words = "a Turkish combat aircraft" if who == "a" else "combat aircraft"
        ids[f"{who}_aircraft"] = tag(w, aid, words, "WEAPON")
    ids["a_pakistan"] = tag(ws, aid, "Pakistan", "ACTOR")
    ids["b_malaysia"] = tag(bob, aid, "Malaysia", "ACTOR")
    for who, w, status in (("a", ws, "offered"), ("b", bob, "proposed")):
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
        w.tagging.set_event_attributes(ev, {"status": status, "date": "2023-01"})
        ids[f"{who}_offer"] = ev
        other = "SANCTION" if who == "a" else "EMBARGO"
        ids[f"{who}_sanction"] = w.tagging.create_event_at(
            aid, other, *span_of(w, aid, "sanctioned")
        ).created[0]
    ids["a_coop"], ids["a_coop_trigger"] = ws.tagging.create_event_at(
        aid, "COOPERATION", *span_of(ws, aid, "collaboration")
    ).created
    ids["b_transfer"], ids["b_transfer_trigger"] = bob.tagging.create_event_at(
        aid, "TRANSFER", *span_of(bob, aid, "bought")
    ).created
    return Case(aid, ids)


def _find(diffs: tuple[Difference, ...], kind: str, unit: str) -> list[Difference]:
    return [d for d in diffs if d.kind == kind and d.unit == unit]


def test_every_difference_kind_is_classified(ws: Workspace, bob: Workspace) -> None:
    case = tag_both(ws, bob)
    ids = case.ids
    corpus = align_corpus(ws.store, "anna", "bob")
    (art,) = corpus.articles
    assert art.article_id == case.aid
    diffs = art.differences

    def pair(kind: str, unit: str) -> set[tuple[int | None, int | None]]:
        return {
            (d.a.id if d.a else None, d.b.id if d.b else None) for d in _find(diffs, kind, unit)
        }

    # Mentions.
    agreed = pair(AGREED, "mention")
    assert (ids["a_demir"], ids["b_demir"]) in agreed
    assert (ids["a_pdi"], ids["b_pdi"]) in agreed
    assert pair(DIFFERENT_ENTITY, "mention") == {(ids["a_az"], ids["b_az"])}
    assert pair(DIFFERENT_TYPE, "mention") == {(ids["a_indonesia"], ids["b_indonesia"])}
    assert pair(DIFFERENT_BOUNDARY, "mention") == {(ids["a_aircraft"], ids["b_aircraft"])}
    # (an event's trigger is a mention too)
    assert pair(ONLY_A, "mention") == {(ids["a_pakistan"], None), (ids["a_coop_trigger"], None)}
    assert pair(ONLY_B, "mention") == {
        (None, ids["b_malaysia"]),
        (None, ids["b_transfer_trigger"]),
    }
    (boundary,) = _find(diffs, DIFFERENT_BOUNDARY, "mention")
    assert boundary.a is not None and boundary.b is not None
    assert boundary.a.text == "a Turkish combat aircraft" and boundary.b.text == "combat aircraft"
    assert (boundary.a.start, boundary.a.end) == span_of(ws, case.aid, "a Turkish combat aircraft")
    (indo,) = _find(diffs, DIFFERENT_TYPE, "mention")
    assert indo.a is not None and indo.b is not None
    assert (indo.a.label, indo.b.label) == ("ACTOR", "WEAPON")

    # Events: the offer pairs up (attributes and one argument differ), the sanction was
    # tagged as an embargo, the cooperation and the transfer stand alone.
    assert pair(AGREED, "event") == set()  # the offer differs in status
    (status,) = _find(diffs, DIFFERENT_ATTRIBUTE, "event")
    assert status.detail == "status"
    assert status.a is not None and status.b is not None
    assert (status.a.id, status.b.id) == (ids["a_offer"], ids["b_offer"])
    assert (status.a.label, status.b.label) == ("offered", "proposed")
    assert pair(DIFFERENT_TYPE, "event") == {(ids["a_sanction"], ids["b_sanction"])}
    assert pair(ONLY_A, "event") == {(ids["a_coop"], None)}
    assert pair(ONLY_B, "event") == {(None, ids["b_transfer"])}

    # Arguments: Offerer (same entity) and Weapon (aligned mentions) agree.
    roles = {d.detail for d in _find(diffs, AGREED, "argument")}
    assert roles == {"Offerer", "Weapon"}
    (recipient,) = _find(diffs, DIFFERENT_ARGUMENT, "argument")
    assert recipient.detail == "Recipient"
    assert recipient.a is not None and recipient.b is not None
    assert recipient.a.entity_id == entity_id(ws, "Azerbaijan")
    assert recipient.b.entity_id == entity_id(ws, "Türkiye")
    assert art.disagreements == tuple(d for d in diffs if d.kind != AGREED)
    counts = corpus.counts()
    assert counts[ONLY_A] == 3 and counts[ONLY_B] == 3
    starts = [d.start for d in diffs if d.start is not None]
    assert starts == sorted(starts)


def test_fixing_the_layer_makes_the_units_agree(ws: Workspace, bob: Workspace) -> None:
    case = tag_both(ws, bob)
    ids = case.ids
    bob.tagging.link_mention(ids["b_az"], entity_id(ws, "Azerbaijan"))
    bob.tagging.set_event_attributes(ids["b_offer"], {"status": "offered"})
    (art,) = align_corpus(ws.store, "anna", "bob").articles
    kinds = {(d.a.id if d.a else None): d.kind for d in art.differences if d.unit != "argument"}
    assert kinds[ids["a_az"]] == AGREED
    assert kinds[ids["a_offer"]] == AGREED
    assert not _find(art.differences, DIFFERENT_ARGUMENT, "argument")


def test_an_article_tagged_by_one_side_only_is_all_only_a(ws: Workspace, bob: Workspace) -> None:
    aid = english_article(ws)
    other = next(r.id for r in ws.articles() if r.id != aid)
    tag(ws, other, text_of(ws, other).split()[0], "ACTOR")
    tag(bob, aid, "Pakistan", "ACTOR")
    corpus = align_corpus(ws.store, "anna", "bob")
    by_id = {a.article_id: a for a in corpus.articles}
    assert [d.kind for d in by_id[other].differences] == [ONLY_A]
    assert [d.kind for d in by_id[aid].differences] == [ONLY_B]
    only = align_corpus(ws.store, "anna", "bob", article_ids=[aid])
    assert [a.article_id for a in only.articles] == [aid]


def test_three_annotators_align_pairwise(ws: Workspace, bob: Workspace) -> None:
    aid = english_article(ws)
    carl = Workspace.open(ws.store.path, "carl")  # type: ignore[arg-type]
    try:
        for w in (ws, bob, carl):
            tag(w, aid, "Pakistan", "ACTOR" if w is not carl else "WEAPON")
        from db.review.align import annotator_ids, load_layers

        with ws.store.read() as s:
            who = annotator_ids(s, ["anna", "bob", "carl"])
            layers = load_layers(s, who, [aid])
        pairs = align_many([layers[(aid, w)] for w in who])
        assert [d.kind for d in pairs[(who[0], who[1])].differences] == [AGREED]
        assert [d.kind for d in pairs[(who[0], who[2])].differences] == [DIFFERENT_TYPE]
        assert [d.kind for d in pairs[(who[1], who[2])].differences] == [DIFFERENT_TYPE]
    finally:
        carl.close()


def test_unknown_or_same_annotator_is_a_clear_error(ws: Workspace, bob: Workspace) -> None:
    with pytest.raises(ReviewError, match="No annotator called 'zoe'"):
        align_corpus(ws.store, "anna", "zoe")
    with pytest.raises(ReviewError, match="two different annotators"):
        align_corpus(ws.store, "anna", "anna")
