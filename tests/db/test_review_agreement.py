"""Agreement figures: by hand on a small case tagged through the real API, and kappa and
alpha against scikit-learn and the krippendorff package (test-only dependencies)."""

from __future__ import annotations

import csv
import io
import math
import random

import krippendorff
import numpy as np
import pytest
from layer_helpers import entity_id, tag
from sklearn.metrics import cohen_kappa_score
from test_review_align import english_article, tag_both

from db.review.agreement import (
    ABSENT,
    ARGUMENT_F1,
    EDGE_F1,
    ENTITY_LINK_AGREEMENT,
    EVENT_F1,
    MENTION_ALPHA,
    MENTION_ALPHA_MATCHED,
    MENTION_F1_EXACT,
    MENTION_F1_OVERLAP,
    TYPE_KAPPA,
    agreement,
    cohen_kappa,
    edge_tuples,
    figures_csv,
    krippendorff_alpha_nominal,
    store_tagset,
)
from db.review.align import align_corpus
from db.workspace import Workspace


def small_case(ws: Workspace, bob: Workspace) -> None:
    """Five mentions each: two equal, one linked differently, one typed differently, one
    with other boundaries, one only Anna's, one only Bob's."""
    aid = english_article(ws)
    demir, az, tr = (entity_id(ws, n) for n in ("Ismail Demir", "Azerbaijan", "Türkiye"))
    for w, who in ((ws, "a"), (bob, "b")):
        tag(w, aid, "Ismail Demir", "ACTOR", demir)
        tag(w, aid, "Azerbaijan", "ACTOR", az if who == "a" else tr)
        tag(w, aid, "Indonesia", "ACTOR" if who == "a" else "WEAPON")
        tag(w, aid, "a Turkish combat aircraft" if who == "a" else "combat aircraft", "WEAPON")
    tag(ws, aid, "Pakistan", "ACTOR")
    tag(bob, aid, "Malaysia", "ACTOR")


def test_mention_figures_by_hand(ws: Workspace, bob: Workspace) -> None:
    small_case(ws, bob)
    r = agreement(ws.store, "anna", "bob")
    assert r.articles == 1
    # 5 mentions each; exact span and type: Demir, Azerbaijan; overlap adds the aircraft.
    assert r.value(MENTION_F1_EXACT) == pytest.approx(2 * 2 / 10)
    assert r.value(MENTION_F1_OVERLAP) == pytest.approx(2 * 3 / 10)
    # ACTOR: Anna 4, Bob 3, two agree; WEAPON: Anna 1, Bob 2, one overlaps.
    assert r.value(MENTION_F1_EXACT, "ACTOR") == pytest.approx(4 / 7)
    assert r.value(MENTION_F1_EXACT, "WEAPON") == 0.0
    assert r.value(MENTION_F1_OVERLAP, "WEAPON") == pytest.approx(2 / 3)
    # Types of the 4 paired mentions: AA, AA, AW, WW -> po 3/4, pe (3*2 + 1*2)/16 = 1/2.
    assert r.value(TYPE_KAPPA) == pytest.approx(0.5)
    # Six units (four pairs and two lone mentions, absence coded as a value):
    # n_ACTOR 7, n_WEAPON 3, n_ABSENT 2; disagreeing pairs 6 -> 1 - 6 * 11 / 82.
    assert r.value(MENTION_ALPHA) == pytest.approx(8 / 41)
    fig = r.figure(MENTION_ALPHA)
    assert fig is not None and (fig.matched, fig.a_count, fig.b_count) == (6, 5, 5)
    # Matched-only alpha: the four pairs; n_A 5, n_W 3; one disagreeing pair (2 ordered).
    assert r.value(MENTION_ALPHA_MATCHED) == pytest.approx(1 - 2 * 7 / (64 - 25 - 9))
    # Linked on either side: Demir (same) and Azerbaijan (different).
    assert r.value(ENTITY_LINK_AGREEMENT) == pytest.approx(0.5)
    assert r.value(EVENT_F1) is None and r.value(EDGE_F1) is None

    only_actor = agreement(ws.store, "anna", "bob", types=["ACTOR"])
    assert only_actor.types == ("ACTOR",)
    assert only_actor.value(MENTION_F1_EXACT) == pytest.approx(4 / 7)
    assert only_actor.figure(MENTION_F1_EXACT, "WEAPON") is None


def test_event_argument_and_edge_figures(ws: Workspace, bob: Workspace) -> None:
    case = tag_both(ws, bob)
    r = agreement(ws.store, "anna", "bob")
    # Three events each; only the offer pairs (the sanction/embargo differ in type).
    assert r.value(EVENT_F1) == pytest.approx(2 / 6)
    assert r.value(EVENT_F1, "OFFER") == 1.0
    assert r.value(EVENT_F1, "SANCTION") == 0.0
    # The offer's three arguments each: Offerer and Weapon agree, Recipient does not.
    assert r.value(ARGUMENT_F1) == pytest.approx(4 / 6)
    pdi, az, tr = (
        entity_id(ws, n) for n in ("Presidency of Defence Industries", "Azerbaijan", "Türkiye")
    )
    ts = store_tagset(ws.store)
    (art,) = align_corpus(ws.store, "anna", "bob").articles
    assert edge_tuples(art.a, ts) == {(pdi, az, "supply", None, "offered", "2023")}
    assert edge_tuples(art.b, ts) == {(pdi, tr, "supply", None, "proposed", "2023")}
    assert r.value(EDGE_F1) == 0.0
    # Bob corrects the recipient's entity and the status: the edges agree.
    bob.tagging.link_mention(case.ids["b_az"], az)
    bob.tagging.set_event_attributes(case.ids["b_offer"], {"status": "offered"})
    fixed = agreement(ws.store, "anna", "bob")
    assert fixed.value(EDGE_F1) == 1.0
    assert fixed.value(ARGUMENT_F1) == 1.0
    only_offers = agreement(ws.store, "anna", "bob", types=["OFFER"])
    assert only_offers.value(EVENT_F1) == 1.0 and only_offers.value(MENTION_F1_EXACT) is None


def test_figures_csv_reads_back(ws: Workspace, bob: Workspace) -> None:
    small_case(ws, bob)
    r = agreement(ws.store, "anna", "bob")
    rows = list(csv.DictReader(io.StringIO(figures_csv(r))))
    assert len(rows) == len(r.figures)
    kappa = next(x for x in rows if x["measure"] == TYPE_KAPPA)
    assert float(kappa["value"]) == pytest.approx(0.5)
    assert kappa["annotator_a"] == "anna" and kappa["matched"] == "4"
    assert next(x for x in rows if x["measure"] == EVENT_F1)["value"] == ""


# ------------------------------------------------------------- against the references


def _alpha_reference(units: list[tuple[str | None, ...]]) -> float:
    """krippendorff.alpha on the same data: coders as rows, nan for missing."""
    labels = sorted({v for u in units for v in u if v is not None})
    code = {v: float(i) for i, v in enumerate(labels)}
    data = np.array(
        [[code[u[c]] if u[c] is not None else np.nan for u in units] for c in range(len(units[0]))]
    )
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def test_small_case_matches_the_reference_implementations(ws: Workspace, bob: Workspace) -> None:
    small_case(ws, bob)
    r = agreement(ws.store, "anna", "bob")
    (art,) = align_corpus(ws.store, "anna", "bob").articles
    pairs = [(p.a.type, p.b.type) for p in art.mentions if p.a and p.b]
    ref_kappa = cohen_kappa_score([a for a, _ in pairs], [b for _, b in pairs])
    assert r.value(TYPE_KAPPA) == pytest.approx(ref_kappa, abs=1e-9)
    units = [(p.a.type if p.a else ABSENT, p.b.type if p.b else ABSENT) for p in art.mentions]
    assert r.value(MENTION_ALPHA) == pytest.approx(_alpha_reference(list(units)), abs=1e-9)
    matched = [(p.a.type if p.a else None, p.b.type if p.b else None) for p in art.mentions]
    assert r.value(MENTION_ALPHA_MATCHED) == pytest.approx(_alpha_reference(matched), abs=1e-9)


@pytest.mark.parametrize("seed", range(20))
def test_kappa_matches_sklearn_on_random_data(seed: int) -> None:
    rng = random.Random(seed)
    labels = ["ACTOR", "WEAPON", "LOCATION", "TIME", "TRIGGER"][: rng.randint(2, 5)]
    n = rng.randint(5, 300)
    a = [rng.choice(labels) for _ in range(n)]
    # Correlated second rater, so that kappa spans a useful range.
    b = [x if rng.random() < rng.random() else rng.choice(labels) for x in a]
    ours = cohen_kappa(a, b)
    ref = cohen_kappa_score(a, b)
    if math.isnan(ref):
        assert ours is None
    else:
        assert ours == pytest.approx(ref, abs=1e-9)


@pytest.mark.parametrize("seed", range(20))
def test_alpha_matches_krippendorff_on_random_data(seed: int) -> None:
    rng = random.Random(1000 + seed)
    coders = rng.randint(2, 4)
    labels = ["ACTOR", "WEAPON", "LOCATION", ABSENT][: rng.randint(2, 4)]
    units: list[tuple[str | None, ...]] = []
    for _ in range(rng.randint(5, 200)):
        truth = rng.choice(labels)
        units.append(
            tuple(
                None
                if rng.random() < 0.15
                else (truth if rng.random() < 0.7 else rng.choice(labels))
                for _ in range(coders)
            )
        )
    pairable = sum(1 for u in units if sum(v is not None for v in u) >= 2)
    distinct = {v for u in units if sum(x is not None for x in u) >= 2 for v in u if v}
    ours = krippendorff_alpha_nominal(units)
    if pairable == 0 or len(distinct) < 2:
        assert ours is None
        return
    assert ours == pytest.approx(_alpha_reference(units), abs=1e-9)


def test_degenerate_inputs_are_undefined_not_errors() -> None:
    assert cohen_kappa([], []) is None
    assert cohen_kappa(["A", "A"], ["A", "A"]) is None
    assert krippendorff_alpha_nominal([("A", None), (None, "B")]) is None
    assert krippendorff_alpha_nominal([("A", "A"), ("A", "A")]) is None
    assert krippendorff_alpha_nominal([("A", "B"), ("B", "A")]) == pytest.approx(
        _alpha_reference([("A", "B"), ("B", "A")]), abs=1e-9
    )
    with pytest.raises(ValueError):
        cohen_kappa(["A"], [])
