"""The one place where the desktop changes annotations: run a ``Tagging`` edit, report
its failure as a message (never a crash), tell every view what changed, and keep the
Edit menu's undo and redo texts current.

The edits go to the workspace's own layer, or, while a reviewer edits the curated layer,
to the ``Tagging`` set with ``set_tagging`` (its undo entries are still the reviewer's,
so Edit > Undo walks one stack either way).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from db.changes import Changes
from db.errors import ArmscribeError
from db.tagging import Edit, Tagging
from db.workspace import Workspace


class EditRunner(QObject):
    """Runs edits on the open workspace's tagging layer, one signal per edit."""

    op_did_execute = Signal(object)
    """An edit (or undo / redo) changed the store; carries its ``Changes``."""
    edit_did_fail = Signal(str)
    """An edit was refused; carries the library's message for the user."""
    history_did_change = Signal()
    """What undo and redo would do changed (see ``undo_label`` / ``redo_label``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ws: Workspace | None = None
        self._other: Tagging | None = None
        self._undo: str | None = None
        self._redo: str | None = None
        self.last_error = ""
        self.last_edit: Edit | None = None
        self.last_kind: str | None = None
        """What the last ``op_did_execute`` came from: "edit", "undo", "redo" or
        "external" (another widget changed the store)."""
        self.last_article_ids: frozenset[int] | None = None
        """The articles the last step changed, when known (None: unknown, maybe any)."""
        self.last_changes: Changes | None = None
        """The ``Changes`` object of the last signal this runner sent (so that a view
        can tell the runner's signals from the window's own)."""

    def set_workspace(self, ws: Workspace | None) -> None:
        self._ws = ws
        self._other = None
        self.refresh_history()

    def set_tagging(self, tagging: Tagging | None) -> None:
        """Run the edits on ``tagging`` (the curated layer, edited by a reviewer) instead
        of the workspace's own; None: the workspace's own again."""
        self._other = tagging
        self.refresh_history()

    def edits_other_layer(self) -> bool:
        """Whether edits go to a layer other than the workspace's own."""
        return self._other is not None

    @property
    def tagging(self) -> Tagging | None:
        if self._ws is None:
            return None
        return self._other if self._other is not None else self._ws.tagging

    def undo_label(self) -> str | None:
        return self._undo

    def redo_label(self) -> str | None:
        return self._redo

    def run(
        self,
        fn: Callable[[Tagging], Edit],
        *,
        before_signal: Callable[[Edit], None] | None = None,
    ) -> Edit | None:
        """Call ``fn(tagging)`` (the workspace's, or the one ``set_tagging`` chose); the
        Edit it returns, or None when it was refused.

        ``before_signal`` lets the caller show the outcome it already knows before the
        views hear about it (the article list's one status cell).
        """
        tagging = self.tagging
        if tagging is None:
            return None
        self.last_error = ""
        try:
            edit = fn(tagging)
        except Exception as exc:  # noqa: BLE001 - reported, never a crash
            self._fail(exc)
            return None
        self.last_edit = edit
        if edit is None or not edit.changes.any():
            return edit
        # A new edit is what undo reverts next and clears the redo stack: no need to
        # read the history back from the store.
        self._undo, self._redo = edit.label, None
        if before_signal is not None:
            before_signal(edit)
        self.history_did_change.emit()
        self._note("edit", edit)
        self.op_did_execute.emit(edit.changes)
        return edit

    def _note(self, kind: str, edit: Edit | None, changes: Changes | None = None) -> None:
        self.last_kind = kind
        self.last_changes = edit.changes if edit is not None else changes
        self.last_article_ids = edit.article_ids if edit is not None else None

    def last_was_undo_or_redo(self) -> bool:
        """Whether the last ``op_did_execute`` came from undo or redo."""
        return self.last_kind in ("undo", "redo")

    def undo(self) -> Edit | None:
        return self._step("undo", lambda t: t.undo())

    def redo(self) -> Edit | None:
        return self._step("redo", lambda t: t.redo())

    def _step(self, kind: str, fn: Callable[[Tagging], Edit | None]) -> Edit | None:
        tagging = self.tagging
        if tagging is None:
            return None
        try:
            edit = fn(tagging)
        except Exception as exc:  # noqa: BLE001 - reported, never a crash
            self._fail(exc)
            return None
        self.refresh_history()
        if edit is not None:
            self.last_edit = edit
            self._note(kind, edit)
            self.op_did_execute.emit(edit.changes)
        return edit

    def _fail(self, exc: Exception) -> None:
        if isinstance(exc, ArmscribeError):
            self.last_error = str(exc)  # written for the user
        else:
            # A bug, not a refusal: keep the trace for the report, tell the user plainly.
            traceback.print_exception(exc)
            self.last_error = self.tr("The edit failed and nothing was changed ({error}).").format(
                error=f"{type(exc).__name__}: {exc}"
            )
        self.edit_did_fail.emit(self.last_error)

    def refresh_history(self) -> None:
        """Read what undo and redo would do from the store (after undo, redo, or an
        edit made elsewhere)."""
        tagging = self.tagging
        if tagging is None:
            self._undo = self._redo = None
        else:
            self._undo, self._redo = tagging.undo_label(), tagging.redo_label()
        self.history_did_change.emit()

    def external_edit(self, changes: Changes) -> None:
        """Another widget changed the store itself (the entity panel): pass it on."""
        self.refresh_history()
        if changes.any():
            self._note("external", None, changes)
            self.op_did_execute.emit(changes)
