"""The relation graph's drawing in numbers, without Qt: node symbols and sizes, edge
bends and the points the curve items draw, arrowheads and hit distances (pixels).
``GraphView`` feeds these arrays to pyqtgraph."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np

from db.graph.layout import Point
from db.graph.model import EdgeKey, GraphNode

Placer = Callable[[int, list[Point], list[Point]], Point]
"""``place(node_id, neighbour_positions, occupied_positions) -> (x, y)``."""

HIT_PX = 5.0  # how near (pixels) a click or hover must be to an edge
ARROW_LEN_PX = 9.0
ARROW_HALF_PX = 4.0
BEND = 0.14  # two or more edges between one pair: each bent by this share of its length

# Actor subtype -> (pyqtgraph symbol, fill colour).
SUBTYPE_SYMBOLS: dict[str, tuple[str, str]] = {
    "state": ("o", "#37474F"),
    "government_body": ("s", "#5C6BC0"),
    "armed_forces": ("t", "#558B2F"),
    "company": ("d", "#F9A825"),
    "alliance": ("h", "#00897B"),
    "organisation": ("h", "#00897B"),
    "person": ("star", "#8D6E63"),
    "armed_group": ("t1", "#D84315"),
    "media": ("p", "#90A4AE"),
    "ngo": ("p", "#90A4AE"),
}
OTHER_SYMBOL = ("o", "#B0BEC5")
WEAPON_SYMBOL = ("x", "#78909C")


def node_symbol(node: GraphNode) -> tuple[str, str]:
    """The (symbol, colour) a node is drawn with."""
    if node.kind != "ACTOR":
        return WEAPON_SYMBOL if node.kind == "WEAPON" else OTHER_SYMBOL
    return SUBTYPE_SYMBOLS.get(node.subtype or "", OTHER_SYMBOL)


def size_range(n_nodes: int) -> tuple[float, float]:
    """Smallest and largest symbol diameter (pixels) for a graph of ``n_nodes``:
    big graphs get small symbols, or the edges vanish under them."""
    if n_nodes <= 60:
        return 10.0, 28.0
    if n_nodes <= 600:
        return 6.0, 20.0
    return 3.5, 14.0


def node_sizes(counts: np.ndarray, n_nodes: int) -> np.ndarray:
    """Symbol diameters: grow with the log of the articles behind each node."""
    lo, hi = size_range(n_nodes)
    if not len(counts):
        return np.zeros(0)
    top = math.log1p(max(float(counts.max()), 1.0))
    sizes: np.ndarray = lo + (hi - lo) * np.log1p(np.maximum(counts, 0)) / top
    # Half-pixel steps: pyqtgraph renders one atlas entry per distinct size.
    return np.round(sizes * 2) / 2


def width_class(count: int) -> int:
    """0: one event or relation, 1: a few, 2: many."""
    return 0 if count <= 1 else (1 if count <= 4 else 2)


WIDTHS = (1.2, 2.4, 4.0)

GroupKey = tuple[str, int, bool]
"""Edges drawn by one curve item: (style, width class, directed)."""


def bends(keys: Iterable[EdgeKey]) -> dict[EdgeKey, float]:
    """How much each edge is bent (a share of its length, signed): 0 for the only edge
    between two nodes; edges sharing a pair (two styles, or both directions) fan out
    around the straight line, so that each stays visible."""
    by_pair: dict[tuple[int, int], list[EdgeKey]] = {}
    for k in keys:
        by_pair.setdefault((min(k[0], k[1]), max(k[0], k[1])), []).append(k)
    out: dict[EdgeKey, float] = {}
    for pair_keys in by_pair.values():
        n = len(pair_keys)
        for r, k in enumerate(sorted(pair_keys, key=lambda k: (k[2], k[0]))):
            b = (r - (n - 1) / 2) * BEND if n > 1 else 0.0
            # Measured against the pair's low-to-high direction, whatever the edge's.
            out[k] = b if k[0] < k[1] else -b
    return out


def edge_points(pos: np.ndarray, idx: np.ndarray, bend: np.ndarray) -> np.ndarray:
    """Points for ``connect="pairs"``: (a, b) for a straight edge, (a, m), (m, b) for a
    bent one (m: the midpoint moved sideways by ``bend`` times the length)."""
    a, b = pos[idx[:, 0]], pos[idx[:, 1]]
    straight = bend == 0
    out = [np.stack([a[straight], b[straight]], axis=1).reshape(-1, 2)]
    if not straight.all():
        bent = ~straight
        ab, bb = a[bent], b[bent]
        d = bb - ab
        m = (ab + bb) / 2 + np.stack([-d[:, 1], d[:, 0]], axis=1) * bend[bent][:, None]
        out.append(np.stack([ab, m, m, bb], axis=1).reshape(-1, 2))
    return np.concatenate(out) if len(out) > 1 else out[0]


def mid_points(pos: np.ndarray, idx: np.ndarray, bend: np.ndarray) -> np.ndarray:
    """Each edge's middle point as drawn (on its bend)."""
    a, b = pos[idx[:, 0]], pos[idx[:, 1]]
    d = b - a
    mid: np.ndarray = (a + b) / 2 + np.stack([-d[:, 1], d[:, 0]], axis=1) * bend[:, None]
    return mid


def segment_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance from the origin to each segment a[i]-b[i]."""
    ab = b - a
    den = np.maximum((ab * ab).sum(axis=1), 1e-12)
    t = np.clip(-(a * ab).sum(axis=1) / den, 0.0, 1.0)
    near = a + ab * t[:, None]
    dist: np.ndarray = np.hypot(near[:, 0], near[:, 1])
    return dist


def arrow_points(a: np.ndarray, b: np.ndarray, m: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """Arrowheads, in pixels, for edges from ``a`` to ``b`` drawn through ``m``: two
    strokes (tip, left, tip, right) at ``radius`` before each target's centre, for
    ``connect="pairs"``; edges shorter than their arrow get none."""
    full = b - a
    length = np.hypot(full[:, 0], full[:, 1])
    d = b - m  # the last stretch of the edge as drawn
    u = d / np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)[:, None]
    n = np.stack([-u[:, 1], u[:, 0]], axis=1)
    tip = b - u * radius[:, None]
    base = tip - u * ARROW_LEN_PX
    left = base + n * ARROW_HALF_PX
    right = base - n * ARROW_HALF_PX
    pts: np.ndarray = np.stack([tip, left, tip, right], axis=1).reshape(-1, 2)
    keep = np.repeat(length > radius + ARROW_LEN_PX + 2, 4)
    kept: np.ndarray = pts[keep]
    return kept
