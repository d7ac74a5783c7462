"""Every UI text the desktop writes goes through ``tr()`` (the German UI will need it):
no string literal with a letter in it is handed straight to a Qt text setter."""

from __future__ import annotations

import ast
import re
from pathlib import Path

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
SETTERS = {
    "setText",
    "setToolTip",
    "setWindowTitle",
    "setPlaceholderText",
    "setStatusTip",
    "setWhatsThis",
    "showMessage",
    "setLabelText",
    "setTitle",
    "addAction",
    "addMenu",
    "addTab",
    "setTabText",
    "setHeaderLabels",
    "setInformativeText",
    "setDetailedText",
}
WIDGETS = {
    "QLabel",
    "QPushButton",
    "QAction",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QToolButton",
}


_MARKUP = re.compile(r"<[^>]*>|&#?\w+;")  # rich-text tags and entities are not words
_WORD = re.compile(r"[^\W\d_]{2,}")


def _literal_with_letters(node: ast.AST) -> str | None:
    """The words of a string literal (or of an f-string's literal parts), if any."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
    else:
        return None
    return text if _WORD.search(_MARKUP.sub(" ", text)) else None


def untranslated(source: str) -> list[tuple[int, str]]:
    """(line, text) of each literal with words handed straight to a Qt text setter."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in SETTERS and name not in WIDGETS:
            continue
        text = _literal_with_letters(node.args[0])
        if text is not None:
            found.append((node.lineno, text))
    return found


def test_the_check_finds_what_it_should() -> None:
    assert untranslated('QLabel("Hello there")\nb.setText(f"Saved {n} rows")') == [
        (1, "Hello there"),
        (2, "Saved  rows"),
    ]
    assert (
        untranslated(
            'QLabel(self.tr("Hello"))\nb.setText("")\nb.setText("✕")\n'
            "b.setText(f\"<span style='color:{c}'>{x}</span>\")"
        )
        == []
    )


def test_ui_texts_go_through_tr() -> None:
    found = [
        f"{path.relative_to(DESKTOP)}:{line}: {text[:40]!r}"
        for path in sorted(DESKTOP.rglob("*.py"))
        for line, text in untranslated(path.read_text(encoding="utf-8"))
    ]
    assert found == []
