"""``armscribe agree`` and ``armscribe bundle``, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from db.review.agreement import TYPE_KAPPA, agreement
from db.workspace import Workspace


def armscribe(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def tagged_store(tmp_path: Path, template_store: Path, seeds_dir: Path) -> Path:
    """A store where Anna and Bob tagged the English seed article differently."""
    import shutil

    path = tmp_path / "a.sqlite"
    shutil.copy(template_store, path)
    anna = Workspace.open(path, "anna")
    bob = Workspace.open(path, "bob")
    try:
        anna.import_paths([seeds_dir])
        aid = next(
            r.id for r in anna.articles() if "Azernews" in (anna.article(r.id) or _no()).text
        )
        body = (anna.article(aid) or _no()).text
        for w, words in (
            (anna, ("Pakistan", "Malaysia", "Indonesia")),
            (bob, ("Pakistan", "Indonesia")),
        ):
            for word in words:
                at = body.index(word)
                kind = "WEAPON" if (w is bob and word == "Indonesia") else "ACTOR"
                w.tagging.add_mention(aid, at, at + len(word), kind)
    finally:
        anna.close()
        bob.close()
    return path


def _no():  # type: ignore[no-untyped-def]
    raise AssertionError("article not found")


def test_agree_json_prints_the_api_figures(tagged_store: Path) -> None:
    done = armscribe("agree", "--store", str(tagged_store), "--annotators", "anna,bob", "--json")
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    ws = Workspace.open(tagged_store, "anna")
    try:
        api = agreement(ws.store, "anna", "bob").as_dict()
    finally:
        ws.close()
    assert printed == json.loads(json.dumps(api))
    kappa = next(f for f in printed["figures"] if f["measure"] == TYPE_KAPPA)
    assert kappa["matched"] == 2
    table = armscribe("agree", "--store", str(tagged_store), "--annotators", "anna,bob")
    assert table.returncode == 0, table.stderr
    assert "anna vs bob: 1 articles" in table.stdout
    assert any(
        ln.startswith("mention_f1_exact") and "0.400" in ln for ln in table.stdout.splitlines()
    )
    typed = armscribe(
        "agree",
        "--store",
        str(tagged_store),
        "--annotators",
        "anna,bob",
        "--json",
        "--type",
        "WEAPON",
    )
    assert json.loads(typed.stdout)["types"] == ["WEAPON"]


def test_agree_names_an_unknown_annotator(tagged_store: Path) -> None:
    done = armscribe("agree", "--store", str(tagged_store), "--annotators", "anna,zoe")
    assert done.returncode == 2 and "No annotator called 'zoe'" in done.stderr


def test_bundle_export_then_import_twice(
    tagged_store: Path, tmp_path: Path, template_store: Path, seeds_dir: Path
) -> None:
    import shutil

    other = tmp_path / "other.sqlite"
    shutil.copy(template_store, other)
    w = Workspace.open(other, "carol")
    w.import_paths([seeds_dir])
    w.close()
    out = tmp_path / "bob.jsonl"
    done = armscribe(
        "bundle", "export", "--store", str(tagged_store), "--annotator", "bob", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert "2 mentions" in done.stdout and out.exists()
    first = armscribe("bundle", "import", "--store", str(other), str(out))
    assert first.returncode == 0, first.stderr
    assert "new: 2" in first.stdout and "conflicting: 0" in first.stdout
    second = armscribe("bundle", "import", "--store", str(other), str(out))
    assert "new: 0" in second.stdout and "unchanged: 2" in second.stdout
    out.write_text(out.read_text(encoding="utf-8").replace("WEAPON", "ACTOR"), encoding="utf-8")
    bad = armscribe("bundle", "import", "--store", str(other), str(out))
    assert bad.returncode == 2 and "changed or damaged" in bad.stderr
