"""The relation graph built from real layers (tagged through the Tagging API)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from layer_helpers import entity_id, text_of

from db.graph.build import WEAPON_STYLE, article_contribution, build_graph
from db.graph.model import GraphData, GraphScope
from db.workspace import Workspace

WORD = re.compile(r"\w{4,}")


class Layer:
    """Tags successive free words of the seed articles in one annotator's layer."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.t = ws.tagging
        self._free: dict[int, list[tuple[int, int]]] = {}

    def span(self, article_id: int) -> tuple[int, int]:
        if article_id not in self._free:
            words = [m.span() for m in WORD.finditer(text_of(self.ws, article_id))]
            self._free[article_id] = words[::-1]
        return self._free[article_id].pop()

    def mention(self, article_id: int, type_: str, entity: int | None = None) -> int:
        a, b = self.span(article_id)
        return self.t.add_mention(article_id, a, b, type_, entity).created[0]

    def event(
        self,
        article_id: int,
        type_: str,
        roles: Mapping[str, Sequence[int | None]],
        *,
        date: str | None = None,
        trigger: bool = True,
        attributes: Mapping[str, Any] | None = None,
    ) -> int:
        et = self.t.tagset.event_type(type_)
        assert et is not None
        args = []
        for role, ents in roles.items():
            r = et.role(role)
            assert r is not None, role
            args += [(role, self.mention(article_id, r.types[0], e)) for e in ents]
        attrs = dict(attributes or {})
        if date:
            attrs["date"] = date
        if trigger:
            a, b = self.span(article_id)
            edit = self.t.create_event_at(
                article_id, type_, a, b, arguments=args, attributes=attrs or None
            )
        else:
            edit = self.t.create_event(article_id, type_, arguments=args, attributes=attrs or None)
        return edit.created[0]


def articles(ws: Workspace) -> list[int]:
    return sorted(a.id for a in ws.articles())


def graph(ws: Workspace, **scope: Any) -> GraphData:
    with ws.store.read() as s:
        return build_graph(s, ws.tagging.tagset, GraphScope(**scope))


def ids(ws: Workspace) -> dict[str, int]:
    return {
        "tr": entity_id(ws, "Türkiye"),
        "az": entity_id(ws, "Azerbaijan"),
        "ca": entity_id(ws, "Canada"),
        "pk": entity_id(ws, "Pakistan"),
        "nato": entity_id(ws, "NATO"),
        "tb2": entity_id(ws, "Bayraktar TB2", "WEAPON"),
        "baykar": entity_id(ws, "Baykar"),
    }


def test_a_transfer_draws_one_supply_edge_labelled_with_its_weapon(ws: Workspace) -> None:
    e, a1 = ids(ws), articles(ws)[0]
    layer = Layer(ws)
    ev = layer.event(
        a1, "TRANSFER", {"Supplier": [e["tr"]], "Recipient": [e["az"]], "Weapon": [e["tb2"]]}
    )
    g = graph(ws)
    assert set(g.edges) == {(e["tr"], e["az"], "supply")}
    edge = g.edges[(e["tr"], e["az"], "supply")]
    assert edge.directed and edge.count == 1 and edge.article_count == 1
    assert edge.types == ("TRANSFER",) and edge.labels == ("Bayraktar TB2",)
    (evidence,) = edge.evidence
    ann = ws.tagging.annotations(a1)
    event = ann.event(ev)
    assert event is not None and event.trigger_mention_id is not None
    trigger = ann.mention(event.trigger_mention_id)
    assert trigger is not None
    assert (evidence.article_id, evidence.kind, evidence.row_id) == (a1, "event", ev)
    assert (evidence.start, evidence.end) == (trigger.start, trigger.end)
    assert evidence.weapon_entity_ids == (e["tb2"],)
    assert set(g.nodes) == {e["tr"], e["az"]}  # the weapon is a label, not a node
    assert g.nodes[e["tr"]].name == "Türkiye" and g.nodes[e["tr"]].article_count == 1
    assert g.nodes[e["az"]].mention_count == 1


def test_a_second_transfer_elsewhere_counts_on_the_same_edge(ws: Workspace) -> None:
    e, (a1, a2, *_) = ids(ws), articles(ws)
    layer = Layer(ws)
    roles = {"Supplier": [e["tr"]], "Recipient": [e["az"]], "Weapon": [e["tb2"]]}
    layer.event(a1, "TRANSFER", roles, attributes={"status": "delivered"})
    layer.event(a2, "TRANSFER", roles)
    edge = graph(ws).edges[(e["tr"], e["az"], "supply")]
    assert edge.count == 2 and edge.article_count == 2
    assert [ev.article_id for ev in edge.evidence] == [a1, a2]
    assert edge.evidence[0].status == "delivered"
    assert graph(ws).nodes[e["tr"]].article_count == 2


def test_licence_suspension_is_restrictive_and_targets_cross(ws: Workspace) -> None:
    e, a1 = ids(ws), articles(ws)[0]
    Layer(ws).event(
        a1,
        "LICENCE_ACTION",
        {"Authority": [e["ca"]], "Target": [e["tr"], e["az"]]},
        attributes={"action": "suspended"},
    )
    g = graph(ws)
    assert set(g.edges) == {(e["ca"], e["tr"], "restrictive"), (e["ca"], e["az"], "restrictive")}
    assert all(edge.directed and edge.labels == () for edge in g.edges.values())


def test_cooperation_is_undirected_one_edge_per_pair(ws: Workspace) -> None:
    e, a1 = ids(ws), articles(ws)[0]
    Layer(ws).event(a1, "COOPERATION", {"Party": [e["tr"], e["az"], e["pk"]]}, trigger=False)
    g = graph(ws)
    parties = sorted([e["tr"], e["az"], e["pk"]])
    want = {(parties[0], parties[1]), (parties[0], parties[2]), (parties[1], parties[2])}
    assert {(a, b) for a, b, _ in g.edges} == want
    assert all(s == "cooperation" and not edge.directed for (_, _, s), edge in g.edges.items())
    # Without a trigger the evidence points at the first argument in the text.
    ann = ws.tagging.annotations(a1)
    first = min((m.start, m.end) for m in ann.mentions)
    assert all((ed.evidence[0].start, ed.evidence[0].end) == first for ed in g.edges.values())


def test_relations_draw_in_the_relation_style(ws: Workspace) -> None:
    e, a1 = ids(ws), articles(ws)[0]
    layer = Layer(ws)
    ev_mention = layer.mention(a1, "ACTOR", e["tr"])
    ws.tagging.add_relation("MEMBER_OF", e["tr"], e["nato"], evidence_mention_id=ev_mention)
    ws.tagging.add_relation("ALLY_OF", e["az"], e["tr"], article_id=a1)
    g = graph(ws)
    member = g.edges[(e["tr"], e["nato"], "relation")]
    assert member.directed and member.types == ("MEMBER_OF",)
    assert member.evidence[0].kind == "relation" and member.evidence[0].article_id == a1
    m = ws.tagging.annotations(a1).mention(ev_mention)
    assert m is not None and (member.evidence[0].start, member.evidence[0].end) == (m.start, m.end)
    lo, hi = sorted([e["az"], e["tr"]])
    assert not g.edges[(lo, hi, "relation")].directed
    assert not graph(ws, include_relations=False).edges


def test_unlinked_fillers_are_skipped_and_counted(ws: Workspace) -> None:
    e, a1 = ids(ws), articles(ws)[0]
    Layer(ws).event(a1, "TRANSFER", {"Supplier": [None], "Recipient": [e["az"]]})
    assert not graph(ws).edges
    with ws.store.read() as s:
        facts = article_contribution(s, ws.tagging.tagset, GraphScope(), a1)
    assert facts.skipped == 1 and e["az"] in facts.touched and not facts.edges
    assert set(graph(ws).nodes) == {e["az"]}  # drawn already, waiting for its supplier


def test_scope_by_article_annotator_and_event_type(ws: Workspace, bob: Workspace) -> None:
    e, (a1, a2, *_) = ids(ws), articles(ws)
    Layer(ws).event(a1, "TRANSFER", {"Supplier": [e["tr"]], "Recipient": [e["az"]]})
    Layer(bob).event(a2, "LICENCE_ACTION", {"Authority": [e["ca"]], "Target": [e["tr"]]})
    supply, restrict = (e["tr"], e["az"], "supply"), (e["ca"], e["tr"], "restrictive")
    assert set(graph(ws).edges) == {supply, restrict}
    assert set(graph(ws, article_ids=frozenset({a1})).edges) == {supply}
    assert set(graph(ws, article_ids=frozenset({a2})).edges) == {restrict}
    assert set(graph(ws, annotator_ids=frozenset({bob.annotator_id})).edges) == {restrict}
    assert set(graph(ws, annotator_ids=frozenset({ws.annotator_id})).edges) == {supply}
    assert set(graph(ws, event_types=frozenset({"TRANSFER"})).edges) == {supply}
    assert graph(ws, article_ids=frozenset({a2})).nodes.keys() == {e["ca"], e["tr"]}


def test_scope_by_dates_overlapping_partial_periods(ws: Workspace) -> None:
    e, a1 = ids(ws), articles(ws)[0]
    layer = Layer(ws)
    layer.event(a1, "TRANSFER", {"Supplier": [e["tr"]], "Recipient": [e["az"]]}, date="2020-07")
    layer.event(a1, "TRANSFER", {"Supplier": [e["tr"]], "Recipient": [e["pk"]]}, date="2018-2022")
    layer.event(a1, "TRANSFER", {"Supplier": [e["ca"]], "Recipient": [e["tr"]]})  # no date
    pairs = lambda **kw: {(a, b) for a, b, _ in graph(ws, **kw).edges}  # noqa: E731
    everything = {(e["tr"], e["az"]), (e["tr"], e["pk"]), (e["ca"], e["tr"])}
    assert pairs() == everything
    assert pairs(date_from="2020", date_to="2020") == {(e["tr"], e["az"]), (e["tr"], e["pk"])}
    assert pairs(date_from="2020-08") == {(e["tr"], e["pk"])}
    assert pairs(date_to="2020-07-01") == {(e["tr"], e["az"]), (e["tr"], e["pk"])}
    assert pairs(date_from="2023") == set()
    dated = graph(ws, date_from="2020-07-15", date_to="2020-07-15").edges
    assert dated[(e["tr"], e["az"], "supply")].evidence[0].date_start == "2020-07"


def test_weapons_become_nodes_between_supplier_and_recipient(ws: Workspace) -> None:
    e, a1 = ids(ws), articles(ws)[0]
    Layer(ws).event(
        a1, "TRANSFER", {"Supplier": [e["tr"]], "Recipient": [e["az"]], "Weapon": [e["tb2"]]}
    )
    ws.tagging.add_relation("PRODUCED_BY", e["tb2"], e["baykar"], article_id=a1)
    assert e["tb2"] not in graph(ws).nodes and len(graph(ws).edges) == 1
    g = graph(ws, include_weapons=True)
    assert g.nodes[e["tb2"]].kind == "WEAPON"
    assert {k for k in g.edges if k[2] == WEAPON_STYLE} == {
        (e["tr"], e["tb2"], WEAPON_STYLE),
        (e["tb2"], e["az"], WEAPON_STYLE),
    }
    assert g.edges[(e["tb2"], e["baykar"], "relation")].types == ("PRODUCED_BY",)


def test_rollup_draws_bodies_as_their_state(ws: Workspace) -> None:
    e, a1 = ids(ws), articles(ws)[0]
    forces = entity_id(ws, "Turkish Armed Forces")
    ministry = entity_id(ws, "Azerbaijani Ministry of Defence")
    layer = Layer(ws)
    layer.event(a1, "TRANSFER", {"Supplier": [forces], "Recipient": [ministry]})
    layer.event(a1, "TRANSFER", {"Supplier": [e["tr"]], "Recipient": [e["az"]]})
    plain = graph(ws)
    assert set(plain.edges) == {(forces, ministry, "supply"), (e["tr"], e["az"], "supply")}
    rolled = graph(ws, rollup=True)
    assert set(rolled.edges) == {(e["tr"], e["az"], "supply")}
    assert rolled.edges[(e["tr"], e["az"], "supply")].count == 2
    assert set(rolled.nodes) == {e["tr"], e["az"]}
    assert rolled.nodes[e["tr"]].mention_count == 2  # Türkiye's and the forces' mentions
