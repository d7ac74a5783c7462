"""A comment thread: the comments on one annotation (or review difference), a box to
add one (several lines), and resolve / reopen. Comments are keyed by the annotation's
uuid, so every analyst sees them beside that annotation."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.changes import Changes
from db.errors import ArmscribeError
from db.review import comments as comments_api
from db.review.comments import CommentRow
from db.workspace import Workspace

COMMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class CommentThread(QWidget):
    """The thread on one target uuid of one article."""

    comments_did_change = Signal(object)
    """A comment was added, resolved or reopened; carries ``Changes(comments=True)``."""
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commentThread")
        self._ws: Workspace | None = None
        self._article_id: int | None = None
        self._target: str | None = None
        self._rows: list[CommentRow] = []
        self.title = QLabel(self)
        self.title.setStyleSheet("color: #6b7280; font-size: 8pt; font-weight: 600;")
        self.hint = QLabel(
            self.tr("Select a mention or open an event to read and add its comments."), self
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #6b7280;")
        self.list = QListWidget(self)
        self.list.setObjectName("commentList")
        self.list.setMinimumHeight(80)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("commentEditor")
        self.editor.setPlaceholderText(self.tr("Add a comment (Ctrl+Enter)"))
        self.editor.setTabChangesFocus(True)
        self.editor.setFixedHeight(self.editor.fontMetrics().height() * 3 + 12)
        self.editor.textChanged.connect(self._update_buttons)
        send = QShortcut(QKeySequence("Ctrl+Return"), self.editor)
        send.setContext(Qt.ShortcutContext.WidgetShortcut)
        send.activated.connect(self.add_from_editor)
        self.add_button = QPushButton(self.tr("Add Comment"), self)
        self.add_button.setObjectName("commentAdd")
        self.add_button.clicked.connect(self.add_from_editor)
        self.resolve_button = QPushButton(self.tr("Resolve"), self)
        self.resolve_button.setObjectName("commentResolve")
        self.resolve_button.clicked.connect(self.toggle_resolved)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.resolve_button)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.editor)
        layout.addLayout(buttons)
        self.reload()

    # -- content -----------------------------------------------------------------------
    def set_target(
        self, ws: Workspace | None, article_id: int | None, target_uuid: str | None
    ) -> None:
        """Show the thread on ``target_uuid`` of ``article_id`` (None: nothing to comment).
        The thread shown already is not read again (``reload`` does that)."""
        if (ws, article_id, target_uuid) == (self._ws, self._article_id, self._target):
            return
        self._ws, self._article_id, self._target = ws, article_id, target_uuid
        self.reload()

    def reload(self) -> None:
        """Read the thread again (after ``Changes.comments``)."""
        ws, target = self._ws, self._target
        self._rows = comments_api.thread(ws.store, target) if ws and target else []
        self.list.clear()
        for c in self._rows:
            when = f"{c.created_at:%Y-%m-%d %H:%M}"
            head = f"{c.author} · {when}" + (" · " + self.tr("resolved") if c.resolved else "")
            item = QListWidgetItem(f"{head}\n{c.body}", self.list)
            item.setData(COMMENT_ID_ROLE, c.id)
            if c.resolved:
                item.setForeground(Qt.GlobalColor.gray)
        open_n = sum(1 for c in self._rows if not c.resolved)
        self.title.setText(
            (
                self.tr("Comments ({n} open)").format(n=open_n)
                if self._rows
                else self.tr("Comments")
            ).upper()
        )
        enabled = target is not None
        self.editor.setEnabled(enabled)
        self.list.setEnabled(enabled)
        # Nothing to comment on: a one-line hint instead of an empty thread and editor.
        self.hint.setVisible(not enabled)
        for w in (self.list, self.editor, self.add_button, self.resolve_button):
            w.setVisible(enabled)
        self._update_buttons()

    def comments(self) -> list[CommentRow]:
        """The thread as shown, oldest first."""
        return list(self._rows)

    # -- changes -----------------------------------------------------------------------
    def add_comment(self, body: str) -> CommentRow | None:
        """Add ``body`` to the thread as me; None (and a message) when refused."""
        ws, aid, target = self._ws, self._article_id, self._target
        if ws is None or aid is None or target is None:
            return None
        row = self._guard(
            lambda: comments_api.add_comment(ws.store, ws.annotator_id, aid, body, target)
        )
        if isinstance(row, CommentRow):
            self.reload()
            self.comments_did_change.emit(Changes(comments=True))
            return row
        return None

    def add_from_editor(self) -> None:
        text = self.editor.toPlainText()
        if text.strip() and self.add_comment(text) is not None:
            self.editor.clear()

    def toggle_resolved(self) -> None:
        """Resolve the current comment (or open it again)."""
        i = self.list.currentRow()
        if self._ws is None or not 0 <= i < len(self._rows):
            return
        c = self._rows[i]
        ws = self._ws
        if self._guard(lambda: comments_api.resolve(ws.store, c.id, not c.resolved)) is not None:
            self.reload()
            self.comments_did_change.emit(Changes(comments=True))

    def focus_editor(self) -> None:
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _guard(self, fn: Callable[[], object]) -> object | None:
        try:
            return fn()
        except ArmscribeError as exc:
            self.message.emit(str(exc))
            return None

    def _update_buttons(self) -> None:
        i = self.list.currentRow()
        has = 0 <= i < len(self._rows)
        self.resolve_button.setEnabled(has)
        self.resolve_button.setText(
            self.tr("Reopen") if has and self._rows[i].resolved else self.tr("Resolve")
        )
        self.add_button.setEnabled(
            self._target is not None and bool(self.editor.toPlainText().strip())
        )
