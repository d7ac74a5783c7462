"""Whose layer a ``MainWindow`` shows: the layer chooser and View > Layer menu, filled
from the store's annotators, and the banner naming the layer shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from db.workspace import Workspace
    from desktop.main_window import MainWindow


def layer_banner(ws: Workspace | None, layer_id: int | None, review_banner: str | None) -> str:
    """The layer bar's text for ``layer_id`` (empty for mine); ``review_banner``, the
    review mode's own text, replaces it when given."""
    text = ""
    if layer_id is not None and ws is not None:
        row = next((a for a in ws.annotators() if a.id == layer_id), None)
        if row is not None and row.role == "curated":
            text = QCoreApplication.translate("MainWindow", "Viewing the curated layer (read-only)")
        else:
            name = row.display_name if row is not None else str(layer_id)
            text = QCoreApplication.translate(
                "MainWindow", "Viewing {name}'s layer (read-only)"
            ).format(name=name)
        if review_banner:
            text = review_banner
    return text


def fill_layers(w: MainWindow) -> None:
    """The layer chooser and the View > Layer menu, from the store's annotators."""
    menu = w.layer_menu
    menu.clear()
    ws = w.workspace
    if ws is None:
        return
    rows = [r for r in ws.annotators() if r.id != ws.annotator_id]
    w.layer_bar.set_annotators(rows, ws.annotator_id)
    w.layer_bar.show_layer(w.layer_id(), w.layer_bar.banner.text())
    entries: list[tuple[str, int | None]] = [
        (QCoreApplication.translate("MainWindow", "Mine"), None)
    ]
    entries += [
        (
            QCoreApplication.translate("MainWindow", "Curated")
            if r.role == "curated"
            else r.display_name,
            r.id,
        )
        for r in rows
    ]
    for text, layer in entries:
        act = menu.addAction(text.replace("&", "&&"))
        act.setCheckable(True)
        act.setData(layer)
        act.setChecked(layer == w.layer_id())
        act.triggered.connect(lambda _c=False, i=layer: w.set_layer(i))
