"""The tagging form driven as an analyst drives it: select words in the reader, press a
type's key, accept the entity, build an event by clicking highlights, undo and redo."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import astuple

import pytest
from desktop_helpers import add_drafts
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from db.annotations import ArticleAnnotations, MentionRow
from db.changes import Changes
from db.corpus.draft import ArticleDraft
from db.workspace import Workspace
from desktop.article_table_model import COL_STATUS
from desktop.main_window import MainWindow

TEXT = (
    "Die Türkei hat Aserbaidschan im Juli 2020 Bayraktar TB2 geliefert, "
    "sagte Ankara. Die Türkei bestätigte die Lieferung; auch die türkei schweigt nicht."
)


class Analyst:
    """Drives the window and counts the user's actions (selections, keys, clicks)."""

    def __init__(self, qtbot: QtBot, window: MainWindow) -> None:
        self.qtbot, self.window = qtbot, window
        self.view = window.article_view
        self.actions = 0

    @property
    def ws(self) -> Workspace:
        assert self.window.workspace is not None
        return self.window.workspace

    @property
    def article_id(self) -> int:
        assert self.view.article is not None
        return self.view.article.id

    def ann(self) -> ArticleAnnotations:
        return self.ws.tagging.annotations(self.article_id)

    def focus(self, widget: QWidget) -> None:
        self.window.activateWindow()
        widget.setFocus()
        self.qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)

    def select(self, words: str, nth: int = 0) -> tuple[int, int]:
        """Select the ``nth`` occurrence of ``words`` in the reader (one action)."""
        assert self.view.article is not None
        text = self.view.article.text
        start = -1
        for _ in range(nth + 1):
            start = text.index(words, start + 1)
        self.focus(self.view.text_edit)
        self.view.set_selection_span(start, start + len(words))
        self.actions += 1
        return start, start + len(words)

    def key(
        self,
        key: Qt.Key,
        modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
        widget: QWidget | None = None,
    ) -> None:
        target = widget or QApplication.focusWidget()
        assert target is not None
        self.qtbot.keyClick(target, key, modifier)
        self.actions += 1

    def click_mention(self, mention_id: int) -> None:
        """Click the middle of a mention's highlight in the reader (one action)."""
        m = next(m for m in self.ann().mentions if m.id == mention_id)
        edit = self.view.text_edit
        to_qt = self.view.offsets.to_qt
        a, b = QTextCursor(edit.document()), QTextCursor(edit.document())
        a.setPosition(to_qt(m.start))
        b.setPosition(to_qt(m.end))
        ra, rb = edit.cursorRect(a), edit.cursorRect(b)
        assert ra.top() == rb.top(), "the test expects the mention on one line"
        pos = QPoint((ra.left() + rb.left()) // 2, ra.center().y())
        self.qtbot.mouseClick(edit.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        self.actions += 1

    def mention_at(self, start: int, end: int) -> MentionRow | None:
        return next((m for m in self.ann().mentions if (m.start, m.end) == (start, end)), None)


@pytest.fixture
def analyst(qtbot: QtBot, window: MainWindow) -> Iterator[Analyst]:
    ws = window.workspace
    assert ws is not None
    (aid,) = add_drafts(
        ws,
        [ArticleDraft(text=TEXT, title="Drohnen geliefert", language="de", published="2020-07-20")],
    )
    window.op_did_execute.emit(Changes(articles=True))
    assert window.list_panel.select_article(aid)
    assert window.article_view.article is not None and window.article_view.article.id == aid
    yield Analyst(qtbot, window)


def store_rows(a: Analyst) -> tuple[list[tuple[object, ...]], ...]:
    ann = a.ann()
    return (
        [astuple(m) for m in ann.mentions],
        [astuple(e) for e in ann.events],
        [astuple(r) for r in ann.relations],
    )


def test_key_tags_selection_and_enter_links_the_proposed_entity(analyst: Analyst) -> None:
    a, window = analyst, analyst.window
    span = a.select("Türkei")
    a.key(Qt.Key.Key_1)
    m = a.mention_at(*span)
    assert m is not None and m.type == "ACTOR" and m.entity_id is None
    # Highlighted in the reader and selected there and in the form.
    assert m.id in a.view.mentions_at(span[0])
    assert a.view.selected_mention_id() == m.id
    editor = window.tagging_panel.mention_editor
    assert editor.mention_id() == m.id
    assert editor.matches()[0].name == "Türkiye"
    assert QApplication.focusWidget() is editor.proposals
    a.key(Qt.Key.Key_Return)
    m = a.mention_at(*span)
    assert m is not None and a.ws.tagging.entity(m.entity_id).name == "Türkiye"
    assert QApplication.focusWidget() is a.view.text_edit  # back to the text
    assert window.act_undo.text() == "&Undo Link to Türkiye"
    # Tag all occurrences lists the other "Türkei"s (whole words, any case) and, now
    # that it is linked, the entity's other names.
    panel = window.tagging_panel.suggestions
    a.qtbot.waitUntil(lambda: bool(panel.suggestions()), timeout=2000)
    assert [s.text for s in panel.suggestions()] == ["Ankara", "Türkei", "türkei"]


def test_alt_number_picks_another_and_ctrl_n_creates_an_entity(analyst: Analyst) -> None:
    a, window = analyst, analyst.window
    editor = window.tagging_panel.mention_editor
    span = a.select("Ankara")
    a.key(Qt.Key.Key_1)
    assert [m.name for m in editor.matches()][:1] == ["Türkiye"]
    a.key(Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert a.ws.tagging.entity(a.mention_at(*span).entity_id).name == "Türkiye"
    # A weapon the gazetteer does not know: New entity… (Ctrl+N), name edited, Enter.
    span = a.select("Lieferung")
    a.key(Qt.Key.Key_2)
    a.key(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert editor.new_form.isVisible()
    assert editor.new_name.text() == "Lieferung"
    assert QApplication.focusWidget() is editor.new_name
    editor.new_name.setText("Lieferung X")
    editor.new_subtype.setCurrentIndex(editor.new_subtype.findData("aircraft"))
    a.key(Qt.Key.Key_Return)
    entity = a.ws.tagging.entity(a.mention_at(*span).entity_id)
    assert (entity.name, entity.kind, entity.subtype) == ("Lieferung X", "WEAPON", "aircraft")
    assert window.store_label.text()  # the window is still the store's (Ctrl+N did not leak)
    assert window.act_undo.text().startswith("&Undo Create")
    # Esc leaves the next one unlinked.
    span = a.select("Aserbaidschan")
    a.key(Qt.Key.Key_1)
    a.key(Qt.Key.Key_Escape)
    assert a.mention_at(*span).entity_id is None
    assert QApplication.focusWidget() is a.view.text_edit


def test_retype_delete_undo_redo_restore_the_rows(analyst: Analyst) -> None:
    a, window = analyst, analyst.window
    before = store_rows(a)
    span = a.select("Juli 2020")
    a.key(Qt.Key.Key_4)
    a.focus(a.view.text_edit)
    tagged = store_rows(a)
    mid = a.mention_at(*span).id
    assert window.act_undo.text() == "&Undo Tag “Juli 2020” as TIME"
    assert not window.act_redo.isEnabled()
    # Retype: another type's key with the mention selected (tagging left it selected).
    assert a.view.selection_span() is None
    assert a.view.selected_mention_id() == mid
    a.key(Qt.Key.Key_5, widget=a.view.text_edit)
    assert a.mention_at(*span).type == "QUANTITY"
    assert window.act_undo.text() == "&Undo Retype as QUANTITY"
    retyped = store_rows(a)
    # The form's type combo retypes too.
    combo = window.tagging_panel.mention_editor.type_combo
    combo.activated.emit(combo.findData("TIME"))
    assert a.mention_at(*span).type == "TIME"
    # Del deletes the selected mention.
    a.key(Qt.Key.Key_Delete, widget=a.view.text_edit)
    assert a.mention_at(*span) is None
    assert window.act_undo.text() == "&Undo Delete mention"
    # Undo step by step, exactly back; the menu names each edit.
    window.act_undo.trigger()
    assert a.mention_at(*span).type == "TIME"
    assert window.act_redo.text() == "&Redo Delete mention"
    window.act_undo.trigger()
    assert store_rows(a) == retyped
    window.act_undo.trigger()
    assert store_rows(a) == tagged
    window.act_undo.trigger()
    assert store_rows(a) == before
    assert window.act_redo.text() == "&Redo Tag “Juli 2020” as TIME"
    assert a.view.mentions_at(span[0]) == []
    window.act_redo.trigger()
    assert store_rows(a) == tagged
    assert a.view.mentions_at(span[0]) == [mid]
    # Ctrl+Shift+Z and Ctrl+Y redo from the keyboard.
    a.focus(a.view.text_edit)
    a.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert store_rows(a) == retyped
    a.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store_rows(a) == tagged
    a.key(Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert store_rows(a) == retyped


def _tag(a: Analyst, words: str, key: Qt.Key) -> int:
    span = a.select(words)
    a.key(key)
    a.key(Qt.Key.Key_Return)  # accept the proposed entity
    m = a.mention_at(*span)
    assert m is not None and m.entity_id is not None
    return m.id


def test_transfer_by_trigger_key_and_clicks_in_at_most_six_actions(analyst: Analyst) -> None:
    a, window = analyst, analyst.window
    supplier = _tag(a, "Türkei", Qt.Key.Key_1)
    recipient = _tag(a, "Aserbaidschan", Qt.Key.Key_1)
    weapon = _tag(a, "Bayraktar TB2", Qt.Key.Key_2)
    a.actions = 0
    span = a.select("geliefert")
    a.key(Qt.Key.Key_T)
    editor = window.tagging_panel.event_editor
    ann = a.ann()
    (event,) = ann.events
    trigger = ann.mention(event.trigger_mention_id)
    assert (trigger.start, trigger.end, trigger.type) == (*span, "TRIGGER")
    assert editor.event_id() == event.id
    assert editor.active_role() == "Supplier"
    a.click_mention(supplier)
    assert editor.active_role() == "Recipient"
    a.click_mention(recipient)
    assert editor.active_role() == "Weapon"
    a.click_mention(weapon)
    assert editor.active_role() is None
    assert a.actions <= 6, a.actions
    event = a.ann().event(event.id)
    assert {(x.role, x.mention_id) for x in event.arguments} == {
        ("Supplier", supplier),
        ("Recipient", recipient),
        ("Weapon", weapon),
    }
    rows = window.tagging_panel.event_list.rows()
    assert rows == [(event.id, "Türkiye -> Azerbaijan: Bayraktar TB2, transfer", True)]
    # Attributes: the date is normalised; a bad one says why.
    date = editor.attribute_widget("date")
    date.setText("Juli 2020")
    date.editingFinished.emit()
    assert a.ann().event(event.id).date_start == "2020-07"
    assert "2020-07" in editor.date_text()
    assert window.tagging_panel.event_list.rows()[0][1].endswith("transfer, 2020-07")
    date.setText("irgendwann")
    date.editingFinished.emit()
    assert "not a date" in editor.date_text()
    status = editor.attribute_widget("status")
    status.activated.emit(status.findData("delivered"))
    assert a.ann().event(event.id).status == "delivered"
    # Undo takes the status back, then the date...
    window.act_undo.trigger()
    assert a.ann().event(event.id).status in (None, "unknown")


def test_event_problems_are_marked_and_the_list_flashes_and_deletes(analyst: Analyst) -> None:
    a, window = analyst, analyst.window
    panel = window.tagging_panel
    a.select("geliefert")
    a.key(Qt.Key.Key_O)  # an OFFER with no offerer yet
    ann = a.ann()
    (event,) = ann.events
    rows = panel.event_list.rows()
    assert rows[0][2] is False  # marked incomplete
    assert "Offerer is required." in panel.event_editor.problems_label.text()
    assert panel.event_editor._slots["Offerer"][0].property("problem") is True
    # A wrong-type filler is shown as a problem too.
    time_span = a.select("Juli 2020")
    a.key(Qt.Key.Key_4)
    panel.event_editor.set_active_role("Offerer")
    a.click_mention(a.mention_at(*time_span).id)
    assert "Offerer takes ACTOR, not TIME" in panel.event_editor.problems_label.text()
    # "Tag" in a slot tags the selection with the slot's type and fills it.
    span = a.select("Ankara")
    panel.event_editor._slots["Recipient"][2].click()
    m = a.mention_at(*span)
    assert m is not None and m.type == "ACTOR"
    assert m.id in a.ann().event(event.id).fillers("Recipient")
    # Selecting it in the list opens it; Del in the list deletes it.
    panel.close_event()
    panel.event_list.setCurrentRow(0)
    assert panel.event_editor.event_id() == event.id
    a.focus(panel.event_list)
    a.key(Qt.Key.Key_Delete)
    assert a.ann().events == []
    assert panel.event_list.rows() == []


def test_accept_all_suggestions_is_one_undo_step(analyst: Analyst) -> None:
    a, window = analyst, analyst.window
    span = a.select("Türkei")
    a.key(Qt.Key.Key_1)
    a.key(Qt.Key.Key_Return)
    panel = window.tagging_panel.suggestions
    a.qtbot.waitUntil(lambda: bool(panel.suggestions()), timeout=2000)
    assert [s.text for s in panel.suggestions()] == ["Ankara", "Türkei", "türkei"]
    count = len(a.ann().mentions)
    # Reject one with Backspace, then take the rest: Ctrl+Shift+A lists them again.
    a.focus(panel.list)
    a.key(Qt.Key.Key_Backspace)
    assert [s.text for s in panel.suggestions()] == ["Türkei", "türkei"]
    a.focus(a.view.text_edit)
    a.window.tagging_panel.select_mention(a.mention_at(*span).id)
    a.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(panel.suggestions()) == 3
    panel.accept_all_button.click()
    mentions = a.ann().mentions
    assert len(mentions) == count + 3
    turkiye = a.mention_at(*span).entity_id
    assert {(m.text, m.type, m.entity_id) for m in mentions} == {
        (w, "ACTOR", turkiye) for w in ("Türkei", "Ankara", "türkei")
    }
    assert window.act_undo.text() == "&Undo Tag 3 mentions"
    window.act_undo.trigger()
    assert len(a.ann().mentions) == count
    assert window.act_undo.text() == "&Undo Link to Türkiye"
    # Enter accepts one at a time.
    a.window.tagging_panel.select_mention(a.mention_at(*span).id)
    a.window.tagging_panel.suggest_now()
    a.key(Qt.Key.Key_Return, widget=panel.list)
    assert len(a.ann().mentions) == count + 1
    assert len(panel.suggestions()) == 2


def test_status_from_the_form_is_undoable_and_shown_in_the_list(analyst: Analyst) -> None:
    a, window = analyst, analyst.window
    combo = window.tagging_panel.status_combo
    a.focus(combo)
    a.key(Qt.Key.Key_Down)
    assert combo.currentData() == "in_progress"
    model = window.list_panel.model
    row = model.row_of(a.article_id)
    assert model.index(row, COL_STATUS).data() == "In progress"
    assert window.act_undo.text() == "&Undo Mark as in progress"
    window.act_undo.trigger()
    assert model.index(row, COL_STATUS).data() == "New"
    assert combo.currentData() == "new"


def test_relation_between_entities_with_evidence(analyst: Analyst) -> None:
    a, window = analyst, analyst.window
    _tag(a, "Türkei", Qt.Key.Key_1)
    evidence = _tag(a, "Ankara", Qt.Key.Key_1)
    _tag(a, "Aserbaidschan", Qt.Key.Key_1)
    rel = window.tagging_panel.relations
    window.tagging_panel.select_mention(evidence)
    rel.type_combo.setCurrentIndex(rel.type_combo.findData("ALLY_OF"))
    rel.source_combo.setCurrentIndex(rel.source_combo.findText("Türkiye"))
    rel.target_combo.setCurrentIndex(rel.target_combo.findText("Azerbaijan"))
    rel.add_button.click()
    (r,) = a.ann().relations
    assert (r.type, r.evidence_mention_id) == ("ALLY_OF", evidence)
    assert rel.list.item(0).text() == "Türkiye — ally of → Azerbaijan"
    rel.list.setCurrentRow(0)
    a.focus(rel.list)
    a.key(Qt.Key.Key_Delete)
    assert a.ann().relations == []


def test_refusals_are_messages_not_crashes(analyst: Analyst) -> None:
    window = analyst.window
    edit = window.runner.run(lambda t: t.add_mention(analyst.article_id, 5, 99999, "ACTOR"))
    assert edit is None
    assert "outside the article" in window.statusBar().currentMessage()
    # A type key with nothing selected only hints.
    analyst.focus(analyst.view.text_edit)
    analyst.view.set_selection_span(0, 0)
    analyst.key(Qt.Key.Key_3)
    assert "Select some words" in window.statusBar().currentMessage()


def test_j_k_still_move_between_articles_from_the_text(analyst: Analyst) -> None:
    a = analyst
    first = a.article_id
    a.focus(a.view.text_edit)
    a.key(Qt.Key.Key_J)
    assert a.article_id != first
    a.key(Qt.Key.Key_K)
    assert a.article_id == first


def test_help_lists_tagging_shortcuts_grouped(window: MainWindow) -> None:
    dlg = window.show_shortcuts()
    rows = dlg.rows()
    assert "Tagging (in the text or the tagging panel)" in dlg.headings
    assert ("Tag the selection as Actor (or retype the selected mention)", "1") in rows
    assert ("New Transfer (supply, delivery, sale) event on the selected word", "T") in rows
    assert ("Link to proposal 1–5", "Alt+1 … Alt+5") in rows
    assert ("Undo the last edit", "Ctrl+Z, Alt+Backspace") in rows
    assert ("Redo", "Ctrl+Shift+Z, Ctrl+Y") in rows
    assert ("Next Article", "J, Alt+Down") in rows
    view_rows = [(w, k) for k, w in type(window.article_view).shortcut_rows()]
    assert set(view_rows) <= set(rows)
    dlg.close()


def test_tab_goes_from_the_text_into_the_form(analyst: Analyst) -> None:
    a, window = analyst, analyst.window
    a.focus(a.view.text_edit)
    a.key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.tagging_panel.status_combo
    # Shift+Tab from the text goes back to the list.
    a.focus(a.view.text_edit)
    a.key(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is window.list_panel.table


def test_undo_takes_a_new_event_back_with_its_trigger(analyst: Analyst) -> None:
    a, window = analyst, analyst.window
    before = store_rows(a)
    a.select("geliefert")
    a.key(Qt.Key.Key_L)
    ann = a.ann()
    assert [e.type for e in ann.events] == ["LICENCE_ACTION"]
    assert [m.type for m in ann.mentions] == ["TRIGGER"]
    assert (
        window.act_undo.text()
        == "&Undo Create Licence action (permit suspended, cancelled, frozen, resumed) event"
    )
    window.act_undo.trigger()
    if not hasattr(a.ws.tagging, "create_event_at"):
        # Two edits (tag the trigger, create the event): two undo steps, in order.
        assert a.ann().events == [] and len(a.ann().mentions) == 1
        assert window.act_undo.text() == "&Undo Tag “geliefert” as TRIGGER"
        window.act_undo.trigger()
    assert store_rows(a) == before
    assert window.tagging_panel.event_editor.event_id() is None
    assert window.tagging_panel.event_list.rows() == []


def test_the_readers_context_menu_tags_retypes_and_deletes(analyst: Analyst) -> None:
    a = analyst
    view = a.view
    span = a.select("Bayraktar TB2")
    edit = view.text_edit
    cur = QTextCursor(edit.document())
    cur.setPosition(view.offsets.to_qt(span[0] + 2))
    pos = edit.cursorRect(cur).center()
    menu = view.context_menu(pos)
    menu.findChild(QAction, "tagAs_WEAPON").trigger()
    m = a.mention_at(*span)
    assert m is not None and m.type == "WEAPON"
    assert a.window.tagging_panel.mention_editor.matches()[0].name == "Bayraktar TB2"
    menu = view.context_menu(pos)
    menu.findChild(QAction, "retypeAs_ACTOR").trigger()
    assert a.mention_at(*span).type == "ACTOR"
    menu = view.context_menu(pos)
    menu.findChild(QAction, "deleteMention").trigger()
    assert a.mention_at(*span) is None


def test_a_mention_opened_from_the_entities_dock_shows_its_article(analyst: Analyst) -> None:
    a, window = analyst, analyst.window
    span = a.select("Aserbaidschan")
    a.key(Qt.Key.Key_1)
    a.key(Qt.Key.Key_Return)
    aid = a.article_id
    window.list_panel.select_row(0 if window.list_panel.current_row().id != aid else 1)
    assert a.article_id != aid
    window.act_toggle_entities.trigger()
    assert window.entities_dock.isVisible()
    window.entity_panel.open_mention.emit(aid, *span)
    assert a.article_id == aid
    assert window.annotations().mention(a.mention_at(*span).id) is not None


def test_corpus_suggestions_accepted_across_articles_in_one_undo_step(analyst: Analyst) -> None:
    a, window = analyst, analyst.window
    span = a.select("Türkei")
    a.key(Qt.Key.Key_1)
    a.key(Qt.Key.Key_Return)
    panel = window.tagging_panel.suggestions
    a.qtbot.waitUntil(lambda: bool(panel.suggestions()), timeout=2000)
    here = len(panel.suggestions())
    panel.corpus_box.setChecked(True)
    elsewhere = [s for s in panel.suggestions() if s.article_id != a.article_id]
    assert {s.text for s in elsewhere} >= {"Türkei", "TÜRKEI"}
    panel.accept_all_button.click()
    assert window.act_undo.text() == f"&Undo Tag {here + len(elsewhere)} mentions"
    others = {s.article_id for s in elsewhere}
    turkiye = a.mention_at(*span).entity_id
    for other in others:
        tagged = a.ws.tagging.annotations(other).mentions
        wanted = {(s.start, s.end) for s in elsewhere if s.article_id == other}
        assert {(m.start, m.end) for m in tagged} == wanted
        assert all(m.entity_id == turkiye for m in tagged)
    window.act_undo.trigger()
    assert all(a.ws.tagging.annotations(other).mentions == [] for other in others)
