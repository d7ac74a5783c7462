"""Every dataset format by name, and the two calls the CLI and the dialog use.

Each format module exposes ``export_docs(docs, out, *, tagset, progress, cancel)`` and/or
``read_docs(path)``; modules are imported only when used (spaCy, cassis are heavy).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from db.errors import ArmscribeError
from db.formats.dataset import CURATED, LayerRows, count_documents, iter_documents
from db.formats.layer_writer import LayerImportReport, write_documents
from db.formats.model import DatasetDoc, DatasetSelection, ExportSummary
from db.jobs import CancelToken, Progress, no_progress
from db.store import Store
from db.tagset import Tagset

EXPORT_FORMATS: dict[str, str] = {
    "jsonl": "db.formats.jsonl",
    "csv": "db.formats.csv_tables",
    "brat": "db.formats.brat",
    "spacy": "db.formats.spacy_docbin",
    "spans": "db.formats.span_jsonl",
    "conll": "db.formats.conll",
    "xmi": "db.formats.xmi",
}
IMPORT_FORMATS: dict[str, str] = {
    "jsonl": "db.formats.jsonl",
    "brat": "db.formats.brat",
    "xmi": "db.formats.xmi",
    "doccano": "db.formats.doccano",
    "labelstudio": "db.formats.labelstudio",
}
GRAPH_FORMATS = ("graphml", "gexf")
# Options only some exporters take (passed on when the exporter accepts them).
EXPORT_OPTIONS = {"csv": ("bom",)}


class FormatError(ArmscribeError):
    """An unknown or not yet available format."""


def _module(table: Mapping[str, str], fmt: str, what: str) -> Any:
    name = table.get(fmt)
    if name is None:
        known = ", ".join(sorted(table) + (list(GRAPH_FORMATS) if what == "export" else []))
        raise FormatError(f"Unknown {what} format {fmt!r}; known: {known}.")
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        raise FormatError(f"The {fmt} format is not available in this build ({name}).") from exc


def export(
    store: Store,
    fmt: str,
    out: Path,
    selection: DatasetSelection,
    *,
    tagset: Tagset,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    **options: Any,
) -> ExportSummary:
    """Export the selected layers of ``store`` as ``fmt`` to ``out`` (all or nothing)."""
    if fmt in GRAPH_FORMATS:
        return _export_graph(
            store, fmt, Path(out), selection, tagset=tagset, progress=progress, cancel=cancel
        )
    module = _module(EXPORT_FORMATS, fmt, "export")
    allowed = EXPORT_OPTIONS.get(fmt, ())
    extra = {k: v for k, v in options.items() if k in allowed}
    total = count_documents(store, selection)

    def reading(done: int, _total: int, msg: str) -> None:
        progress(done, total, msg)

    docs = iter_documents(store, selection, progress=reading, cancel=cancel)
    summary: ExportSummary = module.export_docs(
        docs, Path(out), tagset=tagset, progress=no_progress, cancel=cancel, **extra
    )
    return summary


def _export_graph(
    store: Store,
    fmt: str,
    out: Path,
    selection: DatasetSelection,
    *,
    tagset: Tagset,
    progress: Progress,
    cancel: CancelToken | None,
) -> ExportSummary:
    """The relation graph of the selected articles and layers (db.graph)."""
    from db.graph.build import annotator_ids, build_graph
    from db.graph.export import write_graph
    from db.graph.model import GraphScope

    names = list(selection.annotators or ())
    if selection.curated:
        names.append(CURATED)
    scope = GraphScope(
        article_ids=selection.article_ids,
        annotator_ids=annotator_ids(store, names) if names else None,
        event_types=selection.event_types,
    )
    with store.read() as s:
        graph = build_graph(s, tagset, scope)
    if cancel is not None:
        cancel.check()
    write_graph(graph, out, fmt)
    progress(1, 1, "Graph written")
    evidence = [e for edge in graph.edges.values() for e in edge.evidence]
    return ExportSummary(
        articles=len({e.article_id for e in evidence}),
        layers=len({(e.article_id, e.annotator_id) for e in evidence}),
        events=sum(edge.count for edge in graph.edges.values()),
        files=(str(out),),
        notes=(f"{len(graph.nodes)} nodes, {len(graph.edges)} edges",),
    )


def read(fmt: str, paths: Sequence[Path]) -> Iterator[DatasetDoc]:
    """The layers in ``paths`` read as ``fmt``."""
    module = _module(IMPORT_FORMATS, fmt, "import")
    for path in paths:
        yield from module.read_docs(Path(path))


def read_items(fmt: str, paths: Sequence[Path]) -> Iterator[DatasetDoc | LayerRows]:
    """``read``, in the shape ``write_documents`` stores fastest: Armscribe JSONL as
    ``LayerRows`` (mentions as tuples, less memory), other formats as ``DatasetDoc``s."""
    if fmt != "jsonl":
        yield from read(fmt, paths)
        return
    from db.formats import jsonl

    for path in paths:
        yield from jsonl.read_layers(Path(path))


def import_(
    store: Store,
    fmt: str,
    path: Path | Sequence[Path],
    tagset: Tagset,
    *,
    annotator: str | None = None,
    type_map: Mapping[str, str] | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> LayerImportReport:
    """Read ``path`` (or several) as ``fmt`` and store its layers, all or nothing."""
    paths = [Path(path)] if isinstance(path, str | Path) else [Path(p) for p in path]
    return write_documents(
        store,
        read_items(fmt, paths),
        tagset,
        annotator=annotator,
        type_map=type_map,
        progress=progress,
        cancel=cancel,
    )
