"""CoNLL IOB2 export read back with seqeval."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from format_docs import seed_docs, tag_seeds, tricky_docs
from seqeval.metrics.sequence_labeling import get_entities

from db.formats import conll
from db.formats.model import DatasetDoc, DocMention
from db.tagset import default_tagset
from db.workspace import Workspace


def _read(path: Path) -> list[list[tuple[str, str]]]:
    """Documents as lists of (token, tag); sentences joined (seqeval reads a flat list)."""
    docs: list[list[tuple[str, str]]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("-DOCSTART-"):
            docs.append([])
        elif line:
            token, tag = line.rsplit(" ", 1)
            docs[-1].append((token, tag))
    return docs


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _check(docs: list[DatasetDoc], out: Path) -> None:
    back = _read(out)
    assert len(back) == len(docs)
    for dd, rows in zip(docs, back, strict=True):
        tokens = [t for t, _ in rows]
        assert "".join(tokens) == _squash(dd.text)  # nothing lost, nothing added
        kept, _, _ = conll.non_overlapping(dd.mentions)
        got = [
            (label, "".join(tokens[s : e + 1]))
            for label, s, e in get_entities([t for _, t in rows])
        ]
        assert got == [(m.type, _squash(m.text)) for m in kept]


@pytest.fixture
def seeds(ws: Workspace) -> list[DatasetDoc]:
    tag_seeds(ws)
    return seed_docs(ws)


def test_seed_iob2_reads_back_with_seqeval(seeds: list[DatasetDoc], tmp_path: Path) -> None:
    out = tmp_path / "seeds.conll"
    summary = conll.export_docs(seeds, out, tagset=default_tagset())
    _check(seeds, out)
    assert any("1 overlapping" in n for n in summary.notes)  # Drohnen inside the WEAPON
    assert any("trigger" in n for n in summary.notes)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("-DOCSTART- O\n\n") and "\n\n\n" not in text
    assert "Bildgebungs B-WEAPON\n- I-WEAPON\nund I-WEAPON\n" in text


def test_tricky_iob2_keeps_graphemes_whole(tmp_path: Path) -> None:
    docs = tricky_docs()
    out = tmp_path / "t.conll"
    conll.export_docs(docs, out, tagset=default_tagset())
    _check(docs, out)
    text = out.read_text(encoding="utf-8")
    assert "👍🏽 B-QUANTITY\n" in text  # emoji and its skin tone stay one token
    assert "ministe\u0301re B-ACTOR\n" in text  # the combining accent stays on its letter
    assert "🇦🇿 I-ACTOR\n" in text  # a flag is one token


def test_overlap_rule_is_longest_then_earliest() -> None:
    def m(s: int, e: int, t: str) -> DocMention:
        return DocMention(uuid=f"{s}-{e}", start=s, end=e, type=t, text="x" * (e - s))

    kept, dropped, skipped = conll.non_overlapping(
        [m(0, 4, "A"), m(2, 8, "B"), m(6, 12, "C"), m(20, 22, "TRIGGER"), m(14, 18, "D")]
    )
    assert [(k.start, k.end) for k in kept] == [(2, 8), (14, 18)]
    assert (dropped, skipped) == (2, 1)
