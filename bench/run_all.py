"""Run every benchmark and print the figures; ``--smoke`` runs them small, for CI."""

from __future__ import annotations

import argparse
import time

from bench import bench_import, bench_search
from bench.common import machine


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true", help="tiny sizes: check the scripts run")
    args = ap.parse_args()
    print(f"# Armscribe benchmarks on {machine()}")
    t0 = time.perf_counter()
    if args.smoke:
        bench_import.run(200)
        bench_search.run(500, repeat=3)
    else:
        bench_import.run(10_000)
        bench_search.run(100_000)
    print(f"# done in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
