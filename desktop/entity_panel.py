"""The entity panel: browse the canonical entities, see where each is mentioned across the
corpus, and rename, alias, re-subtype or merge them (each an undoable ``ws.tagging`` edit).

Rows are the plain ``EntityRow`` / ``EntityMention`` dataclasses of the library; the panel
holds no store objects and re-reads through ``ws.tagging`` on ``refresh()``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
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
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
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

__all__ = ["EntityPanel", "EntityTableModel", "MentionListModel"]

COL_NAME, COL_KIND, COL_SUBTYPE, COL_COUNTRY, COL_MENTIONS, COL_ALIASES = range(6)
ENTITY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
MENTION_ROLE = Qt.ItemDataRole.UserRole + 2
CONTEXT_CHARS = 60  # the context db.annotations.entity_mentions cuts on each side
_Index = QModelIndex | QPersistentModelIndex


class EntityTableModel(QAbstractTableModel):
    """Entity rows with Python-side sorting (a few hundred rows: a sort is < 1 ms)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._kinds: dict[str, str] = {}
        self._subtypes: dict[tuple[str, str], str] = {}
        self._sort = (COL_MENTIONS, Qt.SortOrder.DescendingOrder)
        self._headers = (
            self.tr("Name"),
            self.tr("Kind"),
            self.tr("Subtype"),
            self.tr("Country"),
            self.tr("Mentions"),
            self.tr("Aliases"),
        )

    def set_rows(
        self,
        rows: Sequence[Any],
        kinds: dict[str, str] | None = None,
        subtypes: dict[tuple[str, str], str] | None = None,
    ) -> None:
        """Replace the rows (and the labels shown for kinds and subtypes)."""
        self.beginResetModel()
        self._rows = list(rows)
        if kinds is not None:
            self._kinds = kinds
        if subtypes is not None:
            self._subtypes = subtypes
        self._sort_rows()
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, entity_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == entity_id), None)

    def _text(self, r: Any, col: int) -> str:
        if col == COL_NAME:
            return str(r.name)
        if col == COL_KIND:
            return self._kinds.get(r.kind) or str(r.kind).title()
        if col == COL_SUBTYPE:
            return self._subtypes.get((r.kind, r.subtype), r.subtype or "") if r.subtype else ""
        if col == COL_COUNTRY:
            return r.country_code or ""
        if col == COL_MENTIONS:
            return str(r.mention_count)
        return ", ".join(r.aliases)

    def _sort_rows(self) -> None:
        col, order = self._sort
        self._rows.sort(key=lambda r: fold(r.name))
        key: Callable[[Any], Any] = (
            (lambda r: r.mention_count)
            if col == COL_MENTIONS
            else (lambda r: fold(self._text(r, col)))
        )
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    # -- Qt model interface ------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        r, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, col)
        if role == ENTITY_ID_ROLE:
            return r.id
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_NAME, COL_ALIASES) and r.aliases:
            return "\n".join(r.aliases)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_MENTIONS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            desc = section == COL_MENTIONS
            return Qt.SortOrder.DescendingOrder if desc else Qt.SortOrder.AscendingOrder
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._headers):
            return
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        ids = [self._rows[i.row()].id for i in kept]
        self._sort = (column, order)
        self._sort_rows()
        row_of = {r.id: i for i, r in enumerate(self._rows)}
        moved = [self.index(row_of[eid], i.column()) for i, eid in zip(kept, ids, strict=True)]
        self.changePersistentIndexList(kept, moved)
        self.layoutChanged.emit()


class MentionListModel(QAbstractListModel):
    """An entity's mentions across the corpus (``EntityMention`` rows)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_mentions(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def mentions(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        m = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return m.article_title
        if role == MENTION_ROLE:
            return m
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("{title}\n{date} · tagged by {who}").format(
                title=m.article_title, date=m.published or "", who=m.annotator
            )
        return None


def split_context(m: Any) -> tuple[str, str, str]:
    """(before, mention, after) of a mention's context line."""
    ctx, word = m.context, m.text.replace("\n", " ")
    at = min(m.start, CONTEXT_CHARS)
    if ctx[at : at + len(word)] != word:
        found = [i for i in range(len(ctx)) if ctx.startswith(word, i)] if word else []
        if not found:
            return ctx, "", ""
        at = min(found, key=lambda i: abs(i - at))
    return ctx[:at], word, ctx[at + len(word) :]


class MentionDelegate(QStyledItemDelegate):
    """Two lines per mention: the article title and date, then the context with the
    mention in bold, kept in view by eliding the context on both sides."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802
        return QSize(200, 2 * option.fontMetrics.height() + 10)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        m = index.data(MENTION_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        r = opt.rect.adjusted(6, 4, -6, -4)
        fm = QFontMetrics(opt.font)
        bold = QFont(opt.font)
        bold.setBold(True)
        bfm = QFontMetrics(bold)
        h = fm.height()
        painter.save()
        # Line 1: title (elided) and the date, muted and right-aligned.
        date = m.published or ""
        date_w = fm.horizontalAdvance(date) + (12 if date else 0)
        painter.setFont(opt.font)
        muted = text_role if selected else QPalette.ColorRole.PlaceholderText
        painter.setPen(opt.palette.color(muted))
        painter.drawText(QRect(r.left(), r.top(), r.width(), h), Qt.AlignmentFlag.AlignRight, date)
        painter.setPen(opt.palette.color(text_role))
        title = fm.elidedText(m.article_title, Qt.TextElideMode.ElideRight, r.width() - date_w)
        painter.drawText(QRect(r.left(), r.top(), r.width() - date_w, h), 0, title)
        # Line 2: context, mention in bold and always visible.
        before, word, after = split_context(m)
        word = bfm.elidedText(word, Qt.TextElideMode.ElideRight, r.width())
        room = max(0, r.width() - bfm.horizontalAdvance(word))
        left_w = min(
            fm.horizontalAdvance(before), max(room // 2, room - fm.horizontalAdvance(after))
        )
        before = fm.elidedText(before, Qt.TextElideMode.ElideLeft, left_w)
        x, y = r.left(), r.top() + h + 2
        for text, font, metrics in (
            (before, opt.font, fm),
            (word, bold, bfm),
            (after, opt.font, fm),
        ):
            width = r.right() - x
            if width <= 0:
                break
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
            painter.setFont(font)
            painter.drawText(QRect(x, y, width, h), 0, text)
            x += metrics.horizontalAdvance(text)
        painter.restore()


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
