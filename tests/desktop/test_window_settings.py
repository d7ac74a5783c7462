"""What the window remembers between sessions, kept in (test-isolated) QSettings."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from db.workspace import Workspace
from desktop.main_window import MainWindow
from desktop.settings import recent_stores


def test_layout_text_size_and_recent_stores_are_remembered(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    first = MainWindow(workspace)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(760, 560)  # the offscreen screen is 800x600
    first.act_larger.trigger()
    first.act_toggle_dock.trigger()  # hide the tagging dock
    qtbot.wait(20)  # let the layout give the dock's room to the splitter
    first.splitter.setSizes([360, 400])
    size = first.article_view.point_size()
    sizes = first.splitter.sizes()
    first.close()
    assert recent_stores() == [workspace.label]

    again = MainWindow(Workspace.open(workspace.label, "tester"))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.article_view.point_size() == size
    # Within a pixel: the splitter rounds when it shares out the restored width.
    assert all(abs(a - b) <= 1 for a, b in zip(again.splitter.sizes(), sizes, strict=True))
    assert again.splitter.sizes()[0] == sizes[0]
    assert not again.tagging_dock.isVisible()
    assert (again.width(), again.height()) == (760, 560)
    again.recent_menu.aboutToShow.emit()
    entries = [a.data() for a in again.recent_menu.actions() if a.data()]
    assert entries == [workspace.label]
    again.close()


def test_switching_store_from_the_recent_menu(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    other = tmp_path / "other.sqlite"
    Workspace.open(other, "tester").close()
    w = MainWindow(workspace)
    qtbot.addWidget(w)
    w.show()
    assert w.switch_store(str(other))
    assert w.store_label.toolTip() == str(other)
    assert w.list_panel.model.rowCount() == 0
    assert w.count_label.text() == "0 articles · 0 shown"
    assert recent_stores()[:2] == [str(other), workspace.label]
    w.recent_menu.aboutToShow.emit()
    back = next(a for a in w.recent_menu.actions() if a.data() == workspace.label)
    back.trigger()
    assert w.store_label.toolTip() == workspace.label
    assert w.list_panel.model.rowCount() == 5
    w.close()
