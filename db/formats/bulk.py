"""Helpers of the bulk paths (export, import): the garbage collector paused while many
rows are alive, rows freed beside a long SQLite statement, and id lists cut to SQLite's
bound-parameter limit."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

_T = TypeVar("_T")

IN_CHUNK = 900
"""Ids per ``IN (...)`` list: under SQLite's old limit of 999 bound parameters."""


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk read or write. Holding a million
    row tuples alive makes every collection walk them all: reading a 200,000-mention
    JSONL into memory took 2.5x as long with the collector running. Nothing a bulk
    path builds is cyclic, so nothing is lost; the collector is restored (if it was on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def free_aside(rows: list[Any]) -> threading.Thread:
    """Empty ``rows`` in a thread and return it (join it before relying on the memory
    being back): freeing 200,000 row tuples takes ~0.08 s of Python, which overlaps the
    caller's next long SQLite statement (one that releases the GIL throughout, such as
    ``CREATE INDEX``) instead of following it. ``rows`` must hold the last references."""
    held = rows[:]
    rows.clear()
    thread = threading.Thread(target=held.clear, name="armscribe-free", daemon=True)
    thread.start()
    return thread


def chunks(seq: Sequence[_T], n: int) -> Iterator[Sequence[_T]]:
    """``seq`` in slices of ``n`` (for ``IN (...)`` lists within SQLite's limits)."""
    for i in range(0, len(seq), n):
        yield seq[i : i + n]
