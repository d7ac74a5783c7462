"""The article reader: a header above a read-only plain-text body, with its annotations.

The body holds exactly ``ArticleDoc.text``, so that document positions are the stored
code-point offsets after ``OffsetMap`` conversion: the header lives in its own label
and never shifts them.

The view shows one annotator's mentions (``desktop.annotation_layer`` draws them) and
turns the user's text selection into a tagging span (``desktop.span_selection`` snaps
it to words). It never edits the store: it emits what the user asked for
(``tag_requested``, ``retype_requested``, ``delete_requested``) and whoever owns the
store does it, then calls ``set_annotations`` with the new layer.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEasingCurve,
    QEvent,
    QKeyCombination,
    QLocale,
    QPoint,
    QPointF,
    QSize,
    Qt,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from db.articles import ArticleDoc
from db.search import query_terms
from desktop.annotation_layer import AnnotationLayer, OverlaySpan, PlacedMention, line_colour
from desktop.search_hits import find_hits
from desktop.spaced_text_layout import SpacedPlainTextLayout
from desktop.span_selection import Edge, Unit, adjust_span, snap_span, word_at
from desktop.text_offsets import OffsetMap

# ``db.annotations`` (ArticleAnnotations, MentionRow) and ``db.tagset`` (Tagset,
# MentionType) hold plain dataclasses but are not on the door test's list of importable
# modules, so they are typed loosely here.
ArticleAnnotations = Any
MentionType = Any
Tagset = Any

if TYPE_CHECKING:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QTextBlock

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
FLASH_MS = 1200

# Keys that move one edge of the tagging selection: (key, (edge, unit, forward)).
# Alt+Shift with the arrows moves the end, with Home/End the start; Ctrl makes it a word.
ADJUST_KEYS: list[tuple[str, tuple[Edge, Unit, bool]]] = [
    ("Shift+Alt+Right", ("end", "char", True)),
    ("Shift+Alt+Left", ("end", "char", False)),
    ("Shift+Ctrl+Alt+Right", ("end", "word", True)),
    ("Shift+Ctrl+Alt+Left", ("end", "word", False)),
    ("Shift+Alt+Home", ("start", "char", False)),
    ("Shift+Alt+End", ("start", "char", True)),
    ("Shift+Ctrl+Alt+Home", ("start", "word", False)),
    ("Shift+Ctrl+Alt+End", ("start", "word", True)),
]
_ADJUST_BY_KEY: dict[QKeyCombination, tuple[Edge, Unit, bool]] = {
    QKeySequence(k)[0]: move  # type: ignore[index]
    for k, move in ADJUST_KEYS
}


def body_font(point_size: float = DEFAULT_POINT_SIZE) -> QFont:
    font = QFont()
    font.setFamilies(BODY_FAMILIES)
    font.setPointSizeF(point_size)
    font.setStyleHint(QFont.StyleHint.Serif)
    return font


def _key_of(event: QKeyEvent) -> QKeyCombination:
    # Arrow keys carry the keypad flag on some platforms (macOS): not part of the binding.
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return QKeyCombination(mods, Qt.Key(event.key()))


@dataclass(frozen=True, slots=True)
class UnderlineMetrics:
    """Where the stacked underlines go in the gap below a text line."""

    step: float  # from one underline row to the next
    pen: float  # an underline's thickness
    rows: int  # rows that fit in the line gap (deeper tracks share the last)
    band: float  # the clickable gap below a line


class ArticleTextEdit(QPlainTextEdit):
    """A read-only, word-wrapped body with spaced lines, centred in a reading column.

    It paints the annotation layer over the text and hands mouse, key, tooltip and
    context-menu events to its ``ArticleView`` first.
    """

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
        self.layer = AnnotationLayer()
        self.host: ArticleView | None = None
        self._press: QPointF | None = None

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

    # -- annotation geometry ---------------------------------------------------------
    def underline_metrics(self) -> UnderlineMetrics:
        height = QFontMetricsF(self.font()).height()
        gap = self._layout._extra()[0]  # the space between two lines of a paragraph
        step = max(3.0, round(height * 0.15))
        pen = max(2.0, round(step * 0.6))
        return UnderlineMetrics(step, pen, max(1, int(gap // step)), gap)

    def visible_blocks(self) -> list[tuple[QTextBlock, QRectF]]:
        return self.layer.visible_blocks(self, self.viewport().height())

    def hit(self, pos: QPointF) -> tuple[int, int | None] | None:
        """(Qt position of the character under viewport point ``pos``, underline row or
        None); None when the point is over no character."""
        m = self.underline_metrics()
        return self.layer.hit(self.visible_blocks(), pos, band=m.band, step=m.step)

    # -- events ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        layer = self.layer
        if not layer.placed and layer.flash is None and layer.overlay is None:
            return
        m = self.underline_metrics()
        painter = QPainter(self.viewport())
        try:
            layer.paint(painter, self.visible_blocks(), step=m.step, pen_width=m.pen, rows=m.rows)
        finally:
            painter.end()

    def event(self, event: QEvent) -> bool:
        # Window-wide shortcuts must not take the selection-adjusting keys from us.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and _key_of(event) in _ADJUST_BY_KEY
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if self.host is not None and self.host._on_text_key(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._press = event.position() if event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if self.host is None or press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        moved = (event.position() - press).manhattanLength()
        if self.textCursor().hasSelection():
            self.host._snap_visible_selection()
        elif moved < QApplication.startDragDistance():
            self.host._on_text_clicked(event.position())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if (
            event.button() == Qt.MouseButton.LeftButton
            and self.host is not None
            and self.host._on_text_double_clicked(event.position())
        ):
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            if self.host is not None:
                self.host._on_text_tooltip(event)
            return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        if self.host is None:
            super().contextMenuEvent(event)
            return
        self.host._on_context_menu_requested(QPointF(event.pos()))
        menu = self.host.context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()


class ArticleView(QWidget):
    """Shows one article with its search hits and one annotator's mentions."""

    #: The user clicked a highlighted mention (innermost first; clicking again cycles).
    mention_clicked = Signal(int)
    #: The snapped tagging span (start, end) in code points, or None.
    span_selection_changed = Signal(object)
    #: "Tag as" a mention type, for the current selection span.
    tag_requested = Signal(str)
    #: (mention id, new type name)
    retype_requested = Signal(int, str)
    #: mention id
    delete_requested = Signal(int)

    #: (key sequence in portable text, description) for the Help dialog; descriptions
    #: are translated in the "ArticleView" context (see ``shortcut_rows``).
    SHORTCUTS: list[tuple[str, str]] = [
        (
            "Shift+Alt+Right",
            str(QT_TRANSLATE_NOOP("ArticleView", "Selection end one character later")),
        ),
        (
            "Shift+Alt+Left",
            str(QT_TRANSLATE_NOOP("ArticleView", "Selection end one character earlier")),
        ),
        (
            "Shift+Ctrl+Alt+Right",
            str(QT_TRANSLATE_NOOP("ArticleView", "Selection end one word later")),
        ),
        (
            "Shift+Ctrl+Alt+Left",
            str(QT_TRANSLATE_NOOP("ArticleView", "Selection end one word earlier")),
        ),
        (
            "Shift+Alt+Home",
            str(QT_TRANSLATE_NOOP("ArticleView", "Selection start one character earlier")),
        ),
        (
            "Shift+Alt+End",
            str(QT_TRANSLATE_NOOP("ArticleView", "Selection start one character later")),
        ),
        (
            "Shift+Ctrl+Alt+Home",
            str(QT_TRANSLATE_NOOP("ArticleView", "Selection start one word earlier")),
        ),
        (
            "Shift+Ctrl+Alt+End",
            str(QT_TRANSLATE_NOOP("ArticleView", "Selection start one word later")),
        ),
    ]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.article: ArticleDoc | None = None
        self.offsets = OffsetMap("")
        self._search = ""
        self._hits: list[tuple[int, int]] = []
        self._has_char_formats = False
        self._point_size = DEFAULT_POINT_SIZE
        self._tagset: Tagset | None = None
        # Open comments by annotation uuid (``set_comment_counts``), kept for the article
        # shown so that each ``set_annotations`` re-marks the mentions without a read.
        self._comment_counts: dict[str, int] = {}
        self._exact: tuple[int, int] | None = None  # a span set exactly (not snapped)
        self._exact_qt: tuple[int, int] | None = None
        self._last_span: tuple[int, int] | None = None
        self._last_click_ids: list[int] = []
        self._swatches: dict[str, QIcon] = {}

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
        self.text_edit.host = self
        self.text_edit.selectionChanged.connect(self._on_selection_changed)
        self._layer = self.text_edit.layer

        self._flash = QVariantAnimation(self)
        self._flash.setDuration(FLASH_MS)
        self._flash.setStartValue(1.0)
        self._flash.setEndValue(0.0)
        self._flash.setEasingCurve(QEasingCurve.Type.InQuad)
        self._flash.valueChanged.connect(self._on_flash_value_changed)
        self._flash.finished.connect(self._on_flash_finished)

        self._rule = QFrame(self)
        self._rule.setFrameShape(QFrame.Shape.HLine)
        self._rule.setFrameShadow(QFrame.Shadow.Plain)
        self._rule.setStyleSheet("color: #e5e7eb;")
        self._rule.setMinimumWidth(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self._top_count = 0
        layout.addWidget(self.header_label)
        layout.addWidget(self._rule)
        layout.addWidget(self.text_edit, 1)
        self._apply_fonts()
        self.show_article(None)

    def add_top_widget(self, widget: QWidget) -> None:
        """Put ``widget`` above the header (the layer bar), below earlier ones."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(self._top_count, widget)
        self._top_count += 1

    # -- content -----------------------------------------------------------------
    def show_article(self, doc: ArticleDoc | None) -> None:
        """Show ``doc`` (None: an empty page) and re-apply the search highlights.

        Showing the article already shown, with the same text, keeps its annotations,
        selection and scroll position (only the header is redrawn).
        """
        if (
            doc is not None
            and self.article is not None
            and doc.id == self.article.id
            and doc.text == self.article.text
        ):
            self.article = doc
            self.header_label.setText(self._header_html(doc))
            return
        self.article = doc
        self._has_char_formats = False
        self._layer.clear()
        self._comment_counts = {}
        self._flash.stop()
        self._exact = self._exact_qt = None
        self._last_click_ids = []
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

        All changes go into one edit block: one relayout instead of one per span. These
        share the char formats with the annotations: whichever is set last wins.
        """
        doc = self.text_edit.document()
        cur = QTextCursor(doc)
        to_qt = self.offsets.to_qt
        formats: dict[int, QTextCharFormat] = {}
        cur.beginEditBlock()
        try:
            if self._has_char_formats or self._layer.placed:
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
        self._layer.invalidate_formats()

    # -- annotations ---------------------------------------------------------------
    def set_annotations(
        self,
        ann: ArticleAnnotations | None,
        tagset: Tagset,
        *,
        entity_names: Mapping[int, str] | None = None,
        read_only: bool = False,
    ) -> None:
        """Draw ``ann``'s mentions (None: none) over the shown article.

        Only the characters whose look changed since the last call are re-formatted, so
        re-applying after one edit costs about as much as the edit.
        """
        if ann is not None and self.article is not None and ann.article_id != self.article.id:
            raise ValueError(
                f"annotations of article {ann.article_id} given to the view of "
                f"article {self.article.id}"
            )
        self._tagset = tagset
        everything = self._layer._applied is None or self._has_char_formats
        self._layer.set_mentions(
            ann if self.article is not None else None,
            tagset,
            self.offsets,
            entity_names=entity_names,
            read_only=read_only,
        )
        self._layer.apply_formats(self.text_edit.document())
        self._has_char_formats = False
        self._last_click_ids = []
        marks_changed = self._apply_comment_marks()
        # After one edit only its mentions' lines need painting again (the full
        # viewport costs a few ms more on a long article).
        if everything or marks_changed:
            self.text_edit.viewport().update()
        elif self._layer.dirty is not None:
            self._update_between(*self._layer.dirty)

    def annotations(self) -> ArticleAnnotations | None:
        """The layer shown (as last given to ``set_annotations``)."""
        return self._layer.ann

    def set_comment_counts(self, counts: Mapping[str, int]) -> None:
        """Open comments by annotation uuid: commented mentions (and the triggers of
        commented events) get a dot and a line in their tooltip. Kept for the article
        shown: later ``set_annotations`` calls mark their mentions from them."""
        self._comment_counts = dict(counts)
        if self._apply_comment_marks():
            self.text_edit.viewport().update()

    def _apply_comment_marks(self) -> bool:
        """Mark the shown mentions from the comment counts; True if the marks changed."""
        ann, counts = self._layer.ann, self._comment_counts
        marks: dict[int, int] = {}
        if ann is not None and counts:
            for m in ann.mentions:
                n = counts.get(m.uuid, 0)
                if n:
                    marks[m.id] = n
            for ev in ann.events:
                n = counts.get(ev.uuid, 0)
                if n and ev.trigger_mention_id is not None:
                    marks[ev.trigger_mention_id] = marks.get(ev.trigger_mention_id, 0) + n
        if marks == self._layer.comment_marks:
            return False
        self._layer.comment_marks = marks
        return True

    def comment_marks(self) -> dict[int, int]:
        """Mention id -> open comments shown for it."""
        return dict(self._layer.comment_marks)

    # -- review overlay ----------------------------------------------------------------
    def set_review_overlay(self, spans: Sequence[tuple[int, int, int, QColor, str]] | None) -> None:
        """Review mode: underline the compared layers' mentions, (start, end) in code
        points, ``row`` 0 for layer A (above) and 1 for layer B (below), in their
        colours, with a tooltip label each; None leaves review mode."""
        if spans is None:
            self._layer.set_overlay(None)
        else:
            to_qt, clamp = self.offsets.to_qt, self._clamp
            self._layer.set_overlay(
                [
                    OverlaySpan(to_qt(clamp(a)), to_qt(clamp(b)), row, colour, label)
                    for a, b, row, colour, label in spans
                    if clamp(a) < clamp(b)
                ]
            )
        self.text_edit.viewport().update()

    def review_overlay(self) -> list[tuple[int, int, int]]:
        """The overlay drawn: (start, end, row) in code points (empty: not in review)."""
        from_qt = self.offsets.from_qt
        return [(from_qt(o.qstart), from_qt(o.qend), o.row) for o in self._layer.overlay or ()]

    def in_review_overlay(self) -> bool:
        return self._layer.overlay is not None

    def select_review_span(self, span: tuple[int, int] | None, *, flash: bool = True) -> None:
        """Outline the selected difference's code-point span (None: none), scroll to it
        and flash it."""
        if span is None:
            self._layer.overlay_selected = None
            self.text_edit.viewport().update()
            return
        start, end = self._clamp(span[0]), self._clamp(span[1])
        self._layer.overlay_selected = (self.offsets.to_qt(start), self.offsets.to_qt(end))
        if flash:
            self.flash_span(start, end)
        else:
            self.scroll_to_span(start, end)
        self.text_edit.viewport().update()

    def review_selection(self) -> tuple[int, int] | None:
        sel = self._layer.overlay_selected
        if sel is None:
            return None
        return self.offsets.from_qt(sel[0]), self.offsets.from_qt(sel[1])

    def is_read_only(self) -> bool:
        return self._layer.read_only

    def mentions_at(self, cp: int) -> list[int]:
        """Ids of the mentions covering code point ``cp``, innermost first."""
        return [p.id for p in self._layer.mentions_at(cp)]

    def select_mention(self, mention_id: int | None) -> None:
        """Outline a mention (None: no mention) and scroll it into view."""
        placed = self._layer.mention(mention_id)
        before = self._layer.mention(self._layer.selected)
        self._layer.selected = placed.id if placed is not None else None
        scroll = self.text_edit.verticalScrollBar().value()
        if placed is not None:
            self._ensure_visible(placed.qstart, placed.qend)
        if self.text_edit.verticalScrollBar().value() != scroll:
            return  # scrolled: Qt repaints the whole viewport anyway
        for p in (before, placed):
            if p is not None:
                self._update_between(p.qstart, p.qend)

    def selected_mention_id(self) -> int | None:
        return self._layer.selected

    def scroll_to_span(self, start: int, end: int) -> None:
        """Scroll so that code-point span [start, end) is on screen (if it is not)."""
        to_qt = self.offsets.to_qt
        self._ensure_visible(to_qt(self._clamp(start)), to_qt(self._clamp(end)))

    def flash_span(self, start: int, end: int) -> None:
        """Scroll to a code-point span and highlight it briefly."""
        start, end = self._clamp(start), self._clamp(end)
        self.scroll_to_span(start, end)
        self._layer.flash = (self.offsets.to_qt(start), self.offsets.to_qt(end))
        self._layer.flash_strength = 1.0
        self._flash.stop()
        self._flash.start()
        self.text_edit.viewport().update()

    def tooltip_text(self, cp: int) -> str:
        """Rich text describing every mention covering code point ``cp`` (innermost
        first), or "" when there is none."""
        parts = []
        for p in self._layer.mentions_at(cp):
            parts.append(self._describe(p))
        if self._layer.overlay is not None:
            q = self.offsets.to_qt(cp)
            for o in self._layer.overlay_at(q):
                chip = (
                    f"<span style='background:{o.colour.name()}; color:{o.colour.name()}'>"
                    "&#9632;&#9632;</span>"
                )
                parts.append(f"{chip} {html.escape(o.label)}")
        return "<hr>".join(parts)

    # -- the tagging selection -------------------------------------------------------
    def selection_span(self) -> tuple[int, int] | None:
        """The span to tag, in code points: the selection snapped to whole words (or
        exactly as set by ``set_selection_span`` or the adjusting keys); None when
        nothing taggable is selected."""
        if self.article is None:
            return None
        cur = self.text_edit.textCursor()
        if not cur.hasSelection():
            return None
        qa, qb = cur.selectionStart(), cur.selectionEnd()
        if self._exact is not None and self._exact_qt == (qa, qb):
            return self._exact
        from_qt = self.offsets.from_qt
        return snap_span(self.article.text, from_qt(qa), from_qt(qb))

    def set_selection_span(self, start: int, end: int) -> None:
        """Select code-point span [start, end) exactly (no snapping)."""
        start, end = sorted((self._clamp(start), self._clamp(end)))
        if start == end:
            cur = self.text_edit.textCursor()
            cur.clearSelection()
            self._exact = self._exact_qt = None
            self.text_edit.setTextCursor(cur)
            return
        self._select((start, end), anchor_at_start=True)

    @classmethod
    def shortcut_rows(cls) -> list[tuple[str, str]]:
        """``SHORTCUTS`` as shown to the user: native key text, translated description."""
        return [
            (
                QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText),
                QCoreApplication.translate("ArticleView", what),
            )
            for keys, what in cls.SHORTCUTS
        ]

    # -- context menu ------------------------------------------------------------------
    def context_menu(self, pos: QPoint | QPointF) -> QMenu:
        """The menu for a right-click at viewport point ``pos`` (the caller shows it)."""
        menu = QMenu(self)
        tagset = self._tagset
        read_only = self._layer.read_only
        span = self.selection_span()
        if tagset is not None and not read_only:
            tag_menu = menu.addMenu(self.tr("Tag as"))
            tag_menu.setObjectName("tagAsMenu")
            for mt in tagset.mention_types:
                act = tag_menu.addAction(self._swatch(mt.colour), self._type_text(mt))
                act.setObjectName(f"tagAs_{mt.name}")
                act.setData(mt.name)
                act.setShortcut(QKeySequence(mt.shortcut))
                act.setShortcutVisibleInContextMenu(True)
                act.triggered.connect(lambda _c=False, n=mt.name: self.tag_requested.emit(n))
            tag_menu.setEnabled(span is not None)
        target = self._menu_target(QPointF(pos))
        if target is not None:
            menu.addSeparator()
            if tagset is not None and not read_only:
                retype = menu.addMenu(self.tr("Retype as"))
                retype.setObjectName("retypeAsMenu")
                for mt in tagset.mention_types:
                    text = self._type_text(mt)
                    if mt.name == target.row.type:
                        text = self.tr("{type} (current)").format(type=text)
                    act = retype.addAction(self._swatch(mt.colour), text)
                    act.setObjectName(f"retypeAs_{mt.name}")
                    act.setData(mt.name)
                    act.setCheckable(True)
                    act.setChecked(mt.name == target.row.type)
                    act.setEnabled(mt.name != target.row.type)
                    act.triggered.connect(
                        lambda _c=False, i=target.id, n=mt.name: self.retype_requested.emit(i, n)
                    )
                delete = menu.addAction(self.tr("Delete mention"))
                delete.setObjectName("deleteMention")
                delete.triggered.connect(
                    lambda _c=False, i=target.id: self.delete_requested.emit(i)
                )
            choose = menu.addAction(self.tr("Select mention"))
            choose.setObjectName("selectMention")
            choose.triggered.connect(lambda _c=False, i=target.id: self._choose_mention(i))
        menu.addSeparator()
        copy = menu.addAction(self.tr("Copy"))
        copy.setObjectName("copyText")
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        copy.setShortcutVisibleInContextMenu(True)
        copy.setEnabled(self.text_edit.textCursor().hasSelection())
        copy.triggered.connect(self.text_edit.copy)
        return menu

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

    # -- slots and event handlers ----------------------------------------------------------
    def _on_selection_changed(self) -> None:
        span = self.selection_span()
        if span != self._last_span:
            self._last_span = span
            self.span_selection_changed.emit(span)

    def _on_text_key(self, event: QKeyEvent) -> bool:
        move = _ADJUST_BY_KEY.get(_key_of(event))
        if move is None or self.article is None:
            return False
        edge, unit, forward = move
        span = self.selection_span()
        if span is None:
            caret = self.offsets.from_qt(self.text_edit.textCursor().position())
            span = (caret, caret)
        moved = adjust_span(self.article.text, span, edge, unit, forward)
        if moved is not None:
            self._select(moved, anchor_at_start=edge == "end")
        return True

    def _on_text_clicked(self, pos: QPointF) -> None:
        hit = self.text_edit.hit(pos)
        if hit is None:
            return
        q, row = hit
        here = self._layer.mentions_at(self.offsets.from_qt(q))
        if not here:
            return
        ids = [p.id for p in here]
        chosen: PlacedMention | None = None
        if row is not None:
            rows = self.text_edit.underline_metrics().rows
            on_row = [p for p in here if min(p.track, rows - 1) == row]
            if len(on_row) == 1:
                chosen = on_row[0]
        if chosen is None:
            selected = self._layer.selected
            if ids == self._last_click_ids and selected in ids:
                chosen = here[(ids.index(selected) + 1) % len(here)]
            else:
                chosen = here[0]
        self._last_click_ids = ids
        self._choose_mention(chosen.id)

    def _on_text_double_clicked(self, pos: QPointF) -> bool:
        if self.article is None:
            return False
        hit = self.text_edit.hit(pos)
        if hit is None:
            return False
        word = word_at(self.article.text, self.offsets.from_qt(hit[0]))
        if word is None:
            return False
        self._select(word, anchor_at_start=True)
        return True

    def _on_text_tooltip(self, event: QHelpEvent) -> None:
        hit = self.text_edit.hit(QPointF(event.pos()))
        text = self.tooltip_text(self.offsets.from_qt(hit[0])) if hit is not None else ""
        if text:
            QToolTip.showText(event.globalPos(), text, self.text_edit.viewport())
        else:
            QToolTip.hideText()
            event.ignore()

    def _on_context_menu_requested(self, pos: QPointF) -> None:
        # A right-click on a word with nothing selected means that word.
        if self.article is None or self.text_edit.textCursor().hasSelection():
            return
        hit = self.text_edit.hit(pos)
        word = word_at(self.article.text, self.offsets.from_qt(hit[0])) if hit else None
        if word is not None:
            self._select(word, anchor_at_start=True)

    def _on_flash_value_changed(self, value: object) -> None:
        self._layer.flash_strength = float(value)  # type: ignore[arg-type]
        self.text_edit.viewport().update()

    def _on_flash_finished(self) -> None:
        self._layer.flash = None
        self.text_edit.viewport().update()

    def _snap_visible_selection(self) -> None:
        """After a mouse selection: show the snapped span as the selection."""
        span = self.selection_span()
        if span is None:
            return
        cur = self.text_edit.textCursor()
        to_qt = self.offsets.to_qt
        if (cur.selectionStart(), cur.selectionEnd()) != (to_qt(span[0]), to_qt(span[1])):
            self._select(span, anchor_at_start=cur.anchor() <= cur.position())

    # -- internals -------------------------------------------------------------------
    def _clamp(self, cp: int) -> int:
        return max(0, min(cp, self.offsets.length))

    def _select(self, span: tuple[int, int], *, anchor_at_start: bool) -> None:
        """Select code-point ``span`` exactly; the caret goes to the moved edge."""
        to_qt = self.offsets.to_qt
        qa, qb = to_qt(span[0]), to_qt(span[1])
        self._exact, self._exact_qt = span, (qa, qb)
        cur = self.text_edit.textCursor()
        cur.setPosition(qa if anchor_at_start else qb)
        cur.setPosition(qb if anchor_at_start else qa, QTextCursor.MoveMode.KeepAnchor)
        self.text_edit.setTextCursor(cur)
        self._on_selection_changed()

    def _choose_mention(self, mention_id: int) -> None:
        self.select_mention(mention_id)
        self.mention_clicked.emit(mention_id)

    def _menu_target(self, pos: QPointF) -> PlacedMention | None:
        hit = self.text_edit.hit(pos)
        if hit is None:
            return None
        here = self._layer.mentions_at(self.offsets.from_qt(hit[0]))
        selected = self._layer.mention(self._layer.selected)
        if selected is not None and selected in here:
            return selected
        return here[0] if here else None

    def _update_between(self, qa: int, qb: int) -> None:
        """Repaint the on-screen paragraphs holding Qt range [qa, qb) (with their
        underlines and outlines)."""
        edit = self.text_edit
        viewport = edit.viewport()
        area: QRectF | None = None
        for block, geo in edit.visible_blocks():
            bp = block.position()
            if bp >= qb:
                break
            if bp + block.length() <= qa:
                continue
            area = geo if area is None else area.united(geo)
        if area is not None:
            # Full width: outlines reach a little into the margins.
            viewport.update(0, int(area.top()) - 3, viewport.width(), int(area.height()) + 6)

    def _ensure_visible(self, qa: int, qb: int) -> None:
        """Scroll (without touching the text cursor) so that [qa, qb) starts on screen,
        about a third down the page when it was off screen."""
        edit = self.text_edit
        height = edit.viewport().height()
        frags = self._layer.fragments(edit.visible_blocks(), qa, max(qb, qa + 1))
        if frags and frags[0].top >= 0 and frags[0].bottom <= height:
            return
        doc = edit.document()
        block = doc.findBlock(qa)
        if not block.isValid():
            return
        edit.blockBoundingRect(block)  # lays the block out
        line = block.layout().lineForTextPosition(qa - block.position())
        if not line.isValid():
            return
        # Walk back a third of the page from the target line, as QPlainTextEdit's own
        # ensureVisible does, and make the line found there the top line.
        remaining = height / 3
        y = line.y()
        while True:
            layout = block.layout()
            if y >= remaining:
                top_y = y - remaining
                n = next(
                    (i for i in range(layout.lineCount()) if layout.lineAt(i).y() >= top_y),
                    layout.lineCount() - 1,
                )
                break
            remaining -= y
            prev = block.previous()
            if not prev.isValid():
                n = 0
                break
            block = prev
            y = edit.blockBoundingRect(block).height()
        edit.verticalScrollBar().setValue(block.firstLineNumber() + n)

    def _swatch(self, colour: str) -> QIcon:
        icon = self._swatches.get(colour)
        if icon is None:
            pix = QPixmap(12, 12)
            pix.fill(QColor(colour))
            painter = QPainter(pix)
            painter.setPen(line_colour(QColor(colour)))
            painter.drawRect(0, 0, 11, 11)
            painter.end()
            icon = self._swatches[colour] = QIcon(pix)
        return icon

    def _type_text(self, mt: MentionType) -> str:
        return str(mt.label).replace("&", "&&")

    def _describe(self, p: PlacedMention) -> str:
        tagset = self._tagset
        mt = tagset.mention_type(p.row.type) if tagset is not None else None
        if mt is not None:
            label = mt.label
        else:  # kept from an earlier tagset: grey, and named here
            label = self.tr("{type} (not in this tagset)").format(type=p.row.type)
        chip = (
            f"<span style='background:{p.colour.name()}; color:{p.colour.name()}'>"
            "&#9632;&#9632;</span>"
        )
        quote = p.row.text if len(p.row.text) <= 48 else p.row.text[:47] + "…"
        lines = [f"{chip} <b>{html.escape(label)}</b> “{html.escape(quote)}”"]
        name = self._layer.entity_name(p.row.entity_id)
        if name:
            lines.append(self.tr("Entity: {name}").format(name=html.escape(name)))
        events = self._layer.event_types_triggered(p.id)
        if events and tagset is not None:
            labels = []
            for e in events:
                et = tagset.event_type(e)
                labels.append(et.label if et is not None else e)
            lines.append(
                self.tr("Trigger of: {events}").format(events=html.escape(", ".join(labels)))
            )
        if p.row.annotator:
            lines.append(self.tr("Annotator: {name}").format(name=html.escape(p.row.annotator)))
        n = self._layer.comment_marks.get(p.id, 0)
        if n:
            lines.append(
                self.tr("1 open comment") if n == 1 else self.tr("{n} open comments").format(n=n)
            )
        return "<br>".join(lines)

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
            self.text_edit.setExtraSelections([])
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
        self.text_edit.setExtraSelections(selections)
        if self._hits:
            first = QTextCursor(edit.document())
            first.setPosition(to_qt(self._hits[0][0]))
            edit.setTextCursor(first)
            edit.centerCursor()
