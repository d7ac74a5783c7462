"""Code-point offsets <-> Qt positions, checked against a real QPlainTextEdit document."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from desktop.text_offsets import OffsetMap

PIECES = [
    "a",
    "Z",
    " ",
    "9",
    ".",
    "\n",
    "ä",
    "Ö",
    "ß",
    "ü",
    "e\u0301",
    "a\u0308\u0323",  # combining marks
    "Հայաստան",
    "ք",  # Armenian
    "Россия",
    "ж",  # Cyrillic
    "🚁",
    "😀",  # astral
    "👍🏽",  # skin tone modifier
    "👨‍👩‍👧",  # ZWJ sequence
    "🇦🇲",  # regional indicators
    "\U0001d54f",  # mathematical double-struck X
]

texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.text(
        alphabet=st.characters(
            codec="utf-8",
            exclude_categories=("Cs", "Cc", "Zl", "Zp"),
            # Qt's frame markers read back as U+2029; positions are still right.
            exclude_characters="\ufdd0\ufdd1",
        )
        | st.just("\n"),
        max_size=40,
    ),
)


def selected(edit: QPlainTextEdit, q_start: int, q_end: int) -> str:
    cur = QTextCursor(edit.document())
    cur.setPosition(q_start)
    cur.setPosition(q_end, QTextCursor.MoveMode.KeepAnchor)
    return cur.selectedText().replace("\u2029", "\n")


def test_pure_bmp_text_is_identity() -> None:
    m = OffsetMap("Grüße aus Երևան und Москва\n")
    assert m.identity
    assert all(m.to_qt(i) == i == m.from_qt(i) for i in range(m.length + 1))


def test_astral_shifts_later_positions() -> None:
    text = "a🚁b👍🏽c"
    m = OffsetMap(text)
    assert [m.to_qt(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 8, 9]
    # The low surrogate (Qt 2) belongs to the helicopter, code point 1.
    assert [m.from_qt(q) for q in range(10)] == [0, 1, 1, 2, 3, 3, 4, 4, 5, 6]
    assert m.qt_length == len(text.encode("utf-16-le")) // 2


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=texts, data=st.data())
def test_offsets_match_a_real_document(qtbot: QtBot, text: str, data: st.DataObject) -> None:
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    edit.setPlainText(text)
    m = OffsetMap(text)
    n = len(text)
    assert edit.document().characterCount() == m.to_qt(n) + 1
    assert m.qt_length == len(text.encode("utf-16-le")) // 2
    for i in range(n + 1):
        assert m.from_qt(m.to_qt(i)) == i
    # Every single code point, selected through Qt, is that code point.
    for i in range(n):
        assert selected(edit, m.to_qt(i), m.to_qt(i + 1)) == text[i]
    # A Qt position inside a surrogate pair maps to the code point holding it.
    for i, ch in enumerate(text):
        if ord(ch) > 0xFFFF:
            assert m.from_qt(m.to_qt(i) + 1) == i
    # And arbitrary spans.
    for _ in range(5):
        a = data.draw(st.integers(0, n))
        b = data.draw(st.integers(a, n))
        assert selected(edit, m.to_qt(a), m.to_qt(b)) == text[a:b]
    assert selected(edit, 0, m.to_qt(n)) == text
