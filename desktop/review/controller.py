"""Review mode: one reviewer adjudicating the shown article between analysts' layers.

The controller holds the ``ReviewSession`` of the shown article, fills the review dock,
draws both compared layers over the text (A's underlines above B's) and runs every
decision through the window's ``EditRunner``: Edit > Undo names and reverts it, and the
views refresh from ``op_did_execute`` like after any edit. The text's backgrounds show
the curated layer as it grows.

E (or choosing "Curated" in the layer chooser) lets the reviewer edit the curated layer
by hand: the overlay goes, the form and the text work on the curated layer with the
usual keys, and the runner uses ``Workspace.curated_tagging`` so that these edits join
the reviewer's one undo stack with the decisions. Esc (with nothing else to let go of)
or "Back to Review" brings the overlay back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDockWidget

from db.changes import Changes
from db.errors import ArmscribeError
from db.review.align import Difference, Side
from db.review.comments import difference_target
from db.review.session import ReviewItem, ReviewSession
from db.tagging import Edit
from desktop.review.panel import COLOUR_A, COLOUR_B, ReviewPanel

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

SETTINGS_KEY = "review/annotators"


def _quote(text: str, limit: int = 32) -> str:
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


class ReviewController(QObject):
    """Review mode of one window (created once, active while the dock is shown)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session: ReviewSession | None = None
        self.annotator_ids: tuple[int, ...] = ()
        self.pair: tuple[int, int] | None = None
        self.panel: ReviewPanel | None = None
        self.dock: QDockWidget | None = None
        self._names: dict[int, str] = {}
        self.editing = False
        """Whether the reviewer is editing the curated layer by hand."""
        self._edit_key: str | None = None
        self._edit_decision: int | None = None
        window.op_did_execute.connect(self._on_op_did_execute)
        window.layer_bar.back_requested.connect(self.back_to_review)
        # After the window's own slot (connected first): it has shown the layer by then.
        window.layer_bar.layer_chosen.connect(self._on_layer_chosen)
        window.tagging_panel.escape_did_fall_through.connect(self._on_escape)

    # -- state ---------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.session is not None

    def remembered_annotators(self) -> list[str]:
        """Login names last chosen for a review (QSettings)."""
        value = self.window.settings().value(SETTINGS_KEY)
        if value is None:
            return []
        if isinstance(value, str):
            return [value] if value else []
        return [str(v) for v in value]

    def _ensure_dock(self) -> ReviewPanel:
        if self.panel is not None:
            return self.panel
        w = self.window
        panel = self.panel = ReviewPanel()
        dock = self.dock = QDockWidget(w.tr("Review"), w)
        dock.setObjectName("reviewDock")
        dock.setWidget(panel)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        w.tabifyDockWidget(w.tagging_dock, dock)
        panel.action_requested.connect(self.perform)
        panel.current_did_change.connect(self._on_current_did_change)
        panel.pair_chosen.connect(self.choose_pair)
        panel.status_requested.connect(self.set_status)
        panel.close_requested.connect(self.stop)
        panel.comments.comments_did_change.connect(w.runner.external_edit)
        panel.comments.message.connect(lambda t: w.statusBar().showMessage(t, 6000))
        dock.visibilityChanged.connect(self._on_dock_visibility)
        w.layer_menu.triggered.connect(lambda act: self._on_layer_chosen(act.data()))
        return panel

    # -- starting and stopping ------------------------------------------------------------
    def start(self, annotator_ids: list[int] | tuple[int, ...]) -> bool:
        """Review the shown article between these annotators' layers (two or more)."""
        w = self.window
        ws = w.workspace
        aid = w.current_article_id()
        if ws is None or aid is None:
            w.statusBar().showMessage(w.tr("Open an article to review it."), 6000)
            return False
        ids = tuple(dict.fromkeys(annotator_ids))
        if len(ids) < 2:
            w.statusBar().showMessage(w.tr("Choose two or more annotators to compare."), 6000)
            return False
        try:
            rs = ws.review(aid, ids)
        except ArmscribeError as exc:
            w.statusBar().showMessage(str(exc), 8000)
            return False
        rows = ws.annotators()
        self._names = {r.id: r.display_name for r in rows}
        logins = {r.id: r.name for r in rows}
        w.settings().setValue(SETTINGS_KEY, [logins[i] for i in ids if i in logins])
        self.session = rs
        self.annotator_ids = ids
        if self.pair is None or not set(self.pair) <= set(ids):
            self.pair = (ids[0], ids[1])
        panel = self._ensure_dock()
        assert self.dock is not None
        self.dock.show()
        self.dock.raise_()
        # The text's backgrounds: the curated layer, read-only until E.
        self._end_editing()
        w.set_layer(rs.curated_id, review=True, banner=self.banner())
        w.layer_bar.set_editable_layer(rs.curated_id)
        w.tagging_panel.read_only_hint = w.tr(
            "Reviewing: press E on a difference (or choose “Curated (editable)”) to edit "
            "the curated layer."
        )
        w.resizeDocks([self.dock], [480], Qt.Orientation.Horizontal)
        self._fill(select_first=True)
        w.act_leave_review.setEnabled(True)
        panel.focus_list()
        return True

    def stop(self) -> None:
        """Leave review mode: my own layer again, no overlay, the dock hidden."""
        if self.session is None:
            return
        self.session = None
        w = self.window
        self._end_editing()
        w.layer_bar.set_editable_layer(None)
        w.tagging_panel.read_only_hint = None
        w.article_view.set_review_overlay(None)
        w.act_leave_review.setEnabled(False)
        if self.dock is not None and self.dock.isVisible():
            self.dock.hide()
        w.set_layer(None)
        w.tagging_dock.raise_()

    def article_did_change(self) -> None:
        """The window shows another article: review it between the same layers."""
        if self.session is None:
            return
        w = self.window
        aid = w.current_article_id()
        ws = w.workspace
        if aid is None or ws is None:
            self.stop()
            return
        self._end_editing()
        self.session = ws.review(aid, self.annotator_ids)
        w.set_layer(self.session.curated_id, review=True, banner=self.banner())
        self._fill(select_first=True)

    def choose_pair(self, a_id: int, b_id: int) -> None:
        """Compare another pair of the session's annotators."""
        if self.session is None or a_id == b_id:
            return
        self.pair = (a_id, b_id)
        self.window.layer_bar.show_layer(self.session.curated_id, self.banner())
        self._fill(select_first=True)

    def banner(self) -> str:
        """The text's banner in review mode: who is underlined how."""
        w = self.window
        if self.pair is None:
            return ""
        a, b = (self._names.get(i, "?") for i in self.pair)
        return w.tr(
            "Reviewing {a} (blue, upper line) against {b} (orange, lower line); "
            "highlights: the curated layer (E edits it)"
        ).format(a=a, b=b)

    # -- reading -----------------------------------------------------------------------
    def items(self) -> list[ReviewItem]:
        if self.session is None or self.pair is None:
            return []
        return self.session.differences(*self.pair)

    def _entity_name(self, side_layer: int, entity_id: int | None) -> str:
        if entity_id is None or self.session is None:
            return ""
        e = self.session.layers[side_layer].entities.get(entity_id)
        if e is None:
            ws = self.window.workspace
            row = ws.tagging.entity(entity_id) if ws is not None else None
            return row.name if row is not None else ""
        return e.name

    def describe_side(self, d: Difference, side: Side | None, layer_id: int) -> str:
        """How a list row shows one side: "ACTOR “Türkei” → Türkiye"."""
        if side is None:
            return "—"
        if d.kind == "different_attribute":
            return f"{d.detail}: {side.label or '—'}"
        label = side.label or ""
        if d.unit == "argument":
            label = f"{d.detail or label}"
        text = f"{label} {_quote(side.text)}" if side.text else label
        name = self._entity_name(layer_id, side.entity_id)
        return f"{text} → {name}" if name else text

    def _fill(self, *, select_first: bool = False) -> None:
        panel, rs, pair = self.panel, self.session, self.pair
        if panel is None or rs is None or pair is None:
            return
        w = self.window
        choices = [(i, self._names.get(i, str(i))) for i in self.annotator_ids]
        names = (self._names.get(pair[0], "A"), self._names.get(pair[1], "B"))
        panel.set_pair(names, choices, pair)
        items = self.items()
        describe = {
            it.key: (
                self.describe_side(it.difference, it.difference.a, pair[0]),
                self.describe_side(it.difference, it.difference.b, pair[1]),
            )
            for it in items
        }
        keep = panel.current_key()
        panel.set_items(items, describe)
        if select_first:
            if not panel.next_pending(None) and panel.list.topLevelItemCount():
                panel.list.setCurrentItem(panel.row_item(0))
        elif keep is not None:
            panel.select_key(keep)
        self._draw_overlay()
        self._on_current_did_change(panel.current_key())
        if self.dock is not None:
            title = w.tr("Review")
            left = sum(1 for it in items if it.status == "pending")
            self.dock.setWindowTitle(
                w.tr("Review ({n} left)").format(n=left) if items and left else title
            )

    def _draw_overlay(self) -> None:
        rs, pair, w = self.session, self.pair, self.window
        if rs is None or pair is None or self.editing:
            return
        ts = w.workspace.tagging.tagset if w.workspace is not None else None
        spans: list[tuple[int, int, int, QColor, str]] = []
        for row, (layer_id, colour) in enumerate(((pair[0], COLOUR_A), (pair[1], COLOUR_B))):
            ann = rs.layers[layer_id]
            name = self._names.get(layer_id, "")
            for m in ann.mentions:
                mt = ts.mention_type(m.type) if ts is not None else None
                label = f"{name}: {mt.label if mt is not None else m.type} {_quote(m.text)}"
                ent = self._entity_name(layer_id, m.entity_id)
                if ent:
                    label += f" → {ent}"
                spans.append((m.start, m.end, row, colour, label))
        w.article_view.set_review_overlay(spans)

    @staticmethod
    def span_of(d: Difference) -> tuple[int, int] | None:
        """The text a difference covers (both sides)."""
        sides = [s for s in (d.a, d.b) if s is not None and s.start is not None]
        if not sides:
            return None
        return (
            min(int(s.start) for s in sides if s.start is not None),
            max(int(s.end if s.end is not None else s.start or 0) for s in sides),
        )

    def _on_current_did_change(self, key: object) -> None:
        panel, w = self.panel, self.window
        if panel is None or self.session is None:
            return
        it = panel.current_item()
        span = self.span_of(it.difference) if it is not None else None
        if not self.editing:  # the text is the reviewer's to select in, meanwhile
            w.article_view.select_review_span(span)
        target: str | None = None
        if it is not None:
            try:
                target = difference_target(it.difference)
            except ArmscribeError:
                target = None
        panel.comments.set_target(w.workspace, self.session.article_id if target else None, target)

    # -- deciding ----------------------------------------------------------------------
    def perform(self, action: str) -> Edit | None:
        """One key or button of the review dock."""
        panel = self.panel
        if panel is None or self.session is None:
            return None
        if self.editing and action not in ("next", "previous", "comment"):
            self.back_to_review(advance=False)
        if action == "next":
            panel.move_by(1)
            return None
        if action == "previous":
            panel.move_by(-1)
            return None
        if action == "comment":
            panel.comments.focus_editor()
            return None
        if action == "accept_agreed":
            return self.accept_agreed()
        if action == "edit":
            return self.edit_current()
        return self.decide(action)

    def decide(self, decision: str, key: str | None = None) -> Edit | None:
        """Decide the selected (or ``key``'s) difference; the next pending one is then
        selected. None when refused (the status bar says why)."""
        rs, panel, w = self.session, self.panel, self.window
        if rs is None or panel is None:
            return None
        key = key or panel.current_key()
        it = next((i for i in self.items() if i.key == key), None)
        if it is None:
            return None
        if decision not in it.allowed:
            w.statusBar().showMessage(w.tr("That decision does not fit this difference."), 5000)
            return None
        names = self._pair_names()
        edit = w.runner.run(lambda _t: rs.decide(it.key, decision, names=names))
        if edit is not None:
            self._after_decision(it.key)
        return edit

    def accept_agreed(self) -> Edit | None:
        """Accept every agreed unit of the pair not decided yet (Shift+A)."""
        rs, w = self.session, self.window
        if rs is None or self.pair is None:
            return None
        pair = self.pair
        if not any(i.difference.kind == "agreed" and i.decision is None for i in self.items()):
            w.statusBar().showMessage(w.tr("No agreed items are waiting."), 4000)
            return None
        key = self.panel.current_key() if self.panel is not None else None
        edit = w.runner.run(lambda _t: rs.accept_agreed(*pair))
        if edit is not None:
            self._after_decision(key)
        return edit

    def edit_current(self) -> Edit | None:
        """E: mark the selected difference as edited by hand (an undoable decision) and
        edit the curated layer with its words selected. A difference decided already
        keeps its decision (re-deciding would remove what it put there); the hand-made
        rows are listed in that decision either way. The Edit of a new decision, or
        None."""
        panel, rs, w = self.panel, self.session, self.window
        it = panel.current_item() if panel is not None else None
        if it is None or rs is None:
            return None
        edit: Edit | None = None
        if it.decision is None:
            if "edit" not in it.allowed:
                return None
            names = self._pair_names()
            key = it.key
            edit = w.runner.run(lambda _t: rs.decide(key, "edit", names=names))
            if edit is None or not edit.created:
                return None
            decision_id: int | None = int(edit.created[0])
        else:
            decision_id = it.decision.id
        self.edit_curated(it.key, decision_id, self.span_of(it.difference))
        return edit

    def edit_curated(
        self,
        key: str | None = None,
        decision_id: int | None = None,
        span: tuple[int, int] | None = None,
    ) -> bool:
        """Edit the curated layer by hand (for the difference ``key``, whose decision
        ``decision_id`` lists what is made; ``span`` selected in the text)."""
        rs, w = self.session, self.window
        ws = w.workspace
        if rs is None or ws is None:
            return False
        self.editing = True
        self._edit_key, self._edit_decision = key, decision_id
        w.runner.set_tagging(ws.curated_tagging(decision_id=decision_id))
        w.article_view.set_review_overlay(None)
        w.article_view.select_review_span(None)
        w.set_layer(rs.curated_id, review=True, banner=self.editing_banner(), editable=True)
        w.layer_bar.set_editing(True)
        w.tagging_dock.raise_()  # the form, on the curated layer now
        w.tagging_panel.select_mention(None)
        if span is not None:
            w.article_view.set_selection_span(*span)
        w.tagging_panel.focus_text()
        w.statusBar().showMessage(
            w.tr("Editing the curated layer: tag, retype, delete or link with the usual keys."),
            6000,
        )
        return True

    def editing_banner(self) -> str:
        """The text's banner while the curated layer is edited."""
        return self.window.tr("Editing the curated layer")

    def back_to_review(self, *, advance: bool = True) -> None:
        """Stop editing the curated layer: the overlay again, read-only; with
        ``advance`` the next pending difference is selected, as after a decision."""
        if not self.editing:
            return
        w, key = self.window, self._edit_key
        self._end_editing()
        rs = self.session
        if rs is None:
            return
        w.article_view.set_selection_span(0, 0)
        w.set_layer(rs.curated_id, review=True, banner=self.banner())
        if self.dock is not None:
            self.dock.raise_()
        if self.panel is not None and key is not None:
            self.panel.select_key(key)
        self._fill()
        if advance and key is not None:
            self._after_decision(key)
        elif self.panel is not None:
            self.panel.focus_list()

    def _end_editing(self) -> None:
        if not self.editing:
            return
        self.editing = False
        self._edit_key = self._edit_decision = None
        w = self.window
        w.runner.set_tagging(None)
        w.layer_bar.set_editing(False)

    def _on_escape(self) -> None:
        if self.editing:
            self.back_to_review()

    def _on_layer_chosen(self, layer_id: object) -> None:
        # "Curated (editable)" chosen in review mode: edit it (the window has just shown
        # it read-only); another layer has ended review mode already.
        rs = self.session
        if rs is not None and layer_id == rs.curated_id:
            self.edit_curated(self._edit_key, self._edit_decision)

    def _pair_names(self) -> tuple[str, str] | None:
        """The names of the pair under review, as a decision records them."""
        pair = self.pair
        if pair is None:
            return None
        return self._names.get(pair[0], "A"), self._names.get(pair[1], "B")

    def _after_decision(self, key: str | None) -> None:
        panel, w = self.panel, self.window
        if panel is None:
            return
        if not panel.next_pending(key):
            w.statusBar().showMessage(
                w.tr("Every difference is decided: mark the article as reviewed?"), 8000
            )
        panel.focus_list()

    def all_decided(self) -> bool:
        items = self.items()
        return bool(items) and all(i.status != "pending" for i in items)

    def set_status(self, status: str) -> None:
        """The reviewer's status for the article ("reviewed" or "curated")."""
        aid = self.window.current_article_id()
        if aid is not None:
            self.window.choose_status(aid, status)

    # -- signals -----------------------------------------------------------------------
    def _on_op_did_execute(self, changes: Changes) -> None:
        if self.session is None:
            return
        if changes.reviews or changes.mentions or changes.events or changes.entities:
            self.session.refresh()
            self._fill()
        elif changes.comments and self.panel is not None:
            self.panel.comments.reload()
        elif changes.annotators:
            ws = self.window.workspace
            if ws is not None:
                self._names = {r.id: r.display_name for r in ws.annotators()}
                self._fill()

    def _on_dock_visibility(self, visible: bool) -> None:
        # Closing the dock (its ✕) leaves review mode; tabbing away does not.
        if not visible and self.dock is not None and self.dock.isHidden():
            self.stop()
