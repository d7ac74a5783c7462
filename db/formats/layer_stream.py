"""Reading the input as ``LayerRows`` (``as_layer``) and, on SQLite, reading it in a
thread while the articles read so far are stored (``_stream``)."""

from __future__ import annotations

import queue
import re
import threading
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import replace

from db.formats.dataset import LayerRows
from db.formats.layer_checks import _Validator
from db.formats.layer_report import LayerImportError, LayerImportReport
from db.formats.layer_store import _Writer
from db.formats.model import DatasetDoc
from db.jobs import CancelToken, Progress
from db.ops.articles import content_hash
from db.store import Store
from db.tagset import Tagset
from db.text_stats import word_count

STREAM_DOCS = 500  # layers per part while reading and storing overlap


def as_layer(item: DatasetDoc | LayerRows) -> LayerRows:
    """A ``DatasetDoc`` as ``LayerRows`` (mentions as tuples; attributes as dicts), its
    newlines normalised as the store keeps them (``newlines_normalised``)."""
    if isinstance(item, LayerRows):
        return newlines_normalised(item)
    return newlines_normalised(_rows_of(item))


def newlines_normalised(layer: LayerRows) -> LayerRows:
    r"""``layer`` with its text's ``\r\n`` and lone ``\r`` as ``\n``, as every stored
    text has them (``db.corpus.draft``), and its mentions' offsets and surface texts
    moved to match. Exports of other tools (doccano, Label Studio, brat on Windows)
    count the ``\r``; left in, the article view (Qt reads ``\r\n`` as one line break)
    would show every highlight after a line end one character off."""
    text = layer.doc.text
    if "\r" not in text:
        return layer
    gone = [m.start() for m in _CRLF.finditer(text)]  # the \r of each \r\n pair

    def at(k: int) -> int:
        return k - bisect_left(gone, k)

    rows = [
        (u, at(a), at(b), t, _lf(x), eu, attrs, c, up)
        for u, a, b, t, x, eu, attrs, c, up in layer.mentions
    ]
    return LayerRows(replace(layer.doc, text=_lf(text)), rows)


_CRLF = re.compile("\r\n")


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _rows_of(item: DatasetDoc) -> LayerRows:
    return LayerRows(
        replace(item, mentions=()),
        [
            (
                m.uuid,
                m.start,
                m.end,
                m.type,
                m.text,
                m.entity_uuid,
                m.attributes,
                m.created_at,
                m.updated_at,
            )
            for m in item.mentions
        ],
    )


_Part = tuple[int, list[LayerRows], list[str], list[int]]


def _stream(
    store: Store,
    docs: Iterable[DatasetDoc | LayerRows],
    tagset: Tagset,
    tmap: dict[str, str],
    annotator: str | None,
    report: LayerImportReport,
    progress: Progress,
    token: CancelToken,
) -> None:
    """``write_documents`` with reading and storing overlapped on two cores: a thread
    reads ``docs`` ``STREAM_DOCS`` at a time (hashing, checking and counting the words
    of each part as it goes: Python, holding the GIL) while this thread stores each
    part's annotators and articles and indexes them for search (``_Writer.stream``:
    mostly SQLite, which releases the GIL). The rest (entities, mentions, events...)
    is stored once all is read and checked, by ``_Writer.run``, exactly as without
    streaming. Any error (a problem in the input, a line that cannot be read, a
    cancel) rolls back the one transaction: nothing is stored."""
    check = _Validator(tagset, tmap, annotator)
    items: list[LayerRows] = []
    hashes: list[str] = []
    parts: queue.Queue[_Part | BaseException | None] = queue.Queue()
    stop = threading.Event()

    def read() -> None:
        try:
            part: list[LayerRows] = []
            for d in docs:
                part.append(as_layer(d))
                if len(part) == STREAM_DOCS:
                    emit(part)
                    part = []
                    if stop.is_set():
                        return
            if part:
                emit(part)
            parts.put(None)
        except BaseException as exc:  # raised again in the writer's thread
            parts.put(exc)

    def emit(part: list[LayerRows]) -> None:
        part_hashes = [content_hash(layer.doc.text) for layer in part]
        check.feed(part, part_hashes)
        words = [word_count(layer.doc.text) for layer in part]  # here, off the writer
        offset = len(items)
        items.extend(part)
        hashes.extend(part_hashes)
        parts.put((offset, part, part_hashes, words))

    reader = threading.Thread(target=read, name="armscribe-read-layers", daemon=True)
    reader.start()
    try:
        with store.write() as s:
            writer = _Writer(s, items, hashes, tmap, annotator, report, progress, token)
            while (got := parts.get()) is not None:
                if isinstance(got, BaseException):
                    raise got
                token.check()
                offset, part, part_hashes, words = got
                writer.stream(offset, part, part_hashes, words)
                progress(offset + len(part), 0, "Reading layers")
            problems = check.finish()
            if problems:
                raise LayerImportError(problems)
            token.check()
            writer.run(streamed=True)
    finally:
        stop.set()
        reader.join()
        close = getattr(docs, "close", None)
        if close is not None:  # a generator (e.g. over a file's lines) stopped early
            close()
        # freed while the collector is still paused (see write_documents)
        items.clear()
        hashes.clear()
