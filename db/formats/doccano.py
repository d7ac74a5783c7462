"""doccano sequence-labelling exports (import only). Two shapes, one document per line:

- older: ``{"text": ..., "label": [[start, end, "TYPE"], ...]}``
- newer (with relations): ``{"text": ..., "entities": [{"id", "start_offset",
  "end_offset", "label"}], "relations": [{"id", "from_id", "to_id", "type"}]}``

A ``.json`` file holding a list of such objects is accepted too. Offsets are code points.
Every span is checked (0 <= start < end <= len(text)); a bad one is an error naming the
file, line and span. doccano relations join spans, Armscribe relations join entities: each
span used by a relation gets an entity (kind = its label, name = its text, a uuid5 of
label and text, so the same name in several documents is one entity). Annotator: the
record's ``user`` / ``annotator`` when present, else ``"doccano"``.
"""

from __future__ import annotations

import json
import uuid as uuid_mod
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from db.formats.archive import DatasetFormatError
from db.formats.model import DatasetDoc, DocEntity, DocMention, DocRelation

_NS = uuid_mod.UUID("6f1d4a52-2b7e-4c0e-9a43-0d3c6f4e5a10")


def span_entity(label: str, text: str) -> DocEntity:
    """The entity an imported relation end gets: stable per (label, text)."""
    return DocEntity(uuid=str(uuid_mod.uuid5(_NS, f"{label}\x1f{text}")), kind=label, name=text)


def read_docs(path: Path) -> Iterator[DatasetDoc]:
    """DatasetDocs from a doccano JSONL (or JSON list) export."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DatasetFormatError(f"{path.name} is not UTF-8 text ({exc.reason}).") from None
    records: list[tuple[int, Any]] = []
    if raw.lstrip().startswith("["):
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise DatasetFormatError(f"{path.name} is not valid JSON: {exc}") from None
        records = list(enumerate(data, 1))
    else:
        for lineno, line in enumerate(raw.split("\n"), 1):
            if not line.strip():
                continue
            try:
                records.append((lineno, json.loads(line)))
            except ValueError as exc:
                raise DatasetFormatError(
                    f"{path.name} line {lineno}: not valid JSON ({exc})."
                ) from None
    for lineno, record in records:
        yield record_doc(record, f"{path.name} line {lineno}")


def _offset(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DatasetFormatError(f"{where}: offset {value!r} is not a whole number.")
    return value


def record_doc(record: Any, where: str) -> DatasetDoc:
    """One doccano record as a DatasetDoc (``where`` names it in errors)."""
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise DatasetFormatError(f'{where}: expected an object with a "text" string.')
    text: str = record["text"]
    spans: list[tuple[Any, int, int, str]] = []  # (id, start, end, label)
    if "entities" in record:
        for k, ent in enumerate(record["entities"] or ()):
            if not isinstance(ent, dict):
                raise DatasetFormatError(f"{where}: entity {k + 1} is not an object.")
            ew = f"{where}, entity {ent.get('id', k + 1)}"
            spans.append(
                (
                    ent.get("id", k),
                    _offset(ent.get("start_offset"), ew),
                    _offset(ent.get("end_offset"), ew),
                    str(ent.get("label", "")),
                )
            )
    else:
        for k, item in enumerate(record.get("label") or ()):
            if not isinstance(item, list | tuple) or len(item) != 3:
                raise DatasetFormatError(
                    f'{where}: label {k + 1} is not [start, end, "TYPE"] ({item!r}); '
                    "text-classification exports are not span annotations."
                )
            lw = f"{where}, label {k + 1}"
            spans.append((k, _offset(item[0], lw), _offset(item[1], lw), str(item[2])))
    mentions: dict[Any, DocMention] = {}
    for sid, start, end, label in spans:
        if not 0 <= start < end <= len(text):
            raise DatasetFormatError(
                f"{where}: span {sid} ({start}-{end}, {label}) is outside the text "
                f"({len(text)} characters) or empty."
            )
        if not label:
            raise DatasetFormatError(f"{where}: span {sid} ({start}-{end}) has no label.")
        mentions[sid] = DocMention(
            uuid=str(uuid_mod.uuid4()), start=start, end=end, type=label, text=text[start:end]
        )
    entities: dict[str, DocEntity] = {}
    relations: list[DocRelation] = []
    for k, rel in enumerate(record.get("relations") or ()):
        rw = f"{where}, relation {rel.get('id', k + 1) if isinstance(rel, dict) else k + 1}"
        if not isinstance(rel, dict):
            raise DatasetFormatError(f"{rw}: not an object.")
        ends = []
        for key in ("from_id", "to_id"):
            if rel.get(key) not in mentions:
                raise DatasetFormatError(
                    f"{rw}: {key} {rel.get(key)!r} is no entity of the record."
                )
            m = mentions[rel[key]]
            if m.entity_uuid is None:
                ent = span_entity(m.type, m.text)
                entities[ent.uuid] = ent
                m = mentions[rel[key]] = DocMention(
                    uuid=m.uuid,
                    start=m.start,
                    end=m.end,
                    type=m.type,
                    text=m.text,
                    entity_uuid=ent.uuid,
                )
            ends.append(m)
        relations.append(
            DocRelation(
                uuid=None,
                type=str(rel.get("type", "")),
                source_entity_uuid=ends[0].entity_uuid or "",
                target_entity_uuid=ends[1].entity_uuid or "",
            )
        )
    annotator = record.get("user") or record.get("annotator") or "doccano"
    meta = {
        k: v
        for k, v in record.items()
        if k not in ("text", "label", "entities", "relations") and isinstance(v, str | int)
    }
    return DatasetDoc(
        article_uuid=None,
        content_hash=None,
        title=str(record.get("title") or text[:60].split("\n")[0]),
        text=text,
        annotator=str(annotator),
        metadata=meta,
        mentions=tuple(sorted(mentions.values(), key=lambda m: (m.start, m.end, m.type))),
        relations=tuple(relations),
        entities=entities,
    )
