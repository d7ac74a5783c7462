"""File > Import Annotations…: read a dataset, map its unknown types, store it as a layer."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import orjson
import pytest
from desktop_helpers import EMOJI_TEXT
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from db.formats.layer_writer import as_layer
from db.formats.model import DatasetDoc, DatasetSelection, DocArgument, DocEvent, DocMention
from db.formats.registry import export
from db.tagset import default_tagset
from db.workspace import Workspace
from desktop.import_annotations_dialog import (
    LEAVE_OUT,
    ImportAnnotationsDialog,
    ImportOutcome,
    ReadResult,
    apply_choices,
    guess_format,
    survey,
)
from desktop.main_window import MainWindow

DOCCANO_TEXT = "Rheinmetall will deliver Boxer vehicles to Qatar, officials in Doha said."


def _ws(window: MainWindow) -> Workspace:
    ws = window.workspace
    assert ws is not None
    return ws


def _annotator_id(ws: Workspace, name: str) -> int:
    return next(a.id for a in ws.annotators() if a.name == name)


def _span(text: str, word: str) -> tuple[int, int]:
    at = text.index(word)
    return at, at + len(word)


def _doccano(path: Path) -> Path:
    spans = [
        (*_span(DOCCANO_TEXT, "Rheinmetall"), "ORG"),
        (*_span(DOCCANO_TEXT, "Boxer vehicles"), "WEAPON"),
        (*_span(DOCCANO_TEXT, "Qatar"), "ORG"),
        (*_span(DOCCANO_TEXT, "Doha"), "MISC"),
    ]
    record = {"text": DOCCANO_TEXT, "label": [list(s) for s in spans], "user": "alice"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def _read(qtbot: QtBot, dlg: ImportAnnotationsDialog) -> object:
    with qtbot.waitSignal(dlg.read_did_finish, timeout=20_000) as blocker:
        dlg.next_button.click()
    return blocker.args[0]


def _import(qtbot: QtBot, dlg: ImportAnnotationsDialog) -> object:
    with qtbot.waitSignal(dlg.import_did_finish, timeout=20_000) as blocker:
        dlg.import_button.click()
    return blocker.args[0]


def _message(window: MainWindow, title: str) -> QMessageBox:
    boxes = [b for b in window.open_messages() if b.windowTitle() == title]
    assert boxes, [b.windowTitle() for b in window.open_messages()]
    return boxes[-1]


def test_doccano_with_a_mapped_and_a_left_out_label(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    ws = _ws(window)
    src = _doccano(tmp_path / "doccano.jsonl")
    assert guess_format(src) == "doccano"
    before = len(ws.articles())
    window.act_import_annotations.trigger()
    dlg = window.findChild(ImportAnnotationsDialog)
    assert isinstance(dlg, ImportAnnotationsDialog) and dlg.isVisible()
    dlg.set_paths([src])
    assert dlg.format_name() == "doccano"

    found = _read(qtbot, dlg)
    assert isinstance(found, ReadResult), found
    assert dlg.pages.currentIndex() == 1
    assert {(t.kind, t.name, t.count, t.known) for t in found.types} == {
        ("mention", "ORG", 2, False),
        ("mention", "MISC", 1, False),
        ("mention", "WEAPON", 1, True),
    }
    table = dlg.type_table
    rows = {table.item(r, 1).text(): r for r in range(table.rowCount())}
    assert table.item(rows["WEAPON"], 3).text() == "Kept as it is"
    org = dlg.combos[("mention", "ORG")]
    offered = [org.itemData(i) for i in range(org.count())]
    assert offered[0] is None and offered[-1] == LEAVE_OUT
    assert "ACTOR" in offered and "TRANSFER" not in offered  # mention types only
    # nothing is left out (or imported) before the user decides on every unknown type
    assert sorted(dlg.undecided()) == [("mention", "MISC"), ("mention", "ORG")]
    assert not dlg.import_button.isEnabled()
    dlg.choose("mention", "ORG", "ACTOR")
    assert not dlg.import_button.isEnabled()
    dlg.choose("mention", "MISC", LEAVE_OUT)
    assert dlg.import_button.isEnabled()
    assert dlg.layer_edit.text() == "alice"

    shot = dlg.grab()
    assert not shot.isNull() and shot.width() > 300
    shot.save(str(tmp_path / "mapping.png"))
    if os.environ.get("ARMSCRIBE_SHOTS"):
        shutil.copy(tmp_path / "mapping.png", Path(os.environ["ARMSCRIBE_SHOTS"]) / "mapping.png")

    changed: list[object] = []
    window.op_did_execute.connect(changed.append)
    outcome = _import(qtbot, dlg)
    assert isinstance(outcome, ImportOutcome), outcome
    assert outcome.left_out.types == {("mention", "MISC"): 1}

    # the rows, read back through the library
    assert len(ws.articles()) == before + 1
    art = next(r.id for r in ws.articles() if r.title.startswith("Rheinmetall will deliver"))
    ann = ws.tagging.annotations(art, _annotator_id(ws, "alice"))
    got = sorted((DOCCANO_TEXT[m.start : m.end], m.type) for m in ann.mentions)
    assert got == [("Boxer vehicles", "WEAPON"), ("Qatar", "ACTOR"), ("Rheinmetall", "ACTOR")]

    box = _message(window, "Annotations Imported")
    summary = box.text() + "\n" + box.informativeText()
    assert "3 mentions" in summary and "Articles: 1 created, 0 matched." in summary
    assert "Left out: 1 type(s)" in summary and "MISC: 1 mention left out" in summary
    assert any(getattr(c, "mentions", False) and getattr(c, "articles", False) for c in changed)


def test_armscribe_jsonl_from_a_tagged_store_needs_no_mapping(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    ws = _ws(window)
    art = next(r.id for r in ws.articles() if r.title == "Drohnen für Aserbaidschan")
    tg = ws.tagging
    weapon = tg.add_mention(art, *_span(EMOJI_TEXT, "Bayraktar-Drohnen"), "WEAPON").created[0]
    turkey = tg.add_mention(art, *_span(EMOJI_TEXT, "Türkei"), "ACTOR").created[0]
    tg.create_event_at(
        art,
        "TRANSFER",
        *_span(EMOJI_TEXT, "kamen"),
        arguments=[("Supplier", turkey), ("Weapon", weapon)],
    )
    out = tmp_path / "mine.jsonl"
    export(ws.store, "jsonl", out, DatasetSelection(annotators=(ws.annotator,)), tagset=tg.tagset)
    assert guess_format(out) == "jsonl"

    dlg = ImportAnnotationsDialog(window)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.set_paths([out])
    assert dlg.format_name() == "jsonl"
    found = _read(qtbot, dlg)
    assert isinstance(found, ReadResult), found
    assert all(t.known for t in found.types) and not dlg.combos
    assert dlg.import_button.isEnabled()
    assert dlg.layer_edit.text() == ws.annotator
    dlg.layer_edit.setText("colleague")  # the same layer name again would be refused
    outcome = _import(qtbot, dlg)
    assert isinstance(outcome, ImportOutcome), outcome
    assert not outcome.left_out.any()
    r = outcome.report
    assert (r.articles_created, r.articles_matched, r.mentions, r.events) == (0, 1, 3, 1)

    theirs = tg.annotations(art, _annotator_id(ws, "colleague"))
    mine = tg.annotations(art)
    assert sorted((m.start, m.end, m.type) for m in theirs.mentions) == sorted(
        (m.start, m.end, m.type) for m in mine.mentions
    )
    (event,) = theirs.events
    by_id = {m.id: m for m in theirs.mentions}
    assert event.type == "TRANSFER"
    assert {
        (a.role, EMOJI_TEXT[by_id[a.mention_id].start : by_id[a.mention_id].end])
        for a in event.arguments
    } == {("Supplier", "Türkei"), ("Weapon", "Bayraktar-Drohnen")}
    summary = _message(window, "Annotations Imported").informativeText()
    assert "Left out: nothing." in summary


@pytest.mark.parametrize("broken", ["bad json", "bad offsets"])
def test_a_broken_file_is_reported_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, broken: str
) -> None:
    ws = _ws(window)
    if broken == "bad json":
        src = _doccano(tmp_path / "broken.jsonl")
        with src.open("a", encoding="utf-8") as fh:
            fh.write('{"text": "Second record", "label": [[0, 6, "ORG"]\n')
    else:  # an Armscribe layer whose offsets do not fit its text: refused by the writer
        src = tmp_path / "offsets.jsonl"
        doc = {
            "title": "Offsets",
            "text": "Germany sold tanks.",
            "annotator": "bob",
            "annotator_role": "analyst",
            "mentions": [{"uuid": None, "start": 0, "end": 6, "type": "ACTOR", "text": "Germany"}],
        }
        src.write_bytes(orjson.dumps({"format": "armscribe-jsonl", "version": 1}) + b"\n")
        with src.open("ab") as fh:
            fh.write(orjson.dumps(doc) + b"\n")
    before = ws.stats()
    dlg = ImportAnnotationsDialog(window)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.set_paths([src])
    result = _read(qtbot, dlg)
    if broken == "bad json":
        assert isinstance(result, Exception)
        box = _message(window, "Cannot Read the Files")
        assert "broken.jsonl line 2" in box.text() and "not valid JSON" in box.text()
        assert dlg.pages.currentIndex() == 0
    else:
        assert isinstance(result, ReadResult)
        result = _import(qtbot, dlg)
        assert isinstance(result, Exception)
        box = _message(window, "Import Failed")
        assert "nothing was imported" in box.text()
        assert "“Germany” but the text there is “German”" in box.detailedText()
        assert dlg.isVisible()  # the user can go back and fix the choice
    assert box.informativeText() in ("Nothing was imported.", "Nothing was changed.")
    assert ws.stats() == before


def test_leaving_out_mentions_drops_the_arguments_that_point_at_them() -> None:
    text = "France sold Rafale jets to India."
    m = [
        DocMention("m1", 0, 6, "ORG", "France"),
        DocMention("m2", 12, 23, "WEAPON", "Rafale jets"),
        DocMention("m3", 7, 11, "TRIG", "sold"),
    ]
    ev = DocEvent(
        "e1",
        "SALE",
        "m3",
        (DocArgument("Seller", "m1"), DocArgument("Weapon", "m2")),
    )
    doc = DatasetDoc(None, None, "t", text, "x", mentions=tuple(m), events=(ev,))
    choices = {
        ("mention", "ORG"): LEAVE_OUT,
        ("mention", "TRIG"): LEAVE_OUT,
        ("event", "SALE"): "TRANSFER",
    }
    # the same layer as a DatasetDoc and as LayerRows (what JSONL is read as) gives one result
    for item in (doc, as_layer(doc)):
        (out,), left = apply_choices([item], choices)
        assert isinstance(out, DatasetDoc)
        assert [x.uuid for x in out.mentions] == ["m2"]
        (e,) = out.events
        assert e.type == "TRANSFER" and e.trigger_uuid is None
        assert [(a.role, a.mention_uuid) for a in e.arguments] == [("Weapon", "m2")]
        assert left.types == {("mention", "ORG"): 1, ("mention", "TRIG"): 1}
        assert (left.arguments, left.triggers) == (1, 1)
    layer = as_layer(doc)
    assert apply_choices([layer], {})[0] == [layer]  # nothing to change: the bulk shape stays
    found = survey([layer], default_tagset())
    assert {(t.kind, t.name, t.count) for t in found.types} == {
        ("mention", "ORG", 1),
        ("mention", "WEAPON", 1),
        ("mention", "TRIG", 1),
        ("event", "SALE", 1),
        ("role", "Seller", 1),
        ("role", "Weapon", 1),
    }


def test_the_format_is_guessed_from_the_path(tmp_path: Path) -> None:
    brat = tmp_path / "brat"
    brat.mkdir()
    (brat / "a.txt").write_text("Text", encoding="utf-8")
    (brat / "a.ann").write_text("T1\tACTOR 0 4\tText\n", encoding="utf-8")
    studio = tmp_path / "tasks.json"
    task = {"id": 1, "data": {"text": "Text"}, "annotations": [{"id": 1, "result": []}]}
    studio.write_text(json.dumps([task]), encoding="utf-8")
    doccano_list = tmp_path / "doccano.json"
    doccano_list.write_text(json.dumps([{"text": "Text", "label": [[0, 4, "ORG"]]}]))
    xmi = tmp_path / "doc.xmi"
    xmi.write_text("<xmi/>", encoding="utf-8")
    got = {p.name: guess_format(p) for p in (brat, studio, doccano_list, xmi, tmp_path / "x.txt")}
    assert got == {
        "brat": "brat",
        "tasks.json": "labelstudio",
        "doccano.json": "doccano",
        "doc.xmi": "xmi",
        "x.txt": None,
    }
