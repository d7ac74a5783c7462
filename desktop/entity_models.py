"""The entity panel's models and delegate: the entity table (sortable, filterable by the
panel), the list of an entity's mentions across the corpus, and how a mention's line is
drawn (its context with the mention in bold)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from desktop.entity_dialogs import fold

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
