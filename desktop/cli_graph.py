"""``armscribe graph``: write the relation graph as GraphML or GEXF (Gephi, yEd, networkx)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMATS = ("graphml", "gexf")


def _date(text: str) -> str:
    from db.graph.build import check_scope_date

    try:
        return check_scope_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _scope(text: str) -> int | None:
    """``all`` -> None; ``article:ID`` -> ID."""
    if text == "all":
        return None
    kind, _, rest = text.partition(":")
    if kind == "article" and rest.isdigit():
        return int(rest)
    raise argparse.ArgumentTypeError(f"{text!r}: write all or article:ID (e.g. article:12)")


def register(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the ``graph`` subcommand."""
    p = sub.add_parser(
        "graph",
        help="write the relation graph as GraphML or GEXF",
        description="Write the relation graph (entities as nodes, events and relations "
        "as edges) for Gephi, yEd or networkx.",
    )
    # Not ``common(p)``: here --annotator chooses whose layers are drawn, and may repeat.
    p.add_argument("--store", help="store file; default: user data dir")
    p.add_argument(
        "--annotator",
        action="extend",
        nargs="+",
        metavar="NAME",
        help="draw these annotators' layers (default: everyone's)",
    )
    p.add_argument("--format", choices=FORMATS, help="default: from the --out suffix")
    p.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    p.add_argument(
        "--scope", type=_scope, default=None, metavar="all|article:ID", help="default: all"
    )
    p.add_argument(
        "--event-type", action="extend", nargs="+", metavar="TYPE", help="only these events"
    )
    p.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="e.g. 2019")
    p.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="e.g. 2020-07")
    p.add_argument("--weapons", action="store_true", help="draw weapons as nodes")
    p.add_argument("--no-relations", action="store_true", help="leave entity relations out")
    p.add_argument(
        "--rollup", action="store_true", help="draw ministries, forces and people as their state"
    )
    p.set_defaults(func=_cmd_graph, annotator=None)


def _cmd_graph(args: argparse.Namespace) -> int:
    from db.errors import ArmscribeError
    from db.graph.build import annotator_ids
    from db.graph.export import write_graph
    from db.graph.live import LiveGraph
    from db.graph.model import GraphScope

    out = Path(args.out)
    fmt = args.format or out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ArmscribeError(
            f"Cannot tell the format of {out}: give --format graphml or --format gexf."
        )
    lo, hi = args.date_from, args.date_to
    if lo and hi and lo[: len(hi)] > hi[: len(lo)]:  # compared at their common precision
        raise ArmscribeError(f"--from {args.date_from} is after --to {args.date_to}.")
    from desktop.cli_store import open_workspace

    ws = open_workspace(args.store)
    try:
        tagset = ws.tagging.tagset
        if args.event_type:
            known = {t.name for t in tagset.event_types}
            unknown = sorted(set(args.event_type) - known)
            if unknown:
                raise ArmscribeError(
                    f"Unknown event type {', '.join(unknown)}; known: {', '.join(sorted(known))}."
                )
        if args.scope is not None and ws.article(args.scope) is None:
            raise ArmscribeError(f"There is no article {args.scope} in {ws.label}.")
        scope = GraphScope(
            article_ids=None if args.scope is None else frozenset({args.scope}),
            annotator_ids=annotator_ids(ws.store, args.annotator) if args.annotator else None,
            event_types=frozenset(args.event_type) if args.event_type else None,
            date_from=args.date_from,
            date_to=args.date_to,
            include_weapons=args.weapons,
            include_relations=not args.no_relations,
            rollup=args.rollup,
        )
        data = LiveGraph(ws.store, tagset, scope).data
        write_graph(data, out, fmt)
    finally:
        ws.close()
    print(f"{len(data.nodes):,} nodes, {len(data.edges):,} edges -> {out}")
    return 0
