"""The article list panel: search box, filters and a sortable table of articles.

Every filter or sort change re-queries the store through ``Workspace.articles``; the
table model (``desktop/article_table_model.py``) holds only the rows it was given.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db.articles import ArticleFilter, ArticleRow
from db.workspace import Workspace
from desktop.article_table_model import (
    COL_DATE,
    COL_LANG,
    COL_SOURCE,
    COL_STATUS,
    COL_TITLE,
    ArticleTableModel,
)
from desktop.status_labels import ALL_STATUSES, status_label

__all__ = ["ArticleListPanel", "ArticleTableModel"]

SEARCH_DEBOUNCE_MS = 150
RELEVANCE = "relevance"


class ArticleListPanel(QWidget):
    """Search, filter and pick an article."""

    article_selected = Signal(int)
    """The current row now shows this article (by id)."""
    rows_did_load = Signal(int)
    """The list was re-queried; carries how many rows it shows."""
    search_did_change = Signal(str)
    """The search that the shown rows answer (empty: none)."""
    restriction_did_change = Signal(object)
    """The list was restricted to these article ids (a set), or freed again (None)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws: Workspace | None = None
        self._sort_key = "published"
        self._descending = True
        self._by_relevance = False  # with a search, until a header is clicked
        self._applied_search = ""
        self._setting_indicator = False
        self._reloading = False
        self._restrict: frozenset[int] | None = None

        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("articleSearch")
        self.search_edit.setPlaceholderText(self.tr("Search articles (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setToolTip(
            self.tr(
                "Words in titles and texts; accents and case are ignored.\n"
                "The last word also finds longer words, from three letters on.\n"
                '"Quotes" find a phrase.'
            )
        )
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._on_search_timer)
        self.search_edit.textChanged.connect(self._on_search_text_changed)
        self.search_edit.returnPressed.connect(self._on_search_timer)

        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.addItem(self.tr("Any status"), None)
        for st in ALL_STATUSES:
            self.status_combo.addItem(status_label(st), st)
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("languageFilter")
        self.source_combo = QComboBox(self)
        self.source_combo.setObjectName("sourceFilter")
        self.source_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.source_combo.setMinimumContentsLength(10)
        self._fill_facets([], [])
        for combo in (self.status_combo, self.language_combo, self.source_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)

        # "Showing N articles from the graph" and a button to show all again.
        self.restrict_chip = QWidget(self)
        self.restrict_chip.setObjectName("restrictChip")
        self.restrict_chip.setStyleSheet(
            "#restrictChip { background: #e0e7ff; border-radius: 9px; }"
        )
        self.restrict_label = QLabel(self.restrict_chip)
        self.restrict_label.setObjectName("restrictLabel")
        self.restrict_clear = QToolButton(self.restrict_chip)
        self.restrict_clear.setObjectName("restrictClear")
        self.restrict_clear.setText("✕")
        self.restrict_clear.setAutoRaise(True)
        self.restrict_clear.setToolTip(self.tr("Show all articles again"))
        self.restrict_clear.clicked.connect(lambda: self.restrict_to(None))
        chip_row = QHBoxLayout(self.restrict_chip)
        chip_row.setContentsMargins(8, 1, 2, 1)
        chip_row.addWidget(self.restrict_label, 1)
        chip_row.addWidget(self.restrict_clear)
        self.restrict_chip.hide()

        self.model = ArticleTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("articleTable")
        self.table.setModel(self.model)
        self._setup_table()
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

        filters = QHBoxLayout()
        filters.setSpacing(4)
        filters.addWidget(self.status_combo)
        filters.addWidget(self.language_combo)
        filters.addWidget(self.source_combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search_edit)
        layout.addLayout(filters)
        layout.addWidget(self.restrict_chip)
        layout.addWidget(self.table, 1)

    def _setup_table(self) -> None:
        t = self.table
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setAlternatingRowColors(True)
        t.setShowGrid(False)
        t.setWordWrap(False)
        t.setTextElideMode(Qt.TextElideMode.ElideRight)
        t.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Uniform, fixed row heights: the view never measures rows, so 100,000 are cheap.
        vh = t.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(t.fontMetrics().height() + 8)
        hh = t.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setSectionsClickable(True)
        hh.setSortIndicatorShown(True)
        hh.setStretchLastSection(False)
        # Never ResizeToContents: it would read every row. Widths come from samples.
        hh.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        fm = t.fontMetrics()
        pad = 16
        widest_status = max(fm.horizontalAdvance(status_label(s)) for s in ALL_STATUSES)
        for col, width in (
            (COL_DATE, fm.horizontalAdvance("2024-12-31") + pad),
            (COL_SOURCE, fm.horizontalAdvance("Defence Monitor")),
            (COL_LANG, fm.horizontalAdvance(self.tr("Lang")) + pad),
            (COL_STATUS, widest_status + pad),
        ):
            hh.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            hh.resizeSection(col, width)
        t.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._show_sort_indicator()
        hh.sortIndicatorChanged.connect(self._on_sort_indicator_changed)

    # -- public ----------------------------------------------------------------------
    def set_workspace(self, ws: Workspace | None) -> None:
        """Show the articles of ``ws`` (None: an empty list)."""
        self._ws = ws
        self.model.status_details = ws.statuses_of if ws is not None else None
        self._restrict = None  # ids of another store mean nothing here
        self.restrict_chip.hide()
        self.reload_facets()
        self.reload()

    def reload_facets(self) -> None:
        """Refill the language and source filters from the store."""
        if self._ws is None:
            self._fill_facets([], [])
            return
        f = self._ws.facets()
        self._fill_facets(f.languages, f.sources)

    def current_filter(self) -> ArticleFilter:
        """The filter the list shows (the search as last applied, not as being typed)."""
        search = self._applied_search.strip() or None
        sort = RELEVANCE if (search and self._by_relevance) else self._sort_key
        return ArticleFilter(
            status=self.status_combo.currentData(),
            language=self.language_combo.currentData(),
            source=self.source_combo.currentData(),
            search=search,
            sort=sort,
            descending=self._descending,
        )

    def is_unfiltered(self) -> bool:
        """Whether the list shows every article of the store (no filter, search or
        restriction)."""
        f = self.current_filter()
        return (
            self._restrict is None
            and f.search is None
            and f.status is None
            and f.language is None
            and f.source is None
        )

    def visible_article_ids(self) -> list[int]:
        """The ids of the articles the list shows, top to bottom."""
        return [r.id for r in self.model.rows()]

    def restriction(self) -> frozenset[int] | None:
        """The article ids the list is restricted to (None: not restricted)."""
        return self._restrict

    def restrict_to(self, article_ids: set[int] | frozenset[int] | None, label: str = "") -> None:
        """Show only ``article_ids`` (within the filters), with a clearable chip saying
        ``label`` (default: "Showing N articles from the graph"); None shows all again."""
        if article_ids is None:
            if self._restrict is None:
                return
            self._restrict = None
            self.restrict_chip.hide()
        else:
            self._restrict = frozenset(article_ids)
            n = len(self._restrict)
            self.restrict_label.setText(
                label
                or (
                    self.tr("Showing 1 article from the graph")
                    if n == 1
                    else self.tr("Showing {n} articles from the graph").format(n=n)
                )
            )
            self.restrict_chip.show()
        self.reload()
        self.restriction_did_change.emit(
            set(self._restrict) if self._restrict is not None else None
        )

    def reload(self) -> None:
        """Re-query the list, keeping the current article selected if it is still shown."""
        keep = self.current_article_id()
        rows: list[ArticleRow] = self._ws.articles(self.current_filter()) if self._ws else []
        if self._restrict is not None:
            allowed = self._restrict
            rows = [r for r in rows if r.id in allowed]
        # The kept article is already shown: re-selecting it must not reload the view.
        self._reloading = True
        try:
            self.model.set_rows(rows)
            row = self.model.row_of(keep) if keep is not None else None
            if row is not None:
                self._set_current_row(row)
        finally:
            self._reloading = False
        self.rows_did_load.emit(len(rows))

    def refresh_statuses(self) -> None:
        """Show status changes in the rows already listed, without reordering them."""
        if self._ws is None or self.model.rowCount() == 0:
            return
        # Workaround until the store offers statuses by id: re-read the same list.
        fresh = self._ws.articles(self.current_filter())
        self.model.update_statuses({r.id: r.status for r in fresh})

    def current_article_id(self) -> int | None:
        idx = self.table.currentIndex()
        if not idx.isValid():
            return None
        row = self.model.row_at(idx.row())
        return row.id if row else None

    def current_row(self) -> ArticleRow | None:
        idx = self.table.currentIndex()
        return self.model.row_at(idx.row()) if idx.isValid() else None

    def select_row(self, row: int) -> bool:
        """Make ``row`` current (emits ``article_selected``); False if out of range."""
        if not 0 <= row < self.model.rowCount():
            return False
        self._set_current_row(row)
        return True

    def select_article(self, article_id: int) -> bool:
        row = self.model.row_of(article_id)
        return row is not None and self.select_row(row)

    def select_next(self) -> bool:
        idx = self.table.currentIndex()
        return self.select_row(idx.row() + 1 if idx.isValid() else 0)

    def select_previous(self) -> bool:
        idx = self.table.currentIndex()
        if not idx.isValid():
            return self.select_row(0)
        return self.select_row(idx.row() - 1)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def applied_search(self) -> str:
        return self._applied_search

    def sort_state(self) -> tuple[str, bool]:
        """(sort key, descending) as the list is ordered now."""
        f = self.current_filter()
        return f.sort, f.descending

    # -- internals -------------------------------------------------------------------
    def _set_current_row(self, row: int) -> None:
        idx = self.model.index(row, COL_TITLE)
        self.table.selectionModel().setCurrentIndex(
            idx,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(idx)

    def _fill_facets(self, languages: list[str], sources: list[str]) -> None:
        for combo, values, any_label in (
            (self.language_combo, languages, self.tr("Any language")),
            (self.source_combo, sources, self.tr("Any source")),
        ):
            current = combo.currentData()
            blocked = combo.blockSignals(True)
            try:
                combo.clear()
                combo.addItem(any_label, None)
                for v in values:
                    combo.addItem(v, v)
                pos = combo.findData(current) if current is not None else 0
                combo.setCurrentIndex(max(pos, 0))
            finally:
                combo.blockSignals(blocked)

    def _show_sort_indicator(self) -> None:
        hh = self.table.horizontalHeader()
        self._setting_indicator = True
        try:
            if self._applied_search.strip() and self._by_relevance:
                hh.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            else:
                order = (
                    Qt.SortOrder.DescendingOrder
                    if self._descending
                    else Qt.SortOrder.AscendingOrder
                )
                hh.setSortIndicator(self.model.section_of(self._sort_key), order)
        finally:
            self._setting_indicator = False

    def _on_sort_indicator_changed(self, section: int, order: Qt.SortOrder) -> None:
        if self._setting_indicator or section < 0:
            return
        self._sort_key = self.model.sort_key(section)
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._by_relevance = False
        self.reload()

    def _on_search_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _on_search_timer(self) -> None:
        self._search_timer.stop()
        text = self.search_edit.text()
        if text.strip() == self._applied_search.strip():
            return
        had_search = bool(self._applied_search.strip())
        self._applied_search = text
        if text.strip() and not had_search:
            self._by_relevance = True
        self._show_sort_indicator()
        self.reload()
        self.search_did_change.emit(text.strip())

    def _on_filter_changed(self, _index: int) -> None:
        self.reload()

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._reloading:
            return
        row = self.model.row_at(current.row()) if current.isValid() else None
        if row is not None:
            self.article_selected.emit(row.id)
