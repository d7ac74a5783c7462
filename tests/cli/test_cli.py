"""The ``armscribe`` command, run as a user runs it (a subprocess, a real store)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def armscribe(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args], capture_output=True, text=True, timeout=120
    )


def test_import_stats_check_on_a_new_store(tmp_path: Path, seeds_dir: Path) -> None:
    store = tmp_path / "new" / "store.sqlite"
    done = armscribe("import", "--store", str(store), str(seeds_dir))
    assert done.returncode == 0, done.stderr
    assert "Imported 5 articles from 5 files." in done.stdout
    again = armscribe("import", "--store", str(store), str(seeds_dir))
    assert again.returncode == 0 and "skipped 5 duplicates" in again.stdout
    stats = armscribe("stats", "--store", str(store), "--json")
    assert stats.returncode == 0, stats.stderr
    figures = json.loads(stats.stdout)
    assert figures["articles"] == 5 and figures["languages"] == {"de": 4, "en": 1}
    text = armscribe("stats", "--store", str(store))
    assert "articles:   5" in text.stdout
    check = armscribe("check", "--store", str(store))
    assert check.returncode == 0 and check.stdout.strip().endswith("OK")


def test_bad_input_exits_non_zero_naming_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Eine Zeile."}\n{"text": \n', encoding="utf-8")
    store = tmp_path / "s.sqlite"
    done = armscribe("import", "--store", str(store), str(bad))
    assert done.returncode == 2
    assert f"{bad}:2:" in done.stderr and "nothing was imported" in done.stderr
    assert json.loads(armscribe("stats", "--store", str(store), "--json").stdout)["articles"] == 0


def test_missing_path_and_too_new_store(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite"
    done = armscribe("import", "--store", str(store), str(tmp_path / "nowhere"))
    assert done.returncode == 2 and "no such file or folder" in done.stderr
    import sqlite3

    con = sqlite3.connect(store)
    con.execute("UPDATE alembic_version SET version_num='zzzz'")
    con.commit()
    con.close()
    done = armscribe("stats", "--store", str(store))
    assert done.returncode == 2 and "newer version of Armscribe" in done.stderr


def test_a_command_on_an_older_store_says_it_upgraded_it(tmp_path: Path) -> None:
    """Opening an older store upgrades it (seconds on a big one, a copy left beside it):
    every kind of command that opens one says so on stderr, naming the copy, once."""
    import shutil

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "stores" / "store-0003.sqlite"
    for n, args in enumerate(
        (
            ["export", "--format", "jsonl", "--out", str(tmp_path / "out.jsonl")],
            ["stats"],
            ["agree", "--annotators", "fixture-analyst,curated"],
        )
    ):
        store = tmp_path / f"old{n}.sqlite"
        shutil.copy(fixture, store)
        err = armscribe(args[0], "--store", str(store), *args[1:]).stderr
        assert f"upgraded old{n}.sqlite" in err and "(schema 0003)" in err, (args, err)
        (backup,) = tmp_path.glob(f"old{n}.backup-0003-*.sqlite")
        assert str(backup) in err
        assert "upgraded" not in armscribe(args[0], "--store", str(store), *args[1:]).stderr
