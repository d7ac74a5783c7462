"""Damaged import files: whatever the damage (cut short, bytes flipped, a stretch cut out or
doubled, junk inserted), an import either stores layers or refuses the file with an
``ArmscribeError`` naming what is wrong (``DatasetFormatError``, ``LayerImportError``);
no other exception escapes, and a refused import stores nothing."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from format_docs import tricky_docs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.errors import ArmscribeError
from db.formats import jsonl, registry, xmi
from db.tagset import default_tagset
from db.workspace import Workspace

TEXT = "Rheinmetall will deliver Boxer vehicles to Qatar, officials in Doha said."


def _span(word: str) -> list[int]:
    at = TEXT.index(word)
    return [at, at + len(word)]


def _valid_inputs(root: Path) -> dict[str, Path]:
    """One small valid file (or folder) per importable format."""
    docs = tricky_docs()[:2]
    out: dict[str, Path] = {}
    jsonl.export_docs(docs, root / "layers.jsonl", tagset=default_tagset())
    out["jsonl"] = root / "layers.jsonl"
    xmi.export_docs(docs[:1], root / "xmi", tagset=default_tagset())
    out["xmi"] = next((root / "xmi").glob("*.xmi"))
    spans = [[*_span("Rheinmetall"), "ORG"], [*_span("Boxer vehicles"), "WEAPON"]]
    (root / "doccano.jsonl").write_text(
        json.dumps({"text": TEXT, "label": spans, "user": "alice"}) + "\n", encoding="utf-8"
    )
    out["doccano"] = root / "doccano.jsonl"
    result = [
        {
            "id": "r1",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": a, "end": b, "text": TEXT[a:b], "labels": [t]},
        }
        for a, b, t in spans
    ]
    task = {"id": 1, "data": {"text": TEXT}, "annotations": [{"id": 7, "result": result}]}
    (root / "tasks.json").write_text(json.dumps([task]), encoding="utf-8")
    out["labelstudio"] = root / "tasks.json"
    brat = root / "brat"
    brat.mkdir()
    (brat / "a.txt").write_text(TEXT, encoding="utf-8")
    a, b = _span("Qatar")
    (brat / "a.ann").write_text(f"T1\tACTOR {a} {b}\tQatar\n", encoding="utf-8")
    out["brat"] = brat / "a.ann"  # the file that gets damaged; the folder is imported
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _valid_inputs(tmp_path_factory.mktemp("valid"))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path_factory.mktemp("store") / "fuzz.sqlite", "fuzzer")
    yield ws
    ws.close()


def _damage(data: bytes, kind: str, at: float, size: int, junk: bytes) -> bytes:
    k = int(at * len(data))
    if kind == "cut":
        return data[:k]
    if kind == "flip":
        return (
            data[:k] + bytes([data[k] ^ (1 + size % 255)]) + data[k + 1 :]
            if k < len(data)
            else data
        )
    if kind == "hole":
        return data[:k] + data[k + size :]
    if kind == "double":
        return data[:k] + data[k : k + size] * 2 + data[k + size :]
    return data[:k] + junk + data[k:]


@pytest.mark.parametrize("fmt", ["jsonl", "xmi", "doccano", "labelstudio", "brat"])
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    kind=st.sampled_from(["cut", "flip", "hole", "double", "junk"]),
    at=st.floats(min_value=0, max_value=1),
    size=st.integers(min_value=1, max_value=64),
    junk=st.binary(min_size=1, max_size=24),
)
def test_a_damaged_file_is_imported_or_refused_clearly(
    fmt: str,
    inputs: dict[str, Path],
    store: Workspace,
    tmp_path_factory: pytest.TempPathFactory,
    kind: str,
    at: float,
    size: int,
    junk: bytes,
) -> None:
    src = inputs[fmt]
    work = tmp_path_factory.mktemp("damaged")
    if fmt == "brat":
        shutil.copytree(src.parent, work / "brat")
        target, path = work / "brat" / src.name, work / "brat"
    else:
        target = path = work / src.name
    target.write_bytes(_damage(src.read_bytes(), kind, at, size, junk))
    before = store.stats()
    try:
        report = registry.import_(
            store.store, fmt, path, store.tagging.tagset, annotator=f"layer-{work.name}"
        )
    except ArmscribeError as exc:
        assert str(exc).strip()  # a message to show
        assert store.stats() == before  # nothing half-imported
    else:
        assert report.layers >= 0
