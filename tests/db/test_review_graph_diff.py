"""Two annotators' relation graphs compared: agreed, only_a and only_b edges and nodes."""

from __future__ import annotations

from test_graph_build import Layer, articles, ids

from db.graph.model import GraphScope
from db.review.graph_diff import graph_diff
from db.workspace import Workspace


def test_edges_and_nodes_are_classified_with_both_sides_kept(ws: Workspace, bob: Workspace) -> None:
    e, a1 = ids(ws), articles(ws)[0]
    transfer = {"Supplier": [e["tr"]], "Recipient": [e["az"]], "Weapon": [e["tb2"]]}
    anna, bobs = Layer(ws), Layer(bob)
    anna.event(a1, "TRANSFER", transfer)
    b_transfer = bobs.event(a1, "TRANSFER", transfer)
    bobs.event(a1, "TRANSFER", transfer, attributes={"status": "delivered"})
    anna.event(a1, "COOPERATION", {"Party": [e["tr"], e["pk"]]}, trigger=False)
    bobs.event(
        a1,
        "LICENCE_ACTION",
        {"Authority": [e["ca"]], "Target": [e["tr"]]},
        attributes={"action": "suspended"},
    )
    diff = graph_diff(
        ws.store,
        ws.tagging.tagset,
        frozenset({ws.annotator_id}),
        frozenset({bob.annotator_id}),
        GraphScope(),
    )
    kinds = {d.key: d.kind for d in diff.edges}
    coop = (min(e["tr"], e["pk"]), max(e["tr"], e["pk"]), "cooperation")
    assert kinds == {
        (e["tr"], e["az"], "supply"): "agreed",
        coop: "only_a",
        (e["ca"], e["tr"], "restrictive"): "only_b",
    }
    supply = diff.edge((e["tr"], e["az"], "supply"))
    assert supply is not None and supply.a is not None and supply.b is not None
    assert supply.a.count == 1 and supply.b.count == 2
    assert {ev.annotator_id for ev in supply.b.evidence} == {bob.annotator_id}
    assert b_transfer in {ev.row_id for ev in supply.b.evidence}
    only_a = diff.edge(coop)
    assert only_a is not None and only_a.b is None and only_a.a is not None
    nodes = {n.node_id: n.kind for n in diff.nodes}
    assert nodes == {
        e["tr"]: "agreed",
        e["az"]: "agreed",
        e["pk"]: "only_a",
        e["ca"]: "only_b",
    }
    assert diff.count("agreed") == 1 and diff.count("only_b", edges=False) == 1
