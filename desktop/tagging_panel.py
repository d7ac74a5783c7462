"""The tagging dock: the article's metadata and my status at the top, then the form
(type buttons, the selected mention, the open event, the event list, "tag all
occurrences" and relations). It also turns the type keys pressed in the reader or the
form into edits."""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QLocale, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db.annotations import ArticleAnnotations
from db.articles import ArticleDoc
from db.changes import Changes
from db.tagset import Tagset
from db.workspace import Workspace
from desktop.article_view import ArticleView
from desktop.edit_runner import EditRunner
from desktop.event_editor import EventEditor
from desktop.event_list import EventList
from desktop.mention_editor import MentionEditor, quoted
from desktop.review.comments_view import CommentThread
from desktop.status_labels import MY_STATUSES, status_label
from desktop.suggestions_panel import SuggestionsPanel

TRIGGER_TYPE = "TRIGGER"
SUGGEST_KEY = "Ctrl+Shift+A"
SUGGEST_DELAY_MS = 30
MAX_PICK = 5
# Keys the window binds on its own (next / previous article): never a type's key here.
RESERVED_KEYS = frozenset("jk")


def chip_icon(colour: str, size: int = 12) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(colour))
    return QIcon(pix)


def section_title(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text.upper(), parent)
    label.setStyleSheet("color: #6b7280; font-size: 8pt; font-weight: 600; margin-top: 6px;")
    return label


class RelationsSection(QWidget):
    """Relations between this article's entities: add one (the selected mention is its
    evidence), list them, Del deletes the highlighted one."""

    def __init__(self, runner: EditRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("relationsSection")
        self._runner = runner
        self._tagset: Tagset | None = None
        self._ann: ArticleAnnotations | None = None
        self.evidence_id: int | None = None
        self._shown_key: Any = None

        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("relationType")
        self.type_combo.currentIndexChanged.connect(lambda _i: self._fill_ends())
        self.source_combo = QComboBox(self)
        self.source_combo.setObjectName("relationSource")
        self.target_combo = QComboBox(self)
        self.target_combo.setObjectName("relationTarget")
        for c in (self.type_combo, self.source_combo, self.target_combo):
            c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            c.setMinimumContentsLength(6)
        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.setObjectName("relationAdd")
        self.add_button.clicked.connect(self.add_relation)
        self.evidence_label = QLabel(self)
        self.evidence_label.setWordWrap(True)
        self.evidence_label.setStyleSheet("color: #4b5563;")
        self.list = QListWidget(self)
        self.list.setObjectName("relationList")
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_current)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        grid.addWidget(self.source_combo, 0, 0)
        grid.addWidget(self.type_combo, 0, 1)
        grid.addWidget(self.target_combo, 0, 2)
        grid.addWidget(self.add_button, 0, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(grid)
        layout.addWidget(self.evidence_label)
        layout.addWidget(self.list)

    def set_tagset(self, tagset: Tagset | None) -> None:
        self._tagset = tagset
        self.type_combo.clear()
        for rt in tagset.relation_types if tagset is not None else ():
            self.type_combo.addItem(rt.label, rt.name)

    def set_annotations(self, ann: ArticleAnnotations | None) -> None:
        key = (
            (ann.article_id, tuple(ann.entities.values()), tuple(ann.relations))
            if ann is not None
            else None
        )
        self._ann = ann
        if key is not None and key == self._shown_key:
            return  # a mention came or went: the ends and relations are as they were
        self._shown_key = key
        self._fill_ends()
        self.list.clear()
        if ann is None:
            return
        for r in ann.relations:
            src, dst = ann.entities.get(r.source_entity_id), ann.entities.get(r.target_entity_id)
            rt = self._tagset.relation_type(r.type) if self._tagset else None
            ev = ann.mention(r.evidence_mention_id) if r.evidence_mention_id else None
            text = "{a} — {rel} → {b}".format(
                a=src.name if src else "?",
                rel=(rt.label if rt else r.type).lower(),
                b=dst.name if dst else "?",
            )
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            item.setToolTip(quoted(ev.text) if ev else self.tr("no evidence"))
        rows = min(self.list.count(), 5)
        self.list.setVisible(rows > 0)
        if rows:
            self.list.setFixedHeight(
                rows * self.list.sizeHintForRow(0) + 2 * self.list.frameWidth() + 2
            )
        self.set_evidence(self.evidence_id)

    def set_evidence(self, mention_id: int | None) -> None:
        self.evidence_id = mention_id
        if not self.add_button.isEnabled():
            return  # the hint to link entities first stays
        m = self._ann.mention(mention_id) if (self._ann and mention_id) else None
        self.evidence_label.setText(
            self.tr("Evidence: {words}").format(words=quoted(m.text))
            if m
            else self.tr("Select a mention to give the relation its evidence.")
        )

    def _fill_ends(self) -> None:
        rt = self._tagset.relation_type(self.type_combo.currentData()) if self._tagset else None
        ann = self._ann
        for combo, kinds in (
            (self.source_combo, rt.source if rt else ()),
            (self.target_combo, rt.target if rt else ()),
        ):
            keep = combo.currentData()
            combo.clear()
            for e in sorted(ann.entities.values(), key=lambda e: e.name.casefold()) if ann else ():
                if e.kind in kinds:
                    combo.addItem(e.name, e.id)
            i = combo.findData(keep)
            if i >= 0:
                combo.setCurrentIndex(i)
        # A relation joins two entities: start the target on another one.
        if (
            self.target_combo.count() > 1
            and self.target_combo.currentData() == self.source_combo.currentData()
        ):
            self.target_combo.setCurrentIndex(1 if self.target_combo.currentIndex() == 0 else 0)
        usable = self.source_combo.count() > 0 and self.target_combo.count() > 0
        self.add_button.setEnabled(usable)
        if not usable and self._ann is not None:
            self.evidence_label.setText(self.tr("Link mentions to entities to relate them."))

    def add_relation(self) -> None:
        type_, src, dst = (
            self.type_combo.currentData(),
            self.source_combo.currentData(),
            self.target_combo.currentData(),
        )
        if not (type_ and src is not None and dst is not None and self._ann is not None):
            return
        aid, evidence = self._ann.article_id, self.evidence_id
        self._runner.run(
            lambda t: t.add_relation(type_, src, dst, article_id=aid, evidence_mention_id=evidence)
        )

    def delete_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            rid = int(item.data(Qt.ItemDataRole.UserRole))
            self._runner.run(lambda t: t.delete_relation(rid))


class TaggingPanel(QWidget):
    """The tagging dock's content; works on the reader ``view`` it is given."""

    status_chosen = Signal(int, str)
    """The user picked "My status" (article id, status)."""
    message = Signal(str)
    """A hint for the status bar ("select words first")."""
    escape_did_fall_through = Signal()
    """Esc in the reader found nothing to let go of (no slot, no mention): the review
    mode's "Back to Review" while the curated layer is edited."""
    selection_did_change = Signal(str, object)
    """The user's focus moved: ("mention", mention id or None) or ("event", event id or
    None). For views that follow the selection (the relation graph)."""

    def __init__(
        self, runner: EditRunner, view: ArticleView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("taggingPanel")
        self._runner = runner
        self._view = view
        self._tagset: Tagset | None = None
        self._doc: ArticleDoc | None = None
        self._ann: ArticleAnnotations | None = None
        self._mention_id: int | None = None
        self._values: dict[str, str] = {}
        self._key_shortcuts: list[QShortcut] = []
        self._type_buttons: dict[str, QPushButton] = {}
        self._read_only = False
        self.read_only_hint: str | None = None
        """What a type key on a read-only layer says (None: switch to "Mine")."""

        # -- metadata and my status, compact
        self.title_label = QLabel(self)
        self.title_label.setObjectName("details_title")
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setStyleSheet("font-weight: 600;")
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta_label = QLabel(self)
        self.meta_label.setObjectName("details_meta")
        self.meta_label.setWordWrap(True)
        self.meta_label.setTextFormat(Qt.TextFormat.RichText)
        self.meta_label.setOpenExternalLinks(True)
        self.meta_label.setStyleSheet("color: #4b5563;")
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("myStatus")
        for st in MY_STATUSES:
            self.status_combo.addItem(status_label(st), st)
        self.status_combo.activated.connect(self._on_status_activated)
        status_row = QHBoxLayout()
        status_row.setContentsMargins(0, 0, 0, 0)
        status_label_widget = QLabel(self.tr("My status"), self)
        status_label_widget.setBuddy(self.status_combo)
        status_row.addWidget(status_label_widget)
        status_row.addWidget(self.status_combo)
        status_row.addStretch(1)

        # -- type buttons
        self.types_box = QWidget(self)
        self.types_grid = QGridLayout(self.types_box)
        self.types_grid.setContentsMargins(0, 0, 0, 0)
        self.types_grid.setSpacing(3)
        self.event_button = QToolButton(self)
        self.event_button.setObjectName("newEventButton")
        self.event_button.setText(self.tr("New event"))
        self.event_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.event_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.event_menu = QMenu(self.event_button)
        self.event_button.setMenu(self.event_menu)

        # -- the form
        self.mention_editor = MentionEditor(runner, self)
        self.mention_editor.editing_did_finish.connect(self.focus_text)
        self.mention_editor.mention_did_link.connect(self._on_mention_did_link)
        self.event_editor = EventEditor(runner, self)
        self.event_editor.selection_span = self._span_for_slot
        self.event_editor.focus_chain_did_change.connect(self._fix_tab_order)
        self.event_list = EventList(runner, self)
        self.event_list.event_chosen.connect(self.open_event)
        self.events_title = section_title(self.tr("Events"), self)
        self.suggestions = SuggestionsPanel(runner, self)
        self.suggestions.suggestion_focused.connect(self._on_suggestion_focused)
        self.relations = RelationsSection(runner, self)
        # The thread on the selected mention or the open event: keyed by its uuid, so
        # colleagues and reviewers see it in their layers' views too.
        self.comments = CommentThread(self)
        self.comments.comments_did_change.connect(runner.external_edit)
        self.comments.message.connect(self.message)
        self._ws: Workspace | None = None

        content = QWidget(self)
        form = QVBoxLayout(content)
        form.setContentsMargins(8, 4, 8, 8)
        form.setSpacing(4)
        form.addWidget(section_title(self.tr("Mention"), content))
        form.addWidget(self.mention_editor)
        form.addWidget(section_title(self.tr("Tag all occurrences"), content))
        form.addWidget(self.suggestions)
        form.addWidget(self.events_title)
        form.addWidget(self.event_list)
        form.addWidget(self.event_editor)
        form.addWidget(section_title(self.tr("Relations"), content))
        form.addWidget(self.relations)
        form.addWidget(self.comments)
        form.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(content)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        top = QVBoxLayout()
        top.setContentsMargins(8, 8, 8, 4)
        top.setSpacing(3)
        top.addWidget(self.title_label)
        top.addWidget(self.meta_label)
        top.addLayout(status_row)
        rule = QFrame(self)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setStyleSheet("color: #e5e7eb;")
        top.addWidget(rule)
        types_row = QHBoxLayout()
        types_row.setContentsMargins(0, 0, 0, 0)
        types_row.addWidget(self.types_box, 1)
        types_row.addWidget(self.event_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(types_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.scroll_area, 1)

        self._pending_suggestion: int | None = None
        self._suggest_timer = QTimer(self)
        self._suggest_timer.setSingleShot(True)
        # Long enough for the new highlight to be painted first.
        self._suggest_timer.setInterval(SUGGEST_DELAY_MS)
        self._suggest_timer.timeout.connect(self._on_suggest_timer)

        self._install_fixed_shortcuts()
        self.show_article(None, None)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(400, 700)

    # -- workspace and tagset ------------------------------------------------------------
    def set_workspace(self, ws: Workspace | None) -> None:
        """Use ``ws``'s tagset: type buttons, keys, editors."""
        self._ws = ws
        self.set_tagset(ws.tagging.tagset if ws is not None else None)

    def set_tagset(self, tagset: Tagset | None) -> None:
        self._tagset = tagset
        self.mention_editor.set_tagset(tagset)
        self.event_editor.set_tagset(tagset)
        self.relations.set_tagset(tagset)
        self._build_type_buttons()
        self._install_type_keys()
        self._fix_tab_order()

    def tagset(self) -> Tagset | None:
        return self._tagset

    def _fix_tab_order(self) -> None:
        """Tab goes down the form as it reads: status, mention, occurrences, events,
        the open event, relations."""
        me, sg, rel = self.mention_editor, self.suggestions, self.relations
        chain: list[QWidget] = [
            self.status_combo,
            me.type_combo,
            me.delete_button,
            me.unlink_button,
            me.proposals,
            me.link_button,
            me.new_button,
            me.new_name,
            me.new_subtype,
            me.create_button,
            sg.corpus_box,
            sg.list,
            sg.accept_button,
            sg.reject_button,
            sg.accept_all_button,
            sg.reject_all_button,
            self.event_list,
            *self.event_editor.focus_chain(),
            rel.type_combo,
            rel.source_combo,
            rel.target_combo,
            rel.add_button,
            rel.list,
        ]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def _build_type_buttons(self) -> None:
        for b in self._type_buttons.values():
            b.deleteLater()
        self._type_buttons = {}
        self.event_menu.clear()
        ts = self._tagset
        if ts is None:
            return
        for i, mt in enumerate(ts.mention_types):
            b = QPushButton(chip_icon(mt.colour), f"{mt.shortcut} {mt.label}", self.types_box)
            b.setObjectName(f"typeButton_{mt.name}")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setToolTip(
                self.tr("Tag the selected words as {type} (key {key})").format(
                    type=mt.label, key=mt.shortcut
                )
            )
            b.setStyleSheet("QPushButton { text-align: left; padding: 2px 6px; }")
            b.clicked.connect(lambda _c=False, name=mt.name: self.apply_type(name))
            self.types_grid.addWidget(b, i // 4, i % 4)
            self._type_buttons[mt.name] = b
        for et in ts.event_types:
            act = self.event_menu.addAction(f"{et.label}\t{et.shortcut.upper()}")
            act.triggered.connect(lambda _c=False, name=et.name: self.apply_type(name))

    def _key_targets(self) -> list[QWidget]:
        return [self._view, self]

    def _install_type_keys(self) -> None:
        for sc in self._key_shortcuts:
            sc.setEnabled(False)
            sc.deleteLater()
        self._key_shortcuts = []
        ts = self._tagset
        if ts is None:
            return
        bindings: list[tuple[str, Callable[[], None]]] = []
        named = [(t.name, t.shortcut) for t in ts.mention_types]
        named += [(t.name, t.shortcut) for t in ts.event_types]
        for name, key in named:
            if key.casefold() in RESERVED_KEYS:
                continue
            bindings.append((key.upper(), partial(self.apply_type, name)))
        for key, slot in bindings:
            for target in self._key_targets():
                sc = QShortcut(QKeySequence(key), target)
                sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                sc.activated.connect(slot)
                self._key_shortcuts.append(sc)

    def _install_fixed_shortcuts(self) -> None:
        def bind(key: QKeySequence | str, target: QWidget, slot: Callable[[], None]) -> None:
            sc = QShortcut(QKeySequence(key), target)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

        for n in range(1, MAX_PICK + 1):
            for target in self._key_targets():
                bind(f"Alt+{n}", target, partial(self.mention_editor.pick, n))
        bind(QKeySequence(Qt.Key.Key_Delete), self._view, self.delete_selected_mention)
        bind(QKeySequence(Qt.Key.Key_Delete), self.mention_editor, self.delete_selected_mention)
        bind(QKeySequence(Qt.Key.Key_Escape), self._view, self.escape_in_text)
        for target in self._key_targets():
            bind(SUGGEST_KEY, target, self.suggest_now)

    # -- article -------------------------------------------------------------------------
    def show_article(self, doc: ArticleDoc | None, status: str | None) -> None:
        """Show ``doc``'s metadata and ``status``; the form empties until its
        annotations arrive (``set_annotations``)."""
        self._doc = doc
        self.status_combo.setEnabled(doc is not None)
        self.types_box.setEnabled(doc is not None and not self._read_only)
        self.event_button.setEnabled(doc is not None and not self._read_only)
        self._mention_id = None
        self._ann = None
        self.mention_editor.show_mention(None, None)
        self.event_editor.show_event(None, None)
        self.event_list.show_events(None)
        self.suggestions.show_for(None)
        self.relations.set_annotations(None)
        self.relations.list.hide()
        self._update_comment_target()
        if doc is None:
            self._values = {}
            self.title_label.setText(self.tr("No article selected."))
            self.meta_label.setText("")
            return
        lang = doc.language or ""
        if lang:
            name = QLocale.languageToString(QLocale(lang).language())
            lang = f"{name} ({lang})" if name and name != "C" else lang
        self._values = {
            "title": doc.title,
            "source": doc.source or "",
            "author": doc.author or "",
            "published": doc.published or "",
            "language": lang,
            "url": doc.url or "",
            "words": QLocale().toString(doc.word_count),
        }
        self.title_label.setText(doc.title)
        parts = [
            html.escape(self._values[k])
            for k in ("source", "author", "published", "language")
            if self._values[k]
        ]
        parts.append(html.escape(self.tr("{n} words").format(n=self._values["words"])))
        meta = " · ".join(parts)
        url = doc.url or ""
        if url.startswith(("http://", "https://")):
            shown = html.escape(url if len(url) <= 60 else url[:57] + "…")
            meta += f'<br><a href="{html.escape(url)}">{shown}</a>'
        self.meta_label.setText(meta)
        self.show_status(status or "new")

    # -- comments ------------------------------------------------------------------------
    def _update_comment_target(self) -> None:
        """The thread of the open event, else of the selected mention."""
        ann, doc = self._ann, self._doc
        target: str | None = None
        if ann is not None and doc is not None:
            eid = self.event_editor.event_id()
            ev = ann.event(eid) if eid is not None else None
            m = ann.mention(self._mention_id) if self._mention_id is not None else None
            target = ev.uuid if ev is not None else (m.uuid if m is not None else None)
        self.comments.set_target(self._ws, doc.id if doc else None, target)

    # -- read-only layers --------------------------------------------------------------
    def set_read_only(self, read_only: bool) -> None:
        """Viewing someone else's (or the curated) layer: the form shows it but every
        editing control is off, and the type keys say why instead of tagging."""
        self._read_only = read_only
        has_doc = self._doc is not None
        for w in (self.types_box, self.event_button):
            w.setEnabled(has_doc and not read_only)
        for w in (self.mention_editor, self.event_editor, self.suggestions, self.relations):
            w.setEnabled(not read_only)

    def is_read_only(self) -> bool:
        return self._read_only

    def _refuse_read_only(self) -> bool:
        if self._read_only:
            self.message.emit(
                self.read_only_hint
                or self.tr("This layer is read-only: switch to “Mine” (View > Layer) to tag.")
            )
        return self._read_only

    def field_text(self, key: str) -> str:
        """The metadata value shown for ``key`` (title, source, published...)."""
        return self._values.get(key, "")

    def show_status(self, status: str) -> None:
        """Show ``status`` in the selector (without reporting it as a user's choice)."""
        i = self.status_combo.findData(status)
        if i < 0:  # a review state the analyst does not set; show it anyway
            self.status_combo.addItem(status_label(status), status)
            i = self.status_combo.count() - 1
        self.status_combo.setCurrentIndex(i)

    def _on_status_activated(self, index: int) -> None:
        status = self.status_combo.itemData(index)
        if self._doc is not None and status:
            self.status_chosen.emit(self._doc.id, str(status))

    # -- annotations ---------------------------------------------------------------------
    def annotations(self) -> ArticleAnnotations | None:
        return self._ann

    def set_annotations(
        self, ann: ArticleAnnotations | None, changes: Changes | None = None
    ) -> None:
        """My layer of the article shown, reloaded after an edit (``changes``)."""
        old, self._ann = self._ann, ann
        if ann is None:
            return
        by_id = {m.id: m for m in ann.mentions}
        mention = by_id.get(self._mention_id) if self._mention_id is not None else None
        if mention is None:
            self._mention_id = None
        self.mention_editor.show_mention(mention, ann)
        eid = self.event_editor.event_id()
        event = ann.event(eid) if eid is not None else None
        self.event_editor.show_event(event, ann)
        if changes is None or old is None or self._events_may_read_differently(old, ann, changes):
            self.event_list.show_events(ann, event.id if event else None)
            n = len(ann.events)
            self.events_title.setText(
                (self.tr("Events ({n})").format(n=n) if n else self.tr("Events")).upper()
            )
        else:
            self.event_list.select_event(event.id if event else None)
        if changes is None or changes.relations or changes.entities or changes.mentions:
            self.relations.set_annotations(ann)
        self.relations.set_evidence(self._mention_id)
        self.suggestions.drop_tagged(ann)
        self._update_comment_target()

    @staticmethod
    def _events_may_read_differently(
        old: ArticleAnnotations, new: ArticleAnnotations, changes: Changes
    ) -> bool:
        """Whether the event lines can have changed: adding a mention no event uses
        (the common case) leaves every summary as it was."""
        if changes.events or changes.entities or changes.relations:
            return True
        if not changes.mentions:
            return False
        used = {a.mention_id for e in new.events for a in e.arguments}
        used |= {e.trigger_mention_id for e in new.events if e.trigger_mention_id}
        if not used:
            return False
        before = {m.id: m for m in old.mentions if m.id in used}
        after = {m.id: m for m in new.mentions if m.id in used}
        return before != after

    # -- selection -----------------------------------------------------------------------
    def selected_span(self) -> tuple[int, int] | None:
        """The reader's text selection, snapped to whole words there (code points)."""
        return self._view.selection_span() if self._doc is not None else None

    def selected_mention_id(self) -> int | None:
        mid = self._view.selected_mention_id()
        return int(mid) if mid is not None else self._mention_id

    def select_mention(self, mention_id: int | None, *, propose: bool = False) -> None:
        """Make ``mention_id`` the mention the form edits (and the reader marks)."""
        changed = mention_id != self._mention_id
        self._mention_id = mention_id
        self._view.select_mention(mention_id)
        ann = self._ann
        mention = ann.mention(mention_id) if (ann is not None and mention_id) else None
        self.mention_editor.show_mention(mention, ann, propose=propose)
        self.relations.set_evidence(mention_id)
        self._update_comment_target()
        if changed:
            self.selection_did_change.emit("mention", mention_id)

    def select_event(self, event_id: int | None) -> None:
        """Open ``event_id`` in the editor (None: close the open event)."""
        if event_id is None:
            self.close_event()
        else:
            self.open_event(event_id)

    def focus_text(self) -> None:
        self._view.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- tagging -------------------------------------------------------------------------
    def apply_type(self, name: str) -> None:
        """A type's key or button: tag the selection, retype the selected mention, or
        (for an event type) open a new event on the selected word."""
        ts = self._tagset
        if ts is None or self._doc is None or self._refuse_read_only():
            return
        if ts.mention_type(name) is not None:
            self.tag_or_retype(name)
        elif ts.event_type(name) is not None:
            self.create_event(name)

    def tag_or_retype(self, type_: str) -> int | None:
        span = self.selected_span()
        if span is not None:
            return self.tag_span(span, type_)
        mid = self.selected_mention_id()
        if mid is not None:
            m = self._ann.mention(mid) if self._ann else None
            if m is not None and m.type != type_:
                self._runner.run(lambda t: t.retype_mention(mid, type_))
            return mid
        self.message.emit(self.tr("Select some words in the text first."))
        return None

    def tag_span(self, span: tuple[int, int], type_: str) -> int | None:
        """Tag ``span``, select the new mention, propose its entity and list where
        else its words occur."""
        doc = self._doc
        if doc is None:
            return None
        aid, (start, end) = doc.id, span
        edit = self._runner.run(lambda t: t.add_mention(aid, start, end, type_))
        if edit is None or not edit.created:
            return None
        mid = int(edit.created[0])
        mt = self._tagset.mention_type(type_) if self._tagset is not None else None
        # The words are now a mention: the next type key retypes it, Del deletes it.
        self._clear_text_selection()
        self.select_mention(mid, propose=bool(mt and mt.links_entity))
        # After the highlight is painted: the list of other occurrences can wait a frame.
        self._pending_suggestion = mid
        self._suggest_timer.start()
        return mid

    def _span_for_slot(self) -> tuple[int, int] | None:
        span = self.selected_span()
        if span is None:
            self.message.emit(self.tr("Select some words in the text first."))
        return span

    def delete_selected_mention(self) -> None:
        if self._refuse_read_only():
            return
        mid = self.selected_mention_id()
        if mid is not None and self._ann is not None and self._ann.mention(mid) is not None:
            self._runner.run(lambda t: t.delete_mentions([mid]))

    def escape_in_text(self) -> None:
        """Esc in the reader: stop filling a slot, else forget the selected mention,
        else say that Esc was not used (``escape_did_fall_through``)."""
        if self.event_editor.active_role() is not None:
            self.event_editor.set_active_role(None)
        elif self._mention_id is not None:
            self.select_mention(None)
        else:
            self.escape_did_fall_through.emit()

    def on_mention_clicked(self, mention_id: int) -> None:
        """A click on a highlight: fills the active event slot, else selects it."""
        if self.event_editor.active_role() is not None:
            self.event_editor.fill_active(mention_id)
            return
        self.select_mention(mention_id)

    def suggest_now(self) -> None:
        """Ctrl+Shift+A: list the other occurrences of the selected mention."""
        if self._refuse_read_only():
            return
        mid = self.selected_mention_id()
        if mid is None:
            self.message.emit(self.tr("Select a mention first."))
            return
        self._suggest_timer.stop()
        self._pending_suggestion = None
        self._suggest_for(mid)
        self.suggestions.list.setFocus(Qt.FocusReason.OtherFocusReason)
        self.suggestions.show_current()

    def _on_suggest_timer(self) -> None:
        mid, self._pending_suggestion = self._pending_suggestion, None
        if mid is not None and mid == self._mention_id:
            self._suggest_for(mid)

    def flush_pending(self) -> None:
        """Do now what waits for the next turn of the event loop (for tests, benches)."""
        if self._suggest_timer.isActive():
            self._suggest_timer.stop()
            self._on_suggest_timer()

    def _suggest_for(self, mention_id: int) -> None:
        ann = self._ann
        mention = ann.mention(mention_id) if ann is not None else None
        if ann is not None and mention is not None:
            self.suggestions.show_for(mention, ann.article_id)

    def _on_mention_did_link(self, mention_id: int) -> None:
        # Its entity's other names (aliases, other languages) are occurrences too.
        if self.suggestions.mention_id() == mention_id:
            self._suggest_for(mention_id)

    def _on_suggestion_focused(self, article_id: int, start: int, end: int) -> None:
        if self._doc is not None and article_id == self._doc.id:
            self._view.flash_span(start, end)  # scrolls there too

    # -- events --------------------------------------------------------------------------
    def create_event(self, type_: str) -> int | None:
        """A new event of ``type_`` whose trigger is the selected word (tagged as a
        trigger first) or the selected mention; it opens in the editor."""
        doc, ts = self._doc, self._tagset
        if doc is None or ts is None:
            return None
        aid = doc.id
        span = self.selected_span()
        trigger: int | None = None
        if span is not None:
            start, end = span
            trigger_type = TRIGGER_TYPE if ts.mention_type(TRIGGER_TYPE) else None
            if trigger_type:
                # One edit: undo removes the event and its trigger together.
                edit = self._runner.run(lambda t: t.create_event_at(aid, type_, start, end))
                if edit is None:
                    return None
                return self._opened(edit.created[0])
        else:
            trigger = self.selected_mention_id()
            if trigger is None:
                self.message.emit(self.tr("Select the word that states the event first."))
                return None
        edit = self._runner.run(lambda t: t.create_event(aid, type_, trigger_mention_id=trigger))
        if edit is None:
            return None
        return self._opened(edit.created[0])

    def _opened(self, event_id: int) -> int:
        self.select_mention(None)
        self._clear_text_selection()
        self.open_event(event_id, flash=False)
        return event_id

    def _clear_text_selection(self) -> None:
        self._view.set_selection_span(0, 0)  # an empty span: keeps the caret

    def open_event(self, event_id: int, *, flash: bool = True) -> None:
        """Show an event in the editor (first empty required slot active) and its
        trigger in the text."""
        ann = self._ann
        event = ann.event(event_id) if ann is not None else None
        if ann is None or event is None:
            return
        changed = self.event_editor.event_id() != event_id
        self.event_editor.show_event(event, ann, fresh=True)
        self.event_list.select_event(event_id)
        self._update_comment_target()
        if changed:
            self.selection_did_change.emit("event", event_id)
        trigger = ann.mention(event.trigger_mention_id) if event.trigger_mention_id else None
        if trigger is not None and flash:
            self._view.flash_span(trigger.start, trigger.end)  # scrolls there too

    def close_event(self) -> None:
        if self._ann is not None:
            was = self.event_editor.event_id()
            self.event_editor.show_event(None, self._ann)
            self.event_list.select_event(None)
            self._update_comment_target()
            if was is not None:
                self.selection_did_change.emit("event", None)
