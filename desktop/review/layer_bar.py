"""The layer chooser above the article text: "Mine", each colleague, "Curated", and a
banner while a read-only layer is shown."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from db.workspace import AnnotatorRow

BANNER_STYLE = (
    "#layerBanner { background: #fef3c7; color: #92400e; border-bottom: 1px solid #fcd34d;"
    " padding: 4px 10px; }"
)


def layer_name(row: AnnotatorRow, tr_curated: str) -> str:
    return tr_curated if row.role == "curated" else row.display_name


class LayerBar(QWidget):
    """A compact combo (whose layer the text and form show) and a read-only banner."""

    layer_chosen = Signal(object)
    """The user chose a layer: an annotator id, or None for my own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layerBar")
        self.combo = QComboBox(self)
        self.combo.setObjectName("layerCombo")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.combo.activated.connect(self._on_activated)
        self.banner = QLabel(self)
        self.banner.setObjectName("layerBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        # Long banners wrap: they must never widen the window.
        self.banner.setWordWrap(True)
        self.banner.setMinimumWidth(1)
        self.banner.hide()
        label = QLabel(self.tr("Layer"), self)
        label.setStyleSheet("color: #6b7280;")
        label.setBuddy(self.combo)
        row = QHBoxLayout()
        row.setContentsMargins(10, 4, 10, 0)
        row.addStretch(1)
        row.addWidget(label)
        row.addWidget(self.combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.banner)
        layout.addLayout(row)
        self._rows: list[AnnotatorRow] = []
        self._me: int | None = None

    def set_annotators(self, rows: Sequence[AnnotatorRow], me_id: int) -> None:
        """Fill the chooser: "Mine" first, then colleagues, then "Curated"."""
        self._rows = [r for r in rows if r.id != me_id]
        self._me = me_id
        keep = self.combo.currentData()
        blocked = self.combo.blockSignals(True)
        try:
            self.combo.clear()
            self.combo.addItem(self.tr("Mine"), None)
            for r in self._rows:
                self.combo.addItem(layer_name(r, self.tr("Curated")), r.id)
            i = self.combo.findData(keep)
            self.combo.setCurrentIndex(max(i, 0))
        finally:
            self.combo.blockSignals(blocked)
        self.setVisible(bool(self._rows))

    def show_layer(self, layer_id: int | None, banner: str = "") -> None:
        """Show ``layer_id`` as chosen (None: mine) and the banner text (empty: none)."""
        blocked = self.combo.blockSignals(True)
        try:
            i = self.combo.findData(layer_id)
            self.combo.setCurrentIndex(max(i, 0))
        finally:
            self.combo.blockSignals(blocked)
        self.banner.setText(banner)
        self.banner.setVisible(bool(banner))
        if layer_id is not None:
            self.show()

    def _on_activated(self, index: int) -> None:
        self.layer_chosen.emit(self.combo.itemData(index))
