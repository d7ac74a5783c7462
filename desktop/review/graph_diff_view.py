"""Review > Graph Diff…: two annotators' (or one and the curated layer's) relation graphs
drawn as one, each edge coloured by whether both drew it, only A or only B.

The comparison is ``db.review.graph_diff.graph_diff`` (Qt-free); it and the layout run
off the GUI thread. The plot is the relation graph's own ``GraphView``: each edge is
handed to it under a style named ``"<class>:<style>"`` whose colour is the class's and
whose line is the style's, so edges stay grouped into a few curve items (FACTS.md).
Clicking an edge lists its evidence on both sides; choosing a row opens the article.
pyqtgraph is imported when the view is built, never when this module is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from db.changes import Changes
from db.graph.model import EdgeKey, GraphData, GraphEdge, GraphNode, GraphScope
from db.jobs import CancelToken, Progress
from db.review.align import AGREED, ONLY_A, ONLY_B
from db.review.graph_diff import EdgeDiff, GraphDiff, graph_diff
from db.tagset import EdgeStyle, Tagset
from db.workspace import AnnotatorRow
from desktop.jobs import Job
from desktop.review.choosers import PairJobDialog, fill_annotator_pair, report_failure, show_once

if TYPE_CHECKING:
    from desktop.graph.evidence_list import EvidenceList
    from desktop.graph.graph_view import GraphView
    from desktop.main_window import MainWindow

Point = tuple[float, float]
SCOPE_ARTICLE, SCOPE_LIST, SCOPE_STORE = "article", "list", "store"
CLASSES = (AGREED, ONLY_A, ONLY_B)
CLASS_COLOURS = {AGREED: "#8FA89A", ONLY_A: "#1F6FD1", ONLY_B: "#F08A00"}
CLASS_LABELS = {
    AGREED: QT_TRANSLATE_NOOP("GraphDiffView", "Both"),
    ONLY_A: QT_TRANSLATE_NOOP("GraphDiffView", "Only {name}"),
    ONLY_B: QT_TRANSLATE_NOOP("GraphDiffView", "Only {name}"),
}
SEP = ":"  # between the class and the style in a drawn edge's style name


def _tr(text: str) -> str:
    return QCoreApplication.translate("GraphDiffView", text)


def drawn_style(kind: str, style: str) -> str:
    """The style name an edge of class ``kind`` is drawn under."""
    return f"{kind}{SEP}{style}"


def diff_styles(
    tagset: Tagset, styles: set[str], names: Mapping[str, str]
) -> tuple[EdgeStyle, ...]:
    """One drawn style per (class, edge style): the class's colour, the style's line."""
    known = {st.name: st for st in tagset.edge_styles}
    out = []
    for name in sorted(styles | set(known)):
        st = known.get(name) or EdgeStyle(name=name, label=name, colour="#607D8B")
        for kind in CLASSES:
            label = _tr("{style}, {who}").format(style=st.label, who=names[kind])
            out.append(
                EdgeStyle(
                    name=drawn_style(kind, name),
                    label=label,
                    colour=CLASS_COLOURS[kind],
                    line=st.line,
                )
            )
    return tuple(out)


def merged_graph(diff: GraphDiff) -> tuple[GraphData, dict[EdgeKey, EdgeDiff]]:
    """One graph holding both sides (edges restyled by class), and each drawn edge's
    ``EdgeDiff``."""
    nodes: dict[int, GraphNode] = {}
    for n in diff.nodes:
        node = n.a or n.b
        if node is None:
            continue
        if n.a is not None and n.b is not None and n.b.article_count > n.a.article_count:
            node = n.b
        nodes[n.node_id] = node
    edges: dict[EdgeKey, GraphEdge] = {}
    drawn: dict[EdgeKey, EdgeDiff] = {}
    for e in diff.edges:
        base = e.a or e.b
        if base is None:
            continue
        edge = replace(base, style=drawn_style(e.kind, base.style))
        edges[edge.key] = edge
        drawn[edge.key] = e
    return GraphData(nodes=nodes, edges=edges), drawn


def _line_icon(colour: str, width: int = 26, height: int = 12) -> QIcon:
    pix = QPixmap(width, height)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    try:
        pen = QPen(QColor(colour))
        pen.setWidthF(3.0)
        p.setPen(pen)
        p.drawLine(2, height // 2, width - 2, height // 2)
    finally:
        p.end()
    return QIcon(pix)


class GraphDiffView(PairJobDialog):
    """Choose A, B and the scope; see both graphs as one; read either side's evidence."""

    diff_did_compute = Signal(object)
    """The ``GraphDiff`` now drawn."""
    diff_did_fail = Signal(object)
    """The exception the comparison ended with."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        # pyqtgraph (0.3-0.4 s) comes with the graph view: only when this view is built.
        from desktop.graph.evidence_list import EvidenceList
        from desktop.graph.graph_view import GraphView

        self._window = window
        self.diff: GraphDiff | None = None
        self._drawn: dict[EdgeKey, EdgeDiff] = {}
        self._names = {AGREED: "", ONLY_A: "A", ONLY_B: "B"}
        self.setObjectName("graphDiffView")
        self.setWindowTitle(self.tr("Graph Diff"))
        self.setModal(False)

        self.a_combo = QComboBox(self)
        self.a_combo.setObjectName("graphDiffA")
        self.b_combo = QComboBox(self)
        self.b_combo.setObjectName("graphDiffB")
        self.scope_combo = QComboBox(self)
        self.scope_combo.setObjectName("graphDiffScope")
        self.scope_combo.addItem(self.tr("This article"), SCOPE_ARTICLE)
        self.scope_combo.addItem(self.tr("The article list's filter"), SCOPE_LIST)
        self.scope_combo.addItem(self.tr("Whole store"), SCOPE_STORE)
        if window.current_article_id() is None:
            self.scope_combo.setCurrentIndex(2)
        self.compare_button = QPushButton(self.tr("Compare"), self)
        self.compare_button.setObjectName("graphDiffCompare")
        self.compare_button.setDefault(True)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("graphDiffStatus")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)

        self.view: GraphView = GraphView(self)
        self.legend = QWidget(self)
        self.legend.setObjectName("graphDiffLegend")
        legend_layout = QHBoxLayout(self.legend)
        legend_layout.setContentsMargins(4, 0, 4, 0)
        self._legend_texts: dict[str, QLabel] = {}
        for kind in CLASSES:
            icon = QLabel(self.legend)
            icon.setPixmap(_line_icon(CLASS_COLOURS[kind]).pixmap(QSize(26, 12)))
            text = QLabel(self.legend)
            text.setObjectName(f"graphDiffLegend_{kind}")
            legend_layout.addWidget(icon)
            legend_layout.addWidget(text)
            legend_layout.addSpacing(14)
            self._legend_texts[kind] = text
        self.nodes_label = QLabel(self.legend)
        self.nodes_label.setObjectName("graphDiffNodes")
        self.nodes_label.setStyleSheet("color: #4b5563;")
        legend_layout.addStretch(1)
        legend_layout.addWidget(self.nodes_label)

        self.evidence_a: EvidenceList = EvidenceList(self)
        self.evidence_a.setObjectName("graphDiffEvidenceA")
        self.evidence_b: EvidenceList = EvidenceList(self)
        self.evidence_b.setObjectName("graphDiffEvidenceB")
        for ev in (self.evidence_a, self.evidence_b):
            ev.filter_button.hide()  # the diff's own scope is chosen above
            ev.evidence_chosen.connect(self.open_evidence)
        sides = QSplitter(Qt.Orientation.Horizontal, self)
        sides.addWidget(self.evidence_a)
        sides.addWidget(self.evidence_b)
        sides.setChildrenCollapsible(False)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.view, 1)
        top_layout.addWidget(self.legend)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(top)
        self.splitter.addWidget(sides)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        form = QFormLayout()
        pair = QHBoxLayout()
        pair.addWidget(QLabel(self.tr("A:"), self))
        pair.addWidget(self.a_combo, 1)
        pair.addWidget(QLabel(self.tr("B:"), self))
        pair.addWidget(self.b_combo, 1)
        pair.addWidget(self.scope_combo, 1)
        pair.addWidget(self.compare_button)
        form.addRow(pair)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status_label)
        layout.addWidget(self.splitter, 1)

        ws = window.workspace
        for ev in (self.evidence_a, self.evidence_b):
            ev.set_reader(ws.article if ws is not None else None)
        self._fill_annotators()
        self._clear_evidence()
        self._show_counts()
        self.compare_button.clicked.connect(self._on_compare_clicked)
        self.view.edge_clicked.connect(self._on_edge_clicked)
        self.view.node_clicked.connect(self._on_node_clicked)
        self.view.background_clicked.connect(self._clear_evidence)
        window.op_did_execute.connect(self._on_op_did_execute)
        self.resize(1200, 820)
        self.splitter.setSizes([560, 170])

    # -- choices ----------------------------------------------------------------------
    def _fill_annotators(self) -> None:
        ws = self._window.workspace
        rows: list[AnnotatorRow] = ws.annotators() if ws is not None else []
        me = ws.annotator_id if ws is not None else None
        fill_annotator_pair(self.a_combo, self.b_combo, rows, me, lambda r: r.id)

    def set_sides(self, a_id: int, b_id: int) -> None:
        """Choose A and B by annotator id."""
        for combo, aid in ((self.a_combo, a_id), (self.b_combo, b_id)):
            i = combo.findData(aid)
            if i < 0:
                raise ValueError(f"no annotator with id {aid}")
            combo.setCurrentIndex(i)

    def set_scope(self, which: str) -> None:
        """``"article"`` (the current one), ``"list"`` (the list's filter) or ``"store"``."""
        i = self.scope_combo.findData(which)
        if i < 0:
            raise ValueError(which)
        self.scope_combo.setCurrentIndex(i)

    def scope(self) -> GraphScope:
        which = self.scope_combo.currentData()
        w = self._window
        if which == SCOPE_ARTICLE:
            aid = w.current_article_id()
            return GraphScope(article_ids=frozenset({aid} if aid is not None else ()))
        if which == SCOPE_LIST:
            return GraphScope(article_ids=frozenset(w.list_panel.visible_article_ids()))
        return GraphScope()

    # -- comparing ----------------------------------------------------------------------
    def compare(self) -> Job | None:
        """Compare the chosen sides off the GUI thread (``diff_did_compute`` follows)."""
        ws = self._window.workspace
        if ws is None or self.job is not None:
            return None
        a, b = self.a_combo.currentData(), self.b_combo.currentData()
        if a is None or b is None or a == b:
            self.status_label.setText(self.tr("Choose two different annotators to compare."))
            return None
        store, tagset, scope = ws.store, ws.tagging.tagset, self.scope()
        a_ids, b_ids = frozenset({int(a)}), frozenset({int(b)})
        initial = dict(self.view.positions())

        def work(progress: Progress, cancel: CancelToken) -> tuple[GraphDiff, dict[int, Point]]:
            from db.graph.pins import load_pins
            from desktop.graph.graph_layout_job import compute_layout

            progress(0, 0, "Comparing the graphs")
            diff = graph_diff(store, tagset, a_ids, b_ids, scope)
            cancel.check()
            pins = load_pins(store)
            start = dict(initial)
            for n in diff.nodes:
                node = n.a or n.b
                if node is not None and node.uuid in pins and n.node_id not in start:
                    start[n.node_id] = pins[node.uuid]
            ids = [n.node_id for n in diff.nodes]
            pairs = [(k[0], k[1]) for k in (e.key for e in diff.edges)]
            return diff, compute_layout(ids, pairs, {}, start)

        job = self.run_job(
            work,
            title=self.tr("Comparing Graphs"),
            button=self.compare_button,
            succeeded=self._on_succeeded,
            failed=self._on_failed,
        )
        self.status_label.setText(self.tr("Comparing…"))
        return job

    def _on_compare_clicked(self) -> None:
        if self.job is not None:
            self.cancel()
        else:
            self.compare()

    def _on_succeeded(self, outcome: tuple[GraphDiff, dict[int, Point]]) -> None:
        diff, positions = outcome
        self.show_diff(diff, positions)
        self.diff_did_compute.emit(diff)

    def _on_failed(self, exc: BaseException) -> None:
        report_failure(
            self,
            self.status_label,
            exc,
            failed=self.tr("The graphs could not be compared."),
            title=self.tr("Graph Diff Failed"),
            message=self.tr("The graphs could not be compared: {error}"),
        )
        self.diff_did_fail.emit(exc)

    def _on_op_did_execute(self, changes: Changes) -> None:
        if self.diff is not None and (changes.events or changes.mentions or changes.entities):
            self.status_label.setText(self.tr("The layers changed since; Compare again to update."))

    # -- drawing ------------------------------------------------------------------------
    def show_diff(self, diff: GraphDiff, positions: Mapping[int, Point] | None = None) -> None:
        """Draw ``diff`` (nodes at ``positions`` where given)."""
        ws = self._window.workspace
        self.diff = diff
        self._names = {
            AGREED: self.tr(str(CLASS_LABELS[AGREED])),
            ONLY_A: self.tr(str(CLASS_LABELS[ONLY_A])).format(name=self.a_combo.currentText()),
            ONLY_B: self.tr(str(CLASS_LABELS[ONLY_B])).format(name=self.b_combo.currentText()),
        }
        data, self._drawn = merged_graph(diff)
        if ws is not None:
            styles = {e.key[2] for e in diff.edges}
            tagset = ws.tagging.tagset
            self.view.set_tagset(
                replace(tagset, edge_styles=diff_styles(tagset, styles, self._names))
            )
        self.view.set_graph(data, positions)
        self._clear_evidence()
        self._show_counts()
        self.status_label.setText(
            self.tr("{a} (A) and {b} (B): {n} edges, {m} entities.").format(
                a=self.a_combo.currentText(),
                b=self.b_combo.currentText(),
                n=len(diff.edges),
                m=len(diff.nodes),
            )
            if diff.edges or diff.nodes
            else self.tr("Neither side has an edge in this scope.")
        )

    def _show_counts(self) -> None:
        diff = self.diff
        for kind, label in self._legend_texts.items():
            name = self._names[kind] if kind != AGREED else self.tr("Both")
            n = diff.count(kind) if diff is not None else 0
            label.setText(self.tr("{who}: {n}").format(who=name, n=n))
        if diff is None:
            self.nodes_label.setText("")
            return
        self.nodes_label.setText(
            self.tr("Entities: {both} in both, {a} only A, {b} only B").format(
                both=diff.count(AGREED, edges=False),
                a=diff.count(ONLY_A, edges=False),
                b=diff.count(ONLY_B, edges=False),
            )
        )

    def legend_texts(self) -> list[str]:
        return [self._legend_texts[k].text() for k in CLASSES]

    def edge_classes(self) -> dict[EdgeKey, str]:
        """The edges drawn now, by their key in the diff (source, target, style), with
        the class each is drawn as."""
        out = {}
        for key in self.view.edge_keys():
            e = self._drawn.get(key)
            if e is not None:
                out[e.key] = key[2].split(SEP, 1)[0]
        return out

    def drawn_key(self, key: EdgeKey) -> EdgeKey | None:
        """The view's key of the diff's edge ``key``."""
        return next((k for k, e in self._drawn.items() if e.key == key), None)

    # -- evidence -----------------------------------------------------------------------
    def _clear_evidence(self) -> None:
        for ev, combo in ((self.evidence_a, self.a_combo), (self.evidence_b, self.b_combo)):
            ev.clear()
            ev.title_label.setText(
                self.tr("{name}: click an edge to see its evidence.").format(
                    name=combo.currentText()
                )
            )

    def _style_label(self, style: str) -> str:
        ws = self._window.workspace
        st = ws.tagging.tagset.edge_style(style) if ws is not None else None
        return st.label if st is not None else style

    def _name(self, entity_id: int) -> str:
        node = self.view.node(entity_id)
        return node.name if node is not None else str(entity_id)

    def _on_edge_clicked(self, key: EdgeKey) -> None:
        e = self._drawn.get(key)
        if e is None:
            return
        label = self._style_label(e.key[2])
        sides = ((self.evidence_a, self.a_combo, e.a), (self.evidence_b, self.b_combo, e.b))
        for ev, combo, edge in sides:
            if edge is None:
                ev.clear()
                ev.title_label.setText(
                    self.tr("{name} has no {style} edge from {a} to {b}.").format(
                        name=combo.currentText(),
                        style=label,
                        a=self._name(e.key[0]),
                        b=self._name(e.key[1]),
                    )
                )
                continue
            ev.show_edge(edge, self._name(edge.source), self._name(edge.target), label)
            ev.title_label.setText(f"{combo.currentText()}: {ev.title_label.text()}")
            ev.filter_button.hide()

    def _on_node_clicked(self, entity_id: int) -> None:
        n = self.diff.node(entity_id) if self.diff is not None else None
        if n is None:
            return
        for ev, combo, side in (
            (self.evidence_a, self.a_combo, n.a),
            (self.evidence_b, self.b_combo, n.b),
        ):
            ev.clear()
            if side is None:
                text = self.tr("{name}: no edge touches {entity}.")
            else:
                text = self.tr("{name}: {entity} in {n} articles; click an edge for evidence.")
            ev.title_label.setText(
                text.format(
                    name=combo.currentText(),
                    entity=self._name(entity_id),
                    n=side.article_count if side is not None else 0,
                )
            )

    def open_evidence(self, article_id: int, start: int, end: int) -> None:
        """Open the article at the evidence's span in the main window."""
        self._window.open_mention(article_id, start, end)


def open_graph_diff(window: MainWindow) -> GraphDiffView:
    """Show the graph diff for ``window`` (Review > Graph Diff…) and compare the default
    sides (me and a colleague, this article); raises the open one if there is one."""
    dlg, new = show_once(window, GraphDiffView)
    if new:
        dlg.compare()
    return dlg
