"""What the review dialogs that compare two layers share: the pair of annotator pickers,
running one comparison at a time, how a failed one is told, and opening one such dialog
per window."""

from __future__ import annotations

import html
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QMessageBox, QPushButton, QWidget

from db.errors import ArmscribeError
from db.jobs import Cancelled
from db.workspace import AnnotatorRow
from desktop.jobs import Job, JobFn, start_job, stop_job

CONTEXT = "ReviewChoosers"
D = TypeVar("D", bound=QWidget)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def annotator_label(row: AnnotatorRow) -> str:
    """How an annotator is named in the pickers (the curated layer says so)."""
    if row.role == "curated":
        return _tr("{name} (curated layer)").format(name=row.display_name)
    return row.display_name


def fill_annotator_pair(
    a_combo: QComboBox,
    b_combo: QComboBox,
    rows: list[AnnotatorRow],
    me: Hashable | None,
    key: Callable[[AnnotatorRow], Hashable],
) -> None:
    """Offer ``rows`` in both pickers (item data ``key(row)``): A is ``me`` (else the
    first), B the first other annotator, a colleague before the curated layer."""
    for combo in (a_combo, b_combo):
        combo.clear()
        for row in rows:
            combo.addItem(annotator_label(row), key(row))
    keys = [key(r) for r in rows]
    a = keys.index(me) if me in keys else 0
    a_combo.setCurrentIndex(a if keys else -1)
    others = [i for i, r in enumerate(rows) if i != a and r.role != "curated"]
    others += [i for i in range(len(rows)) if i != a and i not in others]
    b_combo.setCurrentIndex(others[0] if others else -1)


def report_failure(
    parent: QWidget,
    status: QLabel,
    exc: BaseException,
    *,
    failed: str,
    title: str,
    message: str,
) -> None:
    """Tell on ``status`` how a comparison ended without a result: cancelled, a known
    error's own message, or ``failed`` and a warning ``title`` with ``message`` (its
    ``{error}`` names the exception)."""
    if isinstance(exc, Cancelled):
        status.setText(_tr("Cancelled."))
    elif isinstance(exc, ArmscribeError):
        status.setText(str(exc))
    else:
        status.setText(failed)
        QMessageBox.warning(
            parent,
            title,
            message.format(error=html.escape(f"{type(exc).__name__}: {exc}")),
        )


def show_once(window: QWidget, kind: type[D]) -> tuple[D, bool]:
    """The visible ``kind`` dialog of ``window`` raised, or a new one shown (deleted on
    close); True when it is new."""
    for dlg in window.findChildren(kind):
        if dlg.isVisible():
            dlg.raise_()
            dlg.activateWindow()
            return dlg, False
    new = kind(window)
    new.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    new.show()
    return new, True


class PairJobDialog(QDialog):
    """A dialog that runs one comparison job at a time: its run button reads Cancel while
    the job runs, and closing the dialog stops the job first (it is deleted on close, and
    its worker thread must have ended by then)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.job: Job | None = None

    def run_job(
        self,
        work: JobFn,
        *,
        title: str,
        button: QPushButton,
        succeeded: Callable[[Any], None],
        failed: Callable[[Any], None],
    ) -> Job:
        """Start ``work`` off the GUI thread; ``button`` reads Cancel until it ends."""
        text = button.text()
        job = self.job = start_job(
            work,
            title=title,
            parent=self,
            succeeded=succeeded,
            failed=failed,
            finished=lambda: self._on_job_finished(button, text),
        )
        button.setText(_tr("Cancel"))
        return job

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _on_job_finished(self, button: QPushButton, text: str) -> None:
        job, self.job = self.job, None
        button.setText(text)
        if job is not None:
            job.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        stop_job(self.job)
        super().closeEvent(event)

    def done(self, result: int) -> None:
        stop_job(self.job)
        super().done(result)
