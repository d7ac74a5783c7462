"""Run every benchmark and print the figures; ``--smoke`` runs them small, for CI."""

from __future__ import annotations

import argparse
import importlib
import time

from bench import bench_desktop, bench_import, bench_search, bench_tagging
from bench.common import machine

# Benchmarks of later capabilities: each module exposes run_smoke() and run_full().
EXTRA_BENCHES = (
    "bench.bench_graph",
    "bench.bench_graph_view",
    "bench.bench_formats",
    "bench.bench_review",
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true", help="tiny sizes: check the scripts run")
    args = ap.parse_args()
    print(f"# Armscribe benchmarks on {machine()}")
    t0 = time.perf_counter()
    if args.smoke:
        bench_import.run(200)
        bench_search.run(500, repeat=3)
        bench_desktop.run_startup(500, 2)
        bench_desktop.run_switch(5, 500, 5)
        bench_tagging.run(words=500, mentions=40, events=5, repeat=5)
    else:
        bench_import.run(10_000)
        bench_search.run(100_000)
        bench_desktop.run_startup(10_000, 7)
        bench_desktop.run_startup(100_000, 3)
        bench_desktop.run_switch(40, 5_000, 40)
        bench_tagging.run()
    for name in EXTRA_BENCHES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.run_smoke() if args.smoke else module.run_full()
    print(f"# done in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
