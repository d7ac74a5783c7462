"""Positions for the relation graph: igraph's Fruchterman-Reingold, plus placing one new
node without moving the others. Pure functions of their arguments, so the view may run
them in a worker thread."""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Mapping, Sequence

Point = tuple[float, float]

# igraph draws its random numbers from one process-wide generator; a seeded generator
# is swapped in for each layout, under this lock, so that a seed gives one layout.
_RNG_LOCK = threading.Lock()


def force_layout(
    node_ids: Sequence[int],
    edges: Sequence[tuple[int, int]],
    *,
    pinned: Mapping[int, Point] = {},  # noqa: B006 - read only
    initial: Mapping[int, Point] = {},  # noqa: B006 - read only
    seed: int = 0,
) -> dict[int, Point]:
    """Fruchterman-Reingold positions by node id. Pinned nodes stay where they are;
    other nodes start at ``initial`` when given (so that a re-layout keeps the picture),
    else at seeded random points. The same arguments give the same layout."""
    import igraph

    if not node_ids:
        return {}
    index = {n: i for i, n in enumerate(node_ids)}
    pairs = [(index[a], index[b]) for a, b in edges if a in index and b in index and a != b]
    # igraph's grid FR works in a frame sqrt(n) wide with cells of a fixed size, and its
    # cost grows with the nodes per cell: 5,000 nodes started 10x wider took 6 s, started
    # from a converged (dense) picture 18 s, spread uniformly 0.5 s. So given positions
    # are mapped into that frame with their core (90% of nodes) filling it, and back.
    half = max(1.0, math.sqrt(len(node_ids)) / 2.0)
    given = [pinned.get(n) or initial.get(n) for n in node_ids]
    known = [p for p in given if p is not None]
    cx = sum(p[0] for p in known) / len(known) if known else 0.0
    cy = sum(p[1] for p in known) / len(known) if known else 0.0
    dev = sorted(max(abs(p[0] - cx), abs(p[1] - cy)) for p in known)
    core = dev[int(0.9 * (len(dev) - 1))] if dev else 0.0
    extent = core if core > 0 else (dev[-1] if dev else 0.0)
    scale = half / extent if extent > 0 else 1.0
    rng = random.Random(seed)
    start: list[list[float]] = []
    for p in given:
        if p is None:
            start.append([rng.uniform(-half, half), rng.uniform(-half, half)])
        else:
            start.append([(p[0] - cx) * scale, (p[1] - cy) * scale])
    kwargs: dict[str, object] = {}
    if pinned:
        inf = math.inf
        minx, maxx = [-inf] * len(node_ids), [inf] * len(node_ids)
        miny, maxy = [-inf] * len(node_ids), [inf] * len(node_ids)
        for n in pinned:
            i = index.get(n)
            if i is not None:
                minx[i] = maxx[i] = start[i][0]
                miny[i] = maxy[i] = start[i][1]
        kwargs = {"minx": minx, "maxx": maxx, "miny": miny, "maxy": maxy}
    g = igraph.Graph(n=len(node_ids), edges=pairs, directed=False)
    with _RNG_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            coords = g.layout_fruchterman_reingold(seed=start, **kwargs).coords
        finally:
            igraph.set_random_number_generator(random)
    out = {n: (c[0] / scale + cx, c[1] / scale + cy) for n, c in zip(node_ids, coords, strict=True)}
    for n, p in pinned.items():  # exactly, not within floating-point noise
        if n in out:
            out[n] = (float(p[0]), float(p[1]))
    return out


def place_new(
    node_id: int,
    neighbours: Sequence[Point],
    occupied: Sequence[Point],
    *,
    seed: int = 0,
) -> Point:
    """Where a node that just appeared goes: near the mean of its placed neighbours
    (with a little jitter so that two new nodes do not coincide), or, with none, on a
    ring just outside the occupied area (at the centre of an empty picture)."""
    rng = random.Random(seed * 1_000_003 + node_id)
    if neighbours:
        mx = sum(p[0] for p in neighbours) / len(neighbours)
        my = sum(p[1] for p in neighbours) / len(neighbours)
        scale = _typical_gap(occupied)
        angle = rng.uniform(0.0, 2.0 * math.pi)
        r = scale * rng.uniform(0.3, 0.6)
        return (mx + r * math.cos(angle), my + r * math.sin(angle))
    if not occupied:
        return (rng.uniform(-1.0, 1.0), rng.uniform(-1.0, 1.0))
    cx = sum(p[0] for p in occupied) / len(occupied)
    cy = sum(p[1] for p in occupied) / len(occupied)
    radius = max(math.hypot(p[0] - cx, p[1] - cy) for p in occupied)
    radius += _typical_gap(occupied)
    angle = rng.uniform(0.0, 2.0 * math.pi)
    return (cx + radius * math.cos(angle), cy + radius * math.sin(angle))


def _typical_gap(points: Sequence[Point]) -> float:
    """About the distance between neighbouring nodes: the side of each node's share of
    the bounding box."""
    if len(points) < 2:
        return 1.0
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    area = max(xs) - min(xs)
    area *= max(ys) - min(ys)
    return max(math.sqrt(area / len(points)), 1e-3) if area > 0 else 1.0
