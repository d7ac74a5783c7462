"""Run a Qt-free long job off the GUI thread, with a progress dialog that appears late.

A job is any callable ``fn(progress, cancel)`` following ``db/jobs.py``: it reports
``progress(done, total, message)`` from its thread and checks ``cancel`` between units
of work. Its result or exception comes back on the GUI thread through signals, after
the worker thread has ended.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from db.errors import ArmscribeError
from db.jobs import CancelToken, Progress

log = logging.getLogger(__name__)

JobFn = Callable[[Progress, CancelToken], Any]
SHOW_AFTER_MS = 500


class _WorkerThread(QThread):
    # Signals of an object living in the GUI thread, emitted from run(): Qt queues
    # them to the GUI thread's slots.
    progressed = Signal(int, int, str)
    result_ready = Signal(object)
    error_raised = Signal(object)

    def __init__(self, fn: JobFn, token: CancelToken, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._token = token

    def run(self) -> None:
        try:
            result = self._fn(self._report, self._token)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self.error_raised.emit(exc)
        else:
            self.result_ready.emit(result)

    def _report(self, done: int, total: int, message: str) -> None:
        self.progressed.emit(done, total, message)


class Job(QObject):
    """One long job: start it, then listen to ``succeeded``/``failed`` (GUI thread)."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    """The job's return value."""
    failed = Signal(object)
    """The exception it raised (``db.jobs.Cancelled`` when the user cancelled)."""
    finished = Signal()
    """After ``succeeded`` or ``failed``; the worker thread has ended."""

    def __init__(
        self,
        fn: JobFn,
        *,
        title: str,
        parent: QWidget | None = None,
        show_after_ms: int = SHOW_AFTER_MS,
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.token = CancelToken()
        self._parent_widget = parent
        self._outcome: tuple[bool, object] | None = None
        self._last: tuple[int, int, str] = (0, 0, "")
        self.dialog: QProgressDialog | None = None
        self._thread = _WorkerThread(fn, self.token, self)
        self._thread.progressed.connect(self._on_progressed)
        self._thread.result_ready.connect(self._on_result_ready)
        self._thread.error_raised.connect(self._on_error_raised)
        self._thread.finished.connect(self._on_thread_finished)
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(show_after_ms)
        self._show_timer.timeout.connect(self._show_dialog)

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    def start(self) -> None:
        self._show_timer.start()
        self._thread.start()

    def cancel(self) -> None:
        """Ask the job to stop; it fails with ``Cancelled`` when it next checks."""
        self.token.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText(self.tr("Cancelling…"))
            self.dialog.setCancelButton(None)

    def wait(self, ms: int = 30_000) -> bool:
        """Block until the worker thread ends (for shutdown); True if it did."""
        return self._thread.wait(ms)

    # -- GUI-thread slots -----------------------------------------------------------
    def _show_dialog(self) -> None:
        if not self.running or self.dialog is not None:
            return
        dlg = QProgressDialog(self._parent_widget)
        dlg.setWindowTitle(self.title)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setMinimumDuration(0)
        dlg.setCancelButtonText(self.tr("Cancel"))
        dlg.canceled.connect(self.cancel)
        self.dialog = dlg
        self._on_progressed(*self._last)
        dlg.show()

    def _on_progressed(self, done: int, total: int, message: str) -> None:
        self._last = (done, total, message)
        self.progressed.emit(done, total, message)
        dlg = self.dialog
        if dlg is None or self.token.cancelled:
            return
        # Total 0 means "unknown": a busy indicator.
        dlg.setMaximum(max(total, 0))
        dlg.setValue(min(done, total) if total > 0 else 0)
        dlg.setLabelText(message or self.title)

    def _on_result_ready(self, result: object) -> None:
        self._outcome = (True, result)

    def _on_error_raised(self, exc: object) -> None:
        self._outcome = (False, exc)

    def _on_thread_finished(self) -> None:
        self._show_timer.stop()
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        ok, value = self._outcome or (False, RuntimeError("the job ended without a result"))
        if ok:
            self.succeeded.emit(value)
        else:
            if not isinstance(value, Exception):
                log.error("job %r ended with %r", self.title, value)
            self.failed.emit(value)
        self.finished.emit()


def start_job(
    fn: JobFn,
    *,
    title: str,
    parent: QWidget | None,
    succeeded: Callable[[Any], None],
    failed: Callable[[Any], None],
    finished: Callable[[], None] | None = None,
) -> Job:
    """A started ``Job`` with its outcome slots connected. They run later on the GUI
    thread, so the caller may keep the job and update its widgets after this returns."""
    job = Job(fn, title=title, parent=parent)
    job.succeeded.connect(succeeded)
    job.failed.connect(failed)
    if finished is not None:
        job.finished.connect(finished)
    job.start()
    return job


def stop_job(job: Job | None) -> None:
    """Cancel a running job and wait for its thread (its owner is closing)."""
    if job is not None and job.running:
        job.cancel()
        job.wait()


def failure_parts(exc: BaseException) -> tuple[str, str]:
    """How a failed job is told to the user: the first line and the rest. An
    ``ArmscribeError`` says its own message; anything else is named with its type."""
    text = str(exc) if isinstance(exc, ArmscribeError) else f"{type(exc).__name__}: {exc}"
    head, _, rest = text.partition("\n")
    return head, rest.strip()
