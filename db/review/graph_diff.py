"""Two annotators' (or groups') relation graphs compared edge by edge and node by node.

Each side's graph is built with ``db.graph.build.build_graph`` from the same scope with
``annotator_ids`` set to that side; every edge key (source, target, style) and node id
is then ``agreed`` (in both), ``only_a`` or ``only_b``. Both sides' ``GraphEdge`` are
kept, so a view can list each edge's evidence on either side.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from db.graph.build import build_graph
from db.graph.model import EdgeKey, GraphData, GraphEdge, GraphNode, GraphScope
from db.review.align import AGREED, ONLY_A, ONLY_B, ReviewError
from db.store import Store
from db.tagset import Tagset


@dataclass(frozen=True, slots=True)
class NodeDiff:
    node_id: int
    kind: str  # agreed, only_a, only_b
    a: GraphNode | None
    b: GraphNode | None


@dataclass(frozen=True, slots=True)
class EdgeDiff:
    key: EdgeKey
    kind: str  # agreed, only_a, only_b
    a: GraphEdge | None
    b: GraphEdge | None


@dataclass(frozen=True, slots=True)
class GraphDiff:
    """The two graphs compared; ``nodes`` and ``edges`` sorted by id / key."""

    a_ids: frozenset[int]
    b_ids: frozenset[int]
    nodes: tuple[NodeDiff, ...]
    edges: tuple[EdgeDiff, ...]

    def count(self, kind: str, *, edges: bool = True) -> int:
        """How many edges (or nodes) are of ``kind``."""
        units = self.edges if edges else self.nodes
        return sum(1 for u in units if u.kind == kind)

    def edge(self, key: EdgeKey) -> EdgeDiff | None:
        return next((e for e in self.edges if e.key == key), None)

    def node(self, node_id: int) -> NodeDiff | None:
        return next((n for n in self.nodes if n.node_id == node_id), None)


def _kind(in_a: bool, in_b: bool) -> str:
    return AGREED if in_a and in_b else ONLY_A if in_a else ONLY_B


def compare_graphs(
    a: GraphData, b: GraphData, a_ids: frozenset[int], b_ids: frozenset[int]
) -> GraphDiff:
    """Classify every node and edge of two built graphs."""
    nodes = tuple(
        NodeDiff(n, _kind(n in a.nodes, n in b.nodes), a.nodes.get(n), b.nodes.get(n))
        for n in sorted(set(a.nodes) | set(b.nodes))
    )
    edges = tuple(
        EdgeDiff(k, _kind(k in a.edges, k in b.edges), a.edges.get(k), b.edges.get(k))
        for k in sorted(set(a.edges) | set(b.edges))
    )
    return GraphDiff(a_ids, b_ids, nodes, edges)


def graph_diff(
    store: Store,
    tagset: Tagset,
    a_ids: frozenset[int],
    b_ids: frozenset[int],
    scope: GraphScope,
) -> GraphDiff:
    """Build the scope's graph for each side and compare them (one read transaction)."""
    if not a_ids or not b_ids:
        raise ReviewError("Choose the annotators on both sides of the comparison.")
    with store.read() as s:
        ga = build_graph(s, tagset, replace(scope, annotator_ids=frozenset(a_ids)))
        gb = build_graph(s, tagset, replace(scope, annotator_ids=frozenset(b_ids)))
    return compare_graphs(ga, gb, frozenset(a_ids), frozenset(b_ids))
