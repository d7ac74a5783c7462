"""Re-take the screenshots of the agreement dashboard and the graph diff.

    QT_QPA_PLATFORM=offscreen python docs/review_views_screenshots.py [/path/to/shared/seeds]

Anna and Bob tag the five seed articles, agreeing on some events and mentions and not
on others (a different recipient, events only one of them saw, a mention typed
differently); the script then opens Review > Agreement Dashboard… and Review > Graph
Diff… on the whole store and saves docs/screenshot-agreement.png and
docs/screenshot-graph-diff.png at the dialogs' natural size.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from seed_tagging import find_entity, tag_event  # noqa: E402

from db.workspace import Workspace  # noqa: E402

DOCS = Path(__file__).resolve().parent
SEEDS = DOCS.parents[1] / "shared" / "seeds"
BOTH, ANNA, BOB = "both", "anna", "bob"

# (who, seed file prefix, event type, {role: [(surface, entity name)]}, trigger, date)
EVENTS = [
    (
        BOTH,
        "000",
        "LICENCE_ACTION",
        {"Authority": [("kanadische", "Canada")], "Target": [("Türkei", "Türkiye")]},
        "Aufhebung",
        "2021-04",
    ),
    (
        ANNA,
        "000",
        "USE",
        {"User": [("Aserbaidschan", "Azerbaijan")], "Target": [("Armenien", "Armenia")]},
        "eingesetzt",
        "2020",
    ),
    (
        BOTH,
        "001",
        "OFFER",
        {"Offerer": [("Türkei", "Türkiye")], "Recipient": [("Aserbaidschan", "Azerbaijan")]},
        "Verfügung",
        "2021",
    ),
    (
        BOB,
        "001",
        "COOPERATION",
        {"Party": [("Türkei", "Türkiye"), ("Aserbaidschan", "Azerbaijan")]},
        "Zusammenarbeit",
        "2021",
    ),
    (
        BOTH,
        "002",
        "TRANSFER",
        {"Supplier": [("Belarus", "Belarus")], "Recipient": [("Aserbaidschan", "Azerbaijan")]},
        "übertrug",
        "2020",
    ),
    (
        BOTH,
        "002",
        "ALLIANCE_CHANGE",
        {"Member": [("Armenien", "Armenia")], "Alliance": [("Militärbündnis", "CSTO")]},
        "verlassen",
        "2024",
    ),
    (
        BOTH,
        "003",
        "TRANSFER",
        {"Supplier": [("Türkiye", "Türkiye")], "Recipient": [("Aserbaidschan", "Azerbaijan")]},
        "lieferte",
        "2020-07",
    ),
    (
        ANNA,
        "004",
        "OFFER",
        {"Offerer": [("Turkish", "Türkiye")], "Recipient": [("Azerbaijan", "Azerbaijan")]},
        "invited",
        "2023-01",
    ),
    (
        BOB,
        "004",
        "OFFER",
        {
            "Offerer": [("Presidency of Defence Industries", "Presidency of Defence Industries")],
            "Recipient": [("Azerbaijan", "Azerbaijan")],
        },
        "invited",
        "2023-01",
    ),
    (
        BOB,
        "004",
        "SANCTION",
        {"Imposer": [("The US", "United States")], "Target": [("Turkiye", "Türkiye")]},
        "sanctioned",
        "2019",
    ),
]
# (who, seed file prefix, surface, mention type, entity name or None)
MENTIONS = [
    (ANNA, "004", "Pakistan", "ACTOR", "Pakistan"),
    (ANNA, "004", "Indonesia", "ACTOR", None),
    (BOB, "004", "Indonesia", "WEAPON", None),
    (BOB, "004", "Malaysia", "ACTOR", "Malaysia"),
    (BOTH, "004", "S-400", "WEAPON", None),
    (ANNA, "004", "F-35 fighter jet", "WEAPON", None),
    (BOB, "004", "F-35", "WEAPON", None),
]


def tag_layers(anna: Workspace, bob: Workspace, by_prefix: dict[str, int]) -> None:
    """Tag ``EVENTS`` and ``MENTIONS`` in Anna's and Bob's layers."""
    for who, ws in ((ANNA, anna), (BOB, bob)):
        t = ws.tagging
        for owner, prefix, type_, roles, trigger, date in EVENTS:
            doc = ws.article(by_prefix[prefix])
            if owner not in (BOTH, who) or doc is None or trigger not in doc.text:
                continue
            tag_event(ws, doc, type_, roles, trigger, date)
        for owner, prefix, surface, mtype, linked in MENTIONS:
            doc = ws.article(by_prefix[prefix])
            if owner not in (BOTH, who) or doc is None or surface not in doc.text:
                continue
            s = doc.text.index(surface)
            eid = find_entity(ws, linked) if linked else None
            t.add_mention(doc.id, s, s + len(surface), mtype, eid)


def _settle(app: QApplication, busy: object, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while getattr(busy, "job", None) is not None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()


def _save(widget: QWidget, name: str) -> None:
    out = DOCS / name
    widget.grab().save(str(out))
    print(f"wrote {out} ({widget.width()}x{widget.height()})")


def main(seeds: Path) -> None:
    from desktop.main_window import MainWindow
    from desktop.review.dashboard import open_agreement_dashboard
    from desktop.review.graph_diff_view import open_graph_diff

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    folder = Path(tempfile.mkdtemp())
    anna = Workspace.open(folder / "review.sqlite", "anna")
    files = sorted(seeds.glob("*.txt"))
    added = anna.import_paths(files).added_ids
    by_prefix = {f.name[:3]: aid for f, aid in zip(files, added, strict=True)}
    bob = Workspace.open(folder / "review.sqlite", "bob")
    tag_layers(anna, bob, by_prefix)

    settings = QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(anna, settings=settings, persist=False)
    w.resize(1400, 900)
    w.show()
    app.processEvents()

    dash = open_agreement_dashboard(w)
    dash.set_pair("anna", "bob")
    dash.compute()
    _settle(app, dash)
    _save(dash, "screenshot-agreement.png")
    dash.close()

    diff = open_graph_diff(w)
    _settle(app, diff)
    diff.set_scope("store")
    diff.compare()
    _settle(app, diff)
    # Show the evidence of the edge both drew with the most behind it, as a click would.
    assert diff.diff is not None
    agreed = [e for e in diff.diff.edges if e.a is not None and e.b is not None]
    if agreed:
        best = max(agreed, key=lambda e: (e.a.count + e.b.count, e.key))  # type: ignore[union-attr]
        key = diff.drawn_key(best.key)
        assert key is not None
        diff.view.select_edge(key)
        diff.view.edge_clicked.emit(key)
    app.processEvents()
    _save(diff, "screenshot-graph-diff.png")
    diff.close()
    w.close()
    bob.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SEEDS)
