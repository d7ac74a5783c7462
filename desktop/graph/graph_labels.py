"""Node labels of the graph view: a bounded pool of text items reused as the view
changes (``LabelPool``), and which of the biggest nodes in view get one when too many
are in view to label all (``hub_labels``). Never a TextItem per node (FACTS.md).

This module imports pyqtgraph: load it only after the window's first paint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF

MAX_LABELS = 30  # TextItems in the pool; never one per node
HUB_LABELS = 12  # the biggest nodes in view get a label even when zoomed out


class LabelPool:
    """At most ``MAX_LABELS`` text items in a view box, made as needed and reused; Qt
    is called only for labels that change (a pan keeps most of them)."""

    def __init__(self, box: pg.ViewBox) -> None:
        self._box = box
        self._items: list[pg.TextItem] = []
        self._shows: list[tuple[int, str] | None] = []  # (node, text) of each item

    def __len__(self) -> int:
        return len(self._items)

    def show(self, labels: Sequence[tuple[int, str, float, float]]) -> None:
        """Show (node, text, x, y) labels, the first ``MAX_LABELS`` of them; hide the rest
        of the pool."""
        labels = labels[:MAX_LABELS]
        while len(self._items) < len(labels):
            t = pg.TextItem(color="#212121", anchor=(0.5, -0.35), fill=(255, 255, 255, 190))
            t.setZValue(20)
            self._box.addItem(t)
            self._items.append(t)
            self._shows.append(None)
        for k, (t, (nid, text, x, y)) in enumerate(zip(self._items, labels, strict=False)):
            if self._shows[k] != (nid, text):
                t.setText(text)
                self._shows[k] = (nid, text)
            if t.pos() != QPointF(x, y):
                t.setPos(x, y)
            if not t.isVisible():
                t.show()
        for k in range(len(labels), len(self._items)):
            if self._shows[k] is not None:
                self._items[k].hide()
                self._shows[k] = None

    def visible_texts(self) -> list[str]:
        """Texts of the labels shown now."""
        return [t.textItem.toPlainText() for t in self._items if t.isVisible()]


def hub_labels(
    order: np.ndarray,
    ids: Sequence[int],
    pos: np.ndarray,
    name_of: Callable[[int], str],
    pixel: tuple[float, float],
    taken: set[int],
) -> list[int]:
    """Of the nodes at ``order`` (indexes into ``ids``/``pos``, biggest first), up to
    ``HUB_LABELS`` whose labels do not overlap (boxes in pixels of ``pixel`` size) and
    are not ``taken`` already."""
    sx, sy = pixel
    boxes: list[tuple[float, float, float, float]] = []
    out: list[int] = []
    for i in order:
        nid = ids[int(i)]
        x, y = pos[int(i)][0] / sx, -pos[int(i)][1] / sy
        w = 3.5 * len(name_of(nid)) + 6  # half a label's width, roughly
        b = (x - w, y, x + w, y + 22)
        if any(b[0] < c[2] and c[0] < b[2] and b[1] < c[3] and c[1] < b[3] for c in boxes):
            continue
        boxes.append(b)
        if nid not in taken:
            out.append(nid)
        if len(out) >= HUB_LABELS:
            break
    return out
