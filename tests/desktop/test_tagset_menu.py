"""Loading another tagset from the File menu: a valid file re-types the window (Tag
menu, type buttons, highlights); a broken one lists every problem and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.annotation_layer import UNKNOWN_COLOUR
from desktop.main_window import MainWindow

SMALL = """\
name: Small team tagset
version: 2
vocabularies:
  kinds: [state, company]
mention_types:
  - name: ACTOR
    label: Party
    colour: "#80DEEA"
    shortcut: "1"
    links_entity: true
    subtypes: kinds
  - name: WEAPON
    label: Weapon
    colour: "#EF9A9A"
    shortcut: 2
    links_entity: true
event_types:
  - name: TRANSFER
    label: Transfer
    shortcut: t
    roles:
      - {name: Supplier, types: [ACTOR], required: true}
      - {name: Recipient, types: [ACTOR], required: true}
      - {name: Weapon, types: [WEAPON]}
    edges:
      - {source: Supplier, target: Recipient, style: supply, label_role: Weapon}
relation_types:
  - {name: MEMBER_OF, label: Member of, source: [ACTOR], target: [ACTOR]}
edge_styles:
  - {name: supply, colour: "#1565C0"}
"""

BROKEN = SMALL.replace("shortcut: 2", "shortcut: 1").replace(
    "{name: Recipient, types: [ACTOR]", "{name: Recipient, types: [ACTRO]"
)


def tag_menu_texts(window: MainWindow) -> list[str]:
    return [a.text() for a in window.tag_menu.actions() if a.text()]


def tag_words(window: MainWindow, word: str, type_: str) -> int:
    """Tag the first ``word`` of the shown article through the library, as another
    window would, and tell this one."""
    from db.changes import Changes

    ws, doc = window.workspace, window.article_view.article
    assert ws is not None and doc is not None
    start = doc.text.index(word)
    edit = ws.tagging.add_mention(doc.id, start, start + len(word), type_)
    window.op_did_execute.emit(Changes(mentions=True))
    return int(edit.created[0])


def background_at(window: MainWindow, cp: int) -> QColor:
    cur = QTextCursor(window.article_view.text_edit.document())
    cur.setPosition(window.article_view.offsets.to_qt(cp) + 1)
    return cur.charFormat().background().color()


@pytest.fixture
def on_german(window: MainWindow) -> MainWindow:
    titles = [r.title for r in window.list_panel.model.rows()]
    window.list_panel.select_row(titles.index("Verbündete drosseln Waffenexporte in die Türkei"))
    return window


def test_loading_a_valid_tagset_switches_menu_buttons_and_highlights(
    qtbot: QtBot, on_german: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = on_german
    assert "Tag as Location\t3" in tag_menu_texts(window)
    text = window.article_view.article.text
    actor = tag_words(window, "Frankreich", "ACTOR")
    place = tag_words(window, "Türkei", "LOCATION")
    assert background_at(window, text.index("Frankreich")) == QColor("#FFCC80")
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))

    window.act_load_tagset.trigger()

    texts = tag_menu_texts(window)
    assert "Tag as Party\t1" in texts and "Tag as Weapon\t2" in texts
    assert not any("Location" in t for t in texts)
    events = window.tag_menu.actions()[2].menu()
    assert [a.text() for a in events.actions()] == ["Transfer event\tT"]
    panel = window.tagging_panel
    assert sorted(panel._type_buttons) == ["ACTOR", "WEAPON"]
    assert panel._type_buttons["ACTOR"].text() == "1 Party"
    # The store keeps the new tagset: a fresh read of it says so.
    assert window.workspace.tagging.tagset.name == "Small team tagset"
    # Highlights follow the new colours; a mention of a type it lacks stays, in grey.
    assert background_at(window, text.index("Frankreich")) == QColor("#80DEEA")
    layer = window.article_view._layer
    assert layer.mention(actor).colour == QColor("#80DEEA")
    assert layer.mention(place).colour == QColor(UNKNOWN_COLOUR)
    assert background_at(window, text.index("Türkei")) == QColor(UNKNOWN_COLOUR)
    tip = window.article_view.tooltip_text(text.index("Türkei") + 1)
    assert "LOCATION" in tip and "not in this tagset" in tip
    status = window.statusBar().currentMessage()
    assert "Small team tagset" in status and "LOCATION" in status
    assert "Small team tagset" in window.tagset_summary()
    assert "2 mention types, 1 event types" in window.tagset_summary()
    assert window.open_messages() == []


def test_a_broken_tagset_lists_every_problem_and_changes_nothing(
    qtbot: QtBot, on_german: MainWindow, tmp_path: Path
) -> None:
    window = on_german
    before_menu = tag_menu_texts(window)
    before_buttons = sorted(window.tagging_panel._type_buttons)
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")

    assert window.load_tagset(path) is False

    boxes = window.open_messages()
    assert len(boxes) == 1
    box = boxes[0]
    assert box.icon() == QMessageBox.Icon.Warning
    assert "broken.yaml" in box.text() and "2 problems" in box.text()
    lines = box.informativeText().splitlines()
    dup_line = BROKEN[: BROKEN.index("shortcut: 1", BROKEN.index("WEAPON"))].count("\n") + 1
    role_line = BROKEN[: BROKEN.index("ACTRO")].count("\n") + 1
    assert any(ln.startswith(f"broken.yaml:{dup_line}: ") and "shortcut" in ln for ln in lines)
    assert any(ln.startswith(f"broken.yaml:{role_line}: ") and "ACTRO" in ln for ln in lines)
    assert window.workspace.tagging.tagset.name == "Arms transfers"
    assert tag_menu_texts(window) == before_menu
    assert sorted(window.tagging_panel._type_buttons) == before_buttons


def test_a_missing_file_is_a_message_not_a_crash(on_german: MainWindow, tmp_path: Path) -> None:
    window = on_german
    assert window.load_tagset(tmp_path / "nowhere.yaml") is False
    boxes = window.open_messages()
    assert len(boxes) == 1 and "nowhere.yaml" in (boxes[0].text() + boxes[0].informativeText())
    assert window.workspace.tagging.tagset.name == "Arms transfers"


def test_tagset_info_names_the_tagset_and_its_counts(window: MainWindow) -> None:
    box = window.show_tagset_info()
    assert "Arms transfers" in box.text()
    assert "7 mention types" in box.text() and "13 event types" in box.text()
    assert "1  Actor (ACTOR)" in box.detailedText()
