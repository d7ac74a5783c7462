"""This article's events, one summary line each, incomplete ones marked."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QIcon,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSizePolicy, QWidget

from db.annotations import ArticleAnnotations
from desktop.edit_runner import EditRunner

MAX_ROWS = 8
ROW_ID = Qt.ItemDataRole.UserRole
ROW_COMPLETE = Qt.ItemDataRole.UserRole + 1


def _dot(colour: str, size: int = 10) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(colour))
    p.drawEllipse(1, 1, size - 2, size - 2)
    p.end()
    return QIcon(pix)


class EventList(QListWidget):
    """Select an event to open it; Del deletes it."""

    event_chosen = Signal(int)
    """The user picked an event (its id)."""

    def __init__(self, runner: EditRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventList")
        self._runner = runner
        self._filling = False
        self._current_at_press: int | None = None
        self._complete_icon = _dot("#16a34a")
        self._incomplete_icon = _dot("#dc2626")
        self.setIconSize(QSize(10, 10))
        self.setUniformItemSizes(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Lines are elided, never scrolled sideways: a scrollbar would cover the row.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.currentItemChanged.connect(self._on_current_changed)
        self.itemClicked.connect(self._on_clicked)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_current)

    def _fit_height(self) -> None:
        # As tall as its lines (up to MAX_ROWS), so that the editor below stays close.
        rows = min(max(self.count(), 1), MAX_ROWS)
        row = self.sizeHintForRow(0) if self.count() else self.fontMetrics().height() + 4
        self.setFixedHeight(rows * row + 2 * self.frameWidth() + 2)

    def show_events(self, ann: ArticleAnnotations | None, current: int | None = None) -> None:
        """List ``ann``'s events (selecting ``current`` without reporting it)."""
        tagging = self._runner.tagging
        self._filling = True
        try:
            self.clear()
            if ann is None or tagging is None:
                return
            for ev in ann.events:
                problems = tagging.event_problems(ev.id, ann)
                summary = tagging.event_summary(ev.id, ann)
                item = QListWidgetItem(summary, self)
                item.setData(ROW_ID, ev.id)
                item.setData(ROW_COMPLETE, not problems)
                item.setIcon(self._incomplete_icon if problems else self._complete_icon)
                item.setToolTip(
                    summary + ("\n" + "\n".join(p.message for p in problems) if problems else "")
                )
                if ev.id == current:
                    self.setCurrentItem(item)
        finally:
            self._filling = False
            self._fit_height()
            self.setVisible(self.count() > 0)

    def rows(self) -> list[tuple[int, str, bool]]:
        """(event id, summary, complete) per line, top to bottom."""
        out = []
        for i in range(self.count()):
            item = self.item(i)
            out.append((item.data(ROW_ID), item.text(), bool(item.data(ROW_COMPLETE))))
        return out

    def select_event(self, event_id: int | None) -> None:
        """Highlight an event's line without reporting it as the user's choice."""
        self._filling = True
        try:
            for i in range(self.count()):
                if self.item(i).data(ROW_ID) == event_id:
                    self.setCurrentRow(i)
                    return
            self.setCurrentRow(-1)
        finally:
            self._filling = False

    def delete_current(self) -> None:
        item = self.currentItem()
        if item is None:
            return
        eid = int(item.data(ROW_ID))
        self._runner.run(lambda t: t.delete_event(eid))

    def _on_current_changed(self, current: QListWidgetItem | None, _prev: object) -> None:
        if current is not None and not self._filling:
            self.event_chosen.emit(int(current.data(ROW_ID)))

    def _on_clicked(self, item: QListWidgetItem) -> None:
        # A click on the line already current opens it again (and flashes its trigger).
        if not self._filling and item.data(ROW_ID) == self._current_at_press:
            self.event_chosen.emit(int(item.data(ROW_ID)))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        item = self.currentItem()
        self._current_at_press = item.data(ROW_ID) if item is not None else None
        super().mousePressEvent(event)
