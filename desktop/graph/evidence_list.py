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
    kind: str = ""  # "event" or "relation" for an edge's evidence
    row_id: int = 0
    type: str = ""


class EvidenceList(QWidget):
    """Rows of evidence; choosing one asks to open its article at the span."""

    evidence_chosen = Signal(int, int, int)
    """(article id, start, end) in code points."""
    article_chosen = Signal(int)
    """An article row without a known span (a node's articles)."""
    filter_requested = Signal(object)
    """The user asked to filter the article list to these articles (a frozenset)."""
    row_opened = Signal(str, int)
    """An edge's evidence row was opened: its kind ("event", "relation") and row id."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("graphEvidence")
        self._reader: Callable[[int], ArticleDoc | None] | None = None
        self._docs: dict[int, ArticleDoc | None] = {}
        self._rows: list[EvidenceRow] = []
        self._type_label: Callable[[str], str] = str
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

    def set_type_labels(self, label: Callable[[str], str]) -> None:
        """How event and relation types are named in the group headers."""
        self._type_label = label

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
        # Several events between one pair are one edge: here they are expanded, grouped
        # by type (most frequent first) under a header with their count.
        by_type: dict[str, list[Evidence]] = {}
        for ev in edge.evidence:
            by_type.setdefault(ev.type, []).append(ev)
        groups = sorted(by_type.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        rows: list[EvidenceRow] = []
        headers: list[tuple[int, str]] = []
        for type_, evs in groups:
            headers.append((len(rows), f"{self._type_label(type_)} ({len(evs)})"))
            rows += [self._evidence_row(ev) for ev in evs[: MAX_ROWS - len(rows)]]
            if len(rows) >= MAX_ROWS:
                break
        self._fill(rows, headers)

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
        return EvidenceRow(
            ev.article_id, ev.start, ev.end, title, date, text, ev.kind, ev.row_id, ev.type
        )

    def _fill(self, rows: list[EvidenceRow], headers: Sequence[tuple[int, str]] = ()) -> None:
        """The rows, with a header line (not selectable) before row ``at`` for each
        ``(at, text)`` of ``headers``."""
        self._rows = rows
        self.list.clear()
        head_at = dict(headers)
        for i, r in enumerate(rows):
            if i in head_at:
                h = QListWidgetItem(head_at[i])
                h.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = h.font()
                font.setBold(True)
                h.setFont(font)
                h.setData(Qt.ItemDataRole.UserRole, -1)
                self.list.addItem(h)
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
            if r.kind:
                self.row_opened.emit(r.kind, r.row_id)
        else:
            self.article_chosen.emit(r.article_id)

    def headers(self) -> list[str]:
        """The group header lines shown (an edge's evidence by type, with counts)."""
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == -1:
                out.append(item.text())
        return out

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        row = int(item.data(Qt.ItemDataRole.UserRole))
        if row >= 0:
            self.choose(row)

    def _on_filter_clicked(self) -> None:
        self.filter_requested.emit(self.article_ids())
