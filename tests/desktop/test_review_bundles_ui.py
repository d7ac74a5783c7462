"""File > Export for Review… and File > Import Colleague's Work… through the window's
slots (the file dialogs bypassed), checked with the bundle library reading back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from desktop_helpers import ARTICLES, add_drafts
from pytestqt.qtbot import QtBot

from db.review.bundles import BundleReport, BundleSummary, export_bundle, read_bundle
from db.review.comments import add_comment, article_comments
from db.workspace import Workspace
from desktop.main_window import MainWindow

TITLE = "Verbündete drosseln Waffenexporte in die Türkei"


def tag(ws: Workspace, article_id: int, word: str, type_: str) -> None:
    doc = ws.article(article_id)
    assert doc is not None
    at = doc.text.index(word)
    ws.tagging.add_mention(article_id, at, at + len(word), type_)


@pytest.fixture
def anna_bundle(tmp_path: Path) -> Iterator[Path]:
    """Anna's bundle from her own store holding the same articles: 3 mentions and her
    comment on the first."""
    anna = Workspace.open(tmp_path / "anna.sqlite", "anna")
    add_drafts(anna, ARTICLES)
    aid = next(r.id for r in anna.articles() if r.title == TITLE)
    for word, type_ in (("Türkei", "ACTOR"), ("Frankreich", "ACTOR"), ("Panzern", "WEAPON")):
        tag(anna, aid, word, type_)
    first = anna.tagging.annotations(aid).mentions[0]
    add_comment(anna.store, anna.annotator_id, aid, "Is this the buyer?", first.uuid)
    path = tmp_path / "anna.bundle.jsonl"
    export_bundle(anna.store, "anna", path)
    anna.close()
    yield path


def test_export_for_review_writes_my_layer_off_the_gui_thread(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    ws = window.workspace
    assert ws is not None
    aid = next(r.id for r in ws.articles() if r.title == TITLE)
    assert window.list_panel.select_article(aid)
    tag(ws, aid, "Türkei", "ACTOR")
    tag(ws, aid, "Deutschland", "ACTOR")
    path = tmp_path / "mine.bundle.jsonl"
    with qtbot.waitSignal(window.bundles.export_did_finish, timeout=10_000) as sig:
        assert window.bundles.export_to(path, "current") is not None
    summary = sig.args[0]
    assert isinstance(summary, BundleSummary)
    header, records = read_bundle(path)
    assert header["annotator"] == "tester"
    assert [r["title"] for r in records] == [TITLE]
    assert sorted(m["type"] for m in records[0]["mentions"]) == ["ACTOR", "ACTOR"]
    assert "Exported 1 articles" in window.statusBar().currentMessage()


def test_import_colleagues_work_reports_counts_and_adds_her_layer(
    qtbot: QtBot, window: MainWindow, anna_bundle: Path
) -> None:
    with qtbot.waitSignal(window.bundles.import_did_finish, timeout=10_000) as sig:
        assert window.bundles.import_from(anna_bundle) is not None
    report = sig.args[0]
    assert isinstance(report, BundleReport)
    assert (report.new, report.changed, report.conflicting) == (3, 0, 0)
    box = window.bundles.last_message
    assert box is not None
    assert "anna's layer was merged" in box.text()
    assert "New: 3" in box.informativeText()
    assert "Articles not in this store: 0" in box.informativeText()
    assert "Comments: 1 new, 0 changed" in box.informativeText()
    box.close()
    # Her layer is now one of the layers to view.
    names = [window.layer_bar.combo.itemText(i) for i in range(window.layer_bar.combo.count())]
    assert "anna" in names
    ws = window.workspace
    assert ws is not None
    anna_id = ws.annotator_id_of("anna")
    aid = next(r.id for r in ws.articles() if r.title == TITLE)
    assert window.list_panel.select_article(aid)
    window.set_layer(anna_id)
    shown = window.article_view.annotations()
    assert shown is not None
    assert sorted(m.text for m in shown.mentions) == ["Frankreich", "Panzern", "Türkei"]
    (note,) = article_comments(ws.store, aid)
    assert note.author == "anna" and note.body == "Is this the buyer?"

    with qtbot.waitSignal(window.bundles.import_did_finish, timeout=10_000) as again:
        window.bundles.import_from(anna_bundle)
    assert again.args[0].unchanged == 3 and again.args[0].new == 0
    assert window.bundles.last_message is not None
    assert (
        "Comments: 0 new, 0 changed, 1 unchanged" in window.bundles.last_message.informativeText()
    )
    window.bundles.last_message.close()


def test_a_broken_bundle_is_refused_with_a_message(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.bundle.jsonl"
    bad.write_text('{"format": "something else"}\n', encoding="utf-8")
    with qtbot.waitSignal(window.bundles.import_did_finish, timeout=10_000) as sig:
        window.bundles.import_from(bad)
    assert isinstance(sig.args[0], Exception)
    box = window.bundles.last_message
    assert box is not None and box.windowTitle() == "Not Imported"
    box.close()
