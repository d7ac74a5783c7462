"""A compact legend of the tagset's mention types: colour chip, label, shortcut key.

The chips flow onto as many rows as the width needs, so the legend fits a narrow dock
as well as a wide toolbar. The chips look like the article's highlights (the trigger's
bold, dotted box included), so the legend also explains the drawing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMargins, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget, QWidgetItem

from desktop.annotation_layer import TRIGGER_BOX_COLOUR, TRIGGER_TYPE, line_colour

# ``db.annotations`` (ArticleAnnotations, MentionRow) and ``db.tagset`` (Tagset,
# MentionType) hold plain dataclasses but are not on the door test's list of importable
# modules, so they are typed loosely here.
MentionType = Any
Tagset = Any


class FlowLayout(QLayout):
    """Lays its items out left to right, wrapping onto new rows (height for width)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, row_height = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x = area.x()
                y += row_height + self._spacing
                row_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y() + m.bottom()


class TypeChip(QWidget):
    """One mention type: a sample of its highlight, its label and its key."""

    clicked = Signal(str)

    def __init__(self, mention_type: MentionType, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mention_type = mention_type
        self.setObjectName(f"legendChip_{mention_type.name}")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        tip = mention_type.label
        if mention_type.description:
            tip += "\n" + mention_type.description
        self.setToolTip(
            self.tr("{label} (key {key})").format(label=tip, key=mention_type.shortcut)
            if "\n" not in tip
            else tip + "\n" + self.tr("Key: {key}").format(key=mention_type.shortcut)
        )
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def _label_font(self) -> QFont:
        font = QFont(self.font())
        if self.mention_type.name == TRIGGER_TYPE:
            font.setBold(True)
        return font

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        fm = QFontMetricsF(self._label_font())
        key_fm = QFontMetricsF(self._key_font())
        pad = fm.height() * 0.35
        key_w = key_fm.horizontalAdvance(self.mention_type.shortcut) + pad * 1.6
        w = pad + fm.horizontalAdvance(self.mention_type.label) + pad + key_w + 2
        return QSize(int(w + 1), int(fm.height() + pad * 1.2 + 4))

    def _key_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
        return font

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        mt = self.mention_type
        colour = QColor(mt.colour)
        fm = QFontMetricsF(self._label_font())
        pad = fm.height() * 0.35
        h = self.height()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        label_w = fm.horizontalAdvance(mt.label) + 2 * pad
        box = QRectF(0.5, 0.5, label_w, h - 4)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawRoundedRect(box, 3, 3)
        # The underline the article draws under this type's mentions.
        p.fillRect(QRectF(box.left() + 1, h - 3, box.width() - 2, 2), line_colour(colour))
        if mt.name == TRIGGER_TYPE:
            p.setPen(QPen(TRIGGER_BOX_COLOUR, 1, Qt.PenStyle.DotLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(box.adjusted(0, 0, -1, -1))
        p.setFont(self._label_font())
        p.setPen(QColor("#111827"))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, mt.label)
        # The key, as a small key cap.
        p.setFont(self._key_font())
        kfm = QFontMetricsF(self._key_font())
        key_w = kfm.horizontalAdvance(mt.shortcut) + pad * 1.6
        key_h = kfm.height() + 2
        cap = QRectF(box.right() + pad * 0.8, (h - 4 - key_h) / 2 + 0.5, key_w, key_h)
        p.setPen(QPen(QColor("#9ca3af"), 1))
        p.setBrush(QColor("#f9fafb"))
        p.drawRoundedRect(cap, 3, 3)
        p.setPen(QColor("#374151"))
        p.drawText(cap, Qt.AlignmentFlag.AlignCenter, mt.shortcut)
        p.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit(self.mention_type.name)
        super().mouseReleaseEvent(event)


class TypeLegend(QWidget):
    """Every mention type of a tagset as a chip; clicking one emits ``type_clicked``."""

    type_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("typeLegend")
        self._flow = FlowLayout(self, spacing=6)
        self._flow.setContentsMargins(QMargins(6, 4, 6, 4))
        self._chips: list[TypeChip] = []
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_tagset(self, tagset: Tagset | None) -> None:
        """Show ``tagset``'s mention types (None: nothing)."""
        for chip in self._chips:
            self._flow.removeWidget(chip)
            chip.deleteLater()
        self._chips = []
        for mt in tagset.mention_types if tagset is not None else ():
            chip = TypeChip(mt, self)
            chip.clicked.connect(self.type_clicked)
            self._flow.addItem(QWidgetItem(chip))
            chip.show()
            self._chips.append(chip)
        self._flow.invalidate()
        self.updateGeometry()

    def chips(self) -> list[TypeChip]:
        return list(self._chips)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._flow.heightForWidth(width)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        w = max(200, self.width())
        return QSize(w, self.heightForWidth(w))
