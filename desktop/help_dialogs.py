"""Help menu dialogs: the keyboard shortcuts list (grouped) and About."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import cast

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

ShortcutGroup = tuple[str, Sequence[tuple[str, str]]]


def action_name(action: QAction) -> str:
    """An action's menu text without mnemonics, ellipsis or a shortcut hint."""
    return action.text().split("\t")[0].replace("&", "").rstrip("…").rstrip(".")


# Keys of special keyboards that the platform's standard bindings add ("New", "Undo"):
# true, but noise in a list people read.
_DEVICE_KEYS = {
    Qt.Key.Key_New,
    Qt.Key.Key_Open,
    Qt.Key.Key_Find,
    Qt.Key.Key_Undo,
    Qt.Key.Key_Redo,
    Qt.Key.Key_Save,
    Qt.Key.Key_Close,
    Qt.Key.Key_Copy,
    Qt.Key.Key_Cut,
    Qt.Key.Key_Paste,
    Qt.Key.Key_ZoomIn,
    Qt.Key.Key_ZoomOut,
}


def key_texts(sequences: Iterable[QKeySequence]) -> list[str]:
    """How key sequences read in the shortcuts list (device-only keys left out)."""
    out = []
    for seq in sequences:
        if seq.isEmpty() or (seq.count() == 1 and seq[0].key() in _DEVICE_KEYS):  # type: ignore[index]
            continue
        text = seq.toString(QKeySequence.SequenceFormat.NativeText)
        if text:
            out.append(text)
    return out


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(action, shortcuts) for every action that has a shortcut, in menu order."""
    rows = []
    for action in actions:
        keys = key_texts(action.shortcuts())
        if keys:
            rows.append((action_name(action), ", ".join(keys)))
    return rows


class ShortcutsDialog(QDialog):
    """A read-only table of the window's keyboard shortcuts, under group headings.

    ``groups`` is a list of (heading, [(what, keys)]); a plain list of actions is one
    untitled group.
    """

    def __init__(
        self,
        groups: Iterable[QAction] | Sequence[ShortcutGroup],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        given = list(groups)
        sections: list[ShortcutGroup] = (
            [("", shortcut_rows(a for a in given if isinstance(a, QAction)))]
            if given and isinstance(given[0], QAction)
            else [cast(ShortcutGroup, g) for g in given]
        )
        rows: list[tuple[str, str, bool]] = []
        for title, entries in sections:
            if not entries:
                continue
            if title:
                rows.append((title, "", True))
            rows += [(what, keys, False) for what, keys in entries]
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        table.setShowGrid(False)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setAlternatingRowColors(True)
        bold = QFont(table.font())
        bold.setBold(True)
        self.headings: list[str] = []
        for r, (name, keys, heading) in enumerate(rows):
            first, second = QTableWidgetItem(name), QTableWidgetItem(keys)
            if heading:
                first.setFont(bold)
                self.headings.append(name)
            table.setItem(r, 0, first)
            table.setItem(r, 1, second)
        hh = table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.table = table
        self.resize(640, 680)

    def rows(self) -> list[tuple[str, str]]:
        """Every (action, keys) line shown, headings included (with empty keys)."""
        t = self.table

        def text(r: int, c: int) -> str:
            item = t.item(r, c)
            return item.text() if item is not None else ""

        return [(text(r, 0), text(r, 1)) for r in range(t.rowCount())]


def show_about(parent: QWidget | None) -> None:
    title = QCoreApplication.translate("about", "About Armscribe")
    text = QCoreApplication.translate(
        "about",
        "<h3>Armscribe</h3><p>Read news about arms transfers, annotate who sends what "
        "to whom, and watch the relation graph grow.</p>",
    )
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(text)
    version = QCoreApplication.applicationVersion()
    if version:
        label = QCoreApplication.translate("about", "Version {0}").format(version)
        box.setInformativeText(html.escape(label))
    box.setIcon(QMessageBox.Icon.Information)
    box.open()
