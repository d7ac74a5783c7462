"""Frame times of the relation graph view (issue 4), offscreen Qt:

- pan and zoom: one view-range step plus a synchronous repaint of the plot, per frame
  (median and p95), on 5,000 nodes / 20,000 edges and 2,000 / 8,000: budget 16 ms;
- the arrowhead refresh that follows a zoom once it pauses (not per frame);
- an incremental update as the view sees it: a ``GraphDelta`` like one edit's (an edge
  added or counted up, now and then a new node) applied in place plus the repaint, on
  2,000 / 8,000; with a store (``run_full``) also the whole path: a real edit through
  ``Tagging``, ``LiveGraph.refresh_articles``, ``GraphView.apply_delta``, repaint.

Figures depend on the machine's load: the benches print them, nothing asserts them.
"""

from __future__ import annotations

import os
import random
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import machine, report  # noqa: E402

Point = tuple[float, float]
SUBTYPES = ("state", "company", "government_body", "armed_forces", "person")
STYLES = ("supply", "supply", "supply", "restrictive", "cooperation", "use", "relation")


def _app() -> object:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv)


def synthetic_graph(n_nodes: int, n_edges: int, seed: int = 1) -> object:
    """A GraphData with a skewed degree distribution (hubs trade more), mixed styles."""
    from db.graph.model import Evidence, GraphData, GraphEdge, GraphNode

    rng = random.Random(seed)
    data = GraphData()
    for i in range(1, n_nodes + 1):
        data.nodes[i] = GraphNode(
            i,
            f"uuid-{i}",
            f"Actor {i:05d}",
            "ACTOR",
            SUBTYPES[i % len(SUBTYPES)] if i > 300 else "state",
            None,
            1 + int(60 * rng.random() ** 4),
            1,
        )
    while len(data.edges) < n_edges:
        a = 1 + int(n_nodes * rng.random() ** 1.6)
        b = 1 + rng.randrange(n_nodes)
        style = rng.choice(STYLES)
        directed = style != "cooperation"
        if a == b:
            continue
        if not directed and b < a:
            a, b = b, a
        count = 1 + int(8 * rng.random() ** 3)
        ev = Evidence(1, 1, "event", len(data.edges), "u", "TRANSFER", 0, 4, "2020")
        data.edges[(a, b, style)] = GraphEdge(
            a, b, style, directed, count, 1, ("TRANSFER",), (), (ev,) * count
        )
    return data


def _view(data: object, size: tuple[int, int] = (900, 700)) -> tuple[object, object]:
    from db.graph.layout import force_layout
    from db.tagset import default_tagset
    from desktop.graph.graph_view import GraphView

    app = _app()
    pos = force_layout(list(data.nodes), [(a, b) for a, b, _s in data.edges], seed=1)  # type: ignore[attr-defined]
    v = GraphView()
    v.resize(*size)
    v.set_tagset(default_tagset())
    v.show()
    app.processEvents()  # type: ignore[attr-defined]
    v.set_graph(data, pos)  # type: ignore[arg-type]
    v.plot.viewport().repaint()
    app.processEvents()  # type: ignore[attr-defined]
    return app, v


def _frame(v: object) -> None:
    v.plot.viewport().repaint()  # type: ignore[attr-defined]


def bench_pan_zoom(n_nodes: int, n_edges: int, steps: int) -> None:
    """Per-frame times of pan and zoom steps (range change + synchronous repaint)."""
    data = synthetic_graph(n_nodes, n_edges)
    app, v = _view(data)
    vb = v._vb  # type: ignore[attr-defined]
    label = f"{n_nodes:,} nodes / {n_edges:,} edges"
    (x0, x1), (y0, y1) = vb.viewRange()
    w = x1 - x0
    for _ in range(3):  # warm caches
        _frame(v)
    times = []
    for k in range(steps):
        dx = 0.02 * w * (1 if (k // 10) % 2 == 0 else -1)
        t = time.perf_counter()
        vb.translateBy(x=dx, y=0.5 * dx)
        _frame(v)
        times.append(time.perf_counter() - t)
    report(f"pan frame, {label}", times, budget=16)
    vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
    times = []
    for k in range(steps):
        f = 0.93 if (k // 10) % 2 == 0 else 1 / 0.93
        t = time.perf_counter()
        vb.scaleBy((f, f))
        _frame(v)
        times.append(time.perf_counter() - t)
    report(f"zoom frame, {label}", times, budget=16)
    times = []
    for k in range(max(5, steps // 4)):
        vb.scaleBy((0.9 if k % 2 else 1 / 0.9,) * 2)
        t = time.perf_counter()
        v._update_arrows()  # type: ignore[attr-defined]
        _frame(v)
        times.append(time.perf_counter() - t)
    report(f"arrowheads after a zoom pause, {label}", times)
    v.close()  # type: ignore[attr-defined]
    app.processEvents()  # type: ignore[attr-defined]


def bench_delta(n_nodes: int, n_edges: int, steps: int) -> None:
    """An edit's delta applied in place, then the repaint."""
    from dataclasses import replace

    from db.graph.layout import place_new
    from db.graph.model import GraphDelta, GraphNode

    data = synthetic_graph(n_nodes, n_edges)
    app, v = _view(data)
    rng = random.Random(4)
    keys = list(data.edges)  # type: ignore[attr-defined]
    next_id = n_nodes + 1
    times = []
    for k in range(steps):
        if k % 5 == 4:  # a new actor with its first edge
            new = GraphNode(next_id, f"uuid-{next_id}", f"New {k}", "ACTOR", "company", None, 1, 1)
            edge = replace(data.edges[keys[0]], source=rng.choice(keys)[0], target=next_id)  # type: ignore[attr-defined]
            delta = GraphDelta(nodes_added=(new,), edges_added=(edge,))
            next_id += 1
        else:  # one more event on an existing edge
            e = data.edges[rng.choice(keys)]  # type: ignore[attr-defined]
            delta = GraphDelta(edges_changed=(replace(e, count=e.count + 1),))
        t = time.perf_counter()
        v.apply_delta(delta, lambda i, near, occ: place_new(i, near, occ))  # type: ignore[attr-defined]
        _frame(v)
        times.append(time.perf_counter() - t)
    report(f"delta applied + repaint, {n_nodes:,} / {n_edges:,}", times, budget=16)
    v.close()  # type: ignore[attr-defined]
    app.processEvents()  # type: ignore[attr-defined]


def bench_edit_to_items(edits: int) -> None:
    """A real edit -> LiveGraph.refresh_articles -> GraphView.apply_delta -> repaint, on
    the graph bench's store (~2,000 nodes / ~8,000 edges)."""
    from bench.bench_graph import _annotated_store, _working_copy
    from db.graph.layout import force_layout, place_new
    from db.graph.live import LiveGraph
    from db.workspace import Workspace
    from desktop.graph.graph_view import GraphView

    app = _app()
    ws = Workspace.open(_working_copy(_annotated_store(400, 2_000, 8_500)), "bench")
    try:
        live = LiveGraph(ws.store, ws.tagging.tagset)
        data = live.data
        pos = force_layout(list(data.nodes), [(a, b) for a, b, _s in data.edges], seed=1)
        v = GraphView()
        v.resize(900, 700)
        v.set_tagset(ws.tagging.tagset)
        v.show()
        v.set_graph(data, pos)
        _frame(v)
        rng = random.Random(11)
        arts = sorted(a.id for a in ws.articles())
        refresh, apply_ = [], []
        for _ in range(edits):
            aid = rng.choice(arts)
            ann = ws.tagging.annotations(aid)
            actors = [m.id for m in ann.mentions if m.type == "ACTOR"]
            sup, rec = rng.sample(actors, 2)
            ws.tagging.create_event(
                aid, "TRANSFER", arguments=[("Supplier", sup), ("Recipient", rec)]
            )
            t = time.perf_counter()
            delta = live.refresh_articles([aid])
            t1 = time.perf_counter()
            v.apply_delta(delta, lambda i, near, occ: place_new(i, near, occ))
            _frame(v)
            t2 = time.perf_counter()
            refresh.append(t1 - t)
            apply_.append(t2 - t1)
        label = f"{len(data.nodes):,} / {len(data.edges):,}"
        report(f"edit -> refresh_articles, {label}", refresh)
        report(f"edit -> view delta + repaint, {label}", apply_)
        report(
            f"edit -> items drawn (both), {label}",
            [a + b for a, b in zip(refresh, apply_, strict=True)],
            budget=16,
        )
        v.close()
        app.processEvents()  # type: ignore[attr-defined]
    finally:
        ws.close()


def run_smoke() -> None:
    """Tiny sizes: check that the script runs."""
    print(f"# graph view on {machine()}")
    bench_pan_zoom(300, 1_200, 10)
    bench_delta(300, 1_200, 10)


def run_full() -> None:
    print(f"# graph view on {machine()}")
    bench_pan_zoom(5_000, 20_000, 60)
    bench_pan_zoom(2_000, 8_000, 60)
    bench_delta(2_000, 8_000, 40)
    bench_edit_to_items(30)


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--view-only", action="store_true", help="no store (skip edit -> items)")
    args = ap.parse_args()
    if args.smoke:
        run_smoke()
    elif args.view_only:
        print(f"# graph view on {machine()}")
        bench_pan_zoom(5_000, 20_000, 60)
        bench_pan_zoom(2_000, 8_000, 60)
        bench_delta(2_000, 8_000, 40)
    else:
        run_full()
