"""File > Export Dataset…: pick a format, what to export and where; runs as a background job.

The export itself is ``db.formats.registry.export`` (Qt-free); this dialog only builds the
``DatasetSelection`` and runs it through ``desktop.jobs.Job`` with progress and cancel.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from db.formats.dataset import CURATED, layer_annotators
from db.formats.model import DatasetSelection, ExportSummary
from db.jobs import Cancelled, CancelToken, Progress
from desktop.jobs import Job, failure_parts, start_job

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

# (format, needs a folder rather than a file, default file suffix)
FORMATS: tuple[tuple[str, bool, str], ...] = (
    ("jsonl", False, ".jsonl"),
    ("csv", True, ""),
    ("brat", True, ""),
    ("spacy", False, ".spacy"),
    ("spans", False, ".jsonl"),
    ("conll", False, ".conll"),
    ("xmi", True, ""),
    ("graphml", False, ".graphml"),
    ("gexf", False, ".gexf"),
)


class ExportDialog(QDialog):
    """Choose and run one dataset export."""

    export_did_finish = Signal(object)
    """The ExportSummary, or the exception the export ended with."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.job: Job | None = None
        self.summary: ExportSummary | None = None
        self.setWindowTitle(self.tr("Export Dataset"))
        self.setObjectName("exportDialog")

        self.format_combo = QComboBox(self)
        labels = {
            "jsonl": self.tr("Armscribe JSONL (lossless)"),
            "csv": self.tr("CSV tables (mentions, entities, event register)"),
            "brat": self.tr("brat standoff"),
            "spacy": self.tr("spaCy DocBin"),
            "spans": self.tr("Span JSONL (Prodigy / spaCy)"),
            "conll": self.tr("CoNLL (IOB2)"),
            "xmi": self.tr("UIMA CAS XMI (INCEpTION)"),
            "graphml": self.tr("Relation graph (GraphML)"),
            "gexf": self.tr("Relation graph (GEXF)"),
        }
        for name, _folder, _suffix in FORMATS:
            self.format_combo.addItem(labels[name], name)
        self.format_combo.currentIndexChanged.connect(self._on_format_changed)
        self.bom_check = QCheckBox(self.tr("UTF-8 with BOM (for Excel)"), self)

        # which articles
        self.all_radio = QRadioButton(self.tr("All articles"), self)
        self.filter_radio = QRadioButton(self.tr("The articles the list shows now"), self)
        self.selected_radio = QRadioButton(self.tr("The selected article"), self)
        self.all_radio.setChecked(True)
        self._articles_group = QButtonGroup(self)
        for b in (self.all_radio, self.filter_radio, self.selected_radio):
            self._articles_group.addButton(b)
        self.selected_radio.setEnabled(window.list_panel.current_article_id() is not None)

        # which layers
        self.me_radio = QRadioButton(self.tr("My annotations"), self)
        self.pick_radio = QRadioButton(self.tr("These annotators:"), self)
        self.curated_radio = QRadioButton(self.tr("The curated layer"), self)
        self.me_radio.setChecked(True)
        self._layers_group = QButtonGroup(self)
        for b in (self.me_radio, self.pick_radio, self.curated_radio):
            self._layers_group.addButton(b)
        self.annotator_list = QListWidget(self)
        self.annotator_list.setObjectName("exportAnnotators")
        ws = window.workspace
        for name, role in layer_annotators(ws.store) if ws is not None else []:
            if role == CURATED:
                continue
            item = QListWidgetItem(name, self.annotator_list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.annotator_list.setMaximumHeight(90)
        self.done_check = QCheckBox(self.tr("Only articles marked done"), self)

        # which types
        self.type_list = QListWidget(self)
        self.type_list.setObjectName("exportTypes")
        ts = ws.tagging.tagset if ws is not None else None
        if ts is not None:
            for t in [m.name for m in ts.mention_types] + [e.name for e in ts.event_types]:
                item = QListWidgetItem(t, self.type_list)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
        self.type_list.setMaximumHeight(120)

        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("exportPath")
        self.browse_button = QPushButton(self.tr("Choose…"), self)
        self.browse_button.clicked.connect(self._on_browse)
        dest = QHBoxLayout()
        dest.addWidget(self.path_edit, 1)
        dest.addWidget(self.browse_button)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText(self.tr("Export"))
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        fmt_box = QVBoxLayout()
        fmt_box.addWidget(self.format_combo)
        fmt_box.addWidget(self.bom_check)
        form.addRow(self.tr("Format:"), wrap_layout(fmt_box, self))
        arts = QVBoxLayout()
        for b in (self.all_radio, self.filter_radio, self.selected_radio):
            arts.addWidget(b)
        form.addRow(self.tr("Articles:"), wrap_layout(arts, self))
        layers = QVBoxLayout()
        for w in (self.me_radio, self.pick_radio, self.annotator_list, self.curated_radio):
            layers.addWidget(w)
        layers.addWidget(self.done_check)
        form.addRow(self.tr("Layers:"), wrap_layout(layers, self))
        form.addRow(self.tr("Types:"), self.type_list)
        form.addRow(self.tr("Save to:"), wrap_layout(dest, self))
        outer = QVBoxLayout(self)
        outer.addLayout(form)
        outer.addWidget(self.buttons)
        self._on_format_changed()

    # -- choices ---------------------------------------------------------------------
    def format_name(self) -> str:
        return str(self.format_combo.currentData())

    def set_format(self, name: str) -> None:
        self.format_combo.setCurrentIndex(self.format_combo.findData(name))

    def _format_info(self) -> tuple[str, bool, str]:
        return next(f for f in FORMATS if f[0] == self.format_name())

    def selection(self) -> DatasetSelection:
        """The ``DatasetSelection`` the dialog's choices describe."""
        w = self._window
        panel = w.list_panel
        article_ids: frozenset[int] | None = None
        if self.filter_radio.isChecked():
            article_ids = frozenset(r.id for r in panel.model.rows())
        elif self.selected_radio.isChecked():
            current = panel.current_article_id()
            article_ids = frozenset({current} if current is not None else set())
        annotators: tuple[str, ...] | None
        curated = False
        if self.me_radio.isChecked():
            annotators = (w.annotator,)
        elif self.pick_radio.isChecked():
            annotators = tuple(
                self.annotator_list.item(i).text()
                for i in range(self.annotator_list.count())
                if self.annotator_list.item(i).checkState() == Qt.CheckState.Checked
            )
        else:
            annotators, curated = (), True
        checked = {
            self.type_list.item(i).text()
            for i in range(self.type_list.count())
            if self.type_list.item(i).checkState() == Qt.CheckState.Checked
        }
        mention_types = event_types = None
        if len(checked) < self.type_list.count():
            ws = w.workspace
            ts = ws.tagging.tagset if ws is not None else None
            mnames = {m.name for m in ts.mention_types} if ts else set()
            mention_types = frozenset(checked & mnames)
            event_types = frozenset(checked - mnames)
        return DatasetSelection(
            article_ids=article_ids,
            annotators=annotators,
            curated=curated,
            statuses=frozenset({"done"}) if self.done_check.isChecked() else None,
            mention_types=mention_types,
            event_types=event_types,
        )

    def _on_format_changed(self, _index: int = 0) -> None:
        name, folder, suffix = self._format_info()
        self.bom_check.setVisible(name == "csv")
        text = self.path_edit.text().strip()
        if text:
            p = Path(text)
            base = p.with_suffix("") if p.suffix else p
            self.path_edit.setText(str(base) + ("" if folder else suffix))

    def _on_browse(self) -> None:
        name, folder, suffix = self._format_info()
        if folder:
            path = QFileDialog.getExistingDirectory(self, self.tr("Export to Folder"))
        else:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export to File"),
                "",
                self.tr("{fmt} files (*{suffix})").format(fmt=name, suffix=suffix),
            )
        if path:
            self.path_edit.setText(path)

    # -- running -----------------------------------------------------------------------
    def start_export(self) -> Job | None:
        """Run the export off the GUI thread; None if the choices are incomplete."""
        w = self._window
        ws = w.workspace
        out = self.path_edit.text().strip()
        if ws is None or self.job is not None:
            return None
        if not out:
            w.show_message(
                QMessageBox.Icon.Information,
                self.tr("Export Dataset"),
                self.tr("Choose where to save the export first."),
            )
            return None
        selection = self.selection()
        fmt = self.format_name()
        bom = self.bom_check.isChecked()
        store, tagset = ws.store, ws.tagging.tagset

        def work(progress: Progress, cancel: CancelToken) -> ExportSummary:
            from db.formats.registry import export

            options: dict[str, Any] = {"bom": bom}
            return export(
                store,
                fmt,
                Path(out),
                selection,
                tagset=tagset,
                progress=progress,
                cancel=cancel,
                **options,
            )

        job = self.job = start_job(
            work,
            title=self.tr("Exporting Dataset"),
            parent=w,
            succeeded=self._on_succeeded,
            failed=self._on_failed,
            finished=self._on_finished,
        )
        self.export_button.setEnabled(False)
        w.statusBar().showMessage(self.tr("Exporting…"))
        return job

    def _on_succeeded(self, summary: ExportSummary) -> None:
        self.summary = summary
        w = self._window
        text = self.tr(
            "Exported {layers} layers of {articles} articles: {mentions} mentions, "
            "{events} events, {relations} relations."
        ).format(
            layers=summary.layers,
            articles=summary.articles,
            mentions=summary.mentions,
            events=summary.events,
            relations=summary.relations,
        )
        w.statusBar().showMessage(text, 15_000)
        w.show_message(
            QMessageBox.Icon.Information,
            self.tr("Export Finished"),
            text,
            "\n".join(summary.files),
            "\n".join(summary.notes),
        )
        self.export_did_finish.emit(summary)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        w = self._window
        if isinstance(exc, Cancelled):
            w.statusBar().showMessage(self.tr("Export cancelled; nothing was written."), 15_000)
        else:
            head, rest = failure_parts(exc)
            w.statusBar().showMessage(self.tr("Export failed; nothing was written."), 15_000)
            w.show_message(QMessageBox.Icon.Warning, self.tr("Export Failed"), head, rest)
        self.export_did_finish.emit(exc)

    def _on_finished(self) -> None:
        job, self.job = self.job, None
        self.export_button.setEnabled(True)
        if job is not None:
            job.deleteLater()

    def reject(self) -> None:
        if self.job is not None:  # Cancel while running cancels the export, not the dialog
            self.job.cancel()
            return
        super().reject()


def wrap_layout(layout: QVBoxLayout | QHBoxLayout, parent: QWidget) -> QWidget:
    """A widget holding ``layout`` without margins (a form row of several widgets)."""
    box = QWidget(parent)
    layout.setContentsMargins(0, 0, 0, 0)
    box.setLayout(layout)
    return box


def open_export_dialog(window: MainWindow) -> ExportDialog:
    """Show the export dialog for ``window`` (File > Export Dataset…)."""
    dlg = ExportDialog(window)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    return dlg
