"""The list below the graph: what stands behind the clicked edge (events and relations,
each with its sentence, article title and date) or node (the articles naming it).
Choosing a row opens that article at the span."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.articles import ArticleDoc
from db.graph.model import Evidence, GraphEdge, GraphNode

MAX_ROWS = 300
SNIPPET_CHARS = 220
DOC_CACHE = 64
SENTENCE_ENDS = ".!?\n"


def sentence_around(text: str, start: int, end: int, limit: int = SNIPPET_CHARS) -> str:
    """The sentence holding code points [start, end) of ``text``, cut to ``limit``
    characters around the span."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    a = start
    while a > 0 and text[a - 1] not in SENTENCE_ENDS and start - a < limit:
        a -= 1
    b = end
    while b < len(text) and text[b - 1 : b] not in SENTENCE_ENDS and b - end < limit:
        b += 1
    snippet = text[a:b].strip()
    if len(snippet) > limit:
        mid = (start + end) // 2 - a
        lo = max(0, mid - limit // 2)
        snippet = "…" + snippet[lo : lo + limit] + "…"
    return snippet


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """One row of the list; ``start``/``end`` are None when the span is found on demand
    (a node's articles)."""

    article_id: int
    start: int | None
    end: int | None
    title: str
    date: str
    text: str


class EvidenceList(QWidget):
    """Rows of evidence; choosing one asks to open its article at the span."""

    evidence_chosen = Signal(int, int, int)
    """(article id, start, end) in code points."""
    article_chosen = Signal(int)
    """An article row without a known span (a node's articles)."""
    filter_requested = Signal(object)
    """The user asked to filter the article list to these articles (a frozenset)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("graphEvidence")
        self._reader: Callable[[int], ArticleDoc | None] | None = None
        self._docs: dict[int, ArticleDoc | None] = {}
        self._rows: list[EvidenceRow] = []
        self.title_label = QLabel(self)
        self.title_label.setObjectName("graphEvidenceTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("graphEvidenceList")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._on_item_activated)
        self.list.itemClicked.connect(self._on_item_activated)
        self.filter_button = QPushButton(self.tr("Filter Article List to These"), self)
        self.filter_button.setObjectName("graphFilterArticles")
        self.filter_button.clicked.connect(self._on_filter_clicked)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.title_label, 1)
        row.addWidget(self.filter_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.list, 1)
        self.clear()

    def set_reader(self, reader: Callable[[int], ArticleDoc | None] | None) -> None:
        """Where article titles and texts come from (``Workspace.article``)."""
        self._reader = reader
        self._docs = {}

    def forget_articles(self) -> None:
        """Drop cached titles and texts (after articles or their texts changed)."""
        self._docs = {}

    def clear(self) -> None:
        self._rows = []
        self.list.clear()
        self.title_label.setText(self.tr("Click a node or an edge to see its evidence."))
        self.filter_button.setEnabled(False)

    def rows(self) -> list[EvidenceRow]:
        return list(self._rows)

    def article_ids(self) -> frozenset[int]:
        return frozenset(r.article_id for r in self._rows)

    def _doc(self, article_id: int) -> ArticleDoc | None:
        if article_id not in self._docs:
            if len(self._docs) >= DOC_CACHE:
                self._docs.pop(next(iter(self._docs)))
            self._docs[article_id] = self._reader(article_id) if self._reader else None
        return self._docs[article_id]

    def show_edge(self, edge: GraphEdge, source: str, target: str, style: str) -> None:
        """The events and relations behind ``edge``."""
        arrow = "→" if edge.directed else "—"
        self.title_label.setText(
            self.tr("{a} {arrow} {b} ({style}): {n} pieces of evidence").format(
                a=source, arrow=arrow, b=target, style=style, n=len(edge.evidence)
            )
        )
        rows = [self._evidence_row(ev) for ev in edge.evidence[:MAX_ROWS]]
        self._fill(rows)

    def show_node(self, node: GraphNode, article_ids: Sequence[int]) -> None:
        """The articles that name ``node``."""
        self.title_label.setText(
            self.tr("{name}: {n} articles").format(name=node.name, n=len(article_ids))
        )
        rows = []
        for aid in list(article_ids)[:MAX_ROWS]:
            doc = self._doc(aid)
            rows.append(
                EvidenceRow(
                    aid,
                    None,
                    None,
                    doc.title if doc else self.tr("Article {id}").format(id=aid),
                    (doc.published or "") if doc else "",
                    "",
                )
            )
        self._fill(rows)

    def _evidence_row(self, ev: Evidence) -> EvidenceRow:
        doc = self._doc(ev.article_id)
        title = doc.title if doc else self.tr("Article {id}").format(id=ev.article_id)
        date = ev.date_start or ((doc.published or "") if doc else "")
        text = sentence_around(doc.text, ev.start, ev.end) if doc else ""
        return EvidenceRow(ev.article_id, ev.start, ev.end, title, date, text)

    def _fill(self, rows: list[EvidenceRow]) -> None:
        self._rows = rows
        self.list.clear()
        for i, r in enumerate(rows):
            head = f"{r.title} · {r.date}" if r.date else r.title
            item = QListWidgetItem(f"{head}\n{r.text}" if r.text else head)
            item.setData(Qt.ItemDataRole.UserRole, i)
            item.setToolTip(f"<b>{html.escape(r.title)}</b><br>{html.escape(r.text)}")
            self.list.addItem(item)
        self.filter_button.setEnabled(bool(rows))

    def choose(self, row: int) -> None:
        """Open row ``row``'s article (as a click on it does)."""
        r = self._rows[row]
        if r.start is not None and r.end is not None:
            self.evidence_chosen.emit(r.article_id, r.start, r.end)
        else:
            self.article_chosen.emit(r.article_id)

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        self.choose(int(item.data(Qt.ItemDataRole.UserRole)))

    def _on_filter_clicked(self) -> None:
        self.filter_requested.emit(self.article_ids())
