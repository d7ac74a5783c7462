"""Who am I: the name shown for the analyst working in this store.

The first interactive start on a store asks for it (prefilled with the login name) and
stores it through ``Workspace.rename_me``; QSettings remembers that it was asked, per
store and login, so the question comes once. Tests and the screenshot mode never ask.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from db.workspace import Workspace


def _key(ws: Workspace) -> str:
    digest = hashlib.sha1(ws.label.encode("utf-8")).hexdigest()[:16]
    return f"names/{digest}/{ws.annotator}"


def remembered_name(settings: QSettings, ws: Workspace) -> str | None:
    """The name given for this store and login, if the question was answered."""
    value = settings.value(_key(ws))
    return str(value) if value else None


def remember_name(settings: QSettings, ws: Workspace, name: str) -> None:
    settings.setValue(_key(ws), name)


def my_display_name(ws: Workspace) -> str:
    """The name the store shows for me (my login name when none is set)."""
    for a in ws.annotators():
        if a.id == ws.annotator_id:
            return a.display_name
    return ws.annotator


def ask_name(parent: QWidget, ws: Workspace, *, first: bool) -> str | None:
    """Ask for the analyst's name (blocking; interactive use only); None: cancelled."""
    tr = QCoreApplication.translate
    current = my_display_name(ws)
    text = (
        tr(
            "identity",
            "Your name as colleagues and reviewers will see it beside your annotations:",
        )
        if first
        else tr("identity", "Your name as others see it:")
    )
    name, ok = QInputDialog.getText(
        parent,
        tr("identity", "Who Is Annotating?") if first else tr("identity", "My Name"),
        text,
        QLineEdit.EchoMode.Normal,
        current,
    )
    name = " ".join(name.split())
    return name if ok and name else None
