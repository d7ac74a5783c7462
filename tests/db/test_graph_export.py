"""GraphML and GEXF exports of the relation graph, read back with networkx."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from test_graph_build import Layer, articles, graph, ids

from db.graph.export import to_networkx, write_graph
from db.graph.model import GraphData
from db.workspace import Workspace


@pytest.fixture
def data(ws: Workspace) -> GraphData:
    e, (a1, a2, *_) = ids(ws), articles(ws)
    layer = Layer(ws)
    roles = {"Supplier": [e["tr"]], "Recipient": [e["az"]], "Weapon": [e["tb2"]]}
    layer.event(a1, "TRANSFER", roles)
    layer.event(a2, "TRANSFER", roles)
    layer.event(a1, "LICENCE_ACTION", {"Authority": [e["ca"]], "Target": [e["tr"]]})
    layer.event(a2, "COOPERATION", {"Party": [e["tr"], e["az"]]})
    return graph(ws)


def _check(g: nx.MultiDiGraph, data: GraphData) -> None:  # type: ignore[type-arg]
    by_uuid = {n.uuid: n for n in data.nodes.values()}
    assert set(g.nodes) == set(by_uuid)
    for uuid, attrs in g.nodes(data=True):
        node = by_uuid[uuid]
        assert attrs["name"] == node.name and attrs["kind"] == node.kind
        assert int(attrs["entity_id"]) == node.entity_id
        assert int(attrs["article_count"]) == node.article_count
    got = {(u, v, a["style"]): a for u, v, a in g.edges(data=True)}
    assert len(got) == len(data.edges)
    for edge in data.edges.values():
        a = got[(data.nodes[edge.source].uuid, data.nodes[edge.target].uuid, edge.style)]
        assert int(a["count"]) == edge.count and int(a["article_count"]) == edge.article_count
        assert a["types"] == "|".join(edge.types) and a["labels"] == "|".join(edge.labels)
        assert a["directed"] in (edge.directed, str(edge.directed).lower())


def test_graphml_round_trip(data: GraphData, tmp_path: Path) -> None:
    path = tmp_path / "out" / "graph.graphml"
    write_graph(data, path, "graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    _check(back, data)
    supply = [a for _u, _v, a in back.edges(data=True) if a["style"] == "supply"]
    assert supply[0]["labels"] == "Bayraktar TB2" and supply[0]["count"] == 2
    assert not list(tmp_path.glob("out/.*part"))  # no temporary file left behind


def test_gexf_round_trip_with_edge_directions(data: GraphData, tmp_path: Path) -> None:
    path = tmp_path / "graph.gexf"
    write_graph(data, path, "gexf")
    back = nx.read_gexf(path)
    _check(back, data)
    coop = [a for _u, _v, a in back.edges(data=True) if a["style"] == "cooperation"]
    assert len(coop) == 1 and coop[0]["directed"] is False
    assert {d["label"] for _n, d in back.nodes(data=True)} == {n.name for n in data.nodes.values()}


def test_unknown_format_writes_nothing(data: GraphData, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown graph format"):
        write_graph(data, tmp_path / "out" / "g.dot", "dot")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    assert to_networkx(GraphData()).number_of_nodes() == 0
