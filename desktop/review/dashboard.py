"""Review > Agreement Dashboard…: how far two annotators (or one and the curated layer)
agree over a selection of articles, as a table and bar charts, exportable as CSV.

The figures are ``db.review.agreement.agreement`` (Qt-free, definitions in
docs/review.md), computed off the GUI thread by a ``desktop.jobs.Job`` with progress and
cancel. pyqtgraph is imported when the dashboard is built, never when this module is.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db.changes import Changes
from db.errors import ArmscribeError
from db.formats.atomic import atomic_file
from db.jobs import CancelToken, Progress
from db.review.agreement import (
    ALL,
    ARGUMENT_F1,
    EDGE_F1,
    ENTITY_LINK_AGREEMENT,
    EVENT_F1,
    MENTION_ALPHA,
    MENTION_ALPHA_MATCHED,
    MENTION_F1_EXACT,
    MENTION_F1_OVERLAP,
    TYPE_KAPPA,
    AgreementResult,
    agreement,
    figures_csv,
)
from desktop.jobs import Job
from desktop.review.choosers import (
    PairJobDialog,
    fill_annotator_pair,
    report_failure,
    show_once,
)

if TYPE_CHECKING:
    import pyqtgraph as pg

    from desktop.main_window import MainWindow

ARTICLES_ALL, ARTICLES_LIST, ARTICLES_CURRENT = "all", "list", "current"
CONTEXT = "AgreementDashboard"

# Measure -> (table label, bar label). The bars show the main figures in this order.
MEASURE_LABELS: dict[str, tuple[object, object]] = {
    MENTION_F1_EXACT: (
        QT_TRANSLATE_NOOP("AgreementDashboard", "Mention F1, exact span"),
        QT_TRANSLATE_NOOP("AgreementDashboard", "Mentions\nexact"),
    ),
    MENTION_F1_OVERLAP: (
        QT_TRANSLATE_NOOP("AgreementDashboard", "Mention F1, overlapping span"),
        QT_TRANSLATE_NOOP("AgreementDashboard", "Mentions\noverlap"),
    ),
    TYPE_KAPPA: (
        QT_TRANSLATE_NOOP("AgreementDashboard", "Type agreement (Cohen's kappa)"),
        QT_TRANSLATE_NOOP("AgreementDashboard", "Types\nkappa"),
    ),
    MENTION_ALPHA: (
        QT_TRANSLATE_NOOP("AgreementDashboard", "Mention alpha (Krippendorff, absence coded)"),
        QT_TRANSLATE_NOOP("AgreementDashboard", "Mentions\nalpha"),
    ),
    MENTION_ALPHA_MATCHED: (
        QT_TRANSLATE_NOOP("AgreementDashboard", "Mention alpha, paired mentions only"),
        QT_TRANSLATE_NOOP("AgreementDashboard", "Paired\nalpha"),
    ),
    ENTITY_LINK_AGREEMENT: (
        QT_TRANSLATE_NOOP("AgreementDashboard", "Entity-link agreement"),
        QT_TRANSLATE_NOOP("AgreementDashboard", "Entity\nlinks"),
    ),
    EVENT_F1: (
        QT_TRANSLATE_NOOP("AgreementDashboard", "Event F1"),
        QT_TRANSLATE_NOOP("AgreementDashboard", "Events"),
    ),
    ARGUMENT_F1: (
        QT_TRANSLATE_NOOP("AgreementDashboard", "Argument F1"),
        QT_TRANSLATE_NOOP("AgreementDashboard", "Arguments"),
    ),
    EDGE_F1: (
        QT_TRANSLATE_NOOP("AgreementDashboard", "Graph-edge F1"),
        QT_TRANSLATE_NOOP("AgreementDashboard", "Graph\nedges"),
    ),
}
MAIN_MEASURES = (
    MENTION_F1_EXACT,
    MENTION_F1_OVERLAP,
    TYPE_KAPPA,
    MENTION_ALPHA,
    ENTITY_LINK_AGREEMENT,
    EVENT_F1,
    ARGUMENT_F1,
    EDGE_F1,
)
# The per-type chart: mention F1 (exact) per mention type, event F1 per event type.
TYPE_MEASURES = (MENTION_F1_EXACT, EVENT_F1)
BAR_COLOURS = {"main": "#52688F", MENTION_F1_EXACT: "#3F6FB5", EVENT_F1: "#2E8B57"}
TABLE_COLUMNS = (
    QT_TRANSLATE_NOOP("AgreementDashboard", "Measure"),
    QT_TRANSLATE_NOOP("AgreementDashboard", "Scope"),
    QT_TRANSLATE_NOOP("AgreementDashboard", "Value"),
    QT_TRANSLATE_NOOP("AgreementDashboard", "Matched"),
    QT_TRANSLATE_NOOP("AgreementDashboard", "A"),
    QT_TRANSLATE_NOOP("AgreementDashboard", "B"),
)
RAW_ROLE = Qt.ItemDataRole.UserRole
MAX_VALUE_LABELS = 40  # value labels per chart (TextItems are costly: FACTS.md)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def measure_label(measure: str, *, short: bool = False) -> str:
    """The translated name of a measure (its bar label when ``short``)."""
    labels = MEASURE_LABELS.get(measure)
    if labels is None:
        return measure
    return _tr(str(labels[1] if short else labels[0]))


def format_value(value: float | None) -> str:
    return _tr("n/a") if value is None else f"{value:.3f}"


class AgreementDashboard(PairJobDialog):
    """Pick a pair, articles and types; compute; read the table and charts; export."""

    agreement_did_compute = Signal(object)
    """The ``AgreementResult`` now shown."""
    agreement_did_fail = Signal(object)
    """The exception the computation ended with (``Cancelled`` when cancelled)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.agreement_result: AgreementResult | None = None
        self._stale = False
        self.setObjectName("agreementDashboard")
        self.setWindowTitle(self.tr("Agreement Dashboard"))
        self.setModal(False)

        self.a_combo = QComboBox(self)
        self.a_combo.setObjectName("agreementAnnotatorA")
        self.b_combo = QComboBox(self)
        self.b_combo.setObjectName("agreementAnnotatorB")
        self.articles_combo = QComboBox(self)
        self.articles_combo.setObjectName("agreementArticles")
        self.types_button = QToolButton(self)
        self.types_button.setObjectName("agreementTypes")
        self.types_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.types_menu = QMenu(self.types_button)
        self.types_button.setMenu(self.types_menu)
        self.compute_button = QPushButton(self.tr("Compute"), self)
        self.compute_button.setObjectName("agreementCompute")
        self.compute_button.setDefault(True)
        self.export_button = QPushButton(self.tr("Export CSV…"), self)
        self.export_button.setObjectName("agreementExport")
        self.export_button.setEnabled(False)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("agreementStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)

        self.table = QTableWidget(0, len(TABLE_COLUMNS), self)
        self.table.setObjectName("agreementTable")
        self.table.setHorizontalHeaderLabels([self.tr(str(c)) for c in TABLE_COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(TABLE_COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)

        import pyqtgraph as pg  # 0.3-0.4 s: only when the dashboard is opened

        self.main_plot = self._make_plot(pg, html.escape(self.tr("Main figures")))
        self.main_plot.setObjectName("agreementMainChart")
        self.type_plot = self._make_plot(
            pg,
            self.tr(
                'Per type: <span style="color:{m}">■ mention F1, exact span</span>'
                ' &nbsp; <span style="color:{e}">■ event F1</span>'
            ).format(m=BAR_COLOURS[MENTION_F1_EXACT], e=BAR_COLOURS[EVENT_F1]),
        )
        self.type_plot.setObjectName("agreementTypeChart")
        self._bar_items: dict[str, Any] = {}  # "main" / measure -> BarGraphItem
        self._bar_labels: dict[str, list[str]] = {}  # the same keys -> x labels, in order
        self._value_texts: dict[int, list[Any]] = {}  # plot -> its pool of TextItems

        form = QFormLayout()
        pair = QHBoxLayout()
        pair.addWidget(self.a_combo, 1)
        pair.addWidget(QLabel(self.tr("with"), self))
        pair.addWidget(self.b_combo, 1)
        form.addRow(self.tr("Compare:"), pair)
        what = QHBoxLayout()
        what.addWidget(self.articles_combo, 1)
        what.addWidget(self.types_button)
        form.addRow(self.tr("Articles:"), what)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.compute_button)
        buttons.addWidget(self.export_button)
        charts = QWidget(self)
        charts_layout = QVBoxLayout(charts)
        charts_layout.setContentsMargins(0, 0, 0, 0)
        charts_layout.addWidget(self.main_plot, 2)
        charts_layout.addWidget(self.type_plot, 3)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(charts)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.splitter, 1)

        self._fill_annotators()
        self._fill_articles()
        self._fill_types()
        self.compute_button.clicked.connect(self._on_compute_clicked)
        self.export_button.clicked.connect(self.ask_export)
        window.op_did_execute.connect(self._on_op_did_execute)
        self.resize(1240, 780)
        self.splitter.setSizes([560, 680])
        self._show_idle()

    # -- choices ----------------------------------------------------------------------
    def _fill_annotators(self) -> None:
        ws = self._window.workspace
        rows = ws.annotators() if ws is not None else []
        me = ws.annotator if ws is not None else None
        fill_annotator_pair(self.a_combo, self.b_combo, rows, me, lambda r: r.name)

    def _fill_articles(self) -> None:
        w = self._window
        self.articles_combo.clear()
        self.articles_combo.addItem(self.tr("All articles"), ARTICLES_ALL)
        shown = len(w.list_panel.visible_article_ids())
        self.articles_combo.addItem(
            self.tr("The article list's filter ({n} articles)").format(n=shown), ARTICLES_LIST
        )
        if w.current_article_id() is not None:
            self.articles_combo.addItem(self.tr("The current article"), ARTICLES_CURRENT)

    def _fill_types(self) -> None:
        ws = self._window.workspace
        self.types_menu.clear()
        act = self.types_menu.addAction(self.tr("All Types"))
        act.triggered.connect(lambda: self.set_types(None))
        self.types_menu.addSeparator()
        ts = ws.tagging.tagset if ws is not None else None
        names = [m.name for m in ts.mention_types] + [e.name for e in ts.event_types] if ts else []
        for name in names:
            a = self.types_menu.addAction(name)
            a.setCheckable(True)
            a.setChecked(True)
            a.setData(name)
            a.toggled.connect(self._update_types_button)
        self._update_types_button()

    def _type_actions(self) -> list[Any]:
        return [a for a in self.types_menu.actions() if a.isCheckable()]

    def _update_types_button(self, *_args: object) -> None:
        chosen = self.types()
        if chosen is None:
            self.types_button.setText(self.tr("All types"))
        else:
            self.types_button.setText(self.tr("{n} types").format(n=len(chosen)))

    def set_pair(self, annotator_a: str, annotator_b: str) -> None:
        """Choose the two annotators by login name."""
        for combo, name in ((self.a_combo, annotator_a), (self.b_combo, annotator_b)):
            i = combo.findData(name)
            if i < 0:
                raise ValueError(f"no annotator called {name!r}")
            combo.setCurrentIndex(i)

    def pair(self) -> tuple[str, str]:
        return str(self.a_combo.currentData()), str(self.b_combo.currentData())

    def set_articles(self, which: str) -> None:
        """``"all"``, ``"list"`` (the article list's filter) or ``"current"``."""
        i = self.articles_combo.findData(which)
        if i < 0:
            raise ValueError(f"articles {which!r} cannot be chosen now")
        self.articles_combo.setCurrentIndex(i)

    def article_ids(self) -> list[int] | None:
        """The articles chosen (None: every article either annotator tagged)."""
        which = self.articles_combo.currentData()
        w = self._window
        if which == ARTICLES_LIST:
            return list(w.list_panel.visible_article_ids())
        if which == ARTICLES_CURRENT:
            aid = w.current_article_id()
            return [aid] if aid is not None else []
        return None

    def set_types(self, names: set[str] | None) -> None:
        """Restrict to these mention and event types (None: all)."""
        for a in self._type_actions():
            a.setChecked(names is None or str(a.data()) in names)

    def types(self) -> list[str] | None:
        acts = self._type_actions()
        chosen = [str(a.data()) for a in acts if a.isChecked()]
        return None if len(chosen) == len(acts) else chosen

    # -- computing -----------------------------------------------------------------------
    def compute(self) -> Job | None:
        """Compute the figures off the GUI thread (``agreement_did_compute`` follows)."""
        ws = self._window.workspace
        if ws is None or self.job is not None:
            return None
        a, b = self.pair()
        if a == b:
            self.status_label.setText(self.tr("Choose two different annotators to compare."))
            return None
        article_ids, types = self.article_ids(), self.types()
        if types is not None and not types:
            self.status_label.setText(self.tr("Choose at least one type."))
            return None
        store = ws.store

        def work(progress: Progress, cancel: CancelToken) -> AgreementResult:
            return agreement(store, a, b, article_ids, types, progress=progress, cancel=cancel)

        job = self.run_job(
            work,
            title=self.tr("Computing Agreement"),
            button=self.compute_button,
            succeeded=self._on_succeeded,
            failed=self._on_failed,
        )
        job.progressed.connect(self._on_progressed)
        self.status_label.setText(self.tr("Computing…"))
        return job

    def _on_compute_clicked(self) -> None:
        if self.job is not None:
            self.cancel()
        else:
            self.compute()

    def _on_progressed(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.status_label.setText(
                self.tr("Computing… {done} of {total} articles").format(done=done, total=total)
            )

    def _on_succeeded(self, result: AgreementResult) -> None:
        self.show_result(result)
        self.agreement_did_compute.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        report_failure(
            self,
            self.status_label,
            exc,
            failed=self.tr("The figures could not be computed."),
            title=self.tr("Agreement Failed"),
            message=self.tr("The figures could not be computed: {error}"),
        )
        self.agreement_did_fail.emit(exc)

    def _on_op_did_execute(self, changes: Changes) -> None:
        if self.agreement_result is not None and (
            changes.mentions or changes.events or changes.entities or changes.articles
        ):
            self._stale = True
            self._show_summary()

    # -- showing ------------------------------------------------------------------------
    def _show_idle(self) -> None:
        if self.a_combo.count() < 2:
            self.status_label.setText(
                self.tr("Agreement needs two annotators' layers; this store has fewer.")
            )
        else:
            self.status_label.setText(self.tr("Choose two annotators, then Compute."))

    def _show_summary(self) -> None:
        r = self.agreement_result
        if r is None:
            return
        names = {
            str(self.a_combo.itemData(i)): self.a_combo.itemText(i)
            for i in range(self.a_combo.count())
        }
        text = self.tr("{a} with {b}: {n} articles.").format(
            a=names.get(r.annotator_a, r.annotator_a),
            b=names.get(r.annotator_b, r.annotator_b),
            n=r.articles,
        )
        if self._stale:
            text += " " + self.tr("The layers changed since; Compute again to update.")
        self.status_label.setText(text)

    def show_result(self, result: AgreementResult) -> None:
        """Fill the table and the charts with ``result``."""
        self.agreement_result = result
        self._stale = False
        self._fill_table(result)
        self._draw_main(result)
        self._draw_types(result)
        self.export_button.setEnabled(True)
        self._show_summary()

    def _fill_table(self, result: AgreementResult) -> None:
        t = self.table
        t.setRowCount(0)
        t.setRowCount(len(result.figures))
        for row, f in enumerate(result.figures):
            scope = self.tr("all types") if f.scope == ALL else f.scope
            cells: list[tuple[str, object]] = [
                (measure_label(f.measure), f.measure),
                (scope, f.scope),
                (format_value(f.value), f.value),
                (str(f.matched), f.matched),
                (str(f.a_count), f.a_count),
                (str(f.b_count), f.b_count),
            ]
            for col, (text, raw) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(RAW_ROLE, raw)
                if col >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if f.scope != ALL and col == 0:
                    item.setForeground(Qt.GlobalColor.darkGray)
                t.setItem(row, col, item)

    def table_rows(self) -> list[tuple[str, str, float | None, int, int, int]]:
        """The table as shown: (measure, scope, value, matched, a, b) per row."""
        out = []
        for row in range(self.table.rowCount()):
            raw = [self._cell(row, col).data(RAW_ROLE) for col in range(len(TABLE_COLUMNS))]
            out.append((raw[0], raw[1], raw[2], raw[3], raw[4], raw[5]))
        return out

    def table_texts(self, row: int) -> list[str]:
        return [self._cell(row, c).text() for c in range(self.table.columnCount())]

    def _cell(self, row: int, col: int) -> QTableWidgetItem:
        item = self.table.item(row, col)
        if item is None:
            raise IndexError((row, col))
        return item

    # -- charts -------------------------------------------------------------------------
    # Horizontal bars: the measures' and types' names read along the left axis, however
    # long, and a few value labels (never more than MAX_VALUE_LABELS) sit at the bar ends.
    def _make_plot(self, pg: Any, title: str) -> pg.PlotWidget:
        plot = pg.PlotWidget(parent=self, background="w")
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=False, y=False)
        plot.setTitle(title, color="#374151", size="10pt")
        plot.showGrid(x=True, y=False, alpha=0.25)
        plot.getAxis("left").setTextPen("#374151")
        plot.getAxis("bottom").setTextPen("#4b5563")
        plot.setMinimumHeight(160)
        return plot

    def _set_bars(
        self,
        plot: pg.PlotWidget,
        key: str,
        rows: list[float],
        labels: list[str],
        values: list[float],
    ) -> None:
        import pyqtgraph as pg

        item = self._bar_items.get(key)
        if item is None:
            item = pg.BarGraphItem(
                x0=[],
                y=[],
                width=[],
                height=0.62,
                brush=pg.mkBrush(BAR_COLOURS[key]),
                pen=pg.mkPen(None),
            )
            plot.addItem(item)
            self._bar_items[key] = item
        # A negative figure (kappa, alpha) is a bar from the value to 0.
        item.setOpts(
            x0=[min(v, 0.0) for v in values],
            width=[abs(v) for v in values],
            y=rows,
            height=0.62,
        )
        self._bar_labels[key] = labels

    def _value_labels(self, plot: pg.PlotWidget, points: list[tuple[float, float]]) -> None:
        import pyqtgraph as pg

        pool = self._value_texts.setdefault(id(plot), [])
        points = points[:MAX_VALUE_LABELS]
        while len(pool) < len(points):
            t = pg.TextItem(color="#111827", anchor=(0.0, 0.5))
            plot.addItem(t)
            pool.append(t)
        for t, (y, v) in zip(pool, points, strict=False):
            t.setText(format_value(v))
            t.setPos(max(v, 0.0) + 0.01, y)
            t.show()
        for t in pool[len(points) :]:
            t.hide()

    @staticmethod
    def _frame(plot: pg.PlotWidget, n_rows: int, values: list[float]) -> None:
        plot.setXRange(min([0.0, *values]), 1.16, padding=0)
        plot.setYRange(-(n_rows - 1) - 0.6, 0.6, padding=0)

    def _draw_main(self, result: AgreementResult) -> None:
        rows, labels, values, ticks = [], [], [], []
        for i, m in enumerate(MAIN_MEASURES):
            v = result.value(m)
            label = measure_label(m)
            ticks.append((-i, label if v is not None else f"{label} ({format_value(None)})"))
            if v is not None:
                rows.append(float(-i))
                labels.append(m)
                values.append(v)
        self._set_bars(self.main_plot, "main", rows, labels, values)
        self.main_plot.getAxis("left").setTicks([ticks])
        self._frame(self.main_plot, len(MAIN_MEASURES), values)
        self._value_labels(self.main_plot, list(zip(rows, values, strict=True)))

    def _draw_types(self, result: AgreementResult) -> None:
        ticks: list[tuple[float, str]] = []
        points: list[tuple[float, float]] = []
        all_values: list[float] = []
        i = 0
        for m in TYPE_MEASURES:
            rows: list[float] = []
            labels: list[str] = []
            values: list[float] = []
            for f in result.figures:
                if f.measure != m or f.scope == ALL:
                    continue
                na = f" ({format_value(None)})" if f.value is None else ""
                ticks.append((-i, f"{f.scope}{na}"))
                if f.value is not None:
                    rows.append(float(-i))
                    labels.append(f.scope)
                    values.append(f.value)
                i += 1
            self._set_bars(self.type_plot, m, rows, labels, values)
            points += list(zip(rows, values, strict=True))
            all_values += values
        self.type_plot.getAxis("left").setTicks([ticks])
        self._frame(self.type_plot, max(i, 1), all_values)
        self._value_labels(self.type_plot, points)

    def bar_values(self, which: str = "main") -> dict[str, float]:
        """What the bars of a chart draw now: ``"main"`` (measure -> value) or a per-type
        measure (type -> value), read back from the bar items."""
        item = self._bar_items.get(which)
        if item is None:
            return {}
        x0 = [float(v) for v in item.opts["x0"]]
        width = [float(v) for v in item.opts["width"]]
        drawn = [w if x == 0.0 else x for x, w in zip(x0, width, strict=True)]
        return dict(zip(self._bar_labels[which], drawn, strict=True))

    # -- export -------------------------------------------------------------------------
    def export_csv(self, path: Path) -> None:
        """Write the figures shown as CSV (atomically: never a half-written file)."""
        if self.agreement_result is None:
            raise ArmscribeError(self.tr("Compute the figures first."))
        text = figures_csv(self.agreement_result)
        with atomic_file(Path(path)) as fh:
            fh.write(text)

    def ask_export(self) -> None:
        if self.agreement_result is None:
            return
        a, b = self.agreement_result.annotator_a, self.agreement_result.annotator_b
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export Agreement Figures"),
            f"agreement-{a}-{b}.csv",
            self.tr("CSV table (*.csv)"),
        )
        if not path:
            return
        try:
            self.export_csv(Path(path))
        except (OSError, ArmscribeError) as exc:
            QMessageBox.warning(
                self,
                self.tr("Export Failed"),
                self.tr("The figures were not exported: {error}").format(
                    error=html.escape(str(exc))
                ),
            )
            return
        self.status_label.setText(self.tr("Figures exported to {path}").format(path=path))


def open_agreement_dashboard(window: MainWindow) -> AgreementDashboard:
    """Show the agreement dashboard for ``window`` (Review > Agreement Dashboard…);
    raises the open one if there is one."""
    return show_once(window, AgreementDashboard)[0]
