"""Opening a store for the GUI: errors become a message and a choice, never a crash."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog, QWidget

from db.errors import ArmscribeError, StoreTooNewError
from db.workspace import Workspace, pending_upgrade

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("store", text)


def _store_filter() -> str:
    return _tr("Armscribe stores (*.sqlite *.db);;All files (*)")


def try_open_workspace(location: str | Path, annotator: str) -> Workspace | Exception:
    """The opened workspace, or the error that a user should be shown."""
    try:
        return Workspace.open(location, annotator)
    except (ArmscribeError, OSError) as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - an unexpected error is shown, and logged
        log.exception("opening store %s failed", location)
        return exc


def describe_store_error(exc: Exception) -> str:
    """The message a user reads for an error raised while opening a store."""
    if isinstance(exc, ArmscribeError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def ask_store_path(parent: QWidget | None, *, new: bool) -> str | None:
    """A store path from a file dialog (a new file when ``new``), or None."""
    if new:
        path, _ = QFileDialog.getSaveFileName(parent, _tr("New Store"), "", _store_filter())
        if path and not Path(path).suffix:
            path += ".sqlite"
    else:
        path, _ = QFileDialog.getOpenFileName(parent, _tr("Open Store"), "", _store_filter())
    return path or None


def ask_after_store_error(parent: QWidget | None, location: str, exc: Exception) -> str | None:
    """Show why ``location`` could not be opened; returns another store the user picks,
    or None when they give up."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_tr("Cannot Open Store"))
    if isinstance(exc, StoreTooNewError):
        box.setText(_tr("This store was made by a newer version of Armscribe."))
    else:
        box.setText(_tr("The store could not be opened."))
    box.setInformativeText(describe_store_error(exc))
    open_other = box.addButton(_tr("Open Another Store…"), QMessageBox.ButtonRole.AcceptRole)
    new_store = box.addButton(_tr("New Store…"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(open_other)
    box.exec()
    clicked = box.clickedButton()
    if clicked is open_other:
        return ask_store_path(parent, new=False)
    if clicked is new_store:
        return ask_store_path(parent, new=True)
    return None


def open_workspace_for_gui(
    location: str | Path, annotator: str, parent: QWidget | None = None
) -> Workspace | None:
    """Open ``location``; on failure explain and let the user pick another store
    (repeatedly). None when the user gives up."""
    loc = str(location)
    while True:
        result = _open_showing_upgrade(loc, annotator, parent)
        if isinstance(result, Workspace):
            return result
        other = ask_after_store_error(parent, loc, result)
        if other is None:
            return None
        loc = other


def upgrade_notice(ws: Workspace) -> str | None:
    """What to tell the user once a store was upgraded on opening (None: it was not)."""
    report = ws.store.report
    if report.upgraded_from is None:
        return None
    backup = report.backup_path.name if report.backup_path else _tr("no copy")
    return _tr(
        "This store was upgraded for this version of Armscribe; "
        "the file as it was is kept as {backup}."
    ).format(backup=backup)


def _open_showing_upgrade(
    location: str, annotator: str, parent: QWidget | None
) -> Workspace | Exception:
    """``try_open_workspace``; when the store needs an upgrade (a backup, then table
    rebuilds: ~4 s for a million mentions), in a thread behind a dialog that says so,
    so that the window neither freezes nor stays blank."""
    old = pending_upgrade(location)
    if old is None or QApplication.instance() is None:
        return try_open_workspace(location, annotator)
    box = QProgressDialog(parent)
    box.setWindowTitle(_tr("Upgrading Store"))
    box.setLabelText(
        _tr(
            "Upgrading {name} for this version of Armscribe…\n"
            "A copy of the file as it was is kept beside it."
        ).format(name=Path(location).name)
    )
    box.setRange(0, 0)  # busy: the migration reports no steps
    box.setCancelButton(None)  # (hidden: an upgrade cannot be stopped halfway)
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    box.setMinimumDuration(0)
    box.setMinimumWidth(440)
    box.show()
    result: list[Workspace | Exception] = []
    worker = threading.Thread(
        target=lambda: result.append(try_open_workspace(location, annotator)),
        name="armscribe-upgrade",
        daemon=True,
    )
    worker.start()
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(lambda: None if worker.is_alive() else loop.quit())
    timer.start()
    if worker.is_alive():
        loop.exec()
    timer.stop()
    worker.join()
    box.close()
    box.deleteLater()
    return result[0]
