"""Opening the store for a command-line command: the default store when none is named,
and a line on stderr when opening it upgraded an older store (where the old file is
kept), since that takes seconds on a big store and leaves a file beside it."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.workspace import Store, Workspace


def open_workspace(store: str | None, annotator: str | None = None) -> Workspace:
    """The workspace on ``store`` (default: the user's store) for ``annotator``
    (default: the login name)."""
    from db.workspace import Workspace
    from desktop.paths import default_store_path

    ws = Workspace.open(store or default_store_path(), annotator or getpass.getuser())
    say_upgrade(ws.store)
    return ws


def say_upgrade(store: Store) -> None:
    """Tell on stderr that opening ``store`` upgraded it, if it did."""
    report = store.report
    if report.upgraded_from is None:
        return
    kept = f"; the file as it was is kept as {report.backup_path}" if report.backup_path else ""
    where = Path(store.label).name
    print(
        f"armscribe: upgraded {where} for this version of Armscribe "
        f"(schema {report.upgraded_from}){kept}.",
        file=sys.stderr,
    )
