"""``armscribe export``: a dataset from the store's layers, in one of the formats.

Registered by ``desktop/cli.py``; heavy imports happen inside the handler.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

FORMATS = ("jsonl", "csv", "brat", "spacy", "spans", "conll", "xmi", "graphml", "gexf")


def register(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the ``export`` subcommand (``common`` is not used: ``--annotator`` here picks
    layers, it is not who is working)."""
    ex = sub.add_parser(
        "export",
        help="export annotated layers as a dataset (jsonl, csv, brat, spacy, ...)",
        description="Export the annotations of the store; the file is written whole or not at all.",
    )
    ex.add_argument("--store", help="store file; default: user data dir")
    ex.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
    ex.add_argument("--out", required=True, metavar="PATH", help="file or folder to write")
    ex.add_argument(
        "--annotator",
        action="extend",
        nargs="+",
        metavar="NAME",
        dest="annotators",
        help="only these annotators' layers (default: every analyst)",
    )
    ex.add_argument("--curated", action="store_true", help="also the curated (gold) layer")
    ex.add_argument(
        "--status",
        action="append",
        metavar="STATUS",
        help="only layers with this status (e.g. done); repeatable",
    )
    ex.add_argument(
        "--type",
        action="extend",
        nargs="+",
        metavar="T",
        dest="types",
        help="only these mention and event types",
    )
    ex.add_argument(
        "--article-id", action="extend", nargs="+", type=int, metavar="N", dest="article_ids"
    )
    ex.add_argument("--bom", action="store_true", help="CSV: UTF-8 with BOM (for Excel)")
    ex.set_defaults(func=_cmd_export)


def selection_from(
    annotators: Sequence[str] | None,
    curated: bool,
    statuses: Sequence[str] | None,
    types: Sequence[str] | None,
    article_ids: Sequence[int] | None,
    tagset: Any,
) -> Any:
    """A ``DatasetSelection``; type names are split into mention and event types."""
    from db.errors import ArmscribeError
    from db.formats.model import DatasetSelection

    mention_types = event_types = None
    if types:
        known_m = {m.name for m in tagset.mention_types}
        known_e = {e.name for e in tagset.event_types}
        unknown = [t for t in types if t not in known_m | known_e]
        if unknown:
            raise ArmscribeError(
                f"Unknown type{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
                f"the tagset has {', '.join(sorted(known_m | known_e))}."
            )
        mention_types = frozenset(t for t in types if t in known_m)
        event_types = frozenset(t for t in types if t in known_e)
    return DatasetSelection(
        article_ids=frozenset(article_ids) if article_ids else None,
        annotators=tuple(annotators) if annotators else None,
        curated=curated,
        statuses=frozenset(statuses) if statuses else None,
        mention_types=mention_types,
        event_types=event_types,
    )


def _cmd_export(args: argparse.Namespace) -> int:
    from db.formats.registry import export
    from desktop.cli_store import open_workspace

    ws = open_workspace(args.store)
    try:
        sel = selection_from(
            args.annotators,
            args.curated,
            args.status,
            args.types,
            args.article_ids,
            ws.tagging.tagset,
        )
        summary = export(
            ws.store,
            args.fmt,
            Path(args.out),
            sel,
            tagset=ws.tagging.tagset,
            bom=args.bom,
        )
    finally:
        ws.close()
    print(
        f"Exported {summary.layers} layer{'s' if summary.layers != 1 else ''} of "
        f"{summary.articles} article{'s' if summary.articles != 1 else ''} "
        f"({summary.mentions} mentions, {summary.events} events, {summary.relations} relations) "
        f"as {args.fmt}:"
    )
    for f in summary.files:
        print(f"  {f}")
    for note in summary.notes:
        print(f"  note: {note}")
    return 0


def parse_map(items: Sequence[str] | None) -> dict[str, str]:
    """``OLD=NEW`` pairs of ``--map``."""
    from db.errors import ArmscribeError

    out: dict[str, str] = {}
    for item in items or ():
        old, sep, new = item.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise ArmscribeError(f"--map expects OLD=NEW, got {item!r}.")
        out[old.strip()] = new.strip()
    return out


def run_layer_import(args: argparse.Namespace, ws: Any) -> int:
    """``armscribe import --format F``: dataset layers into the store, all or nothing."""
    from db.formats.registry import import_

    report = import_(
        ws.store,
        args.format,
        [Path(p) for p in args.paths],
        ws.tagging.tagset,
        annotator=args.as_name,
        type_map=parse_map(args.map),
    )
    print(report.summary())
    for note in report.problems:
        print(f"  note: {note}", file=sys.stderr)
    return 0
