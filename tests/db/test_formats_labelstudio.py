"""Label Studio JSON export import, written here in the shape Label Studio exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from db.formats import labelstudio
from db.formats.archive import DatasetFormatError

TEXT = "Հայաստան ստացել է Pinaka 🚀 համակարգեր Հնդկաստանից։ „Россия“ недовольна."


def _label(rid: str, word: str, label: str, text: str | None = None) -> dict[str, Any]:
    start = TEXT.index(word)
    return {
        "id": rid,
        "type": "labels",
        "from_name": "label",
        "to_name": "text",
        "origin": "manual",
        "value": {
            "start": start,
            "end": start + len(word),
            "text": text or word,
            "labels": [label],
        },
    }


def _export(tmp_path: Path, results: list[dict[str, Any]], **ann: Any) -> Path:
    tasks = [
        {
            "id": 42,
            "data": {"text": TEXT, "title": "Pinaka"},
            "annotations": [
                {
                    "id": 3,
                    "completed_by": {"id": 1, "email": "anna@example.org"},
                    "result": results,
                    **ann,
                },
                {"id": 4, "completed_by": 2, "was_cancelled": True, "result": []},
            ],
            "predictions": [],
        }
    ]
    path = tmp_path / "project-1-at-2024.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return path


def test_labels_and_relations_import(tmp_path: Path) -> None:
    path = _export(
        tmp_path,
        [
            _label("a1", "Հայաստան", "ACTOR"),
            _label("a2", "Pinaka", "WEAPON"),
            _label("a3", "Հնդկաստանից", "ACTOR"),
            _label("a4", "Россия", "ACTOR"),  # after the emoji: code points
            {
                "from_id": "a3",
                "to_id": "a1",
                "type": "relation",
                "direction": "right",
                "labels": ["ALLY_OF"],
            },
            {"id": "c1", "type": "choices", "value": {"choices": ["relevant"]}},
        ],
    )
    (doc,) = labelstudio.read_docs(path)  # the cancelled annotation is skipped
    assert doc.annotator == "anna@example.org" and doc.title == "Pinaka"
    assert [(m.text, m.type) for m in doc.mentions] == [
        ("Հայաստան", "ACTOR"),
        ("Pinaka", "WEAPON"),
        ("Հնդկաստանից", "ACTOR"),
        ("Россия", "ACTOR"),
    ]
    assert all(doc.text[m.start : m.end] == m.text for m in doc.mentions)
    (rel,) = doc.relations
    names = {u: e.name for u, e in doc.entities.items()}
    assert (rel.type, names[rel.source_entity_uuid], names[rel.target_entity_uuid]) == (
        "ALLY_OF",
        "Հնդկաստանից",
        "Հայաստան",
    )


def test_text_mismatch_names_task_and_result(tmp_path: Path) -> None:
    path = _export(tmp_path, [_label("r9", "Pinaka", "WEAPON", text="Pinakaa")])
    with pytest.raises(
        DatasetFormatError, match=r"task 42, annotation 3, result r9: value.text is 'Pinakaa'"
    ):
        list(labelstudio.read_docs(path))


def test_offset_past_the_end_and_malformed_json(tmp_path: Path) -> None:
    bad = _label("r1", "Pinaka", "WEAPON")
    bad["value"].update(start=len(TEXT) - 2, end=len(TEXT) + 5)
    with pytest.raises(DatasetFormatError, match="result r1: span .* is outside the text"):
        list(labelstudio.read_docs(_export(tmp_path, [bad])))
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": 1, "data": {"text": "x"}', encoding="utf-8")
    with pytest.raises(DatasetFormatError, match="broken.json is not valid JSON"):
        list(labelstudio.read_docs(broken))
