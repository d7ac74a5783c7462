"""Re-take docs/screenshot-review.png: review mode on the English seed article, which
Anna and Bob tagged differently; Carol reviews it (two decisions made, one comment).

    QT_QPA_PLATFORM=offscreen python docs/review_screenshots.py [/path/to/shared/seeds] [out.png]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from db.workspace import Workspace  # noqa: E402

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SIZE = (1400, 900)


def _span(ws: Workspace, aid: int, words: str, nth: int = 0) -> tuple[int, int]:
    doc = ws.article(aid)
    assert doc is not None
    at = -1
    for _ in range(nth + 1):
        at = doc.text.index(words, at + 1)
    return at, at + len(words)


def _tag(ws: Workspace, aid: int, words: str, type_: str, entity: str | None = None) -> int:
    eid = None
    if entity:
        eid = next(e.id for e in ws.tagging.entities(type_) if e.name == entity)
    return ws.tagging.add_mention(aid, *_span(ws, aid, words), type_, eid).created[0]


def build_store(seeds: Path) -> tuple[Path, int]:
    """A store with the seed articles, Anna's and Bob's layers of the Azernews one."""
    store = Path(tempfile.mkdtemp()) / "review.sqlite"
    anna = Workspace.open(store, "anna")
    anna.import_paths([seeds])
    aid = next(r.id for r in anna.articles() if "Turkish combat aircraft" in _text(anna, r.id))
    bob = Workspace.open(store, "bob")
    anna.rename_me("Anna Keller")
    bob.rename_me("Bob Marsh")
    for who, w in (("a", anna), ("b", bob)):
        _tag(w, aid, "Ismail Demir", "ACTOR", "Ismail Demir")
        pdi = _tag(
            w, aid, "Presidency of Defence Industries", "ACTOR", "Presidency of Defence Industries"
        )
        az = _tag(w, aid, "Azerbaijan", "ACTOR", "Azerbaijan" if who == "a" else "Türkiye")
        _tag(w, aid, "Indonesia", "ACTOR" if who == "a" else "WEAPON")
        words = "a Turkish combat aircraft" if who == "a" else "Turkish combat aircraft"
        plane = _tag(w, aid, words, "WEAPON")
        ev = w.tagging.create_event_at(
            aid,
            "OFFER",
            *_span(w, aid, "invited"),
            arguments=[("Offerer", pdi), ("Recipient", az), ("Weapon", plane)],
        ).created[0]
        w.tagging.set_event_attributes(
            ev, {"status": "offered" if who == "a" else "proposed", "date": "2023-01"}
        )
        _tag(w, aid, "Embargoes", "TRIGGER")
    _tag(anna, aid, "Pakistan", "ACTOR")
    _tag(bob, aid, "Malaysia", "ACTOR")
    _tag(anna, aid, "NATO", "ACTOR", "NATO")
    _tag(bob, aid, "F-35 fighter jet", "WEAPON")
    anna.close()
    bob.close()
    return store, aid


def _text(ws: Workspace, aid: int) -> str:
    doc = ws.article(aid)
    return doc.text if doc is not None else ""


def main() -> None:
    seeds = Path(sys.argv[1]) if len(sys.argv) > 1 else SEEDS
    out = (
        Path(sys.argv[2])
        if len(sys.argv) > 2
        else Path(__file__).with_name("screenshot-review.png")
    )
    store, aid = build_store(seeds)

    from PySide6.QtCore import QEvent, QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.app import wait_for_paint
    from desktop.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    ws = Workspace.open(store, "carol")
    ws.rename_me("Carol Reviewer")
    window = MainWindow(ws, persist=False)
    window.resize(*SIZE)
    window.show()
    window.list_panel.select_article(aid)
    anna, bob = ws.annotator_id_of("anna"), ws.annotator_id_of("bob")
    assert anna is not None and bob is not None
    window.review.start([anna, bob])
    panel = window.review.panel
    assert panel is not None
    window.review.accept_agreed()
    kinds = {it.difference.kind: it.key for it in panel.items() if it.status == "pending"}
    if "different_boundary" in kinds:
        window.review.decide("accept_a", kinds["different_boundary"])
    if "only_a" in kinds:
        window.review.decide("accept_a", kinds["only_a"])
    pending = {it.difference.kind: it.key for it in panel.items() if it.status == "pending"}
    panel.select_key(pending.get("different_entity") or next(iter(pending.values())))
    panel.comments.add_comment("Bob linked this to Türkiye: the sentence invites Azerbaijan.")
    panel.focus_list()
    app.processEvents()
    wait_for_paint(window.article_view.text_edit.viewport())
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        app.processEvents()
    # Past the flash: the outline alone marks the selected difference.
    window.article_view._flash.stop()
    window.article_view._on_flash_finished()
    app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out)):
        raise SystemExit(f"could not write {out}")
    window.close()
    ws.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
