"""Helpers every benchmark shares: timing, medians, and naming the machine."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def machine() -> str:
    """One line describing where the figures were measured."""
    import sqlite3

    cpus = os.cpu_count()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            model = next(
                (ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), "?"
            )
    except OSError:
        model = platform.processor() or "?"
    return (
        f"{platform.system()} {platform.machine()}, {cpus} cores ({model}), "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def timeit(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def report(name: str, times: list[float], budget: float | None = None, unit: str = "ms") -> str:
    """A printed line: median, p95, and the budget it is held against."""
    scale = 1000.0 if unit == "ms" else 1.0
    med = statistics.median(times) * scale
    p95 = sorted(times)[max(0, int(round(0.95 * len(times))) - 1)] * scale
    verdict = ""
    if budget is not None:
        verdict = f"  budget {budget:g} {unit}: {'OK' if med <= budget else 'OVER'}"
    line = f"{name:<58} median {med:9.2f} {unit}  p95 {p95:9.2f} {unit}  (n={len(times)}){verdict}"
    print(line, flush=True)
    return line


def rss_mb() -> float:
    """Peak resident memory of this process in MB."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
