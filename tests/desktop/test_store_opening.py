"""Opening a store for the GUI: a bad store is explained, never a crash."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from db.errors import StoreTooNewError
from db.workspace import Workspace
from desktop import store_opening
from desktop.store_opening import open_workspace_for_gui, try_open_workspace


def make_too_new(path: Path) -> None:
    Workspace.open(path, "someone").close()
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE alembic_version SET version_num='9999'")
    con.close()


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes are recorded and dismissed (as if the user pressed Cancel)."""
    seen: list[tuple[str, str]] = []

    def fake_exec(box: QMessageBox) -> int:
        seen.append((box.text(), box.informativeText()))
        return int(QMessageBox.StandardButton.Cancel.value)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return seen


def test_a_store_from_a_newer_version_is_explained(
    tmp_path: Path, shown: list[tuple[str, str]]
) -> None:
    path = tmp_path / "new.sqlite"
    make_too_new(path)
    assert isinstance(try_open_workspace(path, "me"), StoreTooNewError)
    assert open_workspace_for_gui(path, "me") is None
    assert len(shown) == 1
    text, detail = shown[0]
    assert "newer version" in text
    assert "9999" in detail and str(path) in detail


def test_a_file_that_is_not_a_store_is_explained(
    tmp_path: Path, shown: list[tuple[str, str]]
) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("just some notes, not a database\n", encoding="utf-8")
    assert open_workspace_for_gui(path, "me") is None
    assert "not an Armscribe store" in shown[0][1]


def test_the_user_can_open_another_store_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.sqlite"
    make_too_new(bad)
    good = tmp_path / "good.sqlite"
    asked: list[str] = []

    def choose_other(parent: object, location: str, exc: Exception) -> str:
        asked.append(location)
        return str(good)

    monkeypatch.setattr(store_opening, "ask_after_store_error", choose_other)
    ws = open_workspace_for_gui(bad, "me")
    assert ws is not None
    try:
        assert ws.label == str(good)
        assert asked == [str(bad)]
    finally:
        ws.close()


def test_cancelling_the_file_dialog_gives_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    bad = tmp_path / "bad.sqlite"
    make_too_new(bad)

    def press_open_other(box: QMessageBox) -> int:
        # The buttons the user sees: Open Another Store…, New Store…, Cancel.
        labels = [b.text() for b in box.buttons()]
        assert any("Open Another Store" in t for t in labels)
        assert any("New Store" in t for t in labels)
        other = next(b for b in box.buttons() if "Open Another Store" in b.text())
        other.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", press_open_other)
    monkeypatch.setattr(store_opening, "ask_store_path", lambda parent, new: None)
    assert open_workspace_for_gui(bad, "me") is None


def test_an_older_store_is_upgraded_behind_a_dialog_that_says_so(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The upgrade (a backup, then table rebuilds) runs in a thread while a dialog names
    the store; the window then says where the old file is kept."""
    import shutil

    from PySide6.QtWidgets import QProgressDialog

    from db.workspace import pending_upgrade
    from desktop.main_window import MainWindow

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "stores" / "store-0003.sqlite"
    path = tmp_path / "old.sqlite"
    shutil.copy(fixture, path)
    assert pending_upgrade(path) == "0003"
    labels: list[str] = []
    real_show = QProgressDialog.show

    def show(box: QProgressDialog) -> None:
        labels.append(box.labelText())
        real_show(box)

    monkeypatch.setattr(QProgressDialog, "show", show)
    ws = open_workspace_for_gui(path, "me")
    assert isinstance(ws, Workspace)
    assert labels and "old.sqlite" in labels[0] and "Upgrading" in labels[0]
    assert pending_upgrade(path) is None
    backup = ws.store.report.backup_path
    assert backup is not None and backup.exists()
    window = MainWindow(ws, persist=False)
    qtbot.addWidget(window)
    assert backup.name in window.statusBar().currentMessage()
    window.close()


def test_pending_upgrade_is_none_for_what_needs_none(tmp_path: Path) -> None:
    from db.workspace import pending_upgrade

    assert pending_upgrade(tmp_path / "missing.sqlite") is None
    notes = tmp_path / "notes.sqlite"
    notes.write_text("not a database", encoding="utf-8")
    assert pending_upgrade(notes) is None
    current = tmp_path / "current.sqlite"
    Workspace.open(current, "me").close()
    assert pending_upgrade(current) is None
    newer = tmp_path / "newer.sqlite"
    make_too_new(newer)
    assert pending_upgrade(newer) is None
    assert pending_upgrade("postgresql+psycopg://nobody@/x") is None
