"""How the article view draws one annotator's mentions.

Two layers, each doing what it is fast at (FACTS.md, "Text and highlights"):

- **Char formats** (in the document, one edit block): every character gets the background
  of the innermost mention covering it, full strength when that mention contains no
  other, lighter when it is an outer span; event triggers are bold. Re-applying diffs the
  new runs against the applied ones and touches only the characters whose look changed.
- **Paint** (on the viewport, visible blocks only): one underline per mention in a darker
  shade of its type colour, stacked below the baseline by *track* (outer spans nearest the
  text, nested and overlapping ones below), a dotted box around triggers, an outline
  around the selected mention and a fading flash for jumps from lists. Underlines keep
  every mention visible and clickable, even under a search hit or inside another mention.

The placement (tracks, which spans are outer, the runs and their diff) is plain Python
over code-point and Qt positions; only ``apply_formats`` and ``paint`` touch Qt.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPainter,
    QPen,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextLine,
)
from PySide6.QtWidgets import QPlainTextEdit

from desktop.text_offsets import OffsetMap

# ``db.annotations`` (ArticleAnnotations, MentionRow) and ``db.tagset`` (Tagset,
# MentionType) hold plain dataclasses but are not on the door test's list of importable
# modules, so they are typed loosely here.
ArticleAnnotations = Any
MentionRow = Any
Tagset = Any

TRIGGER_TYPE = "TRIGGER"
UNKNOWN_COLOUR = "#D1D5DB"
LIGHT_SHARE = 0.42  # how much of the type colour an outer span's background keeps
SELECTED_COLOUR = QColor("#111827")
TRIGGER_BOX_COLOUR = QColor("#374151")
FLASH_COLOUR = QColor("#f97316")

OVERLAY_SELECTED_COLOUR = QColor("#111827")
COMMENT_MARK_COLOUR = QColor("#f59e0b")

FormatKey = tuple[int, bool]  # (background RGBA, bold)
Run = tuple[int, int, FormatKey]  # [qt start, qt end) with one look


class PlacedMention(NamedTuple):
    """A mention as drawn: its spans in both units, its underline track and style."""

    row: MentionRow
    qstart: int
    qend: int
    track: int  # 0 = nearest the text; nested and overlapping spans go further down
    outer: bool  # contains another mention: drawn with a lighter background
    trigger: bool
    colour: QColor
    line_colour: QColor
    rgba: int  # the background as drawn: ``colour``, or lighter when outer

    @property
    def id(self) -> int:
        return int(self.row.id)


class OverlaySpan(NamedTuple):
    """One compared layer's mention in review mode: drawn as an underline in its
    layer's colour on its layer's row (A above, B below)."""

    qstart: int
    qend: int
    row: int  # 0: layer A (nearest the text), 1: layer B
    colour: QColor
    label: str  # for tooltips: "Anna: Actor “Türkei”"


# -- placement (no Qt geometry) --------------------------------------------------------


def place_tracks(spans: Sequence[tuple[int, int]]) -> tuple[list[int], list[bool]]:
    """Track and "outer" flag for spans sorted by (start, -end).

    Greedy interval colouring: each span takes the lowest track free at its start, so an
    enclosing span (sorted first) sits above what it encloses and crossing spans never
    share a track. A span is outer when a later span in the order lies inside it.
    """
    track_ends: list[int] = []
    tracks: list[int] = []
    for start, end in spans:
        for t, busy_until in enumerate(track_ends):
            if busy_until <= start:
                track_ends[t] = end
                tracks.append(t)
                break
        else:
            tracks.append(len(track_ends))
            track_ends.append(end)
    outer = [False] * len(spans)
    for i, (_start, end) in enumerate(spans):
        j = i + 1
        while j < len(spans) and spans[j][0] < end:
            if spans[j][1] <= end:
                outer[i] = True
                break
            j += 1
    return tracks, outer


def build_runs(placed: Sequence[PlacedMention]) -> list[Run]:
    """Maximal runs of equal look: the innermost (deepest-track) covering mention's
    background, bold where any trigger covers. ``placed`` is in placement order."""
    runs: list[Run] = []
    n, i = len(placed), 0
    while i < n:
        # A cluster: mentions chained by overlap. Most mentions are alone in theirs.
        p = placed[i]
        end, j = p.qend, i + 1
        while j < n and placed[j].qstart < end:
            end = max(end, placed[j].qend)
            j += 1
        if j == i + 1:
            _add_run(runs, p.qstart, p.qend, (p.rgba, p.trigger))
        else:
            _sweep(placed[i:j], runs)
        i = j
    return runs


def _add_run(runs: list[Run], a: int, b: int, key: FormatKey) -> None:
    if runs and runs[-1][1] == a and runs[-1][2] == key:
        runs[-1] = (runs[-1][0], b, key)
    else:
        runs.append((a, b, key))


def _sweep(cluster: Sequence[PlacedMention], runs: list[Run]) -> None:
    # Mentions covering one point overlap, so they sit on different tracks: the
    # active set is one slot per track and the innermost is the deepest filled one.
    events = sorted(
        [(p.qstart, 1, k) for k, p in enumerate(cluster)]
        + [(p.qend, -1, k) for k, p in enumerate(cluster)]
    )
    slots: list[PlacedMention | None] = [None] * (max(p.track for p in cluster) + 1)
    triggers = 0
    k = 0
    while k < len(events):
        pos = events[k][0]
        while k < len(events) and events[k][0] == pos:
            _, kind, idx = events[k]
            p = cluster[idx]
            if kind > 0:
                slots[p.track] = p
            elif slots[p.track] is p:
                slots[p.track] = None
            triggers += kind if p.trigger else 0
            k += 1
        if k >= len(events):
            break
        inner = next((q for q in reversed(slots) if q is not None), None)
        if inner is not None:
            _add_run(runs, pos, events[k][0], (inner.rgba, triggers > 0))


def diff_runs(old: Sequence[Run], new: Sequence[Run]) -> list[tuple[int, int, FormatKey | None]]:
    """The ranges whose look differs between two run lists, with their new look (None:
    plain text)."""
    if old == new:
        return []
    # Runs are sorted and disjoint: equal runs at both ends cover equal characters,
    # so only the middle needs a character-level comparison.
    n = min(len(old), len(new))
    i = 0
    while i < n and old[i] == new[i]:
        i += 1
    j = 0
    while j < n - i and old[len(old) - 1 - j] == new[len(new) - 1 - j]:
        j += 1
    old, new = old[i : len(old) - j], new[i : len(new) - j]
    points = sorted({p for a, b, _ in old for p in (a, b)} | {p for a, b, _ in new for p in (a, b)})
    out: list[tuple[int, int, FormatKey | None]] = []
    io = inew = 0
    for p, q in zip(points, points[1:], strict=False):
        while io < len(old) and old[io][1] <= p:
            io += 1
        while inew < len(new) and new[inew][1] <= p:
            inew += 1
        ko = old[io][2] if io < len(old) and old[io][0] <= p else None
        kn = new[inew][2] if inew < len(new) and new[inew][0] <= p else None
        if ko == kn:
            continue
        if out and out[-1][1] == p and out[-1][2] == kn:
            out[-1] = (out[-1][0], q, kn)
        else:
            out.append((p, q, kn))
    return out


def _changed_range(
    old: Mapping[int, PlacedMention], new: Sequence[PlacedMention]
) -> tuple[int, int] | None:
    """The Qt range covering every mention drawn differently in ``new`` than in ``old``
    (added, removed, moved, retyped, re-tracked); None when all look the same."""
    lo, hi = -1, -1
    seen = 0
    get = old.get
    for p in new:
        before = get(p.row.id)
        if before is not None:
            seen += 1
            # (qstart, qend, track, outer, trigger), the background and the type.
            if before[1:6] == p[1:6] and before.rgba == p.rgba and before.row.type == p.row.type:
                continue
            a, b = min(before.qstart, p.qstart), max(before.qend, p.qend)
        else:
            a, b = p.qstart, p.qend
        lo = a if lo < 0 else min(lo, a)
        hi = max(hi, b)
    if seen != len(old):
        ids = {p.row.id for p in new}
        for q in old.values():
            if q.row.id not in ids:
                lo = q.qstart if lo < 0 else min(lo, q.qstart)
                hi = max(hi, q.qend)
    return (lo, hi) if lo >= 0 else None


def lighter(colour: QColor, share: float = LIGHT_SHARE) -> QColor:
    """``colour`` mixed with white, keeping ``share`` of it."""
    return QColor(
        round(255 - (255 - colour.red()) * share),
        round(255 - (255 - colour.green()) * share),
        round(255 - (255 - colour.blue()) * share),
    )


def line_colour(colour: QColor) -> QColor:
    """A darker, more saturated shade of a pastel type colour, for lines on white."""
    h, s, v = colour.hsvHueF(), colour.hsvSaturationF(), colour.valueF()
    return QColor.fromHsvF(max(h, 0.0), min(1.0, s * 1.6 + 0.25), v * 0.68)


def _x(line: QTextLine, pos: int) -> float:
    """The x of cursor position ``pos`` in ``line`` (PySide returns (x, pos))."""
    return float(cast(tuple[float, int], line.cursorToX(pos))[0])


# -- the layer ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fragment:
    """One line's piece of a span, in viewport coordinates."""

    x1: float
    x2: float
    top: float  # the text line's top
    bottom: float  # its bottom (ascent + descent); underlines start below
    first: bool  # the span starts here
    last: bool  # the span ends here


class AnnotationLayer:
    """The placed mentions of one article and how they are drawn."""

    def __init__(self) -> None:
        self.ann: ArticleAnnotations | None = None
        self.tagset: Tagset | None = None
        self.entity_names: Mapping[int, str] = {}
        self.read_only = False
        self.placed: list[PlacedMention] = []
        self._by_id: dict[int, PlacedMention] = {}
        self._starts: list[int] = []  # code-point starts, in placement order
        self._qstarts: list[int] = []  # the same in Qt positions (also sorted)
        self._max_len = 0
        self._max_qlen = 0
        self._runs: list[Run] = []
        self._applied: list[Run] | None = []  # None: unknown, re-apply everything
        self._formats: dict[FormatKey, QTextCharFormat] = {}
        self._event_types: dict[int, list[str]] = {}
        self.selected: int | None = None
        self.flash: tuple[int, int] | None = None  # Qt positions
        self.flash_strength = 0.0
        # Qt range [a, b) whose drawing the last ``set_mentions`` changed (None: none).
        self.dirty: tuple[int, int] | None = None
        # Review mode: the compared layers' underlines replace the mentions' own.
        self.overlay: list[OverlaySpan] | None = None
        self.overlay_selected: tuple[int, int] | None = None  # Qt range outlined
        # Mention id -> open comments on it (or on the event it triggers): a dot.
        self.comment_marks: dict[int, int] = {}

    # -- model ---------------------------------------------------------------------------
    def clear(self) -> None:
        """Forget every mention: the document's text was replaced, its formats are gone."""
        self.ann = None
        self.placed = []
        self._by_id = {}
        self._starts, self._qstarts = [], []
        self._max_len = self._max_qlen = 0
        self._runs = []
        self._applied = []
        self._event_types = {}
        self.selected = None
        self.flash = None
        self.dirty = None
        self.overlay = None
        self.overlay_selected = None
        self.comment_marks = {}

    def set_overlay(self, spans: Sequence[OverlaySpan] | None) -> None:
        """Review mode: draw these underlines instead of the mentions' (None: leave
        review mode). Spans are sorted by start."""
        self.overlay = sorted(spans, key=lambda o: (o.qstart, o.row)) if spans is not None else None
        if spans is None:
            self.overlay_selected = None

    def overlay_at(self, q: int) -> list[OverlaySpan]:
        """Overlay spans covering Qt position ``q`` (A's first)."""
        return [o for o in self.overlay or () if o.qstart <= q < o.qend]

    def invalidate_formats(self) -> None:
        """Someone else rewrote the document's formats: re-apply everything next time."""
        self._applied = None

    def set_mentions(
        self,
        ann: ArticleAnnotations | None,
        tagset: Tagset,
        offsets: OffsetMap,
        *,
        entity_names: Mapping[int, str] | None = None,
        read_only: bool = False,
    ) -> None:
        """Place ``ann``'s mentions (clipped to the text) and compute their runs."""
        self.ann, self.tagset, self.read_only = ann, tagset, read_only
        self.entity_names = entity_names or {}
        rows: list[MentionRow] = []
        self._event_types = {}
        if ann is not None:
            n = offsets.length
            rows = [m for m in ann.mentions if 0 <= m.start < m.end <= n]
            rows.sort(key=lambda m: (m.start, -m.end, m.id))
            for ev in ann.events:
                if ev.trigger_mention_id is not None:
                    self._event_types.setdefault(ev.trigger_mention_id, []).append(ev.type)
        tracks, outer = place_tracks([(m.start, m.end) for m in rows])
        # type -> (colour, underline colour, RGBA, lighter RGBA)
        styles: dict[str, tuple[QColor, QColor, int, int]] = {}
        to_qt = offsets.to_qt
        placed = []
        for m, track, is_outer in zip(rows, tracks, outer, strict=True):
            style = styles.get(m.type)
            if style is None:
                mt = tagset.mention_type(m.type)
                base = QColor(mt.colour if mt is not None else UNKNOWN_COLOUR)
                style = (base, line_colour(base), base.rgba(), lighter(base).rgba())
                styles[m.type] = style
            trigger = m.type == TRIGGER_TYPE or m.id in self._event_types
            placed.append(
                PlacedMention(
                    m,
                    to_qt(m.start),
                    to_qt(m.end),
                    track,
                    is_outer,
                    trigger,
                    style[0],
                    style[1],
                    style[3] if is_outer else style[2],
                )
            )
        self.dirty = _changed_range(self._by_id, placed)
        self.placed = placed
        self._by_id = {p.id: p for p in placed}
        self._starts = [p.row.start for p in placed]
        self._qstarts = [p.qstart for p in placed]
        self._max_len = max((p.row.end - p.row.start for p in placed), default=0)
        self._max_qlen = max((p.qend - p.qstart for p in placed), default=0)
        self._runs = build_runs(placed)
        if self.selected not in self._by_id:
            self.selected = None

    def mention(self, mention_id: int | None) -> PlacedMention | None:
        return self._by_id.get(mention_id) if mention_id is not None else None

    def mentions_at(self, cp: int) -> list[PlacedMention]:
        """Mentions covering code point ``cp``, innermost (deepest track) first."""
        hi = bisect_right(self._starts, cp)
        lo = bisect_left(self._starts, cp - self._max_len)
        found = [p for p in self.placed[lo:hi] if p.row.end > cp]
        found.sort(key=lambda p: (-p.track, p.row.end - p.row.start))
        return found

    def visible_between(self, qa: int, qb: int) -> Iterable[PlacedMention]:
        """Mentions intersecting Qt range [qa, qb), in placement order."""
        lo = bisect_left(self._qstarts, qa - self._max_qlen)
        for p in self.placed[lo:]:
            if p.qstart >= qb:
                break
            if p.qend > qa:
                yield p

    def event_types_triggered(self, mention_id: int) -> list[str]:
        return self._event_types.get(mention_id, [])

    def entity_name(self, entity_id: int | None) -> str | None:
        if entity_id is None:
            return None
        name = self.entity_names.get(entity_id)
        if name is None and self.ann is not None:
            row = self.ann.entities.get(entity_id)
            name = row.name if row is not None else None
        return name

    def runs(self) -> list[Run]:
        return list(self._runs)

    # -- char formats -----------------------------------------------------------------
    def _format(self, key: FormatKey | None) -> QTextCharFormat:
        if key is None:
            return QTextCharFormat()
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor.fromRgba(key[0]))
            if key[1]:
                fmt.setFontWeight(QFont.Weight.Bold)
            self._formats[key] = fmt
        return fmt

    def apply_formats(self, doc: QTextDocument) -> int:
        """Bring the document's formats to the current runs in one edit block; returns
        how many ranges were rewritten."""
        if self._applied is None:
            changes: list[tuple[int, int, FormatKey | None]] = [
                (0, max(0, doc.characterCount() - 1), None)
            ]
            changes += [(a, b, k) for a, b, k in self._runs]
        else:
            changes = diff_runs(self._applied, self._runs)
        if changes:
            cur = QTextCursor(doc)
            cur.beginEditBlock()
            try:
                for a, b, key in changes:
                    if a >= b:
                        continue
                    cur.setPosition(a)
                    cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
                    cur.setCharFormat(self._format(key))
            finally:
                cur.endEditBlock()
        self._applied = list(self._runs)
        return len(changes)

    # -- geometry ---------------------------------------------------------------------
    @staticmethod
    def visible_blocks(edit: QPlainTextEdit, height: float) -> list[tuple[QTextBlock, QRectF]]:
        """The blocks on screen with their viewport geometry, top to bottom."""
        out = []
        block = edit.firstVisibleBlock()
        offset = edit.contentOffset()
        while block.isValid():
            geo = edit.blockBoundingGeometry(block).translated(offset)
            if geo.top() > height:
                break
            if block.isVisible() and geo.bottom() >= 0:
                out.append((block, geo))
            block = block.next()
        return out

    @staticmethod
    def fragments(blocks: Sequence[tuple[QTextBlock, QRectF]], qa: int, qb: int) -> list[Fragment]:
        """Line pieces of Qt range [qa, qb) within ``blocks``."""
        out: list[Fragment] = []
        for block, geo in blocks:
            bp = block.position()
            if bp >= qb:
                break
            if bp + block.length() <= qa:
                continue
            layout = block.layout()
            if layout is None or layout.lineCount() == 0:
                continue
            ra, rb = max(qa, bp) - bp, min(qb, bp + block.length() - 1) - bp
            first = layout.lineForTextPosition(ra).lineNumber()
            last = layout.lineForTextPosition(max(ra, rb - 1)).lineNumber()
            for i in range(max(first, 0), last + 1):
                line = layout.lineAt(i)
                ls, le = line.textStart(), line.textStart() + line.textLength()
                a, b = max(ra, ls), min(rb, le)
                if a >= b:
                    continue
                if b == le and bp + b < qb and b - 1 > a and block.text()[b - 1].isspace():
                    b -= 1  # the space a wrapped line ends in: not underlined
                x1 = _x(line, a)
                x2 = _x(line, b)
                top = geo.top() + line.y()
                out.append(
                    Fragment(
                        geo.left() + x1,
                        geo.left() + x2,
                        top,
                        top + line.height(),
                        bp + a == qa,
                        bp + b >= qb,
                    )
                )
        return out

    # -- paint --------------------------------------------------------------------------
    def paint(
        self,
        painter: QPainter,
        blocks: Sequence[tuple[QTextBlock, QRectF]],
        *,
        step: float,
        pen_width: float,
        rows: int,
    ) -> None:
        """Underlines, trigger boxes, the selected outline and the flash, for ``blocks``."""
        if not blocks:
            return
        qa = blocks[0][0].position()
        last = blocks[-1][0]
        qb = last.position() + last.length()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        triggers: list[Fragment] = []
        overlay = self.overlay
        for p in self.visible_between(qa, qb):
            frags = self.fragments(blocks, p.qstart, p.qend)
            if p.trigger:
                triggers += frags
            if overlay is not None:
                continue  # review mode: the compared layers' lines instead
            row = min(p.track, rows - 1)
            for f in frags:
                x1 = f.x1 + (1 if f.first else 0)
                x2 = f.x2 - (1 if f.last else 0)
                if x2 <= x1:
                    x2 = x1 + 1
                y = f.bottom + 1 + row * step
                painter.fillRect(QRectF(x1, y, x2 - x1, pen_width), p.line_colour)
        if overlay is not None:
            self._paint_overlay(painter, blocks, qa, qb, step=step, pen_width=pen_width)
        if self.comment_marks:
            self._paint_comment_marks(painter, blocks, qa, qb)
        if triggers:
            pen = QPen(TRIGGER_BOX_COLOUR, 1, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for f in triggers:
                painter.drawRect(QRectF(f.x1, f.top, f.x2 - f.x1 - 1, f.bottom - f.top - 1))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        sel = self.mention(self.selected)
        if sel is not None:
            pen = QPen(SELECTED_COLOUR, 2)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            bottom_extra = 1 + min(sel.track, rows - 1) * step + pen_width
            for f in self.fragments(blocks, sel.qstart, sel.qend):
                left = f.x1 - (2 if f.first else 0)
                right = f.x2 + (2 if f.last else 0)
                painter.drawRoundedRect(
                    QRectF(left, f.top - 1, right - left, f.bottom - f.top + bottom_extra + 2),
                    3,
                    3,
                )
        if self.overlay_selected is not None:
            pen = QPen(OVERLAY_SELECTED_COLOUR, 2)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            extra = 1 + 2 * step + pen_width
            for f in self.fragments(blocks, *self.overlay_selected):
                left = f.x1 - (2 if f.first else 0)
                right = f.x2 + (2 if f.last else 0)
                painter.drawRoundedRect(
                    QRectF(left, f.top - 1, right - left, f.bottom - f.top + extra + 2), 3, 3
                )
        if self.flash is not None and self.flash_strength > 0:
            colour = QColor(FLASH_COLOUR)
            colour.setAlphaF(0.45 * self.flash_strength)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(colour))
            for f in self.fragments(blocks, *self.flash):
                painter.drawRoundedRect(
                    QRectF(f.x1 - 2, f.top - 2, f.x2 - f.x1 + 4, f.bottom - f.top + 4), 3, 3
                )

    def _paint_comment_marks(
        self, painter: QPainter, blocks: Sequence[tuple[QTextBlock, QRectF]], qa: int, qb: int
    ) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(COMMENT_MARK_COLOUR))
        for p in self.visible_between(qa, qb):
            if p.id not in self.comment_marks:
                continue
            frags = self.fragments(blocks, p.qstart, p.qend)
            if frags and frags[-1].last:
                f = frags[-1]
                painter.drawEllipse(QPointF(f.x2, f.top + 1), 3.0, 3.0)

    def _paint_overlay(
        self,
        painter: QPainter,
        blocks: Sequence[tuple[QTextBlock, QRectF]],
        qa: int,
        qb: int,
        *,
        step: float,
        pen_width: float,
    ) -> None:
        # Two rows whatever the line gap: A's line nearest the text, B's below it.
        gap = max(step, pen_width + 1)
        for o in self.overlay or ():
            if o.qstart >= qb:
                break
            if o.qend <= qa:
                continue
            for f in self.fragments(blocks, o.qstart, o.qend):
                x1 = f.x1 + (1 if f.first else 0)
                x2 = max(f.x2 - (1 if f.last else 0), x1 + 1)
                y = f.bottom + 1 + o.row * gap
                painter.fillRect(QRectF(x1, y, x2 - x1, pen_width), o.colour)

    @staticmethod
    def hit(
        blocks: Sequence[tuple[QTextBlock, QRectF]],
        point: QPointF,
        *,
        band: float,
        step: float,
    ) -> tuple[int, int | None] | None:
        """(Qt position of the character under ``point``, underline row or None when on
        the text itself); None when the point is over no character."""
        for block, geo in blocks:
            if not (geo.top() <= point.y() < geo.bottom()):
                continue
            layout = block.layout()
            ry = point.y() - geo.top()
            rx = point.x() - geo.left()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                bottom = line.y() + line.height()
                if not (line.y() <= ry < bottom + band):
                    continue
                if line.textLength() == 0:
                    return None
                rel = line.xToCursor(rx, QTextLine.CursorPosition.CursorOnCharacter)
                rel = min(max(rel, line.textStart()), line.textStart() + line.textLength() - 1)
                x1 = _x(line, rel)
                x2 = _x(line, layout.nextCursorPosition(rel))
                lo, hi = min(x1, x2), max(x1, x2)
                if not (lo <= rx < hi):
                    return None
                row = None if ry < bottom else int((ry - bottom - 1) // step)
                return block.position() + rel, (max(row, 0) if row is not None else None)
            return None
        return None
