"""The relation graph dock in the real window on a real store: tagging in the form
changes the drawn graph within the same turn of the event loop, undo takes it back,
evidence opens its article, scopes and the time range filter, exports read back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from desktop_helpers import add_drafts
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db.changes import Changes
from db.corpus.draft import ArticleDraft
from db.graph.model import EdgeKey
from db.graph.pins import load_pins
from db.workspace import Workspace
from desktop.graph.graph_view import GraphView
from desktop.graph.install import GraphDock, install_graph_dock
from desktop.main_window import MainWindow

TEXT = "Die Türkei hat Aserbaidschan im Juli 2020 Bayraktar TB2 geliefert, sagte Ankara."
TITLE = "Drohnen geliefert"


class Graphed:
    """The window with the graph dock and one article about a delivery shown."""

    def __init__(self, qtbot: QtBot, window: MainWindow, dock: GraphDock, aid: int) -> None:
        self.qtbot, self.window, self.dock, self.aid = qtbot, window, dock, aid
        self.panel = dock.panel
        self.view: GraphView = dock.panel.view

    @property
    def ws(self) -> Workspace:
        assert self.window.workspace is not None
        return self.window.workspace

    def entity(self, name: str) -> int:
        return next(e.id for e in self.ws.tagging.entities() if e.name == name)

    def span(self, words: str, aid: int | None = None) -> tuple[int, int]:
        doc = self.ws.article(aid or self.aid)
        assert doc is not None
        start = doc.text.index(words)
        return start, start + len(words)

    def tag(self, words: str, key: Qt.Key) -> int:
        """Select words in the reader, press the type's key, accept the entity."""
        start, end = self.span(words)
        edit = self.window.article_view.text_edit
        edit.setFocus()
        self.window.article_view.set_selection_span(start, end)
        self.qtbot.keyClick(edit, key)
        self.qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        ann = self.ws.tagging.annotations(self.aid)
        (m,) = [m for m in ann.mentions if (m.start, m.end) == (start, end)]
        assert m.entity_id is not None
        return m.id

    def segment_pairs(self, style: str) -> set[tuple[tuple[float, float], ...]]:
        x, y = self.view.edge_item_data(style)
        pts = list(zip(x.tolist(), y.tolist(), strict=True))
        return {(pts[i], pts[i + 1]) for i in range(0, len(pts), 2)}

    def drawn(self, key: EdgeKey) -> bool:
        """The edge is in the view's keys and its segment in the style's curve data."""
        a, b = self.view.position(key[0]), self.view.position(key[1])
        return key in self.view.edge_keys() and (a, b) in self.segment_pairs(key[2])

    def transfer_by_api(self, aid: int, supplier: str, recipient: str, trigger: str) -> int:
        """A TRANSFER made through the runner (as the form's edits are)."""
        runner = self.window.runner
        (s0, s1), (r0, r1), (t0, t1) = (self.span(w, aid) for w in (supplier, recipient, trigger))
        sup, rec = self.entity("Türkiye"), self.entity("Azerbaijan")
        edit = runner.run(
            lambda t: t.add_mentions(aid, [(s0, s1, "ACTOR", sup), (r0, r1, "ACTOR", rec)])
        )
        assert edit is not None
        m1, m2 = edit.created
        args = [("Supplier", m1), ("Recipient", m2)]
        edit = runner.run(
            lambda t: t.create_event_at(
                aid, "TRANSFER", t0, t1, arguments=args, attributes={"date": "2020-07"}
            )
        )
        assert edit is not None
        return edit.created[0]


def graphed(qtbot: QtBot, window: MainWindow) -> Graphed:
    """The window with one article about a delivery shown and the graph dock installed
    and brought to the front (it is a tab over the form at first)."""
    ws = window.workspace
    assert ws is not None
    (aid,) = add_drafts(
        ws, [ArticleDraft(text=TEXT, title=TITLE, language="de", published="2020-07-20")]
    )
    window.op_did_execute.emit(Changes(articles=True))
    assert window.list_panel.select_article(aid)
    # The window installs it after its first paint; tests ask for it now.
    ensure = getattr(window, "ensure_graph_dock", None)
    dock = ensure() if ensure is not None else install_graph_dock(window)
    assert isinstance(dock, GraphDock)
    dock.show_tab()
    qtbot.waitUntil(dock.panel.view.isVisible, timeout=3000)
    return Graphed(qtbot, window, dock, aid)


@pytest.fixture
def g(qtbot: QtBot, window: MainWindow) -> Iterator[Graphed]:
    yield graphed(qtbot, window)


def test_dock_is_installed_as_a_tab_beside_the_form(g: Graphed) -> None:
    assert g.window.findChild(GraphDock, "graphDock") is g.dock
    assert g.dock.windowTitle() == "Relation Graph"
    # A tab at the form's width: the article text keeps its room.
    assert g.dock in g.window.tabifiedDockWidgets(g.window.tagging_dock)
    assert g.dock.size() == g.window.tagging_dock.size()
    assert g.panel.scope().article_ids == frozenset({g.aid})
    assert g.view.node_ids() == [] and g.view.edge_keys() == []


def test_tagging_a_transfer_in_the_form_draws_it_at_once_and_undo_removes_it(
    g: Graphed,
) -> None:
    w = g.window
    supplier = g.tag("Türkei", Qt.Key.Key_1)
    recipient = g.tag("Aserbaidschan", Qt.Key.Key_1)
    weapon = g.tag("Bayraktar TB2", Qt.Key.Key_2)
    g.window.article_view.set_selection_span(*g.span("geliefert"))
    g.qtbot.keyClick(w.article_view.text_edit, Qt.Key.Key_T)
    editor = w.tagging_panel.event_editor
    assert editor.active_role() == "Supplier"
    tr, az = g.entity("Türkiye"), g.entity("Azerbaijan")
    key = (tr, az, "supply")
    # Clicks on the highlights fill the slots (the reader's signal, as a click sends it).
    w.article_view.mention_clicked.emit(supplier)
    assert key not in g.view.edge_keys()
    w.article_view.mention_clicked.emit(recipient)
    # No waiting: the edit's signal already brought the graph up to date.
    assert g.drawn(key)
    assert {tr, az} <= set(g.view.node_ids())
    before = {n: g.view.position(n) for n in g.view.node_ids()}
    w.article_view.mention_clicked.emit(weapon)
    edge = g.view.edge(key)
    assert edge is not None and edge.labels == ("Bayraktar TB2",)
    assert {n: g.view.position(n) for n in before} == before  # nothing jumped
    # The event open in the form is marked as it gains its edge, and with it the
    # node of the mention selected in the text.
    assert g.view.marked()[1] == {key}
    w.article_view.mention_clicked.emit(weapon)
    w.article_view.mention_clicked.emit(supplier)
    assert tr in g.view.marked()[0] and g.view.marked()[1] == {key}
    (event,) = g.ws.tagging.annotations(g.aid).events
    w.tagging_panel.close_event()
    assert g.view.marked() == ({tr}, set())
    w.tagging_panel.event_list.event_chosen.emit(event.id)
    assert g.view.marked()[1] == {key}
    # Undo the weapon, then the recipient: the edge goes, untouched nodes stay put.
    w.act_undo.trigger()
    assert g.drawn(key) and g.view.edge(key).labels == ()  # type: ignore[union-attr]
    w.act_undo.trigger()
    assert key not in g.view.edge_keys()
    assert g.segment_pairs("supply") == set()
    for n in g.view.node_ids():
        assert g.view.position(n) == before[n]
    w.act_redo.trigger()
    assert g.drawn(key)


def test_edge_and_node_clicks_list_evidence_that_opens_the_article(g: Graphed) -> None:
    g.transfer_by_api(g.aid, "Türkei", "Aserbaidschan", "geliefert")
    tr, az = g.entity("Türkiye"), g.entity("Azerbaijan")
    key = (tr, az, "supply")
    assert g.drawn(key)
    a, b = g.view.position(tr), g.view.position(az)
    assert a is not None and b is not None
    mid = QPointF((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    g.view.click_at(mid)
    assert g.view.selected_edge() == key
    (row,) = g.panel.evidence.rows()
    assert (row.title, row.date) == (TITLE, "2020-07")
    assert "geliefert" in row.text and row.text.startswith("Die Türkei")
    # Another article is shown; choosing the evidence opens this one at the trigger.
    assert g.window.list_panel.select_row(0)
    assert g.window.list_panel.current_article_id() != g.aid
    g.panel.evidence.choose(0)
    assert g.window.list_panel.current_article_id() == g.aid
    view = g.window.article_view
    assert view.article is not None and view.article.id == g.aid
    to_qt = view.offsets.to_qt
    assert view._layer.flash == (to_qt(row.start or 0), to_qt(row.end or 0))
    assert (row.start, row.end) == g.span("geliefert")
    # A node: the articles naming it; choosing one opens it at the entity's mention.
    g.view.click_at(QPointF(*a))
    assert g.view.selected_node() == tr
    assert [r.title for r in g.panel.evidence.rows()] == [TITLE]
    assert g.panel.evidence.filter_button.isEnabled()
    g.panel.evidence.choose(0)
    assert view._layer.flash == tuple(to_qt(x) for x in g.span("Türkei"))


def test_whole_store_scope_and_the_time_range(g: Graphed) -> None:
    g.transfer_by_api(g.aid, "Türkei", "Aserbaidschan", "geliefert")
    # Another article, tagged elsewhere (no signal): Canada restricts exports to Türkiye.
    t = g.ws.tagging
    other = next(r.id for r in g.ws.articles() if r.title.startswith("Canada puts"))
    ca, tr = g.entity("Canada"), g.entity("Türkiye")
    (c0, c1), (k0, k1), (s0, s1) = (g.span(w, other) for w in ("Canada", "Turkey", "suspended"))
    m = t.add_mentions(other, [(c0, c1, "ACTOR", ca), (k0, k1, "ACTOR", tr)]).created
    t.create_event_at(
        other,
        "LICENCE_ACTION",
        s0,
        s1,
        arguments=[("Authority", m[0]), ("Target", m[1])],
        attributes={"date": "2021-03"},
    )
    assert ca not in g.view.node_ids()
    g.panel.set_scope_kind("store")
    assert g.panel.scope().article_ids is None
    restrict = (ca, tr, "restrictive")
    assert ca in g.view.node_ids() and g.drawn(restrict)
    supply = (tr, g.entity("Azerbaijan"), "supply")
    assert g.drawn(supply)
    assert (g.panel.year_from.minimum(), g.panel.year_to.maximum()) == (2020, 2021)
    g.panel.set_years(2021, 2021)
    assert g.panel.scope().date_from == "2021"
    assert g.drawn(restrict) and supply not in g.view.edge_keys()
    g.panel.set_years(2020, 2020)
    assert g.drawn(supply) and restrict not in g.view.edge_keys()
    g.panel.set_years(2020, 2021)
    assert g.panel.scope().date_from is None and g.panel.scope().date_to is None
    assert g.drawn(supply) and g.drawn(restrict)
    # Event types: only restrictions.
    g.panel.set_event_types({"LICENCE_ACTION"})
    assert g.drawn(restrict) and supply not in g.view.edge_keys()


def test_exports_and_pins(g: Graphed, tmp_path: Path) -> None:
    g.transfer_by_api(g.aid, "Türkei", "Aserbaidschan", "geliefert")
    tr = g.entity("Türkiye")
    for fmt in ("png", "svg", "graphml", "gexf"):
        g.panel.export_to(str(tmp_path / f"g.{fmt}"), fmt)
        assert (tmp_path / f"g.{fmt}").stat().st_size > 200, fmt
    assert (tmp_path / "g.png").read_bytes()[:4] == b"\x89PNG"
    graph = nx.read_graphml(tmp_path / "g.graphml")
    assert graph.number_of_nodes() == len(g.view.node_ids())
    assert graph.number_of_edges() == len(g.view.edge_keys()) == 1
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_edges() == 1
    # A dragged node is pinned in the store and comes back there.
    g.view.move_node(tr, 123.0, -45.0, final=True)
    node = g.view.node(tr)
    assert node is not None and load_pins(g.ws.store) == {node.uuid: (123.0, -45.0)}
    g.panel.set_workspace(g.ws)
    assert g.view.position(tr) == (123.0, -45.0) and tr in g.view.pinned()


def test_edits_behind_the_tagging_tab_wait_for_the_graph_tab(g: Graphed) -> None:
    """A graph tab behind the form does no work per edit; choosing its tab catches up."""
    g.window.tagging_dock.raise_()
    g.qtbot.waitUntil(lambda: not g.panel.on_screen(), timeout=3000)
    g.transfer_by_api(g.aid, "Türkei", "Aserbaidschan", "geliefert")
    key = (g.entity("Türkiye"), g.entity("Azerbaijan"), "supply")
    assert key not in g.view.edge_keys()  # not drawn while nobody can see it
    g.dock.show_tab()
    g.qtbot.waitUntil(lambda: g.drawn(key), timeout=3000)


def test_marks_chosen_behind_the_tagging_tab_show_when_the_graph_tab_is(g: Graphed) -> None:
    """Opening an event while the graph hides behind the form scans no edges; its edge
    is marked once the graph's tab is chosen."""
    g.transfer_by_api(g.aid, "Türkei", "Aserbaidschan", "geliefert")
    key = (g.entity("Türkiye"), g.entity("Azerbaijan"), "supply")
    g.qtbot.waitUntil(lambda: g.drawn(key), timeout=3000)
    g.window.tagging_dock.raise_()
    g.qtbot.waitUntil(lambda: not g.panel.on_screen(), timeout=3000)
    (event,) = g.ws.tagging.annotations(g.aid).events
    g.window.tagging_panel.event_list.event_chosen.emit(event.id)
    assert g.view.marked() == (set(), set())  # not scanned while nobody can see it
    g.dock.show_tab()
    g.qtbot.waitUntil(lambda: g.view.marked()[1] == {key}, timeout=3000)
