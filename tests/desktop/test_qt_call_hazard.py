"""FACTS.md hazard: PySide6 6.12.0 on Python 3.11 aborts after ~5,000 Qt calls that
return None (none_dealloc). This test makes ~20,000 such calls; it dies, not fails,
when a bad PySide6 is installed."""

from __future__ import annotations

import gc
import sys

import PySide6
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit
from pytestqt.qtbot import QtBot

from db.articles import ArticleDoc
from desktop.article_view import ArticleView


def test_pyside_version_is_one_that_survives() -> None:
    version = tuple(int(p) for p in PySide6.__version__.split(".")[:2])
    if sys.version_info < (3, 12):
        assert version < (6, 12), "PySide6 6.12 aborts Python 3.11: pin PySide6-Essentials<6.12"


def test_twenty_thousand_qt_calls_returning_none_survive(qtbot: QtBot) -> None:
    label = QLabel()
    combo = QComboBox()
    edit = QPlainTextEdit()
    for w in (label, combo, edit):
        qtbot.addWidget(w)
    combo.addItems(["new", "in progress", "done"])
    # A bad PySide6 drops one reference to None per call; with the collector paused,
    # nothing else here moves the count by thousands.
    gc.collect()
    gc.disable()
    refs_before = sys.getrefcount(None)
    try:
        for i in range(5_000):
            label.setText(str(i))  # returns None
            combo.setCurrentIndex(i % 3)  # returns None
            edit.setPlainText("x")  # returns None
            label.setToolTip("t")  # returns None
        refs_after_calls = sys.getrefcount(None)
    finally:
        gc.enable()
    assert refs_after_calls >= refs_before - 1_000
    # A highlight pass over one article, as the reader does it.
    text = "Wort " * 5_000
    view = ArticleView()
    qtbot.addWidget(view)
    view.show_article(
        ArticleDoc(
            id=1,
            uuid="u",
            title="t",
            text=text,
            source=None,
            author=None,
            url=None,
            published=None,
            language=None,
            word_count=5000,
            content_hash="h",
            extra={},
        )
    )
    yellow = QColor("yellow")
    view.set_highlights([(i * 5, i * 5 + 4, yellow) for i in range(2_000)])
    assert label.text() == "4999"
