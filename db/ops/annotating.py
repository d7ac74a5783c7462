"""Edits of one annotator's layer: mentions, entity links, events, arguments, relations.

Every function runs inside the caller's transaction, records what it touches on the
``Recorder`` (for undo) and returns a label naming the edit for the Edit menu.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.dates import normalise_date
from db.errors import AnnotationError
from db.models import Article, ArticleText, Entity, Event, EventArgument, Mention, Relation
from db.tagset import Tagset
from db.undo import Recorder

EVENT_COLUMNS = ("status", "modality")


def _quote(text: str, limit: int = 40) -> str:
    one = " ".join(text.split())
    return f"“{one[:limit]}…”" if len(one) > limit else f"“{one}”"


def _article_text(s: Session, article_id: int) -> str:
    text = s.scalar(select(ArticleText.text).where(ArticleText.article_id == article_id))
    if text is None:
        raise AnnotationError(f"There is no article {article_id}.")
    return text


def _check_span(text: str, start: int, end: int) -> None:
    if not (0 <= start < end <= len(text)):
        raise AnnotationError(
            f"The span {start}-{end} is outside the article's text (0-{len(text)} characters)."
        )


def links_to(mention_type: str, kind: str, subtype: str | None) -> bool:
    """Whether a mention of this type may link to an entity of this kind: the same kind,
    or a place named by a state ("Libyen" as a LOCATION links to the state Libya)."""
    return kind == mention_type or (
        mention_type == "LOCATION" and kind == "ACTOR" and subtype == "state"
    )


def _check_kind(entity: Entity | None, entity_id: int, mention_type: str) -> Entity:
    if entity is None or entity.merged_into_id is not None:
        raise AnnotationError(f"There is no entity {entity_id}.")
    if not links_to(mention_type, entity.kind, entity.subtype):
        raise AnnotationError(
            f"A {mention_type} mention cannot link to {entity.name}, which is a {entity.kind}."
        )
    return entity


def _mention(s: Session, mention_id: int, annotator_id: int) -> Mention:
    m = s.get(Mention, mention_id)
    if m is None or m.annotator_id != annotator_id:
        raise AnnotationError(f"There is no mention {mention_id} in your layer.")
    return m


def _event(s: Session, event_id: int, annotator_id: int) -> Event:
    e = s.get(Event, event_id)
    if e is None or e.annotator_id != annotator_id:
        raise AnnotationError(f"There is no event {event_id} in your layer.")
    return e


# -- mentions ------------------------------------------------------------------------


def add_mentions(
    s: Session,
    rec: Recorder,
    tagset: Tagset,
    annotator_id: int,
    article_id: int,
    spans: Sequence[tuple[int, int, str, int | None]],
) -> tuple[str, list[int]]:
    """Tag spans (start, end, type, entity id or None); returns the new mention ids."""
    text = _article_text(s, article_id)
    ids: list[int] = []
    for start, end, type_, entity_id in spans:
        _check_span(text, start, end)
        if tagset.mention_type(type_) is None:
            raise AnnotationError(f"The tagset has no mention type {type_!r}.")
        if entity_id is not None:
            _check_kind(s.get(Entity, entity_id), entity_id, type_)
        m = Mention(
            article_id=article_id,
            annotator_id=annotator_id,
            start=start,
            end=end,
            type=type_,
            entity_id=entity_id,
        )
        s.add(m)
        rec.created(m)
        ids.append(m.id)
    if len(spans) == 1:
        start, end, type_, _ = spans[0]
        label = f"Tag {_quote(text[start:end])} as {type_}"
    else:
        label = f"Tag {len(spans)} mentions"
    return label, ids


def _touch_mention_dependents(s: Session, rec: Recorder, mention_ids: Sequence[int]) -> None:
    """Rows a database cascade would change when these mentions go."""
    for a in s.scalars(select(EventArgument).where(EventArgument.mention_id.in_(mention_ids))):
        rec.touch(a)
    for e in s.scalars(select(Event).where(Event.trigger_mention_id.in_(mention_ids))):
        rec.touch(e)
    for r in s.scalars(select(Relation).where(Relation.evidence_mention_id.in_(mention_ids))):
        rec.touch(r)


def delete_mentions(
    s: Session, rec: Recorder, annotator_id: int, mention_ids: Sequence[int]
) -> str:
    """Delete mentions (their event arguments go too; triggers and evidence are unset)."""
    mentions = [_mention(s, i, annotator_id) for i in mention_ids]
    _touch_mention_dependents(s, rec, mention_ids)
    for a in s.scalars(select(EventArgument).where(EventArgument.mention_id.in_(mention_ids))):
        s.delete(a)
    for e in s.scalars(select(Event).where(Event.trigger_mention_id.in_(mention_ids))):
        e.trigger_mention_id = None
    for r in s.scalars(select(Relation).where(Relation.evidence_mention_id.in_(mention_ids))):
        r.evidence_mention_id = None
    for m in mentions:
        rec.touch(m)
        s.delete(m)
    return "Delete mention" if len(mentions) == 1 else f"Delete {len(mentions)} mentions"


def retype_mention(
    s: Session, rec: Recorder, tagset: Tagset, annotator_id: int, mention_id: int, type_: str
) -> str:
    """Give a mention another type; an entity link of another kind is dropped."""
    if tagset.mention_type(type_) is None:
        raise AnnotationError(f"The tagset has no mention type {type_!r}.")
    m = _mention(s, mention_id, annotator_id)
    rec.touch(m)
    m.type = type_
    if m.entity_id is not None:
        entity = s.get(Entity, m.entity_id)
        if entity is not None and not links_to(type_, entity.kind, entity.subtype):
            m.entity_id = None
    return f"Retype as {type_}"


def set_mention_span(
    s: Session, rec: Recorder, annotator_id: int, mention_id: int, start: int, end: int
) -> str:
    """Move a mention's boundaries."""
    m = _mention(s, mention_id, annotator_id)
    _check_span(_article_text(s, m.article_id), start, end)
    rec.touch(m)
    m.start, m.end = start, end
    return "Adjust mention boundaries"


def link_mention(
    s: Session, rec: Recorder, annotator_id: int, mention_id: int, entity_id: int | None
) -> str:
    """Link a mention to a canonical entity (or unlink it with None)."""
    m = _mention(s, mention_id, annotator_id)
    name = None
    if entity_id is not None:
        name = _check_kind(s.get(Entity, entity_id), entity_id, m.type).name
    rec.touch(m)
    m.entity_id = entity_id
    return f"Link to {name}" if name else "Unlink mention"


def set_mention_attributes(
    s: Session, rec: Recorder, annotator_id: int, mention_id: int, values: Mapping[str, Any]
) -> str:
    """Set (or with None, clear) attributes of a mention."""
    m = _mention(s, mention_id, annotator_id)
    rec.touch(m)
    attrs = dict(m.attributes or {})
    for k, v in values.items():
        if v is None or v == "":
            attrs.pop(k, None)
        else:
            attrs[k] = v
    m.attributes = attrs
    return "Set mention attributes"


# -- events --------------------------------------------------------------------------


def create_event(
    s: Session,
    rec: Recorder,
    tagset: Tagset,
    annotator_id: int,
    article_id: int,
    type_: str,
    *,
    trigger_mention_id: int | None = None,
    arguments: Iterable[tuple[str, int]] = (),
    attributes: Mapping[str, Any] | None = None,
) -> tuple[str, int]:
    """Create an event, optionally with its trigger, arguments and attributes."""
    et = tagset.event_type(type_)
    if et is None:
        raise AnnotationError(f"The tagset has no event type {type_!r}.")
    if s.get(Article, article_id) is None:
        raise AnnotationError(f"There is no article {article_id}.")
    if trigger_mention_id is not None:
        trigger = _mention(s, trigger_mention_id, annotator_id)
        if trigger.article_id != article_id:
            raise AnnotationError("The trigger is in another article.")
    e = Event(
        article_id=article_id,
        annotator_id=annotator_id,
        type=type_,
        trigger_mention_id=trigger_mention_id,
    )
    s.add(e)
    rec.created(e)
    for role, mention_id in arguments:
        _add_argument(s, rec, e, annotator_id, role, mention_id, tagset)
    if attributes:
        _set_event_attributes(tagset, e, attributes)
    return f"Create {et.label} event", e.id


def _add_argument(
    s: Session,
    rec: Recorder,
    e: Event,
    annotator_id: int,
    role: str,
    mention_id: int,
    tagset: Tagset,
) -> EventArgument:
    et = tagset.event_type(e.type)
    if et is None or et.role(role) is None:
        raise AnnotationError(f"A {e.type} event has no role {role!r}.")
    m = _mention(s, mention_id, annotator_id)
    if m.article_id != e.article_id:
        raise AnnotationError("An argument must be a mention in the event's article.")
    a = EventArgument(event_id=e.id, annotator_id=annotator_id, role=role, mention_id=mention_id)
    s.add(a)
    rec.created(a)
    return a


def set_argument(
    s: Session,
    rec: Recorder,
    tagset: Tagset,
    annotator_id: int,
    event_id: int,
    role: str,
    mention_id: int,
) -> str:
    """Fill a role. A single-filler role is replaced; a multiple one gains a filler."""
    e = _event(s, event_id, annotator_id)
    et = tagset.event_type(e.type)
    r = et.role(role) if et else None
    if r is None:
        raise AnnotationError(f"A {e.type} event has no role {role!r}.")
    existing = list(
        s.scalars(
            select(EventArgument).where(EventArgument.event_id == e.id, EventArgument.role == role)
        )
    )
    if any(a.mention_id == mention_id for a in existing):
        return f"Set {role}"
    if not r.multiple:
        for a in existing:
            rec.touch(a)
            s.delete(a)
    _add_argument(s, rec, e, annotator_id, role, mention_id, tagset)
    m = s.get(Mention, mention_id)
    return f"Set {role} to {_quote(_surface(s, m))}" if m else f"Set {role}"


def _surface(s: Session, m: Mention) -> str:
    text = s.scalar(select(ArticleText.text).where(ArticleText.article_id == m.article_id)) or ""
    return text[m.start : m.end]


def remove_argument(s: Session, rec: Recorder, annotator_id: int, argument_id: int) -> str:
    """Empty one filler of a role."""
    a = s.get(EventArgument, argument_id)
    if a is None or a.annotator_id != annotator_id:
        raise AnnotationError(f"There is no argument {argument_id} in your layer.")
    rec.touch(a)
    s.delete(a)
    return f"Clear {a.role}"


def _check_choices(tagset: Tagset, event_type: str, values: Mapping[str, Any]) -> None:
    """Refuse a value that an attribute with a list of choices (status, modality,
    realis...) does not offer; None or "" (clearing) is always allowed."""
    et = tagset.event_type(event_type)
    defs = {d.name: d for d in (*tagset.event_attributes, *(et.attributes if et else ()))}
    for key, value in values.items():
        d = defs.get(key)
        if d is None or not d.choices or value is None or value == "":
            continue
        given = value if d.multiple and isinstance(value, list | tuple) else [value]
        wrong = [v for v in given if not isinstance(v, str) or d.choice(v) is None]
        if wrong:
            allowed = ", ".join(c.value for c in d.choices)
            raise AnnotationError(
                f"{wrong[0]!r} is not a {d.label.split(' (')[0].lower()} the tagset knows; "
                f"{key} is one of: {allowed}."
            )


def _set_event_attributes(tagset: Tagset, e: Event, values: Mapping[str, Any]) -> None:
    _check_choices(tagset, e.type, values)
    attrs = dict(e.attributes or {})
    for key, value in values.items():
        empty = value is None or value == ""
        if key in EVENT_COLUMNS:
            setattr(e, key, None if empty else str(value))
        elif key == "date":
            if empty:
                e.date_start = e.date_end = None
                attrs.pop("date", None)
            else:
                rng = normalise_date(str(value))
                if rng is None:
                    raise AnnotationError(
                        f"{value!r} is not a date Armscribe understands; write e.g. 2020, "
                        "2020-07, 2020-07-12, Oktober 2019, Mai bis Juli 2020 or 2018-2022."
                    )
                e.date_start, e.date_end = rng
                attrs["date"] = str(value)
        elif empty:
            attrs.pop(key, None)
        else:
            attrs[key] = value
    e.attributes = attrs


def set_event_attributes(
    s: Session,
    rec: Recorder,
    tagset: Tagset,
    annotator_id: int,
    event_id: int,
    values: Mapping[str, Any],
) -> str:
    """Set status, modality, date (normalised), quantity, value, note... of an event;
    an attribute with choices in the tagset takes only one of them."""
    e = _event(s, event_id, annotator_id)
    rec.touch(e)
    _set_event_attributes(tagset, e, values)
    keys = ", ".join(values)
    return f"Set {keys}"


def set_event_type(
    s: Session, rec: Recorder, tagset: Tagset, annotator_id: int, event_id: int, type_: str
) -> str:
    """Change an event's type. Arguments in roles the new type lacks are removed, and a
    role that takes one filler in the new type keeps only its first (the label says
    what went)."""
    et = tagset.event_type(type_)
    if et is None:
        raise AnnotationError(f"The tagset has no event type {type_!r}.")
    e = _event(s, event_id, annotator_id)
    rec.touch(e)
    e.type = type_
    kept: set[str] = set()
    dropped: list[str] = []
    arguments = s.scalars(
        select(EventArgument).where(EventArgument.event_id == e.id).order_by(EventArgument.id)
    )
    for a in arguments:
        role = et.role(a.role)
        if role is not None and (role.multiple or a.role not in kept):
            kept.add(a.role)
            continue
        if role is not None:
            dropped.append(a.role)
        rec.touch(a)
        s.delete(a)
    label = f"Change event to {et.label}"
    if dropped:
        roles = ", ".join(dict.fromkeys(dropped))
        label += f"; dropped {len(dropped)} extra {roles}"
    return label


def set_event_trigger(
    s: Session, rec: Recorder, annotator_id: int, event_id: int, mention_id: int | None
) -> str:
    e = _event(s, event_id, annotator_id)
    if mention_id is not None and _mention(s, mention_id, annotator_id).article_id != e.article_id:
        raise AnnotationError("The trigger is in another article.")
    rec.touch(e)
    e.trigger_mention_id = mention_id
    return "Set trigger" if mention_id else "Clear trigger"


def delete_event(s: Session, rec: Recorder, annotator_id: int, event_id: int) -> str:
    """Delete an event with its arguments (its trigger mention stays)."""
    e = _event(s, event_id, annotator_id)
    for a in s.scalars(select(EventArgument).where(EventArgument.event_id == e.id)):
        rec.touch(a)
        s.delete(a)
    # Arguments first: the ORM knows no order between the two tables.
    s.flush()
    rec.touch(e)
    s.delete(e)
    return f"Delete {e.type} event"


# -- relations -----------------------------------------------------------------------


def add_relation(
    s: Session,
    rec: Recorder,
    tagset: Tagset,
    annotator_id: int,
    type_: str,
    source_entity_id: int,
    target_entity_id: int,
    *,
    article_id: int | None = None,
    evidence_mention_id: int | None = None,
) -> tuple[str, int]:
    """Relate two canonical entities, with the mention that says so."""
    rt = tagset.relation_type(type_)
    if rt is None:
        raise AnnotationError(f"The tagset has no relation type {type_!r}.")
    src, dst = s.get(Entity, source_entity_id), s.get(Entity, target_entity_id)
    if src is None or dst is None:
        raise AnnotationError("Both ends of a relation must be existing entities.")
    if evidence_mention_id is not None:
        ev = _mention(s, evidence_mention_id, annotator_id)
        article_id = ev.article_id
    r = Relation(
        article_id=article_id,
        annotator_id=annotator_id,
        type=type_,
        source_entity_id=source_entity_id,
        target_entity_id=target_entity_id,
        evidence_mention_id=evidence_mention_id,
    )
    s.add(r)
    rec.created(r)
    return f"Relate {src.name} {rt.label.lower()} {dst.name}", r.id


def delete_relation(s: Session, rec: Recorder, annotator_id: int, relation_id: int) -> str:
    r = s.get(Relation, relation_id)
    if r is None or r.annotator_id != annotator_id:
        raise AnnotationError(f"There is no relation {relation_id} in your layer.")
    rec.touch(r)
    s.delete(r)
    return "Delete relation"


def mentions_overlapping(
    s: Session, article_id: int, annotator_id: int, start: int, end: int
) -> list[int]:
    """Ids of the annotator's mentions sharing a character with [start, end)."""
    return list(
        s.scalars(
            select(Mention.id).where(
                Mention.article_id == article_id,
                Mention.annotator_id == annotator_id,
                Mention.start < end,
                Mention.end > start,
            )
        )
    )
