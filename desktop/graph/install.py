"""Put the relation graph dock into the main window and wire it to the window's signals.

Call ``install_graph_dock(window)`` after the window's first paint: it imports pyqtgraph
(0.3-0.4 s), which must not delay start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QDockWidget

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
        w = self.window_
        edit = w.runner.last_edit
        # An undo or redo may change any article of mine, not just the one shown.
        undo = edit is not None and edit.changes is changes and _is_undo_label(edit.label)
        self._follow_workspace()
        self.panel.on_changes(changes, undo=undo)

    def _on_article_selected(self, article_id: int) -> None:
        self._follow_workspace()
        self.panel.set_current_article(article_id)

    def _follow_workspace(self) -> None:
        # The window has no "store switched" signal: notice it here.
        ws = self.window_.workspace
        if self.panel.workspace is not ws:
            self.panel.set_workspace(ws)

    def _on_mention_clicked(self, mention_id: int) -> None:
        ann = self.window_.annotations()
        mention = ann.mention(mention_id) if ann is not None else None
        self.panel.mark_entity(mention.entity_id if mention is not None else None)

    def _on_filter_articles(self, ids: object) -> None:
        lp = self.window_.list_panel
        set_filter = getattr(lp, "set_id_filter", None)
        if set_filter is None:
            self.window_.statusBar().showMessage(
                self.tr("The article list cannot be filtered to these articles yet."), 4000
            )
            return
        set_filter(ids)

    def _on_visibility_changed(self, visible: bool) -> None:
        if visible:
            self.panel.catch_up()


def _is_undo_label(label: str) -> bool:
    # db.tagging labels undo and redo edits "Undo …" / "Redo …" (not translated).
    return label.startswith(("Undo ", "Redo "))


def install_graph_dock(window: MainWindow) -> GraphDock:
    """Create the relation graph dock (object name "graphDock") beside the tagging dock
    and connect it to the window: live updates, article selection, evidence."""
    dock = GraphDock(window)
    panel = dock.panel
    # Beside the tagging dock (splitDockWidget would make it one more tab of the
    # tagging/entities group, hidden behind the form).
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock, Qt.Orientation.Horizontal)
    # restoreDockWidget() claims success (and hides the dock) even when the saved
    # layout never held it: the window's saved state is re-applied by its owner instead.
    dock.show()
    window.resizeDocks([dock], [520], Qt.Orientation.Horizontal)

    panel.set_list_source(lambda: frozenset(r.id for r in window.list_panel.model.rows()))
    window.op_did_execute.connect(dock._on_op_did_execute)
    window.list_panel.article_selected.connect(dock._on_article_selected)
    window.list_panel.rows_did_load.connect(lambda _n: panel.list_did_change())
    window.article_view.mention_clicked.connect(dock._on_mention_clicked)
    window.tagging_panel.event_list.event_chosen.connect(panel.mark_event)
    panel.open_span.connect(window.open_mention)
    panel.filter_articles.connect(dock._on_filter_articles)
    panel.message.connect(lambda text: window.statusBar().showMessage(text, 4000))
    dock.visibilityChanged.connect(dock._on_visibility_changed)

    panel.set_workspace(window.workspace)
    article = window.article_view.article
    panel.set_current_article(article.id if article is not None else None)
    return dock
