"""Armscribe JSONL: the lossless dataset format (one article layer per line).

The first line is a header ``{"format": "armscribe-jsonl", "version": 1, ...}``; every
other line is one ``DatasetDoc`` as a JSON object with the field names of
``db.formats.model`` (entities keyed by uuid, keys sorted). Export, import into an empty
store and export again gives byte-identical files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from db.errors import ArmscribeError
from db.formats.atomic import atomic_file
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

FORMAT = "armscribe-jsonl"
VERSION = 1
_OPTS = orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
CHECK_EVERY = 200  # docs between cancel checks / progress reports


class DatasetFileError(ArmscribeError):
    """A dataset file could not be read; the message names the file and line."""


def export_docs(
    docs: Iterable[DatasetDoc],
    out: Path,
    *,
    tagset: Tagset,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ExportSummary:
    """Write ``docs`` to ``out`` (atomically: a cancelled export leaves no file)."""
    out = Path(out)
    articles: set[str | None] = set()
    layers = mentions = events = relations = 0
    header = {"format": FORMAT, "version": VERSION, "tagset": tagset.name}
    header["tagset_version"] = tagset.version
    dumps = orjson.dumps
    with atomic_file(out, "wb") as fh:
        fh.write(dumps(header, option=_OPTS))
        buf: list[bytes] = []
        for doc in docs:
            buf.append(dumps(doc, option=_OPTS))
            layers += 1
            articles.add(doc.article_uuid or doc.content_hash or doc.title)
            mentions += len(doc.mentions)
            events += len(doc.events)
            relations += len(doc.relations)
            if len(buf) >= CHECK_EVERY:
                fh.write(b"".join(buf))
                buf.clear()
                if cancel is not None:
                    cancel.check()
                progress(layers, 0, "Writing JSONL")
        fh.write(b"".join(buf))
        if cancel is not None:
            cancel.check()
    return ExportSummary(
        articles=len(articles),
        layers=layers,
        mentions=mentions,
        events=events,
        relations=relations,
        files=(str(out),),
    )


def _entity(d: dict[str, Any]) -> DocEntity:
    return DocEntity(
        d["uuid"],
        d["kind"],
        d["name"],
        d.get("subtype"),
        tuple(d.get("aliases") or ()),
        d.get("country_code"),
        d.get("external_id"),
        d.get("attributes") or {},
        d.get("sipri_code"),
    )


def _mention(d: dict[str, Any]) -> DocMention:
    return DocMention(
        d.get("uuid"),
        d["start"],
        d["end"],
        d["type"],
        d["text"],
        d.get("entity_uuid"),
        d.get("attributes") or {},
        d.get("created_at"),
        d.get("updated_at"),
    )


def _event(d: dict[str, Any]) -> DocEvent:
    return DocEvent(
        d.get("uuid"),
        d["type"],
        d.get("trigger_uuid"),
        tuple(
            DocArgument(a["role"], a["mention_uuid"], a.get("uuid")) for a in d.get("arguments", ())
        ),
        d.get("status"),
        d.get("modality"),
        d.get("date_start"),
        d.get("date_end"),
        d.get("attributes") or {},
        d.get("record_uuid"),
        d.get("created_at"),
        d.get("updated_at"),
    )


def _relation(d: dict[str, Any]) -> DocRelation:
    return DocRelation(
        d.get("uuid"),
        d["type"],
        d["source_entity_uuid"],
        d["target_entity_uuid"],
        d.get("evidence_uuid"),
        d.get("attributes") or {},
        d.get("created_at"),
        d.get("updated_at"),
    )


def doc_from_dict(d: dict[str, Any]) -> DatasetDoc:
    """A ``DatasetDoc`` from its JSON object (KeyError/TypeError on a missing field)."""
    return DatasetDoc(
        article_uuid=d.get("article_uuid"),
        content_hash=d.get("content_hash"),
        title=d["title"],
        text=d["text"],
        annotator=d["annotator"],
        annotator_role=d.get("annotator_role") or "analyst",
        status=d.get("status"),
        metadata=d.get("metadata") or {},
        mentions=tuple(_mention(m) for m in d.get("mentions", ())),
        events=tuple(_event(e) for e in d.get("events", ())),
        relations=tuple(_relation(r) for r in d.get("relations", ())),
        entities={u: _entity(e) for u, e in (d.get("entities") or {}).items()},
    )


def read_docs(path: Path) -> Iterator[DatasetDoc]:
    """The layers of an Armscribe JSONL file; a bad line raises ``DatasetFileError``
    naming the file and line number."""
    path = Path(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise DatasetFileError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise DatasetFileError(f"{path}:{lineno}: not valid JSON ({exc}).") from exc
            if not isinstance(obj, dict):
                raise DatasetFileError(f"{path}:{lineno}: expected a JSON object.")
            if "format" in obj and "text" not in obj:
                if obj["format"] != FORMAT:
                    raise DatasetFileError(
                        f"{path}:{lineno}: format {obj['format']!r} is not {FORMAT!r}."
                    )
                if int(obj.get("version", 0)) > VERSION:
                    raise DatasetFileError(
                        f"{path}:{lineno}: written by a newer Armscribe "
                        f"(version {obj['version']}); this one reads up to {VERSION}."
                    )
                continue
            try:
                yield doc_from_dict(obj)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                what = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
                raise DatasetFileError(f"{path}:{lineno}: not an article layer ({what}).") from exc
