"""The relation graph drawn with pyqtgraph: nodes as one scatter item, edges as one curve
item per (style, width class), arrowheads as one curve per style.

Group by style, never a pen per edge, and never a TextItem per node (FACTS.md): labels
come from a small pool, reused for the hovered, selected and legible nodes. A
``GraphDelta`` is applied in place: nodes that stay keep their positions, new ones are
placed near their neighbours, and the items get new arrays through ``setData``.

This module imports pyqtgraph (0.3-0.4 s): load it only after the window's first paint.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

from db.graph.layout import Point
from db.graph.model import EdgeKey, GraphData, GraphDelta, GraphEdge, GraphNode
from db.tagset import Tagset
from desktop.graph.graph_geometry import (
    HIT_PX,
    WIDTHS,
    GroupKey,
    Placer,
    arrow_points,
    bends,
    edge_points,
    mid_points,
    node_sizes,
    node_symbol,
    segment_distance,
    width_class,
)
from desktop.graph.graph_labels import HUB_LABELS, MAX_LABELS, LabelPool, hub_labels

ANTIALIAS_MAX_NODES = 1000  # above this, antialiasing doubles the render time
ARROW_MAX_EDGES = 2500  # directed edges in view (per style) above which no arrowheads
FALLBACK_STYLE_COLOUR = "#607D8B"
SELECT_COLOUR = "#FF3D00"
HOVER_COLOUR = "#FFB300"


_BRUSHES: dict[str, QBrush] = {}


def _brush(colour: str) -> QBrush:
    brush = _BRUSHES.get(colour)
    if brush is None:
        brush = _BRUSHES[colour] = pg.mkBrush(colour)
    return brush


class _GraphViewBox(pg.ViewBox):  # type: ignore[misc]
    """Pans and zooms as usual, but a drag that starts on a node moves (and pins) it,
    and a left click reports where it was."""

    def __init__(self, owner: GraphView) -> None:
        super().__init__(enableMenu=False)
        self._owner = owner
        self._dragging: int | None = None

    def mouseDragEvent(self, ev: Any, axis: Any = None) -> None:  # noqa: N802 - Qt override
        if ev.button() != Qt.MouseButton.LeftButton:
            super().mouseDragEvent(ev, axis)
            return
        if ev.isStart():
            self._dragging = self._owner.node_at(self.mapSceneToView(ev.buttonDownScenePos()))
        if self._dragging is None:
            super().mouseDragEvent(ev, axis)
            return
        ev.accept()
        p = self.mapSceneToView(ev.scenePos())
        self._owner.move_node(self._dragging, p.x(), p.y(), final=ev.isFinish())
        if ev.isFinish():
            self._dragging = None

    def mouseClickEvent(self, ev: Any) -> None:  # noqa: N802 - Qt override
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self._owner.click_at(self.mapSceneToView(ev.scenePos()))
        else:
            super().mouseClickEvent(ev)


class GraphView(QWidget):
    """The plot: nodes, edges by style, arrowheads, a bounded pool of labels."""

    node_clicked = Signal(int)
    """The user clicked a node (entity id)."""
    edge_clicked = Signal(object)
    """The user clicked an edge (its ``EdgeKey``)."""
    background_clicked = Signal()
    node_did_move = Signal(int, float, float)
    """A drag ended: the node (entity id) is now pinned at (x, y)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("graphView")
        self._nodes: dict[int, GraphNode] = {}
        self._edges: dict[EdgeKey, GraphEdge] = {}
        self._ids: list[int] = []
        self._index: dict[int, int] = {}
        self._pos = np.zeros((0, 2), dtype=float)
        self._known: dict[int, Point] = {}  # every position ever shown (stable re-entry)
        self._drawn_counts: dict[int, int] = {}  # article counts the sizes were drawn for
        self._pinned: set[int] = set()
        self._styles: dict[str, tuple[str, Qt.PenStyle, str]] = {}  # colour, dash, label
        # Edges by curve item; each group's node-index and bend arrays are cached and
        # rebuilt only for the groups an edit touches.
        self._gkey: dict[EdgeKey, GroupKey] = {}
        self._groups: dict[GroupKey, dict[EdgeKey, None]] = {}
        self._group_arrays: dict[GroupKey, tuple[np.ndarray, np.ndarray]] = {}
        self._bend: dict[EdgeKey, float] = {}
        self._pair_keys: dict[tuple[int, int], set[EdgeKey]] = {}
        self._edge_items: dict[GroupKey, pg.PlotCurveItem] = {}
        self._arrow_items: dict[str, pg.PlotCurveItem] = {}
        # All edges in one order, for hit testing and arrowheads (built when needed).
        self._order: tuple[list[EdgeKey], np.ndarray, np.ndarray] | None = None
        self._node_style: dict[int, tuple[str, QBrush]] = {}
        self._selected_node: int | None = None
        self._selected_edge: EdgeKey | None = None
        self._marked_nodes: set[int] = set()
        self._marked_edges: set[EdgeKey] = set()
        self._hover_node: int | None = None
        self._hover_text = ""
        self._antialias = True
        self._size_arr = np.zeros(0)

        self._vb = _GraphViewBox(self)
        self.plot = pg.PlotWidget(parent=self, viewBox=self._vb, background="w")
        self.plot.setObjectName("graphPlot")
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self._vb.setAspectLocked(True)
        self._vb.setDefaultPadding(0.04)
        self.highlight_edges_item = pg.PlotCurveItem(
            connect="pairs", pen=pg.mkPen(SELECT_COLOUR, width=4)
        )
        self.highlight_edges_item.setZValue(5)
        self.nodes_item = pg.ScatterPlotItem(pxMode=True)
        self.nodes_item.setZValue(10)
        self.marks_item = pg.ScatterPlotItem(pxMode=True)
        self.marks_item.setZValue(9)
        self._vb.addItem(self.highlight_edges_item)
        self._vb.addItem(self.marks_item)
        self._vb.addItem(self.nodes_item)
        self._labels = LabelPool(self._vb)

        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self._vb.sigRangeChanged.connect(self._on_range_changed)
        # Arrowheads depend on the zoom (their size is in pixels): redrawn once the
        # zooming pauses, not at every wheel step.
        self._arrow_timer = QTimer(self)
        self._arrow_timer.setSingleShot(True)
        self._arrow_timer.setInterval(40)
        self._arrow_timer.timeout.connect(lambda: self._update_arrows(None))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    # -- styles ----------------------------------------------------------------------
    def set_tagset(self, tagset: Tagset | None) -> None:
        """Take colours and line styles of the edge styles from ``tagset``."""
        dashes = {
            "solid": Qt.PenStyle.SolidLine,
            "dashed": Qt.PenStyle.DashLine,
            "dotted": Qt.PenStyle.DotLine,
        }
        self._styles = {}
        for st in tagset.edge_styles if tagset is not None else ():
            self._styles[st.name] = (
                st.colour,
                dashes.get(str(st.line), Qt.PenStyle.SolidLine),
                st.label,
            )
        for key, item in self._edge_items.items():
            item.setPen(self._pen(key[0], WIDTHS[key[1]]))
        for style, item in self._arrow_items.items():
            item.setPen(self._pen(style, 1.4, arrow=True))

    def style_info(self) -> dict[str, tuple[str, Qt.PenStyle, str]]:
        """Edge style name -> (colour, line, label), for the legend."""
        return dict(self._styles)

    def _pen(self, style: str, width: float, *, arrow: bool = False) -> QPen:
        colour, dash, _label = self._styles.get(
            style, (FALLBACK_STYLE_COLOUR, Qt.PenStyle.SolidLine, style)
        )
        qc = QColor(colour)
        if not self._antialias and not arrow:
            qc.setAlpha(110)  # thousands of edges: let the nodes show through
        pen = QPen(qc)
        pen.setWidthF(width)
        pen.setCosmetic(True)
        # Dash patterns cost ~40% of a frame at 20,000 edges: big graphs draw solid lines
        # (colour still tells the styles apart).
        pen.setStyle(Qt.PenStyle.SolidLine if arrow or not self._antialias else dash)
        return pen

    # -- the graph ---------------------------------------------------------------------
    def set_graph(self, data: GraphData, positions: Mapping[int, Point] | None = None) -> None:
        """Show ``data`` whole. Nodes take ``positions``, else where they were last shown,
        else (0, 0) until a layout places them."""
        self._nodes = dict(data.nodes)
        self._edges = dict(data.edges)
        ids = list(self._nodes)
        pos = np.zeros((len(ids), 2), dtype=float)
        given = positions or {}
        for i, nid in enumerate(ids):
            p = given.get(nid) or self._known.get(nid)
            if p is not None:
                pos[i] = p
        self._set_arrays(ids, pos)
        self._drop_stale_selection()
        self._redraw(fit=True)

    def unknown_share(self, data: GraphData) -> float:
        """The share of ``data``'s nodes this view has never placed (0..1)."""
        if not data.nodes:
            return 0.0
        return sum(1 for n in data.nodes if n not in self._known) / len(data.nodes)

    def apply_delta(self, delta: GraphDelta, place: Placer) -> None:
        """Apply one change in place: removed nodes vanish, new nodes are placed near
        their neighbours, everyone else stays where they are. Only the curve items of
        the edge groups the change touches get new data (an edit costs milliseconds on
        thousands of edges)."""
        if delta.empty():
            return
        if delta.nodes_removed or len(self._ids) < 2:
            self._apply_delta_whole(delta, place)
            return
        for n in delta.nodes_changed:
            self._nodes[n.entity_id] = n
        new = [n for n in delta.nodes_added if n.entity_id not in self._index]
        for n in delta.nodes_added:
            self._nodes[n.entity_id] = n
        touched: set[GroupKey] = set()
        for key in delta.edges_removed:
            if self._edges.pop(key, None) is not None:
                touched |= self._unfile_edge(key)
        for e in (*delta.edges_added, *delta.edges_changed):
            if e.key in self._edges:
                touched |= self._unfile_edge(e.key)
            self._edges[e.key] = e
        if new:
            placed = self._place_new([n.entity_id for n in new], place)
            ids = self._ids + [n.entity_id for n in new]
            pos = np.concatenate([self._pos, np.array(placed, dtype=float).reshape(-1, 2)])
            self._set_arrays(ids, pos)
        for e in (*delta.edges_added, *delta.edges_changed):
            touched |= self._file_edge(e.key)
        self._drop_stale_selection()
        aa = len(self._ids) <= ANTIALIAS_MAX_NODES
        if aa != self._antialias:
            self._redraw(fit=False)
        else:
            sizes_changed = bool(new) or any(
                self._drawn_counts.get(n.entity_id) != n.article_count for n in delta.nodes_changed
            )
            if sizes_changed:
                self._size_arr = self._compute_sizes()
                self._draw_nodes()
            for gkey in touched:
                self._group_arrays.pop(gkey, None)
            self._order = None
            self._draw_edges(touched)
            self._update_arrows({g[0] for g in touched if g[2]})
            self._draw_marks()
            if new:
                self._update_labels()
        if new:
            self._keep_in_view([tuple(self._pos[self._index[n.entity_id]]) for n in new])

    def _apply_delta_whole(self, delta: GraphDelta, place: Placer) -> None:
        """A delta that removes nodes (indices shift): rebuild the arrays, keep places."""
        for nid in delta.nodes_removed:
            self._nodes.pop(nid, None)
        for key in delta.edges_removed:
            self._edges.pop(key, None)
        for n in (*delta.nodes_added, *delta.nodes_changed):
            self._nodes[n.entity_id] = n
        for e in (*delta.edges_added, *delta.edges_changed):
            self._edges[e.key] = e
        old = {
            nid: (float(self._pos[i][0]), float(self._pos[i][1])) for nid, i in self._index.items()
        }
        keep = [nid for nid in self._ids if nid in self._nodes]
        pos = np.array([old[nid] for nid in keep], dtype=float).reshape(len(keep), 2)
        self._set_arrays(keep, pos)
        new = [nid for nid in self._nodes if nid not in self._index]
        if new:
            placed = self._place_new(new, place)
            pos = np.concatenate([self._pos, np.array(placed, dtype=float).reshape(-1, 2)])
            self._set_arrays(keep + new, pos)
        self._drop_stale_selection()
        self._redraw(fit=len(old) < 2)
        if new and len(old) >= 2:
            self._keep_in_view([tuple(self._pos[self._index[n]]) for n in new])

    def _place_new(self, new: list[int], place: Placer) -> list[Point]:
        """Positions for nodes not drawn yet: where they were last shown, else next to
        their drawn neighbours (or those placed just before them)."""
        placed: dict[int, Point] = {}
        want = set(new)
        neighbours: dict[int, set[int]] = {nid: set() for nid in new}
        for a, b, _s in self._edges:
            if a in want:
                neighbours[a].add(b)
            if b in want:
                neighbours[b].add(a)
        occupied = [(float(p[0]), float(p[1])) for p in self._pos]
        for nid in new:
            known = self._known.get(nid)
            if known is not None:  # seen before (another article): where it was
                placed[nid] = known
                continue
            near = []
            for m in neighbours[nid]:
                i = self._index.get(m)
                if i is not None:
                    near.append((float(self._pos[i][0]), float(self._pos[i][1])))
                elif m in placed:
                    near.append(placed[m])
            placed[nid] = place(nid, near, occupied + list(placed.values()))
        return [placed[nid] for nid in new]

    def set_positions(self, positions: Mapping[int, Point], *, fit: bool = True) -> None:
        """Move nodes (a finished layout); nodes not named keep their place."""
        for nid, p in positions.items():
            i = self._index.get(nid)
            if i is not None:
                self._pos[i] = p
                self._known[nid] = (float(p[0]), float(p[1]))
        self._redraw(fit=fit)

    def set_pinned(self, ids: Iterable[int]) -> None:
        """Nodes the user placed by hand (drawn with a ring, kept by layouts)."""
        self._pinned = set(ids)
        self._draw_marks()

    def pinned(self) -> set[int]:
        return set(self._pinned)

    def positions(self) -> dict[int, Point]:
        return {
            nid: (float(self._pos[i][0]), float(self._pos[i][1])) for nid, i in self._index.items()
        }

    def graph_data(self) -> GraphData:
        """The graph as drawn."""
        return GraphData(nodes=dict(self._nodes), edges=dict(self._edges))

    def _set_arrays(self, ids: list[int], pos: np.ndarray) -> None:
        self._ids = ids
        self._index = {nid: i for i, nid in enumerate(ids)}
        self._pos = pos
        for nid, i in self._index.items():
            if pos[i][0] or pos[i][1]:
                self._known[nid] = (float(pos[i][0]), float(pos[i][1]))

    # -- for tests and the panel ----------------------------------------------------------
    def node_ids(self) -> list[int]:
        return list(self._ids)

    def edge_keys(self) -> list[EdgeKey]:
        return list(self._ordered()[0])

    def node(self, entity_id: int) -> GraphNode | None:
        return self._nodes.get(entity_id)

    def edge(self, key: EdgeKey) -> GraphEdge | None:
        return self._edges.get(key)

    def position(self, entity_id: int) -> Point | None:
        i = self._index.get(entity_id)
        return None if i is None else (float(self._pos[i][0]), float(self._pos[i][1]))

    def edge_item_data(self, style: str) -> tuple[np.ndarray, np.ndarray]:
        """The (x, y) arrays the curve items of ``style`` draw (pairs of points)."""
        xs, ys = [], []
        for gkey, item in self._edge_items.items():
            if gkey[0] != style or item.xData is None:
                continue
            xs.append(np.asarray(item.xData))
            ys.append(np.asarray(item.yData))
        if not xs:
            return np.zeros(0), np.zeros(0)
        return np.concatenate(xs), np.concatenate(ys)

    def arrow_item_data(self, style: str) -> tuple[np.ndarray, np.ndarray]:
        item = self._arrow_items.get(style)
        if item is None or item.xData is None:
            return np.zeros(0), np.zeros(0)
        return np.asarray(item.xData), np.asarray(item.yData)

    def node_item_data(self) -> tuple[np.ndarray, np.ndarray]:
        x, y = self.nodes_item.getData()
        return np.asarray(x), np.asarray(y)

    def selected_node(self) -> int | None:
        return self._selected_node

    def selected_edge(self) -> EdgeKey | None:
        return self._selected_edge

    def visible_labels(self) -> list[str]:
        """Texts of the labels shown now."""
        return self._labels.visible_texts()

    def hover_text(self) -> str:
        return self._hover_text

    def antialiased(self) -> bool:
        return self._antialias

    # -- selection -----------------------------------------------------------------------
    def select_node(self, entity_id: int | None) -> None:
        self._selected_node = entity_id if entity_id in self._index else None
        self._selected_edge = None
        self._marked_edges = set()
        self._draw_marks()
        self._update_labels()

    def select_edge(self, key: EdgeKey | None) -> None:
        self._selected_edge = key if key in self._edges else None
        self._selected_node = None
        self._marked_nodes = set()
        self._marked_edges = set()
        self._draw_marks()
        self._update_labels()

    def mark(self, nodes: Iterable[int] = (), edges: Iterable[EdgeKey] = ()) -> None:
        """Highlight nodes and edges (what is selected in the article) without making
        them the graph's selection."""
        self._marked_nodes = {n for n in nodes if n in self._index}
        self._marked_edges = {e for e in edges if e in self._edges}
        self._draw_marks()
        self._update_labels()

    def marked(self) -> tuple[set[int], set[EdgeKey]]:
        return set(self._marked_nodes), set(self._marked_edges)

    def _drop_stale_selection(self) -> None:
        if self._selected_node not in self._index:
            self._selected_node = None
        if self._selected_edge not in self._edges:
            self._selected_edge = None
        self._marked_nodes &= set(self._index)
        self._marked_edges &= set(self._edges)

    # -- hit testing -----------------------------------------------------------------------
    def _pixel(self) -> tuple[float, float]:
        sx, sy = self._vb.viewPixelSize()
        return (abs(sx) or 1.0, abs(sy) or 1.0)

    def node_at(self, p: QPointF) -> int | None:
        """The node drawn under view point ``p`` (data coordinates), if any."""
        if not self._ids:
            return None
        sx, sy = self._pixel()
        d = np.hypot((self._pos[:, 0] - p.x()) / sx, (self._pos[:, 1] - p.y()) / sy)
        sizes = self._sizes()
        i = int(np.argmin(d - sizes / 2))
        return self._ids[i] if d[i] <= sizes[i] / 2 + 2 else None

    def edge_at(self, p: QPointF) -> EdgeKey | None:
        """The edge nearest to ``p`` within a few pixels (distance to the drawn
        segments, numpy)."""
        keys, idx, bend = self._ordered()
        if not keys:
            return None
        sx, sy = self._pixel()
        origin = (p.x(), p.y())
        a = (self._pos[idx[:, 0]] - origin) / (sx, sy)
        b = (self._pos[idx[:, 1]] - origin) / (sx, sy)
        m = (mid_points(self._pos, idx, bend) - origin) / (sx, sy)
        d = np.minimum(segment_distance(a, m), segment_distance(m, b))
        i = int(np.argmin(d))
        return keys[i] if d[i] <= HIT_PX else None

    def click_at(self, p: QPointF) -> None:
        """A left click at view point ``p``: a node, else an edge, else nothing."""
        nid = self.node_at(p)
        if nid is not None:
            self.select_node(nid)
            self.node_clicked.emit(nid)
            return
        key = self.edge_at(p)
        if key is not None:
            self.select_edge(key)
            self.edge_clicked.emit(key)
            return
        self.select_node(None)
        self.background_clicked.emit()

    def move_node(self, entity_id: int, x: float, y: float, *, final: bool) -> None:
        """Drag a node; when the drag ends it is pinned there (``node_did_move``)."""
        i = self._index.get(entity_id)
        if i is None:
            return
        self._pos[i] = (x, y)
        self._known[entity_id] = (x, y)
        self._draw_nodes()
        self._draw_edges(None)
        self._order = None
        self._update_arrows(None)
        self._draw_marks()
        self._update_labels()
        if final:
            self._pinned.add(entity_id)
            self._draw_marks()
            self.node_did_move.emit(entity_id, x, y)

    def node_tooltip(self, entity_id: int) -> str:
        n = self._nodes[entity_id]
        kind = (n.subtype or n.kind).replace("_", " ")
        return self.tr("{name}\n{kind}\n{articles} articles, {mentions} mentions").format(
            name=n.name, kind=kind, articles=n.article_count, mentions=n.mention_count
        )

    def edge_tooltip(self, key: EdgeKey) -> str:
        e = self._edges[key]
        a = self._nodes.get(e.source)
        b = self._nodes.get(e.target)
        arrow = "→" if e.directed else "—"
        label = self._styles.get(e.style, ("", Qt.PenStyle.SolidLine, e.style))[2]
        text = self.tr("{a} {arrow} {b}\n{style}: {count} ({types})").format(
            a=a.name if a else e.source,
            arrow=arrow,
            b=b.name if b else e.target,
            style=label,
            count=e.count,
            types=", ".join(e.types),
        )
        if e.labels:
            text += "\n" + self.tr("Weapons: {names}").format(names=", ".join(e.labels))
        return text

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        p = self._vb.mapSceneToView(scene_pos)
        nid = self.node_at(p)
        text = ""
        if nid is not None:
            text = self.node_tooltip(nid)
        else:
            key = self.edge_at(p)
            if key is not None:
                text = self.edge_tooltip(key)
        if nid != self._hover_node:
            self._hover_node = nid
            self._update_labels()
        if text != self._hover_text:
            self._hover_text = text
            view = self.plot
            if text:
                global_pos = view.mapToGlobal(view.mapFromScene(scene_pos))
                QToolTip.showText(global_pos, text, view)
            else:
                QToolTip.hideText()

    # -- drawing -----------------------------------------------------------------------
    def _sizes(self) -> np.ndarray:
        if len(self._size_arr) != len(self._ids):
            self._size_arr = self._compute_sizes()
        return self._size_arr

    def _compute_sizes(self) -> np.ndarray:
        counts = np.array([self._nodes[n].article_count for n in self._ids], dtype=float)
        return node_sizes(counts, len(self._ids))

    def _redraw(self, *, fit: bool) -> None:
        self._size_arr = self._compute_sizes()
        aa = len(self._ids) <= ANTIALIAS_MAX_NODES
        if aa != self._antialias:
            self._antialias = aa
            self.plot.setAntialiasing(aa)
            for gkey, item in self._edge_items.items():
                item.setPen(self._pen(gkey[0], WIDTHS[gkey[1]]))
        self._draw_nodes()
        self._regroup_edges()
        self._draw_edges(None)
        self._draw_marks()
        if fit and self._ids:
            self.fit()
        self._update_arrows(None)
        self._update_labels()

    def fit(self) -> None:
        """Zoom to show the whole graph."""
        if not self._ids:
            return
        lo, hi = self._pos.min(axis=0), self._pos.max(axis=0)
        span = hi - lo
        span = np.where(span > 0, span, max(float(span.max()), 1.0))
        # Room for the symbols and, below the lowest nodes, their labels.
        self._vb.setRange(
            xRange=(lo[0] - 0.08 * span[0], hi[0] + 0.08 * span[0]),
            yRange=(lo[1] - 0.14 * span[1], hi[1] + 0.06 * span[1]),
            padding=0,
        )

    def _keep_in_view(self, points: list[Point]) -> None:
        """Widen the view just enough to show new nodes placed outside it (the nodes
        already shown keep their place on screen as far as possible)."""
        (x0, x1), (y0, y1) = self._vb.viewRange()
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        if min(xs) >= x0 and max(xs) <= x1 and min(ys) >= y0 and max(ys) <= y1:
            return
        pad_x, pad_y = 0.05 * (x1 - x0), 0.05 * (y1 - y0)
        self._vb.setRange(
            xRange=(min(x0, min(xs) - pad_x), max(x1, max(xs) + pad_x)),
            yRange=(min(y0, min(ys) - pad_y), max(y1, max(ys) + pad_y)),
            padding=0,
        )

    def _draw_nodes(self) -> None:
        styles = self._node_style
        symbols, brushes = [], []
        for nid in self._ids:
            st = styles.get(nid)
            if st is None:
                sym, colour = node_symbol(self._nodes[nid])
                st = styles[nid] = (sym, _brush(colour))
            symbols.append(st[0])
            brushes.append(st[1])
        self._drawn_counts = {nid: self._nodes[nid].article_count for nid in self._ids}
        self.nodes_item.setData(
            x=self._pos[:, 0],
            y=self._pos[:, 1],
            symbol=symbols,
            size=self._sizes(),
            brush=brushes,
            # An outline per symbol costs render time and hides small symbols.
            pen=pg.mkPen("w", width=1) if self._antialias else pg.mkPen(None),
            antialias=self._antialias,
        )

    # -- edge groups ---------------------------------------------------------------------
    def _group_key(self, e: GraphEdge) -> GroupKey:
        return (e.style, width_class(e.count), e.directed)

    def _regroup_edges(self) -> None:
        """Every edge into its group (after the node arrays were rebuilt)."""
        self._gkey, self._groups, self._group_arrays = {}, {}, {}
        self._pair_keys = {}
        drawn = [k for k in self._edges if k[0] in self._index and k[1] in self._index]
        for key in drawn:
            g = self._gkey[key] = self._group_key(self._edges[key])
            self._groups.setdefault(g, {})[key] = None
            self._pair_keys.setdefault((min(key[0], key[1]), max(key[0], key[1])), set()).add(key)
        self._bend = bends(drawn)
        self._order = None

    def _unfile_edge(self, key: EdgeKey) -> set[GroupKey]:
        """Take an edge out of its group; the groups whose drawing changes."""
        g = self._gkey.pop(key, None)
        if g is None:
            return set()
        self._groups[g].pop(key, None)
        self._bend.pop(key, None)
        pair = (min(key[0], key[1]), max(key[0], key[1]))
        rest = self._pair_keys.get(pair, set())
        rest.discard(key)
        if not rest:
            self._pair_keys.pop(pair, None)
        return {g} | self._rebend(rest)

    def _file_edge(self, key: EdgeKey) -> set[GroupKey]:
        """Put a new or changed edge into its group (its ends are drawn)."""
        if key[0] not in self._index or key[1] not in self._index:
            return set()
        g = self._gkey[key] = self._group_key(self._edges[key])
        self._groups.setdefault(g, {})[key] = None
        pair = (min(key[0], key[1]), max(key[0], key[1]))
        keys = self._pair_keys.setdefault(pair, set())
        keys.add(key)
        return {g} | self._rebend(keys)

    def _rebend(self, keys: set[EdgeKey]) -> set[GroupKey]:
        touched = set()
        for k, b in bends(keys).items():
            if self._bend.get(k) != b:
                self._bend[k] = b
                touched.add(self._gkey[k])
        return touched

    def _arrays(self, gkey: GroupKey) -> tuple[np.ndarray, np.ndarray]:
        """A group's (node index pairs, bends), cached until the group changes."""
        got = self._group_arrays.get(gkey)
        if got is None:
            keys = self._groups.get(gkey, {})
            index = self._index
            flat = [index[n] for a, b, _s in keys for n in (a, b)]
            idx = np.array(flat, dtype=np.int64).reshape(len(keys), 2)
            bend = np.fromiter((self._bend.get(k, 0.0) for k in keys), float, len(keys))
            got = self._group_arrays[gkey] = (idx, bend)
        return got

    def _ordered(self) -> tuple[list[EdgeKey], np.ndarray, np.ndarray]:
        """Every drawn edge, with its index pairs and bends, in one order."""
        if self._order is None:
            keys: list[EdgeKey] = []
            idx, bend = [np.zeros((0, 2), dtype=np.int64)], [np.zeros(0)]
            for g in sorted(self._groups):
                keys += self._groups[g]
                i, b = self._arrays(g)
                idx.append(i)
                bend.append(b)
            self._order = (keys, np.concatenate(idx), np.concatenate(bend))
        return self._order

    def _segments(self, keys: Sequence[EdgeKey]) -> tuple[np.ndarray, np.ndarray]:
        idx = np.array([(self._index[a], self._index[b]) for a, b, _s in keys], dtype=np.int64)
        idx = idx.reshape(len(keys), 2)
        bend = np.array([self._bend.get(k, 0.0) for k in keys], dtype=float)
        pts = edge_points(self._pos, idx, bend)
        return pts[:, 0], pts[:, 1]

    def _draw_edges(self, groups: Iterable[GroupKey] | None) -> None:
        """New data for the curve items of ``groups`` (None: all of them)."""
        if groups is None:
            for gkey in list(self._edge_items):
                if gkey not in self._groups:
                    self._edge_items[gkey].setData(x=np.zeros(0), y=np.zeros(0))
            groups = list(self._groups)
        for gkey in groups:
            item = self._edge_items.get(gkey)
            if item is None:
                item = pg.PlotCurveItem(connect="pairs", pen=self._pen(gkey[0], WIDTHS[gkey[1]]))
                item.setZValue(1 + gkey[1] * 0.1)
                item.setSkipFiniteCheck(True)
                self._vb.addItem(item)
                self._edge_items[gkey] = item
            idx, bend = self._arrays(gkey)
            if not len(idx):
                item.setData(x=np.zeros(0), y=np.zeros(0))
                continue
            pts = edge_points(self._pos, idx, bend)
            item.setData(x=pts[:, 0], y=pts[:, 1], connect="pairs", antialias=self._antialias)

    def _on_range_changed(self, *_args: object) -> None:
        self._arrow_timer.start()
        self._update_labels()

    def _update_arrows(self, styles: Iterable[str] | None = None) -> None:
        """Two short strokes at the target end of each directed edge whose target is in
        view, sized in pixels; none for a style with too many such edges to read.
        ``styles``: only those styles' arrowheads (None: all)."""
        if styles is None:
            self._arrow_timer.stop()
        sx, sy = self._pixel()
        sizes = self._sizes()
        (x0, x1), (y0, y1) = self._vb.viewRange()
        by_style: dict[str, list[GroupKey]] = {}
        for g in self._groups:
            if g[2]:
                by_style.setdefault(g[0], []).append(g)
        wanted = set(self._arrow_items) | set(by_style) if styles is None else set(styles)
        for style in wanted:
            parts = [self._arrays(g) for g in by_style.get(style, ())]
            idx = np.concatenate([p[0] for p in parts]) if parts else np.zeros((0, 2), np.int64)
            bend = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0)
            item = self._arrow_items.get(style)
            if item is None:
                item = pg.PlotCurveItem(connect="pairs", pen=self._pen(style, 1.4, arrow=True))
                item.setZValue(2)
                item.setSkipFiniteCheck(True)
                self._vb.addItem(item)
                self._arrow_items[style] = item
            if len(idx):
                t = self._pos[idx[:, 1]]
                seen = (t[:, 0] >= x0) & (t[:, 0] <= x1) & (t[:, 1] >= y0) & (t[:, 1] <= y1)
                idx, bend = idx[seen], bend[seen]
            if not len(idx) or len(idx) > ARROW_MAX_EDGES:
                item.setData(x=np.zeros(0), y=np.zeros(0))
                continue
            pts = arrow_points(
                self._pos[idx[:, 0]] / (sx, sy),
                self._pos[idx[:, 1]] / (sx, sy),
                mid_points(self._pos, idx, bend) / (sx, sy),
                sizes[idx[:, 1]] / 2 + 1.5,
            ) * (sx, sy)
            item.setData(x=pts[:, 0], y=pts[:, 1], connect="pairs", antialias=self._antialias)

    def _draw_marks(self) -> None:
        ring: list[tuple[int, str, float]] = []
        sizes = self._sizes() if self._ids else np.zeros(0)
        for nid in self._pinned:
            if nid in self._index:
                ring.append((nid, "#9E9E9E", sizes[self._index[nid]] + 4))
        for nid in self._marked_nodes:
            ring.append((nid, HOVER_COLOUR, sizes[self._index[nid]] + 8))
        if self._selected_node is not None:
            i = self._index[self._selected_node]
            ring.append((self._selected_node, SELECT_COLOUR, sizes[i] + 8))
        edge_keys = set(self._marked_edges)
        if self._selected_edge is not None:
            edge_keys.add(self._selected_edge)
        for a, b, _s in edge_keys:
            for nid in (a, b):
                if nid in self._index:
                    ring.append((nid, SELECT_COLOUR, sizes[self._index[nid]] + 6))
        if ring:
            pts = np.array([self._pos[self._index[n]] for n, _c, _s in ring])
            self.marks_item.setData(
                x=pts[:, 0],
                y=pts[:, 1],
                size=[s for _n, _c, s in ring],
                symbol="o",
                brush=pg.mkBrush(None),
                pen=[pg.mkPen(c, width=2.5) for _n, c, _s in ring],
            )
        else:
            self.marks_item.setData(x=[], y=[])
        keys = [k for k in edge_keys if k in self._edges]
        if keys:
            x, y = self._segments(keys)
            self.highlight_edges_item.setData(x=x, y=y, connect="pairs")
        else:
            self.highlight_edges_item.setData(x=np.zeros(0), y=np.zeros(0))

    def _update_labels(self) -> None:
        """Label the hovered, selected and marked nodes, then the biggest nodes in view
        (all of them once few enough are in view), never more than ``MAX_LABELS``."""
        want: list[int] = []
        for nid in (self._hover_node, self._selected_node):
            if nid is not None and nid in self._index:
                want.append(nid)
        want += sorted(self._marked_nodes)
        edge = self._selected_edge
        if edge is not None:
            want += [edge[0], edge[1]]
        if self._ids:
            (x0, x1), (y0, y1) = self._vb.viewRange()
            p = self._pos
            box = (p[:, 0] >= x0) & (p[:, 0] <= x1) & (p[:, 1] >= y0) & (p[:, 1] <= y1)
            inside = np.nonzero(box)[0]
            sizes = self._sizes()
            order = inside[np.argsort(-sizes[inside], kind="stable")]
            if len(inside) <= MAX_LABELS:
                want += [self._ids[i] for i in order]
            else:
                want += hub_labels(
                    order[: 5 * HUB_LABELS],
                    self._ids,
                    p,
                    lambda n: self._nodes[n].name,
                    self._pixel(),
                    set(want),
                )
        shown = [n for n in dict.fromkeys(want) if n in self._index][:MAX_LABELS]
        pos, index, nodes = self._pos, self._index, self._nodes
        self._labels.show(
            [(n, nodes[n].name, float(pos[index[n]][0]), float(pos[index[n]][1])) for n in shown]
        )

    # -- export --------------------------------------------------------------------------
    def export_png(self, path: str) -> bool:
        """The plot as drawn now, as a PNG file."""
        return bool(self.plot.grab().save(path, "PNG"))

    def export_svg(self, path: str) -> None:
        """The plot as an SVG file (vector strokes and symbols).

        pyqtgraph 0.14's SVGExporter cannot parse the path data Qt 6.11 writes
        (pyqtgraph issue 3485): Qt's own SVG generator renders the view instead.
        """
        from PySide6.QtSvg import QSvgGenerator

        gen = QSvgGenerator()
        gen.setFileName(path)
        size = self.plot.size()
        gen.setSize(size)
        gen.setViewBox(QRect(QPoint(0, 0), size))
        gen.setTitle(self.tr("Relation graph"))
        painter = QPainter(gen)
        try:
            self.plot.render(painter)
        finally:
            painter.end()
