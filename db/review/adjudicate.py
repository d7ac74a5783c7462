"""Adjudication: a reviewer decides differences between two analysts' layers, copying
the chosen rows into the curated layer and recording each decision.

Every decision is one ``ReviewDecision`` row plus the curated rows it created, changed
or reused, written in the caller's transaction through the same ``Recorder`` the
tagging edits use, so that the reviewer's Edit > Undo removes the curated rows and the
decision row together (and Redo puts them back).

Copies get new uuids; the decision row keeps the source uuids (``source_uuids``, the
chosen side's row first) and the curated ones (``curated_uuids``). Curated mentions are
never duplicated: a copy reuses the curated mention at the same span and type.

Re-deciding a difference *replaces* the earlier decision (one edit): the earlier
decision row goes, and so do the curated rows it listed that no other decision of the
article lists (an attribute decision's event stays; the new value overwrites it).
Rules and examples: docs/review.md ("Decisions and the curated layer").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Annotator, Event, EventArgument, Mention, ReviewDecision
from db.ops import annotating as ops
from db.review.align import (
    AGREED,
    DIFFERENT_ATTRIBUTE,
    ONLY_A,
    ONLY_B,
    Difference,
    ReviewError,
    Side,
)
from db.tagset import Tagset
from db.undo import Recorder

CURATED_ROLE = "curated"
CURATED_NAME = "curated"
CURATED_DISPLAY_NAME = "Curated"

ACCEPT_A = "accept_a"
ACCEPT_B = "accept_b"
ACCEPT_BOTH = "accept_both"
REJECT = "reject"
EDIT = "edit"
ACCEPT_AGREED = "accept_agreed"
DECISIONS = (ACCEPT_A, ACCEPT_B, ACCEPT_BOTH, REJECT, EDIT, ACCEPT_AGREED)
UNITS = ("mention", "event", "argument", "attribute")
R = TypeVar("R", Mention, Event, EventArgument)


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """One recorded decision, as the review view shows it."""

    id: int
    uuid: str
    article_id: int
    reviewer_id: int
    key: str
    unit: str
    kind: str
    decision: str
    source_uuids: tuple[str, ...]
    curated_uuids: tuple[str, ...]
    note: str | None
    created_at: datetime


def decision_row(d: ReviewDecision) -> DecisionRow:
    return DecisionRow(
        d.id,
        d.uuid,
        d.article_id,
        d.reviewer_id,
        d.key,
        d.unit,
        d.kind,
        d.decision,
        tuple(d.source_uuids or ()),
        tuple(d.curated_uuids or ()),
        d.note,
        d.created_at,
    )


def curated_annotator_id(s: Session) -> int:
    """The store's curated (gold) layer: the annotator with role "curated", created
    (name "curated", display name "Curated") when the store has none."""
    found = s.scalar(
        select(Annotator.id).where(Annotator.role == CURATED_ROLE).order_by(Annotator.id).limit(1)
    )
    if found is not None:
        return found
    name, n = CURATED_NAME, 1
    while s.scalar(select(Annotator.id).where(Annotator.name == name)) is not None:
        n += 1
        name = f"{CURATED_NAME}-{n}"
    row = Annotator(name=name, display_name=CURATED_DISPLAY_NAME, role=CURATED_ROLE)
    s.add(row)
    s.flush()
    return row.id


def decision_unit(d: Difference) -> str:
    """The decision's unit: an event attribute difference is an "attribute" unit."""
    return "attribute" if d.kind == DIFFERENT_ATTRIBUTE else d.unit


def difference_key(d: Difference) -> str:
    """A stable key for a difference: its unit, detail (role or attribute name) and the
    uuids of both sides, sorted, so the key is the same whichever annotator is A."""
    uuids = sorted(x.uuid for x in (d.a, d.b) if x is not None)
    return f"{decision_unit(d)}:{d.detail or ''}:{'+'.join(uuids)}"


def allowed_decisions(d: Difference) -> tuple[str, ...]:
    """The decisions a difference admits (a side that is missing cannot be accepted;
    an attribute has one value; ``accept_agreed`` only for agreed units)."""
    if d.kind == AGREED:
        return (ACCEPT_AGREED, ACCEPT_A, ACCEPT_B, REJECT, EDIT)
    if d.kind == ONLY_A or (d.a is not None and d.b is None):
        return (ACCEPT_A, REJECT, EDIT)
    if d.kind == ONLY_B or (d.a is None and d.b is not None):
        return (ACCEPT_B, REJECT, EDIT)
    if d.kind == DIFFERENT_ATTRIBUTE:
        return (ACCEPT_A, ACCEPT_B, REJECT, EDIT)
    return (ACCEPT_A, ACCEPT_B, ACCEPT_BOTH, REJECT, EDIT)


def _chosen(d: Difference, decision: str) -> list[Side]:
    if decision == ACCEPT_A:
        return [d.a] if d.a is not None else []
    if decision == ACCEPT_B:
        return [d.b] if d.b is not None else []
    if decision == ACCEPT_BOTH:
        return [x for x in (d.a, d.b) if x is not None]
    if decision == ACCEPT_AGREED:
        side = d.a if d.a is not None else d.b
        return [side] if side is not None else []
    return []


class _Adjudicator:
    """Copies rows of one article into the curated layer, noting every curated row it
    creates, changes or reuses (``used``, in order)."""

    def __init__(
        self, s: Session, rec: Recorder, tagset: Tagset, curated_id: int, article_id: int
    ) -> None:
        self.s = s
        self.rec = rec
        self.tagset = tagset
        self.curated_id = curated_id
        self.article_id = article_id
        self.used: dict[str, None] = {}

    def _use(self, row: Mention | Event | EventArgument) -> None:
        self.used.setdefault(row.uuid, None)

    def source(self, model: type[R], side: Side) -> R:
        row = self.s.get(model, side.id)
        if row is None or row.uuid != side.uuid:
            raise ReviewError(
                "A row of this difference has changed since the review was opened; refresh."
            )
        return row

    def mention(self, src: Mention, *, sync: bool) -> Mention:
        """The curated mention at ``src``'s span and type (created if missing). With
        ``sync`` its entity link and attributes become ``src``'s; otherwise only a
        missing link is filled in."""
        found = self.s.scalar(
            select(Mention)
            .where(
                Mention.article_id == self.article_id,
                Mention.annotator_id == self.curated_id,
                Mention.start == src.start,
                Mention.end == src.end,
                Mention.type == src.type,
            )
            .order_by(Mention.id)
            .limit(1)
        )
        if found is None:
            found = Mention(
                article_id=self.article_id,
                annotator_id=self.curated_id,
                start=src.start,
                end=src.end,
                type=src.type,
                entity_id=src.entity_id,
                attributes=dict(src.attributes or {}),
            )
            self.s.add(found)
            self.rec.created(found)
        elif sync and (
            found.entity_id != src.entity_id or (found.attributes or {}) != (src.attributes or {})
        ):
            self.rec.touch(found)
            found.entity_id = src.entity_id
            found.attributes = dict(src.attributes or {})
        elif found.entity_id is None and src.entity_id is not None:
            self.rec.touch(found)
            found.entity_id = src.entity_id
        self._use(found)
        return found

    def counterpart(
        self, decisions: Sequence[ReviewDecision], uuids: Iterable[str], src: Event
    ) -> Event | None:
        """The curated event standing for ``src``: one that a decision on any of
        ``uuids`` put there, else one of the same type on the same trigger span."""
        wanted = set(uuids)
        curated: set[str] = set()
        for dec in decisions:
            if wanted & set(dec.source_uuids or ()):
                curated.update(dec.curated_uuids or ())
        if curated:
            found = self.s.scalar(
                select(Event)
                .where(Event.annotator_id == self.curated_id, Event.uuid.in_(sorted(curated)))
                .order_by(Event.id)
                .limit(1)
            )
            if found is not None:
                return found
        trigger = self.s.get(Mention, src.trigger_mention_id) if src.trigger_mention_id else None
        if trigger is None:
            return None
        return self.s.scalar(
            select(Event)
            .join(Mention, Mention.id == Event.trigger_mention_id)
            .where(
                Event.article_id == self.article_id,
                Event.annotator_id == self.curated_id,
                Event.type == src.type,
                Mention.start == trigger.start,
                Mention.end == trigger.end,
            )
            .order_by(Event.id)
            .limit(1)
        )

    def event(self, src: Event, existing: Event | None, *, sync: bool) -> Event:
        """Copy ``src`` (type, trigger, status, modality, dates, attributes) unless
        ``existing`` already stands for it; with ``sync`` an existing copy takes
        ``src``'s type and attributes."""
        if existing is None:
            trig = (
                self.s.get(Mention, src.trigger_mention_id)
                if src.trigger_mention_id is not None
                else None
            )
            trigger = self.mention(trig, sync=False) if trig is not None else None
            existing = Event(
                article_id=self.article_id,
                annotator_id=self.curated_id,
                type=src.type,
                trigger_mention_id=trigger.id if trigger is not None else None,
                status=src.status,
                modality=src.modality,
                date_start=src.date_start,
                date_end=src.date_end,
                attributes=dict(src.attributes or {}),
            )
            self.s.add(existing)
            self.rec.created(existing)
        elif sync:
            self.rec.touch(existing)
            existing.type = src.type
            existing.status, existing.modality = src.status, src.modality
            existing.date_start, existing.date_end = src.date_start, src.date_end
            existing.attributes = dict(src.attributes or {})
        self._use(existing)
        return existing

    def arguments(self, target: Event, src: Event) -> None:
        """Every argument of ``src`` into ``target`` (a filled single role is kept)."""
        for arg in self.s.scalars(
            select(EventArgument).where(EventArgument.event_id == src.id).order_by(EventArgument.id)
        ):
            self.argument(target, arg, replace=False)

    def argument(self, target: Event, src: EventArgument, *, replace: bool) -> None:
        """Fill ``src``'s role of ``target`` with the curated copy of ``src``'s filler;
        a single-filler role already filled is replaced (``replace``) or kept."""
        filler = self.s.get(Mention, src.mention_id)
        if filler is None:
            return
        m = self.mention(filler, sync=False)
        et = self.tagset.event_type(target.type)
        role = et.role(src.role) if et is not None else None
        if role is None:
            raise ReviewError(f"A {target.type} event has no role {src.role!r}.")
        existing = list(
            self.s.scalars(
                select(EventArgument).where(
                    EventArgument.event_id == target.id, EventArgument.role == src.role
                )
            )
        )
        same = next((a for a in existing if a.mention_id == m.id), None)
        if same is not None:
            self._use(same)
            return
        if existing and not role.multiple:
            if not replace:
                return
            for a in existing:
                self.rec.touch(a)
                self.s.delete(a)
            self.s.flush()
        row = EventArgument(
            event_id=target.id, annotator_id=self.curated_id, role=src.role, mention_id=m.id
        )
        self.s.add(row)
        self.rec.created(row)
        self._use(row)

    def attribute(self, target: Event, src: Event, name: str) -> None:
        """Give ``target`` the value ``src`` has for a compared attribute."""
        self.rec.touch(target)
        if name == "date":
            target.date_start, target.date_end = src.date_start, src.date_end
            attrs = dict(target.attributes or {})
            raw = (src.attributes or {}).get("date")
            if raw is None:
                attrs.pop("date", None)
            else:
                attrs["date"] = raw
            target.attributes = attrs
        elif name in ("status", "modality"):
            setattr(target, name, getattr(src, name))
        else:
            raise ReviewError(f"Unknown event attribute {name!r}.")
        self._use(target)


def _article_decisions(s: Session, article_id: int) -> list[ReviewDecision]:
    return list(
        s.scalars(
            select(ReviewDecision)
            .where(ReviewDecision.article_id == article_id)
            .order_by(ReviewDecision.id)
        )
    )


def _withdraw(
    s: Session,
    rec: Recorder,
    curated_id: int,
    old: ReviewDecision,
    others: Sequence[ReviewDecision],
) -> None:
    """Remove an earlier decision and the curated rows only it lists."""
    if old.unit != "attribute":
        shared = {u for d in others if d.id != old.id for u in (d.curated_uuids or ())}
        mine = [u for u in (old.curated_uuids or ()) if u not in shared]
        if mine:
            for a in s.scalars(
                select(EventArgument).where(
                    EventArgument.annotator_id == curated_id, EventArgument.uuid.in_(mine)
                )
            ):
                rec.touch(a)
                s.delete(a)
            s.flush()
            for eid in s.scalars(
                select(Event.id).where(Event.annotator_id == curated_id, Event.uuid.in_(mine))
            ).all():
                ops.delete_event(s, rec, curated_id, eid)
            s.flush()
            mids = list(
                s.scalars(
                    select(Mention.id).where(
                        Mention.annotator_id == curated_id, Mention.uuid.in_(mine)
                    )
                )
            )
            if mids:
                ops.delete_mentions(s, rec, curated_id, mids)
            s.flush()
    rec.touch(old)
    s.delete(old)
    s.flush()


def decide_difference(
    s: Session,
    rec: Recorder,
    tagset: Tagset,
    reviewer_id: int,
    d: Difference,
    decision: str,
    *,
    event_uuids: Sequence[str] = (),
    note: str | None = None,
    curated_uuids: Sequence[str] = (),
    decisions: list[ReviewDecision] | None = None,
) -> ReviewDecision:
    """Decide one difference in the caller's transaction (see the module docstring).

    ``event_uuids`` are the uuids of the two events an argument difference belongs to
    (the session supplies them). ``curated_uuids`` lets an ``edit`` decision name the
    curated rows the reviewer made by hand. Returns the new decision row."""
    if decision not in allowed_decisions(d):
        allowed = ", ".join(allowed_decisions(d))
        raise ReviewError(f"{decision!r} does not fit a {d.kind} {d.unit}; choose {allowed}.")
    curated_id = curated_annotator_id(s)
    key = difference_key(d)
    unit = decision_unit(d)
    known = decisions if decisions is not None else _article_decisions(s, d.article_id)
    for old in [x for x in known if x.key == key]:
        _withdraw(s, rec, curated_id, old, known)
        known.remove(old)
    adj = _Adjudicator(s, rec, tagset, curated_id, d.article_id)
    chosen = _chosen(d, decision)
    if unit == "mention":
        for side in chosen:
            adj.mention(adj.source(Mention, side), sync=True)
    elif unit == "event":
        for side in chosen:
            src = adj.source(Event, side)
            # Paired (agreed) events: their arguments are units of their own.
            target = adj.event(src, adj.counterpart(known, [side.uuid], src), sync=True)
            if d.kind != AGREED:
                adj.arguments(target, src)
    elif unit == "attribute":
        pair = [x.uuid for x in (d.a, d.b) if x is not None]
        for side in chosen:
            src = adj.source(Event, side)
            target = adj.event(src, adj.counterpart(known, pair, src), sync=False)
            adj.attribute(target, src, d.detail or "")
    elif unit == "argument":
        args = [adj.source(EventArgument, side) for side in chosen]
        if decision == ACCEPT_BOTH and len(args) == 2:
            src_ev = s.get(Event, args[0].event_id)
            et = tagset.event_type(src_ev.type) if src_ev is not None else None
            role = et.role(args[0].role) if et is not None else None
            if role is not None and not role.multiple:
                raise ReviewError(f"The role {args[0].role} takes one filler: accept A or B.")
        for arg in args:
            src_ev = s.get(Event, arg.event_id)
            if src_ev is None:
                raise ReviewError("The event of this argument has been deleted; refresh.")
            target = adj.event(
                src_ev, adj.counterpart(known, [*event_uuids, src_ev.uuid], src_ev), sync=False
            )
            adj.argument(target, arg, replace=decision != ACCEPT_BOTH)
    chosen_uuids = [x.uuid for x in chosen]
    others = [x.uuid for x in (d.a, d.b) if x is not None and x.uuid not in chosen_uuids]
    row = ReviewDecision(
        article_id=d.article_id,
        reviewer_id=reviewer_id,
        key=key,
        unit=unit,
        kind=d.kind,
        decision=decision,
        source_uuids=chosen_uuids + others,
        curated_uuids=list(dict.fromkeys([*adj.used, *curated_uuids])),
        note=note or None,
    )
    s.add(row)
    rec.created(row)
    known.append(row)
    return row


_UNIT_ORDER = {"mention": 0, "event": 1, "argument": 2, "attribute": 3}


def accept_agreed(
    s: Session,
    rec: Recorder,
    tagset: Tagset,
    reviewer_id: int,
    diffs: Sequence[tuple[Difference, Sequence[str]]],
) -> int:
    """Accept every agreed difference given (with its argument's event uuids) that has
    no decision yet, in the caller's transaction: mentions, then events, then
    arguments. Returns how many were decided."""
    if not diffs:
        return 0
    article_ids = {d.article_id for d, _ in diffs}
    decided = 0
    for article_id in sorted(article_ids):
        known = _article_decisions(s, article_id)
        keys = {x.key for x in known}
        todo = [
            (d, ev)
            for d, ev in diffs
            if d.article_id == article_id and d.kind == AGREED and difference_key(d) not in keys
        ]
        todo.sort(key=lambda t: _UNIT_ORDER[decision_unit(t[0])])
        for d, ev in todo:
            decide_difference(
                s, rec, tagset, reviewer_id, d, ACCEPT_AGREED, event_uuids=ev, decisions=known
            )
            decided += 1
    return decided
