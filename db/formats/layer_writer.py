"""Store ``DatasetDoc``s as annotator layers: one transaction, all or nothing.

Everything is validated before a row is written, and every problem is reported at once:
types missing from the tagset (each with its count and an example; ``type_map`` maps
old names, including role names, to the tagset's), spans that do not fit the text or do
not match their surface text, references to mentions or entities that do not exist,
and layers that already exist in the store (import under another name instead).

Articles are matched by uuid, then by content hash (sha256 of the text), else created
with their metadata (and indexed for search). Entities are matched by uuid (a merged-away
entity resolves to the one it was merged into), else created with the given uuid. When
a uuid exists with different fields (kind, name, subtype), **the store's entity is kept
unchanged** and the uuid is listed in ``LayerImportReport.entities_differing``.
Annotation uuids and timestamps are kept when given; an annotation uuid that already
exists in the store (the same file imported under another annotator name) gets a new
uuid, counted in ``uuids_renewed``.

Speed: the writer works on ``LayerRows`` (a layer's ``DatasetDoc`` without mentions plus
its mentions as tuples: ``write_documents`` takes them as well as ``DatasetDoc``s, and
``db.formats.jsonl.read_layers`` produces them without building a dataclass per mention).
Rows are inserted by ``_Inserter`` (``db.formats.layer_inserts``): on SQLite
``executemany`` on the DB-API connection inside the store's write transaction, with ids
assigned by it, timestamps as the text SQLAlchemy's ``DateTime`` stores and JSON as orjson
text (``_Inserter.sqlite_rows``); on other databases (PostgreSQL) SQLAlchemy Core with
``RETURNING`` ids. New articles are indexed for search in the same transaction (on SQLite
by ``INSERT ... SELECT`` from ``article_texts``, many at once with a larger FTS5 buffer,
``db.search.bulk_indexing``). On SQLite the input is read in a thread while the articles
read so far are stored (``db.formats.layer_stream._stream``); the layers are stored once
all is read and checked. Figures and the floor of this schema: docs/formats.md, "Speed".

Modules: the input checked by ``layer_checks``, stored by ``layer_store`` (``_Writer``)
through ``layer_inserts`` (its entities resolved by ``layer_entities``; big loads build
indexes once, ``db.bulk_load``), read in a thread by ``layer_stream``; the report and
errors are in ``layer_report``. The names other modules use are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from db.formats.bulk import paused_gc
from db.formats.dataset import LayerRows
from db.formats.layer_checks import _validate
from db.formats.layer_inserts import (
    ARGUMENT_COLS,
    ARTICLE_COLS,
    ENTITY_COLS,
    EVENT_COLS,
    MENTION_COLS,
    RELATION_COLS,
    STATUS_COLS,
)
from db.formats.layer_report import LayerImportError, LayerImportReport, UnknownTypesError
from db.formats.layer_store import _Writer
from db.formats.layer_stream import _stream, as_layer
from db.formats.model import DatasetDoc
from db.jobs import CancelToken, Progress, no_progress
from db.ops.articles import content_hash
from db.store import Store
from db.tagset import Tagset

__all__ = [
    "ARGUMENT_COLS",
    "ARTICLE_COLS",
    "ENTITY_COLS",
    "EVENT_COLS",
    "MENTION_COLS",
    "RELATION_COLS",
    "STATUS_COLS",
    "LayerImportError",
    "LayerImportReport",
    "UnknownTypesError",
    "as_layer",
    "write_documents",
]


def write_documents(
    store: Store,
    docs: Iterable[DatasetDoc | LayerRows],
    tagset: Tagset,
    *,
    annotator: str | None = None,
    type_map: Mapping[str, str] | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> LayerImportReport:
    """Store ``docs`` as layers (``annotator`` None: each doc's own annotator name), all
    or nothing. Raises ``UnknownTypesError`` / ``LayerImportError`` listing every problem.

    On SQLite ``docs`` are read (e.g. a file parsed) in a thread while this one stores
    the articles read so far, in the import's one transaction (``layer_stream._stream``)."""
    token = cancel or CancelToken()
    tmap = dict(type_map or {})
    with paused_gc():
        report = LayerImportReport()
        if store.dialect == "sqlite":
            _stream(store, docs, tagset, tmap, annotator, report, progress, token)
            return report
        items = [as_layer(d) for d in docs]
        hashes = [content_hash(layer.doc.text) for layer in items]
        problems = _validate(items, hashes, tagset, tmap, annotator)
        if problems:
            raise LayerImportError(problems)
        token.check()
        with store.write() as s:
            _Writer(s, items, hashes, tmap, annotator, report, progress, token).run()
        # Free the rows while the collector is still paused: re-enabled with them alive,
        # its first pass walks every one (0.1 s for 200,000 mentions).
        del items, hashes
    return report
