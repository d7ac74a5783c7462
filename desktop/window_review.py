"""A ``MainWindow``'s Review menu slots: review this article (choosing whose layers),
the agreement dashboard and the graph diff (each absent from some builds)."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


def review_article(w: MainWindow) -> None:
    """Review > Review This Article…: choose two or more layers, then start."""
    from desktop.review.annotators_dialog import AnnotatorsDialog

    ws = w.workspace
    if ws is None or w.current_article_id() is None:
        w.statusBar().showMessage(
            QCoreApplication.translate("MainWindow", "Open an article to review it."), 6000
        )
        return
    rows = [r for r in ws.annotators() if r.role != "curated"]
    if len(rows) < 2:
        w.show_message(
            QMessageBox.Icon.Information,
            QCoreApplication.translate("MainWindow", "Nothing to Compare"),
            QCoreApplication.translate(
                "MainWindow",
                "Only one analyst has a layer in this store. Import a colleague's work "
                "(File > Import Colleague's Work…) to review it.",
            ),
        )
        return
    remembered = set(w.review.remembered_annotators())
    checked = [r.id for r in rows if r.name in remembered]
    if len(checked) < 2:
        checked = [r.id for r in rows if r.id != ws.annotator_id][:2]
    dlg = AnnotatorsDialog(rows, checked, w)
    if dlg.exec() == AnnotatorsDialog.DialogCode.Accepted:
        w.review.start(dlg.chosen())


def _optional_module(w: MainWindow, name: str, missing: str) -> ModuleType | None:
    """Import ``name``, a module some builds leave out; when it is absent, say
    ``missing`` in the status bar and return None (a broken module still raises)."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        w.statusBar().showMessage(missing, 6000)
        return None


def agreement_dashboard(w: MainWindow) -> None:
    """Review > Agreement Dashboard…"""
    module = _optional_module(
        w,
        "desktop.review.dashboard",
        QCoreApplication.translate(
            "MainWindow", "The agreement dashboard is not available in this build."
        ),
    )
    if module is not None:
        module.open_agreement_dashboard(w)


def graph_diff(w: MainWindow) -> None:
    """Review > Graph Diff…"""
    module = _optional_module(
        w,
        "desktop.review.graph_diff_view",
        QCoreApplication.translate("MainWindow", "The graph diff is not available in this build."),
    )
    if module is not None:
        module.open_graph_diff(w)
