"""UIMA CAS XMI export read back with dkpro-cassis (UTF-16 offsets), and XMI import."""

from __future__ import annotations

from pathlib import Path

import pytest
from cassis import load_cas_from_xmi, load_typesystem
from defusedxml import ElementTree
from format_docs import seed_docs, tag_seeds, tricky_docs

from db.formats import xmi
from db.formats.archive import DatasetFormatError
from db.formats.brat import doc_stem
from db.formats.model import DatasetDoc
from db.tagset import default_tagset
from db.workspace import Workspace


@pytest.fixture
def docs(ws: Workspace) -> list[DatasetDoc]:
    tag_seeds(ws)
    return seed_docs(ws) + tricky_docs()


def test_xmi_reads_back_with_cassis(docs: list[DatasetDoc], tmp_path: Path) -> None:
    out = tmp_path / "xmi"
    summary = xmi.export_docs(docs, out, tagset=default_tagset())
    assert summary.layers == len(docs)
    with (out / "typesystem.xml").open("rb") as fh:
        ts = load_typesystem(fh)
    for dd in docs:
        with (out / f"{doc_stem(dd)}.xmi").open("rb") as fh:
            cas = load_cas_from_xmi(fh, typesystem=ts)
        assert cas.sofa_string == dd.text
        got = sorted(
            (a.begin, a.end, a.label, a.get_covered_text(), a.uuid) for a in cas.select(xmi.MENTION)
        )
        assert got == sorted((m.start, m.end, m.type, m.text, m.uuid) for m in dd.mentions)
        roles = sorted((r.role, r.Dependent.get_covered_text()) for r in cas.select(xmi.ROLE))
        by_uuid = {m.uuid: m for m in dd.mentions}
        assert roles == sorted(
            (a.role, by_uuid[a.mention_uuid].text) for e in dd.events for a in e.arguments
        )
        assert sorted(e.label for e in cas.select(xmi.EVENT)) == sorted(e.type for e in dd.events)


def test_emoji_offsets_are_utf16_in_the_file(tmp_path: Path) -> None:
    docs = [d for d in tricky_docs() if d.title == "Tricky emoji"]
    xmi.export_docs(docs, tmp_path / "x", tagset=default_tagset())
    raw = (tmp_path / "x" / f"{doc_stem(docs[0])}.xmi").read_text(encoding="utf-8")
    ankara = next(m for m in docs[0].mentions if m.text == "Ankara")
    # 👍🏽 is two code points but four UTF-16 units: the file counts units
    units = len(docs[0].text[: ankara.start].encode("utf-16-le")) // 2
    assert units == ankara.start + 2
    root = ElementTree.fromstring(raw.encode("utf-8"))
    spans = {
        (el.get("begin"), el.get("end"))
        for el in root
        if el.tag.endswith("ArmsMention") and el.get("label") == "ACTOR"
    }
    assert (str(units), str(units + len("Ankara"))) in spans
    assert (str(ankara.start), str(ankara.end)) not in spans  # not code points


def test_round_trip_keeps_spans_types_roles(docs: list[DatasetDoc], tmp_path: Path) -> None:
    out = tmp_path / "xmi"
    xmi.export_docs(docs, out, tagset=default_tagset())
    back = {d.article_uuid: d for d in xmi.read_docs(out)}
    for dd in docs:
        got = back[dd.article_uuid]
        assert got.text == dd.text and got.annotator == dd.annotator
        assert sorted(
            (m.uuid, m.start, m.end, m.type, m.entity_uuid, tuple(m.attributes.items()))
            for m in got.mentions
        ) == sorted(
            (m.uuid, m.start, m.end, m.type, m.entity_uuid, tuple(m.attributes.items()))
            for m in dd.mentions
        )
        assert sorted(
            (
                e.uuid,
                e.type,
                e.trigger_uuid,
                e.status,
                sorted((a.role, a.mention_uuid) for a in e.arguments),
            )
            for e in got.events
        ) == sorted(
            (
                e.uuid,
                e.type,
                e.trigger_uuid,
                e.status,
                sorted((a.role, a.mention_uuid) for a in e.arguments),
            )
            for e in dd.events
        )
        assert sorted(
            (r.type, r.source_entity_uuid, r.target_entity_uuid) for r in got.relations
        ) == sorted((r.type, r.source_entity_uuid, r.target_entity_uuid) for r in dd.relations)


_BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmi:version="2.0"><x a="&lol3;"/></xmi:XMI>
"""


def test_xml_with_dtd_or_entities_is_refused(tmp_path: Path) -> None:
    xmi.export_docs(tricky_docs()[:1], tmp_path / "x", tagset=default_tagset())
    (tmp_path / "x" / "bomb.xmi").write_text(_BOMB, encoding="utf-8")
    with pytest.raises(DatasetFormatError, match="bomb.xmi declares a DTD or entities"):
        list(xmi.read_docs(tmp_path / "x"))
    (tmp_path / "x" / "bomb.xmi").write_text("<xmi:XMI", encoding="utf-8")
    with pytest.raises(DatasetFormatError, match="not well-formed XML"):
        list(xmi.read_docs(tmp_path / "x"))
