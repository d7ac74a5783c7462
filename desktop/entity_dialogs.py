"""Dialogs of the entity panel: a name, a subtype, the entity to merge into, the merge
confirmation. Each is opened window-modal with ``open()`` so that no caller blocks."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

# Letters that NFKD does not split into base letter + accent.
_FOLD = str.maketrans(
    {"ß": "ss", "ẞ": "ss", "ı": "i", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe",
     "Œ": "oe", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "þ": "th", "Þ": "th"}
)  # fmt: skip
ENTITY_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def fold(text: str) -> str:
    """``text`` casefolded and without accents, for case- and accent-insensitive filters."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD).casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def entity_haystack(row: Any) -> str:
    """The folded names of an entity (name and aliases), one per line."""
    return "\n".join(fold(n) for n in (row.name, *row.aliases))


def _tr(text: str) -> str:
    return QCoreApplication.translate("EntityDialogs", text)


def mention_count_text(n: int) -> str:
    """The count of mentions in words (the app ships no English plural forms for %n)."""
    return _tr("1 mention") if n == 1 else _tr("{n} mentions").format(n=n)


def text_dialog(parent: QWidget, title: str, label: str, text: str = "") -> QInputDialog:
    """A one-line text prompt (not yet shown)."""
    dlg = QInputDialog(parent)
    dlg.setWindowTitle(title)
    dlg.setLabelText(label)
    dlg.setInputMode(QInputDialog.InputMode.TextInput)
    dlg.setTextValue(text)
    dlg.resize(max(dlg.sizeHint().width(), 380), dlg.sizeHint().height())
    return dlg


class SubtypeDialog(QDialog):
    """Pick one of a type's subtypes (or none)."""

    def __init__(
        self,
        entity_name: str,
        choices: Sequence[tuple[str, str]],
        current: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change Subtype"))
        self.combo = QComboBox(self)
        self.combo.addItem(self.tr("(no subtype)"), "")
        for value, label in choices:
            self.combo.addItem(label, value)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current or "")))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Subtype of “{name}”:").format(name=entity_name), self))
        layout.addWidget(self.combo)
        layout.addWidget(buttons)
        self.setMinimumWidth(320)

    def chosen(self) -> str:
        """The chosen subtype's value ("" for none)."""
        return str(self.combo.currentData())

    def choose(self, value: str) -> bool:
        """Select ``value`` (for tests and scripting); False if it is not offered."""
        i = self.combo.findData(value)
        if i >= 0:
            self.combo.setCurrentIndex(i)
        return i >= 0


class MergeTargetDialog(QDialog):
    """Choose the entity to keep when merging ``source`` away (same kind only)."""

    def __init__(
        self,
        source: Any,
        candidates: Sequence[Any],
        subtype_labels: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self._subtype_labels = subtype_labels or {}
        self.setWindowTitle(self.tr("Merge “{name}” Into…").format(name=source.name))
        intro = QLabel(
            self.tr(
                "Choose the entity to keep. The mentions of “{name}” move to it, and its "
                "names become aliases of it."
            ).format(name=source.name),
            self,
        )
        intro.setWordWrap(True)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Filter by name or alias"))
        self.filter_edit.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._haystacks: list[str] = []
        for row in candidates:
            if row.id == source.id or row.kind != source.kind:
                continue
            item = QListWidgetItem(self._item_text(row), self.list)
            item.setData(ENTITY_ID_ROLE, row.id)
            if row.aliases:
                item.setToolTip(", ".join(row.aliases))
            self._haystacks.append(entity_haystack(row))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Merge…"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.filter_edit.returnPressed.connect(self._on_filter_return)
        self.list.currentItemChanged.connect(self._update_ok)
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(460, 420)
        self._update_ok()

    def _item_text(self, row: Any) -> str:
        subtype = self._subtype_labels.get(row.subtype, row.subtype) if row.subtype else None
        details = ", ".join(x for x in (subtype, row.country_code) if x)
        text = f"{row.name}  ({details})" if details else row.name
        count = row.mention_count
        return f"{text} — {mention_count_text(count)}" if count else text

    def set_filter(self, text: str) -> None:
        self.filter_edit.setText(text)

    def visible_ids(self) -> list[int]:
        """The ids the list shows now, top to bottom."""
        items = (self.list.item(i) for i in range(self.list.count()))
        return [int(it.data(ENTITY_ID_ROLE)) for it in items if not it.isHidden()]

    def chosen_id(self) -> int | None:
        """The entity to keep, or None."""
        item = self.list.currentItem()
        return int(item.data(ENTITY_ID_ROLE)) if item and not item.isHidden() else None

    def choose(self, entity_id: int) -> bool:
        """Make ``entity_id`` current if it is shown."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(ENTITY_ID_ROLE) == entity_id and not item.isHidden():
                self.list.setCurrentItem(item)
                return True
        return False

    def _on_filter_changed(self, text: str) -> None:
        needle = fold(text.strip())
        first = None
        for i, hay in enumerate(self._haystacks):
            item = self.list.item(i)
            item.setHidden(bool(needle) and needle not in hay)
            if first is None and not item.isHidden():
                first = item
        current = self.list.currentItem()
        if first is None:
            self.list.setCurrentRow(-1)
        elif current is None or current.isHidden():
            self.list.setCurrentItem(first)
        self._update_ok()

    def _on_filter_return(self) -> None:
        if self.chosen_id() is not None:
            self.accept()

    def _update_ok(self, *_args: object) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.chosen_id() is not None)


def merge_confirmation(parent: QWidget, gone: Any, keep: Any) -> QMessageBox:
    """Ask before merging ``gone`` into ``keep`` (not yet shown); Yes merges."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _tr("Merge Entities"),
        _tr("Merge “{gone}” into “{keep}”?").format(gone=gone.name, keep=keep.name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    moving = (
        _tr("{count} of “{gone}” will be linked to “{keep}”.").format(
            count=mention_count_text(gone.mention_count), gone=gone.name, keep=keep.name
        )
        if gone.mention_count
        else _tr("“{gone}” has no mentions.").format(gone=gone.name)
    )
    names = _tr("“{gone}” and its aliases become aliases of “{keep}”.").format(
        gone=gone.name, keep=keep.name
    )
    box.setInformativeText(f"{moving} {names} {_tr('You can undo this.')}")
    box.button(QMessageBox.StandardButton.Yes).setText(_tr("Merge"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box
