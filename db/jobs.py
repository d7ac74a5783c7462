"""The Qt-free contract for long work: a progress callback and a cancel flag."""

from __future__ import annotations

import threading
from collections.abc import Callable

from db.errors import ArmscribeError

Progress = Callable[[int, int, str], None]
"""``progress(done, total, message)``; called from the worker thread."""


def no_progress(done: int, total: int, message: str) -> None:
    """A progress callback that ignores everything."""


class Cancelled(ArmscribeError):
    """The user cancelled; the work's transaction was rolled back."""


class CancelToken:
    """Set from any thread; the worker checks it between units of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` if cancellation was asked for."""
        if self._event.is_set():
            raise Cancelled("Cancelled; nothing was changed.")
