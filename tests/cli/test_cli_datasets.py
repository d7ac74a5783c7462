"""``armscribe export`` and ``armscribe import --format``: round trip and exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from db.workspace import Workspace
from desktop.cli import main


def tagged_store(path: Path, seeds: Path) -> Path:
    assert main(["import", "--store", str(path), "--annotator", "anna", str(seeds)]) == 0
    ws = Workspace.open(path, "anna")
    try:
        art = next(r.id for r in ws.articles() if "Azernews" in (ws.article(r.id).text))  # type: ignore[union-attr]
        text = ws.article(art).text  # type: ignore[union-attr]
        at = text.index("Ismail Demir")
        ws.tagging.add_mention(art, at, at + len("Ismail Demir"), "ACTOR")
        at = text.index("combat aircraft")
        ws.tagging.add_mention(art, at, at + len("combat aircraft"), "WEAPON")
        ws.set_status(art, "done")
    finally:
        ws.close()
    return path


def test_export_import_round_trip(
    tmp_path: Path, seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tagged_store(tmp_path / "a.sqlite", seeds_dir)
    out = tmp_path / "out.jsonl"
    rc = main(
        [
            "export",
            "--store",
            str(store),
            "--format",
            "jsonl",
            "--out",
            str(out),
            "--status",
            "done",
        ]
    )
    assert rc == 0
    assert "Exported 1 layer of 1 article (2 mentions" in capsys.readouterr().out
    other = tmp_path / "b.sqlite"
    rc = main(["import", "--store", str(other), "--format", "jsonl", str(out)])
    assert rc == 0
    assert "Imported 1 layer (2 mentions" in capsys.readouterr().out
    again = tmp_path / "again.jsonl"
    assert main(["export", "--store", str(other), "--format", "jsonl", "--out", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()

    # CSV with a type filter
    folder = tmp_path / "tables"
    assert (
        main(
            [
                "export",
                "--store",
                str(store),
                "--format",
                "csv",
                "--out",
                str(folder),
                "--type",
                "WEAPON",
            ]
        )
        == 0
    )
    rows = (folder / "mentions.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 2 and rows[1].endswith(",") and ",WEAPON,combat aircraft," in rows[1]


def test_bad_input_exits_non_zero_and_imports_nothing(tmp_path: Path, seeds_dir: Path) -> None:
    store = tagged_store(tmp_path / "a.sqlite", seeds_dir)
    out = tmp_path / "out.jsonl"
    assert main(["export", "--store", str(store), "--format", "jsonl", "--out", str(out)]) == 0
    lines = out.read_bytes().splitlines()
    doc = orjson.loads(lines[1])
    for m in doc["mentions"]:
        m["type"] = "PER" if m["type"] == "ACTOR" else m["type"]
    renamed = tmp_path / "renamed.jsonl"
    renamed.write_bytes(lines[0] + b"\n" + orjson.dumps(doc) + b"\n")
    other = tmp_path / "b.sqlite"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop",
            "import",
            "--store",
            str(other),
            "--format",
            "jsonl",
            str(renamed),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "mention type 'PER': 1 time" in done.stderr and "Nothing was imported" in done.stderr
    ws = Workspace.open(other, "x")
    try:
        assert ws.stats().mentions == 0 and ws.stats().articles == 0
    finally:
        ws.close()
    assert (
        main(
            [
                "import",
                "--store",
                str(other),
                "--format",
                "jsonl",
                "--map",
                "PER=ACTOR",
                "--as",
                "imported",
                str(renamed),
            ]
        )
        == 0
    )
    ws = Workspace.open(other, "x")
    try:
        assert ws.stats().mentions == 2
    finally:
        ws.close()
    assert (
        main(["import", "--store", str(other), "--format", "jsonl", "--map", "PER", str(renamed)])
        == 2
    )
    assert main(["import", "--store", str(other), "--map", "PER=ACTOR", str(renamed)]) == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(lines[0] + b"\n{oops\n")
    assert main(["import", "--store", str(other), "--format", "jsonl", str(bad)]) == 2
    assert (
        main(
            [
                "export",
                "--store",
                str(store),
                "--format",
                "jsonl",
                "--out",
                str(tmp_path / "x.jsonl"),
                "--annotator",
                "nobody",
            ]
        )
        == 2
    )
    assert not (tmp_path / "x.jsonl").exists()


def test_export_graphml_through_the_dataset_command(tmp_path: Path) -> None:
    """`armscribe export --format graphml` draws the chosen layers' relation graph."""
    import networkx as nx

    store = tmp_path / "g.sqlite"
    ws = Workspace.open(store, "anna")
    try:
        text = "Die Türkei lieferte Aserbaidschan Bayraktar TB2 Drohnen."
        src = tmp_path / "a.txt"
        src.write_text(text, encoding="utf-8")
        ws.import_paths([src])
        art = ws.articles()[0].id
        body = ws.article(art).text  # type: ignore[union-attr]
        t = ws.tagging

        def tag(word: str, kind: str) -> int:
            at = body.index(word)
            return t.add_mention(art, at, at + len(word), kind).created[0]

        sup, rec, wpn = (
            tag("Türkei", "ACTOR"),
            tag("Aserbaidschan", "ACTOR"),
            tag("Bayraktar TB2", "WEAPON"),
        )
        for mid in (sup, rec, wpn):
            m = next(x for x in t.annotations(art).mentions if x.id == mid)
            best = t.match_entities(m.text, "ACTOR" if mid != wpn else "WEAPON", 1)
            assert best, m.text
            t.link_mention(mid, best[0].entity_id)
        t.create_event(
            art, "TRANSFER", arguments=[("Supplier", sup), ("Recipient", rec), ("Weapon", wpn)]
        )
    finally:
        ws.close()
    out = tmp_path / "g.graphml"
    rc = main(["export", "--store", str(store), "--format", "graphml", "--out", str(out)])
    assert rc == 0
    g = nx.read_graphml(out)
    names = {d["name"] for _, d in g.nodes(data=True)}
    assert {"Türkiye", "Azerbaijan"} <= names
    styles = [d["style"] for _, _, d in g.edges(data=True)]
    assert styles == ["supply"]


def test_export_format_choices_are_the_registry_formats() -> None:
    """The CLI lists the formats without importing the registry (fast ``--help``); this
    keeps that list in step with the registry's."""
    from db.formats.registry import EXPORT_FORMATS, GRAPH_FORMATS
    from desktop.cli_datasets import FORMATS

    assert FORMATS == (*EXPORT_FORMATS, *GRAPH_FORMATS)


def test_import_format_choices_are_the_registry_formats() -> None:
    """The same for ``armscribe import --format``."""
    from db.formats.registry import IMPORT_FORMATS
    from desktop.cli import IMPORT_FORMATS as CLI_IMPORT_FORMATS

    assert CLI_IMPORT_FORMATS == tuple(IMPORT_FORMATS)
