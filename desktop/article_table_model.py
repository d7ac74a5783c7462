"""The article list's table model: plain ``ArticleRow`` tuples, never texts.

Built to hold 100,000 rows: ``data()`` looks a field up and returns it, nothing is
precomputed per row, and the view asks only for the rows it paints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from db.articles import ArticleRow
from desktop.status_labels import status_colour, status_label

# (sort key understood by ArticleFilter, default order when its header is first clicked)
COLUMNS: tuple[tuple[str, Qt.SortOrder], ...] = (
    ("title", Qt.SortOrder.AscendingOrder),
    ("published", Qt.SortOrder.DescendingOrder),
    ("source", Qt.SortOrder.AscendingOrder),
    ("language", Qt.SortOrder.AscendingOrder),
    ("status", Qt.SortOrder.AscendingOrder),
)
COL_TITLE, COL_DATE, COL_SOURCE, COL_LANG, COL_STATUS = range(len(COLUMNS))
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class ArticleTableModel(QAbstractTableModel):
    """Rows of the article list, in the order the store returned them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ArticleRow] = []
        self._row_of: dict[int, int] = {}
        # Set by the list panel: every annotator's (name, role, status) of one article.
        self.status_details: Callable[[int], list[tuple[str, str, str]]] | None = None
        self._headers = (
            self.tr("Title"),
            self.tr("Date"),
            self.tr("Source"),
            self.tr("Lang"),
            self.tr("Status"),
        )

    # -- content -----------------------------------------------------------------
    def set_rows(self, rows: Sequence[ArticleRow]) -> None:
        """Replace every row (one reset, which is cheaper than row-by-row signals)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._row_of = {r.id: i for i, r in enumerate(self._rows)}
        self.endResetModel()

    def update_statuses(self, statuses: Mapping[int, str]) -> int:
        """Change the status of the rows whose article id is in ``statuses``; returns
        how many rows changed."""
        changed = 0
        for aid, status in statuses.items():
            i = self._row_of.get(aid)
            if i is None or self._rows[i].status == status:
                continue
            self._rows[i] = self._rows[i]._replace(status=status)
            idx = self.index(i, COL_STATUS)
            self.dataChanged.emit(idx, idx)
            changed += 1
        return changed

    def row_at(self, row: int) -> ArticleRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, article_id: int) -> int | None:
        """The row showing ``article_id``, or None."""
        return self._row_of.get(article_id)

    def rows(self) -> list[ArticleRow]:
        """The rows, top to bottom (a copy)."""
        return list(self._rows)

    # -- Qt model interface ----------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def _status_tooltip(self, article_id: int) -> str | None:
        """Who has done what with this article (read when hovered, one small query)."""
        if self.status_details is None:
            return None
        lines = [
            self.tr("{name}: {status}").format(name=name, status=status_label(status))
            for name, _role, status in self.status_details(article_id)
        ]
        return "\n".join(lines) if lines else self.tr("Nobody has started this article.")

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_TITLE:
                return row.title
            if col == COL_DATE:
                return row.published or ""
            if col == COL_SOURCE:
                return row.source or ""
            if col == COL_LANG:
                return row.language or ""
            if col == COL_STATUS:
                return status_label(row.status)
            return None
        if role == ARTICLE_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STATUS:
            return status_colour(row.status)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_TITLE:
            return row.title
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_STATUS:
            return self._status_tooltip(row.id)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_LANG:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            return COLUMNS[section][1]
        return None

    def sort_key(self, section: int) -> str:
        return COLUMNS[section][0]

    def section_of(self, sort_key: str) -> int:
        for i, (key, _order) in enumerate(COLUMNS):
            if key == sort_key:
                return i
        return -1
