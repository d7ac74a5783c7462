"""The relation graph as a networkx graph, and as GraphML or GEXF files (Gephi, yEd,
Cytoscape, networkx). Only plain attribute types (string, int, bool) are written: lists
become ``a|b`` strings, since GraphML has no list type, and absent values empty strings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.formats.atomic import atomic_file
from db.graph.model import GraphData

if TYPE_CHECKING:
    import networkx

FORMATS = ("graphml", "gexf")


def to_networkx(data: GraphData) -> networkx.MultiDiGraph:
    """A MultiDiGraph keyed by entity uuid; one edge per (source, target, style), the
    style as its key. Undirected edges carry ``directed=False``."""
    import networkx as nx

    g: Any = nx.MultiDiGraph(name="Armscribe relation graph")
    for n in data.nodes.values():
        g.add_node(
            n.uuid,
            label=n.name,
            name=n.name,
            kind=n.kind,
            subtype=n.subtype or "",
            country_code=n.country_code or "",
            article_count=n.article_count,
            mention_count=n.mention_count,
            entity_id=n.entity_id,
        )
    for e in data.edges.values():
        src, tgt = data.nodes.get(e.source), data.nodes.get(e.target)
        if src is None or tgt is None:
            continue
        g.add_edge(
            src.uuid,
            tgt.uuid,
            key=e.style,
            id=f"{src.uuid}|{tgt.uuid}|{e.style}",
            style=e.style,
            directed=e.directed,
            count=e.count,
            weight=e.count,
            article_count=e.article_count,
            types="|".join(e.types),
            labels="|".join(e.labels),
        )
    return g


def write_graph(data: GraphData, path: Path, fmt: str) -> None:
    """Write the graph as ``fmt`` ("graphml" or "gexf"); the file appears whole or not
    at all."""
    import networkx as nx

    if fmt not in FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}; known: {', '.join(FORMATS)}")
    g: Any = to_networkx(data)
    with atomic_file(Path(path), "wb") as fh:
        if fmt == "graphml":
            # Edge ids from the ``id`` attribute: networkx would use the multigraph key (the
            # style), the same id on many edges, which graphology (Gephi Lite) refuses.
            nx.write_graphml(g, fh, encoding="utf-8", edge_id_from_attribute="id")
        else:
            # No per-edge type="undirected": networkx refuses to read mixed graphs back;
            # the ``directed`` attribute says it instead.
            nx.write_gexf(g, fh, encoding="utf-8")
