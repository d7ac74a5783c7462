"""The main window: article list | article view | tagging dock (and the entities dock),
menus and status bar.

Views refresh from one signal, ``op_did_execute(Changes)``: whoever changes the store
emits it with the flags of what changed, and each view reloads only what it shows. Edits
of annotations all run through ``EditRunner``; after one, the article's annotations are
read once and handed to the reader and the form.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QWidget,
)

from db.changes import Changes
from db.workspace import Workspace
from desktop.article_list import ArticleListPanel
from desktop.article_view import ArticleView
from desktop.edit_runner import EditRunner
from desktop.help_dialogs import ShortcutsDialog
from desktop.import_actions import ImportController
from desktop.review.bundle_actions import BundleActions
from desktop.review.controller import ReviewController
from desktop.review.layer_bar import LayerBar
from desktop.settings import app_settings, remember_store
from desktop.store_opening import ask_store_path, open_workspace_for_gui, upgrade_notice
from desktop.tagging_panel import TaggingPanel
from desktop.window_actions import (
    build_actions,
    build_menus,
    fill_recent_menu,
    fill_tag_menu,
    update_undo_actions,
)
from desktop.window_layers import fill_layers, layer_banner
from desktop.window_review import agreement_dashboard, graph_diff, review_article
from desktop.window_settings import restore_settings, save_settings
from desktop.window_shortcuts import shortcut_groups
from desktop.window_tagset import (
    ask_load_tagset,
    load_tagset,
    problem_lines,
    show_tagset_info,
    tagset_summary,
)

if TYPE_CHECKING:
    from desktop.entity_panel import EntityPanel

LONG_MESSAGE = 160  # longer refusals get a dialog instead of the status bar


class MainWindow(QMainWindow):
    """One open store: pick an article on the left, read it in the centre, tag it right."""

    op_did_execute = Signal(object)
    """A change to the store happened; carries the ``db.changes.Changes`` flags."""
    workspace_did_change = Signal(object)  # the new Workspace (set_workspace)

    # Actions and menus, made by desktop.window_actions (build_actions, build_menus).
    act_new_store: QAction
    act_open_store: QAction
    act_import_files: QAction
    act_import_folder: QAction
    act_import_annotations: QAction
    act_load_tagset: QAction
    act_export: QAction
    act_quit: QAction
    act_find: QAction
    act_next: QAction
    act_previous: QAction
    act_undo: QAction
    act_redo: QAction
    act_delete_mention: QAction
    act_suggest: QAction
    act_toggle_dock: QAction
    act_toggle_entities: QAction
    act_larger: QAction
    act_smaller: QAction
    act_shortcuts: QAction
    act_tagset_info: QAction
    act_my_name: QAction
    act_export_review: QAction
    act_import_review: QAction
    act_review: QAction
    act_leave_review: QAction
    act_dashboard: QAction
    act_graph_diff: QAction
    act_about: QAction
    recent_menu: QMenu
    tag_menu: QMenu
    view_menu: QMenu
    layer_menu: QMenu
    review_menu: QMenu
    _view_docks_end: QAction

    def __init__(
        self,
        workspace: Workspace | None = None,
        *,
        settings: QSettings | None = None,
        persist: bool = True,
        late_docks: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """``late_docks``: install the docks other modules provide (the relation graph)
        after the first paint; the app does, tests call ``ensure_graph_dock``."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._settings = settings or app_settings()
        self._persist = persist
        self._ws: Workspace | None = None
        self._total: int | None = 0  # None: not counted since the articles changed
        self._shown = 0
        self._messages: list[QMessageBox] = []
        self._status_shown_locally = False
        self._entities_stale = False
        self._entity_panel: EntityPanel | None = None
        self.graph_dock: QDockWidget | None = None
        self.act_toggle_graph: QAction | None = None
        self._painted = False
        self.setWindowTitle(self.tr("Armscribe"))

        self.list_panel = ArticleListPanel(self)
        self.article_view = ArticleView(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.list_panel)
        self.splitter.addWidget(self.article_view)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)

        self.runner = EditRunner(self)
        self.tagging_panel = TaggingPanel(self.runner, self.article_view, self)
        self.details_panel = self.tagging_panel  # its metadata and "My status" live there
        self.tagging_dock = self._dock(self.tr("Tagging"), "taggingDock", self.tagging_panel)
        # Its panel is built when first shown (or asked for): hidden at start-up, it
        # would cost an import and a read of every entity before the first paint.
        self.entities_dock = self._dock(self.tr("Entities"), "entitiesDock", None)
        self.entities_dock.visibilityChanged.connect(self._on_entities_dock_visibility)
        self.tabifyDockWidget(self.tagging_dock, self.entities_dock)
        # Shown from the View menu (the saved layout remembers it): its table needs
        # more room than a small window has beside the list and the text.
        self.entities_dock.hide()
        self.tagging_dock.raise_()

        # Whose layer the text and the form show (None: mine, editable).
        self._layer_id: int | None = None
        self.layer_bar = LayerBar(self.article_view)
        self.article_view.add_top_widget(self.layer_bar)
        self.layer_bar.layer_chosen.connect(self.set_layer)
        self.layer_bar.hide()
        self.review = ReviewController(self)
        self.bundles = BundleActions(self)

        self.store_label = QLabel(self)
        self.store_label.setObjectName("storeLabel")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        # Both permanent: transient messages (import summaries) get the left side and
        # never draw over them.
        self.store_label.setMaximumWidth(520)
        self.store_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.store_label)
        self.statusBar().addPermanentWidget(self.count_label)

        self.imports = ImportController(self)
        build_actions(self)
        build_menus(self)

        self.list_panel.article_selected.connect(self._on_article_selected)
        self.list_panel.rows_did_load.connect(self._on_rows_did_load)
        self.list_panel.search_did_change.connect(self.article_view.set_search)
        self.tagging_panel.status_chosen.connect(self._on_status_chosen)
        self.tagging_panel.message.connect(lambda text: self.statusBar().showMessage(text, 4000))
        self.runner.op_did_execute.connect(self.op_did_execute)
        self.runner.edit_did_fail.connect(self._on_edit_did_fail)
        self.runner.history_did_change.connect(self._update_undo_actions)
        self.op_did_execute.connect(self._on_op_did_execute)
        self._connect_view()
        self._set_tab_order()

        self.resize(1400, 860)
        self.splitter.setSizes([420, 560])
        self.resizeDocks([self.tagging_dock], [440], Qt.Orientation.Horizontal)
        self._restore_settings()
        if workspace is not None:
            self.set_workspace(workspace)
        if late_docks:
            self.installEventFilter(self)

    # -- store -----------------------------------------------------------------------
    @property
    def workspace(self) -> Workspace | None:
        return self._ws

    @property
    def annotator(self) -> str:
        return self._ws.annotator if self._ws else getpass.getuser()

    def set_workspace(self, ws: Workspace) -> None:
        """Show ``ws`` (closing the store shown before) and select its first article."""
        old, self._ws = self._ws, ws
        if old is not None and old is not ws:
            old.close()
        self.store_label.setText(
            self.store_label.fontMetrics().elidedText(ws.label, Qt.TextElideMode.ElideMiddle, 500)
        )
        self.store_label.setToolTip(ws.label)
        self.setWindowTitle(self.tr("{name} — Armscribe").format(name=Path(ws.label).name))
        if self._persist:
            remember_store(ws.label, self._settings)
        self.review.stop()
        self._layer_id = None
        self.tagging_panel.set_read_only(False)
        self.layer_bar.show_layer(None)
        self.article_view.show_article(None)
        self.tagging_panel.show_article(None, None)
        self.runner.set_workspace(ws)
        self._fill_layers()
        self.tagging_panel.set_workspace(ws)
        if self._entity_panel is not None:
            self._entities_stale = False
            self._entity_panel.set_workspace(ws)
        self._fill_tag_menu()
        self._total = None  # counted when the list has loaded (often: its row count)
        self.list_panel.set_workspace(ws)
        self.list_panel.select_row(0)
        # J/K and the arrows act on the list; the search box would swallow J and K.
        self.list_panel.table.setFocus(Qt.FocusReason.OtherFocusReason)
        notice = upgrade_notice(ws)
        if notice is not None:
            self.statusBar().showMessage(notice, 15000)
        self.workspace_did_change.emit(ws)

    def switch_store(self, location: str) -> bool:
        """Open another store (explaining errors); True if it is now shown."""
        if self.imports.busy():
            self.show_message(
                QMessageBox.Icon.Information,
                self.tr("Import Running"),
                self.tr("Wait for the import to finish before opening another store."),
            )
            return False
        ws = open_workspace_for_gui(location, self.annotator, self)
        if ws is None:
            return False
        self.set_workspace(ws)
        return True

    # -- docks and the reader ------------------------------------------------------------
    def _dock(self, title: str, name: str, widget: QWidget | None) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        if widget is not None:
            dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        return dock

    def _connect_view(self) -> None:
        view, panel, runner = self.article_view, self.tagging_panel, self.runner
        view.mention_clicked.connect(panel.on_mention_clicked)
        view.tag_requested.connect(panel.apply_type)  # its context menu
        view.retype_requested.connect(
            lambda mid, type_: runner.run(lambda t: t.retype_mention(mid, type_))
        )
        view.delete_requested.connect(lambda mid: runner.run(lambda t: t.delete_mentions([mid])))

    def _set_tab_order(self) -> None:
        # List, then the text, then the form: the order the analyst works in.
        panel = self.tagging_panel
        chain = [
            self.list_panel.table,
            self.article_view.text_edit,
            panel.status_combo,
        ]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    @property
    def entity_panel(self) -> EntityPanel:
        """The entities dock's panel, built (and filled) on first use."""
        panel = self._entity_panel
        if panel is None:
            from desktop.entity_panel import EntityPanel

            panel = self._entity_panel = EntityPanel(self.entities_dock)
            panel.open_mention.connect(self.open_mention)
            panel.entities_did_change.connect(self.runner.external_edit)
            self.entities_dock.setWidget(panel)
            self._entities_stale = False
            panel.set_workspace(self._ws)
        return panel

    def has_entity_panel(self) -> bool:
        """Whether the entities panel has been built (it is, once shown)."""
        return self._entity_panel is not None

    def _refresh_entity_panel(self) -> None:
        # Its counts span the corpus (5 ms a read): only while it is on screen; it
        # catches up when shown again (a panel not built yet reads when built).
        if self._entity_panel is None:
            return
        # A dock tab behind another still reports isVisible() in Qt 6; its visible region
        # is empty (visibilityChanged catches it up when its tab is chosen).
        dock = self.entities_dock
        if dock.isVisible() and not dock.visibleRegion().isEmpty():
            self._entities_stale = False
            self._entity_panel.refresh()
        else:
            self._entities_stale = True

    def _on_entities_dock_visibility(self, visible: bool) -> None:
        if not visible:
            return
        if self._entity_panel is None:
            self.entity_panel  # noqa: B018 - builds and fills it
        elif self._entities_stale:
            self._refresh_entity_panel()

    # -- docks other modules provide ----------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.removeEventFilter(self)
            # After this paint has finished: pyqtgraph alone costs 0.3-0.4 s to import.
            QTimer.singleShot(0, self._install_late_docks)
        return super().eventFilter(watched, event)

    def _install_late_docks(self) -> None:
        self.ensure_graph_dock()

    def ensure_graph_dock(self) -> QDockWidget | None:
        """The relation graph's dock, installed now if it is not yet (None when the
        graph module is not part of this build)."""
        if self.graph_dock is not None:
            return self.graph_dock
        try:
            from desktop.graph.install import install_graph_dock
        except ImportError as exc:
            if exc.name not in ("desktop.graph", "desktop.graph.install"):
                raise  # the module is there but broken: not something to hide
            return None
        dock = install_graph_dock(self)
        self.graph_dock = dock
        if dock is not None:
            act = dock.toggleViewAction()
            act.setText(self.tr("Show &Graph"))
            self.act_toggle_graph = act
            self.view_menu.insertAction(self._view_docks_end, act)
        return dock

    def current_article_id(self) -> int | None:
        """The id of the article shown in the reader (None: none)."""
        doc = self.article_view.article
        return doc.id if doc is not None else None

    def annotations(self) -> Any:
        """My layer of the article shown (None: no article)."""
        return self.tagging_panel.annotations()

    def _load_annotations(self, changes: Changes | None = None) -> None:
        """Read the shown article's annotations once and hand them to every view."""
        doc = self.article_view.article
        if self._ws is None or doc is None:
            return
        ann = self._ws.tagging.annotations(doc.id, self._layer_id)
        names = {i: e.name for i, e in ann.entities.items()}
        self.article_view.set_annotations(
            ann,
            self._ws.tagging.tagset,
            entity_names=names,
            read_only=self.tagging_panel.is_read_only(),
        )
        self.tagging_panel.set_annotations(ann, changes)
        if changes is None:  # article or layer switch, tagset: read the marks again
            self._show_comment_marks()

    def _show_comment_marks(self) -> None:
        """Mark the shown mentions that have open comments (one read per article)."""
        from db.review.comments import article_comments

        doc = self.article_view.article
        if self._ws is None or doc is None:
            return
        counts: dict[str, int] = {}
        for c in article_comments(self._ws.store, doc.id):
            if c.target_uuid and not c.resolved:
                counts[c.target_uuid] = counts.get(c.target_uuid, 0) + 1
        self.article_view.set_comment_counts(counts)

    # -- layers ----------------------------------------------------------------------------
    def settings(self) -> QSettings:
        return self._settings

    def layer_id(self) -> int | None:
        """Whose layer the text and form show (None: mine)."""
        return self._layer_id

    def set_layer(
        self,
        layer_id: int | None,
        *,
        review: bool = False,
        banner: str | None = None,
        editable: bool = False,
    ) -> None:
        """Show another annotator's (or the curated) layer read-only; None: mine.
        ``review``: review mode shows it (``banner`` then says so); ``editable``: the
        reviewer edits it (the review controller has pointed the runner at it)."""
        ws = self._ws
        if layer_id is not None and self.layer_bar.combo.findData(layer_id) < 0:
            self._fill_layers()  # a layer made since (the curated one, by a review)
        if ws is not None and layer_id == ws.annotator_id:
            layer_id = None
        if self.review.active and not review and layer_id != self._layer_id:
            self.review.stop()
        self._layer_id = layer_id
        text = layer_banner(ws, layer_id, banner if review else None)
        self.layer_bar.show_layer(layer_id, text)
        self.tagging_panel.set_read_only(layer_id is not None and not editable)
        for act in self.layer_menu.actions():
            act.setChecked(act.data() == layer_id)
        self._load_annotations()

    def _fill_layers(self) -> None:
        """The layer chooser and the View > Layer menu, from the store's annotators."""
        fill_layers(self)

    def choose_status(self, article_id: int, status: str) -> None:
        """Set my status for an article as the status selector does (undoable)."""
        self._on_status_chosen(article_id, status)

    def ensure_my_name(self) -> None:
        """First interactive start on a store: ask the analyst's name once."""
        from desktop.review.identity import remembered_name

        ws = self._ws
        if ws is None or not self._persist or remembered_name(self._settings, ws) is not None:
            return
        self.ask_my_name(first=True)

    def ask_my_name(self, *, first: bool = False) -> None:
        """Edit > My Name…"""
        from desktop.review.identity import ask_name, remember_name

        ws = self._ws
        if ws is None:
            return
        name = ask_name(self, ws, first=first)
        if name is None:
            if first:  # asked once: the login name stays
                remember_name(self._settings, ws, ws.annotator)
            return
        self.set_my_name(name)

    def set_my_name(self, name: str) -> bool:
        """Store ``name`` as the name shown for me; True when it was accepted."""
        from desktop.review.identity import remember_name

        ws = self._ws
        if ws is None:
            return False
        try:
            changes = ws.rename_me(name)
        except Exception as exc:  # noqa: BLE001 - the library's refusal, shown
            self.statusBar().showMessage(str(exc), 6000)
            return False
        remember_name(self._settings, ws, name)
        self.op_did_execute.emit(changes)
        self.statusBar().showMessage(self.tr("Your name is now “{name}”.").format(name=name), 4000)
        return True

    # -- review --------------------------------------------------------------------------
    def _on_review_article(self) -> None:
        review_article(self)

    def _on_agreement_dashboard(self) -> None:
        agreement_dashboard(self)

    def _on_graph_diff(self) -> None:
        graph_diff(self)

    def open_mention(self, article_id: int, start: int, end: int) -> None:
        """Show a mention found elsewhere (the entities dock): its article, its words."""
        if self.article_view.article is None or self.article_view.article.id != article_id:
            if not self.list_panel.select_article(article_id):
                # Filtered out of the list: show the article anyway.
                self._on_article_selected(article_id)
        self.article_view.flash_span(start, end)  # scrolls there too

    # -- actions -----------------------------------------------------------------------
    def _fill_tag_menu(self) -> None:
        fill_tag_menu(self)

    def _update_undo_actions(self) -> None:
        update_undo_actions(self)

    def _fill_recent_menu(self) -> None:
        fill_recent_menu(self)

    def shortcut_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Every keyboard shortcut, grouped as the Help dialog shows them."""
        return shortcut_groups(self)

    def show_shortcuts(self) -> ShortcutsDialog:
        dlg = ShortcutsDialog(self.shortcut_groups(), self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def show_message(
        self,
        icon: QMessageBox.Icon,
        title: str,
        text: str,
        informative: str = "",
        detailed: str = "",
    ) -> QMessageBox:
        """A window-modal message that does not block the caller."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        if informative:
            box.setInformativeText(informative)
        if detailed:
            box.setDetailedText(detailed)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(
            lambda _r, b=box: self._messages.remove(b) if b in self._messages else None
        )
        self._messages.append(box)
        box.open()
        return box

    def open_messages(self) -> list[QMessageBox]:
        """Messages shown and not yet dismissed (for tests and shutdown)."""
        return list(self._messages)

    # -- slots -----------------------------------------------------------------------
    def _on_new_store(self) -> None:
        path = ask_store_path(self, new=True)
        if path:
            self.switch_store(path)

    def _on_open_store(self) -> None:
        path = ask_store_path(self, new=False)
        if path:
            self.switch_store(path)

    def _on_import_files(self) -> None:
        from db.corpus import SUPPORTED_SUFFIXES

        patterns = " ".join(f"*{suffix}" for suffix in sorted(SUPPORTED_SUFFIXES))
        filters = self.tr("Article files ({patterns});;All files (*)").format(patterns=patterns)
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Import Files"), "", filters)
        if paths:
            self.imports.start([Path(p) for p in paths])

    def _on_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import Folder"))
        if folder:
            self.imports.start([Path(folder)])

    def _on_load_tagset(self) -> None:
        ask_load_tagset(self)

    def load_tagset(self, path: Path) -> bool:
        """Validate the tagset file ``path`` and make it the store's tagset; a broken file
        changes nothing and gets a dialog listing every problem. True when loaded."""
        return load_tagset(self, path)

    def problem_lines(self, path: Path, exc: Exception) -> list[str]:
        """``file:line: message`` for each problem of a rejected tagset file."""
        return problem_lines(path, exc)

    def tagset_summary(self) -> str:
        """The tagset in use, in a sentence: name, version, how many types of each kind."""
        return tagset_summary(self)

    def show_tagset_info(self) -> QMessageBox:
        return show_tagset_info(self)

    def _on_import_annotations(self) -> None:
        from desktop.import_annotations_dialog import open_import_annotations_dialog

        open_import_annotations_dialog(self)

    def _on_export_dataset(self) -> None:
        try:
            from desktop.export_dialog import open_export_dialog
        except ImportError as exc:
            if exc.name not in ("desktop.export_dialog",):
                raise
            self.statusBar().showMessage(
                self.tr("Exporting datasets is not available in this build."), 6000
            )
            return
        open_export_dialog(self)

    def _on_larger_text(self) -> None:
        self.article_view.set_point_size(self.article_view.point_size() + 1)

    def _on_smaller_text(self) -> None:
        self.article_view.set_point_size(self.article_view.point_size() - 1)

    def _on_undo(self) -> None:
        edit = self.runner.undo()
        if edit is not None:
            self.statusBar().showMessage(edit.label, 3000)

    def _on_redo(self) -> None:
        edit = self.runner.redo()
        if edit is not None:
            self.statusBar().showMessage(edit.label, 3000)

    def _on_edit_did_fail(self, message: str) -> None:
        if len(message) > LONG_MESSAGE or "\n" in message:
            self.show_message(QMessageBox.Icon.Warning, self.tr("Not Changed"), message)
        else:
            self.statusBar().showMessage(message, 8000)

    def _on_article_selected(self, article_id: int) -> None:
        if self._ws is None:
            return
        doc = self._ws.article(article_id)
        self.article_view.show_article(doc)
        row = self.list_panel.current_row()
        status = row.status if row is not None and row.id == article_id else None
        self.tagging_panel.show_article(doc, status)
        # Colleagues may have joined a shared store since (a read of a tiny table).
        self._fill_layers()
        self._load_annotations()
        self.review.article_did_change()

    def _on_status_chosen(self, article_id: int, status: str) -> None:
        if self._ws is None:
            return

        def show_in_list(_edit: object) -> None:
            # This window made the change and knows its outcome: show it in the one row
            # now, instead of re-reading the whole list (600 ms at 100,000 articles).
            self.list_panel.model.update_statuses({article_id: status})
            self._status_shown_locally = True

        try:
            edit = self.runner.run(
                lambda t: t.set_status(article_id, status), before_signal=show_in_list
            )
        finally:
            self._status_shown_locally = False
        if edit is None:
            row = self.list_panel.current_row()
            if row is not None:
                self.tagging_panel.show_status(row.status)

    def _on_op_did_execute(self, changes: Changes) -> None:
        if self._ws is None:
            return
        if changes.articles:
            self._total = None
            self.list_panel.reload_facets()
            self.list_panel.reload()
            if self.list_panel.current_article_id() is None:
                self.list_panel.select_row(0)
        elif changes.article_status and not self._status_shown_locally:
            self.list_panel.refresh_statuses()
        row = self.list_panel.current_row()
        if row is not None and (changes.articles or changes.article_status):
            self.tagging_panel.show_status(row.status)
        if changes.annotators:
            self._fill_layers()
        if changes.comments:
            self.tagging_panel.comments.reload()
            self._show_comment_marks()
        if (
            changes.mentions
            or changes.events
            or changes.relations
            or changes.entities
            or (changes.reviews and self._layer_id is not None)
        ):
            self._load_annotations(changes)
            if changes.entities or changes.mentions:
                self._refresh_entity_panel()
        if changes.tagset and self._ws is not None:
            self.tagging_panel.set_workspace(self._ws)
            self._fill_tag_menu()
            self._load_annotations()

    def _on_rows_did_load(self, shown: int) -> None:
        self._shown = shown
        if self._total is None and self._ws is not None:
            # An unfiltered list holds every article: no need to count them again.
            if self.list_panel.is_unfiltered():
                self._total = shown
            else:
                self._total = self._ws.stats().articles
        self.count_label.setText(
            self.tr("{total} articles · {shown} shown").format(total=self._total, shown=shown)
        )

    # -- settings ----------------------------------------------------------------------
    def _restore_settings(self) -> None:
        restore_settings(self)

    def save_settings(self) -> None:
        save_settings(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.imports.shutdown()
        self.bundles.shutdown()
        for box in list(self._messages):
            box.close()
        if self._persist:
            self.save_settings()
        if self._ws is not None:
            self._ws.close()
        super().closeEvent(event)
