"""Armscribe JSONL: the lossless dataset format (one article layer per line).

The first line is a header ``{"format": "armscribe-jsonl", "version": 1, ...}``; every
other line is one ``DatasetDoc`` as a JSON object with the field names of
``db.formats.model`` in their declared order (as orjson writes a dataclass; the keys of
every dict inside, such as metadata, attributes and the entities by uuid, are sorted).
Export, import into an empty store and export again gives byte-identical files.

Speed: from ``iter_documents`` the writer takes the mentions as tuples
(``DocumentStream.layers``) and writes each line from plain dicts, with the parts that
hold dataclasses or free-form dicts serialised once per layer as ``orjson.Fragment``s;
the bytes are the same as serialising the ``DatasetDoc``. The reader has the same
shortcut for the layer writer (``read_layers``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from sys import intern
from typing import Any, TypeVar

import orjson

from db.formats.archive import DatasetFormatError
from db.formats.atomic import atomic_file
from db.formats.bulk import paused_gc
from db.formats.dataset import DocumentStream, LayerRows, MentionRow
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
_T = TypeVar("_T")
_NO_ATTRIBUTES: dict[str, Any] = {}


def export_docs(
    docs: Iterable[DatasetDoc] | Iterable[LayerRows],
    out: Path,
    *,
    tagset: Tagset,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ExportSummary:
    """Write ``docs`` (``DatasetDoc``s or ``LayerRows``; from ``iter_documents``, its
    ``LayerRows``) to ``out`` (atomically: a cancelled export leaves no file)."""
    out = Path(out)
    articles: set[str | None] = set()
    layers = mentions = events = relations = 0
    header = {"format": FORMAT, "version": VERSION, "tagset": tagset.name}
    header["tagset_version"] = tagset.version
    dumps = orjson.dumps
    layer_rows = docs.layers() if isinstance(docs, DocumentStream) else None
    with atomic_file(out, "wb") as fh, paused_gc():
        fh.write(dumps(header, option=_OPTS))
        buf: list[bytes] = []
        source: Iterable[DatasetDoc | LayerRows] = layer_rows if layer_rows is not None else docs
        for item in source:
            if isinstance(item, LayerRows):
                doc = item.doc
                buf.append(_layer_line(item))
                mentions += len(item.mentions)
            else:
                doc = item
                buf.append(dumps(doc, option=_OPTS))
                mentions += len(doc.mentions)
            layers += 1
            articles.add(doc.article_uuid or doc.content_hash or doc.title)
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


_EMPTY = orjson.Fragment(b"{}")
_ATTR_CACHE_MAX = 4096


class _Attributes:
    """Stored attribute JSON (text on SQLite) as a sorted-keys fragment, cached by text:
    the same few attribute sets recur across a corpus."""

    def __init__(self) -> None:
        self.cache: dict[str, orjson.Fragment] = {}

    def __call__(self, value: Any) -> orjson.Fragment:
        if isinstance(value, str):
            frag = self.cache.get(value)
            if frag is None:
                if len(self.cache) >= _ATTR_CACHE_MAX:
                    self.cache.clear()
                obj = orjson.loads(value)
                obj = obj if isinstance(obj, dict) else {}
                frag = orjson.Fragment(orjson.dumps(obj, option=orjson.OPT_SORT_KEYS))
                self.cache[value] = frag
            return frag
        if not value or not isinstance(value, dict):
            return _EMPTY
        return orjson.Fragment(orjson.dumps(value, option=orjson.OPT_SORT_KEYS))


_attributes = _Attributes()


def _layer_line(layer: LayerRows) -> bytes:
    """One line, byte for byte what ``orjson.dumps(layer.to_doc(), option=_OPTS)`` gives:
    keys in ``DatasetDoc``/``DocMention`` field order, nested dicts sorted."""
    d = layer.doc
    attrs = _attributes
    sort = orjson.OPT_SORT_KEYS
    frag = orjson.Fragment
    dumps = orjson.dumps
    obj = {
        "article_uuid": d.article_uuid,
        "content_hash": d.content_hash,
        "title": d.title,
        "text": d.text,
        "annotator": d.annotator,
        "annotator_role": d.annotator_role,
        "status": d.status,
        "metadata": frag(dumps(d.metadata, option=sort)),
        "mentions": [
            {
                "uuid": u,
                "start": a,
                "end": b,
                "type": t,
                "text": x,
                "entity_uuid": eu,
                "attributes": _EMPTY if at == "{}" else attrs(at),
                "created_at": c,
                "updated_at": up,
            }
            for u, a, b, t, x, eu, at, c, up in layer.mentions
        ],
        "events": frag(dumps(d.events, option=sort)),
        "relations": frag(dumps(d.relations, option=sort)),
        "entities": frag(dumps(d.entities, option=sort)),
    }
    return dumps(obj, option=orjson.OPT_APPEND_NEWLINE)


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


def layer_from_dict(d: dict[str, Any]) -> LayerRows:
    """``doc_from_dict`` as ``LayerRows``: the mentions as tuples, no dataclass each."""
    doc = DatasetDoc(
        article_uuid=d.get("article_uuid"),
        content_hash=d.get("content_hash"),
        title=d["title"],
        text=d["text"],
        annotator=d["annotator"],
        annotator_role=d.get("annotator_role") or "analyst",
        status=d.get("status"),
        metadata=d.get("metadata") or {},
        events=tuple(_event(e) for e in d.get("events", ())),
        relations=tuple(_relation(r) for r in d.get("relations", ())),
        entities={u: _entity(e) for u, e in (d.get("entities") or {}).items()},
    )
    mentions = d.get("mentions", ())
    if not isinstance(mentions, list):
        raise TypeError("mentions is not a list")
    try:
        rows = _mention_rows(mentions)
    except KeyError:  # a mention without an optional field: not from our exporter
        rows = _mention_rows_lenient(mentions)
    return LayerRows(doc, rows)


def _mention_rows(mentions: list[dict[str, Any]]) -> list[MentionRow]:
    # Every field present, as the exporter writes them: subscripts, not dict.get (15 %
    # of reading). Memory, for a million mentions held until they are stored: no empty
    # dict each (never mutated on this path; ``LayerRows.to_doc`` copies), one string
    # per type, and one per timestamp pair of a mention never edited.
    return [
        (
            m["uuid"],
            m["start"],
            m["end"],
            intern(m["type"]),
            m["text"],
            m["entity_uuid"],
            m["attributes"] or _NO_ATTRIBUTES,
            (created := m["created_at"]),
            created if (updated := m["updated_at"]) == created else updated,
        )
        for m in mentions
    ]


def _mention_rows_lenient(mentions: list[dict[str, Any]]) -> list[MentionRow]:
    return [
        (
            m.get("uuid"),
            m["start"],
            m["end"],
            intern(m["type"]),
            m["text"],
            m.get("entity_uuid"),
            m.get("attributes") or _NO_ATTRIBUTES,
            (created := m.get("created_at")),
            created if (updated := m.get("updated_at")) == created else updated,
        )
        for m in mentions
    ]


def read_docs(path: Path) -> Iterator[DatasetDoc]:
    """The layers of an Armscribe JSONL file; a bad line raises ``DatasetFormatError``
    naming the file and line number."""
    return _read(Path(path), doc_from_dict)


def read_layers(path: Path) -> Iterator[LayerRows]:
    """``read_docs`` as ``LayerRows``, the shape ``write_documents`` stores fastest."""
    return _read(Path(path), layer_from_dict)


def _read(path: Path, make: Callable[[dict[str, Any]], _T]) -> Iterator[_T]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise DatasetFormatError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    with fh:
        for lineno, line in enumerate(fh, 1):
            if line.isspace():  # (no copy of a 10 KB line, as strip() makes)
                continue
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise DatasetFormatError(f"{path}:{lineno}: not valid JSON ({exc}).") from exc
            if not isinstance(obj, dict):
                raise DatasetFormatError(f"{path}:{lineno}: expected a JSON object.")
            if "format" in obj and "text" not in obj:
                if obj["format"] != FORMAT:
                    raise DatasetFormatError(
                        f"{path}:{lineno}: format {obj['format']!r} is not {FORMAT!r}."
                    )
                if int(obj.get("version", 0)) > VERSION:
                    raise DatasetFormatError(
                        f"{path}:{lineno}: written by a newer Armscribe "
                        f"(version {obj['version']}); this one reads up to {VERSION}."
                    )
                continue
            try:
                yield make(obj)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                what = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
                raise DatasetFormatError(
                    f"{path}:{lineno}: not an article layer ({what})."
                ) from exc
