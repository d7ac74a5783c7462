"""Inter-annotator agreement figures over aligned layers (definitions: docs/review.md).

Every F1 here is the symmetric pairwise F1, ``2 * matched / (units of A + units of B)``
(the same as precision/recall F1 with either annotator taken as the reference). Cohen's
kappa and Krippendorff's alpha (nominal) are implemented here and tested against
scikit-learn and the ``krippendorff`` package; neither is needed at run time.
"""

from __future__ import annotations

import csv
import gc
import io
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from itertools import combinations
from typing import Any

from db.annotations import ArticleAnnotations, EventRow
from db.jobs import CancelToken, Progress, no_progress
from db.review.align import ArticleAlignment, CorpusAlignment, ReviewError, annotator_ids
from db.review.align_rows import (
    EventTuple,
    LightArticle,
    MentionTuple,
    pair_event_rows,
    pair_mention_rows,
    read_light_layers,
)
from db.store import Store
from db.tagset import Tagset

# The value a Krippendorff unit takes on the side that tagged nothing there.
ABSENT = "<absent>"

# Measures, in the order the table shows them.
MENTION_F1_EXACT = "mention_f1_exact"
MENTION_F1_OVERLAP = "mention_f1_overlap"
TYPE_KAPPA = "type_kappa"
MENTION_ALPHA = "mention_alpha"
MENTION_ALPHA_MATCHED = "mention_alpha_matched"
ENTITY_LINK_AGREEMENT = "entity_link_agreement"
EVENT_F1 = "event_f1"
ARGUMENT_F1 = "argument_f1"
EDGE_F1 = "edge_f1"
MEASURES = (
    MENTION_F1_EXACT,
    MENTION_F1_OVERLAP,
    TYPE_KAPPA,
    MENTION_ALPHA,
    MENTION_ALPHA_MATCHED,
    ENTITY_LINK_AGREEMENT,
    EVENT_F1,
    ARGUMENT_F1,
    EDGE_F1,
)
ALL = "all"  # the scope of a figure over every type of the selection

# (source entity, target entity, edge style, weapon entity, status, year)
EdgeTuple = tuple[int, int, str, int | None, str | None, str | None]


@dataclass(frozen=True, slots=True)
class Figure:
    """One agreement figure. ``value`` is None when it is undefined (nothing to compare,
    or chance agreement is total)."""

    measure: str
    scope: str  # ALL or a mention/event type
    value: float | None
    matched: int  # units counted as agreeing (F1: matches; kappa/alpha: units used)
    a_count: int  # units of annotator A (kappa/alpha: units with A's value)
    b_count: int


@dataclass(frozen=True, slots=True)
class AgreementResult:
    """The figures of one annotator pair over one selection."""

    annotator_a: str
    annotator_b: str
    articles: int
    types: tuple[str, ...] | None
    figures: tuple[Figure, ...]

    def figure(self, measure: str, scope: str = ALL) -> Figure | None:
        return next((f for f in self.figures if f.measure == measure and f.scope == scope), None)

    def value(self, measure: str, scope: str = ALL) -> float | None:
        f = self.figure(measure, scope)
        return f.value if f is not None else None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# ------------------------------------------------------------------------- statistics


def f1(matched: int, a_count: int, b_count: int) -> float | None:
    """Symmetric F1 of two sets of units, None when both are empty."""
    total = a_count + b_count
    return 2.0 * matched / total if total else None


def cohen_kappa(labels_a: Sequence[Hashable], labels_b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two raters' labels on the same items (None when undefined:
    no items, or one label only so that chance agreement is 1)."""
    if len(labels_a) != len(labels_b):
        raise ValueError("both raters must label the same items")
    return _kappa_from_pairs(Counter(zip(labels_a, labels_b, strict=True)))


def _kappa_from_pairs(pairs: Counter[tuple[Hashable, Hashable]]) -> float | None:
    """Cohen's kappa from how often each (A's label, B's label) pair occurs. Every sum is
    an integer, so the value does not depend on the order the pairs were counted in."""
    n = sum(pairs.values())
    if n == 0:
        return None
    observed = sum(c for (x, y), c in pairs.items() if x == y) / n
    ca: Counter[Hashable] = Counter()
    cb: Counter[Hashable] = Counter()
    for (x, y), c in pairs.items():
        ca[x] += c
        cb[y] += c
    expected = sum(ca[k] * cb.get(k, 0) for k in ca) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha_nominal(units: Iterable[Sequence[Hashable | None]]) -> float | None:
    """Krippendorff's alpha for nominal data. Each unit lists the coders' values, None
    where a coder gave none; units with fewer than two values are not pairable and are
    left out (as in Krippendorff 2011). None when undefined (fewer than two pairable
    values, or a single value in the whole data)."""
    return _alpha_from_units(Counter(tuple(u) for u in units))


def _alpha_from_units(units: Counter[tuple[Hashable | None, ...]]) -> float | None:
    """Krippendorff's alpha (nominal) from how often each distinct unit occurs. With two
    coders every coincidence is a whole number, so the order of the units does not
    change the value."""
    coincidence: Counter[tuple[Hashable, Hashable]] = Counter()
    # Identical units contribute identically: count each distinct unit once, weighted.
    for unit, times in units.items():
        values = [v for v in unit if v is not None]
        m = len(values)
        if m < 2:
            continue
        weight = times / (m - 1)
        counts = Counter(values)
        for c, nc in counts.items():
            for k, nk in counts.items():
                pairs = nc * (nc - 1) if c == k else nc * nk
                if pairs:
                    coincidence[(c, k)] += pairs * weight  # type: ignore[assignment]
    totals: Counter[Hashable] = Counter()
    for (c, _), o in coincidence.items():
        totals[c] += o
    n = sum(totals.values())
    if n <= 1:
        return None
    observed = sum(o for (c, k), o in coincidence.items() if c != k)
    expected = (n * n - sum(v * v for v in totals.values())) / (n - 1)
    if expected == 0:
        return None
    return 1.0 - observed / expected


# ------------------------------------------------------------------------- graph edges


def edge_tuples(
    layer: ArticleAnnotations, tagset: Tagset, event_types: frozenset[str] | None = None
) -> set[EdgeTuple]:
    """The relation-graph edges one layer's events project to, by the tagset's edge rules
    (only fillers linked to entities make edges; undirected edges sort their ends)."""
    out: set[EdgeTuple] = set()
    for ev in layer.events:
        if event_types is not None and ev.type not in event_types:
            continue
        et = tagset.event_type(ev.type)
        if et is None:
            continue
        year = ev.date_start[:4] if ev.date_start else None
        for rule in et.edges:
            sources = _linked(layer, ev, rule.source)
            targets = _linked(layer, ev, rule.target)
            found = sorted(set(_linked(layer, ev, (rule.label_role,)))) if rule.label_role else []
            weapons: list[int | None] = list(found) if found else [None]
            if set(rule.source) == set(rule.target):
                ends = list(combinations(sorted(set(sources)), 2))
            else:
                ends = [(x, y) for x in sources for y in targets if x != y]
            for x, y in ends:
                if not rule.directed and y < x:
                    x, y = y, x
                for w in weapons:
                    out.add((x, y, rule.style, w, ev.status, year))
    return out


def _linked(layer: ArticleAnnotations, ev: EventRow, roles: Sequence[str]) -> list[int]:
    out = []
    for role in roles:
        for mid in ev.fillers(role):
            m = layer.mention(mid)
            if m is not None and m.entity_id is not None:
                out.append(m.entity_id)
    return out


# ------------------------------------------------------------------------- figures


class _Tally:
    """Matched / A / B counts per scope."""

    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = {}

    def add(self, scope: str, matched: int = 0, a: int = 0, b: int = 0) -> None:
        row = self.counts.setdefault(scope, [0, 0, 0])
        row[0] += matched
        row[1] += a
        row[2] += b

    def figures(self, measure: str) -> list[Figure]:
        scopes = sorted(self.counts, key=lambda k: (k != ALL, k))
        out = []
        for scope in scopes:
            m, a, b = self.counts[scope]
            out.append(Figure(measure, scope, f1(m, a, b), m, a, b))
        return out


def _add_type_counts(
    exact: _Tally,
    overlap: _Tally,
    a_types: Counter[str],
    b_types: Counter[str],
    exact_types: Counter[str],
    overlap_types: Counter[str],
) -> None:
    """The mention F1 tallies per type and over all types (both corpus paths)."""
    for tally, hits in ((exact, exact_types), (overlap, overlap_types)):
        for typ in set(a_types) | set(b_types):
            tally.add(typ, hits[typ], a_types[typ], b_types[typ])
        tally.add(ALL, sum(hits.values()), sum(a_types.values()), sum(b_types.values()))


def _result(
    annotators: tuple[str, str],
    articles: int,
    wanted: frozenset[str] | None,
    mention_figures: list[Figure],
    linked: list[int],
    events: _Tally,
    arguments: _Tally,
    edges: _Tally,
) -> AgreementResult:
    """The figures after the mention ones, in table order, and the result (both paths)."""
    link = linked[0] / linked[1] if linked[1] else None
    out = [
        *mention_figures,
        Figure(ENTITY_LINK_AGREEMENT, ALL, link, linked[0], linked[1], linked[1]),
        *events.figures(EVENT_F1),
        *arguments.figures(ARGUMENT_F1),
        *edges.figures(EDGE_F1),
    ]
    return AgreementResult(
        annotators[0],
        annotators[1],
        articles,
        tuple(sorted(wanted)) if wanted is not None else None,
        tuple(out),
    )


def figures_from_alignment(
    alignment: CorpusAlignment | Sequence[ArticleAlignment],
    tagset: Tagset,
    types: Iterable[str] | None = None,
    *,
    annotators: tuple[str, str] = ("", ""),
) -> AgreementResult:
    """Every figure over aligned articles. ``types`` restricts the units to those mention
    and event types (a unit belongs to the selection when either side's type is in it)."""
    if isinstance(alignment, CorpusAlignment):
        articles: Sequence[ArticleAlignment] = alignment.articles
        annotators = (alignment.annotator_a, alignment.annotator_b)
    else:
        articles = alignment
    wanted = frozenset(types) if types is not None else None

    def keep(*names: str | None) -> bool:
        return wanted is None or any(n in wanted for n in names if n is not None)

    exact, overlap, events, arguments, edges = _Tally(), _Tally(), _Tally(), _Tally(), _Tally()
    for t in (exact, overlap, events, arguments, edges):
        t.add(ALL)
    kappa_a: list[str] = []
    kappa_b: list[str] = []
    alpha_units: list[tuple[str | None, str | None]] = []
    a_types: Counter[str] = Counter()
    b_types: Counter[str] = Counter()
    exact_types: Counter[str] = Counter()
    overlap_types: Counter[str] = Counter()
    linked = [0, 0]  # same entity, pairs where either side is linked
    for art in articles:
        for p in art.mentions:
            ma, mb = p.a, p.b
            ta = ma.type if ma is not None else None
            tb = mb.type if mb is not None else None
            if wanted is not None and not keep(ta, tb):
                continue
            if ta is not None and (wanted is None or ta in wanted):
                a_types[ta] += 1
            if tb is not None and (wanted is None or tb in wanted):
                b_types[tb] += 1
            alpha_units.append((ta, tb))
            if ta is None or tb is None:
                continue
            if ta == tb:
                overlap_types[ta] += 1
                if p.exact:
                    exact_types[ta] += 1
            kappa_a.append(ta)
            kappa_b.append(tb)
            if ma.entity_id is not None or mb.entity_id is not None:  # type: ignore[union-attr]
                linked[1] += 1
                linked[0] += int(ma.entity_id == mb.entity_id)  # type: ignore[union-attr]
        for ep in art.events:
            ya = ep.a.type if ep.a is not None else None
            yb = ep.b.type if ep.b is not None else None
            for side, typ in (("a", ya), ("b", yb)):
                if typ is not None and keep(typ):
                    events.add(ALL, **{side: 1})
                    events.add(typ, **{side: 1})
            if ya is not None and yb is not None and keep(ya):
                events.add(ALL, matched=1)
                events.add(ya, matched=1)
        for xp in art.arguments:
            if not keep(xp.event_type):
                continue
            arguments.add(
                ALL,
                matched=int(xp.a is not None and xp.b is not None),
                a=int(xp.a is not None),
                b=int(xp.b is not None),
            )
        ev_types = wanted
        ea = edge_tuples(art.a, tagset, ev_types)
        eb = edge_tuples(art.b, tagset, ev_types)
        edges.add(ALL, matched=len(ea & eb), a=len(ea), b=len(eb))

    _add_type_counts(exact, overlap, a_types, b_types, exact_types, overlap_types)
    alpha_matched = alpha_units
    absent_coded = [(x or ABSENT, y or ABSENT) for x, y in alpha_units]
    out: list[Figure] = []
    out += exact.figures(MENTION_F1_EXACT)
    out += overlap.figures(MENTION_F1_OVERLAP)
    out.append(
        Figure(
            TYPE_KAPPA, ALL, cohen_kappa(kappa_a, kappa_b), len(kappa_a), len(kappa_a), len(kappa_b)
        )
    )
    out.append(
        Figure(
            MENTION_ALPHA,
            ALL,
            krippendorff_alpha_nominal(absent_coded),
            len(alpha_units),
            sum(1 for x, _ in alpha_units if x is not None),
            sum(1 for _, y in alpha_units if y is not None),
        )
    )
    out.append(
        Figure(
            MENTION_ALPHA_MATCHED,
            ALL,
            krippendorff_alpha_nominal(alpha_matched),
            sum(1 for x, y in alpha_matched if x is not None and y is not None),
            sum(1 for x, _ in alpha_matched if x is not None),
            sum(1 for _, y in alpha_matched if y is not None),
        )
    )
    return _result(annotators, len(articles), wanted, out, linked, events, arguments, edges)


def store_tagset(store: Store) -> Tagset:
    """The tagset recorded in the store (the default one when none is recorded)."""
    from db.models import StoreMeta
    from db.tagging import TAGSET_KEY
    from db.tagset import default_tagset, tagset_from_json

    with store.read() as s:
        meta = s.get(StoreMeta, TAGSET_KEY)
        value = meta.value if meta is not None else None
    if value is None:
        return default_tagset()
    return tagset_from_json(value, origin="the store's tagset")


def agreement(
    store: Store,
    annotator_a: str,
    annotator_b: str,
    article_ids: Iterable[int] | None = None,
    types: Iterable[str] | None = None,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> AgreementResult:
    """Align two annotators over a selection and compute every figure: the figures of
    ``figures_from_alignment(align_corpus(...))``, counted from plain rows without
    building the row objects and the pairs (4x faster on a large corpus)."""
    # Hundreds of thousands of row tuples and no reference cycles: the cyclic collector
    # would only walk them again and again (a fifth of the time on 1,000 x 100).
    with _cyclic_gc_paused():
        with store.read() as s:
            ida, idb = annotator_ids(s, [annotator_a, annotator_b])
            if ida == idb:
                raise ReviewError("Choose two different annotators to compare.")
            articles = read_light_layers(s, ida, idb, article_ids)
        counts = _Counts(store_tagset(store), frozenset(types) if types is not None else None)
        total = len(articles)
        progress(0, total, "Aligning")
        for n, art in enumerate(articles, 1):
            if cancel is not None and n % 50 == 0:
                cancel.check()
            counts.add(art)
            if n % 100 == 0 or n == total:
                progress(n, total, "Aligning")
        if cancel is not None:
            cancel.check()
    return counts.result(annotator_a, annotator_b, total)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (reference counting still frees
    everything); it is switched back on only if it was on."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# (source roles, target roles, label role, directed, style, source and target the same)
_Rule = tuple[tuple[str, ...], tuple[str, ...], str | None, bool, str, bool]


class _Counts:
    """The counts every figure is made of, added up article by article from light rows
    (the same units and rules as ``figures_from_alignment``)."""

    def __init__(self, tagset: Tagset, wanted: frozenset[str] | None) -> None:
        self.tagset = tagset
        self.wanted = wanted
        # (A's type, B's type, exact span, link: 0 neither linked, 1 same, 2 other) -> units
        self.mentions: Counter[tuple[str | None, str | None, bool, int]] = Counter()
        self.events: Counter[tuple[str | None, str | None]] = Counter()  # event pairs
        self.arguments: dict[str, list[int]] = {}  # event type -> matched, A, B
        self.edges = [0, 0, 0]  # matched, A, B
        self._rules: dict[str, tuple[_Rule, ...]] = {}

    def add(self, art: LightArticle) -> None:
        pairs, lone_a, lone_b = pair_mention_rows(art.mentions_a, art.mentions_b)
        units = self.mentions
        units.update(
            (
                ma[5],
                mb[5],
                exact,
                0 if ma[6] is None and mb[6] is None else 1 if ma[6] == mb[6] else 2,
            )
            for ma, mb, exact in pairs
        )
        units.update((m[5], None, False, 0) for m in lone_a)
        units.update((None, m[5], False, 0) for m in lone_b)
        if not art.events_a and not art.events_b:
            return
        by_id_a = {m[2]: m for m in art.mentions_a}
        by_id_b = {m[2]: m for m in art.mentions_b}
        paired = {ma[2]: mb[2] for ma, mb, _ in pairs}
        matched = pair_event_rows(art.events_a, art.events_b, by_id_a, by_id_b, paired)
        arguments = self.arguments
        for ea, eb, shared in matched:
            self.events[ea[1], eb[1]] += 1
            row = arguments.setdefault(ea[1], [0, 0, 0])
            row[0] += shared
            row[1] += len(ea[5])
            row[2] += len(eb[5])
        matched_a = {ea[0] for ea, _, _ in matched}
        matched_b = {eb[0] for _, eb, _ in matched}
        for ea in art.events_a:
            if ea[0] not in matched_a:
                self.events[ea[1], None] += 1
                arguments.setdefault(ea[1], [0, 0, 0])[1] += len(ea[5])
        for eb in art.events_b:
            if eb[0] not in matched_b:
                self.events[None, eb[1]] += 1
                arguments.setdefault(eb[1], [0, 0, 0])[2] += len(eb[5])
        edges_a = self._edge_tuples(art.events_a, by_id_a)
        edges_b = self._edge_tuples(art.events_b, by_id_b)
        self.edges[0] += len(edges_a & edges_b)
        self.edges[1] += len(edges_a)
        self.edges[2] += len(edges_b)

    def _edge_rules(self, event_type: str) -> tuple[_Rule, ...]:
        rules = self._rules.get(event_type)
        if rules is None:
            et = self.tagset.event_type(event_type)
            rules = tuple(
                (
                    r.source,
                    r.target,
                    r.label_role,
                    r.directed,
                    r.style,
                    set(r.source) == set(r.target),
                )
                for r in (et.edges if et is not None else ())
            )
            self._rules[event_type] = rules
        return rules

    def _edge_tuples(
        self, events: Sequence[EventTuple], mentions: dict[int, MentionTuple]
    ) -> set[EdgeTuple]:
        """``edge_tuples`` on light rows."""
        out: set[EdgeTuple] = set()
        wanted = self.wanted
        for _, typ, _, status, date_start, args in events:
            if wanted is not None and typ not in wanted:
                continue
            rules = self._edge_rules(typ)
            if not rules:
                continue
            linked: dict[str, list[int]] = {}  # role -> entities its fillers link to
            for _, role, mid in args:
                m = mentions.get(mid)
                if m is not None and m[6] is not None:
                    linked.setdefault(role, []).append(m[6])
            if not linked:
                continue
            year = date_start[:4] if date_start else None
            for source, target, label_role, directed, style, same in rules:
                sources = [e for r in source for e in linked.get(r, ())]
                if same:
                    ends: Iterable[tuple[int, int]] = combinations(sorted(set(sources)), 2)
                else:
                    targets = [e for r in target for e in linked.get(r, ())]
                    ends = [(x, y) for x in sources for y in targets if x != y]
                found = sorted(set(linked.get(label_role, ()))) if label_role else []
                weapons: list[int | None] = list(found) if found else [None]
                for x, y in ends:
                    if not directed and y < x:
                        x, y = y, x
                    for w in weapons:
                        out.add((x, y, style, w, status, year))
        return out

    def result(self, annotator_a: str, annotator_b: str, articles: int) -> AgreementResult:
        wanted = self.wanted

        def keep(*names: str | None) -> bool:
            return wanted is None or any(n in wanted for n in names if n is not None)

        a_types: Counter[str] = Counter()
        b_types: Counter[str] = Counter()
        exact_types: Counter[str] = Counter()
        overlap_types: Counter[str] = Counter()
        kappa: Counter[tuple[Hashable, Hashable]] = Counter()
        alpha: Counter[tuple[Hashable | None, ...]] = Counter()
        absent: Counter[tuple[Hashable | None, ...]] = Counter()
        with_a = with_b = both = 0
        linked = [0, 0]  # same entity, pairs where either side is linked
        for (ta, tb, is_exact, link), c in self.mentions.items():
            if wanted is not None and not keep(ta, tb):
                continue
            if ta is not None and (wanted is None or ta in wanted):
                a_types[ta] += c
            if tb is not None and (wanted is None or tb in wanted):
                b_types[tb] += c
            alpha[ta, tb] += c
            absent[ta or ABSENT, tb or ABSENT] += c
            with_a += c if ta is not None else 0
            with_b += c if tb is not None else 0
            if ta is None or tb is None:
                continue
            both += c
            if ta == tb:
                overlap_types[ta] += c
                if is_exact:
                    exact_types[ta] += c
            kappa[ta, tb] += c
            if link:
                linked[1] += c
                linked[0] += c if link == 1 else 0
        exact, overlap, events, arguments, edges = _Tally(), _Tally(), _Tally(), _Tally(), _Tally()
        for t in (exact, overlap, events, arguments, edges):
            t.add(ALL)
        _add_type_counts(exact, overlap, a_types, b_types, exact_types, overlap_types)
        for (ya, yb), c in self.events.items():
            if ya is not None and keep(ya):
                events.add(ALL, a=c)
                events.add(ya, a=c)
            if yb is not None and keep(yb):
                events.add(ALL, b=c)
                events.add(yb, b=c)
            if ya is not None and yb is not None and keep(ya):
                events.add(ALL, matched=c)
                events.add(ya, matched=c)
        for typ, (m, a, b) in self.arguments.items():
            if keep(typ):
                arguments.add(ALL, m, a, b)
        edges.add(ALL, *self.edges)
        out: list[Figure] = []
        out += exact.figures(MENTION_F1_EXACT)
        out += overlap.figures(MENTION_F1_OVERLAP)
        out.append(Figure(TYPE_KAPPA, ALL, _kappa_from_pairs(kappa), both, both, both))
        total = with_a + with_b - both  # every unit has at least one side
        out.append(Figure(MENTION_ALPHA, ALL, _alpha_from_units(absent), total, with_a, with_b))
        out.append(
            Figure(MENTION_ALPHA_MATCHED, ALL, _alpha_from_units(alpha), both, with_a, with_b)
        )
        return _result(
            (annotator_a, annotator_b), articles, wanted, out, linked, events, arguments, edges
        )


def figures_csv(result: AgreementResult) -> str:
    """The figures table as CSV (one row per measure and scope)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["annotator_a", "annotator_b", "measure", "scope", "value", "matched", "a", "b"])
    for f in result.figures:
        w.writerow(
            [
                result.annotator_a,
                result.annotator_b,
                f.measure,
                f.scope,
                "" if f.value is None else repr(f.value),
                f.matched,
                f.a_count,
                f.b_count,
            ]
        )
    return buf.getvalue()
