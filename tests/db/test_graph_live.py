"""The live graph follows edits exactly: its deltas, applied to the graph before, give
what a fresh build gives."""

from __future__ import annotations

import random

from layer_helpers import entity_id
from test_graph_build import Layer, articles, graph, ids

from db.graph.build import build_graph
from db.graph.live import LiveGraph, apply_delta, diff_graphs
from db.graph.model import GraphData, GraphScope
from db.workspace import Workspace


def fresh(ws: Workspace, scope: GraphScope) -> GraphData:
    with ws.store.read() as s:
        return build_graph(s, ws.tagging.tagset, scope)


def test_an_event_appears_and_its_undo_removes_the_edge(ws: Workspace) -> None:
    e, a1 = ids(ws), articles(ws)[0]
    live = LiveGraph(ws.store, ws.tagging.tagset)
    assert not live.data.nodes
    Layer(ws).event(a1, "TRANSFER", {"Supplier": [e["tr"]], "Recipient": [e["az"]]})
    delta = live.refresh_articles([a1])
    key = (e["tr"], e["az"], "supply")
    assert [x.key for x in delta.edges_added] == [key]
    assert {n.entity_id for n in delta.nodes_added} == {e["tr"], e["az"]}
    assert live.edge(key) is not None and live.node_articles(e["tr"]) == [a1]
    before = live.data
    assert ws.tagging.undo() is not None  # the event (with its trigger)
    delta = live.refresh_articles([a1])
    assert delta.edges_removed == (key,) and live.edge(key) is None
    assert before.edges[key].count == 1  # the old snapshot is untouched
    assert live.data == fresh(ws, GraphScope())
    ws.tagging.redo()
    assert [x.key for x in live.refresh_articles([a1]).edges_added] == [key]


def test_an_entity_merge_folds_nodes_on_refresh_all(ws: Workspace) -> None:
    e, (a1, a2, *_) = ids(ws), articles(ws)
    dup = ws.tagging.create_entity("ACTOR", "Republic of Turkey", subtype="state").created[0]
    layer = Layer(ws)
    layer.event(a1, "TRANSFER", {"Supplier": [e["tr"]], "Recipient": [e["az"]]})
    layer.event(a2, "TRANSFER", {"Supplier": [dup], "Recipient": [e["az"]]})
    live = LiveGraph(ws.store, ws.tagging.tagset)
    assert {e["tr"], dup} <= set(live.data.nodes)
    ws.tagging.merge_entities(e["tr"], dup)
    delta = live.refresh_all()
    assert delta.nodes_removed == (dup,)
    assert delta.edges_removed == ((dup, e["az"], "supply"),)
    (changed,) = delta.edges_changed
    assert changed.key == (e["tr"], e["az"], "supply") and changed.count == 2
    assert live.node_articles(e["tr"]) == [a1, a2]


def test_set_scope_returns_the_difference(ws: Workspace) -> None:
    e, (a1, a2, *_) = ids(ws), articles(ws)
    layer = Layer(ws)
    layer.event(a1, "TRANSFER", {"Supplier": [e["tr"]], "Recipient": [e["az"]]})
    layer.event(a2, "TRANSFER", {"Supplier": [e["ca"]], "Recipient": [e["tr"]]})
    live = LiveGraph(ws.store, ws.tagging.tagset)
    before = live.data
    delta = live.set_scope(GraphScope(article_ids=frozenset({a1})))
    assert delta.edges_removed == ((e["ca"], e["tr"], "supply"),)
    assert delta.nodes_removed == (e["ca"],)
    assert apply_delta(before, delta) == live.data == graph(ws, article_ids=frozenset({a1}))
    assert diff_graphs(live.data, live.data).empty()
    # Edits outside the scope change nothing.
    layer.event(a2, "TRANSFER", {"Supplier": [e["pk"]], "Recipient": [e["tr"]]})
    assert live.refresh_articles([a2]).empty()


def test_relations_without_an_article_follow_refresh_all(ws: Workspace) -> None:
    e, a1 = ids(ws), articles(ws)[0]
    live = LiveGraph(ws.store, ws.tagging.tagset)
    ws.tagging.add_relation("MEMBER_OF", e["tr"], e["nato"])  # a standing fact, no article
    assert live.refresh_articles([a1]).empty()
    (edge,) = live.refresh_all().edges_added
    assert edge.key == (e["tr"], e["nato"], "relation") and edge.article_count == 0
    assert live.node_articles(e["tr"]) == [] and live.node(e["tr"]) is not None
    Layer(ws).event(a1, "TRANSFER", {"Supplier": [e["tr"]], "Recipient": [e["az"]]})
    live.refresh_articles([a1])
    assert live.edge(edge.key) == edge and live.data == fresh(ws, GraphScope())
    assert live.node_articles(e["tr"]) == [a1]


def _random_edit(rng: random.Random, ws: Workspace, layer: Layer, arts: list[int]) -> list[int]:
    """One random edit through the Tagging API; returns the articles it may touch."""
    t = ws.tagging
    actors = [entity_id(ws, n) for n in ("Türkiye", "Azerbaijan", "Canada", "Pakistan")]
    actors += [entity_id(ws, "Turkish Armed Forces"), entity_id(ws, "Baykar")]
    weapons = [entity_id(ws, "Bayraktar TB2", "WEAPON"), entity_id(ws, "Korkut", "WEAPON")]
    aid = rng.choice(arts)
    ann = t.annotations(aid)
    kind = rng.random()
    if kind < 0.35 or not ann.events:
        et = rng.choice(["TRANSFER", "LICENCE_ACTION", "COOPERATION", "EMBARGO"])
        roles = {
            "TRANSFER": {"Supplier": 1, "Recipient": 1, "Weapon": 1},
            "LICENCE_ACTION": {"Authority": 1, "Target": 2, "Weapon": 1},
            "COOPERATION": {"Party": 3, "Weapon": 1},
            "EMBARGO": {"Imposer": 1, "Target": 1},
        }[et]
        fill = {
            r: [
                (rng.choice(weapons) if r == "Weapon" else rng.choice(actors))
                if rng.random() > 0.1
                else None
                for _ in range(rng.randint(0, n))
            ]
            for r, n in roles.items()
        }
        date = rng.choice([None, "2019", "2020-07", "2018-2022"])
        layer.event(aid, et, fill, date=date, trigger=rng.random() < 0.7)
    elif kind < 0.5:
        t.delete_event(rng.choice(ann.events).id)
    elif kind < 0.6:
        args = [a for ev in ann.events for a in ev.arguments]
        if args:
            t.remove_argument(rng.choice(args).id)
    elif kind < 0.7:
        linked = [m for m in ann.mentions if m.type in ("ACTOR", "WEAPON")]
        if linked:
            m = rng.choice(linked)
            pool = actors if m.type == "ACTOR" else weapons
            t.link_mention(m.id, rng.choice([None, *pool]))
    elif kind < 0.78:
        mentions = [m for m in ann.mentions if m.type != "TRIGGER"]
        if mentions:
            t.delete_mentions([rng.choice(mentions).id])
    elif kind < 0.85:
        t.set_event_attributes(
            rng.choice(ann.events).id, {"date": rng.choice(["", "2021", "2020-07-12"])}
        )
    elif kind < 0.92:
        a, b = rng.sample(actors, 2)
        t.add_relation(rng.choice(["ALLY_OF", "PART_OF"]), a, b, article_id=aid)
    else:
        t.undo()  # the last edit, in whichever article it was
        return arts
    return [aid]


def test_random_edits_keep_deltas_exact(ws: Workspace, bob: Workspace) -> None:
    rng = random.Random(20261204)
    arts = articles(ws)[:3]
    layers = {ws.annotator_id: Layer(ws), bob.annotator_id: Layer(bob)}
    who = {ws.annotator_id: ws, bob.annotator_id: bob}
    scopes = [
        GraphScope(),
        GraphScope(rollup=True, include_weapons=True),
        GraphScope(annotator_ids=frozenset({ws.annotator_id}), date_from="2020"),
        GraphScope(article_ids=frozenset(arts[:2]), event_types=frozenset({"TRANSFER"})),
    ]
    lives = [LiveGraph(ws.store, ws.tagging.tagset, sc) for sc in scopes]
    changed = 0
    for step in range(60):
        annotator = rng.choice(list(who))
        touched = _random_edit(rng, who[annotator], layers[annotator], arts)
        for sc, live in zip(scopes, lives, strict=True):
            before = live.data
            delta = live.refresh_articles(touched)
            changed += not delta.empty()
            want = fresh(ws, sc)
            assert apply_delta(before, delta) == want, (step, sc)
            assert live.data == want
    assert changed > 40  # the edits did reach the graphs
    assert any(len(live.data.edges) > 3 for live in lives)


def test_node_for_follows_merges_and_rollup(ws: Workspace) -> None:
    """A selected mention's entity finds the node it is drawn as: itself, its survivor
    after a merge, or its state when bodies are rolled up."""
    e, a1 = ids(ws), articles(ws)[0]
    forces = entity_id(ws, "Turkish Armed Forces")
    dup = ws.tagging.create_entity("ACTOR", "Republic of Azerbaijan", subtype="state").created[0]
    Layer(ws).event(a1, "TRANSFER", {"Supplier": [forces], "Recipient": [e["az"]]})
    live = LiveGraph(ws.store, ws.tagging.tagset)
    assert live.node_for(forces) == forces and live.node_for(e["az"]) == e["az"]
    assert live.node_for(e["tr"]) is None  # not drawn in this graph
    rolled = LiveGraph(ws.store, ws.tagging.tagset, GraphScope(rollup=True))
    assert rolled.node_for(forces) == e["tr"]
    ws.tagging.merge_entities(e["az"], dup)
    live.refresh_all()
    assert live.node_for(dup) == e["az"]
