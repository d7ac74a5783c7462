"""The ``armscribe`` command: the window, and the store's chores from a terminal.

Heavy imports (Qt, the importers) happen inside the subcommands so that
``armscribe stats`` stays quick and needs no display.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop.cli_store import open_workspace


def _cmd_gui(args: argparse.Namespace) -> int:
    from desktop.app import run_gui
    from desktop.paths import sample_store_path

    store = args.store or (str(sample_store_path()) if args.sample else None)
    return run_gui(
        store,
        screenshot=Path(args.screenshot) if args.screenshot else None,
        annotator=args.annotator,
        sample_corpus=args.sample,
    )


def _cmd_import(args: argparse.Namespace) -> int:
    from db.jobs import Progress

    if not getattr(args, "format", None) and (
        getattr(args, "map", None) or getattr(args, "as_name", None)
    ):
        from db.errors import ArmscribeError

        raise ArmscribeError("--map and --as apply to dataset imports: add --format.")
    ws = open_workspace(args.store, args.annotator)
    if getattr(args, "format", None):
        from desktop.cli_datasets import run_layer_import

        try:
            return run_layer_import(args, ws)
        finally:
            ws.close()
    last = [-1]

    def progress(done: int, total: int, msg: str) -> None:
        pct = int(100 * done / total) if total else 100
        if sys.stderr.isatty() and pct != last[0]:
            last[0] = pct
            print(f"\r{pct:3d}% {msg[:60]:<60}", end="", file=sys.stderr, flush=True)

    cb: Progress = progress
    try:
        report = ws.import_paths([Path(p) for p in args.paths], progress=cb)
    finally:
        if sys.stderr.isatty():
            print(file=sys.stderr)
        ws.close()
    print(report.summary())
    for dup in report.duplicates[:20]:
        print(f"  duplicate: {dup.origin} (already stored as {dup.existing_title!r})")
    if len(report.duplicates) > 20:
        print(f"  ... and {len(report.duplicates) - 20} more duplicates")
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    ws = open_workspace(args.store, args.annotator)
    try:
        stats = ws.stats()
    finally:
        ws.close()
    if args.json:
        print(json.dumps(stats.as_dict(), ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    print(f"store:      {ws.label}")
    print(f"articles:   {stats.articles:,} ({stats.words:,} words)")
    langs = ", ".join(f"{k} {v:,}" for k, v in sorted(stats.languages.items()))
    print(f"languages:  {langs or '-'}")
    print(f"sources:    {len(stats.sources):,}")
    print(f"annotators: {stats.annotators:,}")
    print(f"entities:   {stats.entities:,}   mentions: {stats.mentions:,}")
    print(f"events:     {stats.events:,}   relations: {stats.relations:,}")
    print(f"comments:   {stats.comments:,}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    ws = open_workspace(args.store, args.annotator)
    try:
        problems = ws.check()
    finally:
        ws.close()
    if problems:
        for p in problems:
            print(f"problem: {p}")
        return 1
    print(f"{ws.label}: OK")
    return 0


# The dataset formats `import --format` reads (db.formats.registry.IMPORT_FORMATS; listed
# here so that --help needs no registry import; a test keeps the two in step).
IMPORT_FORMATS = ("jsonl", "brat", "xmi", "doccano", "labelstudio")

EXTRA_COMMAND_MODULES = (
    "desktop.cli_graph",  # armscribe graph
    "desktop.cli_datasets",  # armscribe export
    "desktop.cli_review",  # armscribe agree, armscribe bundle
)


def build_parser() -> argparse.ArgumentParser:
    """The command line, with one subparser per command."""
    parser = argparse.ArgumentParser(
        prog="armscribe",
        description="Annotate news about arms transfers and watch the relation graph grow.",
    )
    parser.set_defaults(func=_cmd_gui, store=None, screenshot=None, annotator=None, sample=False)
    sub = parser.add_subparsers(dest="command")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--store", help="store file (created if missing); default: user data dir")
        p.add_argument("--annotator", help="who is working (default: your login name)")

    gui = sub.add_parser("gui", help="open the window (the default command)")
    common(gui)
    gui.add_argument("--screenshot", metavar="OUT.png", help="render the window to a PNG and exit")
    gui.add_argument(
        "--sample", action="store_true", help="load the embedded sample corpus into an empty store"
    )
    gui.set_defaults(func=_cmd_gui)

    imp = sub.add_parser("import", help="import article files or folders (all or nothing)")
    common(imp)
    imp.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    imp.add_argument(
        "--format",
        choices=IMPORT_FORMATS,
        help="import annotated layers in this dataset format (default: articles only)",
    )
    imp.add_argument(
        "--map",
        action="append",
        metavar="OLD=NEW",
        help="with --format: store type (or role) OLD as the tagset's NEW; repeatable",
    )
    imp.add_argument(
        "--as",
        dest="as_name",
        metavar="NAME",
        help="with --format: the annotator layer name (default: the file's annotators)",
    )
    imp.set_defaults(func=_cmd_import)

    st = sub.add_parser("stats", help="count what the store holds")
    common(st)
    st.add_argument("--json", action="store_true", help="print JSON")
    st.set_defaults(func=_cmd_stats)

    ck = sub.add_parser("check", help="check the store's integrity")
    common(ck)
    ck.set_defaults(func=_cmd_check)

    # Commands of later capabilities live in their own modules; each exposes
    # ``register(sub, common)`` and keeps its heavy imports inside its handlers.
    import importlib

    for name in EXTRA_COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``armscribe`` console script."""
    from db.errors import ArmscribeError

    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ArmscribeError as exc:
        print(f"armscribe: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("armscribe: interrupted; nothing was changed.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
