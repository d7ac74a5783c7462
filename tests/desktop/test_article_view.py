"""The article reader: exact text, escaped header, char-format highlights, search hits."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCursor, QTextDocumentFragment, QTextFormat
from pytestqt.qtbot import QtBot

from db.articles import ArticleDoc
from desktop.article_view import SEARCH_HIT_COLOUR, ArticleView
from desktop.search_hits import find_hits
from desktop.text_offsets import OffsetMap

TEXT = (
    "Zuerst 🚁 kamen Drohnen 👨‍👩‍👧 aus der Türkei.\n"
    "Dann TÜRKEI-Exporte; turkei ohne Umlaut.\nEnde."
)


def make_doc(text: str = TEXT, **kw: object) -> ArticleDoc:
    fields: dict[str, object] = dict(
        id=7,
        uuid="u",
        title="Titel <b>fett</b> & mehr",
        text=text,
        source="Kurier",
        author="A. Autor",
        url="https://example.invalid/a",
        published="2020-07-16",
        language="de",
        word_count=5000,
        content_hash="h",
        extra={},
    )
    fields.update(kw)
    return ArticleDoc(**fields)  # type: ignore[arg-type]


def view_with(qtbot: QtBot, doc: ArticleDoc) -> ArticleView:
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show_article(doc)
    return view


def background_at(view: ArticleView, cp: int) -> QColor | None:
    """The background colour of the code point at ``cp`` (None: no background)."""
    cur = QTextCursor(view.text_edit.document())
    cur.setPosition(view.offsets.to_qt(cp + 1))  # the format of the char before
    fmt = cur.charFormat()
    return (
        fmt.background().color() if fmt.hasProperty(QTextFormat.Property.BackgroundBrush) else None
    )


def test_body_holds_exactly_the_text_and_header_is_escaped(qtbot: QtBot) -> None:
    view = view_with(qtbot, make_doc())
    assert view.text_edit.toPlainText() == TEXT
    assert view.text_edit.isReadOnly()
    header = view.header_label.text()
    assert "Titel &lt;b&gt;fett&lt;/b&gt; &amp; mehr" in header
    assert "<b>fett" not in header
    shown = QTextDocumentFragment.fromHtml(header).toPlainText()  # what the label shows
    assert shown.startswith("Titel <b>fett</b> & mehr")
    assert "Kurier · A. Autor · 2020-07-16 · German · " in shown
    assert any(f"{n} words" in shown for n in ("5000", "5,000", "5.000"))


def test_set_highlights_formats_the_right_code_points_in_one_edit_block(qtbot: QtBot) -> None:
    view = view_with(qtbot, make_doc())
    red, blue = QColor("#fca5a5"), QColor("#93c5fd")
    drohnen = TEXT.index("Drohnen")
    tuerkei = TEXT.index("Türkei")
    spans = [(drohnen, drohnen + 7, red), (tuerkei, tuerkei + 6, blue)]
    changes: list[tuple[int, int, int]] = []
    view.text_edit.document().contentsChange.connect(lambda *a: changes.append(a))
    view.set_highlights(spans)
    assert len(changes) == 1  # one edit block: one change notification, one relayout
    for i in range(len(TEXT)):
        colour = background_at(view, i)
        if drohnen <= i < drohnen + 7:
            assert colour == red, i
        elif tuerkei <= i < tuerkei + 6:
            assert colour == blue, i
        else:
            assert colour is None, (i, TEXT[i])
    # Replacing the highlights clears the old ones.
    view.set_highlights([(0, 6, blue)])
    assert background_at(view, drohnen) is None
    assert background_at(view, 0) == blue
    assert view.text_edit.toPlainText() == TEXT


def test_search_hits_are_highlighted_case_and_accent_insensitively(qtbot: QtBot) -> None:
    view = view_with(qtbot, make_doc())
    view.set_search("türkei")
    hits = view.search_hits()
    assert [TEXT[a:b] for a, b in hits] == ["Türkei", "TÜRKEI", "turkei"]
    sels = view.text_edit.extraSelections()
    assert len(sels) == 3
    offsets = OffsetMap(TEXT)
    for sel, (a, b) in zip(sels, hits, strict=True):
        assert sel.cursor.selectionStart() == offsets.to_qt(a)
        assert sel.cursor.selectionEnd() == offsets.to_qt(b)
        assert sel.cursor.selectedText() == TEXT[a:b]
        assert sel.format.background().color() == SEARCH_HIT_COLOUR
    # The view moved to the first hit.
    assert view.text_edit.textCursor().position() == offsets.to_qt(hits[0][0])
    view.set_search("")
    assert view.text_edit.extraSelections() == []


def test_search_follows_to_the_next_article(qtbot: QtBot) -> None:
    view = view_with(qtbot, make_doc())
    view.set_search("drohn")
    assert [TEXT[a:b] for a, b in view.search_hits()] == ["Drohn"]
    other = "Keine Treffer hier. Drohnenabwehr aber schon."
    view.show_article(make_doc(other, id=8))
    assert [other[a:b] for a, b in view.search_hits()] == ["Drohn"]


def test_find_hits_whole_words_except_the_last_prefix() -> None:
    text = "Waffen und Waffenexporte; IS-Kämpfer in der Krise, is it?"
    assert [text[a:b] for a, b in find_hits(text, ["is"], prefix_last=False)] == ["IS", "is"]
    assert [text[a:b] for a, b in find_hits(text, ["waffen", "kampf"])] == ["Waffen", "Kämpf"]
    assert find_hits(text, []) == []
    # the last word is a prefix from three characters, as the store's search has it
    assert [text[a:b] for a, b in find_hits(text, ["kam"])] == ["Käm"]
    assert [text[a:b] for a, b in find_hits(text, ["is"])] == ["IS", "is"]


def test_text_size_changes_and_is_clamped(qtbot: QtBot) -> None:
    view = view_with(qtbot, make_doc())
    before = view.text_edit.font().pointSizeF()
    view.set_point_size(before + 2)
    assert view.text_edit.font().pointSizeF() == before + 2
    view.set_point_size(1000)
    assert view.point_size() <= 28


def test_empty_view(qtbot: QtBot) -> None:
    view = view_with(qtbot, make_doc())
    view.show_article(None)
    assert view.text_edit.toPlainText() == ""
    assert view.search_hits() == []
