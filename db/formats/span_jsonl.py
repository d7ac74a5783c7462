"""Span JSONL in Prodigy's shape, one layer per line (read with ``srsly.read_jsonl``):

``{"text", "tokens": [{"text","start","end","id","ws"}], "spans": [{"start","end","label",
"token_start","token_end"}], "relations": [...], "meta": {...}}``

Offsets are code points; ``token_end`` is inclusive, as Prodigy has it. Tokens come from
``db.formats.conll.tokenize`` split at every mention boundary, so every span has token
indices. All mentions are written (overlaps allowed). Event arguments are written as
Prodigy relations from the trigger span (head) to the argument span (child), labelled by
role, with ``"event"`` naming the event type; ``meta`` carries article uuid, title,
annotator, status and the article's metadata.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from db.formats.conll import tokenize
from db.formats.model import DatasetDoc, ExportSummary
from db.jobs import CancelToken, Progress, no_progress
from db.tagset import Tagset


def doc_record(doc: DatasetDoc) -> dict[str, Any]:
    """The Prodigy-shaped record of one layer."""
    tokens = tokenize(doc.text, (b for m in doc.mentions for b in (m.start, m.end)))
    first = {t.start: k for k, t in enumerate(tokens)}
    last = {t.end: k for k, t in enumerate(tokens)}
    spans: list[dict[str, Any]] = []
    by_uuid: dict[str, dict[str, Any]] = {}
    for m in sorted(doc.mentions, key=lambda m: (m.start, m.end, m.type)):
        span: dict[str, Any] = {"start": m.start, "end": m.end, "label": m.type}
        if m.start in first and m.end in last:
            span["token_start"], span["token_end"] = first[m.start], last[m.end]
        if m.entity_uuid:
            span["entity"] = m.entity_uuid
        if m.uuid:
            span["id"] = m.uuid
            by_uuid[m.uuid] = span
        spans.append(span)
    relations = []
    for ev in doc.events:
        head = by_uuid.get(ev.trigger_uuid or "")
        if head is None or "token_end" not in head:
            continue
        for arg in ev.arguments:
            child = by_uuid.get(arg.mention_uuid)
            if child is None or "token_end" not in child:
                continue
            relations.append(
                {
                    "head": head["token_end"],
                    "child": child["token_end"],
                    "head_span": head,
                    "child_span": child,
                    "label": arg.role,
                    "event": ev.type,
                }
            )
    ws = [
        tokens[k + 1].start > t.end if k + 1 < len(tokens) else False for k, t in enumerate(tokens)
    ]
    meta = {
        "article_uuid": doc.article_uuid,
        "title": doc.title,
        "annotator": doc.annotator,
        "status": doc.status,
        **{k: v for k, v in doc.metadata.items() if isinstance(v, str | int | float | bool)},
    }
    return {
        "text": doc.text,
        "tokens": [
            {"text": t.text, "start": t.start, "end": t.end, "id": k, "ws": ws[k]}
            for k, t in enumerate(tokens)
        ],
        "spans": spans,
        "relations": relations,
        "meta": meta,
    }


def export_docs(
    docs: Iterable[DatasetDoc],
    out: Path,
    *,
    tagset: Tagset,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ExportSummary:
    """Write one JSON line per layer."""
    from db.formats.atomic import atomic_file

    layers = mentions = events = 0
    articles: set[str] = set()
    with atomic_file(out) as fh:
        for n, doc in enumerate(docs, 1):
            if cancel is not None:
                cancel.check()
            line = json.dumps(doc_record(doc), ensure_ascii=False)
            # U+2028/9 are legal in JSON but split lines for some readers: escape them
            fh.write(line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n")
            layers += 1
            mentions += len(doc.mentions)
            events += len(doc.events)
            articles.add(doc.article_uuid or doc.content_hash or doc.title)
            progress(n, 0, doc.title)
    return ExportSummary(
        articles=len(articles),
        layers=layers,
        mentions=mentions,
        events=events,
        files=(Path(out).name,),
    )
