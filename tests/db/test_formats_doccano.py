"""doccano JSONL import, both shapes, written here as doccano exports them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db.formats import doccano
from db.formats.archive import DatasetFormatError

TEXT = "Kanada stoppt 29 Genehmigungen für die Türkei 👍🏽, sagt Marc Garneau."


def _at(word: str) -> list[int]:
    start = TEXT.index(word)
    return [start, start + len(word)]


def _write(tmp_path: Path, records: list[dict[str, object]]) -> Path:
    path = tmp_path / "admin.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def test_old_shape_imports_with_code_point_offsets(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            {
                "id": 7,
                "text": TEXT,
                "label": [
                    [*_at("Kanada"), "ACTOR"],
                    [*_at("Türkei"), "ACTOR"],
                    [*_at("Marc Garneau"), "ACTOR"],
                ],
                "Comments": [],
            }
        ],
    )
    (doc,) = doccano.read_docs(path)
    assert doc.text == TEXT and doc.annotator == "doccano" and doc.article_uuid is None
    assert [(m.text, m.type) for m in doc.mentions] == [
        ("Kanada", "ACTOR"),
        ("Türkei", "ACTOR"),
        ("Marc Garneau", "ACTOR"),  # after the emoji: code points, not UTF-16
    ]
    assert all(doc.text[m.start : m.end] == m.text for m in doc.mentions)


def test_new_shape_imports_relations_between_entities(tmp_path: Path) -> None:
    k, t = _at("Kanada"), _at("Türkei")
    path = _write(
        tmp_path,
        [
            {
                "id": 1,
                "text": TEXT,
                "entities": [
                    {"id": 11, "label": "ACTOR", "start_offset": k[0], "end_offset": k[1]},
                    {"id": 12, "label": "ACTOR", "start_offset": t[0], "end_offset": t[1]},
                    {
                        "id": 13,
                        "label": "QUANTITY",
                        "start_offset": TEXT.index("29"),
                        "end_offset": TEXT.index("29") + 2,
                    },
                ],
                "relations": [{"id": 5, "from_id": 11, "to_id": 12, "type": "ALLY_OF"}],
            }
        ],
    )
    (doc,) = doccano.read_docs(path)
    assert [(m.text, m.type) for m in doc.mentions] == [
        ("Kanada", "ACTOR"),
        ("29", "QUANTITY"),
        ("Türkei", "ACTOR"),
    ]
    (rel,) = doc.relations
    names = {u: e.name for u, e in doc.entities.items()}
    assert (rel.type, names[rel.source_entity_uuid], names[rel.target_entity_uuid]) == (
        "ALLY_OF",
        "Kanada",
        "Türkei",
    )
    linked = {m.text: m.entity_uuid for m in doc.mentions}
    assert linked["Kanada"] == rel.source_entity_uuid and linked["29"] is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"text": "short", "label": [[0, 40, "ACTOR"]]}\n',
            "line 1: span 0 .0-40, ACTOR. is outside the text",
        ),
        ('{"text": "short", "label": [[0, 2, "ACTOR"]]}\n{"text": \n', "line 2: not valid JSON"),
        ('{"text": "short", "label": ["positive"]}\n', "text-classification"),
        (
            '{"text": "ab", "entities": [{"id": 1, "label": "A", '
            '"start_offset": 0, "end_offset": 1}],'
            ' "relations": [{"id": 9, "from_id": 1, "to_id": 2, "type": "R"}]}\n',
            "relation 9: to_id 2 is no entity",
        ),
    ],
)
def test_bad_input_is_refused_clearly(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DatasetFormatError, match=message):
        list(doccano.read_docs(path))
