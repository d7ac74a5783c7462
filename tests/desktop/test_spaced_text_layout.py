"""The reader's spaced layout: lines further apart, and clicks still land on the
character under the mouse, also after the width changes."""

from __future__ import annotations

from PySide6.QtGui import QFontMetricsF, QTextCursor
from pytestqt.qtbot import QtBot

from desktop.article_view import ArticleTextEdit
from desktop.spaced_text_layout import SpacedPlainTextLayout

TEXT = ("Armenia and Belarus recalled their ambassadors after leaked files. " * 12 + "\n") * 6


def roundtrip_ok(edit: ArticleTextEdit, positions: list[int]) -> bool:
    for pos in positions:
        cur = QTextCursor(edit.document())
        cur.setPosition(pos)
        rect = edit.cursorRect(cur)
        if edit.cursorForPosition(rect.center()).position() != pos:
            return False
    return True


def test_lines_are_spaced_and_hit_testing_agrees(qtbot: QtBot) -> None:
    edit = ArticleTextEdit()
    qtbot.addWidget(edit)
    assert isinstance(edit.document().documentLayout(), SpacedPlainTextLayout)
    edit.resize(600, 800)
    edit.show()
    qtbot.waitExposed(edit)
    edit.setPlainText(TEXT)
    block = edit.document().firstBlock()
    rect = edit.blockBoundingRect(block)
    lines = block.layout().lineCount()
    assert lines > 3
    font_height = QFontMetricsF(edit.font()).height()
    assert rect.height() / lines > font_height * 1.3  # more than the font's own spacing
    assert block.layout().lineAt(1).y() - block.layout().lineAt(0).y() > font_height * 1.3
    positions = [0, 5, 120, 400, 700, len(TEXT) // 2]
    assert roundtrip_ok(edit, positions)
    edit.resize(380, 800)  # rewrap: the cached geometry must follow
    qtbot.wait(10)
    assert block.layout().lineCount() > lines
    assert roundtrip_ok(edit, positions)
    edit.setFont(edit.font())
    big = edit.font()
    big.setPointSizeF(big.pointSizeF() + 6)
    edit.setFont(big)
    qtbot.wait(10)
    assert roundtrip_ok(edit, positions)


def test_a_narrow_window_is_possible_whatever_the_margins(qtbot: QtBot) -> None:
    edit = ArticleTextEdit()
    qtbot.addWidget(edit)
    edit.resize(1600, 600)
    edit.show()
    assert edit.viewportMargins().left() > 100  # a wide window centres the column
    assert edit.minimumSizeHint().width() < 300
