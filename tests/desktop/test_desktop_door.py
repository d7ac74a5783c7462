"""The door: desktop/ reaches data only through db.workspace and plain dataclasses."""

from __future__ import annotations

import ast
from pathlib import Path

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
# Modules of the library the desktop may import; everything else in db/ is behind the door.
ALLOWED_DB = {
    "db.workspace",
    "db.articles",
    "db.changes",
    "db.jobs",
    "db.errors",
    "db.importing",
    "db.resources",
    "db.search",
    "db.corpus",
    # The tagging side: the Tagging API, its plain rows and the tagset (frozen data).
    "db.tagging",
    "db.annotations",
    "db.tagset",
    "db.event_checks",
    "db.suggestions",
    "db.entity_match",
    "db.dates",
    # Later capabilities: the relation graph's data, dataset formats, review figures.
    "db.graph",
    "db.formats",
    "db.review",
}
FORBIDDEN = {"sqlalchemy", "sqlite3", "alembic", "db.store", "db.models", "db.ops", "db.migrations"}


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_desktop_uses_only_the_public_door() -> None:
    offenders = []
    for path in sorted(DESKTOP.rglob("*.py")):
        for name in imported_modules(path):
            top = name.split(".")[0]
            prefix2 = ".".join(name.split(".")[:2])
            if name in FORBIDDEN or top in FORBIDDEN or prefix2 in FORBIDDEN:
                offenders.append(f"{path.name}: {name}")
            elif top == "db" and prefix2 not in ALLOWED_DB:
                offenders.append(f"{path.name}: {name} (not part of the door)")
    assert offenders == []
