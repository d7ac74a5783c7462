"""The review dock: the differences of two layers of the shown article in text order,
their status, one key per decision, and the comment thread of the selected one."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.review.session import ReviewItem
from desktop.review.comments_view import CommentThread

COLOUR_A = QColor("#2563eb")  # layer A's underline and name
COLOUR_B = QColor("#ea580c")  # layer B's
KEY_ROLE = Qt.ItemDataRole.UserRole + 1

KIND_COLOURS = {
    "agreed": "#e5e7eb",
    "only_a": "#bfdbfe",
    "only_b": "#fed7aa",
    "different_type": "#e9d5ff",
    "different_boundary": "#99f6e4",
    "different_entity": "#fef08a",
    "different_argument": "#fbcfe8",
    "different_attribute": "#c7d2fe",
}
_KIND_LABELS: dict[str, object] = {
    "agreed": QT_TRANSLATE_NOOP("review", "agreed"),
    "only_a": QT_TRANSLATE_NOOP("review", "only A"),
    "only_b": QT_TRANSLATE_NOOP("review", "only B"),
    "different_type": QT_TRANSLATE_NOOP("review", "type"),
    "different_boundary": QT_TRANSLATE_NOOP("review", "boundary"),
    "different_entity": QT_TRANSLATE_NOOP("review", "entity"),
    "different_argument": QT_TRANSLATE_NOOP("review", "argument"),
    "different_attribute": QT_TRANSLATE_NOOP("review", "attribute"),
}
_STATUS_LABELS: dict[str, object] = {
    "pending": QT_TRANSLATE_NOOP("review", "pending"),
    "accepted_a": QT_TRANSLATE_NOOP("review", "accepted {a}"),
    "accepted_b": QT_TRANSLATE_NOOP("review", "accepted {b}"),
    "accepted_both": QT_TRANSLATE_NOOP("review", "accepted both"),
    "accepted": QT_TRANSLATE_NOOP("review", "accepted"),
    "rejected": QT_TRANSLATE_NOOP("review", "rejected"),
    "edited": QT_TRANSLATE_NOOP("review", "edited"),
}
STATUS_COLOURS = {
    "pending": "#6b7280",
    "accepted_a": "#1d4ed8",
    "accepted_b": "#c2410c",
    "accepted_both": "#15803d",
    "accepted": "#15803d",
    "rejected": "#b91c1c",
    "edited": "#7e22ce",
}
# Keys of the difference list (when it has focus): key -> action name.
LIST_KEYS: dict[tuple[int, bool], str] = {
    (Qt.Key.Key_A, False): "accept_a",
    (Qt.Key.Key_B, False): "accept_b",
    (Qt.Key.Key_R, False): "reject",
    (Qt.Key.Key_E, False): "edit",
    (Qt.Key.Key_A, True): "accept_agreed",
    (Qt.Key.Key_C, False): "comment",
    (Qt.Key.Key_J, False): "next",
    (Qt.Key.Key_K, False): "previous",
}


def kind_label(kind: str) -> str:
    label = _KIND_LABELS.get(kind)
    return QCoreApplication.translate("review", str(label)) if label else kind


def status_text(status: str, a_name: str, b_name: str) -> str:
    label = _STATUS_LABELS.get(status)
    if label is None:
        return status
    return QCoreApplication.translate("review", str(label)).format(a=a_name, b=b_name)


class DifferenceList(QTreeWidget):
    """The differences, one row each; takes its decision keys before the window's
    shortcuts (J/K would otherwise change the article)."""

    key_action = Signal(str)

    def _action_of(self, event: QKeyEvent) -> str | None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods & ~Qt.KeyboardModifier.ShiftModifier:
            return None
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        return LIST_KEYS.get((event.key(), shift))

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._action_of(event) is not None
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        action = self._action_of(event)
        if action is not None:
            event.accept()
            self.key_action.emit(action)
            return
        super().keyPressEvent(event)


class ReviewPanel(QWidget):
    """What the reviewer sees in the review dock."""

    action_requested = Signal(str)
    """A decision or a move: accept_a, accept_b, accept_both, reject, edit,
    accept_agreed, comment, next, previous."""
    current_did_change = Signal(object)
    """The selected difference's key (None: none)."""
    pair_chosen = Signal(int, int)
    """Another pair of the compared annotators: (A's id, B's id)."""
    status_requested = Signal(str)
    """"reviewed" or "curated", offered once everything is decided."""
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self._items: list[ReviewItem] = []
        self._names = ("A", "B")
        self._filling = False

        self.pair_label = QLabel(self)
        self.pair_label.setObjectName("reviewPair")
        self.pair_label.setTextFormat(Qt.TextFormat.RichText)
        self.a_combo = QComboBox(self)
        self.a_combo.setObjectName("reviewPairA")
        self.b_combo = QComboBox(self)
        self.b_combo.setObjectName("reviewPairB")
        for c in (self.a_combo, self.b_combo):
            c.activated.connect(self._on_pair_activated)
        self.close_button = QPushButton(self.tr("Leave Review"), self)
        self.close_button.setObjectName("reviewLeave")
        self.close_button.clicked.connect(self.close_requested)
        pair_row = QHBoxLayout()
        pair_row.setContentsMargins(0, 0, 0, 0)
        pair_row.addWidget(self.pair_label, 1)
        pair_row.addWidget(self.a_combo)
        pair_row.addWidget(self.b_combo)
        pair_row.addWidget(self.close_button)

        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("reviewProgress")
        self.progress_label.setStyleSheet("color: #4b5563;")
        self.show_agreed = QCheckBox(self.tr("Show agreed"), self)
        self.show_agreed.setObjectName("reviewShowAgreed")
        self.show_agreed.setChecked(True)
        self.show_agreed.toggled.connect(lambda _on: self._fill())
        progress_row = QHBoxLayout()
        progress_row.setContentsMargins(0, 0, 0, 0)
        progress_row.addWidget(self.progress_label, 1)
        progress_row.addWidget(self.show_agreed)

        self.list = DifferenceList(self)
        self.list.setObjectName("reviewDifferences")
        self.list.setColumnCount(4)
        self.list.setHeaderLabels([self.tr("Kind"), "A", "B", self.tr("Status")])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        hh = self.list.header()
        hh.setStretchLastSection(False)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.list.currentItemChanged.connect(self._on_current_item_changed)
        self.list.key_action.connect(self.action_requested)

        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(3)
        specs = [
            ("accept_a", self.tr("Accept A"), "A"),
            ("accept_b", self.tr("Accept B"), "B"),
            ("accept_both", self.tr("Both"), ""),
            ("reject", self.tr("Reject"), "R"),
            ("edit", self.tr("Edit"), "E"),
            ("accept_agreed", self.tr("All Agreed"), "Shift+A"),
            ("comment", self.tr("Comment"), "C"),
        ]
        for i, (name, text, key) in enumerate(specs):
            b = QPushButton(f"{text} ({key})" if key else text, self)
            b.setObjectName(f"review_{name}")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(lambda _c=False, n=name: self.action_requested.emit(n))
            grid.addWidget(b, i // 4, i % 4)
            self.buttons[name] = b
        self.buttons["edit"].setToolTip(
            self.tr(
                "Fix it by hand in the curated layer (key E): the usual tagging keys work "
                "there; Esc or “Back to Review” returns"
            )
        )

        self.done_box = QFrame(self)
        self.done_box.setObjectName("reviewDone")
        self.done_box.setStyleSheet(
            "#reviewDone { background: #dcfce7; border-radius: 4px; } QLabel { color: #166534; }"
        )
        done_label = QLabel(self.tr("Every difference is decided."), self.done_box)
        self.reviewed_button = QPushButton(self.tr("Mark as Reviewed"), self.done_box)
        self.reviewed_button.setObjectName("reviewMarkReviewed")
        self.reviewed_button.clicked.connect(lambda: self.status_requested.emit("reviewed"))
        self.curated_button = QPushButton(self.tr("Mark as Curated"), self.done_box)
        self.curated_button.setObjectName("reviewMarkCurated")
        self.curated_button.clicked.connect(lambda: self.status_requested.emit("curated"))
        done_row = QHBoxLayout(self.done_box)
        done_row.setContentsMargins(8, 4, 4, 4)
        done_row.addWidget(done_label, 1)
        done_row.addWidget(self.reviewed_button)
        done_row.addWidget(self.curated_button)
        self.done_box.hide()

        self.comments = CommentThread(self)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(4)
        top_layout.addLayout(pair_row)
        top_layout.addLayout(progress_row)
        top_layout.addWidget(self.list, 1)
        top_layout.addLayout(grid)
        top_layout.addWidget(self.done_box)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.comments)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.splitter)

    # -- content -----------------------------------------------------------------------
    def set_pair(
        self, names: tuple[str, str], choices: Sequence[tuple[int, str]], pair: tuple[int, int]
    ) -> None:
        """Name layers A and B; with three or more annotators offer a pair chooser."""
        self._names = names
        a, b = (n.replace("&", "&amp;").replace("<", "&lt;") for n in names)
        self.pair_label.setText(
            f"<span style='color:{COLOUR_A.name()}'>&#9644;</span> A: <b>{a}</b> &nbsp; "
            f"<span style='color:{COLOUR_B.name()}'>&#9644;</span> B: <b>{b}</b>"
        )
        many = len(choices) > 2
        for combo, current in ((self.a_combo, pair[0]), (self.b_combo, pair[1])):
            blocked = combo.blockSignals(True)
            try:
                combo.clear()
                for aid, name in choices:
                    combo.addItem(name, aid)
                combo.setCurrentIndex(max(combo.findData(current), 0))
            finally:
                combo.blockSignals(blocked)
            combo.setVisible(many)
        self.list.setHeaderLabels([self.tr("Kind"), names[0], names[1], self.tr("Status")])
        for name, who, key in (("accept_a", names[0], "A"), ("accept_b", names[1], "B")):
            self.buttons[name].setToolTip(
                self.tr("Keep {name}'s version (key {key})").format(name=who, key=key)
            )

    def set_items(self, items: Sequence[ReviewItem], describe: dict[str, tuple[str, str]]) -> None:
        """Show ``items`` (text order); ``describe`` maps a key to its A and B texts.
        The selection stays on the same key when it is still listed."""
        self._items = list(items)
        self._describe = describe
        self._fill()

    def _fill(self) -> None:
        keep = self.current_key()
        self._filling = True
        try:
            self.list.clear()
            show_agreed = self.show_agreed.isChecked()
            for it in self._items:
                d = it.difference
                if d.kind == "agreed" and not show_agreed and it.status == "pending":
                    continue
                a_text, b_text = self._describe.get(it.key, ("", ""))
                row = QTreeWidgetItem(
                    [
                        kind_label(d.kind),
                        a_text,
                        b_text,
                        status_text(it.status, *self._names),
                    ]
                )
                row.setData(0, KEY_ROLE, it.key)
                row.setBackground(0, QBrush(QColor(KIND_COLOURS.get(d.kind, "#f3f4f6"))))
                row.setForeground(3, QBrush(QColor(STATUS_COLOURS.get(it.status, "#374151"))))
                row.setToolTip(1, a_text)
                row.setToolTip(2, b_text)
                if d.kind == "agreed":
                    grey = QBrush(QColor("#6b7280"))
                    row.setForeground(1, grey)
                    row.setForeground(2, grey)
                self.list.addTopLevelItem(row)
        finally:
            self._filling = False
        decided = sum(1 for it in self._items if it.status != "pending")
        differing = sum(1 for it in self._items if it.difference.kind != "agreed")
        self.progress_label.setText(
            self.tr("{decided} of {n} decided · {diff} differences").format(
                decided=decided, n=len(self._items), diff=differing
            )
        )
        self.done_box.setVisible(bool(self._items) and decided == len(self._items))
        if not self.select_key(keep) and self.list.topLevelItemCount():
            self.list.setCurrentItem(self.row_item(0))
        self._update_buttons()

    def items(self) -> list[ReviewItem]:
        return list(self._items)

    def current_key(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(0, KEY_ROLE)) if item is not None else None

    def current_item(self) -> ReviewItem | None:
        key = self.current_key()
        return next((it for it in self._items if it.key == key), None)

    def select_key(self, key: str | None) -> bool:
        """Make the row of ``key`` current; False when it is not listed."""
        if key is None:
            return False
        for i in range(self.list.topLevelItemCount()):
            item = self.row_item(i)
            if item.data(0, KEY_ROLE) == key:
                self.list.setCurrentItem(item)
                self.list.scrollToItem(item)
                return True
        return False

    def row_item(self, i: int) -> QTreeWidgetItem:
        item = self.list.topLevelItem(i)
        assert item is not None
        return item

    def move_by(self, step: int) -> bool:
        """The next (``step`` 1) or previous (-1) row; False at either end."""
        cur = self.list.currentItem()
        i = self.list.indexOfTopLevelItem(cur) if cur is not None else -1
        j = i + step
        if not 0 <= j < self.list.topLevelItemCount():
            return False
        self.list.setCurrentItem(self.row_item(j))
        return True

    def next_pending(self, after: str | None) -> bool:
        """Select the first undecided row after ``after`` (wrapping); False: none."""
        keys = [
            str(self.row_item(i).data(0, KEY_ROLE)) for i in range(self.list.topLevelItemCount())
        ]
        pending = {it.key for it in self._items if it.status == "pending"}
        start = keys.index(after) + 1 if after in keys else 0
        for k in keys[start:] + keys[:start]:
            if k in pending:
                return self.select_key(k)
        return False

    def focus_list(self) -> None:
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- internals ---------------------------------------------------------------------
    def _update_buttons(self) -> None:
        it = self.current_item()
        allowed = set(it.allowed) if it is not None else set()
        for name in ("accept_a", "accept_b", "accept_both", "reject", "edit"):
            self.buttons[name].setEnabled(name in allowed)
        self.buttons["accept_agreed"].setEnabled(
            any(i.difference.kind == "agreed" and i.status == "pending" for i in self._items)
        )
        self.buttons["comment"].setEnabled(it is not None)

    def _on_current_item_changed(self, *_args: object) -> None:
        if self._filling:
            return
        self._update_buttons()
        self.current_did_change.emit(self.current_key())

    def _on_pair_activated(self, _index: int) -> None:
        a, b = self.a_combo.currentData(), self.b_combo.currentData()
        if a is not None and b is not None and a != b:
            self.pair_chosen.emit(int(a), int(b))
