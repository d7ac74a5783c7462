"""DatasetDocs for the format tests: (1) the five seed articles tagged through the
Tagging API and read back (``db.formats.dataset.iter_documents`` when part A's read model
is there, else built from ``ws.tagging.annotations``); (2) hand-made documents over tricky
text (emoji with a skin tone, combining marks, Armenian, Cyrillic, umlauts and typographic
quotes, text that came from CRLF)."""

from __future__ import annotations

from typing import Any

from layer_helpers import entity_id, span_of

from db.formats.model import (
    DatasetDoc,
    DocArgument,
    DocEntity,
    DocEvent,
    DocMention,
    DocRelation,
)
from db.workspace import Workspace

# (word, type, entity name or None, nth occurrence) per seed, by a word of its title
_SEED_TAGS: dict[str, list[tuple[str, str, str | None, int]]] = {
    "Ahlulbayt": [
        ("Aserbaidschan", "ACTOR", "Azerbaijan", 0),
        ("Armenien", "ACTOR", "Armenia", 0),
        ("Bildgebungs- und Zielsysteme für unbemannte Drohnen", "WEAPON", None, 0),
        ("Drohnen", "WEAPON", None, 0),  # nested in the previous one: an overlap
        ("Bergkarabach", "LOCATION", None, 0),
        ("Herbst 2020", "TIME", None, 0),
        ("Marc Garneau", "ACTOR", None, 0),
    ],
    "Ankara": [
        ("Ankara", "ACTOR", "Türkiye", 0),
        ("Raketen", "WEAPON", None, 0),
        ("Drohnen", "WEAPON", None, 0),
        ("Aserbaidschan", "ACTOR", "Azerbaijan", 0),
        ("zur Verfügung", "TRIGGER", None, 0),
        ("Präsidentschaft der Verteidigungsindustrie", "ACTOR", None, 0),
        ("Türkei", "ACTOR", "Türkiye", 0),
        ("Ismail Demir", "ACTOR", None, 0),
    ],
    "Lukaschenko": [
        ("Weißrussland", "ACTOR", "Belarus", 0),
        ("Armenien", "ACTOR", "Armenia", 0),
        ("Belarus", "ACTOR", "Belarus", 0),
        ("Aserbaidschan", "ACTOR", "Azerbaijan", 0),
        ("Waffen", "WEAPON", None, 0),
        ("übertrug", "TRIGGER", None, 0),
        ("OVKS", "ACTOR", None, 0),
    ],
    "Türkiye lieferte": [
        ("Aserbaidschans", "ACTOR", "Azerbaijan", 0),
        ("Ankara", "LOCATION", None, 0),
        ("17. Juli", "TIME", None, 0),
        ("Drohnen", "WEAPON", None, 0),
    ],
    "Turkish Presidency": [
        ("Ismail Demir", "ACTOR", None, 0),
        ("Azerbaijan", "ACTOR", "Azerbaijan", 0),
        ("combat aircraft", "WEAPON", None, 0),
        ("invited", "TRIGGER", None, 0),
        ("Indonesia", "ACTOR", None, 0),
        ("Pakistan", "ACTOR", None, 0),
    ],
}


def tag_seeds(ws: Workspace) -> dict[str, dict[str, int]]:
    """Tag mentions, two events (one with a repeated role), attributes and relations in
    the five seed articles; returns mention ids per seed key and word."""
    out: dict[str, dict[str, int]] = {}
    for row in ws.articles():
        doc = ws.article(row.id)
        assert doc is not None
        key = next(k for k in _SEED_TAGS if k in row.title)
        spans: list[tuple[int, int, str, int | None]] = []
        words: list[str] = []
        for word, type_, entity, nth in _SEED_TAGS[key]:
            ent = entity_id(ws, entity) if entity else None
            spans.append((*span_of(ws, row.id, word, nth), type_, ent))
            words.append(word)
        created = ws.tagging.add_mentions(row.id, spans).created
        out[key] = dict(zip(words, created, strict=True)) | {"_article": row.id}
    ank = out["Ankara"]
    ws.tagging.set_mention_attributes(ank["Ankara"], {"metonymy": "capital"})
    ws.tagging.create_event(
        ank["_article"],
        "TRANSFER",
        trigger_mention_id=ank["zur Verfügung"],
        arguments=[
            ("Supplier", ank["Ankara"]),
            ("Recipient", ank["Aserbaidschan"]),
            ("Weapon", ank["Raketen"]),
            ("Weapon", ank["Drohnen"]),
        ],
        attributes={"status": "offered", "modality": "asserted", "note": "said by the SSB head"},
    )
    ws.tagging.add_relation(
        "ALLY_OF",
        entity_id(ws, "Türkiye"),
        entity_id(ws, "Azerbaijan"),
        article_id=ank["_article"],
        evidence_mention_id=ank["Türkei"],
    )
    luk = out["Lukaschenko"]
    ws.tagging.create_event(
        luk["_article"],
        "TRANSFER",
        trigger_mention_id=luk["übertrug"],
        arguments=[
            ("Supplier", luk["Belarus"]),
            ("Recipient", luk["Aserbaidschan"]),
            ("Weapon", luk["Waffen"]),
        ],
        attributes={"status": "delivered", "modality": "alleged"},
    )
    # an event without a trigger (brat cannot write it)
    ws.tagging.create_event(luk["_article"], "DIPLOMATIC", arguments=[("Actor", luk["Armenien"])])
    return out


def seed_docs(ws: Workspace) -> list[DatasetDoc]:
    """The seed layers as DatasetDocs (call ``tag_seeds`` first)."""
    try:
        from db.formats.dataset import iter_documents  # part A's read model
        from db.formats.model import DatasetSelection
    except ImportError:
        return [_doc_from_store(ws, row.id) for row in ws.articles()]
    return list(iter_documents(ws.store, DatasetSelection()))


def _doc_from_store(ws: Workspace, article_id: int) -> DatasetDoc:
    art = ws.article(article_id)
    assert art is not None
    ann = ws.tagging.annotations(article_id)
    uuid_of = {m.id: m.uuid for m in ann.mentions}
    ent_uuid = {e.id: e.uuid for e in ann.entities.values()}
    for rel in ann.relations:
        for eid in (rel.source_entity_id, rel.target_entity_id):
            if eid not in ent_uuid:
                row = ws.tagging.entity(eid)
                assert row is not None
                ann.entities[eid] = row
                ent_uuid[eid] = row.uuid
    return DatasetDoc(
        article_uuid=art.uuid,
        content_hash=art.content_hash,
        title=art.title,
        text=art.text,
        annotator=ws.annotator,
        metadata={"language": art.language or "de", "source": art.source},
        mentions=tuple(
            DocMention(
                uuid=m.uuid,
                start=m.start,
                end=m.end,
                type=m.type,
                text=m.text,
                entity_uuid=ent_uuid.get(m.entity_id) if m.entity_id else None,
                attributes=dict(m.attributes),
            )
            for m in sorted(ann.mentions, key=lambda m: (m.start, m.end, m.type))
        ),
        events=tuple(
            DocEvent(
                uuid=e.uuid,
                type=e.type,
                trigger_uuid=uuid_of.get(e.trigger_mention_id) if e.trigger_mention_id else None,
                arguments=tuple(
                    DocArgument(role=a.role, mention_uuid=uuid_of[a.mention_id], uuid=a.uuid)
                    for a in e.arguments
                ),
                status=e.status,
                modality=e.modality,
                attributes=dict(e.attributes),
            )
            for e in ann.events
        ),
        relations=tuple(
            DocRelation(
                uuid=r.uuid,
                type=r.type,
                source_entity_uuid=ent_uuid[r.source_entity_id],
                target_entity_uuid=ent_uuid[r.target_entity_id],
                evidence_uuid=uuid_of.get(r.evidence_mention_id) if r.evidence_mention_id else None,
            )
            for r in ann.relations
        ),
        entities={
            e.uuid: DocEntity(uuid=e.uuid, kind=e.kind, name=e.name, subtype=e.subtype)
            for e in ann.entities.values()
        },
    )


# ---------------------------------------------------------------------------- tricky text

TRICKY_TEXTS: dict[str, tuple[str, str]] = {
    # key: (language, text); "\n" only, the CRLF one was normalised on import
    "emoji": ("en", "Great news 👍🏽 from Ankara: Bayraktar TB2 drones 🚁 for Baku 🇦🇿."),
    "combining": ("fr", "Le ministe\u0301re de la De\u0301fense a livre\u0301 des Ce\u0301sar."),
    "armenian": ("hy", "Հայաստան ստացել է Pinaka համակարգեր Հնդկաստանից։"),
    "cyrillic": ("ru", "Россия поставила С-400 в Турцию, сообщает ТАСС."),
    "german": (
        "de",
        "Die „Präsidentschaft der Verteidigungsindustrie“ lieferte Drohnen an Aserbaidschan.",
    ),
    "crlf": ("en", "Line one: Canada suspends permits.\nLine two: Turkey protests.\n\nEnd."),
}

# key: [(surface, type, nth)]
_TRICKY_TAGS: dict[str, list[tuple[str, str, int]]] = {
    "emoji": [
        ("👍🏽", "QUANTITY", 0),
        ("Ankara", "ACTOR", 0),
        ("Bayraktar TB2", "WEAPON", 0),
        ("Baku 🇦🇿", "ACTOR", 0),
        ("drones 🚁", "WEAPON", 0),
    ],
    "combining": [
        ("ministe\u0301re de la De\u0301fense", "ACTOR", 0),
        ("Ce\u0301sar", "WEAPON", 0),
        ("livre\u0301", "TRIGGER", 0),
    ],
    "armenian": [("Հայաստան", "ACTOR", 0), ("Pinaka", "WEAPON", 0), ("Հնդկաստանից", "ACTOR", 0)],
    "cyrillic": [
        ("Россия", "ACTOR", 0),
        ("С-400", "WEAPON", 0),
        ("Турцию", "ACTOR", 0),
        ("поставила", "TRIGGER", 0),
        ("ТАСС", "ACTOR", 0),
    ],
    "german": [
        ("„Präsidentschaft der Verteidigungsindustrie“", "ACTOR", 0),
        ("Verteidigungsindustrie", "ACTOR", 0),
        ("Drohnen", "WEAPON", 0),
        ("Aserbaidschan", "ACTOR", 0),
        ("lieferte", "TRIGGER", 0),
    ],
    "crlf": [("Canada", "ACTOR", 0), ("permits.\nLine", "INSTRUMENT", 0), ("Turkey", "ACTOR", 0)],
}


def tricky_docs() -> list[DatasetDoc]:
    """Hand-made layers over tricky text, with a TRANSFER where a trigger is tagged."""
    docs = []
    for key, (lang, text) in TRICKY_TEXTS.items():
        mentions: list[DocMention] = []
        entities: dict[str, DocEntity] = {}
        for k, (surface, type_, nth) in enumerate(_TRICKY_TAGS[key]):
            at = -1
            for _ in range(nth + 1):
                at = text.index(surface, at + 1)
            ent = None
            if type_ == "ACTOR":
                ent = f"00000000-0000-4000-8000-{k:04d}{len(key):08d}"
                entities[ent] = DocEntity(uuid=ent, kind="ACTOR", name=surface.strip("„“"))
            mentions.append(
                DocMention(
                    uuid=f"{key}-m{k}",
                    start=at,
                    end=at + len(surface),
                    type=type_,
                    text=surface,
                    entity_uuid=ent,
                    attributes={"metonymy": "none"} if type_ == "ACTOR" else {},
                )
            )
        events: list[DocEvent] = []
        trigger = next((m for m in mentions if m.type == "TRIGGER"), None)
        actors = [m for m in mentions if m.type == "ACTOR"]
        weapons = [m for m in mentions if m.type == "WEAPON"]
        if trigger is not None and len(actors) >= 2:
            args: list[tuple[str, Any]] = [("Supplier", actors[0]), ("Recipient", actors[-1])]
            args += [("Weapon", w) for w in weapons]
            events.append(
                DocEvent(
                    uuid=f"{key}-e0",
                    type="TRANSFER",
                    trigger_uuid=trigger.uuid,
                    arguments=tuple(DocArgument(role=r, mention_uuid=m.uuid) for r, m in args),
                    status="delivered",
                    modality="asserted",
                )
            )
        relations = []
        if len(actors) >= 2 and actors[0].entity_uuid and actors[-1].entity_uuid:
            relations.append(
                DocRelation(
                    uuid=f"{key}-r0",
                    type="ALLY_OF",
                    source_entity_uuid=actors[0].entity_uuid,
                    target_entity_uuid=actors[-1].entity_uuid,
                )
            )
        docs.append(
            DatasetDoc(
                article_uuid=f"11111111-2222-4333-8444-{len(docs):012d}",
                content_hash=None,
                title=f"Tricky {key}",
                text=text,
                annotator="anna",
                metadata={"language": lang},
                mentions=tuple(sorted(mentions, key=lambda m: (m.start, m.end, m.type))),
                events=tuple(events),
                relations=tuple(relations),
                entities=entities,
            )
        )
    return docs
