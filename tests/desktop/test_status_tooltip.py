"""The article list's status column tells who has done what with an article."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from db.workspace import Workspace
from desktop.article_table_model import COL_STATUS
from desktop.main_window import MainWindow


def test_status_tooltip_names_every_annotator(
    window: MainWindow, workspace: Workspace, store_path: Path
) -> None:
    model = window.list_panel.model
    first = model.rows()[0].id
    bob = Workspace.open(store_path, "bob")
    try:
        bob.rename_me("Bob Marsh")
        bob.set_status(first, "done")
    finally:
        bob.close()
    workspace.set_status(first, "in_progress")
    index = model.index(model.row_of(first), COL_STATUS)
    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert isinstance(tip, str)
    lines = tip.splitlines()
    assert any(line.startswith("Bob Marsh:") and "Done" in line for line in lines), tip
    assert any(line.startswith("tester:") for line in lines), tip
    other = model.rows()[1].id
    tip = model.data(model.index(model.row_of(other), COL_STATUS), Qt.ItemDataRole.ToolTipRole)
    assert tip == "Nobody has started this article."
