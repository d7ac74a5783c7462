"""Other layers in the window: the View > Layer menu, and review mode's overlay drawn
under the words (A's line above B's, in their colours)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from db.workspace import Workspace
from desktop.main_window import MainWindow
from desktop.review.panel import COLOUR_A, COLOUR_B

TITLE = "Canada puts drone sensor exports on hold"


def tag(ws: Workspace, article_id: int, word: str, type_: str) -> int:
    doc = ws.article(article_id)
    assert doc is not None
    at = doc.text.index(word)
    return ws.tagging.add_mention(article_id, at, at + len(word), type_).created[0]


@pytest.fixture
def two(workspace: Workspace, store_path: Path) -> Iterator[tuple[int, Workspace, Workspace]]:
    anna = Workspace.open(store_path, "anna")
    bob = Workspace.open(store_path, "bob")
    aid = next(r.id for r in workspace.articles() if r.title == TITLE)
    tag(anna, aid, "Canada", "ACTOR")
    tag(bob, aid, "Canada", "ACTOR")
    tag(anna, aid, "drone sensors", "WEAPON")
    yield aid, anna, bob
    anna.close()
    bob.close()


def _near(c: QColor, want: QColor) -> bool:
    return all(abs(x - y) <= 24 for x, y in zip(c.getRgb()[:3], want.getRgb()[:3], strict=True))


def test_review_overlay_draws_a_above_b_under_the_words(
    window: MainWindow, two: tuple[int, Workspace, Workspace]
) -> None:
    aid, anna, bob = two
    assert window.list_panel.select_article(aid)
    assert window.review.start([anna.annotator_id, bob.annotator_id])
    view = window.article_view
    view.select_review_span(None)
    view._flash.stop()
    view._on_flash_finished()
    edit = view.text_edit
    doc = view.article
    assert doc is not None
    start = doc.text.index("Canada")
    qa, qb = view.offsets.to_qt(start), view.offsets.to_qt(start + len("Canada"))
    frags = edit.layer.fragments(edit.visible_blocks(), qa, qb)
    assert len(frags) == 1
    f = frags[0]
    image = edit.viewport().grab().toImage()
    dpr = image.devicePixelRatio()
    m = edit.underline_metrics()
    gap = max(m.step, m.pen + 1)
    x = int((f.x1 + f.x2) / 2 * dpr)
    y_a = int((f.bottom + 1 + m.pen / 2) * dpr)
    y_b = int((f.bottom + 1 + gap + m.pen / 2) * dpr)
    assert _near(image.pixelColor(x, y_a), COLOUR_A)
    assert _near(image.pixelColor(x, y_b), COLOUR_B)
    # "drone sensors": Anna's alone, so only the upper line.
    s2 = doc.text.index("drone sensors")
    g = edit.layer.fragments(
        edit.visible_blocks(), view.offsets.to_qt(s2), view.offsets.to_qt(s2 + 13)
    )[0]
    x2 = int((g.x1 + g.x2) / 2 * dpr)
    assert _near(image.pixelColor(x2, int((g.bottom + 1 + m.pen / 2) * dpr)), COLOUR_A)
    assert not _near(image.pixelColor(x2, int((g.bottom + 1 + gap + m.pen / 2) * dpr)), COLOUR_B)
    # Leaving review mode takes the overlay away and shows my own layer again.
    window.review.stop()
    assert view.review_overlay() == []
    assert window.layer_id() is None
    assert not window.tagging_panel.is_read_only()


def test_view_layer_menu_lists_everyone_and_switches(
    window: MainWindow, two: tuple[int, Workspace, Workspace]
) -> None:
    aid, anna, _bob = two
    assert window.list_panel.select_article(aid)
    window.layer_menu.aboutToShow.emit()
    texts = [a.text() for a in window.layer_menu.actions()]
    assert texts[0] == "Mine" and "anna" in texts and "bob" in texts
    next(a for a in window.layer_menu.actions() if a.text() == "anna").trigger()
    assert window.layer_id() == anna.annotator_id
    assert window.layer_bar.combo.currentText() == "anna"
    shown = window.article_view.annotations()
    assert shown is not None and sorted(m.text for m in shown.mentions) == [
        "Canada",
        "drone sensors",
    ]
    assert not window.tagging_panel.event_button.isEnabled()
    # The compact combo switches back.
    combo = window.layer_bar.combo
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    assert window.layer_id() is None
    assert window.article_view.annotations().mentions == []  # type: ignore[union-attr]
