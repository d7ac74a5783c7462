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


# ------------------------------------------- the light corpus path against the reference

MENTION_TYPES = ("ACTOR", "ACTOR", "WEAPON", "LOCATION", "TRIGGER")
# Event types with roles that draw edges (COOPERATION: one undirected role), and one type
# the tagset does not know.
EVENT_ROLES = {
    "TRANSFER": ("Supplier", "Recipient", "Weapon"),
    "OFFER": ("Offerer", "Recipient", "Weapon"),
    "COOPERATION": ("Party", "Party", "Weapon"),
    "EMBARGO": ("Imposer", "Target", "Weapon"),
    "NOT_IN_TAGSET": ("Supplier", "Recipient"),
}


def random_layers(ws: Workspace, bob: Workspace, seed: int) -> None:
    """Anna's and Bob's layers of every seed article but one, written straight to the
    store: Bob's is Anna's perturbed (mentions dropped, retyped, re-bounded, relinked;
    events dropped, retyped, with another status or other arguments), with nested and
    duplicate spans, several events on one trigger, events without triggers (some of a
    type the tagset lacks), repeated arguments, fillers and triggers from the other
    layer; the last article has one relation only."""
    from sqlalchemy import func, insert, select

    from db.models import Annotator, ArticleText, Entity, Event, EventArgument, Mention, Relation

    rng = random.Random(seed)
    with ws.store.write() as s:
        who = {n: i for n, i in s.execute(select(Annotator.name, Annotator.id))}
        entities = list(s.scalars(select(Entity.id).order_by(Entity.id).limit(6)))
        texts = [(i, t) for i, t in s.execute(select(ArticleText.article_id, ArticleText.text))]
        next_m = int(s.scalar(select(func.max(Mention.id))) or 0) + 1
        next_e = int(s.scalar(select(func.max(Event.id))) or 0) + 1
        mentions: list[dict[str, object]] = []
        events: list[dict[str, object]] = []
        arguments: list[dict[str, object]] = []
        for art, text in texts[:-1]:
            n = max(30, len(text) - 40)
            base = []
            for k in range(rng.randint(20, 60)):
                a = rng.randrange(0, n)
                # Most fillers (base mentions 4-13) are linked, so that events make edges.
                linked = rng.random() < (0.9 if 4 <= k < 14 else 0.5)
                ent = rng.choice(entities) if linked else None
                base.append((a, a + rng.randint(1, 25), rng.choice(MENTION_TYPES), ent))
            base_events = []
            for _ in range(rng.randint(0, 10)):
                typ = "TRANSFER" if rng.random() < 0.5 else rng.choice(list(EVENT_ROLES))
                # Few triggers and fillers, so that several events of one type compete
                # for one trigger and differ in the arguments they share.
                trig = rng.randrange(4) if rng.random() < 0.5 else rng.randrange(len(base))
                roles = EVENT_ROLES[typ]
                args = [(role, rng.randrange(4, 14)) for role in roles[:2]]
                args += [
                    (rng.choice(roles), rng.randrange(4, 14)) for _ in range(rng.randint(0, 2))
                ]
                date = rng.choice(("2019-03", "2020", None))
                base_events.append((typ, trig if rng.random() < 0.85 else None, args, date))
            layer: dict[str, dict[int, int]] = {}  # base index -> mention id
            for name in ("anna", "bob"):
                ids: dict[int, int] = {}
                spans = []
                for k, (a, b, t, ent) in enumerate(base):
                    r = rng.random()
                    if name == "bob" and r < 0.1:
                        continue
                    if name == "bob" and r < 0.2:
                        t = rng.choice(MENTION_TYPES)
                    elif name == "bob" and r < 0.3:
                        a, b = max(0, a + rng.randint(-3, 3)), b + rng.randint(-3, 3)
                    elif name == "bob" and r < 0.4:
                        ent = rng.choice([*entities, None])
                    if b <= a:
                        continue
                    spans.append((k, a, b, t, ent))
                    if rng.random() < 0.05:  # the same span twice, another type
                        spans.append((-1, a, b, rng.choice(MENTION_TYPES), None))
                for _ in range(rng.randint(0, 6)):
                    a = rng.randrange(0, n)
                    spans.append((-1, a, a + rng.randint(1, 25), rng.choice(MENTION_TYPES), None))
                for k, a, b, t, ent in spans:
                    mentions.append(
                        {
                            "id": next_m,
                            "article_id": art,
                            "annotator_id": who[name],
                            "start": a,
                            "end": b,
                            "type": t,
                            "entity_id": ent,
                            "attributes": {},
                        }
                    )
                    if k >= 0:
                        ids[k] = next_m
                    next_m += 1
                layer[name] = ids
            for name, other in (("anna", "bob"), ("bob", "anna")):
                ids = layer[name]
                mine = [
                    (typ, trig, list(args), date)
                    for typ, trig, args, date in base_events
                    if name == "anna" or rng.random() > 0.1
                ]
                mine += [
                    (rng.choice(list(EVENT_ROLES)), rng.randrange(len(base)), [], "2021")
                    for _ in range(rng.randint(0, 2))
                ]
                for typ, trig, args, date in mine:
                    if name == "bob" and rng.random() < 0.1:
                        typ = rng.choice(list(EVENT_ROLES))
                    if name == "bob" and date == "2019-03" and rng.random() < 0.5:
                        date = "2019-11"  # another date, the same year (edges keep years)
                    if name == "bob" and args and rng.random() < 0.2:
                        args.pop(rng.randrange(len(args)))
                    if rng.random() < 0.15:
                        args.append((rng.choice(EVENT_ROLES[typ]), rng.randrange(len(base))))
                    trigger = ids.get(trig) if trig is not None else None
                    if trigger is not None and rng.random() < 0.03:
                        trigger = layer[other].get(trig)  # a trigger outside the layer
                    status = "ordered" if rng.random() < 0.85 else rng.choice(("delivered", None))
                    events.append(
                        {
                            "id": next_e,
                            "article_id": art,
                            "annotator_id": who[name],
                            "type": typ,
                            "trigger_mention_id": trigger,
                            "status": status,
                            "date_start": date,
                            "attributes": {},
                        }
                    )
                    for role, k in args:
                        filler = ids.get(k)
                        if rng.random() < 0.05:
                            filler = layer[other].get(k)  # a filler outside the layer
                        if filler is None:
                            continue
                        argument = {
                            "event_id": next_e,
                            "annotator_id": who[name],
                            "role": role,
                            "mention_id": filler,
                        }
                        # Now and then the same role and filler twice: one argument of the
                        # other side can pair with only one of them.
                        arguments += [argument] * (2 if rng.random() < 0.15 else 1)
                    next_e += 1
        s.execute(insert(Mention), mentions)
        if events:
            s.execute(insert(Event), events)
        if arguments:
            s.execute(insert(EventArgument), arguments)
        s.execute(
            insert(Relation),
            [
                {
                    "article_id": texts[-1][0],
                    "annotator_id": who["anna"],
                    "type": "ALLIED_WITH",
                    "source_entity_id": entities[0],
                    "target_entity_id": entities[1],
                    "attributes": {},
                }
            ],
        )


@pytest.mark.parametrize("seed", range(6))
def test_light_path_gives_every_figure_of_the_reference_path(
    ws: Workspace, bob: Workspace, seed: int
) -> None:
    """``agreement`` counts from plain rows; ``figures_from_alignment(align_corpus(...))``
    is the straightforward per-article path. Every figure must be the same, exactly."""
    from db.review.agreement import figures_from_alignment
    from db.review.align import align_mentions, annotator_ids, load_layers
    from db.review.align_rows import pair_mention_rows, read_light_layers

    bob.tagging.entities("ACTOR")  # Bob's annotator row exists
    random_layers(ws, bob, seed)
    tagset = store_tagset(ws.store)
    reference = align_corpus(ws.store, "anna", "bob")
    assert len(reference.articles) == 5  # four tagged, one with a relation only
    assert sum(len(a.events) for a in reference.articles) > 0
    for types in (None, ["ACTOR"], ["TRANSFER", "WEAPON"], ["COOPERATION", "LOCATION"]):
        light = agreement(ws.store, "anna", "bob", types=types)
        assert light == figures_from_alignment(reference, tagset, types)
    some = [a.article_id for a in reference.articles][::2]
    assert agreement(ws.store, "anna", "bob", some) == figures_from_alignment(
        align_corpus(ws.store, "anna", "bob", some), tagset
    )
    # The pairs themselves, not only their counts.
    with ws.store.read() as s:
        ida, idb = annotator_ids(s, ["anna", "bob"])
        layers = load_layers(s, [ida, idb], with_attributes=False)
        rows = read_light_layers(s, ida, idb)
    for art in rows:
        la, lb = layers.get((art.article_id, ida)), layers.get((art.article_id, idb))
        expected = {
            (p.a.id if p.a else None, p.b.id if p.b else None, p.exact)
            for p in align_mentions(la.mentions if la else [], lb.mentions if lb else [])
        }
        pairs, lone_a, lone_b = pair_mention_rows(art.mentions_a, art.mentions_b)
        got = {(x[2], y[2], exact) for x, y, exact in pairs}
        got |= {(x[2], None, False) for x in lone_a} | {(None, y[2], False) for y in lone_b}
        assert got == expected


def test_agreement_switches_the_garbage_collector_back_on(ws: Workspace, bob: Workspace) -> None:
    """The light path pauses the cyclic collector while it reads; it must be on again
    afterwards, also when the request fails."""
    import gc

    from db.review.align import ReviewError

    small_case(ws, bob)
    assert agreement(ws.store, "anna", "bob").value(TYPE_KAPPA) == pytest.approx(0.5)
    assert gc.isenabled()
    with pytest.raises(ReviewError, match="No annotator called 'zoe'"):
        agreement(ws.store, "anna", "zoe")
    assert gc.isenabled()
