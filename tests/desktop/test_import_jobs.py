"""Long jobs off the GUI thread, and File > Import built on them."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from desktop_helpers import shown_titles
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from db.importing import ImportFailed, ImportReport
from db.jobs import Cancelled, CancelToken, Progress
from desktop.jobs import Job
from desktop.main_window import MainWindow


def write_jsonl(path: Path, rows: list[dict[str, str]] | list[str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_quick_job_delivers_its_result_on_the_gui_thread_without_a_dialog(qtbot: QtBot) -> None:
    threads: list[threading.Thread] = []

    def work(progress: Progress, cancel: CancelToken) -> int:
        threads.append(threading.current_thread())
        progress(1, 1, "done")
        return 42

    job = Job(work, title="Quick")
    got: list[object] = []
    job.succeeded.connect(lambda r: got.append((r, threading.current_thread())))
    with qtbot.waitSignal(job.finished, timeout=5000):
        job.start()
    assert got == [(42, threading.main_thread())]
    assert threads and threads[0] is not threading.main_thread()
    assert job.dialog is None


def test_a_slow_job_shows_progress_after_half_a_second_and_can_be_cancelled(qtbot: QtBot) -> None:
    def work(progress: Progress, cancel: CancelToken) -> None:
        for i in range(200):
            cancel.check()
            progress(i, 200, f"step {i}")
            time.sleep(0.02)

    job = Job(work, title="Slow")
    failed: list[object] = []
    job.failed.connect(failed.append)
    job.start()
    qtbot.wait(200)
    assert job.dialog is None  # not yet: short jobs never flash a dialog
    qtbot.waitUntil(lambda: job.dialog is not None and job.dialog.isVisible(), timeout=3000)
    assert job.dialog is not None
    button = job.dialog.findChild(QPushButton)
    assert button is not None and button.text() == "Cancel"
    with qtbot.waitSignal(job.finished, timeout=5000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(failed) == 1 and isinstance(failed[0], Cancelled)
    assert job.dialog is None


def test_an_error_comes_back_as_failed(qtbot: QtBot) -> None:
    def work(progress: Progress, cancel: CancelToken) -> None:
        raise ValueError("broken input")

    job = Job(work, title="Bad")
    failed: list[object] = []
    job.failed.connect(failed.append)
    with qtbot.waitSignal(job.finished, timeout=5000):
        job.start()
    assert isinstance(failed[0], ValueError)


def test_importing_files_adds_articles_and_lists_duplicates(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = write_jsonl(
        tmp_path / "new.jsonl",
        [
            {
                "text": "Rheinmetall liefert Munition.",
                "title": "Munition für Kiew",
                "source": "Test",
                "published": "2024-02-01",
                "language": "de",
            },
            {
                "text": "Second new article text.",
                "title": "Another one",
                "source": "Test",
                "published": "2023-05-05",
                "language": "en",
            },
            {
                "text": "Belarus shipped artillery shells to an undisclosed buyer in 2021.",
                "title": "Copy of an old one",
                "source": "Test",
                "published": "2021-01-01",
                "language": "en",
            },
        ],
    )
    with qtbot.waitSignal(window.imports.import_did_finish, timeout=20_000) as blocker:
        assert window.imports.start([path]) is not None
    report = blocker.args[0]
    assert isinstance(report, ImportReport), report
    assert report.added == 2 and len(report.duplicates) == 1
    assert "Munition für Kiew" in shown_titles(window)
    assert window.count_label.text() == "7 articles · 7 shown"
    assert "Imported 2 articles" in window.statusBar().currentMessage()
    boxes = window.open_messages()
    assert len(boxes) == 1
    assert "Belarus ships shells" in boxes[0].detailedText()
    assert window.list_panel.source_combo.findData("Test") > 0


def test_a_bad_file_is_reported_with_file_and_line(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = write_jsonl(
        tmp_path / "bad.jsonl",
        [
            {
                "text": "Fine.",
                "title": "ok",
                "source": "s",
                "published": "2024-01-01",
                "language": "en",
            },
            '{"text": "broken", ',
        ],
    )
    with qtbot.waitSignal(window.imports.import_did_finish, timeout=20_000) as blocker:
        window.imports.start([path])
    assert isinstance(blocker.args[0], ImportFailed)
    boxes = window.open_messages()
    assert len(boxes) == 1
    assert boxes[0].icon() == QMessageBox.Icon.Warning
    assert f"{path}:2" in boxes[0].informativeText()
    assert len(shown_titles(window)) == 5  # nothing was imported
    assert "nothing was changed" in window.statusBar().currentMessage()


def test_only_one_import_at_a_time(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": "x y z", "title": "t", "language": "en"}])
    with qtbot.waitSignal(window.imports.import_did_finish, timeout=20_000):
        assert window.imports.start([path]) is not None
        assert window.imports.start([path]) is None
    for box in window.open_messages():
        box.close()
