"""The layer chooser above the article text: "Mine", each colleague, "Curated", and a
banner while a read-only layer is shown, or (another colour, with "Back to Review")
while a reviewer edits the curated layer."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.workspace import AnnotatorRow

BANNER_STYLE = (
    "#layerBannerBox { background: #fef3c7; border-bottom: 1px solid #fcd34d; }"
    " #layerBanner { color: #92400e; padding: 4px 10px; }"
)
# Editing the curated layer: green, so it never reads as the read-only (amber) banner.
EDITING_BANNER_STYLE = (
    "#layerBannerBox { background: #dcfce7; border-bottom: 2px solid #16a34a; }"
    " #layerBanner { color: #14532d; font-weight: 600; padding: 4px 10px; }"
)


def layer_name(row: AnnotatorRow, tr_curated: str) -> str:
    return tr_curated if row.role == "curated" else row.display_name


class LayerBar(QWidget):
    """A compact combo (whose layer the text and form show) and a read-only banner."""

    layer_chosen = Signal(object)
    """The user chose a layer: an annotator id, or None for my own."""
    back_requested = Signal()
    """"Back to Review" while the curated layer is being edited."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layerBar")
        self.combo = QComboBox(self)
        self.combo.setObjectName("layerCombo")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.combo.activated.connect(self._on_activated)
        self.banner_box = QFrame(self)
        self.banner_box.setObjectName("layerBannerBox")
        self.banner_box.setStyleSheet(BANNER_STYLE)
        self.banner = QLabel(self.banner_box)
        self.banner.setObjectName("layerBanner")
        # Long banners wrap: they must never widen the window.
        self.banner.setWordWrap(True)
        self.banner.setMinimumWidth(1)
        self.back_button = QPushButton(self.tr("Back to Review"), self.banner_box)
        self.back_button.setObjectName("layerBackToReview")
        self.back_button.setToolTip(self.tr("Show the differences again (Esc in the text)"))
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_button.clicked.connect(self.back_requested)
        self.back_button.hide()
        banner_row = QHBoxLayout(self.banner_box)
        banner_row.setContentsMargins(0, 0, 6, 0)
        banner_row.setSpacing(4)
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.banner.hide()
        self.banner_box.hide()
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
        layout.addWidget(self.banner_box)
        layout.addLayout(row)
        self._rows: list[AnnotatorRow] = []
        self._me: int | None = None
        self._editable: int | None = None

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
                self.combo.addItem(self._entry_text(r), r.id)
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
        self.banner_box.setVisible(bool(banner))
        if layer_id is not None:
            self.show()

    def _entry_text(self, row: AnnotatorRow) -> str:
        if row.id == self._editable:
            return self.tr("Curated (editable)") if row.role == "curated" else row.display_name
        return layer_name(row, self.tr("Curated"))

    def set_editable_layer(self, layer_id: int | None) -> None:
        """The one layer besides mine that may be edited here (the curated layer, for a
        reviewer in review mode; None: none); its entry says so."""
        self._editable = layer_id
        for i, r in enumerate(self._rows, start=1):
            if self.combo.itemData(i) == r.id:
                self.combo.setItemText(i, self._entry_text(r))

    def set_editing(self, editing: bool) -> None:
        """Show the banner as "editing" (green, with "Back to Review") or as the
        read-only one again."""
        self.banner_box.setStyleSheet(EDITING_BANNER_STYLE if editing else BANNER_STYLE)
        self.back_button.setVisible(editing)
        self.banner.setToolTip(
            self.tr(
                "Your edits of the curated layer are undone in order with your decisions "
                "(Edit > Undo). Esc in the text or “Back to Review” shows the differences."
            )
            if editing
            else ""
        )

    def _on_activated(self, index: int) -> None:
        self.layer_chosen.emit(self.combo.itemData(index))
