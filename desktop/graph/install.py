"""Put the relation graph dock into the main window and wire it to the window's signals.

Call ``install_graph_dock(window)`` after the window's first paint: it imports pyqtgraph
(0.3-0.4 s), which must not delay start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
from PySide6.QtWidgets import QDockWidget, QTabBar

from db.changes import Changes

if TYPE_CHECKING:
    from desktop.graph.graph_panel import GraphPanel
    from desktop.main_window import MainWindow


class GraphDock(QDockWidget):
    """The "Relation Graph" dock; its widget is a ``GraphPanel``."""

    def __init__(self, window: MainWindow) -> None:
        from desktop.graph.graph_panel import GraphPanel

        super().__init__(window.tr("Relation Graph"), window)
        self.setObjectName("graphDock")
        self.window_ = window
        self.panel: GraphPanel = GraphPanel(self)
        self.setWidget(self.panel)
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # A layout thread must end before the window (its parent) is destroyed.
        if watched is self.window_ and event.type() == QEvent.Type.Close:
            self.panel.layout_job.wait()
        return False

    # -- slots ---------------------------------------------------------------------------
    def _on_op_did_execute(self, changes: Changes) -> None:
        runner = self.window_.runner
        # The runner says whether its last signal was an undo or redo (which may touch
        # any article of mine) and, when the library tells it, which articles changed.
        mine = runner.last_changes is changes
        undo = mine and runner.last_was_undo_or_redo()
        ids = runner.last_article_ids if mine else None
        self._follow_workspace()
        self.panel.on_changes(changes, undo=undo, article_ids=ids)

    def _on_article_selected(self, article_id: int) -> None:
        self._follow_workspace()
        self.panel.set_current_article(article_id)

    def _on_workspace_did_change(self, _ws: object) -> None:
        self._follow_workspace()

    def _follow_workspace(self) -> None:
        ws = self.window_.workspace
        if self.panel.workspace is not ws:
            self.panel.set_workspace(ws)

    # -- selection, both ways ---------------------------------------------------------------
    def _on_selection_did_change(self, kind: str, row_id: object) -> None:
        """A mention or event was selected in the article (click, key or code): mark
        its node or edges in the graph."""
        if kind == "mention":
            ann = self.window_.annotations()
            mention = ann.mention(row_id) if ann is not None and row_id is not None else None
            self.panel.mark_entity(mention.entity_id if mention is not None else None)
        elif kind == "event":
            self.panel.mark_event(row_id if isinstance(row_id, int) else None)

    def _on_node_clicked(self, entity_id: int) -> None:
        """A node was clicked: select its first mention in the article shown, if any."""
        ann = self.window_.annotations()
        if ann is None:
            return
        spans = sorted((m.start, m.id) for m in ann.mentions if m.entity_id == entity_id)
        if spans:
            self.window_.tagging_panel.select_mention(spans[0][1])

    def _on_edge_clicked(self, key: object) -> None:
        """An edge was clicked: open its first event in the article shown, if any."""
        live, w = self.panel.live, self.window_
        edge = live.edge(key) if live is not None and isinstance(key, tuple) else None
        aid, ws = w.current_article_id(), w.workspace
        if edge is None or aid is None or ws is None:
            return
        for ev in edge.evidence:
            if ev.article_id == aid and ev.kind == "event" and ev.annotator_id == ws.annotator_id:
                w.tagging_panel.select_event(ev.row_id)
                return

    def _on_select_in_article(self, kind: str, row_id: int) -> None:
        """Evidence was opened in the article: select its event there too."""
        ws = self.window_.workspace
        ann = self.window_.annotations()
        if kind == "event" and ws is not None and ann is not None and ann.event(row_id):
            self.window_.tagging_panel.select_event(row_id)

    def _on_filter_articles(self, ids: object, label: str) -> None:
        if isinstance(ids, frozenset):
            self.window_.list_panel.restrict_to(ids, label)

    # -- placement -------------------------------------------------------------------------
    def _on_visibility_changed(self, visible: bool) -> None:
        if visible:
            self.panel.catch_up()

    def show_tab(self) -> None:
        """Bring the graph to the front: its tab when it shares the tagging dock's place
        (QDockWidget.raise_ does not switch tabs on every platform)."""
        self.show()
        self.raise_()
        title = self.windowTitle()
        for bar in self.window_.findChildren(QTabBar):
            for i in range(bar.count()):
                if bar.tabText(i).replace("&", "") == title:
                    bar.setCurrentIndex(i)

    def toggle_pop_out(self) -> None:
        """Float the dock as a big window over the main one, or put it back."""
        if self.isFloating():
            self.setFloating(False)
            return
        w = self.window_
        self.setFloating(True)
        geo = w.geometry()
        width, height = int(geo.width() * 0.8), int(geo.height() * 0.85)
        self.resize(width, height)
        self.move(geo.x() + (geo.width() - width) // 2, geo.y() + (geo.height() - height) // 2)
        self.show()
        self.raise_()

    def _on_top_level_changed(self, floating: bool) -> None:
        self.panel.popout_button.setText(self.tr("Dock") if floating else self.tr("Pop Out"))


def _saved_state_has_dock(window: MainWindow, name: str) -> bool:
    """Whether the window's saved layout (``mainWindow/state``) holds the dock ``name``
    (QMainWindow writes object names as UTF-16 strings)."""
    state = window.settings().value("mainWindow/state")
    if not isinstance(state, QByteArray) or state.isEmpty():
        return False
    return name.encode("utf-16-be") in bytes(state.data())


def install_graph_dock(window: MainWindow) -> GraphDock:
    """Create the relation graph dock (object name "graphDock") and connect it to the
    window: live updates, article selection both ways, evidence, store switches.

    Placement: where the saved layout had it; else as a tab beside the tagging dock, at
    its width (beside it, the article text would be crushed at 1400 px), with a "Pop
    Out" button for a big view."""
    dock = GraphDock(window)
    panel = dock.panel
    # restoreDockWidget() (instead of addDockWidget, which would take the saved place)
    # only helps when the saved layout knows the dock: without it the dock would be left
    # hidden, so that is checked first.
    restored = _saved_state_has_dock(window, "graphDock") and window.restoreDockWidget(dock)
    if not restored:
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        window.tabifyDockWidget(window.tagging_dock, dock)
        window.tagging_dock.raise_()  # tagging first; the graph is one click away

    panel.set_list_source(lambda: frozenset(window.list_panel.visible_article_ids()))
    window.op_did_execute.connect(dock._on_op_did_execute)
    window.list_panel.article_selected.connect(dock._on_article_selected)
    window.list_panel.rows_did_load.connect(lambda _n: panel.list_did_change())
    window.workspace_did_change.connect(dock._on_workspace_did_change)
    window.tagging_panel.selection_did_change.connect(dock._on_selection_did_change)
    panel.view.node_clicked.connect(dock._on_node_clicked)
    panel.view.edge_clicked.connect(dock._on_edge_clicked)
    panel.open_span.connect(window.open_mention)
    panel.select_in_article.connect(dock._on_select_in_article)
    panel.filter_articles.connect(dock._on_filter_articles)
    panel.pop_out_requested.connect(dock.toggle_pop_out)
    panel.message.connect(lambda text: window.statusBar().showMessage(text, 4000))
    dock.visibilityChanged.connect(dock._on_visibility_changed)
    dock.topLevelChanged.connect(dock._on_top_level_changed)

    panel.set_workspace(window.workspace)
    panel.set_current_article(window.current_article_id())
    return dock
