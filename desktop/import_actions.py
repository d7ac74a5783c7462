"""File > Import: run ``Workspace.import_paths`` as a background job and report on it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from db.changes import Changes
from db.jobs import Cancelled, CancelToken, Progress
from db.resources import resource_path
from desktop.jobs import Job, failure_parts, start_job, stop_job

if TYPE_CHECKING:
    from db.importing import ImportReport
    from desktop.main_window import MainWindow

MAX_LISTED_DUPLICATES = 50


class ImportController(QObject):
    """Starts imports for a main window, one at a time, and tells the user the outcome."""

    import_did_finish = Signal(object)
    """The ImportReport, or the exception the import ended with."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.job: Job | None = None

    def busy(self) -> bool:
        return self.job is not None

    def start(self, paths: Sequence[Path]) -> Job | None:
        """Import ``paths`` into the window's store off the GUI thread; None if another
        import is running or no store is open."""
        w = self._window
        ws = w.workspace
        if ws is None:
            return None
        if self.job is not None:
            w.show_message(
                QMessageBox.Icon.Information,
                self.tr("Import Running"),
                self.tr("Another import is still running."),
            )
            return None
        files = list(paths)

        def work(progress: Progress, cancel: CancelToken) -> ImportReport:
            return ws.import_paths(files, progress=progress, cancel=cancel)

        job = self.job = start_job(
            work,
            title=self.tr("Importing Articles"),
            parent=w,
            succeeded=self._on_succeeded,
            failed=self._on_failed,
            finished=self._on_finished,
        )
        w.statusBar().showMessage(self.tr("Importing…"))
        return job

    def import_sample(self) -> Job | None:
        """Import the sample corpus shipped in ``resources/sample``."""
        return self.start([resource_path("sample", "articles.jsonl")])

    def shutdown(self) -> None:
        """Cancel a running import and wait for its thread (the window is closing)."""
        stop_job(self.job)

    # -- outcome -----------------------------------------------------------------------
    def _on_succeeded(self, report: ImportReport) -> None:
        w = self._window
        w.statusBar().showMessage(report.summary(), 15_000)
        if report.duplicates:
            lines = [
                self.tr("{origin}: same text as “{title}”").format(
                    origin=d.origin or self.tr("(unknown)"), title=d.existing_title
                )
                for d in report.duplicates[:MAX_LISTED_DUPLICATES]
            ]
            more = len(report.duplicates) - len(lines)
            if more > 0:
                lines.append(self.tr("… and {n} more").format(n=more))
            w.show_message(
                QMessageBox.Icon.Information,
                self.tr("Duplicates Skipped"),
                report.summary(),
                self.tr("These articles were already in the store and were skipped:"),
                "\n".join(lines),
            )
        w.op_did_execute.emit(Changes(articles=True))
        self.import_did_finish.emit(report)

    def _on_failed(self, exc: BaseException) -> None:
        w = self._window
        if isinstance(exc, Cancelled):
            w.statusBar().showMessage(self.tr("Import cancelled; nothing was changed."), 15_000)
        else:
            head, rest = failure_parts(exc)
            w.statusBar().showMessage(self.tr("Import failed; nothing was changed."), 15_000)
            w.show_message(QMessageBox.Icon.Warning, self.tr("Import Failed"), head, rest)
        self.import_did_finish.emit(exc)

    def _on_finished(self) -> None:
        job, self.job = self.job, None
        if job is not None:
            job.deleteLater()
