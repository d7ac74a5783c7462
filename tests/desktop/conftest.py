"""Desktop fixtures: offscreen Qt, settings kept apart per test, a real store with articles."""

from __future__ import annotations

import os

# Before any QApplication exists (pytest-qt creates it lazily in the ``qapp`` fixture).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from desktop_helpers import ARTICLES, add_drafts  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from db.workspace import Workspace  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, qapp: QApplication) -> Iterator[Path]:
    """Every test gets its own, empty QSettings (INI files under tmp_path)."""
    folder = tmp_path / "settings"
    qapp.setOrganizationName("Armscribe")
    qapp.setApplicationName("Armscribe")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.SystemScope, str(folder / "system")
    )
    yield folder


@pytest.fixture
def workspace(store_path: Path) -> Iterator[Workspace]:
    """A real SQLite store in tmp_path holding ``ARTICLES``."""
    ws = Workspace.open(store_path, "tester")
    add_drafts(ws, ARTICLES)
    yield ws
    ws.close()


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace) -> Iterator[MainWindow]:
    """The main window on ``workspace``, shown; closed and deleted after the test."""
    w = MainWindow(workspace, persist=False)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    for box in w.open_messages():
        box.close()
    w.close()
