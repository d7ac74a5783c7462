"""The entity panel: browse the canonical entities, see where each is mentioned across the
corpus, and rename, alias, re-subtype or merge them (each an undoable ``ws.tagging`` edit).

Rows are the plain ``EntityRow`` / ``EntityMention`` dataclasses of the library; the panel
holds no store objects and re-reads through ``ws.tagging`` on ``refresh()``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from db.errors import ArmscribeError
from db.workspace import Workspace
from desktop.entity_dialogs import (
    MergeTargetDialog,
    SubtypeDialog,
    entity_haystack,
    fold,
    mention_count_text,
    merge_confirmation,
    text_dialog,
)
from desktop.entity_models import (
    COL_COUNTRY,
    COL_KIND,
    COL_MENTIONS,
    COL_NAME,
    COL_SUBTYPE,
    MENTION_ROLE,
    EntityTableModel,
    MentionDelegate,
    MentionListModel,
)

__all__ = ["EntityPanel", "EntityTableModel", "MentionListModel"]


class EntityPanel(QWidget):
    """Canonical entities with their mentions, and the edits that fix them up."""

    open_mention = Signal(int, int, int)
    """Show this mention: article id, start, end (code points)."""
    entities_did_change = Signal(object)
    """An edit made here changed the store; carries its ``Changes``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws: Workspace | None = None
        self._rows: list[Any] = []  # as read for the kind and usage filters
        self._haystacks: dict[int, str] = {}
        self._dialog: QDialog | None = None
        self._messages: list[QMessageBox] = []
        self._reloading = False

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("entityFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter by name or alias"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(lambda _t: self._show_rows())
        self.filter_edit.returnPressed.connect(self._on_filter_return)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("entityKind")
        for label, kind in (
            (self.tr("All kinds"), None),
            (self.tr("Actors"), "ACTOR"),
            (self.tr("Weapons"), "WEAPON"),
            (self.tr("Locations"), "LOCATION"),
        ):
            self.kind_combo.addItem(label, kind)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.used_check = QCheckBox(self.tr("Only entities with mentions"), self)
        self.used_check.setChecked(True)
        self.used_check.toggled.connect(lambda _on: self.refresh())
        self.count_label = QLabel(self)
        self.count_label.setEnabled(False)  # muted
        # Clipped rather than widening a narrow dock.
        self.count_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.model = EntityTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("entityTable")
        self.table.setModel(self.model)
        self._setup_table()

        tr = self.tr
        self.act_rename = self._action(tr("&Rename…"), tr("Rename…"), self._on_rename, "F2")
        self.act_add_alias = self._action(
            tr("Add &Alias…"), tr("Alias…"), self._on_add_alias, "Ctrl+Shift+A"
        )
        self.act_subtype = self._action(
            tr("Change &Subtype…"), tr("Subtype…"), self._on_subtype, "Ctrl+Shift+T"
        )
        self.act_merge = self._action(
            tr("&Merge Into…"), tr("Merge…"), self._on_merge, "Ctrl+Shift+M"
        )
        # A tool bar, not a row of buttons: in a narrow dock it folds into a » menu.
        self.tool_bar = QToolBar(self)
        self.tool_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.tool_bar.addActions(self.entity_actions())

        self.mentions_label = QLabel(self)
        self.mentions_label.setTextFormat(Qt.TextFormat.PlainText)
        self.mentions_label.setWordWrap(True)
        self.mention_model = MentionListModel(self)
        self.mention_list = QListView(self)
        self.mention_list.setObjectName("entityMentions")
        self.mention_list.setModel(self.mention_model)
        self.mention_list.setItemDelegate(MentionDelegate(self.mention_list))
        self.mention_list.setUniformItemSizes(True)
        self.mention_list.setAlternatingRowColors(True)
        self.mention_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mention_list.activated.connect(self._on_mention_activated)

        search_row = QHBoxLayout()
        search_row.addWidget(self.filter_edit, 1)
        search_row.addWidget(self.kind_combo)
        filters = QHBoxLayout()
        filters.addWidget(self.used_check)
        filters.addWidget(self.count_label, 1)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(4)
        top_layout.addLayout(search_row)
        top_layout.addLayout(filters)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.tool_bar)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 4, 0, 0)
        bottom_layout.setSpacing(2)
        bottom_layout.addWidget(self.mentions_label)
        bottom_layout.addWidget(self.mention_list, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)
        self._show_entity(None)

    def _setup_table(self) -> None:
        t = self.table
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setAlternatingRowColors(True)
        t.setShowGrid(False)
        t.setWordWrap(False)
        t.setTextElideMode(Qt.TextElideMode.ElideRight)
        t.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        t.customContextMenuRequested.connect(self._on_context_menu)
        vh = t.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(t.fontMetrics().height() + 8)
        hh = t.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setStretchLastSection(True)
        fm, pad = t.fontMetrics(), 16
        for col, sample in (
            (COL_NAME, "Turkish Aerospace"),
            (COL_KIND, "Weapon"),
            (COL_SUBTYPE, "Armed forces"),
            (COL_COUNTRY, self.model.headerData(COL_COUNTRY, Qt.Orientation.Horizontal)),
            (COL_MENTIONS, self.model.headerData(COL_MENTIONS, Qt.Orientation.Horizontal)),
        ):
            hh.resizeSection(col, fm.horizontalAdvance(str(sample)) + pad)
        t.setSortingEnabled(True)
        t.sortByColumn(COL_MENTIONS, Qt.SortOrder.DescendingOrder)
        t.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

    def _action(self, text: str, short: str, slot: Callable[[], None], keys: str) -> QAction:
        act = QAction(text, self)
        act.setIconText(short)  # the button's label; the dock is narrow
        native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
        act.setToolTip(f"{text.replace('&', '')} ({native})")
        act.setShortcut(QKeySequence(keys))
        # Only while the panel has focus: the main window owns the global shortcuts.
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    # -- public ------------------------------------------------------------------------
    def set_workspace(self, ws: Workspace | None) -> None:
        """Show the entities of ``ws`` (None: nothing)."""
        self._ws = ws
        self.refresh()

    def refresh(self) -> None:
        """Re-read the entities (and the selected entity's mentions) from the store."""
        self._reload(self.current_entity_id())

    def entity_actions(self) -> list[QAction]:
        """Rename, Add Alias, Change Subtype, Merge Into (for menus and toolbars)."""
        return [self.act_rename, self.act_add_alias, self.act_subtype, self.act_merge]

    def current_entity(self) -> Any | None:
        """The selected ``EntityRow``, or None."""
        idx = self.table.currentIndex()
        return self.model.row_at(idx.row()) if idx.isValid() else None

    def current_entity_id(self) -> int | None:
        e = self.current_entity()
        return e.id if e is not None else None

    def select_entity(self, entity_id: int) -> bool:
        """Make ``entity_id`` current if it is listed."""
        row = self.model.row_of(entity_id)
        if row is None:
            return False
        idx = self.model.index(row, COL_NAME)
        self.table.selectionModel().setCurrentIndex(
            idx,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(idx)
        return True

    def entity_menu(self) -> QMenu:
        """The context menu of the entity list (not yet shown)."""
        menu = QMenu(self)
        menu.addActions(self.entity_actions())
        return menu

    def open_dialog(self) -> QDialog | None:
        """The dialog this panel has open, if any (for tests and shutdown)."""
        return self._dialog

    def open_messages(self) -> list[QMessageBox]:
        """Messages shown and not yet dismissed."""
        return list(self._messages)

    # -- edits (each one undoable ws.tagging call) --------------------------------------
    def rename_entity(self, entity_id: int, name: str) -> bool:
        """Rename; the store keeps the old name as an alias."""
        return self._edit(lambda t: t.update_entity(entity_id, name=name), entity_id)

    def add_alias(self, entity_id: int, alias: str) -> bool:
        alias = " ".join(alias.split())
        if not alias:
            return False
        return self._edit(lambda t: t.update_entity(entity_id, add_aliases=[alias]), entity_id)

    def set_subtype(self, entity_id: int, subtype: str) -> bool:
        """Set the subtype ("" clears it)."""
        return self._edit(lambda t: t.update_entity(entity_id, subtype=subtype), entity_id)

    def merge_entities(self, keep_id: int, merge_id: int) -> bool:
        """Merge ``merge_id`` into ``keep_id`` and select the one kept."""
        return self._edit(lambda t: t.merge_entities(keep_id, merge_id), keep_id)

    def _edit(self, run: Callable[[Any], Any], select_id: int | None) -> bool:
        if self._ws is None:
            return False
        try:
            edit = run(self._ws.tagging)
        except ArmscribeError as exc:
            self._show_error(str(exc))
            return False
        self._reload(select_id)
        self.entities_did_change.emit(edit.changes)
        return True

    # -- internals ---------------------------------------------------------------------
    def _reload(self, select_id: int | None) -> None:
        kind = self.kind_combo.currentData()
        self._rows = (
            self._ws.tagging.entities(kind, used_only=self.used_check.isChecked())
            if self._ws is not None
            else []
        )
        self._haystacks = {r.id: entity_haystack(r) for r in self._rows}
        self.table.setColumnHidden(COL_KIND, kind is not None)
        self._show_rows(select_id)

    def _labels(self) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
        kinds: dict[str, str] = {}
        subtypes: dict[tuple[str, str], str] = {}
        if self._ws is None:
            return kinds, subtypes
        tagset = self._ws.tagging.tagset
        for kind in {r.kind for r in self._rows}:
            mt = tagset.mention_type(kind)
            if mt is not None:
                kinds[kind] = mt.label
                subtypes.update({(kind, c.value): c.label for c in mt.subtypes})
        return kinds, subtypes

    def _show_rows(self, select_id: int | None = None) -> None:
        if select_id is None:
            select_id = self.current_entity_id()
        needle = fold(self.filter_edit.text().strip())
        shown = [r for r in self._rows if needle in self._haystacks[r.id]]
        self._reloading = True
        try:
            self.model.set_rows(shown, *self._labels())
            if select_id is not None:
                self.select_entity(select_id)
        finally:
            self._reloading = False
        if needle:
            count = self.tr("{shown} of {total}").format(shown=len(shown), total=len(self._rows))
        elif len(shown) == 1:
            count = self.tr("1 entity")
        else:
            count = self.tr("{n} entities").format(n=len(shown))
        self.count_label.setText(count)
        self._show_entity(self.current_entity())

    def _show_entity(self, e: Any | None) -> None:
        mentions = self._ws.tagging.entity_mentions(e.id) if e and self._ws else []
        self.mention_model.set_mentions(mentions)
        if e is None:
            self.mentions_label.setText(self.tr("Select an entity to see its mentions."))
        else:
            self.mentions_label.setText(
                self.tr("{name}: {count} in the corpus").format(
                    name=e.name, count=mention_count_text(len(mentions))
                )
            )
        has_subtypes = bool(e and self._subtype_choices(e.kind))
        for act in self.entity_actions():
            act.setEnabled(e is not None)
        self.act_subtype.setEnabled(has_subtypes)

    def _subtype_choices(self, kind: str) -> list[tuple[str, str]]:
        mt = self._ws.tagging.tagset.mention_type(kind) if self._ws else None
        return [(c.value, c.label) for c in mt.subtypes] if mt else []

    def _open(self, dlg: QDialog) -> QDialog:
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialog = dlg
        dlg.finished.connect(lambda _r, d=dlg: self._forget_dialog(d))
        dlg.open()
        return dlg

    def _forget_dialog(self, dlg: QDialog) -> None:
        if self._dialog is dlg:
            self._dialog = None

    def _show_error(self, text: str) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Entity Not Changed"),
            self.tr("The entity was not changed."),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setInformativeText(text)
        self._track(box)
        box.open()
        return box

    def _track(self, box: QMessageBox) -> None:
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._messages.append(box)
        box.finished.connect(
            lambda _r, b=box: self._messages.remove(b) if b in self._messages else None
        )

    # -- slots -------------------------------------------------------------------------
    def _on_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._reloading:
            self._show_entity(self.current_entity())

    def _on_filter_return(self) -> None:
        if self.model.rowCount() and self.current_entity() is None:
            self.select_entity(self.model.rows()[0].id)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_context_menu(self, pos: QPoint) -> None:
        if self.current_entity() is not None:
            self.entity_menu().popup(self.table.viewport().mapToGlobal(pos))

    def _on_mention_activated(self, index: QModelIndex) -> None:
        m = index.data(MENTION_ROLE)
        if m is not None:
            self.open_mention.emit(m.article_id, m.start, m.end)

    def _on_rename(self) -> None:
        e = self.current_entity()
        if e is None:
            return
        dlg = text_dialog(
            self,
            self.tr("Rename Entity"),
            self.tr("New name for “{name}” (the old name stays as an alias):").format(name=e.name),
            e.name,
        )

        def rename() -> None:
            if " ".join(dlg.textValue().split()) != e.name:
                self.rename_entity(e.id, dlg.textValue())

        dlg.accepted.connect(rename)
        self._open(dlg)

    def _on_add_alias(self) -> None:
        e = self.current_entity()
        if e is None:
            return
        dlg = text_dialog(
            self, self.tr("Add Alias"), self.tr("Another name for “{name}”:").format(name=e.name)
        )
        dlg.accepted.connect(lambda: self.add_alias(e.id, dlg.textValue()))
        self._open(dlg)

    def _on_subtype(self) -> None:
        e = self.current_entity()
        if e is None:
            return
        dlg = SubtypeDialog(e.name, self._subtype_choices(e.kind), e.subtype, self)

        def set_subtype() -> None:
            if dlg.chosen() != (e.subtype or ""):
                self.set_subtype(e.id, dlg.chosen())

        dlg.accepted.connect(set_subtype)
        self._open(dlg)

    def _on_merge(self) -> None:
        e = self.current_entity()
        if e is None or self._ws is None:
            return
        candidates = self._ws.tagging.entities(e.kind)
        labels = dict(self._subtype_choices(e.kind))
        dlg = MergeTargetDialog(e, candidates, labels, self)
        dlg.accepted.connect(lambda: self._confirm_merge(e, candidates, dlg.chosen_id()))
        self._open(dlg)

    def _confirm_merge(self, gone: Any, candidates: Sequence[Any], keep_id: int | None) -> None:
        keep = next((c for c in candidates if c.id == keep_id), None)
        if keep is None:
            return
        box = merge_confirmation(self, gone, keep)
        yes = box.button(QMessageBox.StandardButton.Yes)

        def merge(_result: int) -> None:
            if box.clickedButton() is yes:
                self.merge_entities(keep.id, gone.id)

        box.finished.connect(merge)
        self._track(box)
        box.open()
