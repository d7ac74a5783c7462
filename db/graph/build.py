"""Building the relation graph from the store.

The graph is the sum of per-article *facts* (``ArticleFacts``): what one article's
in-scope layers say about edges, nodes and mentions, already in node-id space (merged
entities resolved to their survivor, actors rolled up to their state when asked). A
whole graph is the aggregate of every article's facts (``GraphTotals``); the live graph
keeps the same aggregate and swaps one article's facts after an edit.

Rules (see also ``GraphScope``):
- Edges come from events through the tagset's ``edges:`` rules and, when
  ``include_relations``, from entity relations in ``graph.relation_style`` (symmetric
  relation types draw undirected edges). Self-loops (both ends the same node, e.g. after
  a roll-up) are dropped.
- Nodes are the entities that fill a role named by an edge rule, end an in-scope
  relation, or (with ``include_weapons``) fill a rule's ``label_role``: an event that is
  still missing its recipient already shows its supplier.
- Dates: an event is kept when its ``date_start..date_end`` overlaps ``date_from..date_to``
  (partial ISO dates compare as whole periods: "2019" is 2019-01-01..2019-12-31). When a
  date bound is set, events without a date are left out; relations carry no date and are
  always kept. ``event_types`` filters events only.
- Relations recorded without an article count under article key 0 (no article).
- Mentions without an entity cannot be drawn; role fillers among them are counted in
  ``ArticleFacts.skipped``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import combinations, product
from typing import TYPE_CHECKING, Any

from sqlalchemy import BindParameter, Select, bindparam, func, select
from sqlalchemy.orm import Session, aliased

from db.errors import ArmscribeError
from db.graph.model import EdgeKey, Evidence, GraphData, GraphEdge, GraphNode, GraphScope
from db.models import Annotator, Entity, Event, EventArgument, Mention, Relation
from db.store import Store
from db.tagset import EdgeRule, Tagset

if TYPE_CHECKING:
    _AnySelect = Select[*tuple[Any, ...]]

WEAPON_STYLE = "weapon"  # supplier -> weapon -> recipient edges (``include_weapons``)
DEFAULT_RELATION_STYLE = "relation"
NO_ARTICLE = 0  # article key of relations recorded without an article
_IN_LIMIT = 500  # beyond this many article ids, filter in Python rather than with IN (...)


# ------------------------------------------------------------------------- entities


@dataclass(frozen=True, slots=True)
class EntityInfo:
    id: int
    uuid: str
    name: str
    kind: str
    subtype: str | None
    country_code: str | None
    merged_into_id: int | None


class EntityIndex:
    """The entities the graph draws, with merge resolution and roll-up to states."""

    def __init__(self, tagset: Tagset, rollup: bool) -> None:
        self.rows: dict[int, EntityInfo] = {}
        self.rollup = rollup
        self.rollup_subtypes = frozenset(tagset.graph.rollup_subtypes)
        self._states: dict[str, int] = {}
        self._node_cache: dict[int, int | None] = {}

    def load_all(self, s: Session) -> None:
        """Read every entity (one query), and the states roll-up maps to."""
        self._add(s.execute(_ENTITY_COLUMNS))

    def ensure(self, s: Session, ids: Iterable[int]) -> None:
        """Read entities not yet known (new since the last read), with their survivors."""
        missing = {i for i in ids if i not in self.rows}
        while missing:
            self._add(s.execute(_ENTITY_COLUMNS.where(Entity.id.in_(missing))))
            missing = {
                r.merged_into_id
                for r in self.rows.values()
                if r.merged_into_id is not None and r.merged_into_id not in self.rows
            }

    def _add(
        self, rows: Iterable[tuple[int, str, str, str, str | None, str | None, int | None]]
    ) -> None:
        for row in rows:
            info = EntityInfo(*row)
            self.rows[info.id] = info
            if info.kind == "ACTOR" and info.subtype == "state" and info.country_code:
                if info.merged_into_id is None:
                    known = self._states.get(info.country_code)
                    if known is None or info.id < known:
                        self._states[info.country_code] = info.id
        self._node_cache.clear()

    def survivor(self, entity_id: int) -> int:
        """The entity a merged one now lives on as (itself when not merged)."""
        seen = 0
        row = self.rows.get(entity_id)
        while row is not None and row.merged_into_id is not None and seen < 64:
            entity_id, seen = row.merged_into_id, seen + 1
            row = self.rows.get(entity_id)
        return entity_id

    def node_id(self, entity_id: int) -> int | None:
        """The node an entity is drawn as, or None when the entity is unknown."""
        if entity_id in self._node_cache:
            return self._node_cache[entity_id]
        eid = self.survivor(entity_id)
        row = self.rows.get(eid)
        node: int | None = None
        if row is not None:
            node = eid
            if (
                self.rollup
                and row.kind == "ACTOR"
                and row.subtype in self.rollup_subtypes
                and row.country_code
            ):
                node = self._states.get(row.country_code, eid)
        self._node_cache[entity_id] = node
        return node

    def kind(self, node_id: int) -> str | None:
        row = self.rows.get(node_id)
        return row.kind if row else None

    def name(self, node_id: int) -> str:
        row = self.rows.get(node_id)
        return row.name if row else ""


_ENTITY_COLUMNS = select(
    Entity.id,
    Entity.uuid,
    Entity.name,
    Entity.kind,
    Entity.subtype,
    Entity.country_code,
    Entity.merged_into_id,
)


# ---------------------------------------------------------------------------- facts


@dataclass(frozen=True, slots=True)
class EdgePart:
    """One article's share of an edge."""

    directed: bool
    evidence: tuple[Evidence, ...]
    types: frozenset[str]
    labels: frozenset[str]


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What one article's in-scope layers contribute to the graph (node-id space)."""

    article_id: int  # NO_ARTICLE for relations recorded without an article
    edges: Mapping[EdgeKey, EdgePart] = field(default_factory=dict)
    touched: frozenset[int] = frozenset()  # nodes this article's events/relations touch
    mentions: Mapping[int, int] = field(default_factory=dict)  # node -> mentions in scope
    skipped: int = 0  # role fillers without an entity


class _FactsBuilder:
    """Collects one article's facts while its rows are read."""

    def __init__(self, article_id: int) -> None:
        self.article_id = article_id
        self.evidence: dict[EdgeKey, dict[tuple[str, int], Evidence]] = {}
        self.directed: dict[EdgeKey, bool] = {}
        self.types: dict[EdgeKey, set[str]] = {}
        self.labels: dict[EdgeKey, set[str]] = {}
        self.touched: set[int] = set()
        self.mentions: dict[int, int] = {}
        self.skipped = 0

    def edge(
        self, a: int, b: int, style: str, directed: bool, ev: Evidence, labels: Iterable[str]
    ) -> None:
        if a == b:
            return
        if not directed and b < a:
            a, b = b, a
        key = (a, b, style)
        self.evidence.setdefault(key, {})[(ev.kind, ev.row_id)] = ev
        self.directed[key] = self.directed.get(key, True) and directed
        self.types.setdefault(key, set()).add(ev.type)
        self.labels.setdefault(key, set()).update(labels)

    def finish(self) -> ArticleFacts:
        edges = {
            key: EdgePart(
                self.directed[key],
                tuple(sorted(evs.values(), key=_evidence_order)),
                frozenset(self.types[key]),
                frozenset(self.labels[key]),
            )
            for key, evs in self.evidence.items()
        }
        return ArticleFacts(
            self.article_id, edges, frozenset(self.touched), dict(self.mentions), self.skipped
        )


_BuilderFn = Callable[[int], _FactsBuilder | None]


def _evidence_order(e: Evidence) -> tuple[int, str, int, int]:
    return (e.article_id, e.kind, e.row_id, e.annotator_id)


def _period_start(d: str) -> str:
    return d + "-01-01" if len(d) == 4 else d + "-01" if len(d) == 7 else d


def _period_end(d: str) -> str:
    return d + "-12-31" if len(d) == 4 else d + "-31" if len(d) == 7 else d


def in_date_range(
    date_start: str | None, date_end: str | None, date_from: str | None, date_to: str | None
) -> bool:
    """Whether an event's date range overlaps the scope's (partial ISO dates allowed)."""
    if not date_from and not date_to:
        return True
    start, end = date_start or date_end, date_end or date_start
    if start is None or end is None:
        return False
    if date_from and _period_end(end) < _period_start(date_from):
        return False
    return not (date_to and _period_start(start) > _period_end(date_to))


def _graph_event_types(tagset: Tagset, scope: GraphScope) -> list[str]:
    names = [t.name for t in tagset.event_types if t.edges]
    if scope.event_types is not None:
        names = [n for n in names if n in scope.event_types]
    return names


def _wanted_articles(scope: GraphScope, article_ids: Collection[int] | None) -> set[int] | None:
    """Articles to read: the call's, cut to the scope's; None means all."""
    if article_ids is None:
        return None if scope.article_ids is None else set(scope.article_ids)
    wanted = set(article_ids)
    return wanted if scope.article_ids is None else wanted & scope.article_ids


def read_facts(
    s: Session,
    tagset: Tagset,
    scope: GraphScope,
    entities: EntityIndex,
    article_ids: Collection[int] | None = None,
) -> dict[int, ArticleFacts]:
    """The facts of ``article_ids`` (all articles when None) in ``scope``, keyed by article
    id; every asked article gets an entry, empty when it contributes nothing."""
    wanted = _wanted_articles(scope, article_ids)
    builders: dict[int, _FactsBuilder] = {}
    if wanted is not None:
        builders = {a: _FactsBuilder(a) for a in wanted}
    if article_ids is not None:
        for a in article_ids:
            builders.setdefault(a, _FactsBuilder(a))
    if wanted is not None and not wanted:
        return {a: b.finish() for a, b in builders.items()}
    in_sql = wanted is not None and len(wanted) <= _IN_LIMIT
    annotators = scope.annotator_ids

    def builder(article_id: int) -> _FactsBuilder | None:
        if wanted is not None and article_id not in wanted:
            return None
        b = builders.get(article_id)
        if b is None:
            b = builders[article_id] = _FactsBuilder(article_id)
        return b

    _read_events(s, tagset, scope, entities, wanted if in_sql else None, builder)
    if scope.include_relations:
        _read_relations(s, tagset, scope, entities, wanted if in_sql else None, builder)
    # Mentions in scope, per node.
    stmt = _mention_counts_statement(annotators, in_sql)
    counts = s.connection().execute(stmt, _article_params(wanted if in_sql else None)).all()
    entities.ensure(s, {e for _a, e, _n in counts if e is not None})
    for art, eid, n in counts:
        b = builder(art)
        node = entities.node_id(eid) if b is not None and eid is not None else None
        if b is not None and node is not None:
            b.mentions[node] = b.mentions.get(node, 0) + int(n)
    return {a: b.finish() for a, b in builders.items()}


_Filler = tuple[int, int, int, int | None]  # mention id, start, end, entity id


def _read_events(
    s: Session,
    tagset: Tagset,
    scope: GraphScope,
    entities: EntityIndex,
    in_articles: set[int] | None,
    builder: _BuilderFn,
) -> None:
    types = _graph_event_types(tagset, scope)
    if not types:
        return
    stmt, arg_stmt = _event_statements(tuple(types), scope.annotator_ids, in_articles is not None)
    conn, params = s.connection(), _article_params(in_articles)
    events = conn.execute(stmt, params).all()
    if not events:
        return
    args: dict[int, dict[str, list[_Filler]]] = {}
    for ev_id, role, mid, start, end, eid in conn.execute(arg_stmt, params):
        args.setdefault(ev_id, {}).setdefault(role, []).append((mid, start, end, eid))
    entities.ensure(
        s, {f[3] for roles in args.values() for fs in roles.values() for f in fs if f[3]}
    )
    for ev_id, uuid, art, who, type_, status, modality, ds, de, t_start, t_end in events:
        if not in_date_range(ds, de, scope.date_from, scope.date_to):
            continue
        b = builder(art)
        et = tagset.event_type(type_)
        if b is None or et is None:
            continue
        roles = args.get(ev_id, {})
        if t_start is not None and t_end is not None:
            span = (t_start, t_end)
        else:
            spans = [(f[1], f[2]) for fs in roles.values() for f in fs]
            span = min(spans) if spans else (0, 0)
        base = Evidence(
            art, who, "event", ev_id, uuid, type_, span[0], span[1], ds, de, status, modality
        )
        unlinked: set[int] = set()
        for rule in et.edges:
            _apply_rule(b, rule, roles, entities, scope, unlinked, base)
        b.skipped += len(unlinked)


def _nodes(fillers: Iterable[_Filler], entities: EntityIndex, unlinked: set[int]) -> list[int]:
    out: dict[int, None] = {}
    for mid, _s, _e, eid in fillers:
        if eid is None:
            unlinked.add(mid)
            continue
        node = entities.node_id(eid)
        if node is not None:
            out[node] = None
    return list(out)


def _apply_rule(
    b: _FactsBuilder,
    rule: EdgeRule,
    roles: Mapping[str, list[_Filler]],
    entities: EntityIndex,
    scope: GraphScope,
    unlinked: set[int],
    base: Evidence,
) -> None:
    same_role = set(rule.source) == set(rule.target)
    sources = _nodes((f for r in rule.source for f in roles.get(r, ())), entities, unlinked)
    targets = (
        sources
        if same_role
        else _nodes((f for r in rule.target for f in roles.get(r, ())), entities, unlinked)
    )
    weapons = _nodes(roles.get(rule.label_role, ()), entities, unlinked) if rule.label_role else []
    b.touched.update(sources)
    b.touched.update(targets)
    ev = replace(base, weapon_entity_ids=tuple(weapons)) if weapons else base
    labels = sorted({entities.name(w) for w in weapons})
    pairs: Iterator[tuple[int, int]] = (
        combinations(sources, 2) if same_role else product(sources, targets)
    )
    directed = rule.directed and not same_role
    for a, c in pairs:
        b.edge(a, c, rule.style, directed, ev, labels)
    if scope.include_weapons and weapons:
        b.touched.update(weapons)
        for w in weapons:
            if directed:
                for a in sources:
                    b.edge(a, w, WEAPON_STYLE, True, ev, ())
                for c in targets:
                    b.edge(w, c, WEAPON_STYLE, True, ev, ())
            else:
                for a in dict.fromkeys([*sources, *targets]):
                    b.edge(a, w, WEAPON_STYLE, False, ev, ())


def _read_relations(
    s: Session,
    tagset: Tagset,
    scope: GraphScope,
    entities: EntityIndex,
    in_articles: set[int] | None,
    builder: _BuilderFn,
) -> None:
    style = tagset.graph.relation_style or DEFAULT_RELATION_STYLE
    stmt = _relation_statement(scope.annotator_ids, in_articles is not None)
    rows = s.connection().execute(stmt, _article_params(in_articles)).all()
    entities.ensure(s, {r[5] for r in rows} | {r[6] for r in rows})
    for rid, uuid, art, who, type_, src, tgt, e_start, e_end in rows:
        b = builder(art if art is not None else NO_ARTICLE)
        a, c = entities.node_id(src), entities.node_id(tgt)
        if b is None or a is None or c is None:
            continue
        if not scope.include_weapons and "WEAPON" in (entities.kind(a), entities.kind(c)):
            continue
        rt = tagset.relation_type(type_)
        ev = Evidence(
            art if art is not None else NO_ARTICLE,
            who,
            "relation",
            rid,
            uuid,
            type_,
            e_start if e_start is not None else 0,
            e_end if e_end is not None else 0,
        )
        b.touched.update((a, c))
        b.edge(a, c, style, not (rt is not None and rt.symmetric), ev, ())


# Statements are built once per shape (and the article ids bound per call): building
# them took as long as running them for one article.
_ARTS: BindParameter[Any] = bindparam("arts", expanding=True)


def _article_params(articles: set[int] | None) -> dict[str, list[int]]:
    return {} if articles is None else {"arts": sorted(articles)}


@lru_cache(maxsize=64)
def _event_statements(
    types: tuple[str, ...], annotators: frozenset[int] | None, by_article: bool
) -> tuple[_AnySelect, _AnySelect]:
    trig = aliased(Mention)
    stmt = (
        select(
            Event.id,
            Event.uuid,
            Event.article_id,
            Event.annotator_id,
            Event.type,
            Event.status,
            Event.modality,
            Event.date_start,
            Event.date_end,
            trig.start,
            trig.end,
        )
        .outerjoin(trig, trig.id == Event.trigger_mention_id)
        .where(Event.type.in_(types))
    )
    arg_stmt = (
        select(
            EventArgument.event_id,
            EventArgument.role,
            Mention.id,
            Mention.start,
            Mention.end,
            Mention.entity_id,
        )
        .join(Event, Event.id == EventArgument.event_id)
        .join(Mention, Mention.id == EventArgument.mention_id)
        .where(Event.type.in_(types))
        .order_by(EventArgument.id)
    )
    if by_article:
        stmt = stmt.where(Event.article_id.in_(_ARTS))
        arg_stmt = arg_stmt.where(Event.article_id.in_(_ARTS))
    if annotators is not None:
        stmt = stmt.where(Event.annotator_id.in_(annotators))
        arg_stmt = arg_stmt.where(Event.annotator_id.in_(annotators))
    return stmt, arg_stmt


@lru_cache(maxsize=64)
def _relation_statement(annotators: frozenset[int] | None, by_article: bool) -> _AnySelect:
    evm = aliased(Mention)
    stmt = select(
        Relation.id,
        Relation.uuid,
        Relation.article_id,
        Relation.annotator_id,
        Relation.type,
        Relation.source_entity_id,
        Relation.target_entity_id,
        evm.start,
        evm.end,
    ).outerjoin(evm, evm.id == Relation.evidence_mention_id)
    if by_article:
        stmt = stmt.where(Relation.article_id.in_(_ARTS))
    if annotators is not None:
        stmt = stmt.where(Relation.annotator_id.in_(annotators))
    return stmt


@lru_cache(maxsize=64)
def _mention_counts_statement(annotators: frozenset[int] | None, by_article: bool) -> _AnySelect:
    stmt = (
        select(Mention.article_id, Mention.entity_id, func.count())
        .where(Mention.entity_id.is_not(None))
        .group_by(Mention.article_id, Mention.entity_id)
    )
    if by_article:
        stmt = stmt.where(Mention.article_id.in_(_ARTS))
    if annotators is not None:
        stmt = stmt.where(Mention.annotator_id.in_(annotators))
    return stmt


# ------------------------------------------------------------------------ aggregate


class GraphTotals:
    """The sum of articles' facts, from which nodes and edges are assembled on demand."""

    def __init__(self, entities: EntityIndex) -> None:
        self.entities = entities
        self.edge_parts: dict[EdgeKey, dict[int, EdgePart]] = {}
        self.node_articles: dict[int, set[int]] = {}
        self.mentions: dict[int, int] = {}
        self.skipped = 0

    def add(self, f: ArticleFacts) -> None:
        for key, part in f.edges.items():
            self.edge_parts.setdefault(key, {})[f.article_id] = part
        for n in f.touched:
            self.node_articles.setdefault(n, set()).add(f.article_id)
        for n, c in f.mentions.items():
            self.mentions[n] = self.mentions.get(n, 0) + c
        self.skipped += f.skipped

    def remove(self, f: ArticleFacts) -> None:
        for key in f.edges:
            parts = self.edge_parts.get(key)
            if parts is not None:
                parts.pop(f.article_id, None)
                if not parts:
                    del self.edge_parts[key]
        for n in f.touched:
            arts = self.node_articles.get(n)
            if arts is not None:
                arts.discard(f.article_id)
                if not arts:
                    del self.node_articles[n]
        for n, c in f.mentions.items():
            left = self.mentions.get(n, 0) - c
            if left > 0:
                self.mentions[n] = left
            else:
                self.mentions.pop(n, None)
        self.skipped -= f.skipped

    def edge(self, key: EdgeKey) -> GraphEdge | None:
        parts = self.edge_parts.get(key)
        if not parts:
            return None
        evidence: list[Evidence] = []
        types: set[str] = set()
        labels: set[str] = set()
        directed = True
        for part in parts.values():
            evidence.extend(part.evidence)
            types |= part.types
            labels |= part.labels
            directed = directed and part.directed
        evidence.sort(key=_evidence_order)
        return GraphEdge(
            key[0],
            key[1],
            key[2],
            directed,
            len(evidence),
            sum(1 for a in parts if a != NO_ARTICLE),
            tuple(sorted(types)),
            tuple(sorted(labels)),
            tuple(evidence),
        )

    def node(self, node_id: int) -> GraphNode | None:
        arts = self.node_articles.get(node_id)
        row = self.entities.rows.get(node_id)
        if not arts or row is None:
            return None
        return GraphNode(
            node_id,
            row.uuid,
            row.name,
            row.kind,
            row.subtype,
            row.country_code,
            sum(1 for a in arts if a != NO_ARTICLE),
            self.mentions.get(node_id, 0),
        )

    def data(self) -> GraphData:
        """The whole graph."""
        out = GraphData()
        for n in self.node_articles:
            node = self.node(n)
            if node is not None:
                out.nodes[n] = node
        for key in self.edge_parts:
            edge = self.edge(key)
            if edge is not None:
                out.edges[key] = edge
        return out


# ------------------------------------------------------------------------------ API


def build_totals(
    s: Session, tagset: Tagset, scope: GraphScope
) -> tuple[GraphTotals, dict[int, ArticleFacts]]:
    """Every article's facts in scope and their aggregate (what the live graph keeps)."""
    entities = EntityIndex(tagset, scope.rollup)
    entities.load_all(s)
    facts = read_facts(s, tagset, scope, entities)
    totals = GraphTotals(entities)
    for f in facts.values():
        totals.add(f)
    return totals, facts


def build_graph(s: Session, tagset: Tagset, scope: GraphScope) -> GraphData:
    """The whole relation graph for one scope."""
    return build_totals(s, tagset, scope)[0].data()


def article_contribution(
    s: Session, tagset: Tagset, scope: GraphScope, article_id: int
) -> ArticleFacts:
    """What one article (its in-scope layers) contributes to the graph."""
    entities = EntityIndex(tagset, scope.rollup)
    if scope.rollup:
        entities.load_all(s)  # roll-up needs every state; otherwise read on demand
    return read_facts(s, tagset, scope, entities, [article_id])[article_id]


_SCOPE_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def check_scope_date(text: str) -> str:
    """``text`` if it is an ISO date, possibly partial ("2019", "2020-07", "2020-07-12");
    ValueError with a message for the user otherwise."""
    m = _SCOPE_DATE.match(text.strip())
    ok = m is not None
    if m is not None and m.group(2):
        ok = 1 <= int(m.group(2)) <= 12 and (not m.group(3) or 1 <= int(m.group(3)) <= 31)
    if not ok:
        raise ValueError(f"{text!r} is not a date like 2019, 2020-07 or 2020-07-12")
    return text.strip()


def annotator_ids(store: Store, names: Iterable[str]) -> frozenset[int]:
    """The ids of annotators named ``names``; ArmscribeError naming any unknown one."""
    wanted = set(names)
    with store.read() as s:
        found = dict(s.execute(select(Annotator.name, Annotator.id)).all())
    missing = sorted(wanted - set(found))
    if missing:
        known = ", ".join(sorted(found)) or "none"
        raise ArmscribeError(
            f"No annotator named {', '.join(missing)} in this store (annotators: {known})."
        )
    return frozenset(found[n] for n in wanted)
