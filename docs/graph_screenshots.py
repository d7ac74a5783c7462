"""Re-take the relation graph screenshots, and time the graph view.

    QT_QPA_PLATFORM=offscreen python docs/graph_screenshots.py seeds /path/to/shared/seeds
    QT_QPA_PLATFORM=offscreen python docs/graph_screenshots.py big   # bench store, ~2,000 nodes
    QT_QPA_PLATFORM=offscreen python docs/graph_screenshots.py bench # 5,000 nodes / 20,000 edges

``seeds`` tags the five seed articles (events between real gazetteer entities) and
shoots the window with the graph dock on "Whole store": docs/screenshot-graph-seeds.png.
``big`` uses the graph bench's store (bench/bench_graph.py, built once and cached):
docs/screenshot-graph-2000.png. ``bench`` prints render times of the view (not a test).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from db.workspace import Workspace  # noqa: E402

DOCS = Path(__file__).resolve().parent
SIZE = (1400, 900)

# (seed file prefix, event type, {role: [(surface, entity name)]}, trigger, date)
SEED_EVENTS = [
    (
        "000",
        "LICENCE_ACTION",
        {"Authority": [("kanadische", "Canada")], "Target": [("Türkei", "Türkiye")]},
        "Aufhebung",
        "2021-04",
    ),
    (
        "000",
        "USE",
        {"User": [("Aserbaidschan", "Azerbaijan")], "Target": [("Armenien", "Armenia")]},
        "eingesetzt",
        "2020",
    ),
    (
        "001",
        "OFFER",
        {"Offerer": [("Türkei", "Türkiye")], "Recipient": [("Aserbaidschan", "Azerbaijan")]},
        "Verfügung",
        "2021",
    ),
    (
        "001",
        "COOPERATION",
        {"Party": [("Türkei", "Türkiye"), ("Aserbaidschan", "Azerbaijan")]},
        "Zusammenarbeit",
        "2021",
    ),
    (
        "002",
        "TRANSFER",
        {"Supplier": [("Belarus", "Belarus")], "Recipient": [("Aserbaidschan", "Azerbaijan")]},
        "übertrug",
        "2020",
    ),
    (
        "002",
        "ALLIANCE_CHANGE",
        {"Member": [("Armenien", "Armenia")], "Alliance": [("Militärbündnis", "CSTO")]},
        "verlassen",
        "2024",
    ),
    (
        "003",
        "TRANSFER",
        {"Supplier": [("Türkiye", "Türkiye")], "Recipient": [("Aserbaidschan", "Azerbaijan")]},
        "lieferte",
        "2020-07",
    ),
    (
        "004",
        "OFFER",
        {"Offerer": [("Turkish", "Türkiye")], "Recipient": [("Azerbaijan", "Azerbaijan")]},
        "invited",
        "2023-01",
    ),
]


def _entity(ws: Workspace, name: str, kind: str = "ACTOR") -> int | None:
    found = ws.tagging.match_entities(name, kind, limit=1)
    eid = found[0].entity_id if found else None
    return eid if isinstance(eid, int) else None


def tag_seeds(ws: Workspace, seeds: Path) -> None:
    """Import the seed articles and tag the events of ``SEED_EVENTS``."""
    files = sorted(seeds.glob("*.txt"))
    added = ws.import_paths(files).added_ids
    by_prefix = {f.name[:3]: aid for f, aid in zip(files, added, strict=False)}
    t = ws.tagging
    for prefix, type_, roles, trigger, date in SEED_EVENTS:
        aid = by_prefix.get(prefix)
        doc = ws.article(aid) if aid is not None else None
        if aid is None or doc is None or trigger not in doc.text:
            continue
        args: list[tuple[str, int]] = []
        used: set[int] = set()
        for role, fillers in roles.items():
            for surface, name in fillers:
                start = doc.text.find(surface)
                while start in used:
                    start = doc.text.find(surface, start + 1)
                eid = _entity(ws, name)
                if start < 0 or eid is None:
                    continue
                used.add(start)
                mid = t.add_mention(aid, start, start + len(surface), "ACTOR", eid).created[0]
                args.append((role, mid))
        s = doc.text.index(trigger)
        t.create_event_at(
            aid, type_, s, s + len(trigger), arguments=args, attributes={"date": date}
        )


def shoot(ws: Workspace, out: Path, *, article_index: int = 0) -> None:
    """The window on ``ws`` with the graph dock on "Whole store", saved to ``out``."""
    from desktop.graph.install import install_graph_dock
    from desktop.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    settings_dir = tempfile.mkdtemp()
    settings = QSettings(str(Path(settings_dir) / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(ws, settings=settings, persist=False)
    w.resize(*SIZE)
    w.show()
    app.processEvents()
    w.list_panel.select_row(article_index)
    dock = install_graph_dock(w)
    # At 1400 px beside the list, the text and the form the graph gets ~340 px: the
    # picture shows it as a tab over the form (one drag in the app) to show the graph.
    w.tabifyDockWidget(w.tagging_dock, dock)
    dock.raise_()
    w.resizeDocks([dock], [900], Qt.Orientation.Horizontal)
    app.processEvents()
    dock.panel.set_scope_kind("store")
    dock.panel.layout_job.wait()
    # Layouts filled while hidden may still have requests pending: settle them first.
    for _ in range(5):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        app.processEvents()
    view = dock.panel.view
    view.fit()
    # Show the evidence of the edge with the most behind it, as a click would.
    edges = view.graph_data().edges
    if edges:
        key = max(edges, key=lambda k: (edges[k].count, k))
        view.select_edge(key)
        view.edge_clicked.emit(key)
    app.processEvents()
    print(f"window {w.width()}x{w.height()}, graph dock {dock.width()}x{dock.height()}")
    w.grab().save(str(out))
    print(f"wrote {out} ({len(dock.panel.view.node_ids())} nodes)")
    w.close()


def seeds_shot(seeds: Path) -> None:
    store = Path(tempfile.mkdtemp()) / "seeds.sqlite"
    ws = Workspace.open(store, "analyst")
    tag_seeds(ws, seeds)
    shoot(ws, DOCS / "screenshot-graph-seeds.png")


def big_shot() -> None:
    import shutil

    from bench.bench_graph import _annotated_store

    work = Path(tempfile.mkdtemp()) / "graph-2000.sqlite"
    shutil.copyfile(_annotated_store(400, 2_000, 8_500), work)
    ws = Workspace.open(work, "bench")
    shoot(ws, DOCS / "screenshot-graph-2000.png")


def bench(n: int = 5_000, m: int = 20_000, repeat: int = 7) -> None:
    """Median render times of the view at ``n`` nodes / ``m`` edges (prints them)."""
    import random

    from PySide6.QtCore import QPointF

    from db.graph.layout import force_layout
    from db.graph.model import Evidence, GraphData, GraphEdge, GraphNode
    from db.tagset import default_tagset
    from desktop.graph.graph_view import GraphView

    app = QApplication.instance() or QApplication(sys.argv)
    rng = random.Random(3)
    subtypes = ["state", "company", "government_body", "person", "armed_forces"]
    styles = ["supply", "supply", "restrictive", "cooperation", "use"]
    nodes = {
        i: GraphNode(i, f"u{i}", f"Actor {i}", "ACTOR", rng.choice(subtypes), None, 1, 1)
        for i in range(n)
    }
    ev = (Evidence(1, 1, "event", 1, "e", "TRANSFER", 0, 1),)
    edges: dict[tuple[int, int, str], GraphEdge] = {}
    while len(edges) < m:
        a, b = rng.randrange(n), rng.randrange(n)
        style = rng.choice(styles)
        if a == b:
            continue
        if style == "cooperation":
            a, b = sorted((a, b))
        edges[(a, b, style)] = GraphEdge(
            a, b, style, style != "cooperation", rng.randint(1, 6), 1, ("T",), (), ev
        )
    t = time.perf_counter()
    pos = force_layout(list(nodes), [(a, b) for a, b, _s in edges], seed=1)
    print(f"force_layout {n:,} nodes / {m:,} edges: {time.perf_counter() - t:.2f} s")
    view = GraphView()
    view.set_tagset(default_tagset())
    view.resize(1000, 800)
    view.show()
    app.processEvents()
    t = time.perf_counter()
    view.set_graph(GraphData(nodes, edges), pos)
    print(f"set_graph: {1000 * (time.perf_counter() - t):.0f} ms")
    grabs, zooms, hits = [], [], []
    for _ in range(repeat):
        t = time.perf_counter()
        view.plot.grab()
        grabs.append(time.perf_counter() - t)
    (x0, x1), (y0, y1) = view._vb.viewRange()
    for k in range(repeat):
        f = 0.9 ** (k + 1)
        cx, cy, wx, wy = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) * f / 2, (y1 - y0) * f / 2
        t = time.perf_counter()
        view._vb.setRange(xRange=(cx - wx, cx + wx), yRange=(cy - wy, cy + wy), padding=0)
        view._update_arrows()
        view.plot.grab()
        zooms.append(time.perf_counter() - t)
    for _ in range(repeat):
        t = time.perf_counter()
        view.edge_at(QPointF(rng.uniform(x0, x1), rng.uniform(y0, y1)))
        view.node_at(QPointF(rng.uniform(x0, x1), rng.uniform(y0, y1)))
        hits.append(time.perf_counter() - t)

    def ms(xs: list[float]) -> str:
        return f"{1000 * statistics.median(xs):.1f} ms"

    print(f"render (view.grab) median: {ms(grabs)}; antialias {view.antialiased()}")
    print(f"zoom step (setRange + arrows + render) median: {ms(zooms)}")
    print(f"hover hit test (node + edge) median: {ms(hits)}")
    print(f"labels shown: {len(view.visible_labels())}")


def main() -> None:
    what = sys.argv[1] if len(sys.argv) > 1 else "bench"
    QApplication.instance() or QApplication(sys.argv)
    if what == "seeds":
        seeds_shot(Path(sys.argv[2]))
    elif what == "big":
        big_shot()
    else:
        bench()


if __name__ == "__main__":
    main()
