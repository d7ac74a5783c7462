"""The relation graph as plain data: nodes are canonical entities, edges aggregate the
events and relations that connect them, each edge keeping its evidence.

This is the contract between the store side (``db.graph.build``/``db.graph.live``),
the exporters (``db.graph.export``) and the window (``desktop.graph``). Nothing here
touches the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# (source entity id, target entity id, edge style). For undirected styles
# (cooperation) the two ids are sorted, so that A-B and B-A are one edge.
EdgeKey = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class GraphScope:
    """Which annotations the graph is drawn from. ``None`` means "no restriction"."""

    article_ids: frozenset[int] | None = None  # this article / the list's filter / all
    annotator_ids: frozenset[int] | None = None  # mine, a colleague's, curated, several
    event_types: frozenset[str] | None = None
    date_from: str | None = None  # ISO, possibly partial ("2019"); inclusive
    date_to: str | None = None  # ISO, possibly partial; inclusive
    include_weapons: bool = False  # weapon entities as nodes, linked to the supplier/recipient
    include_relations: bool = True  # entity relations (member of, produced by...)
    rollup: bool = False  # draw ministries, forces and people as their state


@dataclass(frozen=True, slots=True)
class Evidence:
    """One event or relation behind an edge, with where to show it in the text."""

    article_id: int
    annotator_id: int
    kind: str  # "event" or "relation"
    row_id: int  # events.id or relations.id
    uuid: str
    type: str  # event type or relation type
    start: int  # code-point span to scroll to (trigger, evidence mention or first argument)
    end: int
    date_start: str | None = None
    date_end: str | None = None
    status: str | None = None
    modality: str | None = None
    weapon_entity_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class GraphNode:
    entity_id: int
    uuid: str
    name: str
    kind: str  # ACTOR, WEAPON...
    subtype: str | None  # state, government_body, armed_forces, company, alliance...
    country_code: str | None
    article_count: int  # articles supporting this node in scope (drives its size)
    mention_count: int


@dataclass(frozen=True, slots=True)
class GraphEdge:
    source: int
    target: int
    style: str  # supply, restrictive, cooperation, use, conflict, diplomatic, relation...
    directed: bool
    count: int  # events and relations behind the edge
    article_count: int
    types: tuple[str, ...]  # distinct event/relation types, sorted
    labels: tuple[str, ...]  # distinct weapon names (or categories), sorted
    evidence: tuple[Evidence, ...]

    @property
    def key(self) -> EdgeKey:
        return (self.source, self.target, self.style)


@dataclass(slots=True)
class GraphData:
    """A whole graph for one scope."""

    nodes: dict[int, GraphNode] = field(default_factory=dict)
    edges: dict[EdgeKey, GraphEdge] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GraphDelta:
    """What changed between two versions of a graph (applied by the view without
    rebuilding: nodes that stay keep their positions)."""

    nodes_added: tuple[GraphNode, ...] = ()
    nodes_changed: tuple[GraphNode, ...] = ()
    nodes_removed: tuple[int, ...] = ()
    edges_added: tuple[GraphEdge, ...] = ()
    edges_changed: tuple[GraphEdge, ...] = ()
    edges_removed: tuple[EdgeKey, ...] = ()

    def empty(self) -> bool:
        return not (
            self.nodes_added
            or self.nodes_changed
            or self.nodes_removed
            or self.edges_added
            or self.edges_changed
            or self.edges_removed
        )
