"""The reader's spaced layout: lines further apart, and clicks still land on the
character under the mouse, also after the width changes."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFontMetricsF, QTextCharFormat, QTextCursor
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


def spacing_ok(edit: ArticleTextEdit, number: int) -> bool:
    """The paragraph's lines sit apart and inside the rectangle the view is told."""
    block = edit.document().findBlockByNumber(number)
    rect = edit.blockBoundingRect(block)  # what painting and hit testing ask first
    layout = block.layout()
    tops = [layout.lineAt(i).y() for i in range(layout.lineCount())]
    font_height = QFontMetricsF(edit.font()).height()
    last = layout.lineAt(layout.lineCount() - 1)
    return (
        len(tops) > 3
        and tops[0] > 0
        and all(b - a > font_height * 1.3 for a, b in zip(tops, tops[1:], strict=False))
        and last.y() + last.height() <= rect.height()
    )


def test_spacing_survives_format_changes_inside_one_paragraph(qtbot: QtBot) -> None:
    # Highlighting re-formats characters of one paragraph: Qt lays that paragraph out
    # again, and its lines must be re-spaced, not left at the font's own spacing.
    edit = ArticleTextEdit()
    qtbot.addWidget(edit)
    edit.resize(600, 800)
    edit.show()
    qtbot.waitExposed(edit)
    edit.setPlainText(TEXT)
    qtbot.wait(10)
    assert spacing_ok(edit, 1)
    start = edit.document().findBlockByNumber(1).position()
    fmt = QTextCharFormat()
    fmt.setBackground(QColor("#fde68a"))
    for offset in (10, 200, 300):  # after the first, a change left the lines unspaced
        cur = QTextCursor(edit.document())
        cur.beginEditBlock()
        cur.setPosition(start + offset)
        cur.setPosition(start + offset + 8, QTextCursor.MoveMode.KeepAnchor)
        cur.setCharFormat(fmt)
        cur.endEditBlock()
        qtbot.wait(5)
        assert spacing_ok(edit, 1), offset
    assert roundtrip_ok(edit, [start + 5, start + 210, start + 500])
