"""The graph view on graphs built by hand: what it draws (item arrays), how a delta
moves nothing but what changed, hit testing, bounded labels, pins and export."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from db.graph.model import Evidence, GraphData, GraphDelta, GraphEdge, GraphNode
from db.tagset import default_tagset
from desktop.graph.graph_view import MAX_LABELS, GraphView

Point = tuple[float, float]


def node(i: int, name: str, subtype: str = "state", articles: int = 1) -> GraphNode:
    return GraphNode(i, f"uuid-{i}", name, "ACTOR", subtype, None, articles, articles)


def edge(a: int, b: int, style: str = "supply", count: int = 1) -> GraphEdge:
    directed = style != "cooperation"
    if not directed:
        a, b = sorted((a, b))
    ev = Evidence(1, 1, "event", 10 + a, f"ev-{a}-{b}", "TRANSFER", 0, 5, "2020-07")
    return GraphEdge(a, b, style, directed, count, 1, ("TRANSFER",), ("Bayraktar TB2",), (ev,))


def graph(nodes: list[GraphNode], edges: list[GraphEdge]) -> GraphData:
    return GraphData({n.entity_id: n for n in nodes}, {e.key: e for e in edges})


POS: dict[int, Point] = {1: (0.0, 0.0), 2: (10.0, 0.0), 3: (0.0, 10.0), 4: (10.0, 10.0)}


@pytest.fixture
def view(qtbot: QtBot) -> GraphView:
    v = GraphView()
    qtbot.addWidget(v)
    v.resize(600, 600)
    v.set_tagset(default_tagset())
    v.show()
    qtbot.waitExposed(v)
    data = graph(
        [node(1, "Türkiye"), node(2, "Azerbaijan"), node(3, "Baykar", "company"), node(4, "NATO")],
        [edge(1, 2, "supply", 3), edge(3, 2, "supply"), edge(1, 4, "cooperation")],
    )
    v.set_graph(data, POS)
    return v


def pairs(view: GraphView, style: str) -> set[tuple[Point, Point]]:
    x, y = view.edge_item_data(style)
    pts = list(zip(x.tolist(), y.tolist(), strict=True))
    return {(pts[i], pts[i + 1]) for i in range(0, len(pts), 2)}


def test_draws_nodes_and_one_curve_per_style(view: GraphView) -> None:
    assert sorted(view.node_ids()) == [1, 2, 3, 4]
    assert set(view.edge_keys()) == {(1, 2, "supply"), (3, 2, "supply"), (1, 4, "cooperation")}
    assert pairs(view, "supply") == {(POS[1], POS[2]), (POS[3], POS[2])}
    assert pairs(view, "cooperation") == {(POS[1], POS[4])}
    x, y = view.node_item_data()
    assert sorted(zip(x.tolist(), y.tolist(), strict=True)) == sorted(POS.values())
    # Arrowheads for the directed style only: two strokes (4 points) per edge.
    assert len(view.arrow_item_data("supply")[0]) == 8
    assert len(view.arrow_item_data("cooperation")[0]) == 0
    assert view.antialiased()


def test_a_delta_moves_only_what_changed(view: GraphView) -> None:
    before = {n: view.position(n) for n in (1, 2, 3)}
    placed: list[tuple[int, list[Point]]] = []

    def place(nid: int, near: list[Point], occupied: list[Point]) -> Point:
        placed.append((nid, near))
        return (near[0][0] + 1.0, near[0][1] - 1.0)

    delta = GraphDelta(
        nodes_added=(node(5, "Ukraine"),),
        nodes_removed=(4,),
        edges_added=(edge(1, 5, "supply"),),
        edges_removed=((1, 4, "cooperation"),),
        edges_changed=(edge(1, 2, "supply", 7),),
    )
    view.apply_delta(delta, place)
    assert placed == [(5, [POS[1]])]
    assert view.position(5) == (1.0, -1.0)
    assert {n: view.position(n) for n in (1, 2, 3)} == before
    assert view.position(4) is None and 4 not in view.node_ids()
    assert pairs(view, "supply") == {(POS[1], POS[2]), (POS[3], POS[2]), (POS[1], (1.0, -1.0))}
    assert pairs(view, "cooperation") == set()
    x, _y = view.node_item_data()
    assert len(x) == 4
    # Removing it again and re-adding puts it back where it was, without asking.
    view.apply_delta(GraphDelta(nodes_removed=(5,), edges_removed=((1, 5, "supply"),)), place)
    view.apply_delta(GraphDelta(nodes_added=(node(5, "Ukraine"),)), place)
    assert view.position(5) == (1.0, -1.0) and len(placed) == 1


def test_clicks_hit_nodes_then_edges_and_tooltips_describe_them(
    view: GraphView, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(view.node_clicked) as got:
        view.click_at(QPointF(10.0, 0.05))
    assert got.args == [2] and view.selected_node() == 2
    with qtbot.waitSignal(view.edge_clicked) as got:
        view.click_at(QPointF(5.0, 0.05))  # the middle of Türkiye -> Azerbaijan
    assert got.args == [(1, 2, "supply")] and view.selected_edge() == (1, 2, "supply")
    assert view.selected_node() is None
    tip = view.edge_tooltip((1, 2, "supply"))
    assert "Türkiye → Azerbaijan" in tip and "Supply: 3" in tip and "Bayraktar TB2" in tip
    assert "Baykar" in view.node_tooltip(3) and "company" in view.node_tooltip(3)
    # Far from everything: the selection goes.
    view.click_at(QPointF(2.0, 7.0))
    assert view.selected_edge() is None and view.selected_node() is None


def test_labels_come_from_a_bounded_pool(qtbot: QtBot) -> None:
    v = GraphView()
    qtbot.addWidget(v)
    v.resize(500, 500)
    v.show()
    n = 1500
    rng = np.random.default_rng(1)
    nodes = [node(i, f"N{i}", articles=int(rng.integers(1, 50))) for i in range(n)]
    edges = [edge(i, (i * 7 + 1) % n) for i in range(n)]
    pos = {i: (float(rng.uniform(0, 100)), float(rng.uniform(0, 100))) for i in range(n)}
    v.set_graph(graph(nodes, edges), pos)
    assert not v.antialiased()  # big graphs render without it
    assert 0 < len(v.visible_labels()) <= MAX_LABELS
    assert len(v._labels) <= MAX_LABELS
    v.select_node(7)
    assert "N7" in v.visible_labels()
    # Zoomed into a small corner every node there is labelled.
    v._vb.setRange(xRange=(0, 5), yRange=(0, 5), padding=0)
    inside = [i for i, (x, y) in pos.items() if x <= 5 and y <= 5]
    assert len(inside) < MAX_LABELS
    assert {f"N{i}" for i in inside} <= set(v.visible_labels())


def test_dragging_a_node_pins_it(view: GraphView, qtbot: QtBot) -> None:
    with qtbot.waitSignal(view.node_did_move) as got:
        view.move_node(3, 2.0, 12.0, final=True)
    assert got.args == [3, 2.0, 12.0]
    assert view.position(3) == (2.0, 12.0) and 3 in view.pinned()
    assert pairs(view, "supply") == {(POS[1], POS[2]), ((2.0, 12.0), POS[2])}


def test_export_png_and_svg(view: GraphView, tmp_path: Path) -> None:
    png, svg = tmp_path / "g.png", tmp_path / "g.svg"
    assert view.export_png(str(png))
    view.export_svg(str(svg))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "<path" in text


def test_edges_sharing_a_pair_are_bent_apart_and_each_can_be_clicked(view: GraphView) -> None:
    # Türkiye -> Azerbaijan supply, plus cooperation and the reverse direction.
    delta = GraphDelta(edges_added=(edge(1, 2, "cooperation"), edge(2, 1, "supply")))
    view.apply_delta(delta, lambda nid, near, occ: (0.0, 0.0))
    keys = [(1, 2, "cooperation"), (1, 2, "supply"), (2, 1, "supply")]
    middles: dict[tuple[int, int, str], Point] = {}
    for key in keys:
        x, y = view._segments([key])
        pts = list(zip(x.tolist(), y.tolist(), strict=True))
        # Drawn either straight (a, b) or as (a, m), (m, b) through a bend point m.
        middles[key] = pts[1] if len(pts) == 4 else ((pts[0][0] + pts[1][0]) / 2, 0.0)
    sides = sorted(m[1] for m in middles.values())
    assert sides[0] < -0.5 and abs(sides[1]) < 1e-9 and sides[2] > 0.5  # fanned out
    # And they are what the curve items draw.
    assert (POS[2], middles[(2, 1, "supply")]) in pairs(view, "supply")
    assert (POS[1], middles[(1, 2, "cooperation")]) in pairs(view, "cooperation")
    for key, m in middles.items():
        assert view.edge_at(QPointF(*m)) == key
    # Taking the extra edges away straightens the one left.
    view.apply_delta(
        GraphDelta(edges_removed=((1, 2, "cooperation"), (2, 1, "supply"))),
        lambda nid, near, occ: (0.0, 0.0),
    )
    assert pairs(view, "supply") == {(POS[1], POS[2]), (POS[3], POS[2])}


def test_an_edge_count_change_redraws_it_in_its_new_width(view: GraphView) -> None:
    before = {n: view.position(n) for n in view.node_ids()}
    x0, _y = view.node_item_data()
    view.apply_delta(
        GraphDelta(edges_changed=(edge(3, 2, "supply", 9),)), lambda n, a, b: (0.0, 0.0)
    )
    thick = [k for k, item in view._edge_items.items() if k[:2] == ("supply", 2)]
    assert thick and len(view._edge_items[thick[0]].xData) == 2  # (3 -> 2) alone in it
    assert view.edge((3, 2, "supply")).count == 9  # type: ignore[union-attr]
    assert pairs(view, "supply") == {(POS[1], POS[2]), (POS[3], POS[2])}
    assert {n: view.position(n) for n in view.node_ids()} == before
    x1, _y = view.node_item_data()
    assert x1.tolist() == x0.tolist()
