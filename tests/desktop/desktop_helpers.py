"""Articles and small helpers the desktop tests share (imported by conftest.py too)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from db.corpus.draft import ArticleDraft
from db.ops.articles import add_articles
from db.workspace import Workspace

if TYPE_CHECKING:
    from desktop.main_window import MainWindow
    from desktop.review.panel import ReviewPanel

EMOJI_TEXT = (
    "Ein Bericht 🚁 über Drohnen 👍🏽 für Aserbaidschan.\n"
    "Die Bayraktar-Drohnen 👨‍👩‍👧 kamen aus der Türkei; Bayraktar bestätigte das nicht."
)

ARTICLES = [
    ArticleDraft(
        text=(
            "Mehrere Partnerländer der Türkei reagieren mit Exportbeschränkungen.\n"
            "Frankreich und Deutschland haben die Ausfuhr von Panzern in die TÜRKEI ausgesetzt."
        ),
        title="Verbündete drosseln Waffenexporte in die Türkei",
        source="Musterstadt Kurier",
        author="Petra Quellmann",
        url="https://sample.armscribe.invalid/tuerkei",
        published="2019-10-16",
        language="de",
        origin="fixture:1",
    ),
    ArticleDraft(
        text=EMOJI_TEXT,
        title="Drohnen für Aserbaidschan",
        source="Beispiel-Rundschau",
        published="2020-07-16",
        language="de",
        origin="fixture:2",
    ),
    ArticleDraft(
        text="Canada suspended export permits for drone sensors bound for Turkey.\nOttawa said so.",
        title="Canada puts drone sensor exports on hold",
        source="Armscribe Sample Wire",
        author="Jean Tremblay",
        published="2020-10-06",
        language="en",
        origin="fixture:3",
    ),
    ArticleDraft(
        text="Armenia and Belarus <recalled> their ambassadors & more after leaked files.",
        title="Armenia & Belarus <withdraw> ambassadors",
        source="Sample Defence Monitor",
        published="2024-06-20",
        language="en",
        origin="fixture:4",
    ),
    ArticleDraft(
        text="Belarus shipped artillery shells to an undisclosed buyer in 2021.",
        title="Belarus ships shells",
        source="Sample Defence Monitor",
        published="2021-04-13",
        language="en",
        origin="fixture:5",
    ),
]


def add_drafts(ws: Workspace, drafts: list[ArticleDraft]) -> list[int]:
    """Add articles through the library, as an import would."""
    with ws.store.write() as s:
        return add_articles(s, drafts).added_ids


def shown_titles(window: MainWindow) -> list[str]:
    """The titles the article list shows, top to bottom."""
    return [r.title for r in window.list_panel.model.rows()]


def click_row(qtbot: QtBot, window: MainWindow, row: int) -> None:
    table = window.list_panel.table
    rect = table.visualRect(window.list_panel.model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click_header(qtbot: QtBot, window: MainWindow, section: int) -> None:
    header = window.list_panel.table.horizontalHeader()
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def type_search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Replace the search box's text as a user would, then wait for the debounced query."""
    panel = window.list_panel
    panel.search_edit.setFocus()
    panel.search_edit.selectAll()
    if text:
        qtbot.keyClicks(panel.search_edit, text)
    else:
        qtbot.keyClick(panel.search_edit, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: panel.applied_search() == text, timeout=2000)


def span(ws: Workspace, article_id: int, words: str, nth: int = 0) -> tuple[int, int]:
    """Code-point span of the ``nth`` occurrence of ``words`` in the article."""
    doc = ws.article(article_id)
    assert doc is not None
    at = -1
    for _ in range(nth + 1):
        at = doc.text.index(words, at + 1)
    return at, at + len(words)


def tag(
    ws: Workspace, aid: int, words: str, type_: str, entity: int | None = None, nth: int = 0
) -> int:
    """Tag the ``nth`` occurrence of ``words``; returns the new mention's id."""
    return ws.tagging.add_mention(aid, *span(ws, aid, words, nth), type_, entity).created[0]


@dataclass
class ReviewCase:
    """Anna and Bob on the window's store, and the Türkei article they tag."""

    aid: int
    anna: Workspace
    bob: Workspace

    def close(self) -> None:
        self.anna.close()
        self.bob.close()


def open_reviewers(workspace: Workspace, store_path: Path) -> ReviewCase:
    """Anna and Bob (so named) on ``workspace``'s store, nothing tagged yet."""
    anna = Workspace.open(store_path, "anna")
    bob = Workspace.open(store_path, "bob")
    anna.rename_me("Anna")
    bob.rename_me("Bob")
    aid = next(r.id for r in workspace.articles() if r.title == ARTICLES[0].title)
    return ReviewCase(aid, anna, bob)


def start_review(window: MainWindow, case: ReviewCase) -> ReviewPanel:
    """Review Anna's and Bob's layers of the case's article in the window."""
    assert window.list_panel.select_article(case.aid)
    assert window.review.start([case.anna.annotator_id, case.bob.annotator_id])
    assert window.review.panel is not None
    return window.review.panel
