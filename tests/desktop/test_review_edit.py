"""E in review mode: the reviewer (the window's analyst) edits the curated layer by hand.
Anna and Bob disagree on the boundary of an actor; the reviewer presses E, narrows the
selected words with the adjusting keys, presses the ACTOR key, and the curated layer
holds the corrected span; Edit > Undo walks back through it and the decision."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from desktop_helpers import ReviewCase, open_reviewers, span, start_review
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from db.workspace import Workspace
from desktop.main_window import MainWindow

ADJUST = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier
ADJUST_WORD = ADJUST | Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def case(workspace: Workspace, store_path: Path) -> Iterator[ReviewCase]:
    """Anna tags "Mehrere Partnerländer", Bob "Partnerländer der Türkei" (both ACTOR)."""
    case = open_reviewers(workspace, store_path)
    anna, bob, aid = case.anna, case.bob, case.aid
    anna.tagging.add_mention(aid, *span(anna, aid, "Mehrere Partnerländer"), "ACTOR")
    bob.tagging.add_mention(aid, *span(bob, aid, "Partnerländer der Türkei"), "ACTOR")
    anna.tagging.add_mention(aid, *span(anna, aid, "Frankreich"), "ACTOR")
    bob.tagging.add_mention(aid, *span(bob, aid, "Frankreich"), "ACTOR")
    yield case
    case.close()


def curated(window: MainWindow, case: ReviewCase) -> set[tuple[str, str]]:
    ws = window.workspace
    assert ws is not None
    ann = ws.tagging.annotations(case.aid, ws.curated_id())
    return {(m.text, m.type) for m in ann.mentions}


def focus(qtbot: QtBot, window: MainWindow, widget: QWidget) -> None:
    window.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)


def selected_text(window: MainWindow) -> str:
    doc, sel = window.article_view.article, window.article_view.selection_span()
    assert doc is not None and sel is not None
    return doc.text[sel[0] : sel[1]]


def test_e_edits_the_curated_layer_and_undo_walks_back(
    qtbot: QtBot, window: MainWindow, case: ReviewCase, tmp_path: Path
) -> None:
    panel = start_review(window, case)
    key = next(it.key for it in panel.items() if it.difference.kind == "different_boundary")
    assert panel.select_key(key)
    focus(qtbot, window, panel.list)
    assert window.article_view.in_review_overlay()
    assert window.layer_bar.combo.findText("Curated (editable)") >= 0

    qtbot.keyClick(panel.list, Qt.Key.Key_E)
    # Editing: no overlay, the form editable, the green banner, both words selected.
    assert window.review.editing
    assert not window.article_view.in_review_overlay()
    assert not window.tagging_panel.is_read_only()
    assert not window.article_view.is_read_only()
    assert window.runner.edits_other_layer()
    bar = window.layer_bar
    assert bar.banner.isVisible() and bar.banner.text().startswith("Editing the curated layer")
    assert bar.back_button.isVisible() and "#dcfce7" in bar.banner_box.styleSheet()
    assert selected_text(window) == "Mehrere Partnerländer der Türkei"
    assert QApplication.focusWidget() is window.article_view.text_edit
    if os.environ.get("ARMSCRIBE_SHOTS"):
        window.grab().save(str(Path(os.environ["ARMSCRIBE_SHOTS"]) / "review_edit.png"))

    # The keys of the reader: start one word on, end two words back, then ACTOR (1).
    text_edit = window.article_view.text_edit
    qtbot.keyClick(text_edit, Qt.Key.Key_End, ADJUST_WORD)
    qtbot.keyClick(text_edit, Qt.Key.Key_Left, ADJUST_WORD)
    qtbot.keyClick(text_edit, Qt.Key.Key_Left, ADJUST_WORD)
    assert selected_text(window) == "Partnerländer"
    qtbot.keyClick(text_edit, Qt.Key.Key_1)
    assert curated(window, case) == {("Partnerländer", "ACTOR")}
    if os.environ.get("ARMSCRIBE_SHOTS"):
        window.grab().save(str(Path(os.environ["ARMSCRIBE_SHOTS"]) / "review_edit_tagged.png"))
    ws = window.workspace
    assert ws is not None
    shown = window.article_view.annotations()
    assert shown is not None and shown.annotator_id == ws.curated_id()
    (made,) = shown.mentions
    rs = ws.review(case.aid, [case.anna.annotator_id, case.bob.annotator_id])
    dec = rs.decisions()[key]
    assert (dec.decision, dec.curated_uuids) == ("edit", (made.uuid,))
    # Analysts' layers are untouched; the edited difference says so in the list.
    assert {m.text for m in case.anna.tagging.annotations(case.aid).mentions} == {
        "Mehrere Partnerländer",
        "Frankreich",
    }
    assert next(it for it in panel.items() if it.key == key).status == "edited"

    # Edit > Undo: the hand edit, then the decision; Redo puts both back.
    assert "Partnerländer" in window.act_undo.text()
    window.act_undo.trigger()
    assert curated(window, case) == set()
    assert next(it for it in panel.items() if it.key == key).status == "edited"
    window.act_undo.trigger()
    assert next(it for it in panel.items() if it.key == key).status == "pending"
    window.act_redo.trigger()
    window.act_redo.trigger()
    assert curated(window, case) == {("Partnerländer", "ACTOR")}

    # Esc lets go of the new mention, then returns to the overlay.
    focus(qtbot, window, text_edit)
    window.tagging_panel.select_mention(made.id)
    qtbot.keyClick(text_edit, Qt.Key.Key_Escape)
    assert window.review.editing
    qtbot.keyClick(text_edit, Qt.Key.Key_Escape)
    assert not window.review.editing
    assert window.article_view.in_review_overlay()
    assert window.tagging_panel.is_read_only() and window.article_view.is_read_only()
    assert not window.runner.edits_other_layer()
    assert not bar.back_button.isVisible()
    assert bar.banner.text().startswith("Reviewing Anna")
    assert QApplication.focusWidget() is panel.list
    # Read-only again: a type key refuses instead of tagging the curated layer.
    said: list[str] = []
    window.tagging_panel.message.connect(said.append)
    window.article_view.set_selection_span(*span(ws, case.aid, "Frankreich"))
    window.tagging_panel.apply_type("ACTOR")
    assert curated(window, case) == {("Partnerländer", "ACTOR")}
    assert said and "press E" in said[-1]


def test_curated_chosen_in_the_layer_bar_is_editable_and_back_to_review(
    qtbot: QtBot, window: MainWindow, case: ReviewCase
) -> None:
    start_review(window, case)
    combo = window.layer_bar.combo
    combo.setCurrentIndex(combo.findText("Curated (editable)"))
    window.layer_bar.layer_chosen.emit(combo.currentData())  # as a user's pick does
    assert window.review.editing and not window.tagging_panel.is_read_only()
    window.article_view.set_selection_span(*span(case.anna, case.aid, "Frankreich"))
    window.tagging_panel.apply_type("ACTOR")
    assert curated(window, case) == {("Frankreich", "ACTOR")}
    window.layer_bar.back_button.click()
    assert not window.review.editing and window.article_view.in_review_overlay()
    window.act_undo.trigger()  # the reviewer's stack still holds the hand edit
    assert curated(window, case) == set()
    # Choosing my own layer leaves review mode and editing together.
    window.review.edit_curated()
    window.set_layer(None)
    assert not window.review.active and not window.review.editing
    assert not window.runner.edits_other_layer()
    assert not window.tagging_panel.is_read_only()
