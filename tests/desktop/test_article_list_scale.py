"""The article list copes with 100,000 rows: the model holds tuples, the view paints
only what is visible."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot

from db.articles import ArticleRow
from desktop.article_list import ArticleListPanel
from desktop.article_table_model import COL_DATE, COL_STATUS, COL_TITLE, ArticleTableModel

N = 100_000


def rows(n: int = N) -> list[ArticleRow]:
    statuses = ("new", "in_progress", "done")
    return [
        ArticleRow(i, f"Article {i}", f"20{i % 25:02d}-01-01", "Wire", "en", statuses[i % 3], 600)
        for i in range(1, n + 1)
    ]


def test_a_hundred_thousand_rows_load_and_show_quickly(qtbot: QtBot) -> None:
    data = rows()
    panel = ArticleListPanel()
    qtbot.addWidget(panel)
    panel.resize(520, 800)
    panel.show()
    qtbot.waitExposed(panel)
    t0 = time.perf_counter()
    panel.model.set_rows(data)
    panel.table.viewport().repaint()
    elapsed = time.perf_counter() - t0
    assert panel.model.rowCount() == N
    assert elapsed < 1.0, f"loading and painting 100,000 rows took {elapsed:.2f} s"
    assert panel.table.verticalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
    t0 = time.perf_counter()
    panel.select_row(N - 1)
    panel.table.viewport().repaint()
    assert time.perf_counter() - t0 < 0.5
    assert panel.current_article_id() == N


def test_model_shows_readable_status_with_colour_and_updates_in_place() -> None:
    model = ArticleTableModel()
    model.set_rows(rows(3))
    idx = model.index(0, COL_STATUS)  # article 1
    assert idx.data() == "In progress"
    assert idx.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, COL_TITLE).data() == "Article 1"
    assert model.index(0, COL_DATE).data() == "2001-01-01"
    changed: list[object] = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    assert model.update_statuses({1: "done", 3: "new", 999: "done"}) == 1  # 3 was "new"
    assert model.index(0, COL_STATUS).data() == "Done"
    assert changed == [(0, 0)]
    assert model.headerData(COL_DATE, Qt.Orientation.Horizontal) == "Date"
