"""db/ is the Qt-free library: nothing in it may import Qt, pyqtgraph or desktop."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

DB = Path(__file__).resolve().parents[2] / "db"
FORBIDDEN = ("PySide6", "shiboken6", "pyqtgraph", "desktop")


def test_no_module_in_db_imports_qt_or_desktop() -> None:
    offenders = []
    for path in DB.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in FORBIDDEN:
                    offenders.append(f"{path.relative_to(DB.parent)}: {name}")
    assert offenders == []


def test_importing_the_library_loads_no_qt() -> None:
    code = (
        "import sys, db.workspace, db.importing, db.corpus, db.store, db.search;"
        "bad=[m for m in sys.modules if m.split('.')[0] in ('PySide6','pyqtgraph','desktop')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
