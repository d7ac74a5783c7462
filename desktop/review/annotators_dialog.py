"""Choose whose layers to review: one checkbox per analyst (two or more)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from db.workspace import AnnotatorRow


class AnnotatorsDialog(QDialog):
    """Checkboxes of the analysts with a layer; OK needs two of them."""

    def __init__(
        self,
        rows: Sequence[AnnotatorRow],
        checked: Sequence[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewAnnotatorsDialog")
        self.setWindowTitle(self.tr("Review This Article"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Compare the layers of:"), self))
        self.boxes: list[tuple[QCheckBox, int]] = []
        for r in rows:
            box = QCheckBox(r.display_name, self)
            box.setChecked(r.id in checked)
            box.toggled.connect(self._update_ok)
            layout.addWidget(box)
            self.boxes.append((box, r.id))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_ok()

    def chosen(self) -> list[int]:
        return [aid for box, aid in self.boxes if box.isChecked()]

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(len(self.chosen()) >= 2)
