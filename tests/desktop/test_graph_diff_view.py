"""The graph diff view: two annotators' graphs of the English seed article drawn as one,
edges coloured agreed / only A / only B, evidence from both sides, opened in the text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot
from test_agreement_dashboard import TwoLayers, seed_actors, seed_two_layers

from db.graph.model import EdgeKey, GraphScope
from db.review.graph_diff import graph_diff
from desktop.main_window import MainWindow
from desktop.review.graph_diff_view import (
    CLASS_COLOURS,
    GraphDiffView,
    drawn_style,
    open_graph_diff,
)


@pytest.fixture
def layers(window: MainWindow, store_path: Path) -> Iterator[TwoLayers]:
    two = seed_two_layers(window, store_path)
    yield two
    two.b.close()


def click_edge(dlg: GraphDiffView, key: EdgeKey) -> None:
    """Click the middle of a drawn edge, through the view's own hit test."""
    a, b = dlg.view.position(key[0]), dlg.view.position(key[1])
    assert a is not None and b is not None
    dlg.view.click_at(QPointF((a[0] + b[0]) / 2, (a[1] + b[1]) / 2))


def test_edges_are_drawn_by_class_with_counts(
    qtbot: QtBot, window: MainWindow, layers: TwoLayers
) -> None:
    assert window.list_panel.select_article(layers.article_id)
    dlg = GraphDiffView(window)
    qtbot.addWidget(dlg)
    dlg.show()
    bob = layers.b.annotator_id
    dlg.set_sides(layers.a.annotator_id, bob)
    dlg.set_scope("article")
    with qtbot.waitSignal(dlg.diff_did_compute, timeout=20_000):
        assert dlg.compare() is not None
    a = layers.a
    pdi, az, tr, us, ca = seed_actors(a)
    expected = {
        (us, tr, "restrictive"): "agreed",
        (pdi, az, "supply"): "only_a",
        (pdi, tr, "supply"): "only_b",
        (ca, tr, "restrictive"): "only_b",
    }
    assert dlg.edge_classes() == expected
    # The same classes as the library's diff, and every node placed apart.
    lib = graph_diff(
        a.store, a.tagging.tagset, frozenset({a.annotator_id}), frozenset({bob}), GraphScope()
    )
    assert {e.key: e.kind for e in lib.edges} == expected
    pos = np.array([dlg.view.position(n) for n in dlg.view.node_ids()])
    assert len(pos) == 5 and len({tuple(np.round(p, 6)) for p in pos}) == 5
    # Each class is drawn in its colour: the restrictive style's curve of "only B" holds
    # Canada -> Türkiye's two ends.
    xs, ys = dlg.view.edge_item_data(drawn_style("only_b", "restrictive"))
    ends = {(round(x, 6), round(y, 6)) for x, y in zip(xs, ys, strict=True)}
    assert ends == {tuple(round(v, 6) for v in dlg.view.position(n)) for n in (ca, tr)}  # type: ignore[union-attr]
    colours = {name: info[0] for name, info in dlg.view.style_info().items()}
    assert colours[drawn_style("agreed", "restrictive")] == CLASS_COLOURS["agreed"]
    assert colours[drawn_style("only_a", "supply")] == CLASS_COLOURS["only_a"]
    assert colours[drawn_style("only_b", "supply")] == CLASS_COLOURS["only_b"]
    assert dlg.legend_texts() == ["Both: 1", "Only tester: 1", "Only bob: 2"]
    assert dlg.nodes_label.text() == "Entities: 3 in both, 1 only A, 1 only B"


def test_clicking_an_edge_lists_both_sides_and_opens_the_article(
    qtbot: QtBot, window: MainWindow, layers: TwoLayers
) -> None:
    assert window.list_panel.select_article(layers.article_id)
    a = layers.a
    pdi, az, tr, us, _ca = seed_actors(a)
    # Opened from the menu: compares me with a colleague on this article at once.
    dlg = open_graph_diff(window)
    assert dlg.isVisible() and not dlg.isModal() and dlg.job is not None
    qtbot.waitUntil(lambda: dlg.diff is not None and dlg.job is None, timeout=20_000)
    assert open_graph_diff(window) is dlg
    assert len(dlg.edge_classes()) == 4

    click_edge(dlg, (us, tr, "restrictive"))
    assert dlg.view.selected_edge() == dlg.drawn_key((us, tr, "restrictive"))
    rows_a, rows_b = dlg.evidence_a.rows(), dlg.evidence_b.rows()
    assert len(rows_a) == 1 and len(rows_b) == 1
    text = a.article(layers.article_id).text  # type: ignore[union-attr]
    for r in (*rows_a, *rows_b):
        assert r.article_id == layers.article_id and r.date.startswith("2023")
        assert text[r.start : r.end] == "sanctioned"  # type: ignore[misc]
        assert "The US has sanctioned some Turkish defense officials" in r.text
    assert dlg.evidence_a.title_label.text().startswith("tester: ")
    assert dlg.evidence_b.title_label.text().startswith("bob: ")

    # An edge only A drew: B's side says so.
    click_edge(dlg, (pdi, az, "supply"))
    assert len(dlg.evidence_a.rows()) == 1 and dlg.evidence_b.rows() == []
    assert dlg.evidence_b.title_label.text().startswith("bob has no Supply edge")

    # Choosing evidence opens its article at the span, wherever the list was.
    other = next(r.id for r in a.articles() if r.id != layers.article_id)
    assert window.list_panel.select_article(other)
    assert window.current_article_id() == other
    click_edge(dlg, (us, tr, "restrictive"))
    dlg.evidence_b.choose(0)
    assert window.current_article_id() == layers.article_id
    assert window.list_panel.current_article_id() == layers.article_id
