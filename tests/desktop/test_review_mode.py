"""Review mode in the window: Anna and Bob tag the German Türkei article differently
through the library; the tester (the window's analyst) reviews it into the curated layer."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from desktop_helpers import ReviewCase, open_reviewers, span, start_review, tag
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget
from pytestqt.qtbot import QtBot

from db.changes import Changes
from db.review import comments as comments_api
from db.review.comments import difference_target
from db.workspace import Workspace
from desktop.article_table_model import COL_STATUS
from desktop.main_window import MainWindow
from desktop.review.panel import ReviewPanel


@pytest.fixture
def case(workspace: Workspace, store_path: Path) -> Iterator[ReviewCase]:
    """Anna and Bob on the window's store, disagreeing about the Türkei article."""
    case = open_reviewers(workspace, store_path)
    anna, bob, aid = case.anna, case.bob, case.aid
    tag(anna, aid, "Türkei", "ACTOR")  # Bob: WEAPON -> different_type
    tag(bob, aid, "Türkei", "WEAPON")
    tag(anna, aid, "Frankreich", "ACTOR")  # agreed
    tag(bob, aid, "Frankreich", "ACTOR")
    tag(anna, aid, "Panzern", "WEAPON")  # Bob: a longer span -> different_boundary
    tag(bob, aid, "Ausfuhr von Panzern", "WEAPON")
    tag(anna, aid, "Deutschland", "ACTOR")  # only_a
    tag(bob, aid, "TÜRKEI", "ACTOR")  # only_b
    yield case
    case.close()


def item_of(panel: ReviewPanel, kind: str, text: str = "") -> str:
    for it in panel.items():
        d = it.difference
        side = d.a or d.b
        if d.kind == kind and side is not None and text in side.text:
            return it.key
    raise AssertionError(f"no {kind} {text!r}")


def curated_mentions(window: MainWindow, case: ReviewCase) -> set[tuple[str, str]]:
    ws = window.workspace
    assert ws is not None
    ann = ws.tagging.annotations(case.aid, ws.curated_id())
    return {(m.text, m.type) for m in ann.mentions}


def test_review_lists_the_differences_and_overlays_both_layers(
    window: MainWindow, case: ReviewCase
) -> None:
    panel = start_review(window, case)
    kinds = sorted(it.difference.kind for it in panel.items())
    assert kinds == [
        "agreed",
        "different_boundary",
        "different_type",
        "only_a",
        "only_b",
    ]
    starts = [it.difference.start for it in panel.items()]
    assert starts == sorted(starts)  # text order
    assert panel.list.topLevelItemCount() == 5
    assert all(
        panel.list.topLevelItem(i).text(3) == "pending"  # type: ignore[union-attr]
        for i in range(5)
    )
    dock = window.findChild(QDockWidget, "reviewDock")
    assert dock is not None and dock.isVisible()
    assert dock in window.tabifiedDockWidgets(window.tagging_dock)
    # Both layers underlined: Anna's 4 mentions on row 0, Bob's 4 on row 1.
    overlay = window.article_view.review_overlay()
    assert sorted(r for *_s, r in overlay) == [0] * 4 + [1] * 4
    doc = window.article_view.article
    assert doc is not None
    bob_rows = {doc.text[a:b] for a, b, r in overlay if r == 1}
    assert bob_rows == {"Türkei", "Frankreich", "Ausfuhr von Panzern", "TÜRKEI"}
    # The selected (first pending) difference is outlined in the text.
    selected = panel.current_item()
    assert selected is not None and selected.status == "pending"
    sel = window.article_view.review_selection()
    assert sel is not None and selected.difference.start == sel[0]
    assert window.layer_bar.banner.isVisible()
    assert window.tagging_panel.is_read_only()


def test_keys_decide_into_the_curated_layer_and_undo_reverts(
    qtbot: QtBot, window: MainWindow, case: ReviewCase
) -> None:
    panel = start_review(window, case)
    panel.select_key(item_of(panel, "different_type", "Türkei"))
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_B)
    assert curated_mentions(window, case) == {("Türkei", "WEAPON")}
    decided = next(it for it in panel.items() if it.difference.kind == "different_type")
    assert decided.status == "accepted_b"
    row = next(
        panel.list.topLevelItem(i)
        for i in range(panel.list.topLevelItemCount())
        if panel.list.topLevelItem(i).text(1).startswith("ACTOR “Türkei”")  # type: ignore[union-attr]
    )
    assert row is not None and row.text(3) == "accepted Bob"
    assert window.act_undo.isEnabled()
    assert "Accept Bob's WEAPON “Türkei”" in window.act_undo.text()

    panel.select_key(item_of(panel, "only_a", "Deutschland"))
    qtbot.keyClick(panel.list, Qt.Key.Key_R)
    rejected = next(it for it in panel.items() if it.difference.kind == "only_a")
    assert rejected.status == "rejected"
    assert curated_mentions(window, case) == {("Türkei", "WEAPON")}

    panel.select_key(item_of(panel, "different_boundary", "Panzern"))
    qtbot.keyClick(panel.list, Qt.Key.Key_A)
    assert curated_mentions(window, case) == {("Türkei", "WEAPON"), ("Panzern", "WEAPON")}

    # J/K move in the list, not to another article.
    panel.list.setCurrentItem(panel.row_item(0))
    before = panel.current_key()
    qtbot.keyClick(panel.list, Qt.Key.Key_J)
    assert window.current_article_id() == case.aid
    assert panel.current_key() != before
    qtbot.keyClick(panel.list, Qt.Key.Key_K)
    assert panel.current_key() == before

    window.act_undo.trigger()  # the accepted boundary goes
    assert curated_mentions(window, case) == {("Türkei", "WEAPON")}
    window.act_undo.trigger()  # the rejection
    window.act_undo.trigger()  # the accepted type
    assert curated_mentions(window, case) == set()
    assert all(it.status == "pending" for it in panel.items())
    window.act_redo.trigger()
    assert curated_mentions(window, case) == {("Türkei", "WEAPON")}
    # The text shows the curated layer (read-only) as it grows.
    shown = window.article_view.annotations()
    assert shown is not None and {m.text for m in shown.mentions} == {"Türkei"}


def test_shift_a_accepts_the_agreed_and_all_decided_offers_reviewed(
    qtbot: QtBot, window: MainWindow, case: ReviewCase
) -> None:
    panel = start_review(window, case)
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert curated_mentions(window, case) == {("Frankreich", "ACTOR")}
    agreed = next(it for it in panel.items() if it.difference.kind == "agreed")
    assert agreed.status == "accepted"
    assert not panel.done_box.isVisibleTo(panel)
    for kind, key in (
        ("different_type", Qt.Key.Key_A),
        ("different_boundary", Qt.Key.Key_B),
        ("only_a", Qt.Key.Key_A),
        ("only_b", Qt.Key.Key_R),
    ):
        panel.select_key(item_of(panel, kind))
        qtbot.keyClick(panel.list, key)
    assert window.review.all_decided()
    assert panel.done_box.isVisibleTo(panel)
    assert curated_mentions(window, case) == {
        ("Frankreich", "ACTOR"),
        ("Türkei", "ACTOR"),
        ("Ausfuhr von Panzern", "WEAPON"),
        ("Deutschland", "ACTOR"),
    }
    panel.reviewed_button.click()
    model = window.list_panel.model
    row = model.row_of(case.aid)
    assert row is not None and model.index(row, COL_STATUS).data() == "Reviewed"
    ws = window.workspace
    assert ws is not None
    assert {r.id: r.status for r in ws.articles()}[case.aid] == "reviewed"


def test_a_refused_decision_changes_nothing(window: MainWindow, case: ReviewCase) -> None:
    panel = start_review(window, case)
    panel.select_key(item_of(panel, "only_b", "TÜRKEI"))
    assert not panel.buttons["accept_a"].isEnabled()
    assert window.review.decide("accept_a") is None
    assert curated_mentions(window, case) == set()


def test_a_comment_on_a_difference_shows_in_bobs_workspace(
    qtbot: QtBot, window: MainWindow, case: ReviewCase
) -> None:
    panel = start_review(window, case)
    key = item_of(panel, "different_type", "Türkei")
    panel.select_key(key)
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_C)
    assert panel.comments.editor.hasFocus()
    qtbot.keyClicks(panel.comments.editor, "ACTOR here:")
    qtbot.keyClick(panel.comments.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.comments.editor, "the state, not a weapon")
    panel.comments.add_button.click()
    item = panel.current_item()
    assert item is not None and item.key == key
    target = difference_target(item.difference)
    seen_by_bob = comments_api.thread(case.bob.store, target)
    assert [c.body for c in seen_by_bob] == ["ACTOR here:\nthe state, not a weapon"]
    assert seen_by_bob[0].author == "tester"
    assert panel.comments.list.count() == 1
    assert not panel.comments.resolve_button.isEnabled()  # nothing chosen yet
    panel.comments.list.setCurrentRow(0)
    panel.comments.resolve_button.click()
    assert comments_api.thread(case.bob.store, target)[0].resolved


def test_another_layer_is_shown_read_only(
    qtbot: QtBot, window: MainWindow, case: ReviewCase
) -> None:
    assert window.list_panel.select_article(case.aid)
    names = [window.layer_bar.combo.itemText(i) for i in range(window.layer_bar.combo.count())]
    assert names[0] == "Mine" and "Anna" in names and "Bob" in names
    window.set_layer(case.bob.annotator_id)
    assert window.layer_bar.banner.isVisible()
    assert window.layer_bar.banner.text() == "Viewing Bob's layer (read-only)"
    shown = window.article_view.annotations()
    assert shown is not None and shown.annotator_id == case.bob.annotator_id
    assert window.article_view.is_read_only()
    panel = window.tagging_panel
    assert not panel.types_box.isEnabled() and not panel.mention_editor.isEnabled()
    # A type key in the text refuses instead of tagging my layer.
    window.article_view.set_selection_span(*span(case.anna, case.aid, "Mehrere"))
    panel.apply_type("ACTOR")
    ws = window.workspace
    assert ws is not None
    assert ws.tagging.annotations(case.aid).mentions == []
    checked = [a.text() for a in window.layer_menu.actions() if a.isChecked()]
    assert checked == ["Bob"]
    window.set_layer(None)
    assert not window.layer_bar.banner.isVisible()
    assert panel.types_box.isEnabled()


def test_my_name_is_stored_and_tests_are_never_asked(window: MainWindow, case: ReviewCase) -> None:
    window.ensure_my_name()  # persist=False: returns without a dialog
    assert window.set_my_name("  Tess   Tester ")
    ws = window.workspace
    assert ws is not None
    me = next(a for a in ws.annotators() if a.id == ws.annotator_id)
    assert me.display_name == "Tess Tester"
    assert not window.set_my_name("   ")


def test_missing_review_views_say_so(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "desktop.review.dashboard", None)
    monkeypatch.setitem(sys.modules, "desktop.review.graph_diff_view", None)
    window.act_dashboard.trigger()
    assert "not available" in window.statusBar().currentMessage()
    window.act_graph_diff.trigger()
    assert "not available" in window.statusBar().currentMessage()


def test_comments_on_a_mention_show_in_each_analysts_view(
    window: MainWindow, case: ReviewCase
) -> None:
    ws = window.workspace
    assert ws is not None
    assert window.list_panel.select_article(case.aid)
    mine = tag(ws, case.aid, "Mehrere", "ACTOR")
    window.op_did_execute.emit(Changes(mentions=True))
    panel = window.tagging_panel
    panel.select_mention(mine)
    assert panel.comments.editor.isEnabled()
    added = panel.comments.add_comment("Is a group of countries an actor?")
    assert added is not None
    mention = ws.tagging.annotations(case.aid).mention(mine)
    assert mention is not None
    # Anna's workspace reads the same thread.
    assert [c.body for c in comments_api.thread(case.anna.store, mention.uuid)] == [
        "Is a group of countries an actor?"
    ]
    # The text marks the commented mention and says so in its tooltip.
    assert window.article_view.comment_marks() == {mine: 1}
    assert "1 open comment" in window.article_view.tooltip_text(mention.start)

    # Anna commented on her own mention: seen from the window on her layer.
    anna_m = case.anna.tagging.annotations(case.aid).mentions[0]
    comments_api.add_comment(
        case.anna.store, case.anna.annotator_id, case.aid, "Check this one", anna_m.uuid
    )
    window.set_layer(case.anna.annotator_id)
    panel.select_mention(anna_m.id)
    assert [c.body for c in panel.comments.comments()] == ["Check this one"]
    assert window.article_view.comment_marks() == {anna_m.id: 1}
