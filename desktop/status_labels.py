"""How an article's workflow status reads and looks in the desktop."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor

# The statuses an analyst sets on their own; review states come with the review issue.
MY_STATUSES = ("new", "in_progress", "done")
ALL_STATUSES = ("new", "in_progress", "done", "reviewed", "curated")

# Marked for lupdate here, translated when shown (after a translator is installed).
_LABELS: dict[str, object] = {
    "new": QT_TRANSLATE_NOOP("status", "New"),
    "in_progress": QT_TRANSLATE_NOOP("status", "In progress"),
    "done": QT_TRANSLATE_NOOP("status", "Done"),
    "reviewed": QT_TRANSLATE_NOOP("status", "Reviewed"),
    "curated": QT_TRANSLATE_NOOP("status", "Curated"),
}

# Subtle text colours, readable on white and on the alternate row colour.
_COLOURS = {
    "new": QColor("#6b7280"),
    "in_progress": QColor("#b45309"),
    "done": QColor("#15803d"),
    "reviewed": QColor("#1d4ed8"),
    "curated": QColor("#7e22ce"),
}


def status_label(status: str) -> str:
    """The readable, translated name of a status."""
    label = _LABELS.get(status)
    if label is None:
        return status.replace("_", " ").capitalize()
    return QCoreApplication.translate("status", str(label))


def status_colour(status: str) -> QColor:
    return _COLOURS.get(status, QColor("#374151"))
