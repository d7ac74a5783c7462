"""brat export read back by pybrat (and a strict line parser), and brat import."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from format_docs import seed_docs, tag_seeds, tricky_docs
from pybrat.parser import BratParser

from db.formats import brat
from db.formats.archive import DatasetFormatError
from db.formats.model import DatasetDoc
from db.store import Store
from db.tagset import default_tagset
from db.workspace import Workspace


def _trigger_types(doc: DatasetDoc) -> dict[str, str]:
    return {e.trigger_uuid: e.type for e in doc.events if e.trigger_uuid}


def _check_folder(docs: list[DatasetDoc], out: Path) -> None:
    """pybrat parses every pair; each T's text is its .txt slice and its type is the
    mention's (or, for a trigger, the event's) type; N references carry entity uuids."""
    examples = {ex.id: ex for ex in BratParser(error="raise").parse(out)}
    assert len(examples) == len(docs)
    for doc in docs:
        ex = examples[brat.doc_stem(doc)]
        assert ex.text == doc.text
        triggers = _trigger_types(doc)
        want = sorted((m.start, m.end, triggers.get(m.uuid, m.type), m.text) for m in doc.mentions)
        got = sorted(
            (e.spans[0].start, e.spans[-1].end, e.type, ex.text[e.spans[0].start : e.spans[-1].end])
            for e in ex.entities
        )
        assert got == want
        for e in ex.entities:  # the T's own text field, fragment by fragment
            assert e.mention == " ".join(ex.text[s.start : s.end] for s in e.spans)
        refs = sorted((e.spans[0].start, r.eid) for e in ex.entities for r in e.references)
        assert refs == sorted((m.start, f"{m.entity_uuid}") for m in doc.mentions if m.entity_uuid)
        assert all(r.rid == "Armscribe" for e in ex.entities for r in e.references)
        assert sorted(e.type for e in ex.events) == sorted(
            e.type for e in doc.events if e.trigger_uuid
        )


def _strict_events(ann: Path) -> list[tuple[str, list[str]]]:
    """E lines as (type, [role, ...]) straight from the file (pybrat drops role names)."""
    out = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("E"):
            head = line.split("\t")[1].split()
            out.append((head[0].split(":")[0], [a.split(":")[0] for a in head[1:]]))
    return out


@pytest.fixture
def seeds(ws: Workspace) -> list[DatasetDoc]:
    tag_seeds(ws)
    return seed_docs(ws)


def test_seed_export_reads_back_with_pybrat(seeds: list[DatasetDoc], tmp_path: Path) -> None:
    out = tmp_path / "brat"
    summary = brat.export_docs(seeds, out, tagset=default_tagset())
    _check_folder(seeds, out)
    assert summary.layers == 5 and summary.events == 2
    assert any("without a trigger" in n for n in summary.notes)  # the DIPLOMATIC event
    assert (out / "annotation.conf").read_text().count("TRANSFER\t") == 1
    assert "ACTOR\tbgColor:#FFCC80" in (out / "visual.conf").read_text()
    ank = next(d for d in seeds if d.title.startswith("Ankara"))
    ann = out / f"{brat.doc_stem(ank)}.ann"
    assert _strict_events(ann) == [("TRANSFER", ["Supplier", "Recipient", "Weapon", "Weapon2"])]
    lines = ann.read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("R1\tALLY_OF Arg1:T") for line in lines)
    assert any(
        line.split("\t")[1].startswith("status E1 offered") for line in lines if line[0] == "A"
    )
    assert any("AnnotatorNotes E1\tnote=said by the SSB head" in line for line in lines)
    assert b"\r" not in (out / f"{brat.doc_stem(ank)}.txt").read_bytes()


def test_tricky_text_reads_back_with_pybrat(tmp_path: Path) -> None:
    docs = tricky_docs()
    brat.export_docs(docs, tmp_path / "b", tagset=default_tagset())
    _check_folder(docs, tmp_path / "b")
    crlf = next(d for d in docs if d.title == "Tricky crlf")
    ann = (tmp_path / "b" / f"{brat.doc_stem(crlf)}.ann").read_text(encoding="utf-8")
    assert "\tINSTRUMENT 26 34;35 39\tpermits. Line\n" in ann  # split at the line break


def _same(a: DatasetDoc, b: DatasetDoc) -> None:
    trig = _trigger_types(a)
    assert b.text == a.text
    assert sorted((m.start, m.end, m.text, m.entity_uuid) for m in b.mentions) == sorted(
        (m.start, m.end, m.text, m.entity_uuid) for m in a.mentions
    )
    assert sorted(m.type for m in b.mentions) == sorted(
        "TRIGGER" if m.uuid in trig else m.type for m in a.mentions
    )
    span_a = {m.uuid: (m.start, m.end) for m in a.mentions}
    span_b = {m.uuid: (m.start, m.end) for m in b.mentions}
    assert sorted(
        (
            e.type,
            span_b[e.trigger_uuid],
            e.status,
            sorted((x.role, span_b[x.mention_uuid]) for x in e.arguments),
        )
        for e in b.events
    ) == sorted(
        (
            e.type,
            span_a[e.trigger_uuid],
            e.status,
            sorted((x.role, span_a[x.mention_uuid]) for x in e.arguments),
        )
        for e in a.events
        if e.trigger_uuid
    )
    assert sorted(
        (r.type, r.source_entity_uuid, r.target_entity_uuid) for r in b.relations
    ) == sorted((r.type, r.source_entity_uuid, r.target_entity_uuid) for r in a.relations)


def test_round_trip_through_folder_and_zip(seeds: list[DatasetDoc], tmp_path: Path) -> None:
    docs = seeds + tricky_docs()
    out = tmp_path / "brat"
    brat.export_docs(docs, out, tagset=default_tagset())
    back = {d.title: d for d in brat.read_docs(out)}
    for doc in docs:
        _same(doc, back[brat.doc_stem(doc)])
    archive = tmp_path / "brat.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in out.iterdir():
            zf.write(f, f"corpus/{f.name}")
    assert len(list(brat.read_docs(archive))) == len(docs)


def test_bad_brat_is_refused_clearly(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Turkey sells drones.", encoding="utf-8")
    (tmp_path / "a.ann").write_text("T1\tACTOR 0 6\tTurkez\n", encoding="utf-8")
    with pytest.raises(DatasetFormatError, match="a.ann line 1: T1 says 'Turkez'"):
        list(brat.read_docs(tmp_path))
    (tmp_path / "a.ann").write_text("T1\tACTOR 14 40\tdrones\n", encoding="utf-8")
    with pytest.raises(DatasetFormatError, match="outside the text"):
        list(brat.read_docs(tmp_path))
    (tmp_path / "a.ann").write_text("T1\tACTOR x y\tTurkey\n", encoding="utf-8")
    with pytest.raises(DatasetFormatError, match="malformed line"):
        list(brat.read_docs(tmp_path))


def test_crlf_text_is_stored_with_lf_and_offsets_shifted(tmp_path: Path, store: Store) -> None:
    """brat counts the \r of Windows line ends (the T checks run on the file as it is);
    the stored layer has LF and offsets moved, as every imported layer."""
    from db.formats.dataset import iter_documents
    from db.formats.layer_writer import write_documents
    from db.formats.model import DatasetSelection

    (tmp_path / "w.txt").write_bytes(b"Line one.\r\nCanada suspends permits.\r\n")
    (tmp_path / "w.ann").write_text("T1\tACTOR 11 17\tCanada\n", encoding="utf-8")
    write_documents(store, brat.read_docs(tmp_path), default_tagset())
    (doc,) = iter_documents(store, DatasetSelection())
    assert doc.text == "Line one.\nCanada suspends permits.\n"
    (m,) = doc.mentions
    assert (m.start, m.end, doc.text[m.start : m.end]) == (10, 16, "Canada")


def test_brat_import_stores_layers_through_the_layer_writer(
    seeds: list[DatasetDoc], tmp_path: Path, store: Store
) -> None:
    from db.formats.dataset import iter_documents
    from db.formats.layer_writer import write_documents
    from db.formats.model import DatasetSelection

    brat.export_docs(seeds, tmp_path / "b", tagset=default_tagset())
    report = write_documents(store, brat.read_docs(tmp_path / "b"), default_tagset())
    assert report.layers == 5 and report.events == 2 and report.relations == 1
    stored = list(iter_documents(store, DatasetSelection()))
    assert sorted((m.text, m.type) for d in stored for m in d.mentions) == sorted(
        (m.text, m.type) for d in seeds for m in d.mentions
    )


def test_event_dates_and_noted_attributes_come_back(
    seeds: list[DatasetDoc], tmp_path: Path
) -> None:
    """What an A line cannot hold goes to AnnotatorNotes as key=value; reading the folder
    back gives the events their dates and attributes again (as text)."""
    from dataclasses import replace

    dated = [
        replace(
            d,
            events=tuple(
                replace(
                    e,
                    date_start="2020",
                    date_end="2021-03",
                    attributes={**e.attributes, "date": "2020 bis März 2021"},
                )
                for e in d.events
            ),
        )
        for d in seeds
    ]
    brat.export_docs(dated, tmp_path / "b", tagset=default_tagset())
    back = {d.text: d for d in brat.read_docs(tmp_path / "b")}

    def events(doc: DatasetDoc) -> list[tuple[object, ...]]:
        text = {m.uuid: doc.text[m.start : m.end] for m in doc.mentions}
        return sorted(
            (
                e.type,
                text[e.trigger_uuid],
                e.status,
                e.modality,
                e.date_start,
                e.date_end,
                sorted((k, str(v)) for k, v in e.attributes.items()),
            )
            for e in doc.events
            if e.trigger_uuid is not None
        )

    compared = 0
    for d in dated:
        want = events(d)
        assert events(back[d.text]) == want
        compared += len(want)
    assert compared >= 2  # the two triggered seed events, one with a free-text note


def test_a_free_text_annotator_note_is_kept_as_the_note_attribute(tmp_path: Path) -> None:
    (tmp_path / "w.txt").write_text("Canada suspends permits.", encoding="utf-8")
    (tmp_path / "w.ann").write_text(
        "T1\tACTOR 0 6\tCanada\n#1\tAnnotatorNotes T1\tunclear: Ottawa or the province?\n"
        "#2\tAnnotatorNotes T1\tcheck the source\n",
        encoding="utf-8",
    )
    (doc,) = brat.read_docs(tmp_path)
    (m,) = doc.mentions
    assert m.attributes == {"note": "unclear: Ottawa or the province?\ncheck the source"}
