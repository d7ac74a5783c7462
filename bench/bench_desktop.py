"""Budgets of the window (foundation issue):

- cold start to the first painted window on a 10,000-article store: under 1.0 s median;
- switching article (row selected -> text shown and painted), 5,000 words: under 30 ms;
- peak memory with the 100,000-article store open: under 300 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import OUT, machine, report, timeit
from bench.synth import build_store


def first_paint(store: Path) -> tuple[float, float]:
    """Seconds from spawning ``armscribe gui`` to its first paint, and its peak RSS."""
    env = dict(os.environ, ARMSCRIBE_QUIT_AFTER_FIRST_PAINT="1", QT_QPA_PLATFORM="offscreen")
    # An installed app starts from compiled bytecode; a shell with this variable set would
    # make every start compile our ~100 modules again (0.15-0.3 s), which no user pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    t0 = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "gui", "--store", str(store)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("first-paint"))
    parts = line.split()
    return float(parts[1]) - t0, float(parts[3])


def run_startup(n: int, repeat: int) -> None:
    store = build_store(OUT / f"synthetic-{n}.sqlite", n)
    first_paint(store)  # warm the page cache and Python's bytecode cache once
    results = [first_paint(store) for _ in range(repeat)]
    report(f"start to first paint, {n:,}-article store", [r[0] for r in results], budget=1000)
    rss = statistics.median(r[1] for r in results)
    print(
        f"{'peak memory at first paint, ' + format(n, ',') + '-article store':<58} "
        f"median {rss:9.1f} MB   budget 300 MB: {'OK' if rss <= 300 else 'OVER'}",
        flush=True,
    )


def run_switch(n_articles: int, words: int, repeat: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from db.workspace import Workspace
    from desktop.app import wait_for_paint
    from desktop.main_window import MainWindow

    store = build_store(OUT / f"synthetic-{n_articles}x{words}w.sqlite", n_articles, words=words)
    app = QApplication.instance() or QApplication([])
    ws = Workspace.open(store, "bench")
    settings = QSettings(str(OUT / "bench-settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ws, settings=settings, persist=False)
    window.resize(1400, 900)
    window.show()
    wait_for_paint(window)
    viewport = window.article_view.text_edit.viewport()
    rows = iter(range(10**9))

    def switch() -> None:
        window.list_panel.select_row(next(rows) % n_articles)
        wait_for_paint(viewport)

    switch()
    report(f"switch article, {words:,} words, select -> painted", timeit(switch, repeat), budget=30)
    window.close()
    ws.close()
    app.processEvents()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--what", choices=["startup", "switch", "memory", "all"], default="all")
    args = ap.parse_args()
    print(machine())
    if args.what in ("startup", "all"):
        run_startup(10_000, 7)
    if args.what in ("memory", "all"):
        run_startup(100_000, 3)
    if args.what in ("switch", "all"):
        run_switch(40, 5_000, 40)
