"""A ``MainWindow``'s tagset: File > Load Tagset (validated, its problems listed when
refused) and Help > Tagset."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

MAX_LISTED_PROBLEMS = 20  # a broken tagset's problems shown in the dialog itself


def ask_load_tagset(w: MainWindow) -> None:
    """File > Load Tagset…: choose a file, then load it."""
    from db.resources import resource_path

    path, _ = QFileDialog.getOpenFileName(
        w,
        QCoreApplication.translate("MainWindow", "Load Tagset"),
        str(resource_path("tagsets")),
        QCoreApplication.translate("MainWindow", "Tagset files (*.yaml *.yml);;All files (*)"),
    )
    if path:
        w.load_tagset(Path(path))


def load_tagset(w: MainWindow, path: Path) -> bool:
    """Validate the tagset file ``path`` and make it the store's tagset; a broken file
    changes nothing and gets a dialog listing every problem. True when loaded."""
    from db.tagset import TagsetError

    ws = w.workspace
    if ws is None:
        return False
    try:
        edit = ws.tagging.use_tagset(path)
    except TagsetError as exc:
        show_tagset_problems(w, path, exc)
        return False
    except OSError as exc:
        w.show_message(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("MainWindow", "Tagset Not Loaded"),
            QCoreApplication.translate("MainWindow", "{file} could not be read: {error}").format(
                file=path.name, error=exc.strerror or str(exc)
            ),
        )
        return False
    w.op_did_execute.emit(edit.changes)
    ts = ws.tagging.tagset
    missing = types_missing_from_tagset(w)
    text = QCoreApplication.translate("MainWindow", "Now using the tagset “{name}”.").format(
        name=ts.name
    )
    if missing:
        text += " " + QCoreApplication.translate(
            "MainWindow", "This article has mentions of types it lacks ({types}): shown in grey."
        ).format(types=", ".join(sorted(missing)))
    w.statusBar().showMessage(text, 10000)
    return True


def problem_lines(path: Path, exc: Exception) -> list[str]:
    """``file:line: message`` for each problem of a rejected tagset file."""
    problems = getattr(exc, "problems", ())
    lines = []
    for p in problems:
        where = f"{path.name}:{p.line}" if p.line else path.name
        lines.append(f"{where}: {p.message}")
    return lines or [str(exc)]


def show_tagset_problems(w: MainWindow, path: Path, exc: Exception) -> None:
    """A warning listing why ``path`` was refused (the first few, all in its details)."""
    lines = w.problem_lines(path, exc)
    shown = lines[:MAX_LISTED_PROBLEMS]
    if len(lines) > len(shown):
        shown.append(
            QCoreApplication.translate("MainWindow", "… and {n} more (see details)").format(
                n=len(lines) - len(shown)
            )
        )
    w.show_message(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("MainWindow", "Tagset Not Loaded"),
        QCoreApplication.translate(
            "MainWindow", "{file} cannot be used as a tagset ({n} problems). Nothing was changed."
        ).format(file=path.name, n=len(lines))
        if len(lines) != 1
        else QCoreApplication.translate(
            "MainWindow", "{file} cannot be used as a tagset. Nothing was changed."
        ).format(file=path.name),
        informative="\n".join(shown),
        detailed="\n".join(lines),
    )


def types_missing_from_tagset(w: MainWindow) -> set[str]:
    """Types of the shown article's mentions that the tagset does not define."""
    ann = w.tagging_panel.annotations()
    ts = w.workspace.tagging.tagset if w.workspace is not None else None
    if ann is None or ts is None:
        return set()
    return {m.type for m in ann.mentions if ts.mention_type(m.type) is None}


def tagset_summary(w: MainWindow) -> str:
    """The tagset in use, in a sentence: name, version, how many types of each kind."""
    if w.workspace is None:
        return QCoreApplication.translate("MainWindow", "No store is open.")
    ts = w.workspace.tagging.tagset
    return QCoreApplication.translate(
        "MainWindow",
        "“{name}” version {version}: {mentions} mention types, {events} event types, "
        "{relations} relation types.",
    ).format(
        name=ts.name,
        version=ts.version,
        mentions=len(ts.mention_types),
        events=len(ts.event_types),
        relations=len(ts.relation_types),
    )


def show_tagset_info(w: MainWindow) -> QMessageBox:
    """Help > Tagset…: the summary, the description, every type's key in the details."""
    ts = w.workspace.tagging.tagset if w.workspace is not None else None
    details = ""
    if ts is not None:
        details = "\n".join(
            [f"{mt.shortcut}  {mt.label} ({mt.name})" for mt in ts.mention_types]
            + [f"{et.shortcut.upper()}  {et.label} ({et.name})" for et in ts.event_types]
        )
    return w.show_message(
        QMessageBox.Icon.Information,
        QCoreApplication.translate("MainWindow", "Tagset"),
        w.tagset_summary(),
        informative=(ts.description or "") if ts is not None else "",
        detailed=details,
    )
