"""The article view's annotation layer: highlights at the right characters, clicks on
nested and overlapping mentions, the tagging selection and its keys, the context menu,
tooltips, incremental re-application, and the legend. Mentions come from a real store."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product

import pytest
from desktop_helpers import add_drafts
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QTextCursor, QTextFormat
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from db.corpus.draft import ArticleDraft
from db.workspace import Workspace
from desktop.annotation_layer import build_runs, diff_runs, lighter, place_tracks
from desktop.article_view import ArticleView
from desktop.legend import TypeLegend
from desktop.span_selection import (
    adjust_span,
    is_boundary,
    is_word_at,
    snap_span,
    word_at,
)

# Astral emoji (one a flag, one a ZWJ family), a combining accent, Cyrillic and
# Armenian before every mention: Qt positions run ahead of code points by 6 here.
TEXT = (
    "Vor 🚁🇦🇲 Ле́нин und Հայաստան, e\u0301tude 👨‍👩‍👧 „Zitat“.\n"
    "Die Bayraktar-TB2-Drohnen kamen aus der Türkei nach Baku, sagte Garneau."
)


def span_of(word: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = TEXT.index(word, i + 1)
    return i, i + len(word)


@pytest.fixture
def tagged(workspace: Workspace) -> dict[str, int]:
    """TEXT as an article, with nested, crossing and solo mentions; names -> ids."""
    (aid,) = add_drafts(workspace, [ArticleDraft(text=TEXT, title="Layer", language="de")])
    tg = workspace.tagging
    ids = {"article": aid}
    entity = tg.create_entity("ACTOR", "Republic of Türkiye").created[0]
    for name, word, type_, ent in [
        ("weapon", "Bayraktar-TB2-Drohnen", "WEAPON", None),  # outer
        ("maker", "Bayraktar", "ACTOR", None),  # nested in weapon
        ("trigger", "Drohnen kamen", "TRIGGER", None),  # crosses the weapon
        ("turkey", "Türkei", "ACTOR", entity),  # solo, linked
        ("armenia", "Հայաստան", "LOCATION", None),  # solo, Armenian
        ("lenin", "Ле́нин", "ACTOR", None),  # solo, Cyrillic with a combining accent
    ]:
        a, b = span_of(word)
        ids[name] = tg.add_mention(aid, a, b, type_, ent).created[0]
    ids["entity"] = entity
    ids["transfer"] = tg.create_event(aid, "TRANSFER", trigger_mention_id=ids["turkey"]).created[0]
    return ids


@pytest.fixture
def view(qtbot: QtBot, workspace: Workspace, tagged: dict[str, int]) -> Iterator[ArticleView]:
    v = ArticleView()
    qtbot.addWidget(v)
    v.resize(900, 600)
    v.show()
    qtbot.waitExposed(v)
    v.show_article(workspace.article(tagged["article"]))
    v.set_annotations(workspace.tagging.annotations(tagged["article"]), workspace.tagging.tagset)
    yield v


def char_format(view: ArticleView, cp: int):  # noqa: ANN201 - QTextCharFormat
    """The char format of the code point at ``cp``."""
    cur = QTextCursor(view.text_edit.document())
    cur.setPosition(view.offsets.to_qt(cp + 1))  # the format of the char before
    return cur.charFormat()


def background_at(view: ArticleView, cp: int) -> QColor | None:
    fmt = char_format(view, cp)
    if not fmt.hasProperty(QTextFormat.Property.BackgroundBrush):
        return None
    return fmt.background().color()


def colour(ws: Workspace, type_: str) -> QColor:
    mt = ws.tagging.tagset.mention_type(type_)
    assert mt is not None
    return QColor(mt.colour)


def point_of(view: ArticleView, cp: int, *, below: float = 0) -> QPoint:
    """The viewport point in the middle of code point ``cp`` (``below``: that many
    pixels under the text line, where the underlines are)."""
    edit = view.text_edit
    cur = QTextCursor(edit.document())
    cur.setPosition(view.offsets.to_qt(cp))
    left = edit.cursorRect(cur)
    cur.setPosition(view.offsets.to_qt(cp + 1))
    right = edit.cursorRect(cur)
    y = left.center().y() if not below else left.bottom() + below
    return QPoint((left.x() + right.x()) // 2, int(y))


def click(qtbot: QtBot, view: ArticleView, pos: QPoint) -> None:
    qtbot.mouseClick(view.text_edit.viewport(), Qt.MouseButton.LeftButton, pos=pos)


# -- highlights at the right characters ----------------------------------------------


def test_highlights_sit_on_the_right_characters_after_astral_and_combining_text(
    view: ArticleView, workspace: Workspace
) -> None:
    assert not view.offsets.identity  # the test means something only with astral chars
    w_a, w_b = span_of("Bayraktar-TB2-Drohnen")
    m_a, m_b = span_of("Bayraktar")
    t_a, t_b = span_of("Drohnen kamen")
    expected: dict[int, tuple[QColor, bool]] = {}
    for word, type_ in [("Türkei", "ACTOR"), ("Հայաստան", "LOCATION"), ("Ле́нин", "ACTOR")]:
        a, b = span_of(word)
        for i in range(a, b):
            expected[i] = (colour(workspace, type_), word == "Türkei")  # an event's trigger
    for i in range(w_a, w_b):  # the weapon is outer (it holds "Bayraktar"): lighter
        expected[i] = (lighter(colour(workspace, "WEAPON")), False)
    for i in range(m_a, m_b):  # the nested actor: its own full colour
        expected[i] = (colour(workspace, "ACTOR"), False)
    for i in range(t_a, t_b):  # the crossing trigger wins where both cover: bold
        expected[i] = (colour(workspace, "TRIGGER"), True)
    for i in range(len(TEXT)):
        got = background_at(view, i)
        bold = char_format(view, i).fontWeight() == QFont.Weight.Bold
        if i in expected:
            assert (got, bold) == expected[i], (i, TEXT[i])
        else:
            assert got is None and not bold, (i, TEXT[i])
    assert view.text_edit.toPlainText() == TEXT


def test_placement_tracks_nesting_and_crossing() -> None:
    # outer [0,20) holds [0,5) and [8,12); [10,25) crosses the outer one.
    spans = [(0, 20), (0, 5), (8, 12), (10, 25), (30, 35)]
    tracks, outer = place_tracks(spans)
    assert tracks == [0, 1, 1, 2, 0]
    assert outer == [True, False, False, False, False]


def test_runs_diff_touches_only_what_changed() -> None:
    old = [(0, 5, (1, False)), (10, 20, (2, False))]
    new = [(0, 5, (1, False)), (10, 14, (2, False)), (14, 16, (3, True)), (16, 20, (2, False))]
    assert diff_runs(old, new) == [(14, 16, (3, True))]
    assert diff_runs(new, old) == [(14, 16, (2, False))]
    assert diff_runs(old, []) == [(0, 5, None), (10, 20, None)]
    assert build_runs([]) == []


# -- clicking mentions ---------------------------------------------------------------


def test_click_picks_the_innermost_mention_then_cycles_outward(
    qtbot: QtBot, view: ArticleView, tagged: dict[str, int]
) -> None:
    clicked: list[int] = []
    view.mention_clicked.connect(clicked.append)
    m_a, _ = span_of("Bayraktar")
    spot = point_of(view, m_a + 3)  # inside "Bayraktar", inside the weapon
    click(qtbot, view, spot)
    assert clicked == [tagged["maker"]]
    assert view.selected_mention_id() == tagged["maker"]
    qtbot.wait(QApplication.doubleClickInterval() + 20)
    click(qtbot, view, spot)
    assert clicked[-1] == tagged["weapon"]
    qtbot.wait(QApplication.doubleClickInterval() + 20)
    click(qtbot, view, spot)
    assert clicked[-1] == tagged["maker"]  # and round again
    # Where the weapon and the crossing trigger overlap: the trigger (the deeper track).
    d = TEXT.index("Drohnen")
    click(qtbot, view, point_of(view, d + 2))
    assert clicked[-1] == tagged["trigger"]
    # Solo mentions after astral characters, and outside any mention nothing.
    for name, word in [("turkey", "Türkei"), ("armenia", "Հայաստան"), ("lenin", "Ле́нин")]:
        a, _ = span_of(word)
        click(qtbot, view, point_of(view, a + 1))
        assert clicked[-1] == tagged[name]
    n = len(clicked)
    click(qtbot, view, point_of(view, TEXT.index("sagte") + 1))
    assert len(clicked) == n
    assert view.selected_mention_id() == tagged["lenin"]


def test_click_on_a_stacked_underline_picks_that_mention(
    qtbot: QtBot, view: ArticleView, tagged: dict[str, int]
) -> None:
    clicked: list[int] = []
    view.mention_clicked.connect(clicked.append)
    m = view.text_edit.underline_metrics()
    m_a, _ = span_of("Bayraktar")
    # Row 0 is the outer weapon, row 1 the nested actor.
    click(qtbot, view, point_of(view, m_a + 2, below=1 + m.step * 0 + 1))
    assert clicked == [tagged["weapon"]]
    click(qtbot, view, point_of(view, m_a + 2, below=1 + m.step * 1 + 1))
    assert clicked == [tagged["weapon"], tagged["maker"]]


def test_select_mention_outlines_and_scrolls_it_into_view(
    qtbot: QtBot, workspace: Workspace
) -> None:
    long_text = "\n".join(f"Absatz {i} über Exporte und Drohnen." for i in range(300))
    (aid,) = add_drafts(workspace, [ArticleDraft(text=long_text, title="Lang")])
    a = long_text.index("Absatz 280")
    mid = workspace.tagging.add_mention(aid, a, a + 10, "QUANTITY").created[0]
    v = ArticleView()
    qtbot.addWidget(v)
    v.resize(700, 400)
    v.show()
    qtbot.waitExposed(v)
    v.show_article(workspace.article(aid))
    v.set_annotations(workspace.tagging.annotations(aid), workspace.tagging.tagset)
    assert v.text_edit.verticalScrollBar().value() == 0
    caret = v.text_edit.textCursor().position()
    v.select_mention(mid)
    assert v.selected_mention_id() == mid
    frags = v.text_edit.layer.fragments(
        v.text_edit.visible_blocks(), v.offsets.to_qt(a), v.offsets.to_qt(a + 10)
    )
    assert frags and 0 <= frags[0].top and frags[0].bottom <= v.text_edit.viewport().height()
    assert v.text_edit.textCursor().position() == caret  # the caret did not move
    v.select_mention(None)
    assert v.selected_mention_id() is None
    v.flash_span(0, 6)
    assert v.text_edit.layer.flash == (0, 6)
    assert v.text_edit.verticalScrollBar().value() == 0


# -- the tagging selection -----------------------------------------------------------


def test_snapping_rules_on_strings() -> None:
    s = "Die Bayraktar-TB2-Drohnen kamen."
    b = s.index("Bayraktar")
    # An edge inside a word grows to the whole word, hyphenated words stay one word.
    assert snap_span(s, b + 3, b + 12) == (b, b + len("Bayraktar-TB2-Drohnen"))
    assert word_at(s, b + 14) == (b, b + len("Bayraktar-TB2-Drohnen"))
    # Spaces and punctuation at the edges are trimmed, quotes of every kind too.
    q = "Er sagte: „Panzer“ und \"Haubitzen\", 'Minen' (Raketen) [Drohnen]."
    for word in ("Panzer", "Haubitzen", "Minen", "Raketen", "Drohnen"):
        i = q.index(word)
        assert snap_span(q, i - 2, i + len(word) + 2) == (i, i + len(word)), word
    assert snap_span(q, 0, 3) == (0, 2)  # "Er " -> "Er"
    assert snap_span(q, q.index(":"), q.index(":") + 2) is None  # ": " holds no word
    # Umlauts and ß are letters; a decomposed umlaut keeps its combining mark.
    u = "Außenminister Çavuşoğlu und Mu\u0308ller"
    assert snap_span(u, 2, 5) == (0, len("Außenminister"))
    m = u.index("Mu\u0308ller")
    assert snap_span(u, m + 1, m + 2) == (m, m + 7)
    assert word_at(u, m + 2) == (m, m + 7)
    # Emoji are trimmed, and never cut: a family emoji is one character.
    e = "Drohnen 👨‍👩‍👧 🇹🇷 Türkei"
    assert snap_span(e, 0, len(e)) == (0, len(e))
    assert snap_span(e, 3, e.index("Türkei")) == (0, 7)
    fam = e.index("👨")
    assert not is_boundary(e, fam + 1) and not is_boundary(e, fam + 2)
    assert snap_span(e, fam + 2, fam + 3) is None
    # Numbers keep their separators; a sentence's full stop is not part of a word.
    n = "rund 6.000 Menschen, 1,5 Mio. im Jahr 2019."
    assert word_at(n, n.index("6") + 2) == (n.index("6"), n.index("6") + 5)
    assert snap_span(n, n.index("2019"), len(n)) == (n.index("2019"), len(n) - 1)
    assert snap_span(n, n.index("1,5") + 1, n.index("1,5") + 2) == (
        n.index("1,5"),
        n.index("1,5") + 3,
    )
    # A hyphen not between letters is punctuation ("Export- und Importverbote").
    h = "Export- und Importverbote"
    assert word_at(h, 3) == (0, 6)
    assert snap_span(h, 0, 7) == (0, 6)
    assert not is_word_at(h, 6)


def test_adjusting_one_edge_by_characters_and_words() -> None:
    s = "Die Bayraktar-TB2-Drohnen kamen aus der Türkei 👍🏽 nach Baku."
    t = s.index("Türkei")
    span = (t, t + 6)
    assert adjust_span(s, span, "end", "char", False) == (t, t + 5)
    assert adjust_span(s, span, "end", "char", True) == (t, t + 7)  # the space
    assert adjust_span(s, (t, t + 7), "end", "char", True) == (t, t + 9)  # 👍🏽 whole
    assert adjust_span(s, span, "end", "word", True) == (t, s.index("nach") + 4)
    assert adjust_span(s, span, "end", "word", False) is None  # would leave nothing
    assert adjust_span(s, span, "start", "char", False) == (t - 1, t + 6)
    assert adjust_span(s, span, "start", "word", False) == (s.index("der"), t + 6)
    assert adjust_span(s, (s.index("der"), t + 6), "start", "word", True) == span
    assert adjust_span(s, (t, t + 1), "start", "char", True) is None
    assert adjust_span(s, (t, t), "end", "char", True) == (t, t + 1)  # from a caret


PIECES = [*"ab äß-.„“\"' \n,1Ж", "e\u0301", "👍🏽", "👨\u200d👩\u200d👧", "🇹🇷", "\u200d", "\u0301"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=20).map("".join),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_snapped_spans_are_whole_words_without_edge_punctuation(text: str, a: int, b: int) -> None:
    word = word_at(text, a) if a < len(text) else None
    if word is not None:  # a double-click: a whole word, whole clusters
        assert word[0] <= a < word[1] and is_boundary(text, word[0]) and is_boundary(text, word[1])
    span = snap_span(text, a, b)
    if span is None:
        return
    for edge, unit, forward in product(("start", "end"), ("char", "word"), (False, True)):
        moved = adjust_span(text, span, edge, unit, forward)  # type: ignore[arg-type]
        if moved is not None:
            assert 0 <= moved[0] < moved[1] <= len(text)
            assert is_boundary(text, moved[0]) and is_boundary(text, moved[1])
    start, end = span
    assert 0 <= start < end <= len(text)
    assert is_boundary(text, start) and is_boundary(text, end)
    assert not (is_word_at(text, start - 1) and is_word_at(text, start))
    assert not (is_word_at(text, end - 1) and is_word_at(text, end))
    assert snap_span(text, start, end) == span  # snapping is idempotent
    assert text[start] not in " \n.,„“\"'-" and text[end - 1] not in " \n.,„“\"'-"


def test_selection_span_snaps_in_code_points_and_emits(qtbot: QtBot, view: ArticleView) -> None:
    seen: list[object] = []
    view.span_selection_changed.connect(seen.append)
    edit = view.text_edit
    w_a, w_b = span_of("Bayraktar-TB2-Drohnen")
    # Select raw Qt positions from mid "Bayraktar" to mid "Drohnen" with the keyboard.
    cur = edit.textCursor()
    cur.setPosition(view.offsets.to_qt(w_a + 4))
    cur.setPosition(view.offsets.to_qt(w_b - 3), QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cur)
    assert view.selection_span() == (w_a, w_b)
    assert seen[-1] == (w_a, w_b)
    # A mouse drag is snapped on release, the visible selection too.
    start = point_of(view, TEXT.index("Türkei") + 2)
    end = point_of(view, TEXT.index("Baku") + 1)
    vp = edit.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(vp, end)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)
    want = (TEXT.index("Türkei"), TEXT.index("Baku") + 4)
    assert view.selection_span() == want
    assert seen[-1] == want
    sel = edit.textCursor()
    assert (sel.selectionStart(), sel.selectionEnd()) == tuple(view.offsets.to_qt(x) for x in want)
    # A double-click selects the whole hyphenated word.
    qtbot.mouseDClick(vp, Qt.MouseButton.LeftButton, pos=point_of(view, w_a + 11))
    assert view.selection_span() == (w_a, w_b)
    assert edit.textCursor().selectedText() == "Bayraktar-TB2-Drohnen"
    # set_selection_span is exact; clearing the selection emits None.
    view.set_selection_span(w_a, w_a + 5)
    assert view.selection_span() == (w_a, w_a + 5) and seen[-1] == (w_a, w_a + 5)
    view.set_selection_span(3, 3)
    assert view.selection_span() is None and seen[-1] is None


def test_adjust_keys_move_one_edge(qtbot: QtBot, view: ArticleView) -> None:
    edit = view.text_edit
    t = TEXT.index("Türkei")
    view.set_selection_span(t, t + 6)
    edit.setFocus()
    shift_alt = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(edit, Qt.Key.Key_Left, shift_alt)
    assert view.selection_span() == (t, t + 5)  # exact: not snapped back to the word
    qtbot.keyClick(edit, Qt.Key.Key_Right, shift_alt)
    qtbot.keyClick(edit, Qt.Key.Key_Right, shift_alt | ctrl)
    assert view.selection_span() == (t, TEXT.index("nach") + 4)
    qtbot.keyClick(edit, Qt.Key.Key_Left, shift_alt | ctrl)
    assert view.selection_span() == (t, t + 6)
    qtbot.keyClick(edit, Qt.Key.Key_Home, shift_alt | ctrl)
    assert view.selection_span() == (TEXT.index("der"), t + 6)
    qtbot.keyClick(edit, Qt.Key.Key_End, shift_alt | ctrl)
    qtbot.keyClick(edit, Qt.Key.Key_Home, shift_alt)
    assert view.selection_span() == (t - 1, t + 6)
    qtbot.keyClick(edit, Qt.Key.Key_End, shift_alt)
    assert view.selection_span() == (t, t + 6)
    assert edit.textCursor().selectedText() == "Türkei"
    keys = [k for k, _ in ArticleView.SHORTCUTS]
    assert "Shift+Alt+Right" in keys and len(ArticleView.shortcut_rows()) == len(keys)


# -- context menu and tooltips ---------------------------------------------------------


def test_context_menu_actions_emit_requests(
    qtbot: QtBot, view: ArticleView, tagged: dict[str, int]
) -> None:
    tags: list[str] = []
    retypes: list[tuple[int, str]] = []
    deletes: list[int] = []
    clicked: list[int] = []
    view.tag_requested.connect(tags.append)
    view.retype_requested.connect(lambda i, t: retypes.append((i, t)))
    view.delete_requested.connect(deletes.append)
    view.mention_clicked.connect(clicked.append)
    n = TEXT.index("nach")
    view.set_selection_span(n, n + 4)
    menu = view.context_menu(point_of(view, n + 1))  # over no mention
    tag_menu = menu.findChild(type(menu), "tagAsMenu")
    assert tag_menu is not None and tag_menu.isEnabled()
    actions = {a.objectName(): a for a in tag_menu.actions()}
    assert actions["tagAs_WEAPON"].shortcut().toString() == "2"
    assert menu.findChild(type(menu), "retypeAsMenu") is None
    actions["tagAs_LOCATION"].trigger()
    assert tags == ["LOCATION"]
    # Over the nested actor: retype, delete, select it.
    menu = view.context_menu(point_of(view, span_of("Bayraktar")[0] + 1))
    retype = menu.findChild(type(menu), "retypeAsMenu")
    by_name = {a.objectName(): a for a in retype.actions()}
    assert by_name["retypeAs_ACTOR"].isChecked() and not by_name["retypeAs_ACTOR"].isEnabled()
    by_name["retypeAs_WEAPON"].trigger()
    assert retypes == [(tagged["maker"], "WEAPON")]
    acts = {a.objectName(): a for a in menu.actions()}
    acts["deleteMention"].trigger()
    assert deletes == [tagged["maker"]]
    acts["selectMention"].trigger()
    assert clicked == [tagged["maker"]] and view.selected_mention_id() == tagged["maker"]
    # Nothing selected: "Tag as" is there but disabled.
    view.set_selection_span(0, 0)
    menu = view.context_menu(point_of(view, n + 1))
    assert not menu.findChild(type(menu), "tagAsMenu").isEnabled()


def test_read_only_layer_offers_no_edits(
    view: ArticleView, workspace: Workspace, tagged: dict[str, int]
) -> None:
    ann = workspace.tagging.annotations(tagged["article"])
    view.set_annotations(ann, workspace.tagging.tagset, read_only=True)
    n = TEXT.index("nach")
    view.set_selection_span(n, n + 4)
    menu = view.context_menu(point_of(view, span_of("Türkei")[0] + 1))
    names = {a.objectName() for a in menu.actions()}
    assert "selectMention" in names and "deleteMention" not in names
    assert menu.findChild(type(menu), "tagAsMenu") is None
    assert menu.findChild(type(menu), "retypeAsMenu") is None


def test_tooltips_name_type_entity_annotator_and_every_mention_there(
    qtbot: QtBot, view: ArticleView, workspace: Workspace, tagged: dict[str, int]
) -> None:
    tip = view.tooltip_text(span_of("Türkei")[0] + 2)
    assert "Actor" in tip and "Republic of Türkiye" in tip and "tester" in tip
    assert "Transfer" in tip  # it triggers the transfer event
    # A nested spot lists both, innermost first.
    tip = view.tooltip_text(span_of("Bayraktar")[0] + 2)
    assert tip.index("Actor") < tip.index("Weapon") and "Bayraktar-TB2-Drohnen" in tip
    assert view.mentions_at(span_of("Bayraktar")[0]) == [tagged["maker"], tagged["weapon"]]
    assert view.tooltip_text(TEXT.index("sagte")) == ""
    # Names given by the caller win over the layer's own entities.
    view.set_annotations(
        workspace.tagging.annotations(tagged["article"]),
        workspace.tagging.tagset,
        entity_names={tagged["entity"]: "Türkiye (state)"},
    )
    assert "Türkiye (state)" in view.tooltip_text(span_of("Türkei")[0])
    # A real tooltip event shows it.
    vp = view.text_edit.viewport()
    pos = point_of(view, span_of("Հայաստան")[0] + 2)
    QApplication.sendEvent(vp, QHelpEvent(QEvent.Type.ToolTip, pos, vp.mapToGlobal(pos)))
    assert "Location" in QToolTip.text()
    QToolTip.hideText()


# -- re-applying -----------------------------------------------------------------------


def test_reapplying_after_an_edit_touches_only_the_changed_characters(
    view: ArticleView, workspace: Workspace, tagged: dict[str, int]
) -> None:
    doc = view.text_edit.document()
    changes: list[tuple[int, int, int]] = []
    doc.contentsChange.connect(lambda *a: changes.append(a))
    aid = tagged["article"]
    view.set_annotations(workspace.tagging.annotations(aid), workspace.tagging.tagset)
    assert changes == []  # nothing changed, nothing re-formatted
    b_a, b_b = span_of("Baku")
    workspace.tagging.add_mention(aid, b_a, b_b, "LOCATION")
    view.set_annotations(workspace.tagging.annotations(aid), workspace.tagging.tagset)
    qa, qb = view.offsets.to_qt(b_a), view.offsets.to_qt(b_b)
    assert len(changes) == 1  # one edit block
    pos, _removed, added = changes[0]
    assert qa <= pos and pos + added <= qb
    assert background_at(view, b_a) == colour(workspace, "LOCATION")
    # A mention nested in a solo one makes that one outer: only its span is touched.
    changes.clear()
    t_a, t_b = span_of("Türkei")
    workspace.tagging.add_mention(aid, t_a, t_a + 3, "LOCATION")
    view.set_annotations(workspace.tagging.annotations(aid), workspace.tagging.tagset)
    pos, _removed, added = changes[0]
    assert view.offsets.to_qt(t_a) <= pos and pos + added <= view.offsets.to_qt(t_b)
    assert background_at(view, t_a + 4) == lighter(colour(workspace, "ACTOR"))
    # Clearing removes every format; the text stays.
    view.set_annotations(None, workspace.tagging.tagset)
    assert all(background_at(view, i) is None for i in range(len(TEXT)))
    assert view.text_edit.toPlainText() == TEXT


def test_search_hits_and_mentions_show_together(
    view: ArticleView, workspace: Workspace, tagged: dict[str, int]
) -> None:
    view.set_search("türkei")
    assert [TEXT[a:b] for a, b in view.search_hits()] == ["Türkei"]
    assert len(view.text_edit.extraSelections()) == 1
    assert background_at(view, span_of("Türkei")[0]) == colour(workspace, "ACTOR")
    view.set_annotations(workspace.tagging.annotations(tagged["article"]), workspace.tagging.tagset)
    assert len(view.text_edit.extraSelections()) == 1
    # Re-showing the same article keeps the mentions; another article drops them.
    view.show_article(workspace.article(tagged["article"]))
    assert view.mentions_at(span_of("Türkei")[0]) == [tagged["turkey"]]
    with pytest.raises(ValueError):
        view.set_annotations(workspace.tagging.annotations(1), workspace.tagging.tagset)
    view.show_article(workspace.article(1))
    assert view.mentions_at(0) == [] and view.annotations() is None


def test_painting_draws_underlines_in_the_line_gap(
    qtbot: QtBot, view: ArticleView, workspace: Workspace
) -> None:
    img = view.text_edit.viewport().grab().toImage()
    m = view.text_edit.underline_metrics()
    t_a, _ = span_of("Türkei")
    p = point_of(view, t_a + 2, below=2)
    got = QColor(img.pixel(p.x() * img.width() // view.text_edit.viewport().width(), p.y()))
    assert got != QColor("white") and m.rows >= 2


# -- legend ----------------------------------------------------------------------------


def test_legend_shows_every_type_with_colour_and_key(qtbot: QtBot, workspace: Workspace) -> None:
    legend = TypeLegend()
    qtbot.addWidget(legend)
    tagset = workspace.tagging.tagset
    legend.set_tagset(tagset)
    legend.resize(260, 200)
    legend.show()
    qtbot.waitExposed(legend)
    chips = legend.chips()
    assert [c.mention_type.name for c in chips] == [m.name for m in tagset.mention_types]
    assert "(key 1)" in chips[0].toolTip() or "Key: 1" in chips[0].toolTip()
    assert legend.heightForWidth(260) > legend.heightForWidth(2000)  # it wraps
    picked: list[str] = []
    legend.type_clicked.connect(picked.append)
    qtbot.mouseClick(chips[1], Qt.MouseButton.LeftButton)
    assert picked == [tagset.mention_types[1].name]
    legend.set_tagset(None)
    assert legend.chips() == []


def test_an_edit_repaints_only_the_paragraphs_it_changed(
    qtbot: QtBot, view: ArticleView, workspace: Workspace, tagged: dict[str, int]
) -> None:
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QPaintEvent, QRegion

    class Painted(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.region = QRegion()

        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if isinstance(event, QPaintEvent):
                self.region = self.region.united(event.region())
            return False

    viewport = view.text_edit.viewport()
    qtbot.wait(20)
    painted = Painted()
    viewport.installEventFilter(painted)
    aid = tagged["article"]
    b_a, b_b = span_of("Baku")
    workspace.tagging.add_mention(aid, b_a, b_b, "LOCATION")
    view.set_annotations(workspace.tagging.annotations(aid), workspace.tagging.tagset)
    layer = view.text_edit.layer
    assert layer.dirty == (view.offsets.to_qt(b_a), view.offsets.to_qt(b_b))
    qtbot.waitUntil(lambda: not painted.region.isEmpty(), timeout=2000)
    viewport.removeEventFilter(painted)
    assert painted.region.contains(point_of(view, b_a + 1))
    assert not painted.region.contains(point_of(view, span_of("Ле́нин")[0] + 1))  # line 1
    # What was painted is the new mention: its underline sits below it.
    img = viewport.grab().toImage()
    p = point_of(view, b_a + 1, below=2)
    got = QColor(img.pixel(p.x() * img.width() // viewport.width(), p.y()))
    assert got != QColor("white")
    # Nothing changed: nothing to repaint.
    view.set_annotations(workspace.tagging.annotations(aid), workspace.tagging.tagset)
    assert layer.dirty is None
