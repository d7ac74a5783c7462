"""File > Export for Review… and File > Import Colleague's Work…: my layer out as a
bundle, a colleague's bundle in, both off the GUI thread (``desktop.jobs``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from db.changes import Changes
from db.jobs import CancelToken, Progress
from db.review.bundles import BundleReport, BundleSummary, export_bundle, import_bundle
from desktop.jobs import Job, start_job

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

SCOPES = ("current", "list", "all")
BUNDLE_FILTER = "Armscribe bundles (*.bundle.jsonl *.jsonl);;All files (*)"
IMPORTED = Changes(
    annotators=True,
    mentions=True,
    events=True,
    relations=True,
    entities=True,
    article_status=True,
    comments=True,
)


class ExportScopeDialog(QDialog):
    """Which articles go into the bundle: the shown one, the list's, or all."""

    def __init__(self, counts: dict[str, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export for Review"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Export my layer of:"), self))
        self.group = QButtonGroup(self)
        texts = {
            "current": self.tr("The article shown"),
            "list": self.tr("The articles in the list ({n})").format(n=counts.get("list", 0)),
            "all": self.tr("Every article I tagged"),
        }
        for i, scope in enumerate(SCOPES):
            b = QRadioButton(texts[scope], self)
            b.setEnabled(counts.get(scope, 1) > 0)
            self.group.addButton(b, i)
            layout.addWidget(b)
        first = next((i for i, s in enumerate(SCOPES) if counts.get(s, 1) > 0), 2)
        self.group.button(first).setChecked(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def scope(self) -> str:
        return SCOPES[max(self.group.checkedId(), 0)]


class BundleActions(QObject):
    """The window's bundle export and import (one job at a time each)."""

    export_did_finish = Signal(object)
    """A ``BundleSummary``, or the exception that stopped the export."""
    import_did_finish = Signal(object)
    """A ``BundleReport``, or the exception that stopped the import."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.job: Job | None = None
        self.last_message: QMessageBox | None = None

    # -- dialogs (tests call export_to / import_from directly) ---------------------------
    def ask_export(self) -> None:
        w = self.window
        ws = w.workspace
        if ws is None:
            return
        counts = {
            "current": 1 if w.current_article_id() is not None else 0,
            "list": len(w.list_panel.visible_article_ids()),
            "all": 1,
        }
        dlg = ExportScopeDialog(counts, w)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        name = f"{ws.annotator}.bundle.jsonl"
        path, _ = QFileDialog.getSaveFileName(
            w, w.tr("Export for Review"), name, w.tr(BUNDLE_FILTER)
        )
        if path:
            self.export_to(Path(path), dlg.scope())

    def ask_import(self) -> None:
        w = self.window
        path, _ = QFileDialog.getOpenFileName(
            w, w.tr("Import Colleague's Work"), "", w.tr(BUNDLE_FILTER)
        )
        if path:
            self.import_from(Path(path))

    # -- work ----------------------------------------------------------------------------
    def busy(self) -> bool:
        return self.job is not None and self.job.running

    def article_ids(self, scope: str) -> list[int] | None:
        """The articles of a scope (None: every article I tagged)."""
        w = self.window
        if scope == "current":
            aid = w.current_article_id()
            return [aid] if aid is not None else []
        if scope == "list":
            return w.list_panel.visible_article_ids()
        return None

    def export_to(self, path: Path, scope: str = "all") -> Job | None:
        """Write my layer of ``scope``'s articles to ``path`` off the GUI thread."""
        w = self.window
        ws = w.workspace
        if ws is None or self.busy():
            return None
        ids = self.article_ids(scope)
        store, me = ws.store, ws.annotator

        def run(_progress: Progress, _cancel: CancelToken) -> BundleSummary:
            return export_bundle(store, me, path, ids)

        self.job = start_job(
            run,
            title=w.tr("Exporting for review…"),
            parent=w,
            succeeded=self._on_exported,
            failed=self._on_failed_export,
        )
        return self.job

    def import_from(self, path: Path) -> Job | None:
        """Merge a colleague's bundle off the GUI thread; the summary is shown after."""
        w = self.window
        ws = w.workspace
        if ws is None or self.busy():
            return None
        store = ws.store

        def run(_progress: Progress, _cancel: CancelToken) -> BundleReport:
            return import_bundle(store, path)

        self.job = start_job(
            run,
            title=w.tr("Importing a colleague's work…"),
            parent=w,
            succeeded=self._on_imported,
            failed=self._on_failed_import,
        )
        return self.job

    def shutdown(self) -> None:
        if self.job is not None and self.job.running:
            self.job.wait()

    # -- outcomes ------------------------------------------------------------------------
    def _on_exported(self, summary: object) -> None:
        w = self.window
        assert isinstance(summary, BundleSummary)
        w.statusBar().showMessage(
            w.tr(
                "Exported {articles} articles ({mentions} mentions, {events} events, "
                "{comments} comments) to {file}."
            ).format(
                articles=summary.articles,
                mentions=summary.mentions,
                events=summary.events,
                comments=summary.comments,
                file=summary.path.name,
            ),
            10000,
        )
        self.export_did_finish.emit(summary)

    def _on_failed_export(self, exc: object) -> None:
        w = self.window
        self.last_message = w.show_message(QMessageBox.Icon.Warning, w.tr("Not Exported"), str(exc))
        self.export_did_finish.emit(exc)

    def _on_imported(self, report: object) -> None:
        w = self.window
        assert isinstance(report, BundleReport)
        w.op_did_execute.emit(IMPORTED)
        lines = [
            w.tr("New: {n}").format(n=report.new),
            w.tr("Changed: {n}").format(n=report.changed),
            w.tr("Unchanged: {n}").format(n=report.unchanged),
            w.tr("Conflicting (kept mine): {n}").format(n=report.conflicting),
            w.tr("Articles not in this store: {n}").format(n=len(report.missing_articles)),
            w.tr("New entities: {n}").format(n=report.entities_new),
            w.tr(
                "Comments: {new} new, {changed} changed, {unchanged} unchanged, "
                "{conflicting} conflicting (kept mine)"
            ).format(
                new=report.comments_new,
                changed=report.comments_changed,
                unchanged=report.comments_unchanged,
                conflicting=report.comments_conflicting,
            ),
        ]
        self.last_message = w.show_message(
            QMessageBox.Icon.Information,
            w.tr("Colleague's Work Imported"),
            w.tr("{name}'s layer was merged into this store.").format(name=report.annotator),
            informative="\n".join(lines),
            detailed="\n".join(report.missing_articles),
        )
        self.import_did_finish.emit(report)

    def _on_failed_import(self, exc: object) -> None:
        w = self.window
        self.last_message = w.show_message(
            QMessageBox.Icon.Warning,
            w.tr("Not Imported"),
            w.tr("Nothing was changed: {error}").format(error=exc),
        )
        self.import_did_finish.emit(exc)
