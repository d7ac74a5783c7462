"""Layout of the relation graph: igraph's Fruchterman-Reingold with pins, and new nodes."""

from __future__ import annotations

import math
import random

from db.graph.layout import force_layout, place_new
from db.graph.pins import PINS_KEY, load_pins, save_pins
from db.models import StoreMeta
from db.store import Store


def _graph(n: int, m: int, seed: int = 3) -> tuple[list[int], list[tuple[int, int]]]:
    rng = random.Random(seed)
    nodes = [100 + i for i in range(n)]  # ids that are not indices
    edges = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(m)]
    return nodes, edges


def test_every_node_gets_a_finite_position_and_a_seed_repeats_it() -> None:
    nodes, edges = _graph(300, 900)
    first = force_layout(nodes, edges, seed=7)
    assert set(first) == set(nodes)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in first.values())
    assert force_layout(nodes, edges, seed=7) == first
    assert force_layout(nodes, edges, seed=8) != first
    assert len({(round(x, 6), round(y, 6)) for x, y in first.values()}) == len(nodes)


def test_pinned_nodes_stay_put_and_pull_their_neighbours() -> None:
    nodes, edges = _graph(200, 500)
    pinned = {nodes[0]: (500.0, 500.0), nodes[1]: (-500.0, -500.0)}
    hub = nodes[2]
    edges += [(hub, n) for n in nodes[3:13]] + [(nodes[0], hub)]
    pos = force_layout(nodes, edges, pinned=pinned, seed=1)
    assert pos[nodes[0]] == (500.0, 500.0) and pos[nodes[1]] == (-500.0, -500.0)
    free = force_layout(nodes, edges, seed=1)
    d_pinned = math.dist(pos[hub], (500.0, 500.0))
    d_free = math.dist(free[hub], (500.0, 500.0))
    assert d_pinned < d_free  # the hub followed the node it is tied to


def test_a_relayout_from_initial_positions_keeps_the_picture() -> None:
    nodes, edges = _graph(150, 400)
    base = force_layout(nodes, edges, seed=2)
    again = force_layout(nodes, edges, initial=base, seed=99)
    moved = [math.dist(base[n], again[n]) for n in nodes]
    spread = max(math.dist(base[a], base[b]) for a in nodes[:30] for b in nodes[:30])
    assert sorted(moved)[len(moved) // 2] < spread / 2


def test_a_new_node_lands_near_its_neighbours_or_outside_the_crowd() -> None:
    occupied = [(float(x), float(y)) for x in range(-10, 11, 2) for y in range(-10, 11, 2)]
    near = place_new(42, [(8.0, 8.0), (10.0, 10.0)], occupied, seed=0)
    assert math.dist(near, (9.0, 9.0)) < 2.0 and near != (9.0, 9.0)
    assert place_new(42, [(8.0, 8.0)], occupied, seed=0) == place_new(
        42, [(8.0, 8.0)], occupied, seed=0
    )
    assert place_new(43, [(8.0, 8.0)], occupied) != place_new(44, [(8.0, 8.0)], occupied)
    alone = place_new(7, [], occupied, seed=0)
    radius = max(math.hypot(x, y) for x, y in occupied)
    assert radius < math.hypot(*alone) < radius + 5.0
    assert math.hypot(*place_new(7, [], [], seed=0)) <= math.sqrt(2)


def test_pins_are_kept_in_the_store(store: Store) -> None:
    assert load_pins(store) == {}
    save_pins(store, {"uuid-a": (1.5, -2.0), "uuid-b": (0, 3)})
    assert load_pins(store) == {"uuid-a": (1.5, -2.0), "uuid-b": (0.0, 3.0)}
    save_pins(store, {"uuid-b": (4.0, 4.0)})
    assert load_pins(store) == {"uuid-b": (4.0, 4.0)}
    with store.read() as s:
        row = s.get(StoreMeta, PINS_KEY)
        assert row is not None and '"uuid-b":[4.0,4.0]' in row.value
    with store.write() as s:
        row = s.get(StoreMeta, PINS_KEY)
        assert row is not None
        row.value = '{"uuid-c": [1, "x"], "uuid-d": [2, 3]'  # truncated by hand
    assert load_pins(store) == {}
