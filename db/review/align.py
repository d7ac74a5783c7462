"""Aligning two annotators' layers of the same articles, unit by unit.

Mentions pair up by exact span first, then by overlapping span (greedy, largest overlap
first). Events pair up by type and overlapping trigger span; the arguments of paired
events by role and filler (the same linked entity, or the mention paired with it).
Every unit comes back as a ``Difference`` (``kind == "agreed"`` included) that a review
view can list; ``ArticleAlignment`` also keeps the raw pairs the agreement figures count.
Rules and examples: docs/review.md. The tuple fast path that agreement over a corpus
uses lives in ``db.review.align_rows``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from typing import Any

from sqlalchemy import Connection, Select, select
from sqlalchemy.orm import Session

from db.annotations import ArgumentRow, ArticleAnnotations, EventRow, MentionRow, RelationRow
from db.errors import ArmscribeError
from db.jobs import CancelToken, Progress, no_progress
from db.models import (
    Annotator,
    ArticleText,
    Event,
    EventArgument,
    Mention,
    Relation,
)
from db.review.align_rows import _rows, id_chunks
from db.store import Store

# Difference kinds.
AGREED = "agreed"
ONLY_A = "only_a"
ONLY_B = "only_b"
DIFFERENT_TYPE = "different_type"
DIFFERENT_BOUNDARY = "different_boundary"
DIFFERENT_ENTITY = "different_entity"
DIFFERENT_ARGUMENT = "different_argument"
DIFFERENT_ATTRIBUTE = "different_attribute"
KINDS = (
    AGREED,
    ONLY_A,
    ONLY_B,
    DIFFERENT_TYPE,
    DIFFERENT_BOUNDARY,
    DIFFERENT_ENTITY,
    DIFFERENT_ARGUMENT,
    DIFFERENT_ATTRIBUTE,
)
# The event attributes compared between paired events ("date" is the normalised range).
COMPARED_ATTRIBUTES = ("status", "modality", "date")


class ReviewError(ArmscribeError):
    """A review or agreement request that cannot be answered as asked."""


@dataclass(frozen=True, slots=True)
class Side:
    """One annotator's row behind a unit: what to select and show in a review view."""

    id: int  # mentions.id, events.id or event_arguments.id
    uuid: str
    start: int | None  # code points: the mention, the event's trigger, the filler
    end: int | None
    label: str | None  # mention/event type, argument role, or the attribute's value
    text: str = ""  # surface text of the span
    entity_id: int | None = None  # the linked entity (mentions, argument fillers)


@dataclass(frozen=True, slots=True)
class Difference:
    """One aligned unit and how the two sides relate (``kind``, one of ``KINDS``)."""

    kind: str
    unit: str  # "mention", "event" or "argument"
    article_id: int
    a: Side | None
    b: Side | None
    detail: str | None = None  # the attribute name (different_attribute) or the role

    @property
    def start(self) -> int | None:
        """Where to scroll to: the earlier side's start."""
        starts = [x.start for x in (self.a, self.b) if x is not None and x.start is not None]
        return min(starts) if starts else None


@dataclass(frozen=True, slots=True)
class MentionPair:
    """Two aligned mentions (one side may be missing); ``exact`` when the spans are equal."""

    a: MentionRow | None
    b: MentionRow | None
    exact: bool = False


@dataclass(frozen=True, slots=True)
class EventPair:
    """Two events aligned by type and trigger (one side may be missing)."""

    a: EventRow | None
    b: EventRow | None


@dataclass(frozen=True, slots=True)
class ArgumentPair:
    """Two arguments of paired events with the same role and filler (or one alone)."""

    a: ArgumentRow | None
    b: ArgumentRow | None
    event_type: str  # the type of the event (A's when the events differ)
    event_a: int | None = None  # the events the arguments belong to: both are set
    event_b: int | None = None  # when the events are paired, even if an argument is alone


@dataclass(frozen=True)
class ArticleAlignment:
    """Two layers of one article aligned (A is the first annotator, B the second)."""

    article_id: int
    a: ArticleAnnotations
    b: ArticleAnnotations
    mentions: tuple[MentionPair, ...]
    events: tuple[EventPair, ...]  # same type and overlapping trigger, or one side alone
    arguments: tuple[ArgumentPair, ...]  # every argument of either layer, paired or alone
    retyped: tuple[EventPair, ...] = ()  # other type, overlapping trigger (also in events)

    @cached_property
    def differences(self) -> tuple[Difference, ...]:
        """Every unit (mentions, events, arguments) in text order. Built on first use:
        the agreement figures need only the pairs."""
        diffs = [_mention_difference(self.article_id, p) for p in self.mentions]
        diffs += _event_differences(self)
        diffs.sort(key=_difference_order)
        return tuple(diffs)

    @property
    def disagreements(self) -> tuple[Difference, ...]:
        """The units that are not agreed, in text order."""
        return tuple(d for d in self.differences if d.kind != AGREED)

    def count(self, kind: str, unit: str | None = None) -> int:
        return sum(1 for d in self.differences if d.kind == kind and unit in (None, d.unit))


@dataclass(frozen=True)
class CorpusAlignment:
    """Two annotators' layers aligned over a selection of articles."""

    annotator_a: str
    annotator_b: str
    annotator_a_id: int
    annotator_b_id: int
    articles: tuple[ArticleAlignment, ...] = field(default=())

    def counts(self) -> dict[str, int]:
        """Units per difference kind over the whole selection."""
        out = dict.fromkeys(KINDS, 0)
        for art in self.articles:
            for d in art.differences:
                out[d.kind] += 1
        return out


# ------------------------------------------------------------------------- reading


def annotator_ids(s: Session, names: Sequence[str]) -> list[int]:
    """The ids of annotators by name; a clear error names the unknown ones."""
    found = {
        n: i
        for n, i in s.execute(select(Annotator.name, Annotator.id).where(Annotator.name.in_(names)))
    }
    missing = [n for n in names if n not in found]
    if missing:
        known = ", ".join(sorted(s.scalars(select(Annotator.name)))) or "none"
        raise ReviewError(
            f"No annotator called {', '.join(repr(m) for m in missing)} in this store "
            f"(annotators: {known})."
        )
    return [int(found[n]) for n in names]


def load_layers(
    s: Session,
    annotators: Sequence[int],
    article_ids: Iterable[int] | None = None,
    *,
    with_text: bool = True,
    with_attributes: bool = True,
) -> dict[tuple[int, int], ArticleAnnotations]:
    """Every layer of ``annotators`` (over ``article_ids``, or every article) in a few bulk
    queries, keyed by (article id, annotator id). Layers without any row are absent.
    ``entities`` stays empty: entity ids are comparable inside one store. Without
    ``with_attributes`` the rows' attribute dicts are left empty (alignment ignores them;
    decoding 100,000 JSON values is a large share of a corpus read)."""
    conn = s.connection()  # Core rows: no ORM result machinery on 100,000s of rows
    names = {
        i: n
        for i, n in conn.execute(
            select(Annotator.id, Annotator.name).where(Annotator.id.in_(annotators))
        )
    }
    ann_ids = list(annotators)
    selections: list[Sequence[int] | None] = (
        list(id_chunks(sorted(set(article_ids)))) if article_ids is not None else [None]
    )
    m_attrs = Mention.attributes if with_attributes else Mention.id
    e_attrs = Event.attributes if with_attributes else Event.id
    r_attrs = Relation.attributes if with_attributes else Relation.id
    raw_mentions: list[Any] = []
    raw_events: list[Any] = []
    relations: dict[tuple[int, int], list[RelationRow]] = {}
    arguments: dict[int, list[ArgumentRow]] = {}
    for sel in selections:
        mq = select(
            Mention.article_id,
            Mention.annotator_id,
            Mention.id,
            Mention.uuid,
            Mention.start,
            Mention.end,
            Mention.type,
            Mention.entity_id,
            m_attrs,
        ).where(Mention.annotator_id.in_(ann_ids))
        eq = select(
            Event.article_id,
            Event.annotator_id,
            Event.id,
            Event.uuid,
            Event.type,
            Event.trigger_mention_id,
            Event.status,
            Event.modality,
            Event.date_start,
            Event.date_end,
            e_attrs,
        ).where(Event.annotator_id.in_(ann_ids))
        aq = (
            select(
                EventArgument.event_id,
                EventArgument.id,
                EventArgument.uuid,
                EventArgument.role,
                EventArgument.mention_id,
            )
            .join(Event, Event.id == EventArgument.event_id)
            .where(Event.annotator_id.in_(ann_ids))
        )
        rq = select(
            Relation.article_id,
            Relation.annotator_id,
            Relation.id,
            Relation.uuid,
            Relation.type,
            Relation.source_entity_id,
            Relation.target_entity_id,
            Relation.evidence_mention_id,
            r_attrs,
        ).where(Relation.annotator_id.in_(ann_ids), Relation.article_id.is_not(None))
        if sel is not None:
            mq = mq.where(Mention.article_id.in_(sel))
            eq = eq.where(Event.article_id.in_(sel))
            aq = aq.where(Event.article_id.in_(sel))
            rq = rq.where(Relation.article_id.in_(sel))
        # Chunks come in article order, so ordering each chunk orders the whole.
        raw_mentions += (_rows if not with_attributes else _core_rows)(
            conn,
            mq.order_by(
                Mention.article_id,
                Mention.annotator_id,
                Mention.start,
                Mention.end.desc(),
                Mention.id,
            ),
        )
        raw_events += (_rows if not with_attributes else _core_rows)(
            conn, eq.order_by(Event.article_id, Event.annotator_id, Event.id)
        )
        for ev, ai, au, role, mid in _rows(conn, aq.order_by(EventArgument.id)):
            arguments.setdefault(ev, []).append(ArgumentRow(ai, au, role, mid))
        for art, who, ri, ru, rt, src, tgt, evid, rattrs in conn.execute(rq.order_by(Relation.id)):
            attrs = dict(rattrs or {}) if with_attributes else {}
            relations.setdefault((art, who), []).append(
                RelationRow(ri, ru, rt, src, tgt, evid, attrs)
            )
    texts: dict[int, str] = {}
    if with_text:
        wanted = sorted({r[0] for r in raw_mentions})
        for sel in id_chunks(wanted):
            texts.update(
                (i, t)
                for i, t in conn.execute(
                    select(ArticleText.article_id, ArticleText.text).where(
                        ArticleText.article_id.in_(sel)
                    )
                )
            )
    mentions: dict[tuple[int, int], list[MentionRow]] = {}
    key: tuple[int, int] | None = None
    bucket: list[MentionRow] = []
    body = ""
    name = ""
    for art, who, mi, mu, a, b, t, ent, attrs in raw_mentions:
        if key != (art, who):
            key = (art, who)
            bucket = mentions.setdefault(key, [])
            body = texts.get(art, "")
            name = names.get(who, "")
        bucket.append(
            MentionRow(
                mi, mu, a, b, t, body[a:b], ent, dict(attrs or {}) if with_attributes else {}, name
            )
        )
    events: dict[tuple[int, int], list[EventRow]] = {}
    for art, who, i, u, t, trig, st, mod, ds, de, attrs in raw_events:
        events.setdefault((art, who), []).append(
            EventRow(
                i,
                u,
                t,
                trig,
                st,
                mod,
                ds,
                de,
                dict(attrs or {}) if with_attributes else {},
                tuple(arguments.get(i, ())),
            )
        )
    keys = set(mentions) | set(events) | set(relations)
    return {
        k: ArticleAnnotations(
            k[0], k[1], mentions.get(k, []), events.get(k, []), relations.get(k, [])
        )
        for k in sorted(keys)
    }


def _core_rows(conn: Connection, stmt: Select[Any]) -> list[Any]:
    return list(conn.execute(stmt).all())


# ------------------------------------------------------------------------- aligning


def _mention_side(m: MentionRow) -> Side:
    return Side(m.id, m.uuid, m.start, m.end, m.type, m.text, m.entity_id)


def align_mentions(a: Sequence[MentionRow], b: Sequence[MentionRow]) -> list[MentionPair]:
    """Pair mentions: equal spans first (same type preferred), then overlapping spans,
    greedily by overlap size; the rest stand alone. Result in text order."""
    keyed: list[tuple[int, int, int, MentionPair]] = []
    by_span: dict[tuple[int, int], list[MentionRow]] = {}
    for m in b:
        by_span.setdefault((m.start, m.end), []).append(m)
    rest_a: list[MentionRow] = []
    for m in a:
        group = by_span.get((m.start, m.end))
        if group:
            pick = group[0]
            if pick.type != m.type:
                pick = next((x for x in group if x.type == m.type), pick)
            group.remove(pick)
            keyed.append((m.start, m.end, min(m.id, pick.id), MentionPair(m, pick, True)))
        else:
            rest_a.append(m)
    rest_b = [m for group in by_span.values() for m in group]
    if rest_a and rest_b:
        rest_b.sort(key=lambda m: (m.start, m.end))
        starts = [m.start for m in rest_b]
        longest = max(m.end - m.start for m in rest_b)
        candidates: list[tuple[int, int, int, int, int]] = []
        for i, ma in enumerate(rest_a):
            # Only a B mention starting within ``longest`` before A's start can reach it.
            j = bisect_left(starts, ma.start - longest)
            for mb in rest_b[j:]:
                if mb.start >= ma.end:
                    break
                overlap = min(ma.end, mb.end) - max(ma.start, mb.start)
                if overlap > 0:
                    same = 0 if ma.type == mb.type else 1
                    candidates.append((-overlap, same, ma.start, i, j))
                j += 1
        candidates.sort()
        used_a: set[int] = set()
        used_b: set[int] = set()
        for _, _, _, i, j in candidates:
            if i in used_a or j in used_b:
                continue
            used_a.add(i)
            used_b.add(j)
            x, y = rest_a[i], rest_b[j]
            keyed.append(
                (
                    min(x.start, y.start),
                    max(x.end, y.end),
                    min(x.id, y.id),
                    MentionPair(x, y, False),
                )
            )
        rest_a = [m for i, m in enumerate(rest_a) if i not in used_a]
        rest_b = [m for j, m in enumerate(rest_b) if j not in used_b]
    keyed += [(m.start, m.end, m.id, MentionPair(m, None)) for m in rest_a]
    keyed += [(m.start, m.end, m.id, MentionPair(None, m)) for m in rest_b]
    keyed.sort(key=_first3)
    return [k[3] for k in keyed]


def _first3(k: tuple[int, int, int, MentionPair]) -> tuple[int, int, int]:
    return k[0], k[1], k[2]


def _mention_difference(article_id: int, p: MentionPair) -> Difference:
    a = _mention_side(p.a) if p.a is not None else None
    b = _mention_side(p.b) if p.b is not None else None
    if p.a is None:
        kind = ONLY_B
    elif p.b is None:
        kind = ONLY_A
    elif not p.exact:
        kind = DIFFERENT_BOUNDARY
    elif p.a.type != p.b.type:
        kind = DIFFERENT_TYPE
    elif p.a.entity_id != p.b.entity_id:
        kind = DIFFERENT_ENTITY
    else:
        kind = AGREED
    return Difference(kind, "mention", article_id, a, b)


def _span(ann: ArticleAnnotations, mention_id: int | None) -> tuple[int, int] | None:
    if mention_id is None:
        return None
    m = ann.mention(mention_id)
    return (m.start, m.end) if m is not None else None


def _event_side(ann: ArticleAnnotations, e: EventRow) -> Side:
    m = ann.mention(e.trigger_mention_id) if e.trigger_mention_id is not None else None
    return Side(
        e.id,
        e.uuid,
        m.start if m else None,
        m.end if m else None,
        e.type,
        m.text if m else "",
        None,
    )


def _argument_side(ann: ArticleAnnotations, arg: ArgumentRow) -> Side:
    m = ann.mention(arg.mention_id)
    return Side(
        arg.id,
        arg.uuid,
        m.start if m else None,
        m.end if m else None,
        arg.role,
        m.text if m else "",
        m.entity_id if m else None,
    )


def _fillers_match(ma: MentionRow | None, mb: MentionRow | None, paired: dict[int, int]) -> bool:
    if ma is None or mb is None:
        return False
    if ma.entity_id is not None and mb.entity_id is not None:
        return ma.entity_id == mb.entity_id
    return paired.get(ma.id) == mb.id


def _shared_arguments(
    ea: EventRow,
    eb: EventRow,
    a: ArticleAnnotations,
    b: ArticleAnnotations,
    paired: dict[int, int],
) -> list[tuple[ArgumentRow, ArgumentRow]]:
    out: list[tuple[ArgumentRow, ArgumentRow]] = []
    used: set[int] = set()
    for xa in ea.arguments:
        ma = a.mention(xa.mention_id)
        for xb in eb.arguments:
            if xb.id in used or xb.role != xa.role:
                continue
            if _fillers_match(ma, b.mention(xb.mention_id), paired):
                used.add(xb.id)
                out.append((xa, xb))
                break
    return out


def _event_candidates(
    a: ArticleAnnotations,
    b: ArticleAnnotations,
    events_a: Sequence[EventRow],
    events_b: Sequence[EventRow],
    paired: dict[int, int],
    same_type: bool,
) -> list[tuple[EventRow, EventRow]]:
    scored: list[tuple[int, int, int, int, EventRow, EventRow]] = []
    for ea in events_a:
        sa = _span(a, ea.trigger_mention_id)
        for eb in events_b:
            if (ea.type == eb.type) != same_type:
                continue
            sb = _span(b, eb.trigger_mention_id)
            if sa is not None and sb is not None:
                overlap = min(sa[1], sb[1]) - max(sa[0], sb[0])
                if overlap <= 0:
                    continue
            elif same_type and sa is None and sb is None:
                overlap = 0  # neither has a trigger: pair by shared arguments
            else:
                continue
            shared = len(_shared_arguments(ea, eb, a, b, paired)) if same_type else 0
            scored.append((-overlap, -shared, ea.id, eb.id, ea, eb))
    scored.sort(key=lambda t: t[:4])
    out: list[tuple[EventRow, EventRow]] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    for *_, ea, eb in scored:
        if ea.id in used_a or eb.id in used_b:
            continue
        used_a.add(ea.id)
        used_b.add(eb.id)
        out.append((ea, eb))
    return out


def _attribute_value(e: EventRow, name: str) -> str | None:
    if name == "date":
        if e.date_start is None and e.date_end is None:
            return None
        if e.date_end and e.date_end != e.date_start:
            return f"{e.date_start or ''}/{e.date_end}"
        return e.date_start
    value = getattr(e, name)
    return value if isinstance(value, str) else None


def align_article(a: ArticleAnnotations, b: ArticleAnnotations) -> ArticleAlignment:
    """Align two layers of the same article (see the module's docstring)."""
    if a.article_id != b.article_id:
        raise ReviewError("Only layers of the same article can be aligned.")
    mpairs = align_mentions(a.mentions, b.mentions)
    epairs: list[EventPair] = []
    apairs: list[ArgumentPair] = []
    retyped: list[tuple[EventRow, EventRow]] = []
    if a.events or b.events:
        paired = {p.a.id: p.b.id for p in mpairs if p.a is not None and p.b is not None}
        matched = _event_candidates(a, b, a.events, b.events, paired, same_type=True)
        matched_a = {ea.id for ea, _ in matched}
        matched_b = {eb.id for _, eb in matched}
        retyped = _event_candidates(
            a,
            b,
            [e for e in a.events if e.id not in matched_a],
            [e for e in b.events if e.id not in matched_b],
            paired,
            same_type=False,
        )
        for ea, eb in matched:
            epairs.append(EventPair(ea, eb))
            shared = _shared_arguments(ea, eb, a, b, paired)
            both = {x.id for x, _ in shared} | {y.id for _, y in shared}
            apairs += [ArgumentPair(x, y, ea.type, ea.id, eb.id) for x, y in shared]
            apairs += [
                ArgumentPair(x, None, ea.type, ea.id, eb.id)
                for x in ea.arguments
                if x.id not in both
            ]
            apairs += [
                ArgumentPair(None, y, ea.type, ea.id, eb.id)
                for y in eb.arguments
                if y.id not in both
            ]
        for ea in a.events:
            if ea.id not in matched_a:
                epairs.append(EventPair(ea, None))
                apairs += [ArgumentPair(x, None, ea.type, ea.id) for x in ea.arguments]
        for eb in b.events:
            if eb.id not in matched_b:
                epairs.append(EventPair(None, eb))
                apairs += [ArgumentPair(None, y, eb.type, None, eb.id) for y in eb.arguments]
    return ArticleAlignment(
        a.article_id,
        a,
        b,
        tuple(mpairs),
        tuple(epairs),
        tuple(apairs),
        tuple(EventPair(x, y) for x, y in retyped),
    )


def _event_differences(al: ArticleAlignment) -> list[Difference]:
    art, a, b = al.article_id, al.a, al.b
    diffs: list[Difference] = []
    for rp in al.retyped:
        assert rp.a is not None and rp.b is not None
        diffs.append(
            Difference(DIFFERENT_TYPE, "event", art, _event_side(a, rp.a), _event_side(b, rp.b))
        )
    retyped_a = {rp.a.id for rp in al.retyped if rp.a is not None}
    retyped_b = {rp.b.id for rp in al.retyped if rp.b is not None}
    args: dict[tuple[int | None, int | None], list[ArgumentPair]] = {}
    for xp in al.arguments:
        args.setdefault((xp.event_a, xp.event_b), []).append(xp)
    for ep in al.events:
        ea, eb = ep.a, ep.b
        if ea is None or eb is None:
            if ea is not None and ea.id not in retyped_a:
                diffs.append(Difference(ONLY_A, "event", art, _event_side(a, ea), None))
            if eb is not None and eb.id not in retyped_b:
                diffs.append(Difference(ONLY_B, "event", art, None, _event_side(b, eb)))
            continue
        sa, sb = _event_side(a, ea), _event_side(b, eb)
        odd = [n for n in COMPARED_ATTRIBUTES if _attribute_value(ea, n) != _attribute_value(eb, n)]
        if not odd:
            diffs.append(Difference(AGREED, "event", art, sa, sb))
        for name in odd:
            diffs.append(
                Difference(
                    DIFFERENT_ATTRIBUTE,
                    "event",
                    art,
                    _with_label(sa, _attribute_value(ea, name)),
                    _with_label(sb, _attribute_value(eb, name)),
                    name,
                )
            )
        group = args.get((ea.id, eb.id), [])
        left_b = [xp.b for xp in group if xp.a is None and xp.b is not None]
        for xp in group:
            if xp.a is not None and xp.b is not None:
                diffs.append(
                    Difference(
                        AGREED,
                        "argument",
                        art,
                        _argument_side(a, xp.a),
                        _argument_side(b, xp.b),
                        xp.a.role,
                    )
                )
            elif xp.a is not None:
                role = xp.a.role
                xb = next((y for y in left_b if y.role == role), None)
                if xb is not None:
                    left_b.remove(xb)
                diffs.append(
                    Difference(
                        DIFFERENT_ARGUMENT,
                        "argument",
                        art,
                        _argument_side(a, xp.a),
                        _argument_side(b, xb) if xb is not None else None,
                        role,
                    )
                )
        for yb in left_b:
            diffs.append(
                Difference(
                    DIFFERENT_ARGUMENT, "argument", art, None, _argument_side(b, yb), yb.role
                )
            )
    return diffs


_UNIT_ORDER = {"mention": 0, "event": 1, "argument": 2}


def _difference_order(d: Difference) -> tuple[int, int, int]:
    start = d.start
    return (start if start is not None else 1 << 40, _UNIT_ORDER[d.unit], KINDS.index(d.kind))


def _with_label(side: Side, label: str | None) -> Side:
    return Side(side.id, side.uuid, side.start, side.end, label, side.text, side.entity_id)


def align_many(layers: Sequence[ArticleAnnotations]) -> dict[tuple[int, int], ArticleAlignment]:
    """Every pair of several annotators' layers of one article, keyed by the two
    annotator ids (in the order given)."""
    return {
        (x.annotator_id, y.annotator_id): align_article(x, y) for x, y in combinations(layers, 2)
    }


def align_corpus(
    store: Store,
    annotator_a: str,
    annotator_b: str,
    article_ids: Iterable[int] | None = None,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> CorpusAlignment:
    """Align two annotators' layers over ``article_ids`` (or every article either of them
    tagged). Reads both layers in a few bulk queries; articles that only one of them
    tagged align against an empty layer (everything only_a or only_b)."""
    with store.read() as s:
        ida, idb = annotator_ids(s, [annotator_a, annotator_b])
        if ida == idb:
            raise ReviewError("Choose two different annotators to compare.")
        layers = load_layers(s, [ida, idb], article_ids, with_attributes=False)
    articles = sorted({k[0] for k in layers})
    total = len(articles)
    progress(0, total, "Aligning")
    out: list[ArticleAlignment] = []
    for n, art in enumerate(articles, 1):
        if cancel is not None and n % 50 == 0:
            cancel.check()
        la = layers.get((art, ida)) or ArticleAnnotations(art, ida)
        lb = layers.get((art, idb)) or ArticleAnnotations(art, idb)
        out.append(align_article(la, lb))
        if n % 100 == 0 or n == total:
            progress(n, total, "Aligning")
    if cancel is not None:
        cancel.check()
    return CorpusAlignment(annotator_a, annotator_b, ida, idb, tuple(out))
