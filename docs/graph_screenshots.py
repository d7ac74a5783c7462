"""Re-take the relation graph screenshots, and time the graph view.

    QT_QPA_PLATFORM=offscreen python docs/graph_screenshots.py seeds /path/to/shared/seeds
    QT_QPA_PLATFORM=offscreen python docs/graph_screenshots.py big   # bench store, ~2,000 nodes

``seeds`` tags the five seed articles (events between real gazetteer entities) and
shoots the window with the graph dock on "Whole store": docs/screenshot-graph-seeds.png,
and the graph popped out: docs/screenshot-graph-popout.png.
``big`` uses the graph bench's store (bench/bench_graph.py, built once and cached):
docs/screenshot-graph-2000.png. The view's frame times are in bench/bench_graph_view.py.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from seed_tagging import tag_event  # noqa: E402

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


def tag_seeds(ws: Workspace, seeds: Path) -> None:
    """Import the seed articles and tag the events of ``SEED_EVENTS``."""
    files = sorted(seeds.glob("*.txt"))
    added = ws.import_paths(files).added_ids
    by_prefix = {f.name[:3]: aid for f, aid in zip(files, added, strict=False)}
    for prefix, type_, roles, trigger, date in SEED_EVENTS:
        aid = by_prefix.get(prefix)
        doc = ws.article(aid) if aid is not None else None
        if aid is None or doc is None or trigger not in doc.text:
            continue
        tag_event(ws, doc, type_, roles, trigger, date)


def shoot(ws: Workspace, out: Path, *, article_index: int = 0, popout: Path | None = None) -> None:
    """The window on ``ws`` with the graph dock on "Whole store", as installed (a tab
    beside the form, raised), saved to ``out``; with ``popout`` also the graph popped out
    into its own big window."""
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
    dock.show_tab()  # its tab over the form
    app.processEvents()
    dock.panel.set_scope_kind("store")
    dock.panel.layout_job.wait()
    _settle(app)
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
    if popout is not None:
        dock.toggle_pop_out()
        _settle(app)
        view.fit()
        app.processEvents()
        dock.grab().save(str(popout))
        print(f"wrote {popout} (popped out, {dock.width()}x{dock.height()})")
    w.close()


def _settle(app: object) -> None:
    # Layouts filled while hidden may still have requests pending: settle them first.
    for _ in range(5):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()


def seeds_shot(seeds: Path) -> None:
    store = Path(tempfile.mkdtemp()) / "seeds.sqlite"
    ws = Workspace.open(store, "analyst")
    tag_seeds(ws, seeds)
    shoot(ws, DOCS / "screenshot-graph-seeds.png", popout=DOCS / "screenshot-graph-popout.png")


def big_shot() -> None:
    import shutil

    from bench.bench_graph import _annotated_store

    work = Path(tempfile.mkdtemp()) / "graph-2000.sqlite"
    shutil.copyfile(_annotated_store(400, 2_000, 8_500), work)
    ws = Workspace.open(work, "bench")
    shoot(ws, DOCS / "screenshot-graph-2000.png")


def main() -> None:
    what = sys.argv[1] if len(sys.argv) > 1 else "seeds"
    QApplication.instance() or QApplication(sys.argv)
    if what == "seeds":
        seeds_shot(Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/work/shared/seeds"))
    elif what == "big":
        big_shot()
    else:
        raise SystemExit(f"usage: {sys.argv[0]} seeds [DIR] | big")


if __name__ == "__main__":
    main()
