"""The export dialog runs a real export off the GUI thread and reports the outcome."""

from __future__ import annotations

from pathlib import Path

import orjson
from desktop_helpers import EMOJI_TEXT
from pytestqt.qtbot import QtBot

from db.formats.model import ExportSummary
from desktop.export_dialog import ExportDialog, open_export_dialog
from desktop.main_window import MainWindow


def tag_drones(window: MainWindow) -> int:
    ws = window.workspace
    assert ws is not None
    art = next(r.id for r in ws.articles() if r.title == "Drohnen für Aserbaidschan")
    at = EMOJI_TEXT.index("Bayraktar-Drohnen")
    ws.tagging.add_mention(art, at, at + len("Bayraktar-Drohnen"), "WEAPON")
    at = EMOJI_TEXT.index("Türkei")
    ws.tagging.add_mention(art, at, at + len("Türkei"), "ACTOR")
    return art


def test_dialog_exports_my_layer_to_jsonl(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    tag_drones(window)
    dlg = open_export_dialog(window)
    assert isinstance(dlg, ExportDialog) and dlg.isVisible()
    dlg.set_format("jsonl")
    out = tmp_path / "export" / "mine.jsonl"
    dlg.path_edit.setText(str(out))
    assert dlg.selection().annotators == (window.annotator,)
    with qtbot.waitSignal(dlg.export_did_finish, timeout=20_000) as blocker:
        dlg.export_button.click()
    summary = blocker.args[0]
    assert isinstance(summary, ExportSummary), summary
    lines = out.read_bytes().splitlines()
    (doc,) = [orjson.loads(x) for x in lines[1:]]
    assert doc["annotator"] == window.annotator
    assert sorted(m["text"] for m in doc["mentions"]) == ["Bayraktar-Drohnen", "Türkei"]
    for m in doc["mentions"]:
        assert doc["text"][m["start"] : m["end"]] == m["text"]
    assert summary.mentions == 2 and str(out) in summary.files
    assert any(b.windowTitle() == "Export Finished" for b in window.open_messages())


def test_dialog_csv_of_the_selected_article_with_one_type(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    art = tag_drones(window)
    assert window.list_panel.select_article(art)
    dlg = ExportDialog(window)
    qtbot.addWidget(dlg)
    dlg.set_format("csv")
    assert dlg.bom_check.isVisibleTo(dlg)
    dlg.bom_check.setChecked(True)
    dlg.selected_radio.setChecked(True)
    for i in range(dlg.type_list.count()):
        item = dlg.type_list.item(i)
        if item.text() != "WEAPON":
            item.setCheckState(item.checkState().Unchecked)
    sel = dlg.selection()
    assert sel.article_ids == frozenset({art}) and sel.mention_types == frozenset({"WEAPON"})
    out = tmp_path / "tables"
    dlg.path_edit.setText(str(out))
    with qtbot.waitSignal(dlg.export_did_finish, timeout=20_000):
        dlg.start_export()
    raw = (out / "mentions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = raw.decode("utf-8-sig").splitlines()
    assert len(rows) == 2 and ",WEAPON,Bayraktar-Drohnen," in rows[1]
