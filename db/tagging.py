"""The tagging side of a workspace: one annotator's edits, each one transaction with
its undo entry, plus the reads the form needs. Plain dataclasses in and out.

A ``Tagging`` edits one layer (``annotator_id``) and records its undo entries for one
person (``undo_owner_id``, by default the layer's owner). A reviewer editing the curated
layer by hand uses ``Tagging(store, curated_id, undo_owner_id=reviewer_id)``: the rows
belong to the curated layer, while the edits join the reviewer's one Edit > Undo stack,
in order with the reviewer's decisions (``Workspace.curated_tagging``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import undo as undo_mod
from db.annotations import (
    ArticleAnnotations,
    EntityMention,
    EntityRow,
    entity_mentions,
    list_entities,
    load_annotations,
)
from db.changes import Changes
from db.errors import AnnotationError
from db.event_checks import EventProblem, event_problems, event_summary
from db.models import Entity, StoreMeta
from db.ops import annotating as ops
from db.ops import entities as entity_ops
from db.ops.articles import set_article_status
from db.store import Store
from db.suggestions import Suggestion, suggest_occurrences
from db.tagset import Tagset, default_tagset, load_tagset, tagset_from_json

if TYPE_CHECKING:
    from db.entity_match import EntityMatcher, Match

TAGSET_KEY = "tagset"
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Edit:
    """What one edit did: its Edit-menu label, the change flags, and new row ids."""

    label: str
    changes: Changes
    created: tuple[int, ...] = field(default=())
    # The articles an undo or redo touched (None: not told; an ordinary edit touches the
    # article it was made in, which the caller knows).
    article_ids: frozenset[int] | None = None


def _entities_generation(s: Session) -> tuple[Any, ...]:
    """What changes whenever an entity is created, edited, merged, deleted or restored by
    undo (each of which stamps ``updated_at`` or changes the count): one aggregate query,
    portable to PostgreSQL, well under a millisecond for a gazetteer of thousands."""
    row = s.execute(
        select(func.count(Entity.id), func.max(Entity.id), func.max(Entity.updated_at))
    ).one()
    return tuple(row)


class Tagging:
    """Edits and reads of one annotator's layer in one store.

    ``undo_owner_id``: whose undo stack the edits join (default: ``annotator_id``); its
    ``undo()`` / ``redo()`` replay that person's entries whichever layer they touched.
    ``decision_id``: a review decision (of that person) that every curated mention,
    event or argument an edit creates is added to (its ``curated_uuids``), in the same
    edit, so that re-deciding the difference later replaces the hand-made rows too.
    ``tagset``: the store's tagset when the caller has it already."""

    def __init__(
        self,
        store: Store,
        annotator_id: int,
        *,
        undo_owner_id: int | None = None,
        decision_id: int | None = None,
        tagset: Tagset | None = None,
    ) -> None:
        self.store = store
        self.annotator_id = annotator_id
        self.undo_owner_id = undo_owner_id if undo_owner_id is not None else annotator_id
        self.decision_id = decision_id
        self._tagset: Tagset | None = tagset  # None: the store's, read when first needed
        self._matcher: EntityMatcher | None = None
        self._matcher_generation: tuple[Any, ...] = ()

    # -- tagset ------------------------------------------------------------------------
    @property
    def tagset(self) -> Tagset:
        """The store's tagset (recorded in the store; the default one for a new store)."""
        if self._tagset is None:
            with self.store.write() as s:
                meta = s.get(StoreMeta, TAGSET_KEY)
                if meta is None:
                    ts = default_tagset()
                    s.add(StoreMeta(key=TAGSET_KEY, value=ts.to_json()))
                else:
                    ts = tagset_from_json(meta.value, origin="the store's tagset")
            self._tagset = ts
        return self._tagset

    def use_tagset(self, path: Path) -> Edit:
        """Validate a tagset file and make it the store's tagset."""
        ts = load_tagset(path)
        with self.store.write() as s:
            meta = s.get(StoreMeta, TAGSET_KEY)
            if meta is None:
                s.add(StoreMeta(key=TAGSET_KEY, value=ts.to_json()))
            else:
                meta.value = ts.to_json()
        self._tagset = ts
        return Edit(f"Use tagset {ts.name}", Changes(tagset=True))

    # -- reads -------------------------------------------------------------------------
    def annotations(self, article_id: int, annotator_id: int | None = None) -> ArticleAnnotations:
        """My layer of an article (or another annotator's, read-only)."""
        with self.store.read() as s:
            return load_annotations(s, article_id, annotator_id or self.annotator_id)

    def event_summary(self, event_id: int, ann: ArticleAnnotations) -> str:
        ev = ann.event(event_id)
        return event_summary(ev, ann, self.tagset) if ev else ""

    def event_problems(self, event_id: int, ann: ArticleAnnotations) -> list[EventProblem]:
        ev = ann.event(event_id)
        return event_problems(ev, ann, self.tagset) if ev else []

    def entities(self, kind: str | None = None, *, used_only: bool = False) -> list[EntityRow]:
        with self.store.read() as s:
            return list_entities(s, kind, used_only=used_only)

    def entity(self, entity_id: int) -> EntityRow | None:
        from db.annotations import entity_row

        with self.store.read() as s:
            e = s.get(Entity, entity_id)
            return entity_row(e) if e is not None else None

    def entity_mentions(self, entity_id: int) -> list[EntityMention]:
        with self.store.read() as s:
            return entity_mentions(s, entity_id)

    def match_entities(self, surface: str, kind: str | None = None, limit: int = 5) -> list[Match]:
        """Canonical entities that ``surface`` may name, best first."""
        return self._entity_matcher().match(surface, kind, limit)

    def _entity_matcher(self) -> EntityMatcher:
        """The cached matcher, rebuilt when the store's entities changed, whoever changed
        them (another annotator's workspace, another program on a shared store)."""
        from db.entity_match import EntityMatcher  # rapidfuzz: not needed at start-up

        with self.store.read() as s:
            generation = _entities_generation(s)
            if self._matcher is None or generation != self._matcher_generation:
                rows = s.execute(
                    select(Entity.id, Entity.kind, Entity.name, Entity.aliases).where(
                        Entity.merged_into_id.is_(None)
                    )
                ).all()
                self._matcher = EntityMatcher((i, k, n, tuple(a or ())) for i, k, n, a in rows)
                self._matcher_generation = generation
        return self._matcher

    def suggestions(self, mention_id: int, *, corpus: bool = False) -> list[Suggestion]:
        """Untagged occurrences of a mention's words (and its entity's names)."""
        with self.store.read() as s:
            return suggest_occurrences(s, self.annotator_id, mention_id, corpus=corpus)

    def undo_label(self) -> str | None:
        with self.store.read() as s:
            return undo_mod.undo_label(s, self.undo_owner_id)

    def redo_label(self) -> str | None:
        with self.store.read() as s:
            return undo_mod.undo_label(s, self.undo_owner_id, redo=True)

    # -- edits -------------------------------------------------------------------------
    @contextmanager
    def _recording(self) -> Iterator[tuple[Session, undo_mod.Recorder]]:
        with self.store.write() as s:
            yield s, undo_mod.Recorder(s)

    def _edit(self, fn: Callable[[Session, undo_mod.Recorder], tuple[str, Sequence[int]]]) -> Edit:
        with self._recording() as (s, rec):
            label, created = fn(s, rec)
            if self.decision_id is not None:
                self._link_to_decision(s, rec, self.decision_id)
            changes = rec.finish(self.undo_owner_id, label)
        return Edit(label, changes, tuple(created))

    def _link_to_decision(self, s: Session, rec: undo_mod.Recorder, decision_id: int) -> None:
        """List the layer's rows this edit created in the decision's ``curated_uuids``
        (nothing when the decision is gone, say undone, or is someone else's)."""
        from db.models import Event, EventArgument, Mention, ReviewDecision

        dec = s.get(ReviewDecision, decision_id)
        if dec is None or dec.reviewer_id != self.undo_owner_id:
            return
        new: list[str] = []
        for table, row_id in rec.created_rows():
            row: Mention | Event | EventArgument | None
            if table == "mentions":
                row = s.get(Mention, row_id)
            elif table == "events":
                row = s.get(Event, row_id)
            elif table == "event_arguments":
                row = s.get(EventArgument, row_id)
            else:
                continue  # relations, entities...: not rows a decision lists
            if row is not None and row.annotator_id == self.annotator_id:
                new.append(row.uuid)
        have = list(dec.curated_uuids or ())
        wanted = list(dict.fromkeys([*have, *new]))
        if wanted != have:
            rec.touch(dec)
            dec.curated_uuids = wanted

    def add_mention(
        self, article_id: int, start: int, end: int, type_: str, entity_id: int | None = None
    ) -> Edit:
        """Tag [start, end) (code points) as ``type_``, optionally linked to an entity."""
        return self.add_mentions(article_id, [(start, end, type_, entity_id)])

    def add_mentions(
        self, article_id: int, spans: Sequence[tuple[int, int, str, int | None]]
    ) -> Edit:
        """Tag many spans as one edit (accepting suggestions in bulk)."""
        a = self.annotator_id
        return self._edit(
            lambda s, rec: ops.add_mentions(s, rec, self.tagset, a, article_id, spans)
        )

    def add_mentions_across(self, spans: Sequence[tuple[int, int, int, str, int | None]]) -> Edit:
        """Tag spans (article, start, end, type, entity) in several articles as one edit."""
        a = self.annotator_id

        def run(s: Session, rec: undo_mod.Recorder) -> tuple[str, list[int]]:
            ids: list[int] = []
            by_article: dict[int, list[tuple[int, int, str, int | None]]] = {}
            for art, st, en, ty, ent in spans:
                by_article.setdefault(art, []).append((st, en, ty, ent))
            for art, group in by_article.items():
                ids += ops.add_mentions(s, rec, self.tagset, a, art, group)[1]
            return f"Tag {len(ids)} mentions", ids

        return self._edit(run)

    def delete_mentions(self, mention_ids: Sequence[int]) -> Edit:
        a = self.annotator_id
        return self._edit(lambda s, rec: (ops.delete_mentions(s, rec, a, mention_ids), []))

    def retype_mention(self, mention_id: int, type_: str) -> Edit:
        a = self.annotator_id
        return self._edit(
            lambda s, rec: (ops.retype_mention(s, rec, self.tagset, a, mention_id, type_), [])
        )

    def set_mention_span(self, mention_id: int, start: int, end: int) -> Edit:
        a = self.annotator_id
        return self._edit(
            lambda s, rec: (ops.set_mention_span(s, rec, a, mention_id, start, end), [])
        )

    def link_mention(self, mention_id: int, entity_id: int | None) -> Edit:
        a = self.annotator_id
        return self._edit(lambda s, rec: (ops.link_mention(s, rec, a, mention_id, entity_id), []))

    def set_mention_attributes(self, mention_id: int, values: Mapping[str, Any]) -> Edit:
        a = self.annotator_id
        return self._edit(
            lambda s, rec: (ops.set_mention_attributes(s, rec, a, mention_id, values), [])
        )

    def create_entity(
        self,
        kind: str,
        name: str,
        *,
        subtype: str | None = None,
        aliases: Sequence[str] = (),
        country_code: str | None = None,
        external_id: str | None = None,
        link_mention_id: int | None = None,
    ) -> Edit:
        """A new canonical entity (credited to the person editing), optionally linked to
        a mention of the layer in the same edit."""
        a, who = self.annotator_id, self.undo_owner_id

        def run(s: Session, rec: undo_mod.Recorder) -> tuple[str, list[int]]:
            label, eid = entity_ops.create_entity(
                s,
                rec,
                who,
                kind,
                name,
                subtype=subtype,
                aliases=aliases,
                country_code=country_code,
                external_id=external_id,
            )
            if link_mention_id is not None:
                ops.link_mention(s, rec, a, link_mention_id, eid)
                label = f"{label} and link"
            return label, [eid]

        edit = self._edit(run)
        self._matcher = None
        return edit

    def update_entity(self, entity_id: int, **fields: Any) -> Edit:
        """Rename / re-subtype / add or remove aliases (see ``db.ops.entities``)."""
        edit = self._edit(
            lambda s, rec: (entity_ops.update_entity(s, rec, entity_id, **fields), [])
        )
        self._matcher = None
        return edit

    def merge_entities(self, keep_id: int, merge_id: int) -> Edit:
        """Merge one entity into another; every mention follows."""
        edit = self._edit(lambda s, rec: (entity_ops.merge_entities(s, rec, keep_id, merge_id), []))
        self._matcher = None
        return edit

    def create_event(
        self,
        article_id: int,
        type_: str,
        *,
        trigger_mention_id: int | None = None,
        arguments: Sequence[tuple[str, int]] = (),
        attributes: Mapping[str, Any] | None = None,
    ) -> Edit:
        a = self.annotator_id

        def run(s: Session, rec: undo_mod.Recorder) -> tuple[str, list[int]]:
            label, eid = ops.create_event(
                s,
                rec,
                self.tagset,
                a,
                article_id,
                type_,
                trigger_mention_id=trigger_mention_id,
                arguments=arguments,
                attributes=attributes,
            )
            return label, [eid]

        return self._edit(run)

    def create_event_at(
        self,
        article_id: int,
        type_: str,
        start: int,
        end: int,
        *,
        trigger_type: str = "TRIGGER",
        arguments: Sequence[tuple[str, int]] = (),
        attributes: Mapping[str, Any] | None = None,
    ) -> Edit:
        """Tag [start, end) as the trigger and create the event on it, as ONE edit (one
        undo step); ``created`` is (event id, trigger mention id)."""
        a, ts = self.annotator_id, self.tagset

        def run(s: Session, rec: undo_mod.Recorder) -> tuple[str, list[int]]:
            _, (trigger,) = ops.add_mentions(
                s, rec, ts, a, article_id, [(start, end, trigger_type, None)]
            )
            label, eid = ops.create_event(
                s,
                rec,
                ts,
                a,
                article_id,
                type_,
                trigger_mention_id=trigger,
                arguments=arguments,
                attributes=attributes,
            )
            return label, [eid, trigger]

        return self._edit(run)

    def tag_argument(
        self,
        event_id: int,
        role: str,
        start: int,
        end: int,
        type_: str,
        entity_id: int | None = None,
    ) -> Edit:
        """Tag [start, end) and put the new mention into an event's role, as ONE edit;
        ``created`` is (mention id,)."""
        a, ts = self.annotator_id, self.tagset

        def run(s: Session, rec: undo_mod.Recorder) -> tuple[str, list[int]]:
            from db.models import Event

            event = s.get(Event, event_id)
            if event is None or event.annotator_id != a:
                raise AnnotationError(f"There is no event {event_id} in your layer.")
            _, (mid,) = ops.add_mentions(
                s, rec, ts, a, event.article_id, [(start, end, type_, entity_id)]
            )
            return ops.set_argument(s, rec, ts, a, event_id, role, mid), [mid]

        return self._edit(run)

    def set_argument(self, event_id: int, role: str, mention_id: int) -> Edit:
        a = self.annotator_id
        return self._edit(
            lambda s, rec: (
                ops.set_argument(s, rec, self.tagset, a, event_id, role, mention_id),
                [],
            )
        )

    def remove_argument(self, argument_id: int) -> Edit:
        a = self.annotator_id
        return self._edit(lambda s, rec: (ops.remove_argument(s, rec, a, argument_id), []))

    def set_event_attributes(self, event_id: int, values: Mapping[str, Any]) -> Edit:
        """Set an event's attributes; one with choices in the tagset takes only those."""
        a, ts = self.annotator_id, self.tagset
        return self._edit(
            lambda s, rec: (ops.set_event_attributes(s, rec, ts, a, event_id, values), [])
        )

    def set_event_type(self, event_id: int, type_: str) -> Edit:
        """Retype an event; roles the new type lacks or fills once lose the extra fillers
        in the same edit, and its label says so."""
        a, ts = self.annotator_id, self.tagset
        return self._edit(lambda s, rec: (ops.set_event_type(s, rec, ts, a, event_id, type_), []))

    def set_event_trigger(self, event_id: int, mention_id: int | None) -> Edit:
        a = self.annotator_id
        return self._edit(
            lambda s, rec: (ops.set_event_trigger(s, rec, a, event_id, mention_id), [])
        )

    def delete_event(self, event_id: int) -> Edit:
        a = self.annotator_id
        return self._edit(lambda s, rec: (ops.delete_event(s, rec, a, event_id), []))

    def add_relation(
        self,
        type_: str,
        source_entity_id: int,
        target_entity_id: int,
        *,
        article_id: int | None = None,
        evidence_mention_id: int | None = None,
    ) -> Edit:
        a = self.annotator_id

        def run(s: Session, rec: undo_mod.Recorder) -> tuple[str, list[int]]:
            label, rid = ops.add_relation(
                s,
                rec,
                self.tagset,
                a,
                type_,
                source_entity_id,
                target_entity_id,
                article_id=article_id,
                evidence_mention_id=evidence_mention_id,
            )
            return label, [rid]

        return self._edit(run)

    def delete_relation(self, relation_id: int) -> Edit:
        a = self.annotator_id
        return self._edit(lambda s, rec: (ops.delete_relation(s, rec, a, relation_id), []))

    def set_status(self, article_id: int, status: str) -> Edit:
        """My status for an article (undoable like every edit): the person's, i.e. the
        undo owner's, also while editing another layer."""
        a = self.undo_owner_id

        def run(s: Session, rec: undo_mod.Recorder) -> tuple[str, list[int]]:
            from db.models import ArticleStatus

            row = s.scalar(
                select(ArticleStatus).where(
                    ArticleStatus.article_id == article_id, ArticleStatus.annotator_id == a
                )
            )
            if row is not None:
                rec.touch(row)
            set_article_status(s, article_id, a, status)
            s.flush()
            row = s.scalar(
                select(ArticleStatus).where(
                    ArticleStatus.article_id == article_id, ArticleStatus.annotator_id == a
                )
            )
            if row is not None:
                rec.created(row)
            return f"Mark as {status.replace('_', ' ')}", []

        return self._edit(run)

    def undo(self) -> Edit | None:
        """Revert my last edit."""
        with self.store.write() as s:
            done = undo_mod.undo(s, self.undo_owner_id)
        if done is None:
            return None
        self._matcher = None if done[1].entities else self._matcher
        return Edit(f"Undo {done[0]}", done[1], article_ids=done[2])

    def redo(self) -> Edit | None:
        """Re-apply my last undone edit."""
        with self.store.write() as s:
            done = undo_mod.redo(s, self.undo_owner_id)
        if done is None:
            return None
        self._matcher = None if done[1].entities else self._matcher
        return Edit(f"Redo {done[0]}", done[1], article_ids=done[2])
