"""run_gui: store resolution, screenshot mode, the sample corpus, store errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from db.workspace import Workspace
from desktop import app as app_module
from desktop.app import run_gui
from desktop.settings import app_settings, last_store, recent_stores, remember_store


def pixel_spread(image: QImage) -> int:
    """How many distinct colours a coarse grid of the image holds."""
    colours = set()
    for x in range(0, image.width(), 23):
        for y in range(0, image.height(), 17):
            colours.add(image.pixel(x, y))
    return len(colours)


def top_level_windows() -> list[str]:
    return [w.objectName() for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_screenshot_mode_writes_a_painted_png(
    workspace: Workspace, tmp_path: Path, qapp: QApplication
) -> None:
    location = workspace.label
    workspace.close()
    shot = tmp_path / "shots" / "main.png"
    assert run_gui(location, screenshot=shot) == 0
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1400, 900)
    assert pixel_spread(image) > 20  # text, list and chrome, not a blank window
    assert "mainWindow" not in top_level_windows()
    # A screenshot leaves the user's settings alone.
    assert recent_stores() == []


def test_screenshot_of_an_empty_store_with_the_sample_corpus(
    tmp_path: Path, qapp: QApplication
) -> None:
    location = tmp_path / "fresh.sqlite"
    shot = tmp_path / "sample.png"
    assert run_gui(str(location), screenshot=shot, sample_corpus=True, annotator="demo") == 0
    ws = Workspace.open(location, "demo")
    try:
        assert ws.stats().articles == 12
    finally:
        ws.close()
    assert pixel_spread(QImage(str(shot))) > 20


def test_screenshot_mode_reports_a_store_error_and_returns_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp
) -> None:
    path = tmp_path / "new.sqlite"
    Workspace.open(path, "x").close()
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE alembic_version SET version_num='9999'")
    con.close()
    assert run_gui(str(path), screenshot=tmp_path / "x.png") == 2
    assert "newer version" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_the_store_comes_from_the_argument_then_settings_then_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp
) -> None:
    opened: list[str] = []

    def fake_try(location: str, annotator: str) -> Exception:
        opened.append(str(location))
        return OSError("stop here")

    monkeypatch.setattr(app_module, "try_open_workspace", fake_try)
    monkeypatch.setattr(app_module, "default_store_path", lambda: tmp_path / "default.sqlite")
    assert run_gui(None, screenshot=tmp_path / "a.png") == 2
    remember_store(str(tmp_path / "last.sqlite"))
    assert last_store() == str(tmp_path / "last.sqlite")
    assert run_gui(None, screenshot=tmp_path / "a.png") == 2
    assert run_gui(str(tmp_path / "given.sqlite"), screenshot=tmp_path / "a.png") == 2
    assert opened == [
        str(tmp_path / "default.sqlite"),
        str(tmp_path / "last.sqlite"),
        str(tmp_path / "given.sqlite"),
    ]


def test_default_store_path_is_in_the_user_data_dir() -> None:
    from desktop.paths import default_store_path

    p = default_store_path()
    assert p.name == "armscribe.sqlite"
    assert "Armscribe" in str(p.parent)


def test_recent_stores_keep_eight_most_recent_first(qapp: QApplication) -> None:
    for i in range(10):
        remember_store(f"/stores/{i}.sqlite")
    remember_store("/stores/3.sqlite")
    items = recent_stores(app_settings())
    assert items[0] == "/stores/3.sqlite"
    assert len(items) == 8
    assert len(set(items)) == 8
