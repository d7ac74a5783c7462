"""Fixtures of the library tests: a store holding the gazetteer and the five seed
articles, made once per session and copied per test; two annotators on it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from db.workspace import Workspace

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture(scope="session")
def seeded_store(template_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    path = tmp_path_factory.mktemp("seeded") / "seeded.sqlite"
    shutil.copy(template_store, path)
    w = Workspace.open(path, "anna")
    assert w.import_paths([SEEDS]).added == 5
    w.close()
    return path


@pytest.fixture
def seeded_path(seeded_store: Path, tmp_path: Path) -> Path:
    path = tmp_path / "store.sqlite"
    shutil.copy(seeded_store, path)
    return path


@pytest.fixture
def ws(seeded_path: Path) -> Iterator[Workspace]:
    """Anna's workspace on a fresh copy of the seeded store."""
    w = Workspace.open(seeded_path, "anna")
    yield w
    w.close()


@pytest.fixture
def bob(ws: Workspace, seeded_path: Path) -> Iterator[Workspace]:
    """Bob on the same store as Anna."""
    w = Workspace.open(seeded_path, "bob")
    yield w
    w.close()
