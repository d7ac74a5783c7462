"""GEXF and GraphML exports opened by the parsers Gephi Lite uses (graphology-gexf and
graphology-graphml, run in Node by tests/consumers/node/read_graph.mjs with the options
Gephi Lite passes). `packaging/node-consumers.sh` installs them; `make test` runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from test_graph_build import Layer, articles, graph, ids

from db.graph.export import write_graph
from db.graph.model import GraphData
from db.workspace import Workspace

CONSUMER = Path(__file__).resolve().parents[1] / "consumers" / "node"


@pytest.fixture
def data(ws: Workspace) -> GraphData:
    """Transfers, a restriction, a cooperation (undirected) on the same pair as a supply
    edge, and relations (directed and symmetric): parallel and mixed edges."""
    e, (a1, a2, *_) = ids(ws), articles(ws)
    layer = Layer(ws)
    roles = {"Supplier": [e["tr"]], "Recipient": [e["az"]], "Weapon": [e["tb2"]]}
    layer.event(a1, "TRANSFER", roles)
    layer.event(a2, "TRANSFER", roles)
    layer.event(a1, "LICENCE_ACTION", {"Authority": [e["ca"]], "Target": [e["tr"]]})
    layer.event(a2, "COOPERATION", {"Party": [e["tr"], e["az"]]})
    ws.tagging.add_relation("MEMBER_OF", e["tr"], e["nato"], article_id=a1)
    ws.tagging.add_relation("ALLY_OF", e["az"], e["tr"], article_id=a1)
    return graph(ws)


def read_with_gephi_lite_parsers(path: Path) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "node is missing: run `bash packaging/node-consumers.sh`"
    assert (CONSUMER / "node_modules" / "graphology-gexf").is_dir(), (
        "graphology parsers are missing: run `bash packaging/node-consumers.sh`"
    )
    out = subprocess.run(
        [node, str(CONSUMER / "read_graph.mjs"), str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def _check(got: dict[str, Any], data: GraphData) -> None:
    by_uuid = {n.uuid: n for n in data.nodes.values()}
    assert got["order"] == len(data.nodes) and got["size"] == len(data.edges)
    nodes = {n["key"]: n["attributes"] for n in got["nodes"]}
    assert set(nodes) == set(by_uuid)
    for uuid, attrs in nodes.items():
        n = by_uuid[uuid]
        assert (attrs["label"], attrs["name"], attrs["kind"]) == (n.name, n.name, n.kind)
        assert attrs["subtype"] == (n.subtype or "")
        assert attrs["country_code"] == (n.country_code or "")
        # Numbers arrive as numbers (declared integer types), not strings.
        assert attrs["entity_id"] == n.entity_id
        assert attrs["article_count"] == n.article_count
        assert attrs["mention_count"] == n.mention_count
    assert "Türkiye" in {a["name"] for a in nodes.values()}

    # Every edge is a directed one to the parser: networkx neither writes nor reads back a
    # mixed graph, so an undirected edge says so in its boolean ``directed`` attribute.
    assert (got["type"], got["directedSize"], got["undirectedSize"]) == (
        "directed",
        len(data.edges),
        0,
    )
    edges = {(e["source"], e["target"], e["attributes"]["style"]): e for e in got["edges"]}
    assert len(edges) == len(data.edges)
    for edge in data.edges.values():
        src, tgt = data.nodes[edge.source].uuid, data.nodes[edge.target].uuid
        e = edges[(src, tgt, edge.style)]
        a = e["attributes"]
        assert a["directed"] is edge.directed
        assert a["count"] == edge.count and a["weight"] == edge.count
        assert a["article_count"] == edge.article_count
        assert a["types"] == "|".join(edge.types) and a["labels"] == "|".join(edge.labels)


def _expected_shape(data: GraphData) -> None:
    # The graph really holds what the checks above are about.
    styles = {e.style for e in data.edges.values()}
    assert {"supply", "cooperation", "relation"} <= styles and len(styles) >= 4
    assert any(not e.directed for e in data.edges.values())
    pairs = [frozenset((e.source, e.target)) for e in data.edges.values()]
    assert len(pairs) > len(set(pairs))  # parallel edges between one pair


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_gephi_lite_parsers_read_the_export(data: GraphData, tmp_path: Path, fmt: str) -> None:
    _expected_shape(data)
    path = tmp_path / f"graph.{fmt}"
    write_graph(data, path, fmt)
    got = read_with_gephi_lite_parsers(path)
    _check(got, data)
    assert got["multi"] is True
    supply = [e for e in got["edges"] if e["attributes"]["style"] == "supply"]
    assert [e["attributes"]["labels"] for e in supply] == ["Bayraktar TB2"]
    assert supply[0]["attributes"]["count"] == 2
