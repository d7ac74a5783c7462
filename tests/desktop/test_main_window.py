"""The main window as an analyst uses it: list, reader, navigation, search, filters, status."""

from __future__ import annotations

import sys
import types

import pytest
from desktop_helpers import (
    ARTICLES,
    EMOJI_TEXT,
    add_drafts,
    click_header,
    click_row,
    shown_titles,
    type_search,
)
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDockWidget
from pytestqt.qtbot import QtBot

from db.articles import ArticleFilter
from db.changes import Changes
from db.workspace import Workspace
from desktop.article_table_model import COL_DATE, COL_STATUS, COL_TITLE
from desktop.main_window import MainWindow


def test_opening_a_store_shows_its_articles(window: MainWindow) -> None:
    assert sorted(shown_titles(window)) == sorted(a.title for a in ARTICLES)
    # Newest first by default, and the first article is already open.
    assert shown_titles(window)[0] == "Armenia & Belarus <withdraw> ambassadors"
    assert window.article_view.article is not None
    assert window.article_view.article.title == shown_titles(window)[0]
    assert window.count_label.text() == "5 articles · 5 shown"
    assert window.store_label.toolTip() == window.workspace.label  # type: ignore[union-attr]


def test_selecting_a_row_shows_its_text_header_and_details(
    qtbot: QtBot, window: MainWindow
) -> None:
    row = shown_titles(window).index("Drohnen für Aserbaidschan")
    with qtbot.waitSignal(window.list_panel.article_selected):
        click_row(qtbot, window, row)
    view = window.article_view
    assert view.text_edit.toPlainText() == EMOJI_TEXT
    assert "Drohnen für Aserbaidschan" in view.header_label.text()
    assert "Beispiel-Rundschau" in view.header_label.text()
    assert window.details_panel.field_text("source") == "Beispiel-Rundschau"
    assert window.details_panel.field_text("published") == "2020-07-16"


def test_header_and_details_escape_markup(window: MainWindow) -> None:
    header = window.article_view.header_label.text()
    assert "Armenia &amp; Belarus &lt;withdraw&gt; ambassadors" in header
    assert window.details_panel.field_text("title") == "Armenia & Belarus <withdraw> ambassadors"


def test_j_k_and_alt_arrows_navigate(qtbot: QtBot, window: MainWindow) -> None:
    table = window.list_panel.table
    window.activateWindow()
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    titles = shown_titles(window)

    def current() -> str:
        return window.article_view.article.title  # type: ignore[union-attr]

    assert current() == titles[0]
    qtbot.keyClick(table, Qt.Key.Key_J)
    assert current() == titles[1]
    qtbot.keyClick(table, Qt.Key.Key_J)
    assert current() == titles[2]
    qtbot.keyClick(table, Qt.Key.Key_K)
    assert current() == titles[1]
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert current() == titles[2]
    qtbot.keyClick(table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert current() == titles[0]
    # From the reader too.
    window.article_view.text_edit.setFocus()
    qtbot.keyClick(window.article_view.text_edit, Qt.Key.Key_J)
    assert current() == titles[1]
    # At the ends nothing happens.
    window.list_panel.select_row(len(titles) - 1)
    qtbot.keyClick(table, Qt.Key.Key_J)
    assert current() == titles[-1]


def test_typing_j_in_the_search_box_searches(qtbot: QtBot, window: MainWindow) -> None:
    before = window.article_view.article
    type_search(qtbot, window, "j")
    assert window.list_panel.search_edit.text() == "j"
    assert window.article_view.article == before


def test_search_filters_the_list_and_highlights_hits(qtbot: QtBot, window: MainWindow) -> None:
    type_search(qtbot, window, "Bayraktar")
    assert shown_titles(window) == ["Drohnen für Aserbaidschan"]
    assert window.count_label.text() == "5 articles · 1 shown"
    assert window.list_panel.sort_state()[0] == "relevance"
    window.list_panel.select_row(0)
    view = window.article_view
    hits = view.search_hits()
    assert [EMOJI_TEXT[a:b] for a, b in hits] == ["Bayraktar", "Bayraktar"]
    # Highlights sit on the right characters even after the emoji.
    sels = view.text_edit.extraSelections()
    assert [s.cursor.selectedText() for s in sels] == ["Bayraktar", "Bayraktar"]
    assert sels[0].cursor.selectionStart() == view.offsets.to_qt(EMOJI_TEXT.index("Bayraktar"))


def test_search_without_diacritics_finds_and_highlights(qtbot: QtBot, window: MainWindow) -> None:
    type_search(qtbot, window, "turkei")
    titles = shown_titles(window)
    assert "Verbündete drosseln Waffenexporte in die Türkei" in titles
    window.list_panel.select_article(
        window.list_panel.model.rows()[
            titles.index("Verbündete drosseln Waffenexporte in die Türkei")
        ].id
    )
    text = ARTICLES[0].text
    assert [text[a:b] for a, b in window.article_view.search_hits()] == ["Türkei", "TÜRKEI"]
    # Clearing the search shows everything again, in the previous order.
    type_search(qtbot, window, "")
    assert len(shown_titles(window)) == 5
    assert window.list_panel.sort_state() == ("published", True)
    assert window.article_view.search_hits() == []


def test_status_language_and_source_filters(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.list_panel
    ws = window.workspace
    assert ws is not None
    target = next(r for r in ws.articles() if r.title == "Belarus ships shells")
    window.op_did_execute.emit(ws.set_status(target.id, "done"))

    panel.status_combo.setCurrentIndex(panel.status_combo.findData("done"))
    assert shown_titles(window) == ["Belarus ships shells"]
    panel.status_combo.setCurrentIndex(0)

    assert [panel.language_combo.itemData(i) for i in range(panel.language_combo.count())] == [
        None,
        "de",
        "en",
    ]
    panel.language_combo.setCurrentIndex(panel.language_combo.findData("de"))
    assert sorted(shown_titles(window)) == [
        "Drohnen für Aserbaidschan",
        "Verbündete drosseln Waffenexporte in die Türkei",
    ]
    panel.language_combo.setCurrentIndex(0)

    panel.source_combo.setCurrentIndex(panel.source_combo.findData("Sample Defence Monitor"))
    assert shown_titles(window) == [
        "Armenia & Belarus <withdraw> ambassadors",
        "Belarus ships shells",
    ]
    panel.language_combo.setCurrentIndex(panel.language_combo.findData("de"))
    assert shown_titles(window) == []
    assert window.count_label.text() == "5 articles · 0 shown"


def test_clicking_headers_sorts(qtbot: QtBot, window: MainWindow) -> None:
    by_title = sorted(a.title for a in ARTICLES)
    click_header(qtbot, window, COL_TITLE)
    assert window.list_panel.sort_state() == ("title", False)
    assert shown_titles(window) == by_title
    click_header(qtbot, window, COL_TITLE)
    assert shown_titles(window) == by_title[::-1]
    click_header(qtbot, window, COL_DATE)
    assert window.list_panel.sort_state() == ("published", True)
    dates = [r.published for r in window.list_panel.model.rows()]
    assert dates == sorted(dates, reverse=True)


def test_a_header_click_ends_relevance_order(qtbot: QtBot, window: MainWindow) -> None:
    type_search(qtbot, window, "drone")
    assert window.list_panel.sort_state()[0] == "relevance"
    click_header(qtbot, window, COL_TITLE)
    assert window.list_panel.sort_state() == ("title", False)
    assert window.list_panel.current_filter().search == "drone"
    titles = shown_titles(window)
    assert titles == sorted(titles)


def test_my_status_selector_writes_and_the_list_shows_it(qtbot: QtBot, window: MainWindow) -> None:
    ws = window.workspace
    assert ws is not None
    article_id = window.list_panel.current_article_id()
    combo = window.details_panel.status_combo
    assert combo.currentData() == "new"
    seen: list[Changes] = []
    window.op_did_execute.connect(seen.append)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # a user's choice: emits activated
    assert combo.currentData() == "in_progress"
    assert seen == [Changes(article_status=True)]
    stored = {r.id: r.status for r in ws.articles(ArticleFilter())}
    assert stored[article_id] == "in_progress"
    model = window.list_panel.model
    row = model.row_of(article_id)  # type: ignore[arg-type]
    assert model.index(row, COL_STATUS).data() == "In progress"
    assert window.list_panel.current_article_id() == article_id


def test_op_did_execute_with_articles_reloads_the_list(window: MainWindow) -> None:
    from db.corpus.draft import ArticleDraft

    ws = window.workspace
    assert ws is not None
    add_drafts(
        ws,
        [
            ArticleDraft(
                text="Neu hier.", title="Ein neuer Artikel", language="fr", published="2025-01-01"
            )
        ],
    )
    assert len(shown_titles(window)) == 5  # nothing refreshes without the signal
    window.op_did_execute.emit(Changes(articles=True))
    assert shown_titles(window)[0] == "Ein neuer Artikel"
    assert window.list_panel.language_combo.findData("fr") > 0
    assert window.count_label.text() == "6 articles · 6 shown"


def test_find_focuses_search_and_zoom_keys(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    window.list_panel.table.setFocus()
    qtbot.keyClick(window.list_panel.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.list_panel.search_edit
    size = window.article_view.point_size()
    window.act_larger.trigger()
    assert window.article_view.point_size() == size + 1
    window.act_smaller.trigger()
    window.act_smaller.trigger()
    assert window.article_view.point_size() == size - 1


def test_tagging_dock_can_be_hidden_and_shown(window: MainWindow) -> None:
    assert window.tagging_dock.isVisible()
    window.act_toggle_dock.trigger()
    assert not window.tagging_dock.isVisible()
    window.act_toggle_dock.trigger()
    assert window.tagging_dock.isVisible()


def test_shortcuts_dialog_lists_navigation_keys(qtbot: QtBot, window: MainWindow) -> None:
    dlg = window.show_shortcuts()
    rows = [
        (dlg.table.item(r, 0).text(), dlg.table.item(r, 1).text())
        for r in range(dlg.table.rowCount())
    ]
    assert ("Next Article", "J, Alt+Down") in rows
    assert ("Previous Article", "K, Alt+Up") in rows
    dlg.close()


def test_clicking_empty_space_below_rows_keeps_the_article(
    qtbot: QtBot, window: MainWindow
) -> None:
    before = window.article_view.article
    qtbot.mouseClick(
        window.list_panel.table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(20, 700)
    )
    assert window.article_view.article == before


def test_a_status_change_made_elsewhere_shows_after_the_signal(window: MainWindow) -> None:
    ws = window.workspace
    assert ws is not None
    model = window.list_panel.model
    target = model.rows()[2]
    ws.set_status(target.id, "done")  # e.g. an undo, or another view
    assert model.index(2, COL_STATUS).data() == "New"
    window.op_did_execute.emit(Changes(article_status=True))
    assert model.index(2, COL_STATUS).data() == "Done"
    assert [r.id for r in model.rows()][2] == target.id  # the order is kept


# -- hooks for the docks and dialogs other modules provide --------------------------------


def fake_module(name: str, **attrs: object) -> types.ModuleType:
    module = types.ModuleType(name)
    for key, value in attrs.items():
        setattr(module, key, value)
    return module


def fake_graph(calls: list[MainWindow]) -> types.ModuleType:
    def install_graph_dock(window: MainWindow) -> QDockWidget:
        calls.append(window)
        dock = QDockWidget("Graph", window)
        dock.setObjectName("graphDock")
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        return dock

    return fake_module("desktop.graph.install", install_graph_dock=install_graph_dock)


def view_menu_texts(window: MainWindow) -> list[str]:
    return [a.text() for a in window.view_menu.actions()]


def test_the_graph_dock_comes_after_the_first_paint_and_only_once(
    qtbot: QtBot, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[MainWindow] = []
    monkeypatch.setitem(sys.modules, "desktop.graph.install", fake_graph(calls))
    hidden = MainWindow(workspace, persist=False, late_docks=True)
    qtbot.addWidget(hidden)
    qtbot.wait(20)
    assert calls == [] and hidden.graph_dock is None  # never painted: never installed
    hidden.show()
    qtbot.waitUntil(lambda: bool(calls), timeout=3000)
    assert calls == [hidden]
    assert hidden.graph_dock is not None and hidden.graph_dock.objectName() == "graphDock"
    assert "Show &Graph" in view_menu_texts(hidden)
    assert hidden.ensure_graph_dock() is hidden.graph_dock
    hidden.repaint()
    qtbot.wait(20)
    assert len(calls) == 1
    hidden.close()


def test_tests_install_the_graph_dock_explicitly(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[MainWindow] = []
    monkeypatch.setitem(sys.modules, "desktop.graph.install", fake_graph(calls))
    assert window.graph_dock is None  # the fixture's window does not install it itself
    dock = window.ensure_graph_dock()
    assert dock is not None and calls == [window]
    act = window.act_toggle_graph
    assert act is not None and act in window.view_menu.actions()
    was = dock.isVisible()
    act.trigger()
    assert dock.isVisible() is not was


def test_without_the_graph_module_the_window_works(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "desktop.graph.install", None)  # ModuleNotFoundError
    assert window.ensure_graph_dock() is None
    assert not any("Graph" in t for t in view_menu_texts(window))
    assert window.list_panel.select_next()


def test_export_dataset_opens_the_dialog_or_says_it_is_missing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "desktop.export_dialog", None)
    window.act_export.trigger()
    assert "not available" in window.statusBar().currentMessage()
    opened: list[MainWindow] = []
    monkeypatch.setitem(
        sys.modules,
        "desktop.export_dialog",
        fake_module("desktop.export_dialog", open_export_dialog=opened.append),
    )
    window.act_export.trigger()
    assert opened == [window]


def test_the_list_can_be_restricted_to_some_articles_and_freed(
    qtbot: QtBot, window: MainWindow
) -> None:
    lp = window.list_panel
    all_ids = lp.visible_article_ids()
    assert len(all_ids) == len(ARTICLES) and lp.is_unfiltered()
    keep = {all_ids[1], all_ids[3]}
    seen: list[object] = []
    lp.restriction_did_change.connect(seen.append)
    lp.restrict_to(keep, "")
    assert set(lp.visible_article_ids()) == keep
    assert lp.restrict_chip.isVisible()
    assert lp.restrict_label.text() == "Showing 2 articles from the graph"
    assert window.count_label.text().startswith(f"{len(ARTICLES)} articles · 2 shown")
    assert lp.current_filter().search is None  # the filters are untouched
    # A search narrows within the restriction.
    type_search(qtbot, window, "Belarus")
    assert set(lp.visible_article_ids()) <= keep
    qtbot.mouseClick(lp.restrict_clear, Qt.MouseButton.LeftButton)
    assert not lp.restrict_chip.isVisible()
    assert set(lp.visible_article_ids()) == {
        r.id for r in window.workspace.articles(lp.current_filter())
    }
    assert seen == [keep, None]
    assert window.current_article_id() == window.article_view.article.id


def test_selecting_a_mention_or_an_event_is_announced(window: MainWindow) -> None:
    ws, panel = window.workspace, window.tagging_panel
    doc = window.article_view.article
    start = doc.text.index("Frankreich") if "Frankreich" in doc.text else 0
    word_end = start + len(doc.text[start:].split()[0])
    mid = int(ws.tagging.add_mention(doc.id, start, word_end, "ACTOR").created[0])
    eid = int(ws.tagging.create_event(doc.id, "TRANSFER").created[0])
    window.op_did_execute.emit(Changes(mentions=True, events=True))
    seen: list[tuple[str, object]] = []
    panel.selection_did_change.connect(lambda kind, row_id: seen.append((kind, row_id)))
    window.article_view.mention_clicked.emit(mid)  # what a click on the highlight sends
    panel.select_event(eid)
    panel.select_event(None)
    panel.select_mention(None)
    assert seen == [("mention", mid), ("event", eid), ("event", None), ("mention", None)]
    assert window.article_view.selected_mention_id() is None


def test_the_entities_panel_is_built_when_first_shown(window: MainWindow) -> None:
    assert not window.has_entity_panel()
    window.act_toggle_entities.trigger()
    assert window.entities_dock.isVisible()
    assert window.has_entity_panel()
    assert window.entities_dock.widget() is window.entity_panel
