"""The relation graph dock's widget: the scope bar, the plot, a legend and the evidence
list, kept live by ``LiveGraph`` deltas.

Every edit reaches ``on_changes`` within the same turn of the event loop as the edit
itself; the delta is applied in place (no reload, no jump). A full layout runs only on
"Re-layout" or when a new scope shows mostly nodes never placed before.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QIcon,
    QPainter,
    QPen,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QSlider,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db.changes import Changes
from db.graph.layout import Point, place_new
from db.graph.live import LiveGraph
from db.graph.model import EdgeKey, GraphData, GraphDelta, GraphScope
from db.workspace import Workspace
from desktop.graph.evidence_list import EvidenceList
from desktop.graph.graph_geometry import OTHER_SYMBOL, SUBTYPE_SYMBOLS, WEAPON_SYMBOL
from desktop.graph.graph_layout_job import GraphLayoutJob
from desktop.graph.graph_view import GraphView

SCOPE_ARTICLE, SCOPE_LIST, SCOPE_STORE = "article", "list", "store"
ANNOTATOR_MINE, ANNOTATOR_ALL = "mine", "all"
RELAYOUT_UNKNOWN_SHARE = 0.5  # a new scope with more unknown nodes than this is laid out
EXPORT_FORMATS = ("png", "svg", "graphml", "gexf")

# Legend rows: (subtype key in SUBTYPE_SYMBOLS, label).
LEGEND_NODES = (
    ("state", QT_TRANSLATE_NOOP("GraphPanel", "State")),
    ("government_body", QT_TRANSLATE_NOOP("GraphPanel", "Government body")),
    ("armed_forces", QT_TRANSLATE_NOOP("GraphPanel", "Armed forces")),
    ("company", QT_TRANSLATE_NOOP("GraphPanel", "Company")),
    ("organisation", QT_TRANSLATE_NOOP("GraphPanel", "Alliance / organisation")),
    ("person", QT_TRANSLATE_NOOP("GraphPanel", "Person")),
    ("armed_group", QT_TRANSLATE_NOOP("GraphPanel", "Armed group")),
)


def _symbol_icon(symbol: str, colour: str, size: int = 14) -> QIcon:
    from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols

    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.translate(size / 2, size / 2)
    p.scale(size - 3, size - 3)
    pen = QPen(QColor(colour))
    pen.setCosmetic(True)
    p.setPen(pen)
    p.setBrush(QColor(colour))
    p.drawPath(Symbols[symbol])
    p.end()
    return QIcon(pm)


def _line_icon(colour: str, style: Qt.PenStyle, width: int = 26, height: int = 12) -> QIcon:
    pm = QPixmap(width, height)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    pen = QPen(QColor(colour))
    pen.setWidthF(2.0)
    pen.setStyle(style)
    p.setPen(pen)
    p.drawLine(QPointF(1, height / 2), QPointF(width - 1, height / 2))
    p.end()
    return QIcon(pm)


class GraphPanel(QWidget):
    """Scope bar, plot, legend and evidence list for one workspace."""

    open_span = Signal(int, int, int)
    """Open an article at a code-point span (article id, start, end)."""
    filter_articles = Signal(object, str)
    """Filter the article list to these article ids (a frozenset), saying why (a label
    for the list's chip)."""
    select_in_article = Signal(str, int)
    """After ``open_span``: select this ("event", id) or ("relation", id) in the form."""
    pop_out_requested = Signal()
    """The user wants the graph in a big window of its own (or back in the dock)."""
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("graphPanel")
        self._ws: Workspace | None = None
        self._live: LiveGraph | None = None
        self._article_id: int | None = None
        self._list_ids: Callable[[], frozenset[int]] = frozenset
        self._stale = False
        self._marks_stale = False  # marks chosen while hidden, shown by catch_up
        self._years: tuple[int, int] | None = None
        self._pins: dict[str, Point] = {}
        self._split_done = False
        self._mark_entity: int | None = None  # the mention selected in the article
        self._mark_event: int | None = None  # the event open in the form

        # -- scope bar
        self.scope_combo = QComboBox(self)
        self.scope_combo.setObjectName("graphScope")
        self.scope_combo.addItem(self.tr("This article"), SCOPE_ARTICLE)
        self.scope_combo.addItem(self.tr("List filter"), SCOPE_LIST)
        self.scope_combo.addItem(self.tr("Whole store"), SCOPE_STORE)
        self.annotator_combo = QComboBox(self)
        self.annotator_combo.setObjectName("graphAnnotator")
        self._fill_annotators()
        self.types_button = QToolButton(self)
        self.types_button.setObjectName("graphEventTypes")
        self.types_button.setText(self.tr("Event types"))
        self.types_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.types_menu = QMenu(self.types_button)
        self.types_button.setMenu(self.types_menu)
        self.weapons_check = QCheckBox(self.tr("Weapons"), self)
        self.weapons_check.setObjectName("graphWeapons")
        self.rollup_check = QCheckBox(self.tr("Roll up to state"), self)
        self.rollup_check.setObjectName("graphRollup")
        self.year_from = QSlider(Qt.Orientation.Horizontal, self)
        self.year_from.setObjectName("graphYearFrom")
        self.year_to = QSlider(Qt.Orientation.Horizontal, self)
        self.year_to.setObjectName("graphYearTo")
        self.years_label = QLabel(self)
        self.years_label.setObjectName("graphYears")
        for s in (self.year_from, self.year_to):
            s.setPageStep(1)
            s.setMinimumWidth(36)
        self.relayout_button = QToolButton(self)
        self.relayout_button.setObjectName("graphRelayout")
        self.relayout_button.setText(self.tr("Re-layout"))
        self.export_button = QToolButton(self)
        self.export_button.setObjectName("graphExport")
        self.export_button.setText(self.tr("Export"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(self.export_button)
        for fmt, text in (
            ("png", self.tr("Picture (PNG)…")),
            ("svg", self.tr("Vector Picture (SVG)…")),
            ("graphml", self.tr("GraphML…")),
            ("gexf", self.tr("GEXF…")),
        ):
            act = export_menu.addAction(text)
            act.triggered.connect(lambda _c=False, f=fmt: self.ask_export(f))
        self.export_button.setMenu(export_menu)
        self.legend_button = QToolButton(self)
        self.legend_button.setObjectName("graphLegendToggle")
        self.legend_button.setText(self.tr("Legend"))
        self.legend_button.setCheckable(True)
        self.legend_button.setChecked(True)
        self.popout_button = QToolButton(self)
        self.popout_button.setObjectName("graphPopOut")
        self.popout_button.setText(self.tr("Pop Out"))
        self.popout_button.setToolTip(self.tr("Show the graph in a big window of its own"))
        self.popout_button.clicked.connect(self.pop_out_requested)

        for combo in (self.scope_combo, self.annotator_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        bar1 = QHBoxLayout()
        bar1.setContentsMargins(0, 0, 0, 0)
        bar1.setSpacing(4)
        bar1.addWidget(self.scope_combo, 1)
        bar1.addWidget(self.annotator_combo, 1)
        bar1.addWidget(self.types_button)
        bar2 = QHBoxLayout()
        bar2.setContentsMargins(0, 0, 0, 0)
        bar2.setSpacing(4)
        bar2.addWidget(self.weapons_check)
        bar2.addWidget(self.rollup_check)
        bar2.addStretch(1)
        bar2.addWidget(self.legend_button)
        bar2.addWidget(self.popout_button)
        bar3 = QHBoxLayout()
        bar3.setContentsMargins(0, 0, 0, 0)
        bar3.setSpacing(4)
        bar3.addWidget(self.year_from, 1)
        bar3.addWidget(self.year_to, 1)
        bar3.addWidget(self.years_label)
        bar3.addWidget(self.relayout_button)
        bar3.addWidget(self.export_button)

        self.view = GraphView(self)
        self.legend = QWidget(self)
        self.legend.setObjectName("graphLegend")
        self._legend_grid = QGridLayout(self.legend)
        self._legend_grid.setContentsMargins(0, 0, 0, 0)
        self._legend_grid.setHorizontalSpacing(10)
        self._legend_grid.setVerticalSpacing(0)
        self.legend_button.toggled.connect(self.legend.setVisible)
        self.evidence = EvidenceList(self)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("graphSummary")
        self.summary_label.setStyleSheet("color: #4b5563;")

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(2)
        top_layout.addWidget(self.view, 1)
        top_layout.addWidget(self.legend)
        top_layout.addWidget(self.summary_label)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.evidence)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(3)
        layout.addLayout(bar1)
        layout.addLayout(bar2)
        layout.addLayout(bar3)
        layout.addWidget(self.splitter, 1)

        self.layout_job = GraphLayoutJob(self)
        self.layout_job.layout_did_finish.connect(self._on_layout_did_finish)
        self.layout_job.layout_did_fail.connect(self.message)

        self.scope_combo.currentIndexChanged.connect(self._on_scope_widgets_changed)
        self.annotator_combo.currentIndexChanged.connect(self._on_scope_widgets_changed)
        self.weapons_check.toggled.connect(self._on_scope_widgets_changed)
        self.rollup_check.toggled.connect(self._on_scope_widgets_changed)
        self.year_from.valueChanged.connect(self._on_year_from_changed)
        self.year_to.valueChanged.connect(self._on_year_to_changed)
        self.relayout_button.clicked.connect(self.relayout)
        self.view.node_clicked.connect(self._on_node_clicked)
        self.view.edge_clicked.connect(self._on_edge_clicked)
        self.view.background_clicked.connect(self.evidence.clear)
        self.view.node_did_move.connect(self._on_node_did_move)
        self.evidence.evidence_chosen.connect(self.open_span)
        self.evidence.row_opened.connect(self._on_row_opened)
        self.evidence.article_chosen.connect(self._on_article_chosen)
        self.evidence.filter_requested.connect(self._on_filter_requested)
        self._set_year_range(None)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(560, 700)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        # Shown again (its tab chosen, the dock opened): catch up with edits made while
        # hidden. The dock's visibilityChanged is not sent for every tab switch.
        self.catch_up()

    def on_screen(self) -> bool:
        """Whether the panel can be seen: a dock tab behind another still reports
        ``isVisible()`` in Qt 6, but its visible region is empty. Work skipped while it
        cannot be seen is done by ``catch_up`` (the dock's visibilityChanged calls it
        when its tab is chosen)."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        # The plot gets most of the height the first time there is some to share.
        h = self.splitter.height()
        if not self._split_done and h > 300:
            self._split_done = True
            self.splitter.setSizes([int(h * 0.8), h - int(h * 0.8)])

    # -- workspace ---------------------------------------------------------------------
    @property
    def live(self) -> LiveGraph | None:
        return self._live

    @property
    def workspace(self) -> Workspace | None:
        return self._ws

    def set_workspace(self, ws: Workspace | None) -> None:
        """Draw ``ws``'s graph (None: nothing)."""
        self._ws = ws
        self._live = None
        self._years = None
        self.evidence.set_reader(ws.article if ws is not None else None)
        self.evidence.clear()
        if ws is None:
            self.view.set_graph(GraphData())
            return
        tagset = ws.tagging.tagset
        self.view.set_tagset(tagset)
        self.evidence.set_type_labels(self._type_label)
        self._fill_annotators()
        self._fill_types_menu()
        self._fill_legend()
        self._pins = self._load_pins()
        self._live = LiveGraph(ws.store, tagset, self.scope())
        self._note_years(self._live.data)
        self._show_whole(layout=True)

    def set_list_source(self, source: Callable[[], frozenset[int]]) -> None:
        """Where "List filter" takes its article ids from (the list panel's rows)."""
        self._list_ids = source

    def set_current_article(self, article_id: int | None) -> None:
        """The article shown in the reader ("This article" follows it)."""
        self._article_id = article_id
        if self.scope_combo.currentData() == SCOPE_ARTICLE:
            self.apply_scope()

    def list_did_change(self) -> None:
        """The article list was re-queried ("List filter" follows it)."""
        if self.scope_combo.currentData() == SCOPE_LIST:
            self.apply_scope()

    # -- scope -------------------------------------------------------------------------
    def scope(self) -> GraphScope:
        """The scope the widgets describe."""
        which = self.scope_combo.currentData()
        articles: frozenset[int] | None = None
        if which == SCOPE_ARTICLE:
            articles = frozenset({self._article_id} if self._article_id is not None else ())
        elif which == SCOPE_LIST:
            articles = frozenset(self._list_ids())
        annotators: frozenset[int] | None = None
        who = self.annotator_combo.currentData()
        if who == ANNOTATOR_MINE and self._ws is not None:
            annotators = frozenset({self._ws.annotator_id})
        elif isinstance(who, int):
            annotators = frozenset({who})
        types = [a for a in self.types_menu.actions() if a.isCheckable()]
        chosen = frozenset(str(a.data()) for a in types if a.isChecked())
        event_types = None if len(chosen) == len(types) else chosen
        date_from = date_to = None
        if self._years is not None:
            lo, hi = self._years
            a, b = self.year_from.value(), self.year_to.value()
            date_from = str(a) if a > lo else None
            date_to = str(b) if b < hi else None
        return GraphScope(
            article_ids=articles,
            annotator_ids=annotators,
            event_types=event_types,
            date_from=date_from,
            date_to=date_to,
            include_weapons=self.weapons_check.isChecked(),
            rollup=self.rollup_check.isChecked(),
        )

    def set_scope_kind(self, kind: str) -> None:
        """Choose "article", "list" or "store" (as the combo box does)."""
        self.scope_combo.setCurrentIndex(self.scope_combo.findData(kind))

    def set_years(self, first: int, last: int) -> None:
        """Move the time range sliders (as the user does)."""
        self.year_from.setValue(first)
        self.year_to.setValue(last)

    def apply_scope(self) -> None:
        """Rebuild the graph for the scope the widgets show."""
        live = self._live
        if live is None or not self.on_screen():
            self._stale = live is not None
            return
        scope = self.scope()
        if scope == live.scope and not self._stale:
            return
        delta = live.set_scope(scope)
        self._stale = False
        if scope.date_from is None and scope.date_to is None:
            self._note_years(live.data)
        if self.view.unknown_share(live.data) > RELAYOUT_UNKNOWN_SHARE:
            self._show_whole(layout=True)
        else:
            self._apply(delta)

    def _on_scope_widgets_changed(self, *_args: object) -> None:
        self.apply_scope()

    def _fill_annotators(self) -> None:
        """Mine, each colleague's, the curated layer, everyone's (``Workspace.annotators``)."""
        combo = self.annotator_combo
        was = combo.currentData()
        blocked = combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("Mine"), ANNOTATOR_MINE)
        ws = self._ws
        rows = ws.annotators() if ws is not None else []
        for a in rows:
            if a.id == (ws.annotator_id if ws is not None else None):
                continue
            if a.role == "curated":
                combo.addItem(self.tr("Curated ({name})").format(name=a.display_name), a.id)
            else:
                combo.addItem(a.display_name, a.id)
        combo.addItem(self.tr("All annotators"), ANNOTATOR_ALL)
        i = combo.findData(was)
        combo.setCurrentIndex(i if i >= 0 else 0)
        combo.blockSignals(blocked)

    def annotator_choices(self) -> list[tuple[str, object]]:
        """The annotator combo's (text, data) rows."""
        c = self.annotator_combo
        return [(c.itemText(i), c.itemData(i)) for i in range(c.count())]

    def set_annotator(self, choice: object) -> None:
        """Choose "mine", "all" or an annotator id (as the combo box does)."""
        self.annotator_combo.setCurrentIndex(self.annotator_combo.findData(choice))

    def _type_label(self, name: str) -> str:
        ts = self._ws.tagging.tagset if self._ws is not None else None
        et = ts.event_type(name) if ts is not None else None
        if et is not None:
            return str(et.label)
        rt = ts.relation_type(name) if ts is not None else None
        return str(rt.label) if rt is not None else name

    def _fill_types_menu(self) -> None:
        self.types_menu.clear()
        ts = self._ws.tagging.tagset if self._ws is not None else None
        for et in ts.event_types if ts is not None else ():
            if not et.edges:
                continue
            act = QAction(et.label, self.types_menu)
            act.setCheckable(True)
            act.setChecked(True)
            act.setData(et.name)
            act.toggled.connect(self._on_scope_widgets_changed)
            self.types_menu.addAction(act)

    def set_event_types(self, names: set[str] | None) -> None:
        """Check only these event types (None: all)."""
        for act in self.types_menu.actions():
            blocked = act.blockSignals(True)
            act.setChecked(names is None or str(act.data()) in names)
            act.blockSignals(blocked)
        self.apply_scope()

    # -- years ---------------------------------------------------------------------------
    def _note_years(self, data: GraphData) -> None:
        years = [
            int(ev.date_start[:4])
            for e in data.edges.values()
            for ev in e.evidence
            if ev.date_start and ev.date_start[:4].isdigit()
        ]
        if not years:
            return
        lo, hi = min(years), max(years)
        if self._years is not None:
            lo, hi = min(lo, self._years[0]), max(hi, self._years[1])
        if self._years != (lo, hi):
            self._set_year_range((lo, hi))

    def _set_year_range(self, years: tuple[int, int] | None) -> None:
        old = self._years
        self._years = years
        for s in (self.year_from, self.year_to):
            s.blockSignals(True)
        lo, hi = years if years is not None else (0, 0)
        was_from = self.year_from.value() if old is not None else lo
        was_to = self.year_to.value() if old is not None else hi
        at_end = old is None or was_to >= old[1]
        at_start = old is None or was_from <= old[0]
        for s in (self.year_from, self.year_to):
            s.setRange(lo, hi)
        self.year_from.setValue(lo if at_start else max(lo, was_from))
        self.year_to.setValue(hi if at_end else min(hi, was_to))
        for s in (self.year_from, self.year_to):
            s.blockSignals(False)
            s.setEnabled(years is not None and lo < hi)
        self._show_years()

    def _show_years(self) -> None:
        if self._years is None:
            self.years_label.setText(self.tr("No dated events"))
            return
        a, b = self.year_from.value(), self.year_to.value()
        if (a, b) == self._years:
            self.years_label.setText(self.tr("{a}–{b}, all").format(a=a, b=b))
        else:
            self.years_label.setText(self.tr("{a}–{b}").format(a=a, b=b))

    def _on_year_from_changed(self, value: int) -> None:
        if value > self.year_to.value():
            self.year_to.setValue(value)
        self._show_years()
        self.apply_scope()

    def _on_year_to_changed(self, value: int) -> None:
        if value < self.year_from.value():
            self.year_from.setValue(value)
        self._show_years()
        self.apply_scope()

    # -- live updates ------------------------------------------------------------------
    def on_changes(
        self,
        changes: Changes,
        *,
        undo: bool = False,
        article_ids: frozenset[int] | None = None,
    ) -> None:
        """An edit, undo or redo changed the store: bring the graph up to date now.
        ``article_ids``: the articles it changed, when known; otherwise an undo or redo
        (``undo``) may have changed any article, an edit the one shown."""
        live, ws = self._live, self._ws
        if live is None or ws is None:
            return
        if changes.annotators:
            self._fill_annotators()
        if changes.tagset:
            tagset = ws.tagging.tagset
            self.view.set_tagset(tagset)
            self._fill_types_menu()
            self._fill_legend()
            if self.on_screen():
                self._apply(live.set_tagset(tagset))
            else:
                live.set_tagset(tagset)
            return
        if changes.articles:
            self.evidence.forget_articles()
        if not (changes.mentions or changes.events or changes.relations or changes.entities):
            if changes.articles and self.scope_combo.currentData() == SCOPE_STORE:
                self._refresh(live.refresh_all)
            return
        if not self.on_screen():
            self._stale = True  # caught up when shown
            return
        if changes.entities:
            self._refresh(live.refresh_all)
        elif article_ids is not None:
            self._refresh(lambda: live.refresh_articles(article_ids))
        elif undo or self._article_id is None:
            self._refresh(live.refresh_all)
        else:
            aid = self._article_id
            self._refresh(lambda: live.refresh_articles({aid}))

    def _refresh(self, step: Callable[[], GraphDelta]) -> None:
        self._apply(step())

    def catch_up(self) -> None:
        """Bring a graph that went stale while hidden up to date."""
        live = self._live
        if live is None:
            return
        if self._stale:
            self._stale = False
            scope = self.scope()
            delta = live.set_scope(scope) if scope != live.scope else live.refresh_all()
            if self.view.unknown_share(live.data) > RELAYOUT_UNKNOWN_SHARE:
                self._show_whole(layout=True)
            else:
                self._apply(delta)
        if self._marks_stale:
            self._show_marks()

    def _apply(self, delta: GraphDelta) -> None:
        if delta.empty():
            return
        self.view.apply_delta(delta, place_new)
        self._after_graph_change()
        if self._mark_event is not None or self._mark_entity is not None:
            self._show_marks()

    def _show_whole(self, *, layout: bool) -> None:
        live = self._live
        if live is None:
            return
        data = live.data
        pins = self._pinned_positions(data)
        self.view.set_graph(data, pins)
        self.view.set_pinned(pins)
        self._show_marks()
        if layout and data.nodes:
            self.relayout(keep_known=True)
        self._after_graph_change()

    def _after_graph_change(self) -> None:
        data = self._live.data if self._live is not None else GraphData()
        self.summary_label.setText(
            self.tr("{nodes} nodes · {edges} edges").format(
                nodes=len(data.nodes), edges=len(data.edges)
            )
        )

    def relayout(self, *, keep_known: bool = False) -> None:
        """Lay the graph out afresh (pinned nodes stay); ``keep_known`` starts from where
        nodes already are."""
        live = self._live
        if live is None or not live.data.nodes:
            return
        data = live.data
        pins = self._pinned_positions(data)
        initial = self.view.positions() if keep_known else {}
        initial = {n: p for n, p in initial.items() if p != (0.0, 0.0)}
        edges = sorted({(a, b) for a, b, _s in data.edges})
        self.layout_job.start(list(data.nodes), edges, pinned=pins, initial=initial)

    def _on_layout_did_finish(self, positions: object) -> None:
        if isinstance(positions, dict):
            self.view.set_positions(positions, fit=True)

    # -- pins ----------------------------------------------------------------------------
    def _load_pins(self) -> dict[str, Point]:
        if self._ws is None:
            return {}
        from db.graph.pins import load_pins

        return dict(load_pins(self._ws.store))

    def _pinned_positions(self, data: GraphData) -> dict[int, Point]:
        return {nid: self._pins[n.uuid] for nid, n in data.nodes.items() if n.uuid in self._pins}

    def _on_node_did_move(self, entity_id: int, x: float, y: float) -> None:
        node = self.view.node(entity_id)
        if node is None or self._ws is None:
            return
        self._pins[node.uuid] = (x, y)
        from db.graph.pins import save_pins

        save_pins(self._ws.store, self._pins)  # replaces them all

    # -- selection and evidence ------------------------------------------------------------
    def _style_label(self, style: str) -> str:
        return self.view.style_info().get(style, ("", Qt.PenStyle.SolidLine, style))[2]

    def _on_node_clicked(self, entity_id: int) -> None:
        live = self._live
        node = live.node(entity_id) if live is not None else None
        if live is None or node is None:
            return
        self.evidence.show_node(node, live.node_articles(entity_id))

    def _on_edge_clicked(self, key: EdgeKey) -> None:
        live = self._live
        edge = live.edge(key) if live is not None else None
        if live is None or edge is None:
            return
        a, b = live.node(edge.source), live.node(edge.target)
        self.evidence.show_edge(
            edge,
            a.name if a else str(edge.source),
            b.name if b else str(edge.target),
            self._style_label(edge.style),
        )

    def _on_row_opened(self, kind: str, row_id: int) -> None:
        if kind in ("event", "relation"):
            self.select_in_article.emit(kind, row_id)

    def _on_filter_requested(self, ids: object) -> None:
        live = self._live
        n = len(ids) if isinstance(ids, frozenset) else 0
        what = ""
        nid, key = self.view.selected_node(), self.view.selected_edge()
        if live is not None and nid is not None and live.node(nid) is not None:
            node = live.node(nid)
            what = node.name if node is not None else ""
        elif live is not None and key is not None:
            a, b = live.node(key[0]), live.node(key[1])
            if a is not None and b is not None:
                what = f"{a.name} – {b.name}"
        label = (
            self.tr("{n} articles behind {what} in the graph").format(n=n, what=what)
            if what
            else ""
        )
        self.filter_articles.emit(ids, label)

    def _on_article_chosen(self, article_id: int) -> None:
        """A node's article: open it at the node's first mention there."""
        ws, nid = self._ws, self.view.selected_node()
        span = (0, 0)
        if ws is not None and nid is not None:
            ann = ws.tagging.annotations(article_id)
            spans = sorted((m.start, m.end) for m in ann.mentions if m.entity_id == nid)
            if spans:
                span = spans[0]
        self.open_span.emit(article_id, *span)

    def mark_entity(self, entity_id: int | None) -> None:
        """The mention selected in the article names this entity: highlight its node."""
        self._mark_entity = entity_id
        self._show_marks()

    def mark_event(self, event_id: int | None) -> None:
        """The event open in the form: highlight the edges it draws (kept up to date as
        it gains or loses arguments)."""
        self._mark_event = event_id
        self._show_marks()

    def _show_marks(self) -> None:
        if not self.on_screen():
            # (a scan of every edge's evidence per selection: done when shown)
            self._marks_stale = True
            return
        self._marks_stale = False
        live = self._live
        nodes: set[int] = set()
        keys: list[EdgeKey] = []
        if live is not None and self._mark_event is not None:
            ev_id = self._mark_event
            keys = [
                k
                for k, e in live.data.edges.items()
                if any(ev.kind == "event" and ev.row_id == ev_id for ev in e.evidence)
            ]
            nodes = {n for k in keys for n in k[:2]}
        if self._mark_entity is not None and live is not None:
            # Through merges and roll-up: a ministry's mention marks its state's node.
            node = live.node_for(self._mark_entity)
            if node is not None:
                nodes.add(node)
        if nodes or keys or self.view.marked() != (set(), set()):
            self.view.mark(nodes=nodes, edges=keys)

    # -- export --------------------------------------------------------------------------
    def export_to(self, path: str, fmt: str) -> None:
        """Write the graph: a picture of the plot (png, svg) or the data (graphml, gexf)."""
        if fmt == "png":
            if not self.view.export_png(path):
                raise OSError(self.tr("Could not write {path}").format(path=path))
        elif fmt == "svg":
            self.view.export_svg(path)
        else:
            from db.graph.export import write_graph

            data = self._live.data if self._live is not None else GraphData()
            write_graph(data, Path(path), fmt)

    def ask_export(self, fmt: str) -> None:
        """Ask where to export in ``fmt``, then write it (errors as a message box)."""
        filters = {
            "png": self.tr("PNG image (*.png)"),
            "svg": self.tr("SVG image (*.svg)"),
            "graphml": self.tr("GraphML (*.graphml)"),
            "gexf": self.tr("GEXF (*.gexf)"),
        }
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export Graph"), f"graph.{fmt}", filters[fmt]
        )
        if not path:
            return
        try:
            self.export_to(path, fmt)
        except Exception as exc:  # noqa: BLE001 - told to the user, never a crash
            QMessageBox.warning(
                self,
                self.tr("Export Failed"),
                self.tr("The graph was not exported: {error}").format(error=html.escape(str(exc))),
            )
            return
        self.message.emit(self.tr("Graph exported to {path}").format(path=path))

    # -- legend --------------------------------------------------------------------------
    def _fill_legend(self) -> None:
        grid = self._legend_grid
        while grid.count():
            item = grid.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        entries: list[tuple[QIcon, str]] = []
        for key, label in LEGEND_NODES:
            sym, colour = SUBTYPE_SYMBOLS.get(key, OTHER_SYMBOL)
            entries.append((_symbol_icon(sym, colour), self.tr(str(label))))
        entries.append((_symbol_icon(*WEAPON_SYMBOL), self.tr("Weapon")))
        for _name, (colour, dash, label) in self.view.style_info().items():
            entries.append((_line_icon(colour, dash), label))
        cols = 2
        for i, (icon, text) in enumerate(entries):
            lab = QLabel(self.legend)
            lab.setPixmap(icon.pixmap(QSize(26, 14)))
            txt = QLabel(text, self.legend)
            txt.setStyleSheet("font-size: 11px; color: #374151;")
            r, c = divmod(i, cols)
            grid.addWidget(lab, r, 2 * c)
            grid.addWidget(txt, r, 2 * c + 1)
        grid.setColumnStretch(2 * cols - 1, 1)

    def legend_texts(self) -> list[str]:
        grid = self._legend_grid
        out = []
        for i in range(grid.count()):
            item = grid.itemAt(i)
            w = item.widget() if item is not None else None
            if isinstance(w, QLabel) and w.text():
                out.append(w.text())
        return out
