"""A review session: one reviewer adjudicating one article between analysts' layers.

The review mode of the window holds one ``ReviewSession`` per open article::

    rs = workspace.review(article_id, [anna_id, bob_id])
    for item in rs.differences():          # text order, agreed units included
        item.key, item.difference.kind, item.status   # status: "pending", "accepted_a"...
    rs.decide(item.key, "accept_b")        # -> Edit (label, Changes, created)
    rs.accept_agreed()                     # every undecided agreed unit, one Edit
    rs.undo(); rs.redo()                   # the reviewer's own Edit > Undo / Redo

Decisions and copies are undone by the reviewer's ordinary undo (``Tagging.undo`` of the
reviewer; ``ReviewSession.undo`` calls it and refreshes). Everything read is cached until
the next edit made through the session, or ``refresh()`` (call it when the op signal
says another view changed mentions, events or reviews).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from db import undo as undo_mod
from db.annotations import ArticleAnnotations, load_annotations
from db.models import ReviewDecision
from db.review import adjudicate as adj
from db.review.adjudicate import DecisionRow, decision_row, difference_key
from db.review.align import ArticleAlignment, Difference, ReviewError, align_article, load_layers
from db.store import Store
from db.tagging import Edit, Tagging

PENDING = "pending"
ACCEPTED_A = "accepted_a"
ACCEPTED_B = "accepted_b"
ACCEPTED_BOTH = "accepted_both"
ACCEPTED = "accepted"  # an agreed unit accepted as it stands
REJECTED = "rejected"
EDITED = "edited"
STATUSES = (PENDING, ACCEPTED_A, ACCEPTED_B, ACCEPTED_BOTH, ACCEPTED, REJECTED, EDITED)


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One difference as the review list shows it."""

    key: str  # stable: db.review.adjudicate.difference_key
    difference: Difference
    status: str  # one of STATUSES
    decision: DecisionRow | None  # the decision behind ``status``, if any
    allowed: tuple[str, ...]  # the decisions this difference admits
    event_uuids: tuple[str, ...] = ()  # argument units: the two events they belong to


def item_status(d: Difference, dec: DecisionRow | None) -> str:
    """What a decision means for a difference, in the list's terms."""
    if dec is None:
        return PENDING
    if dec.decision in (adj.ACCEPT_A, adj.ACCEPT_B):
        first = dec.source_uuids[0] if dec.source_uuids else None
        if d.a is not None and first == d.a.uuid:
            return ACCEPTED_A
        return ACCEPTED_B
    return {
        adj.ACCEPT_BOTH: ACCEPTED_BOTH,
        adj.ACCEPT_AGREED: ACCEPTED,
        adj.REJECT: REJECTED,
        adj.EDIT: EDITED,
    }.get(dec.decision, PENDING)


class ReviewSession:
    """One reviewer, one article, the analysts' layers being compared (the first two
    are A and B of ``differences()``)."""

    def __init__(
        self,
        store: Store,
        reviewer_id: int,
        article_id: int,
        annotator_ids: Sequence[int],
        *,
        tagging: Tagging | None = None,
    ) -> None:
        self.store = store
        self.reviewer_id = reviewer_id
        self.article_id = article_id
        self.annotator_ids = tuple(dict.fromkeys(annotator_ids))
        if not self.annotator_ids:
            raise ReviewError("Choose the annotators whose layers to review.")
        self.tagging = tagging if tagging is not None else Tagging(store, reviewer_id)
        with store.write() as s:
            self.curated_id = adj.curated_annotator_id(s)
        self._layers: dict[int, ArticleAnnotations] | None = None
        self._curated: ArticleAnnotations | None = None
        self._alignments: dict[tuple[int, int], ArticleAlignment] = {}
        self._decisions: dict[str, DecisionRow] | None = None
        self._items: dict[tuple[int, int], list[ReviewItem]] = {}

    # -- reading -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Forget everything read (after edits made elsewhere)."""
        self._layers = None
        self._curated = None
        self._alignments.clear()
        self._decisions = None
        self._items.clear()

    @property
    def layers(self) -> dict[int, ArticleAnnotations]:
        """Each compared annotator's layer of the article (read-only), by annotator id."""
        if self._layers is None:
            with self.store.read() as s:
                got = load_layers(s, self.annotator_ids, [self.article_id])
            self._layers = {
                a: got.get((self.article_id, a)) or ArticleAnnotations(self.article_id, a)
                for a in self.annotator_ids
            }
        return self._layers

    @property
    def curated(self) -> ArticleAnnotations:
        """The curated layer of the article."""
        if self._curated is None:
            with self.store.read() as s:
                self._curated = load_annotations(s, self.article_id, self.curated_id)
        return self._curated

    def alignment(self, a_id: int, b_id: int) -> ArticleAlignment:
        """Two of the compared layers aligned (A = ``a_id``)."""
        key = (a_id, b_id)
        if key not in self._alignments:
            layers = self.layers
            if a_id not in layers or b_id not in layers:
                raise ReviewError("Both annotators must be among the session's annotators.")
            self._alignments[key] = align_article(layers[a_id], layers[b_id])
        return self._alignments[key]

    def decisions(self) -> dict[str, DecisionRow]:
        """The article's recorded decisions, by difference key."""
        if self._decisions is None:
            with self.store.read() as s:
                rows = s.scalars(
                    select(ReviewDecision)
                    .where(ReviewDecision.article_id == self.article_id)
                    .order_by(ReviewDecision.id)
                )
                self._decisions = {r.key: decision_row(r) for r in rows}
        return self._decisions

    def _pair(self, a_id: int | None, b_id: int | None) -> tuple[int, int]:
        if a_id is None or b_id is None:
            if len(self.annotator_ids) < 2:
                raise ReviewError("A review compares two annotators' layers.")
            return self.annotator_ids[0], self.annotator_ids[1]
        return a_id, b_id

    def differences(self, a_id: int | None = None, b_id: int | None = None) -> list[ReviewItem]:
        """Every unit of the pair (default: the first two annotators) in text order,
        agreed ones included, each with its key and decision status."""
        pair = self._pair(a_id, b_id)
        if pair in self._items:
            return self._items[pair]
        al = self.alignment(*pair)
        decided = self.decisions()
        events_of: dict[tuple[str, int], tuple[str, ...]] = {}
        for xp in al.arguments:
            ea = al.a.event(xp.event_a) if xp.event_a is not None else None
            eb = al.b.event(xp.event_b) if xp.event_b is not None else None
            uuids = tuple(e.uuid for e in (ea, eb) if e is not None)
            if xp.a is not None:
                events_of[("a", xp.a.id)] = uuids
            if xp.b is not None:
                events_of[("b", xp.b.id)] = uuids
        items: list[ReviewItem] = []
        for d in al.differences:
            key = difference_key(d)
            dec = decided.get(key)
            evs: tuple[str, ...] = ()
            if d.unit == "argument":
                if d.a is not None:
                    evs = events_of.get(("a", d.a.id), ())
                if not evs and d.b is not None:
                    evs = events_of.get(("b", d.b.id), ())
            items.append(
                ReviewItem(key, d, item_status(d, dec), dec, adj.allowed_decisions(d), evs)
            )
        self._items[pair] = items
        return items

    def item(self, key: str) -> ReviewItem:
        """The listed difference with this key (of any compared pair)."""
        pairs = list(self._items) or [self._pair(None, None)]
        for pair in pairs:
            for it in self.differences(*pair):
                if it.key == key:
                    return it
        raise ReviewError("This difference is no longer there; the layers have changed.")

    # -- deciding ----------------------------------------------------------------------
    def decide(
        self,
        key: str,
        decision: str,
        *,
        note: str | None = None,
        curated_uuids: Sequence[str] = (),
        names: tuple[str, str] | None = None,
    ) -> Edit:
        """Record a decision on one difference and copy the chosen rows into the curated
        layer, as one undoable edit of the reviewer; a decided difference is re-decided
        (the earlier decision's effect is replaced). ``created`` is (decision id,)."""
        it = self.item(key)
        d = it.difference
        tagset = self.tagging.tagset
        with self.store.write() as s:
            rec = undo_mod.Recorder(s)
            row = adj.decide_difference(
                s,
                rec,
                tagset,
                self.reviewer_id,
                d,
                decision,
                event_uuids=it.event_uuids,
                note=note,
                curated_uuids=curated_uuids,
            )
            label = _label(d, decision, names)
            changes = rec.finish(self.reviewer_id, label)
            created = (row.id,)
        self.refresh()
        return Edit(label, changes, created)

    def accept_agreed(self, a_id: int | None = None, b_id: int | None = None) -> Edit:
        """Accept every agreed unit of the pair not decided yet, as one edit."""
        todo = [
            (it.difference, it.event_uuids)
            for it in self.differences(a_id, b_id)
            if it.difference.kind == "agreed" and it.decision is None
        ]
        tagset = self.tagging.tagset
        with self.store.write() as s:
            rec = undo_mod.Recorder(s)
            n = adj.accept_agreed(s, rec, tagset, self.reviewer_id, todo)
            label = f"Accept {n} agreed item{'s' if n != 1 else ''}"
            changes = rec.finish(self.reviewer_id, label)
        self.refresh()
        return Edit(label, changes)

    def set_status(self, status: str = "reviewed") -> Edit:
        """The reviewer's status for the article ("reviewed", "curated"...), undoable."""
        edit = self.tagging.set_status(self.article_id, status)
        self.refresh()
        return edit

    def undo(self) -> Edit | None:
        """The reviewer's Edit > Undo (a decision, or any other edit of theirs)."""
        edit = self.tagging.undo()
        self.refresh()
        return edit

    def redo(self) -> Edit | None:
        """The reviewer's Edit > Redo."""
        edit = self.tagging.redo()
        self.refresh()
        return edit


_VERBS = {
    adj.ACCEPT_A: "Accept A's",
    adj.ACCEPT_B: "Accept B's",
    adj.ACCEPT_BOTH: "Accept both",
    adj.REJECT: "Reject",
    adj.EDIT: "Mark as edited:",
    adj.ACCEPT_AGREED: "Accept agreed",
}


def _label(d: Difference, decision: str, names: tuple[str, str] | None = None) -> str:
    """The Edit-menu label: "Accept Bob's ACTOR “Türkei”" (names of A and B when the
    caller knows them, else "A's"/"B's")."""
    side = d.b if decision == adj.ACCEPT_B and d.b is not None else (d.a or d.b)
    unit = adj.decision_unit(d)
    what = d.detail if unit == "attribute" else unit
    if unit == "mention" and side is not None and side.label:
        what = side.label
    text = " ".join((side.text if side is not None else "").split())[:40]
    verb = _VERBS.get(decision, decision)
    if names is not None and decision in (adj.ACCEPT_A, adj.ACCEPT_B):
        verb = f"Accept {names[0] if decision == adj.ACCEPT_A else names[1]}'s"
    return f"{verb} {what} “{text}”" if text else f"{verb} {what}"
