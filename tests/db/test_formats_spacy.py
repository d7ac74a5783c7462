"""spaCy DocBin and span JSONL exports, read back with spaCy and srsly."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
import srsly
from format_docs import seed_docs, tag_seeds, tricky_docs
from spacy.tokens import DocBin

from db.formats import spacy_docbin, span_jsonl
from db.formats.conll import non_overlapping
from db.formats.model import DatasetDoc, DocMention
from db.tagset import default_tagset
from db.workspace import Workspace


@pytest.fixture
def docs(ws: Workspace) -> list[DatasetDoc]:
    tag_seeds(ws)
    return seed_docs(ws) + tricky_docs()


def test_docbin_spans_equal_the_stored_text(docs: list[DatasetDoc], tmp_path: Path) -> None:
    out = tmp_path / "corpus.spacy"
    summary = spacy_docbin.export_docs(docs, out, tagset=default_tagset())
    nlp = spacy.blank("xx")
    back = list(DocBin().from_disk(out).get_docs(nlp.vocab))
    assert len(back) == len(docs) == summary.layers
    for dd, doc in zip(docs, back, strict=True):
        assert doc.text == dd.text
        assert doc.user_data["armscribe"]["article_uuid"] == dd.article_uuid
        got = sorted((s.start_char, s.end_char, s.label_, s.text) for s in doc.spans["mentions"])
        want = sorted((m.start, m.end, m.type, m.text) for m in dd.mentions)
        assert got == want
        for m in dd.mentions:  # token-aligned: strict alignment finds every mention
            span = doc.char_span(m.start, m.end, alignment_mode="strict")
            assert span is not None and span.text == m.text
        kept, _, _ = non_overlapping(dd.mentions)
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [
            (m.start, m.end, m.type) for m in kept
        ]
        by_uuid = {m.uuid: m for m in dd.mentions}
        want_trig = sorted(
            (by_uuid[e.trigger_uuid].text, e.type) for e in dd.events if e.trigger_uuid
        )
        assert sorted((s.text, s.label_) for s in doc.spans["events"]) == want_trig
        want_args = sorted(
            (by_uuid[a.mention_uuid].text, f"{e.type}.{a.role}")
            for e in dd.events
            for a in e.arguments
        )
        assert sorted((s.text, s.label_) for s in doc.spans["args"]) == want_args
    emoji = next(d for d in back if d.user_data["armscribe"]["title"] == "Tricky emoji")
    assert [s.text for s in emoji.spans["mentions"]][0] == "👍🏽"
    assert any("longest first" in n for n in summary.notes)  # "Drohnen" inside the WEAPON


def test_docbin_splits_tokens_at_mention_boundaries(tmp_path: Path) -> None:
    doc = DatasetDoc(
        article_uuid="a",
        content_hash=None,
        title="t",
        text="Die Türkei-Lieferung kam.",
        annotator="anna",
        metadata={"language": "de"},
        mentions=(DocMention(uuid="m1", start=4, end=10, type="ACTOR", text="Türkei"),),
    )
    summary = spacy_docbin.export_docs([doc], tmp_path / "x.spacy", tagset=default_tagset())
    (back,) = DocBin().from_disk(tmp_path / "x.spacy").get_docs(spacy.blank("de").vocab)
    assert back.text == doc.text
    assert [s.text for s in back.spans["mentions"]] == ["Türkei"]
    assert summary.notes and "split" in summary.notes[0]


def test_span_jsonl_reads_back_with_srsly(docs: list[DatasetDoc], tmp_path: Path) -> None:
    out = tmp_path / "spans.jsonl"
    span_jsonl.export_docs(docs, out, tagset=default_tagset())
    records = list(srsly.read_jsonl(out))
    assert len(records) == len(docs)
    for dd, rec in zip(docs, records, strict=True):
        assert rec["text"] == dd.text
        text = rec["text"]
        got = sorted(
            (s["start"], s["end"], s["label"], text[s["start"] : s["end"]]) for s in rec["spans"]
        )
        assert got == sorted((m.start, m.end, m.type, m.text) for m in dd.mentions)
        toks = rec["tokens"]
        for s in rec["spans"]:  # token indices cover exactly the span
            assert toks[s["token_start"]]["start"] == s["start"]
            assert toks[s["token_end"]]["end"] == s["end"]
        assert rec["meta"]["annotator"] == dd.annotator
        n_args = sum(len(e.arguments) for e in dd.events if e.trigger_uuid)
        assert len(rec["relations"]) == n_args
