"""UIMA CAS XMI (INCEpTION, DKPro), written and read with dkpro-cassis.

Export: a folder with ``typesystem.xml`` and one ``<stem>.xmi`` per layer (stem as in
brat). cassis counts code points in Python and writes UTF-16 offsets into the XMI, as UIMA
wants. The type system uses INCEpTION's custom-layer shapes (string features; relation
layers with ``Governor``/``Dependent`` on the same span layer):

- ``webanno.custom.ArmsMention`` (span): ``label`` (mention type), ``entity`` (entity
  uuid), ``entityName``, ``uuid``, ``attributes`` (JSON object as a string);
- ``webanno.custom.ArmsEvent`` (span over the trigger, or over its arguments when it has
  none): ``label`` (event type), ``uuid``, ``status``, ``modality``, ``dateStart``,
  ``dateEnd``, ``attributes`` (JSON), ``trigger`` (the trigger mention's uuid);
- ``webanno.custom.ArmsEventRole`` (relation, ArmsMention -> ArmsMention): ``Governor`` the
  trigger, ``Dependent`` the filler, ``role``, ``eventType``, ``event`` (event uuid);
- ``webanno.custom.ArmsRelation`` (relation): ``label``, ``uuid``, ``Governor``/``Dependent``
  the mentions chosen as in brat (evidence, else first mention of each entity);
- ``webanno.custom.ArmsLayer`` (one, over the whole text): article uuid, title,
  annotator, status, content hash.

Reading: every XML file is first parsed by defusedxml with DTDs, entities and external
references forbidden (a file carrying any of them is refused); only then does cassis
(lxml) read it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.formats.archive import DatasetFormatError, read_folder_or_zip, visible_files
from db.formats.brat import doc_stem
from db.formats.model import (
    DatasetDoc,
    DocArgument,
    DocEntity,
    DocEvent,
    DocMention,
    DocRelation,
    ExportSummary,
)
from db.jobs import CancelToken, Progress, no_progress
from db.tagset import Tagset

if TYPE_CHECKING:
    from cassis import TypeSystem

MENTION = "webanno.custom.ArmsMention"
EVENT = "webanno.custom.ArmsEvent"
ROLE = "webanno.custom.ArmsEventRole"
RELATION = "webanno.custom.ArmsRelation"
LAYER = "webanno.custom.ArmsLayer"
TYPESYSTEM = "typesystem.xml"
_STRING = "uima.cas.String"


def type_system() -> TypeSystem:
    """The Armscribe type system (cassis)."""
    from cassis import TypeSystem

    ts = TypeSystem()
    mention = ts.create_type(MENTION)
    for f in ("label", "entity", "entityName", "uuid", "attributes"):
        ts.create_feature(mention, f, _STRING)
    event = ts.create_type(EVENT)
    for f in (
        "label",
        "uuid",
        "status",
        "modality",
        "dateStart",
        "dateEnd",
        "attributes",
        "trigger",
    ):
        ts.create_feature(event, f, _STRING)
    role = ts.create_type(ROLE)
    ts.create_feature(role, "Governor", mention)
    ts.create_feature(role, "Dependent", mention)
    for f in ("role", "eventType", "event"):
        ts.create_feature(role, f, _STRING)
    relation = ts.create_type(RELATION)
    ts.create_feature(relation, "Governor", mention)
    ts.create_feature(relation, "Dependent", mention)
    for f in ("label", "uuid"):
        ts.create_feature(relation, f, _STRING)
    layer = ts.create_type(LAYER)
    for f in ("articleUuid", "title", "annotator", "status", "contentHash", "metadata"):
        ts.create_feature(layer, f, _STRING)
    return ts


def _json(value: dict[str, Any]) -> str | None:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None


def export_docs(
    docs: Iterable[DatasetDoc],
    out: Path,
    *,
    tagset: Tagset,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ExportSummary:
    """Write ``typesystem.xml`` and one XMI per layer into the folder ``out``."""
    from cassis import Cas

    from db.formats.atomic import atomic_dir

    ts = type_system()
    M, E, R, L, Rel = (ts.get_type(n) for n in (MENTION, EVENT, ROLE, LAYER, RELATION))
    files = [TYPESYSTEM]
    layers = mentions = events = relations = skipped_rel = 0
    articles: set[str] = set()
    stems: set[str] = set()
    with atomic_dir(out) as tmp:
        ts.to_xml(tmp / TYPESYSTEM)
        for n, doc in enumerate(docs, 1):
            if cancel is not None:
                cancel.check()
            cas = Cas(
                typesystem=ts, document_language=doc.metadata.get("language") or "x-unspecified"
            )
            cas.sofa_string = doc.text
            cas.add(
                L(
                    begin=0,
                    end=len(doc.text),
                    articleUuid=doc.article_uuid,
                    title=doc.title,
                    annotator=doc.annotator,
                    status=doc.status,
                    contentHash=doc.content_hash,
                    metadata=_json(doc.metadata),
                )
            )
            fs: dict[str, Any] = {}
            for m in sorted(doc.mentions, key=lambda m: (m.start, m.end, m.type)):
                entity = doc.entities.get(m.entity_uuid or "")
                a = M(
                    begin=m.start,
                    end=m.end,
                    label=m.type,
                    entity=m.entity_uuid,
                    entityName=entity.name if entity else None,
                    uuid=m.uuid,
                    attributes=_json(m.attributes),
                )
                cas.add(a)
                if m.uuid:
                    fs[m.uuid] = a
            for ev in doc.events:
                trig = fs.get(ev.trigger_uuid or "")
                covered = [fs[x.mention_uuid] for x in ev.arguments if x.mention_uuid in fs]
                if trig is not None:
                    begin, end = trig.begin, trig.end
                elif covered:
                    begin, end = min(c.begin for c in covered), max(c.end for c in covered)
                else:
                    begin = end = 0
                cas.add(
                    E(
                        begin=begin,
                        end=end,
                        label=ev.type,
                        uuid=ev.uuid,
                        status=ev.status,
                        modality=ev.modality,
                        dateStart=ev.date_start,
                        dateEnd=ev.date_end,
                        attributes=_json(ev.attributes),
                        trigger=ev.trigger_uuid,
                    )
                )
                for arg in ev.arguments:
                    dep = fs.get(arg.mention_uuid)
                    if dep is None:
                        continue
                    cas.add(
                        R(
                            begin=dep.begin,
                            end=dep.end,
                            Governor=trig,
                            Dependent=dep,
                            role=arg.role,
                            eventType=ev.type,
                            event=ev.uuid,
                        )
                    )
            first: dict[str, Any] = {}
            for m in sorted(doc.mentions, key=lambda m: (m.start, m.end)):
                if m.entity_uuid and m.uuid and m.entity_uuid not in first:
                    first[m.entity_uuid] = fs[m.uuid]
            by_uuid = {m.uuid: m for m in doc.mentions if m.uuid}
            for rel in doc.relations:
                ev_m = by_uuid.get(rel.evidence_uuid or "")
                ends = []
                for ent in (rel.source_entity_uuid, rel.target_entity_uuid):
                    if ev_m is not None and ev_m.entity_uuid == ent and ev_m.uuid in fs:
                        ends.append(fs[ev_m.uuid])
                    else:
                        ends.append(first.get(ent))
                gov, dep = ends
                if gov is None or dep is None:
                    skipped_rel += 1
                    continue
                cas.add(
                    Rel(
                        begin=dep.begin,
                        end=dep.end,
                        Governor=gov,
                        Dependent=dep,
                        label=rel.type,
                        uuid=rel.uuid,
                    )
                )
                relations += 1
            stem = base = doc_stem(doc)
            k = 2
            while stem in stems:
                stem, k = f"{base}-{k}", k + 1
            stems.add(stem)
            cas.to_xmi(tmp / f"{stem}.xmi")
            files.append(f"{stem}.xmi")
            layers += 1
            mentions += len(doc.mentions)
            events += len(doc.events)
            articles.add(doc.article_uuid or doc.content_hash or doc.title)
            progress(n, 0, doc.title)
    notes = []
    if skipped_rel:
        notes.append(f"{skipped_rel} relations skipped: an entity is not mentioned in the document")
    return ExportSummary(
        articles=len(articles),
        layers=layers,
        mentions=mentions,
        events=events,
        relations=relations,
        files=tuple(files),
        notes=tuple(notes),
    )


# ---------------------------------------------------------------------------- import


def check_xml(path: Path) -> None:
    """Refuse XML with a DTD, entity declarations or external references (defusedxml)."""
    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    try:
        for _ in safe_et.iterparse(
            str(path), forbid_dtd=True, forbid_entities=True, forbid_external=True
        ):
            pass
    except DefusedXmlException as exc:
        raise DatasetFormatError(
            f"{path.name} declares a DTD or entities ({type(exc).__name__}); "
            "such XML is refused for safety."
        ) from None
    except Exception as exc:  # xml.etree.ElementTree.ParseError and friends
        raise DatasetFormatError(f"{path.name} is not well-formed XML: {exc}") from None


def read_docs(path: Path) -> Iterator[DatasetDoc]:
    """DatasetDocs from a folder of XMI files with ``typesystem.xml`` (or a .zip of one),
    or from one .xmi with ``typesystem.xml`` beside it."""
    path = Path(path)
    if path.is_file() and path.suffix.lower() != ".zip":
        yield from _read_files([path], path.parent / TYPESYSTEM)
        return
    yield from read_folder_or_zip(
        path, _read_folder, f"{path} is neither an XMI file, a folder nor a .zip."
    )


def _read_folder(root: Path) -> Iterator[DatasetDoc]:
    files = visible_files(root, "*.xmi", f"{root.name}: no .xmi files found.")
    ts_files = list(root.rglob(TYPESYSTEM))
    if not ts_files:
        raise DatasetFormatError(f"{root.name}: no {TYPESYSTEM} found beside the XMI files.")
    yield from _read_files(files, ts_files[0])


def _read_files(files: list[Path], ts_path: Path) -> Iterator[DatasetDoc]:
    from cassis import load_cas_from_xmi, load_typesystem

    if not ts_path.is_file():
        raise DatasetFormatError(f"{ts_path.name} (the type system) is missing.")
    check_xml(ts_path)
    with ts_path.open("rb") as fh:
        ts = load_typesystem(fh)
    for f in files:
        check_xml(f)
        try:
            with f.open("rb") as fh:
                cas = load_cas_from_xmi(fh, typesystem=ts)
        except Exception as exc:
            raise DatasetFormatError(f"{f.name} cannot be read as XMI: {exc}") from None
        yield _cas_doc(cas, f.stem)


def _loads(value: str | None, where: str) -> dict[str, Any]:
    if not value:
        return {}
    try:
        data = json.loads(value)
    except ValueError:
        raise DatasetFormatError(f"{where}: attributes are not JSON: {value[:60]!r}") from None
    return data if isinstance(data, dict) else {}


def _cas_doc(cas: Any, stem: str) -> DatasetDoc:
    import uuid as uuid_mod

    text = cas.sofa_string or ""
    meta = next(iter(cas.select(LAYER)), None) if _has_type(cas, LAYER) else None
    mentions: list[DocMention] = []
    uuid_of: dict[int, str] = {}
    entities: dict[str, DocEntity] = {}
    for a in cas.select(MENTION) if _has_type(cas, MENTION) else ():
        where = f"{stem}: mention {a.xmiID}"
        if not (0 <= a.begin < a.end <= len(text)):
            raise DatasetFormatError(f"{where} has offsets {a.begin}-{a.end} outside the text.")
        uid = a.uuid or str(uuid_mod.uuid4())
        uuid_of[a.xmiID] = uid
        if a.entity:
            entities.setdefault(
                a.entity, DocEntity(uuid=a.entity, kind=a.label, name=a.entityName or a.entity)
            )
        mentions.append(
            DocMention(
                uuid=uid,
                start=a.begin,
                end=a.end,
                type=a.label or "",
                text=text[a.begin : a.end],
                entity_uuid=a.entity,
                attributes=_loads(a.attributes, where),
            )
        )
    roles: dict[str, list[DocArgument]] = {}
    for r in cas.select(ROLE) if _has_type(cas, ROLE) else ():
        if r.Dependent is None or r.Dependent.xmiID not in uuid_of:
            continue
        key = r.event or f"{r.eventType}@{r.Governor.xmiID if r.Governor else None}"
        roles.setdefault(key, []).append(
            DocArgument(role=r.role, mention_uuid=uuid_of[r.Dependent.xmiID])
        )
    events = []
    for e in cas.select(EVENT) if _has_type(cas, EVENT) else ():
        trigger = e.trigger if e.trigger in uuid_of.values() else None
        key = e.uuid or f"{e.label}@{next((k for k, v in uuid_of.items() if v == trigger), None)}"
        events.append(
            DocEvent(
                uuid=e.uuid,
                type=e.label,
                trigger_uuid=trigger,
                arguments=tuple(roles.get(key, ())),
                status=e.status,
                modality=e.modality,
                date_start=e.dateStart,
                date_end=e.dateEnd,
                attributes=_loads(e.attributes, f"{stem}: event {e.xmiID}"),
            )
        )
    relations = []
    by_xmi = {a.xmiID: a for a in cas.select(MENTION)} if _has_type(cas, MENTION) else {}
    for r in cas.select(RELATION) if _has_type(cas, RELATION) else ():
        gov = by_xmi.get(r.Governor.xmiID) if r.Governor is not None else None
        dep = by_xmi.get(r.Dependent.xmiID) if r.Dependent is not None else None
        if gov is None or dep is None or not gov.entity or not dep.entity:
            raise DatasetFormatError(f"{stem}: relation {r.xmiID} joins mentions without entities.")
        relations.append(
            DocRelation(
                uuid=r.uuid,
                type=r.label,
                source_entity_uuid=gov.entity,
                target_entity_uuid=dep.entity,
            )
        )
    metadata = _loads(meta.metadata, stem) if meta is not None else {}
    return DatasetDoc(
        article_uuid=meta.articleUuid if meta is not None else None,
        content_hash=meta.contentHash if meta is not None else None,
        title=(meta.title if meta is not None else None) or stem,
        text=text,
        annotator=(meta.annotator if meta is not None else None) or "xmi",
        status=meta.status if meta is not None else None,
        metadata=metadata,
        mentions=tuple(mentions),
        events=tuple(events),
        relations=tuple(relations),
        entities=entities,
    )


def _has_type(cas: Any, name: str) -> bool:
    return bool(cas.typesystem.contains_type(name))
