"""Budget: importing 10,000 ``.txt`` articles in under 20 s (foundation issue)."""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from bench.common import machine, rss_mb
from bench.synth import write_text_files


def run(n: int) -> float:
    from db.importing import import_paths
    from db.store import open_store

    work = Path(tempfile.mkdtemp(prefix="armscribe-bench-import-"))
    try:
        write_text_files(work / "txt", n)
        store = open_store(work / "store.sqlite")
        t0 = time.perf_counter()
        report = import_paths(store, [work / "txt"])
        took = time.perf_counter() - t0
        store.close()
        assert report.added == n, report.summary()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    budget = 20.0 * n / 10_000
    verdict = "OK" if took <= budget else "OVER"
    print(
        f"import {n:,} .txt files (read, detect language, store, index)   "
        f"{took:7.2f} s  ({n / took:,.0f} articles/s)  budget {budget:g} s: {verdict}  "
        f"peak RSS {rss_mb():.0f} MB",
        flush=True,
    )
    return took


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=10_000)
    print(machine())
    run(ap.parse_args().n)
