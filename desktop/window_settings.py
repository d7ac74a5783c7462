"""A ``MainWindow``'s layout and text size, saved to and restored from its settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray

from desktop.article_view import DEFAULT_POINT_SIZE

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


def restore_settings(w: MainWindow) -> None:
    """Geometry, docks, splitter and text size as last saved (defaults otherwise)."""
    s = w.settings()
    geometry = s.value("mainWindow/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        w.restoreGeometry(geometry)
    state = s.value("mainWindow/state")
    if isinstance(state, QByteArray) and not state.isEmpty():
        w.restoreState(state)
    splitter = s.value("mainWindow/splitter")
    if isinstance(splitter, QByteArray) and not splitter.isEmpty():
        w.splitter.restoreState(splitter)
    size = s.value("view/pointSize")
    try:
        w.article_view.set_point_size(float(size) if size is not None else DEFAULT_POINT_SIZE)
    except (TypeError, ValueError):
        w.article_view.set_point_size(DEFAULT_POINT_SIZE)


def save_settings(w: MainWindow) -> None:
    """Remember geometry, docks, splitter and text size."""
    s = w.settings()
    s.setValue("mainWindow/geometry", w.saveGeometry())
    s.setValue("mainWindow/state", w.saveState())
    s.setValue("mainWindow/splitter", w.splitter.saveState())
    s.setValue("view/pointSize", w.article_view.point_size())
    s.sync()
