"""Pinned node positions, kept in the store (``store_meta`` row ``graph.pins``: JSON
``{entity uuid: [x, y]}``), so that they survive a restart and follow merges by uuid."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping

from db.models import StoreMeta
from db.store import Store

PINS_KEY = "graph.pins"


def load_pins(store: Store) -> dict[str, tuple[float, float]]:
    """Pinned positions by entity uuid (empty when none, or when the row is unreadable)."""
    with store.read() as s:
        row = s.get(StoreMeta, PINS_KEY)
        raw = row.value if row is not None else None
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    out: dict[str, tuple[float, float]] = {}
    if isinstance(data, dict):
        for uuid, xy in data.items():
            if (
                isinstance(xy, list)
                and len(xy) == 2
                and all(isinstance(v, int | float) and math.isfinite(v) for v in xy)
            ):
                out[str(uuid)] = (float(xy[0]), float(xy[1]))
    return out


def save_pins(store: Store, pins: Mapping[str, tuple[float, float]]) -> None:
    """Replace the pinned positions (one transaction)."""
    value = json.dumps(
        {u: [float(x), float(y)] for u, (x, y) in sorted(pins.items())}, separators=(",", ":")
    )
    with store.write() as s:
        row = s.get(StoreMeta, PINS_KEY)
        if row is None:
            s.add(StoreMeta(key=PINS_KEY, value=value))
        else:
            row.value = value
