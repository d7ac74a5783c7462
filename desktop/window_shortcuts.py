"""The keyboard shortcuts the Help dialog lists, grouped, read from a ``MainWindow``'s
actions, its tagset and the panels' own keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from desktop.article_view import ArticleView
from desktop.help_dialogs import key_texts, shortcut_rows
from desktop.tagging_panel import SUGGEST_KEY

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


def shortcut_groups(w: MainWindow) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every keyboard shortcut, grouped as the Help dialog shows them."""
    panel = w.tagging_panel
    ts = panel.tagset()
    tagging: list[tuple[str, str]] = []
    events: list[tuple[str, str]] = []
    if ts is not None:
        tagging += [
            (
                QCoreApplication.translate(
                    "MainWindow", "Tag the selection as {type} (or retype the selected mention)"
                ).format(type=mt.label),
                mt.shortcut,
            )
            for mt in ts.mention_types
        ]
        events += [
            (
                QCoreApplication.translate(
                    "MainWindow", "New {type} event on the selected word"
                ).format(type=et.label),
                et.shortcut.upper(),
            )
            for et in ts.event_types
        ]
    tagging += [
        (QCoreApplication.translate("MainWindow", "Delete the selected mention"), "Del"),
        (
            QCoreApplication.translate(
                "MainWindow", "Stop filling a slot / forget the selected mention"
            ),
            "Esc",
        ),
        (
            QCoreApplication.translate("MainWindow", "Tag all occurrences of the selected mention"),
            SUGGEST_KEY,
        ),
    ]
    view_keys = [(what, keys) for keys, what in ArticleView.shortcut_rows()]
    return [
        (
            QCoreApplication.translate("MainWindow", "Store and articles"),
            shortcut_rows(
                [
                    w.act_new_store,
                    w.act_open_store,
                    w.act_import_files,
                    w.act_import_folder,
                    w.act_quit,
                    w.act_find,
                    w.act_next,
                    w.act_previous,
                ]
            ),
        ),
        (
            QCoreApplication.translate("MainWindow", "Editing"),
            [
                (
                    QCoreApplication.translate("MainWindow", "Undo the last edit"),
                    ", ".join(key_texts(w.act_undo.shortcuts())),
                ),
                (
                    QCoreApplication.translate("MainWindow", "Redo"),
                    ", ".join(key_texts(w.act_redo.shortcuts())),
                ),
            ],
        ),
        (
            QCoreApplication.translate("MainWindow", "Tagging (in the text or the tagging panel)"),
            tagging,
        ),
        (
            QCoreApplication.translate("MainWindow", "Events"),
            events
            + [
                (
                    QCoreApplication.translate("MainWindow", "Fill the active slot"),
                    QCoreApplication.translate("MainWindow", "Click a highlight"),
                ),
                (
                    QCoreApplication.translate(
                        "MainWindow", "Delete the event (in the event list)"
                    ),
                    "Del",
                ),
            ],
        ),
        (
            QCoreApplication.translate(
                "MainWindow", "Entity proposals (after tagging an actor or weapon)"
            ),
            [
                (
                    QCoreApplication.translate("MainWindow", "Link to the pre-selected entity"),
                    "Enter",
                ),
                (QCoreApplication.translate("MainWindow", "Link to proposal 1–5"), "Alt+1 … Alt+5"),
                (QCoreApplication.translate("MainWindow", "New entity from the words"), "Ctrl+N"),
                (QCoreApplication.translate("MainWindow", "Leave unlinked"), "Esc"),
            ],
        ),
        (
            QCoreApplication.translate("MainWindow", "Tag all occurrences"),
            [
                (
                    QCoreApplication.translate("MainWindow", "Accept the highlighted occurrence"),
                    "Enter",
                ),
                (
                    QCoreApplication.translate("MainWindow", "Reject the highlighted occurrence"),
                    "Backspace",
                ),
            ],
        ),
        (QCoreApplication.translate("MainWindow", "Article text"), view_keys),
        (
            QCoreApplication.translate("MainWindow", "Review (in the review list)"),
            [
                (QCoreApplication.translate("MainWindow", "Review this article"), "Ctrl+Shift+R"),
                (
                    QCoreApplication.translate("MainWindow", "Accept A's version / B's version"),
                    "A / B",
                ),
                (QCoreApplication.translate("MainWindow", "Reject both"), "R"),
                (
                    QCoreApplication.translate(
                        "MainWindow", "Edit the curated layer by hand (Esc: back to review)"
                    ),
                    "E",
                ),
                (QCoreApplication.translate("MainWindow", "Accept every agreed item"), "Shift+A"),
                (
                    QCoreApplication.translate("MainWindow", "Next / previous difference"),
                    "J / K, ↓ / ↑",
                ),
                (QCoreApplication.translate("MainWindow", "Comment on the difference"), "C"),
            ],
        ),
        (
            QCoreApplication.translate("MainWindow", "Entities panel"),
            shortcut_rows(w.entity_panel.entity_actions()),
        ),
        (
            QCoreApplication.translate("MainWindow", "Window"),
            shortcut_rows([w.act_larger, w.act_smaller, w.act_shortcuts]),
        ),
    ]
