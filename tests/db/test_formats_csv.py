"""CSV tables read back with pandas and the csv module; the event register's TRANSFER row."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from test_formats_jsonl import build_layers

from db.formats import csv_tables
from db.formats.dataset import iter_documents
from db.formats.model import DatasetSelection
from db.jobs import Cancelled, CancelToken
from db.workspace import Workspace


def stored_surfaces(ws: Workspace) -> dict[str, str]:
    return {
        m.uuid: m.text
        for d in iter_documents(ws.store, DatasetSelection(curated=True))
        for m in d.mentions
        if m.uuid
    }


@pytest.mark.parametrize("bom", [False, True])
def test_tables_read_back_with_pandas_and_csv(
    ws: Workspace, bob: Workspace, tmp_path: Path, bom: bool
) -> None:
    ids = build_layers(ws, bob)
    # a mention whose surface holds a newline and quotes must survive the round trip
    art = ids["belarus"]
    text = ws.article(art).text  # type: ignore[union-attr]
    nl = text.index("\n")
    ws.tagging.add_mention(art, nl - 3, nl + 4, "LOCATION")
    out = tmp_path / "tables"
    summary = csv_tables.export_docs(
        iter_documents(ws.store, DatasetSelection(curated=True)),
        out,
        tagset=ws.tagging.tagset,
        bom=bom,
    )
    assert sorted(Path(f).name for f in summary.files) == [
        "entities.csv",
        "events.csv",
        "mentions.csv",
    ]
    raw = (out / "mentions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == bom
    assert b"\r\n" in raw
    expected = stored_surfaces(ws)
    enc = "utf-8-sig"
    frame = pd.read_csv(out / "mentions.csv", encoding=enc, dtype=str, keep_default_na=False)
    assert dict(zip(frame["mention_uuid"], frame["text"], strict=True)) == expected
    assert any("\n" in t for t in frame["text"])
    with (out / "mentions.csv").open(encoding=enc, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["mention_uuid"]: r["text"] for r in rows} == expected
    assert summary.mentions == len(expected)

    events = pd.read_csv(out / "events.csv", encoding=enc, dtype=str, keep_default_na=False)
    (row,) = events[events["event_type"] == "TRANSFER"].to_dict("records")
    assert row["supplier"] == "Belarus"
    assert row["recipient"] == "Azerbaijan"
    assert row["weapon"] == "Belarusian weapons"
    assert row["weapon_category"] == "other"
    assert (row["status"], row["modality"], row["event_date"]) == ("delivered", "asserted", "2020")
    assert row["annotator"] == "anna"
    assert "Belarus übertrug die neuesten Waffen" in row["evidence"]
    assert row["evidence"].endswith(".")

    entities = pd.read_csv(out / "entities.csv", encoding=enc, dtype=str, keep_default_na=False)
    belarus = entities[entities["name"] == "Belarus"].to_dict("records")[0]
    assert belarus["kind"] == "ACTOR" and int(belarus["mentions"]) == 3


def test_file_stem_and_cancel(ws: Workspace, bob: Workspace, tmp_path: Path) -> None:
    build_layers(ws, bob)
    out = tmp_path / "corpus.csv"
    csv_tables.export_docs(
        iter_documents(ws.store, DatasetSelection()), out, tagset=ws.tagging.tagset
    )
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".csv") == [
        "corpus_entities.csv",
        "corpus_events.csv",
        "corpus_mentions.csv",
    ]
    token = CancelToken()
    token.cancel()
    target = tmp_path / "cancelled" / "tables"
    with pytest.raises(Cancelled):
        csv_tables.export_docs(
            iter_documents(ws.store, DatasetSelection()),
            target,
            tagset=ws.tagging.tagset,
            cancel=token,
        )
    assert not target.exists()
    assert list(target.parent.iterdir()) == []


def test_bulk_path_writes_the_same_tables_as_the_dataclass_path(
    ws: Workspace, bob: Workspace, tmp_path: Path
) -> None:
    """The mention table written from ``iter_documents``' tuples equals the one written
    from the same ``DatasetDoc``s, byte for byte, and so do the other two tables."""
    build_layers(ws, bob)
    sel = DatasetSelection(curated=True)
    csv_tables.export_docs(
        iter_documents(ws.store, sel), tmp_path / "fast", tagset=ws.tagging.tagset
    )
    csv_tables.export_docs(
        list(iter_documents(ws.store, sel)), tmp_path / "docs", tagset=ws.tagging.tagset
    )
    for name in ("mentions.csv", "entities.csv", "events.csv"):
        fast = (tmp_path / "fast" / name).read_bytes()
        assert fast == (tmp_path / "docs" / name).read_bytes(), name
    with (tmp_path / "fast" / "mentions.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["annotator"] for r in rows} == {"anna", "bob", "gold"}
    assert any(r["attributes"] and r["entity_name"] == "Belarusian weapons" for r in rows)
