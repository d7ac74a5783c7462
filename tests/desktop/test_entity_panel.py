"""The entity panel on a real store: counts, filters, the edits, merging and undo, and the
mention list that opens an article at a mention."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from db.workspace import Workspace
from desktop.entity_models import COL_KIND, COL_MENTIONS, COL_NAME, COL_SUBTYPE, split_context
from desktop.entity_panel import EntityPanel


def entity_id(ws: Workspace, surface: str, kind: str = "ACTOR") -> int:
    return ws.tagging.match_entities(surface, kind)[0].entity_id


def tag(ws: Workspace, title: str, word: str, eid: int, kind: str = "ACTOR") -> tuple[int, int]:
    """Tag the first ``word`` in the article titled ``title``; returns (article, start)."""
    aid = next(r.id for r in ws.articles() if r.title == title)
    doc = ws.article(aid)
    assert doc is not None
    start = doc.text.index(word)
    ws.tagging.add_mention(aid, start, start + len(word), kind, eid)
    return aid, start


GERMAN = "Verbündete drosseln Waffenexporte in die Türkei"
CANADA = "Canada puts drone sensor exports on hold"


@pytest.fixture
def panel(qtbot: QtBot, workspace: Workspace) -> Iterator[EntityPanel]:
    ws = workspace
    tr = entity_id(ws, "Türkei")
    tag(ws, GERMAN, "Türkei", tr)
    tag(ws, GERMAN, "TÜRKEI", tr)
    tag(ws, "Drohnen für Aserbaidschan", "Türkei", tr)
    tag(ws, GERMAN, "Frankreich", entity_id(ws, "Frankreich"))
    tag(ws, "Armenia & Belarus <withdraw> ambassadors", "Belarus", entity_id(ws, "Belarus"))
    tag(ws, "Belarus ships shells", "Belarus", entity_id(ws, "Belarus"))
    tag(
        ws,
        "Drohnen für Aserbaidschan",
        "Bayraktar",
        entity_id(ws, "Bayraktar TB2", "WEAPON"),
        "WEAPON",
    )
    p = EntityPanel()
    qtbot.addWidget(p)
    p.resize(520, 640)
    p.set_workspace(ws)
    p.show()
    qtbot.waitExposed(p)
    yield p
    for box in p.open_messages():
        box.close()


def type_text(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Type into ``edit``; QTest types ASCII only (it aborts on "ü"), so insert the rest."""
    edit.setFocus()
    for ch in text:
        if ch.isascii():
            qtbot.keyClick(edit, ch)
        else:
            edit.insert(ch)


def counts(p: EntityPanel) -> dict[str, int]:
    return {r.name: r.mention_count for r in p.model.rows()}


def names(p: EntityPanel) -> list[str]:
    return [r.name for r in p.model.rows()]


def test_lists_used_entities_with_counts_most_mentioned_first(panel: EntityPanel) -> None:
    assert counts(panel) == {"Türkiye": 3, "Belarus": 2, "France": 1, "Bayraktar TB2": 1}
    assert names(panel)[:2] == ["Türkiye", "Belarus"]
    assert panel.model.index(0, COL_MENTIONS).data() == "3"
    assert panel.table.horizontalHeader().sortIndicatorSection() == COL_MENTIONS
    panel.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
    assert names(panel) == ["Bayraktar TB2", "Belarus", "France", "Türkiye"]

    panel.used_check.setChecked(False)  # the whole gazetteer
    assert panel.model.rowCount() > 300
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData("WEAPON"))
    assert {r.kind for r in panel.model.rows()} == {"WEAPON"}
    assert panel.table.isColumnHidden(COL_KIND)


def test_filter_matches_aliases_without_case_or_accents(qtbot: QtBot, panel: EntityPanel) -> None:
    for typed, expected in (
        ("Türkei", ["Türkiye"]),  # an alias
        ("turkiye", ["Türkiye"]),
        ("REPUBLIK TURKEI", ["Türkiye"]),  # alias "Republik Türkei", accent dropped
        ("frankreich", ["France"]),
        ("weißrussland", ["Belarus"]),
    ):
        panel.filter_edit.clear()
        type_text(qtbot, panel.filter_edit, typed)
        assert names(panel) == expected, typed
    type_text(qtbot, panel.filter_edit, "xyz")
    assert names(panel) == []


def test_rename_by_f2_keeps_the_old_name_as_alias(
    qtbot: QtBot, panel: EntityPanel, workspace: Workspace
) -> None:
    ws = workspace
    tr = entity_id(ws, "Türkei")
    panel.select_entity(tr)
    panel.activateWindow()
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    dlg = panel.open_dialog()
    assert dlg is not None and dlg.textValue() == "Türkiye"  # type: ignore[attr-defined]
    dlg.setTextValue("Republic of Türkiye")  # type: ignore[attr-defined]
    with qtbot.waitSignal(panel.entities_did_change) as changed:
        dlg.accept()
    assert changed.args[0].entities
    row = ws.tagging.entity(tr)
    assert row is not None and row.name == "Republic of Türkiye" and "Türkiye" in row.aliases
    assert panel.current_entity_id() == tr
    assert names(panel)[0] == "Republic of Türkiye"


def test_add_alias_and_change_subtype(
    qtbot: QtBot, panel: EntityPanel, workspace: Workspace
) -> None:
    ws = workspace
    by = entity_id(ws, "Belarus")
    panel.select_entity(by)
    panel.act_add_alias.trigger()
    dlg = panel.open_dialog()
    dlg.setTextValue("  Belorussija ")  # type: ignore[union-attr]
    dlg.accept()  # type: ignore[union-attr]
    assert "Belorussija" in ws.tagging.entity(by).aliases  # type: ignore[union-attr]
    assert "Belorussija" in panel.current_entity().aliases

    panel.act_subtype.trigger()
    dlg = panel.open_dialog()
    assert dlg.choose("organisation")  # type: ignore[union-attr]
    dlg.accept()  # type: ignore[union-attr]
    assert ws.tagging.entity(by).subtype == "organisation"  # type: ignore[union-attr]
    row = panel.model.row_of(by)
    assert row is not None
    assert panel.model.index(row, COL_SUBTYPE).data() == "Alliance / international organisation"


def test_a_refused_edit_shows_a_message_not_a_crash(
    panel: EntityPanel, workspace: Workspace
) -> None:
    ws = workspace
    by = entity_id(ws, "Belarus")
    assert not panel.rename_entity(by, "   ")
    [box] = panel.open_messages()
    assert "name" in box.informativeText()
    assert ws.tagging.entity(by).name == "Belarus"  # type: ignore[union-attr]


def test_merge_moves_every_mention_and_undo_restores(
    qtbot: QtBot, panel: EntityPanel, workspace: Workspace
) -> None:
    ws = workspace
    tr = entity_id(ws, "Türkei")
    dup = ws.tagging.create_entity("ACTOR", "Turkish Republic (dup)", subtype="state").created[0]
    tag(ws, CANADA, "Turkey", dup)
    panel.refresh()
    assert counts(panel)["Turkish Republic (dup)"] == 1

    panel.select_entity(dup)
    panel.act_merge.trigger()
    chooser = panel.open_dialog()
    chooser.set_filter("turkiye")  # type: ignore[union-attr]
    shown = chooser.visible_ids()  # type: ignore[union-attr]
    assert shown == [tr] and dup not in shown
    chooser.set_filter("bayraktar")  # type: ignore[union-attr]
    assert chooser.visible_ids() == []  # type: ignore[union-attr]  # weapons are not offered
    chooser.set_filter("türkei")  # type: ignore[union-attr]
    assert chooser.chosen_id() == tr  # type: ignore[union-attr]
    chooser.accept()  # type: ignore[union-attr]

    [confirm] = panel.open_messages()
    assert "Turkish Republic (dup)" in confirm.text() and "Türkiye" in confirm.text()
    assert "1 mention " in confirm.informativeText()
    with qtbot.waitSignal(panel.entities_did_change):
        confirm.button(QMessageBox.StandardButton.Yes).click()
    assert counts(panel)["Türkiye"] == 4
    assert "Turkish Republic (dup)" not in counts(panel)
    assert panel.current_entity_id() == tr
    assert len(ws.tagging.entity_mentions(tr)) == 4
    assert panel.mention_model.rowCount() == 4

    ws.tagging.undo()
    panel.refresh()
    assert counts(panel)["Türkiye"] == 3
    assert counts(panel)["Turkish Republic (dup)"] == 1


def test_cancelled_merge_changes_nothing(panel: EntityPanel, workspace: Workspace) -> None:
    ws = workspace
    by, fr = entity_id(ws, "Belarus"), entity_id(ws, "Frankreich")
    panel.select_entity(by)
    panel.act_merge.trigger()
    chooser = panel.open_dialog()
    assert chooser.choose(fr)  # type: ignore[union-attr]
    chooser.accept()  # type: ignore[union-attr]
    [confirm] = panel.open_messages()
    confirm.button(QMessageBox.StandardButton.Cancel).click()
    assert counts(panel)["Belarus"] == 2 and counts(panel)["France"] == 1


def test_mentions_show_context_and_open_the_article(
    qtbot: QtBot, panel: EntityPanel, workspace: Workspace
) -> None:
    ws = workspace
    panel.select_entity(entity_id(ws, "Türkei"))
    mentions = panel.mention_model.mentions()
    assert len(mentions) == 3
    assert sorted(m.text for m in mentions) == ["TÜRKEI", "Türkei", "Türkei"]
    for m in mentions:
        before, word, after = split_context(m)
        assert word == m.text and m.context == before + word + after
    assert "Panzern in die TÜRKEI" in " ".join(m.context for m in mentions)

    view = panel.mention_list
    first = panel.mention_model.index(0, 0)
    m = first.data(Qt.ItemDataRole.UserRole + 2)
    with qtbot.waitSignal(panel.open_mention, timeout=1000) as opened:
        # A real double-click: press-release, then the double-click event.
        pos = view.visualRect(first).center()
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert opened.args == [m.article_id, m.start, m.end]
    doc = ws.article(m.article_id)
    assert doc is not None and doc.text[m.start : m.end] == m.text

    second = panel.mention_model.index(1, 0)
    m2 = second.data(Qt.ItemDataRole.UserRole + 2)
    view.setCurrentIndex(second)
    view.setFocus()
    with qtbot.waitSignal(panel.open_mention, timeout=1000) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [m2.article_id, m2.start, m2.end]


def test_no_workspace_shows_nothing_and_disables_edits(panel: EntityPanel) -> None:
    panel.set_workspace(None)
    assert panel.model.rowCount() == 0 and panel.mention_model.rowCount() == 0
    assert not any(a.isEnabled() for a in panel.entity_actions())
