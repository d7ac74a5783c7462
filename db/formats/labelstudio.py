"""Label Studio JSON export (import only): a list of tasks

``{"id", "data": {"text": ...}, "annotations": [{"id", "completed_by", "was_cancelled",
"result": [{"id", "type": "labels", "from_name", "to_name", "value": {"start", "end",
"text", "labels": [...]}}, {"type": "relation", "from_id", "to_id", "labels": [...]}]}]}``

One DatasetDoc per (task, annotation); cancelled annotations and predictions are skipped.
Offsets are code points; each labels result is checked: its ``value.text`` must equal
``text[start:end]``, else a clear error names the task and the result id. A result with
several labels becomes one mention per label. The text is ``data["text"]``, or the only
string in ``data``. Relations join the entities of their two spans, made as in
``db.formats.doccano`` (kind = label, name = text); a relation without a label gets
``RELATED``. Annotator: ``completed_by``'s email, or ``user<id>``.
"""

from __future__ import annotations

import json
import uuid as uuid_mod
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from db.formats.archive import DatasetFormatError
from db.formats.doccano import span_entity
from db.formats.model import DatasetDoc, DocEntity, DocMention, DocRelation


def read_docs(path: Path) -> Iterator[DatasetDoc]:
    """DatasetDocs from a Label Studio JSON export (a list of tasks)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise DatasetFormatError(f"{path.name} is not UTF-8 text ({exc.reason}).") from None
    except ValueError as exc:
        raise DatasetFormatError(f"{path.name} is not valid JSON: {exc}") from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise DatasetFormatError(f"{path.name}: expected a list of Label Studio tasks.")
    for k, task in enumerate(data, 1):
        yield from task_docs(task, f"{path.name}, task {_id(task, k)}")


def _id(obj: Any, fallback: int) -> Any:
    return obj.get("id", fallback) if isinstance(obj, dict) else fallback


def _task_text(task: dict[str, Any], where: str) -> str:
    data = task.get("data")
    if not isinstance(data, dict):
        raise DatasetFormatError(f'{where}: no "data" object.')
    if isinstance(data.get("text"), str):
        return str(data["text"])
    strings = [v for v in data.values() if isinstance(v, str)]
    if len(strings) != 1:
        raise DatasetFormatError(f'{where}: cannot tell which field of "data" is the text.')
    return strings[0]


def _annotator(ann: dict[str, Any]) -> str:
    who = ann.get("completed_by")
    if isinstance(who, dict):
        return str(who.get("email") or who.get("username") or f"user{who.get('id', '')}")
    return f"user{who}" if who is not None else "labelstudio"


def task_docs(task: Any, where: str) -> Iterator[DatasetDoc]:
    """The annotations of one task as DatasetDocs."""
    if not isinstance(task, dict):
        raise DatasetFormatError(f"{where}: not an object.")
    text = _task_text(task, where)
    for k, ann in enumerate(task.get("annotations") or (), 1):
        if not isinstance(ann, dict):
            raise DatasetFormatError(f"{where}, annotation {k}: not an object.")
        if ann.get("was_cancelled"):
            continue
        yield _annotation_doc(task, ann, text, f"{where}, annotation {_id(ann, k)}")


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DatasetFormatError(f"{where}: offset {value!r} is not a whole number.")
    return value


def _annotation_doc(task: dict[str, Any], ann: dict[str, Any], text: str, where: str) -> DatasetDoc:
    by_id: dict[str, list[DocMention]] = {}
    mentions: list[DocMention] = []
    links: list[tuple[str, str, str, str]] = []
    for k, res in enumerate(ann.get("result") or (), 1):
        if not isinstance(res, dict):
            raise DatasetFormatError(f"{where}, result {k}: not an object.")
        rid = str(res.get("id", k))
        rw = f"{where}, result {rid}"
        kind = res.get("type")
        if kind == "relation":
            labels = res.get("labels") or ["RELATED"]
            links.append((rw, str(res.get("from_id")), str(res.get("to_id")), str(labels[0])))
            continue
        if kind not in ("labels", "hypertextlabels"):
            continue  # choices, ratings, text areas: not spans
        value = res.get("value")
        if not isinstance(value, dict):
            raise DatasetFormatError(f'{rw}: no "value" object.')
        start, end = _int(value.get("start"), rw), _int(value.get("end"), rw)
        if not 0 <= start < end <= len(text):
            raise DatasetFormatError(
                f"{rw}: span {start}-{end} is outside the text ({len(text)} characters) or empty."
            )
        surface = text[start:end]
        if "text" in value and value["text"] != surface:
            raise DatasetFormatError(
                f"{rw}: value.text is {value['text']!r} but the task text has {surface!r} "
                f"at {start}-{end}; offsets do not match the text."
            )
        labels = value.get("labels") or []
        if not labels:
            raise DatasetFormatError(f"{rw}: the span {start}-{end} has no label.")
        for label in labels:
            m = DocMention(
                uuid=str(uuid_mod.uuid4()), start=start, end=end, type=str(label), text=surface
            )
            mentions.append(m)
            by_id.setdefault(rid, []).append(m)
    entities: dict[str, DocEntity] = {}
    linked: dict[str, str] = {}  # mention uuid -> entity uuid
    relations: list[DocRelation] = []
    for rw, a, b, label in links:
        ends = []
        for rid in (a, b):
            if rid not in by_id:
                raise DatasetFormatError(f"{rw}: relation end {rid!r} is no labelled span.")
            m = by_id[rid][0]
            ent = span_entity(m.type, m.text)
            entities[ent.uuid] = ent
            linked[m.uuid or ""] = ent.uuid
            ends.append(ent.uuid)
        relations.append(
            DocRelation(
                uuid=None, type=label, source_entity_uuid=ends[0], target_entity_uuid=ends[1]
            )
        )
    mentions = [
        DocMention(
            uuid=m.uuid,
            start=m.start,
            end=m.end,
            type=m.type,
            text=m.text,
            entity_uuid=linked.get(m.uuid or ""),
        )
        for m in mentions
    ]
    data = task.get("data") or {}
    meta: dict[str, Any] = {
        k: v for k, v in data.items() if k != "text" and isinstance(v, str | int)
    }
    meta["labelstudio_task"] = task.get("id")
    return DatasetDoc(
        article_uuid=None,
        content_hash=None,
        title=str(data.get("title") or text[:60].split("\n")[0]),
        text=text,
        annotator=_annotator(ann),
        metadata=meta,
        mentions=tuple(sorted(mentions, key=lambda m: (m.start, m.end, m.type))),
        relations=tuple(relations),
        entities=entities,
    )
