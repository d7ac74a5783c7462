"""Start the desktop: the QApplication, the store to open, the main window.

``run_gui`` also has a screenshot mode for docs and CI: it opens the store, shows the
first article in a 1400x900 window, waits for a real paint, saves a PNG and returns
without entering the event loop.
"""

from __future__ import annotations

import getpass
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from desktop.paths import default_store_path
from desktop.settings import APPLICATION, ORGANIZATION, app_settings, last_store, saved_annotator
from desktop.store_opening import describe_store_error, open_workspace_for_gui, try_open_workspace

SCREENSHOT_SIZE = (1400, 900)
SCREENSHOT_TIMEOUT_MS = 10_000
IMPORT_TIMEOUT_MS = 120_000


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    return app


class _PaintWatcher(QObject):
    """Calls ``on_paint`` (after the paint has finished) at the first paint event its
    widget receives."""

    def __init__(self, widget: QWidget, on_paint: Callable[[], None]) -> None:
        super().__init__(widget)
        self.painted = False
        self._on_paint = on_paint
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            # Let the paint finish before leaving the loop.
            QTimer.singleShot(0, self._on_paint)
        return False


def wait_for_paint(widget: QWidget, timeout_ms: int = SCREENSHOT_TIMEOUT_MS) -> bool:
    """Process events until ``widget`` has really been painted; False on timeout."""
    loop = QEventLoop()
    watcher = _PaintWatcher(widget, loop.quit)
    widget.update()
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    widget.removeEventFilter(watcher)
    painted = watcher.painted
    watcher.deleteLater()
    return painted


def _wait_for_signal(signal: object, timeout_ms: int) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def run_gui(
    store_location: str | None,
    *,
    screenshot: Path | None = None,
    annotator: str | None = None,
    sample_corpus: bool = False,
) -> int:
    """Run the desktop on a store; returns the process exit code."""
    from desktop.main_window import MainWindow

    app = _application()
    settings = app_settings()
    location = store_location or last_store(settings) or str(default_store_path())
    who = annotator or saved_annotator(settings) or getpass.getuser()
    if annotator and screenshot is None:
        settings.setValue("annotator", annotator)

    if screenshot is not None:
        opened = try_open_workspace(location, who)
        if isinstance(opened, Exception):
            print(f"armscribe: {describe_store_error(opened)}", file=sys.stderr)
            return 2
        ws = opened
    else:
        maybe = open_workspace_for_gui(location, who)
        if maybe is None:
            return 1
        ws = maybe

    # The relation graph's dock comes after the first paint (its import is slow).
    window = MainWindow(ws, settings=settings, persist=screenshot is None, late_docks=True)
    if sample_corpus and ws.stats().articles == 0:
        outcome: list[object] = []
        window.imports.import_did_finish.connect(outcome.append)
        job = window.imports.import_sample()
        if job is not None and screenshot is not None:
            _wait_for_signal(window.imports.import_did_finish, IMPORT_TIMEOUT_MS)
            if not outcome or isinstance(outcome[0], BaseException):
                why = describe_store_error(outcome[0]) if outcome else "timed out"  # type: ignore[arg-type]
                print(f"armscribe: importing the sample corpus failed: {why}", file=sys.stderr)
                window.imports.shutdown()
                window.close()
                return 2
    if screenshot is None:
        window.show()
        if not os.environ.get("ARMSCRIBE_QUIT_AFTER_FIRST_PAINT"):
            # After the first paint: the question comes once per store and login.
            QTimer.singleShot(0, window.ensure_my_name)
        if os.environ.get("ARMSCRIBE_QUIT_AFTER_FIRST_PAINT"):
            _quit_after_first_paint(app, window)
        return app.exec()
    return _take_screenshot(app, window, screenshot)


def _quit_after_first_paint(app: QApplication, window: QWidget) -> None:
    """For bench/: report the first real paint of the window on stdout, then quit."""

    def done() -> None:
        import resource

        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"first-paint {time.time():.6f} peak-rss-mb {rss:.1f}", flush=True)
        app.quit()

    _PaintWatcher(window, done)


def _take_screenshot(app: QApplication, window: QWidget, path: Path) -> int:
    from desktop.main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    if window.list_panel.current_article_id() is None:
        window.list_panel.select_row(0)
    app.processEvents()
    # The article text is what matters: wait until its viewport has painted.
    painted = wait_for_paint(window.article_view.text_edit.viewport())
    # Layouts of widgets filled while the window was hidden (the dock, after a sample
    # import) may still have requests pending: settle them before rendering.
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        app.processEvents()
    try:
        if not painted:
            print("armscribe: the window was never painted", file=sys.stderr)
            return 2
        path.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(path)):
            print(f"armscribe: could not write {path}", file=sys.stderr)
            return 2
        return 0
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
