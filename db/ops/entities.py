"""Canonical entities: seeding from the gazetteer, creating, renaming, merging."""

from __future__ import annotations

import uuid as uuid_mod
from collections.abc import Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from db.errors import AnnotationError
from db.models import Entity, Mention, Relation, StoreMeta, utcnow
from db.undo import Recorder

SEEDED_KEY = "gazetteer_seeded"
# Shipped entities get the same uuid in every store, so that exports, review bundles
# and a shared server recognise "Turkey" as one entity whichever store it came from.
GAZETTEER_NAMESPACE = uuid_mod.UUID("6f1c1d52-8a5e-4f0e-9d61-3b7a0c2e9a41")


def gazetteer_uuid(kind: str, name: str) -> str:
    """The stable uuid of a shipped entity."""
    return str(uuid_mod.uuid5(GAZETTEER_NAMESPACE, f"{kind}:{name}"))


def seed_gazetteer(s: Session) -> int:
    """Load the shipped states, organisations and weapons into a store once."""
    if s.get(StoreMeta, SEEDED_KEY) is not None:
        return 0
    from db.gazetteer import load_gazetteer  # pycountry and YAML: only when seeding

    now = utcnow()
    rows = [
        {
            "uuid": gazetteer_uuid(e.kind, e.name),
            "kind": e.kind,
            "subtype": e.subtype,
            "name": e.name,
            "aliases": list(e.aliases),
            "country_code": e.country_code,
            "sipri_code": e.sipri_code,
            "external_id": e.external_id,
            "attributes": dict(e.attributes),
            "created_at": now,
            "updated_at": now,
        }
        for e in load_gazetteer()
    ]
    if rows:
        s.execute(insert(Entity), rows)
    s.add(StoreMeta(key=SEEDED_KEY, value=str(len(rows))))
    return len(rows)


def _entity(s: Session, entity_id: int) -> Entity:
    e = s.get(Entity, entity_id)
    if e is None or e.merged_into_id is not None:
        raise AnnotationError(f"There is no entity {entity_id}.")
    return e


def create_entity(
    s: Session,
    rec: Recorder,
    annotator_id: int,
    kind: str,
    name: str,
    *,
    subtype: str | None = None,
    aliases: Sequence[str] = (),
    country_code: str | None = None,
    external_id: str | None = None,
) -> tuple[str, int]:
    """A new canonical entity."""
    name = " ".join(name.split())
    if not name:
        raise AnnotationError("An entity needs a name.")
    e = Entity(
        kind=kind,
        subtype=subtype,
        name=name,
        aliases=[a for a in dict.fromkeys(aliases) if a and a != name],
        country_code=country_code,
        external_id=external_id,
        created_by_id=annotator_id,
    )
    s.add(e)
    rec.created(e)
    return f"Create entity {name}", e.id


def update_entity(
    s: Session,
    rec: Recorder,
    entity_id: int,
    *,
    name: str | None = None,
    subtype: str | None = None,
    add_aliases: Sequence[str] = (),
    remove_aliases: Sequence[str] = (),
    country_code: str | None = None,
    external_id: str | None = None,
) -> str:
    """Rename, re-subtype or re-alias an entity; the old name becomes an alias."""
    e = _entity(s, entity_id)
    rec.touch(e)
    aliases = list(e.aliases or [])
    label = f"Edit entity {e.name}"
    if name is not None:
        name = " ".join(name.split())
        if not name:
            raise AnnotationError("An entity needs a name.")
        if name != e.name:
            aliases.append(e.name)
            label = f"Rename {e.name} to {name}"
            e.name = name
    aliases.extend(add_aliases)
    aliases = [a for a in dict.fromkeys(aliases) if a and a != e.name and a not in remove_aliases]
    e.aliases = aliases
    if subtype is not None:
        e.subtype = subtype or None
    if country_code is not None:
        e.country_code = country_code or None
    if external_id is not None:
        e.external_id = external_id or None
    return label


def merge_entities(s: Session, rec: Recorder, keep_id: int, merge_id: int) -> str:
    """Merge ``merge_id`` into ``keep_id``: its mentions and relations follow, its names
    become aliases, and it stays behind (marked merged) so that its uuid still resolves."""
    if keep_id == merge_id:
        raise AnnotationError("An entity cannot be merged into itself.")
    keep, gone = _entity(s, keep_id), _entity(s, merge_id)
    if keep.kind != gone.kind:
        raise AnnotationError(f"A {gone.kind} cannot be merged into a {keep.kind}.")
    rec.touch(keep)
    rec.touch(gone)
    for m in s.scalars(select(Mention).where(Mention.entity_id == merge_id)):
        rec.touch(m)
        m.entity_id = keep_id
    for r in s.scalars(
        select(Relation).where(
            (Relation.source_entity_id == merge_id) | (Relation.target_entity_id == merge_id)
        )
    ):
        rec.touch(r)
        if r.source_entity_id == merge_id:
            r.source_entity_id = keep_id
        if r.target_entity_id == merge_id:
            r.target_entity_id = keep_id
    keep.aliases = [
        a
        for a in dict.fromkeys([*(keep.aliases or []), gone.name, *(gone.aliases or [])])
        if a != keep.name
    ]
    keep.external_id = keep.external_id or gone.external_id
    keep.country_code = keep.country_code or gone.country_code
    gone.merged_into_id = keep_id
    return f"Merge {gone.name} into {keep.name}"
