"""The relation graph kept up to date as the analyst edits.

``LiveGraph`` keeps every article's facts and their aggregate, so that an edit in one
article costs a read of that article's layers plus the edges and nodes it touches, not
a rebuild. Each refresh returns the exact ``GraphDelta`` and replaces ``data`` with a
new ``GraphData`` (the old one stays valid as a snapshot; the dicts are copied, their
frozen values shared).

When to call what (the desktop maps its ``Changes`` flags onto these):
- ``refresh_articles(ids)``: after mentions, events, arguments or article relations
  changed in those articles (tag, untag, link, event edit, undo/redo of such edits);
- ``refresh_all()``: after entities changed (rename, merge, new state, country code),
  after a relation without an article changed, or an undo/redo in an unknown article;
- ``set_scope`` / ``set_tagset``: rebuild for the new scope or edge rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from db.graph.build import NO_ARTICLE, ArticleFacts, GraphTotals, build_totals, read_facts
from db.graph.model import EdgeKey, GraphData, GraphDelta, GraphEdge, GraphNode, GraphScope
from db.store import Store
from db.tagset import Tagset

_K = TypeVar("_K")
_V = TypeVar("_V")


def _compare(
    keys: Iterable[_K], before: Mapping[_K, _V], after: Callable[[_K], _V | None]
) -> tuple[tuple[_V, ...], tuple[_V, ...], tuple[_K, ...]]:
    """The items of ``keys`` added, changed and removed (by key) from ``before`` to
    ``after``."""
    added: list[_V] = []
    changed: list[_V] = []
    removed: list[_K] = []
    for key in keys:
        was, now = before.get(key), after(key)
        if now is None:
            if was is not None:
                removed.append(key)
        elif was is None:
            added.append(now)
        elif was != now:
            changed.append(now)
    return tuple(added), tuple(changed), tuple(removed)


def diff_graphs(old: GraphData, new: GraphData) -> GraphDelta:
    """What changed from ``old`` to ``new`` (whole graphs; O(graph))."""
    return GraphDelta(
        nodes_added=tuple(n for i, n in new.nodes.items() if i not in old.nodes),
        nodes_changed=tuple(
            n for i, n in new.nodes.items() if i in old.nodes and old.nodes[i] != n
        ),
        nodes_removed=tuple(i for i in old.nodes if i not in new.nodes),
        edges_added=tuple(e for k, e in new.edges.items() if k not in old.edges),
        edges_changed=tuple(
            e for k, e in new.edges.items() if k in old.edges and old.edges[k] != e
        ),
        edges_removed=tuple(k for k in old.edges if k not in new.edges),
    )


def apply_delta(data: GraphData, delta: GraphDelta) -> GraphData:
    """A new graph: ``data`` with ``delta`` applied (``data`` itself is left alone)."""
    nodes = dict(data.nodes)
    edges = dict(data.edges)
    for key in delta.edges_removed:
        edges.pop(key, None)
    for i in delta.nodes_removed:
        nodes.pop(i, None)
    for n in (*delta.nodes_added, *delta.nodes_changed):
        nodes[n.entity_id] = n
    for e in (*delta.edges_added, *delta.edges_changed):
        edges[e.key] = e
    return GraphData(nodes, edges)


class LiveGraph:
    """The relation graph of one store for one scope, refreshed edit by edit."""

    def __init__(self, store: Store, tagset: Tagset, scope: GraphScope | None = None) -> None:
        self._store = store
        self._tagset = tagset
        self._scope = scope or GraphScope()
        self._totals: GraphTotals
        self._facts: dict[int, ArticleFacts]
        self._data = GraphData()
        self._rebuild()

    # -- reading ------------------------------------------------------------------------
    @property
    def data(self) -> GraphData:
        """The current graph (replaced, never mutated, by each refresh)."""
        return self._data

    @property
    def scope(self) -> GraphScope:
        return self._scope

    @property
    def tagset(self) -> Tagset:
        return self._tagset

    @property
    def skipped(self) -> int:
        """Event role fillers in scope that link no entity (so draw nothing)."""
        return self._totals.skipped

    def edge(self, key: EdgeKey) -> GraphEdge | None:
        return self._data.edges.get(key)

    def node(self, entity_id: int) -> GraphNode | None:
        return self._data.nodes.get(entity_id)

    def node_for(self, entity_id: int) -> int | None:
        """The node an entity is drawn as in this scope: itself, the entity it was merged
        into, or (with roll-up) its state; None when it is not in the graph."""
        entities = self._totals.entities
        if entity_id not in entities.rows:
            with self._store.read() as s:
                entities.ensure(s, [entity_id])
        node = entities.node_id(entity_id)
        return node if node is not None and node in self._data.nodes else None

    def node_articles(self, entity_id: int) -> list[int]:
        """Ids of the articles (in scope) whose events or relations touch the node."""
        return sorted(a for a in self._totals.node_articles.get(entity_id, ()) if a)

    def edge_articles(self, key: EdgeKey) -> list[int]:
        """Ids of the articles (in scope) behind an edge."""
        return sorted(a for a in self._totals.edge_parts.get(key, ()) if a)

    # -- changing -----------------------------------------------------------------------
    def set_scope(self, scope: GraphScope) -> GraphDelta:
        """Rebuild for another scope; the delta is against the graph before."""
        self._scope = scope
        return self._rebuild()

    def set_tagset(self, tagset: Tagset) -> GraphDelta:
        """Rebuild with another tagset's edge rules and styles."""
        self._tagset = tagset
        return self._rebuild()

    def refresh_all(self) -> GraphDelta:
        """Rebuild from the store (entities renamed or merged, unknown changes)."""
        return self._rebuild()

    def refresh_articles(self, article_ids: Iterable[int]) -> GraphDelta:
        """Re-read those articles' layers and update the graph; the exact delta."""
        # Relations without an article (key NO_ARTICLE) change through refresh_all only.
        ids = set(article_ids) - {NO_ARTICLE}
        if not ids:
            return GraphDelta()
        totals = self._totals
        with self._store.read() as s:
            fresh = read_facts(s, self._tagset, self._scope, totals.entities, ids)
        edge_keys: set[EdgeKey] = set()
        node_ids: set[int] = set()
        for aid, new in fresh.items():
            old = self._facts.pop(aid, None)
            if old is not None:
                totals.remove(old)
                edge_keys.update(old.edges)
                node_ids.update(old.touched)
                node_ids.update(old.mentions)
            if new.edges or new.touched or new.mentions or new.skipped:
                self._facts[aid] = new
                totals.add(new)
                edge_keys.update(new.edges)
                node_ids.update(new.touched)
                node_ids.update(new.mentions)
        return self._update(node_ids, edge_keys)

    # -- inside -------------------------------------------------------------------------
    def _rebuild(self) -> GraphDelta:
        with self._store.read() as s:
            self._totals, facts = build_totals(s, self._tagset, self._scope)
        self._facts = {
            a: f for a, f in facts.items() if f.edges or f.touched or f.mentions or f.skipped
        }
        old, self._data = self._data, self._totals.data()
        return diff_graphs(old, self._data)

    def _update(self, node_ids: set[int], edge_keys: set[EdgeKey]) -> GraphDelta:
        old = self._data
        e_add, e_chg, e_rem = _compare(edge_keys, old.edges, self._totals.edge)
        n_add, n_chg, n_rem = _compare(node_ids, old.nodes, self._totals.node)
        delta = GraphDelta(n_add, n_chg, n_rem, e_add, e_chg, e_rem)
        if not delta.empty():
            self._data = apply_delta(old, delta)
        return delta
