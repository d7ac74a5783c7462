"""Line and paragraph spacing for QPlainTextEdit, whose own layout has neither.

QPlainTextDocumentLayout ignores QTextBlockFormat's line height and margins. Every
view-side consumer of block geometry (painting, hit testing, cursor rectangles,
scrolling) asks the virtual ``blockBoundingRect`` first and then reads the lines of
the block's QTextLayout, so re-spacing the lines there keeps them all consistent.

Qt calls ``blockBoundingRect`` often (QPlainTextEdit sums block heights from the top
visible block to place a selection), so each block's rectangle is computed once and
cached until the layout announces a change (``update``: text, width or font changed).
Nothing is cached while the base class handles a ``documentChanged``: for a format
change inside one paragraph (highlighting) it asks for the old rectangle, lays the
block out again (lines back at y == 0) and asks again; a cached answer to the second
question left the paragraph without its spacing.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF, QTextBlock, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout


class SpacedPlainTextLayout(QPlainTextDocumentLayout):
    """A plain-text layout with extra line spacing and a gap between paragraphs."""

    def __init__(
        self, document: QTextDocument, *, line_factor: float = 1.45, paragraph_em: float = 0.6
    ) -> None:
        super().__init__(document)
        self.line_factor = line_factor
        self.paragraph_em = paragraph_em
        self._rects: dict[int, QRectF] = {}
        self._spacing: tuple[float, float] | None = None
        self._changing = False
        # Emitted on every relayout (text, width, font): the cached geometry is stale.
        self.update.connect(self._on_update)

    def _on_update(self, *_args: object) -> None:
        self._rects.clear()
        self._spacing = None

    def documentChanged(self, position: int, removed: int, added: int) -> None:  # noqa: N802
        # Before the base class lays changed blocks out and tells the view.
        self._on_update()
        self._changing = True
        try:
            super().documentChanged(position, removed, added)
        finally:
            self._changing = False
            self._rects.clear()

    def _extra(self) -> tuple[float, float]:
        if self._spacing is None:
            height = QFontMetricsF(self.document().defaultFont()).height()
            line_extra = max(float(round(height * (self.line_factor - 1.0))), 2.0)
            self._spacing = (line_extra, float(round(height * self.paragraph_em)))
        return self._spacing

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:  # noqa: N802 - Qt override
        number = block.blockNumber()
        cached = self._rects.get(number) if not self._changing else None
        if cached is not None:
            return cached
        br = super().blockBoundingRect(block)  # lays the block out when needed
        tl = block.layout()
        n = tl.lineCount() if tl is not None else 0
        if n == 0 or not block.isVisible():
            return br
        line_extra, gap = self._extra()
        top = line_extra / 2
        # A freshly laid-out block starts at y == 0; ours start at ``top`` > 0.
        if tl.lineAt(0).y() != top:
            y = top
            for i in range(n):
                line = tl.lineAt(i)
                line.setPosition(QPointF(line.x(), y))
                y += line.height() + line_extra
        last = tl.lineAt(n - 1)
        height = last.y() + last.height() + line_extra / 2 + gap
        if not block.next().isValid():
            height += self.document().documentMargin()
        rect = QRectF(0.0, 0.0, br.width(), height)
        if not self._changing:
            self._rects[number] = rect
        return rect
