"""The graph dock and the article, both ways: what is selected in the text is marked in
the graph, a click in the graph selects in the text, evidence filters the list and opens
its event; undo in another article, store switches, annotator choice, placement."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QSettings
from pytestqt.qtbot import QtBot
from test_graph_panel import TITLE, Graphed, graphed

from db.changes import Changes
from db.workspace import Workspace
from desktop.graph.install import install_graph_dock
from desktop.main_window import MainWindow


def _mention_of(g: Graphed, entity_id: int) -> int:
    ann = g.ws.tagging.annotations(g.aid)
    return next(m.id for m in ann.mentions if m.entity_id == entity_id)


def test_selecting_in_the_article_marks_the_graph(qtbot: QtBot, window: MainWindow) -> None:
    g = graphed(qtbot, window)
    ev = g.transfer_by_api(g.aid, "Türkei", "Aserbaidschan", "geliefert")
    tr, az = g.entity("Türkiye"), g.entity("Azerbaijan")
    panel = window.tagging_panel
    # By code (as a keyboard move through the mentions does): the tagging panel tells.
    panel.select_mention(_mention_of(g, az))
    assert g.view.marked()[0] == {az}
    panel.select_event(ev)
    assert g.view.marked()[1] == {(tr, az, "supply")}
    panel.close_event()
    panel.select_mention(None)
    assert g.view.marked() == (set(), set())


def test_clicks_in_the_graph_select_in_the_article(qtbot: QtBot, window: MainWindow) -> None:
    g = graphed(qtbot, window)
    ev = g.transfer_by_api(g.aid, "Türkei", "Aserbaidschan", "geliefert")
    tr, az = g.entity("Türkiye"), g.entity("Azerbaijan")
    panel = window.tagging_panel
    panel.close_event()
    a, b = g.view.position(tr), g.view.position(az)
    assert a is not None and b is not None
    g.view.click_at(QPointF(*a))
    assert panel.selected_mention_id() == _mention_of(g, tr)
    g.view._vb.scaleBy((3.0, 3.0))  # zoomed out: the edge's middle is off the symbols
    g.view.click_at(QPointF((a[0] + b[0]) / 2, (a[1] + b[1]) / 2))
    assert g.view.selected_edge() == (tr, az, "supply")
    assert panel.event_editor.event_id() == ev


def test_evidence_filters_the_list_and_opens_its_event(qtbot: QtBot, window: MainWindow) -> None:
    g = graphed(qtbot, window)
    ev = g.transfer_by_api(g.aid, "Türkei", "Aserbaidschan", "geliefert")
    tr = g.entity("Türkiye")
    g.view.select_node(tr)
    g.view.node_clicked.emit(tr)
    g.panel.evidence.filter_button.click()
    lp = window.list_panel
    assert lp.restriction() == frozenset({g.aid})
    assert lp.visible_article_ids() == [g.aid]
    assert "Türkiye" in lp.restrict_label.text()
    lp.restrict_to(None)
    # An edge's evidence, opened from another article: its event is open in the form.
    key = (tr, g.entity("Azerbaijan"), "supply")
    g.view.select_edge(key)
    g.view.edge_clicked.emit(key)
    assert g.panel.evidence.headers() == ["Transfer (supply, delivery, sale) (1)"]
    window.tagging_panel.close_event()
    assert lp.select_row(0) and lp.current_article_id() != g.aid
    g.panel.evidence.choose(0)
    assert window.current_article_id() == g.aid
    assert window.tagging_panel.event_editor.event_id() == ev
    assert window.article_view.article is not None
    assert window.article_view.article.title == TITLE


def test_undo_of_an_edit_in_another_article_reaches_the_graph(
    qtbot: QtBot, window: MainWindow
) -> None:
    g = graphed(qtbot, window)
    g.panel.set_scope_kind("store")
    g.transfer_by_api(g.aid, "Türkei", "Aserbaidschan", "geliefert")
    key = (g.entity("Türkiye"), g.entity("Azerbaijan"), "supply")
    assert g.drawn(key)
    lp = window.list_panel
    assert lp.select_row(0) and lp.current_article_id() != g.aid
    window.act_undo.trigger()  # undoes the event, in the article no longer shown
    assert window.runner.last_kind == "undo" and window.runner.last_was_undo_or_redo()
    # The library names the article the undo touched: the graph refreshes just that one.
    assert window.runner.last_article_ids == frozenset({g.aid})
    assert key not in g.view.edge_keys()
    window.act_redo.trigger()
    assert window.runner.last_kind == "redo" and g.drawn(key)


def test_a_new_store_rebuilds_the_graph(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    g = graphed(qtbot, window)
    g.transfer_by_api(g.aid, "Türkei", "Aserbaidschan", "geliefert")
    assert g.view.edge_keys()
    other = Workspace.open(tmp_path / "other.sqlite", "tester")
    window.set_workspace(other)
    assert g.panel.workspace is other
    assert g.view.edge_keys() == [] and g.view.node_ids() == []


def test_annotator_choice_lists_colleagues_and_draws_their_layer(
    qtbot: QtBot, window: MainWindow, store_path: Path
) -> None:
    g = graphed(qtbot, window)
    g.panel.set_scope_kind("store")
    colleague = Workspace.open(store_path, "colleague")  # registers them
    try:
        t = colleague.tagging
        (s0, s1), (r0, r1), (t0, t1) = (g.span(w) for w in ("Türkei", "Aserbaidschan", "sagte"))
        tr, az = g.entity("Türkiye"), g.entity("Azerbaijan")
        m = t.add_mentions(g.aid, [(s0, s1, "ACTOR", tr), (r0, r1, "ACTOR", az)]).created
        t.create_event_at(
            g.aid, "TRANSFER", t0, t1, arguments=[("Supplier", m[0]), ("Recipient", m[1])]
        )
        who = colleague.annotator_id
    finally:
        colleague.close()
    window.op_did_execute.emit(Changes(annotators=True, events=True))
    choices = g.panel.annotator_choices()
    assert choices[0][1] == "mine" and choices[-1][1] == "all"
    assert who in [d for _t, d in choices]
    key = (tr, az, "supply")
    assert key not in g.view.edge_keys()  # mine: nothing tagged yet
    g.panel.set_annotator(who)
    assert g.panel.scope().annotator_ids == frozenset({who})
    assert g.drawn(key)
    g.panel.set_annotator("all")
    assert g.panel.scope().annotator_ids is None and g.drawn(key)


def test_pop_out_and_the_saved_layout_keep_the_dock(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)
    w = MainWindow(workspace, settings=settings, persist=False)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    dock = install_graph_dock(w)
    assert not dock.isFloating()
    dock.panel.popout_button.click()
    assert dock.isFloating() and dock.width() > 1000
    assert dock.panel.popout_button.text() == "Dock"
    w.save_settings()
    w.close()
    # The next window restores the dock where the saved layout had it (floating).
    w2 = MainWindow(settings=settings, persist=False)
    qtbot.addWidget(w2)
    w2.show()
    dock2 = install_graph_dock(w2)
    assert dock2.isFloating()
    dock2.toggle_pop_out()
    assert not dock2.isFloating()
    w2.close()
