"""The article reader: a header above a read-only plain-text body.

The body holds exactly ``ArticleDoc.text``, so that document positions are the stored
code-point offsets after ``OffsetMap`` conversion: the header lives in its own label
and never shifts them.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QLocale, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPalette,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QFrame, QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from db.articles import ArticleDoc
from db.search import query_terms
from desktop.search_hits import find_hits
from desktop.spaced_text_layout import SpacedPlainTextLayout
from desktop.text_offsets import OffsetMap

BODY_FAMILIES = [
    "Source Serif 4",
    "Source Serif Pro",
    "Noto Serif",
    "Charter",
    "Georgia",
    "Cambria",
    "DejaVu Serif",
    "serif",
]
DEFAULT_POINT_SIZE = 12.0
MIN_POINT_SIZE, MAX_POINT_SIZE = 8.0, 28.0
COLUMN_CHARS = 72  # a comfortable line length for reading
MIN_SIDE_MARGIN = 24
SEARCH_HIT_COLOUR = QColor("#fde68a")
MAX_SEARCH_HITS = 2000


def body_font(point_size: float = DEFAULT_POINT_SIZE) -> QFont:
    font = QFont()
    font.setFamilies(BODY_FAMILIES)
    font.setPointSizeF(point_size)
    font.setStyleHint(QFont.StyleHint.Serif)
    return font


class ArticleTextEdit(QPlainTextEdit):
    """A read-only, word-wrapped body with spaced lines, centred in a reading column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A new document with our layout; keep a Python reference to the layout so that
        # its Python half lives as long as the document using it.
        doc = QTextDocument(self)
        self._layout = SpacedPlainTextLayout(doc)
        doc.setDocumentLayout(self._layout)
        self.setDocument(doc)
        doc.setUndoRedoEnabled(False)
        doc.setDocumentMargin(4)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFont(body_font())
        self.side_margin = MIN_SIDE_MARGIN

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        # The default adds the viewport margins, which grow with the widget: the
        # window could then never be made narrower again.
        return QSize(MIN_SIDE_MARGIN * 2 + 120, 80)

    def column_width(self) -> int:
        """The widest the text column gets, from the body font."""
        return int(QFontMetricsF(self.font()).averageCharWidth() * COLUMN_CHARS)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._update_margins()

    def _update_margins(self) -> None:
        avail = self.width() - self.verticalScrollBar().sizeHint().width()
        side = max(MIN_SIDE_MARGIN, (avail - self.column_width()) // 2)
        if side != self.side_margin or self.viewportMargins().left() != side:
            self.side_margin = side
            self.setViewportMargins(side, 0, side, 0)


class ArticleView(QWidget):
    """Shows one article; highlights search hits and, later, annotations."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.article: ArticleDoc | None = None
        self.offsets = OffsetMap("")
        self._search = ""
        self._hits: list[tuple[int, int]] = []
        self._has_char_formats = False
        self._point_size = DEFAULT_POINT_SIZE

        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, pal.color(QPalette.ColorRole.Base))
        self.setPalette(pal)

        self.header_label = QLabel(self)
        self.header_label.setObjectName("articleHeader")
        self.header_label.setTextFormat(Qt.TextFormat.RichText)
        self.header_label.setWordWrap(True)
        self.header_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.header_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Its side margins follow the view's width; they must not become its minimum.
        self.header_label.setMinimumWidth(1)
        self.text_edit = ArticleTextEdit(self)
        self.text_edit.setObjectName("articleText")

        self._rule = QFrame(self)
        self._rule.setFrameShape(QFrame.Shape.HLine)
        self._rule.setFrameShadow(QFrame.Shadow.Plain)
        self._rule.setStyleSheet("color: #e5e7eb;")
        self._rule.setMinimumWidth(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header_label)
        layout.addWidget(self._rule)
        layout.addWidget(self.text_edit, 1)
        self._apply_fonts()
        self.show_article(None)

    # -- content -----------------------------------------------------------------
    def show_article(self, doc: ArticleDoc | None) -> None:
        """Show ``doc`` (None: an empty page) and re-apply the search highlights."""
        self.article = doc
        self._has_char_formats = False
        if doc is None:
            self.offsets = OffsetMap("")
            self.header_label.setText(
                "<p style='color:#6b7280'>" + html.escape(self.tr("No article selected.")) + "</p>"
            )
            self.text_edit.setPlainText("")
            self._hits = []
            self.text_edit.setExtraSelections([])
            return
        self.offsets = OffsetMap(doc.text)
        self.header_label.setText(self._header_html(doc))
        self.text_edit.setPlainText(doc.text)
        self._apply_search()

    def set_search(self, query: str) -> None:
        """Highlight the words of ``query`` (a search as typed) in the body."""
        self._search = query
        self._apply_search()

    def search_hits(self) -> list[tuple[int, int]]:
        """The highlighted search hits, as code-point spans."""
        return list(self._hits)

    def set_highlights(self, spans: Sequence[tuple[int, int, QColor]]) -> None:
        """Colour the background of code-point spans, replacing earlier ones.

        All changes go into one edit block: one relayout instead of one per span.
        """
        doc = self.text_edit.document()
        cur = QTextCursor(doc)
        to_qt = self.offsets.to_qt
        formats: dict[int, QTextCharFormat] = {}
        cur.beginEditBlock()
        try:
            if self._has_char_formats:
                cur.select(QTextCursor.SelectionType.Document)
                cur.setCharFormat(QTextCharFormat())
            for start, end, colour in spans:
                fmt = formats.get(colour.rgba())
                if fmt is None:
                    fmt = QTextCharFormat()
                    fmt.setBackground(colour)
                    formats[colour.rgba()] = fmt
                cur.setPosition(to_qt(start))
                cur.setPosition(to_qt(end), QTextCursor.MoveMode.KeepAnchor)
                cur.mergeCharFormat(fmt)
        finally:
            cur.endEditBlock()
        self._has_char_formats = bool(spans)

    # -- typography ----------------------------------------------------------------
    def point_size(self) -> float:
        return self._point_size

    def set_point_size(self, size: float) -> None:
        """Body text size in points (clamped to a readable range)."""
        self._point_size = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size))
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        self.text_edit.setFont(body_font(self._point_size))
        self.header_label.setFont(body_font(self._point_size))
        self._update_header_margins()
        if self.article is not None:
            self.header_label.setText(self._header_html(self.article))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._update_header_margins()

    def _update_header_margins(self) -> None:
        # Line the header up with the text column below it.
        self.text_edit._update_margins()
        side = self.text_edit.side_margin + int(self.text_edit.document().documentMargin())
        scrollbar = self.text_edit.verticalScrollBar().sizeHint().width()
        top = int(self._point_size * 1.6)
        self.header_label.setContentsMargins(side, top, side + scrollbar, int(top * 0.6))
        self._rule.setContentsMargins(side, 0, side + scrollbar, 0)

    # -- internals -------------------------------------------------------------------
    def _header_html(self, doc: ArticleDoc) -> str:
        locale = QLocale()
        parts = [doc.source, doc.author, doc.published]
        if doc.language:
            name = QLocale.languageToString(QLocale(doc.language).language())
            parts.append(name if name and name != "C" else doc.language)
        n = doc.word_count
        words = self.tr("1 word") if n == 1 else self.tr("{n} words").format(n=locale.toString(n))
        # Keep short items ("2024-06-20", "195 words") whole when the line wraps.
        meta = " · ".join(
            html.escape(p).replace(" ", "&nbsp;") if len(p) < 16 else html.escape(p)
            for p in [*parts, words]
            if p
        )
        title_pt = round(self._point_size * 1.5, 1)
        meta_pt = round(self._point_size * 0.85, 1)
        return (
            f"<div style='font-size:{title_pt}pt; font-weight:600; color:#111827'>"
            f"{html.escape(doc.title)}</div>"
            f"<div style='font-size:{meta_pt}pt; color:#6b7280; margin-top:6px'>{meta}</div>"
        )

    def _apply_search(self) -> None:
        edit = self.text_edit
        doc = self.article
        terms = query_terms(self._search) if self._search.strip() else []
        if doc is None or not terms:
            self._hits = []
            edit.setExtraSelections([])
            return
        prefix_last = not self._search.rstrip().endswith('"')
        self._hits = find_hits(doc.text, terms, prefix_last=prefix_last)[:MAX_SEARCH_HITS]
        fmt = QTextCharFormat()
        fmt.setBackground(SEARCH_HIT_COLOUR)
        to_qt = self.offsets.to_qt
        selections = []
        # Inside an edit block a cursor does not lay its block out to find its x
        # position; nothing is edited, so closing the block changes nothing.
        guard = QTextCursor(edit.document())
        guard.beginEditBlock()
        try:
            for start, end in self._hits:
                sel = QTextEdit.ExtraSelection()
                cur = QTextCursor(edit.document())
                cur.setPosition(to_qt(start))
                cur.setPosition(to_qt(end), QTextCursor.MoveMode.KeepAnchor)
                sel.cursor = cur
                sel.format = fmt
                selections.append(sel)
        finally:
            guard.endEditBlock()
        edit.setExtraSelections(selections)
        if self._hits:
            first = QTextCursor(edit.document())
            first.setPosition(to_qt(self._hits[0][0]))
            edit.setTextCursor(first)
            edit.centerCursor()
