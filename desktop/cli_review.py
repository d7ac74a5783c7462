"""``armscribe agree`` and ``armscribe bundle``: agreement figures and review bundles
from a terminal. The library does the work (``db.review``); this only parses and prints."""

from __future__ import annotations

import argparse
import getpass
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

Common = Callable[[argparse.ArgumentParser], None]


def register(sub: Any, common: Common) -> None:
    """Add the ``agree`` and ``bundle`` commands to the ``armscribe`` parser."""
    agree = sub.add_parser("agree", help="agreement figures between two annotators")
    common(agree)
    agree.add_argument(
        "--annotators", required=True, metavar="A,B", help="the two annotators to compare"
    )
    agree.add_argument("--json", action="store_true", help="print JSON")
    agree.add_argument("--csv", action="store_true", help="print CSV")
    agree.add_argument(
        "--article-id", type=int, action="append", dest="article_ids", metavar="N",
        help="only this article (repeatable)",
    )  # fmt: skip
    agree.add_argument(
        "--type", action="append", dest="types", metavar="T",
        help="only this mention or event type (repeatable)",
    )  # fmt: skip
    agree.set_defaults(func=_cmd_agree)

    bundle = sub.add_parser("bundle", help="exchange a layer with a colleague")
    bsub = bundle.add_subparsers(dest="bundle_command", required=True)
    exp = bsub.add_parser("export", help="write your layer to a bundle file")
    common(exp)
    exp.add_argument("--out", required=True, metavar="FILE")
    exp.add_argument(
        "--article-id", type=int, action="append", dest="article_ids", metavar="N",
        help="only this article (repeatable)",
    )  # fmt: skip
    exp.set_defaults(func=_cmd_bundle_export)
    imp = bsub.add_parser("import", help="merge a colleague's bundle as their layer")
    common(imp)
    imp.add_argument("file", metavar="FILE")
    imp.set_defaults(func=_cmd_bundle_import)


def _open(path: str | None):  # type: ignore[no-untyped-def]
    from db.errors import StoreError
    from db.workspace import open_existing_store
    from desktop.cli_store import say_upgrade

    if not path:
        raise StoreError("Name the store with --store PATH.")
    store = open_existing_store(path)
    say_upgrade(store)
    return store


def _cmd_agree(args: argparse.Namespace) -> int:
    from db.errors import ArmscribeError
    from db.review.agreement import agreement, figures_csv

    names = [n.strip() for n in args.annotators.split(",") if n.strip()]
    if len(names) != 2:
        raise ArmscribeError("--annotators takes two names separated by a comma, e.g. anna,bob")
    store = _open(args.store)
    try:
        result = agreement(store, names[0], names[1], args.article_ids, args.types)
    finally:
        store.close()
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return 0
    if args.csv:
        print(figures_csv(result), end="")
        return 0
    print(f"{result.annotator_a} vs {result.annotator_b}: {result.articles} articles")
    print(f"{'measure':<24} {'scope':<16} {'value':>7} {'matched':>8} {'A':>7} {'B':>7}")
    for f in result.figures:
        value = "-" if f.value is None else f"{f.value:.3f}"
        print(
            f"{f.measure:<24} {f.scope:<16} {value:>7} {f.matched:>8} {f.a_count:>7} {f.b_count:>7}"
        )
    return 0


def _cmd_bundle_export(args: argparse.Namespace) -> int:
    from db.review.bundles import export_bundle

    store = _open(args.store)
    try:
        summary = export_bundle(
            store, args.annotator or getpass.getuser(), Path(args.out), args.article_ids
        )
    finally:
        store.close()
    print(
        f"Wrote {summary.path}: {summary.annotator}'s layer of {summary.articles} articles "
        f"({summary.mentions} mentions, {summary.events} events, {summary.relations} relations)."
    )
    return 0


def _cmd_bundle_import(args: argparse.Namespace) -> int:
    from db.review.bundles import import_bundle

    store = _open(args.store)
    try:
        report = import_bundle(store, Path(args.file))
    finally:
        store.close()
    print(f"new: {report.new}")
    print(f"changed: {report.changed}")
    print(f"unchanged: {report.unchanged}")
    print(f"conflicting: {report.conflicting} (kept the local copy)")
    print(
        f"comments: {report.comments_new} new, {report.comments_changed} changed, "
        f"{report.comments_unchanged} unchanged, {report.comments_conflicting} conflicting"
    )
    print(f"missing articles: {len(report.missing_articles)}")
    for title in report.missing_articles[:20]:
        print(f"  not in this store: {title}")
    return 0
