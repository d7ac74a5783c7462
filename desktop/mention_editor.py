"""The selected mention in the form: its type, its canonical entity, and the entities
its words may name (Enter links the pre-selected one, Alt+1..5 another, Ctrl+N makes a
new one, Esc leaves it unlinked)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from db.annotations import ArticleAnnotations, EntityRow, MentionRow
from db.tagset import Tagset
from desktop.edit_runner import EditRunner

if TYPE_CHECKING:
    from db.entity_match import Match

MAX_PROPOSALS = 5
NEW_ENTITY_KEY = QKeySequence("Ctrl+N")


def quoted(text: str, limit: int = 48) -> str:
    one = " ".join(text.split())
    return f"“{one[:limit]}…”" if len(one) > limit else f"“{one}”"


def colour_chip(colour: str) -> str:
    """A small square of a type's colour, for rich-text labels."""
    return f"<span style='background:{colour}; color:{colour}'>&nbsp;&nbsp;&nbsp;</span>"


class MentionEditor(QWidget):
    """Type, entity link and link proposals of one mention."""

    editing_did_finish = Signal()
    """The user accepted a proposal or left it (Enter, Alt+N, Esc): back to the text."""
    mention_did_link = Signal(int)
    """The mention (its id) was linked to an entity, an existing or a new one."""

    def __init__(self, runner: EditRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mentionEditor")
        self._runner = runner
        self._tagset: Tagset | None = None
        self._mention: MentionRow | None = None
        self._entity: EntityRow | None = None
        self._matches: list[Match] = []

        self.title = QLabel(self)
        self.title.setObjectName("mentionTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("mentionType")
        self.type_combo.setToolTip(self.tr("Retype the mention (or press another type's key)"))
        self.type_combo.activated.connect(self._on_type_activated)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.setToolTip(self.tr("Delete the mention (Del)"))
        self.delete_button.clicked.connect(self.delete_mention)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.type_combo, 1)
        head.addWidget(self.delete_button)

        self.link_label = QLabel(self)
        self.link_label.setObjectName("mentionLink")
        self.link_label.setWordWrap(True)
        self.link_label.setTextFormat(Qt.TextFormat.RichText)
        self.unlink_button = QPushButton(self.tr("Unlink"), self)
        self.unlink_button.clicked.connect(self._on_unlink)
        link_row = QHBoxLayout()
        link_row.setContentsMargins(0, 0, 0, 0)
        link_row.addWidget(self.link_label, 1)
        link_row.addWidget(self.unlink_button)

        self.proposals = QListWidget(self)
        self.proposals.setObjectName("entityProposals")
        self.proposals.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.proposals.setUniformItemSizes(True)
        self.proposals.itemActivated.connect(self._on_proposal_activated)
        self.link_button = QPushButton(self.tr("Link"), self)
        self.link_button.setToolTip(self.tr("Link to the selected entity (Enter)"))
        self.link_button.clicked.connect(self.accept_proposal)
        self.new_button = QPushButton(self.tr("New entity…"), self)
        self.new_button.setToolTip(
            self.tr("Create an entity from these words ({key})").format(
                key=NEW_ENTITY_KEY.toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.new_button.clicked.connect(self.show_new_entity_form)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)

        # "New entity…": the name (editable) and the subtype, created and linked at once.
        self.new_form = QWidget(self)
        self.new_name = QLineEdit(self.new_form)
        self.new_name.setObjectName("newEntityName")
        self.new_name.setPlaceholderText(self.tr("Name"))
        self.new_name.returnPressed.connect(self.create_entity)
        self.new_subtype = QComboBox(self.new_form)
        self.new_subtype.setObjectName("newEntitySubtype")
        self.create_button = QPushButton(self.tr("Create"), self.new_form)
        self.create_button.clicked.connect(self.create_entity)
        form = QFormLayout(self.new_form)
        form.setContentsMargins(0, 2, 0, 0)
        form.setVerticalSpacing(3)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("New entity"), self.new_name)
        subtype_row = QHBoxLayout()
        subtype_row.addWidget(self.new_subtype, 1)
        subtype_row.addWidget(self.create_button)
        form.addRow(self.tr("Subtype"), subtype_row)
        self.new_form.hide()

        self.entity_box = QWidget(self)
        box = QVBoxLayout(self.entity_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        box.addLayout(link_row)
        box.addWidget(self.proposals)
        box.addLayout(buttons)
        box.addWidget(self.new_form)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addLayout(head)
        layout.addWidget(self.entity_box)

        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        esc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        esc.activated.connect(self.leave)
        for widget in (self, *self.findChildren(QWidget)):
            widget.installEventFilter(self)
        self.show_mention(None, None)

    # -- content -----------------------------------------------------------------------
    def set_tagset(self, tagset: Tagset | None) -> None:
        self._tagset = tagset
        self.type_combo.clear()
        for mt in tagset.mention_types if tagset is not None else ():
            self.type_combo.addItem(f"{mt.label}  ({mt.shortcut})", mt.name)
            self.type_combo.setItemData(
                self.type_combo.count() - 1, QColor(mt.colour), Qt.ItemDataRole.DecorationRole
            )

    def mention_id(self) -> int | None:
        return self._mention.id if self._mention is not None else None

    def show_mention(
        self,
        mention: MentionRow | None,
        ann: ArticleAnnotations | None,
        *,
        propose: bool = False,
    ) -> None:
        """Show ``mention`` (a ``MentionRow``; None hides the editor's fields).

        ``propose``: it was just tagged, so the best entity is pre-selected and the
        proposals take the keyboard focus.
        """
        same = (
            mention is not None
            and self._mention is not None
            and mention.id == self._mention.id
            and mention.text == self._mention.text
            and mention.type == self._mention.type
        )
        self._mention = mention
        if mention is None:
            self.title.setText(
                "<span style='color:#6b7280'>"
                + self.tr("Select words and press a type's key to tag them.")
                + "</span>"
            )
            for w in (self.type_combo, self.delete_button, self.entity_box):
                w.setVisible(False)
            self._matches = []
            return
        mt = self._tagset.mention_type(mention.type) if self._tagset else None
        chip = colour_chip(mt.colour) + " " if mt else ""
        self.title.setText(f"{chip}<b>{_escape(quoted(mention.text))}</b>")
        self.type_combo.setVisible(True)
        self.delete_button.setVisible(True)
        i = self.type_combo.findData(mention.type)
        if i >= 0:
            self.type_combo.setCurrentIndex(i)
        links = bool(mt and mt.links_entity)
        self.entity_box.setVisible(links)
        if not links:
            self._matches = []
            return
        self._entity = (
            ann.entities.get(mention.entity_id) if ann is not None and mention.entity_id else None
        )
        if self._entity is not None:
            self.link_label.setText(
                self.tr("Linked to <b>{name}</b>{more}").format(
                    name=_escape(self._entity.name), more=_escape(_entity_more(self._entity))
                )
            )
        else:
            self.link_label.setText(
                "<span style='color:#b45309'>" + self.tr("Not linked to an entity") + "</span>"
            )
        self.unlink_button.setVisible(self._entity is not None)
        if not same or propose:
            self._fill_proposals(mention)
            self.new_form.hide()
        if propose:
            self.proposals.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill_proposals(self, mention: MentionRow) -> None:
        tagging = self._runner.tagging
        matches = (
            tagging.match_entities(mention.text, mention.type, MAX_PROPOSALS) if tagging else []
        )
        self._matches = list(matches)
        self.proposals.clear()
        current = 0
        for n, m in enumerate(self._matches, start=1):
            how = {
                "name": self.tr("name"),
                "alias": self.tr("alias"),
                "inflection": self.tr("inflected"),
                "part": self.tr("part"),
                "fuzzy": self.tr("similar"),
            }.get(m.how, m.how)
            text = self.tr("Alt+{n}   {name}   — {how} “{matched}”, {score}").format(
                n=n, name=m.name, how=how, matched=m.matched, score=round(m.score)
            )
            item = QListWidgetItem(text, self.proposals)
            item.setData(Qt.ItemDataRole.UserRole, m.entity_id)
            if self._entity is not None and m.entity_id == self._entity.id:
                current = n - 1
        if not self._matches:
            item = QListWidgetItem(self.tr("No known entity matches these words."), self.proposals)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        else:
            self.proposals.setCurrentRow(current)
        rows = max(1, len(self._matches))
        self.proposals.setFixedHeight(
            self.proposals.sizeHintForRow(0) * rows + 2 * self.proposals.frameWidth() + 4
        )
        self.link_button.setEnabled(bool(self._matches))

    def matches(self) -> list[Match]:
        """The entities proposed for the mention, best first."""
        return list(self._matches)

    # -- actions -----------------------------------------------------------------------
    def accept_proposal(self) -> None:
        """Link the mention to the highlighted proposal (Enter)."""
        row = self.proposals.currentRow()
        if 0 <= row < len(self._matches):
            self.pick(row + 1)

    def pick(self, n: int) -> None:
        """Link the mention to proposal ``n`` (1-based, Alt+n)."""
        mention = self._mention
        if mention is None or not (1 <= n <= len(self._matches)):
            return
        entity_id = int(self._matches[n - 1].entity_id)  # store entities have int ids
        if mention.entity_id != entity_id:
            mid = mention.id
            if self._runner.run(lambda t: t.link_mention(mid, entity_id)) is not None:
                self.mention_did_link.emit(mid)
        self.editing_did_finish.emit()

    def leave(self) -> None:
        """Esc: close the new-entity form, or leave the mention as it is."""
        if self.new_form.isVisible():
            self.new_form.hide()
            self.proposals.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.editing_did_finish.emit()

    def show_new_entity_form(self) -> None:
        mention = self._mention
        if mention is None or not self.entity_box.isVisible():
            return
        mt = self._tagset.mention_type(mention.type) if self._tagset else None
        self.new_subtype.clear()
        self.new_subtype.addItem(self.tr("(no subtype)"), None)
        for c in mt.subtypes if mt else ():
            self.new_subtype.addItem(c.label, c.value)
        self.new_name.setText(" ".join(mention.text.split()))
        self.new_form.show()
        self.new_name.selectAll()
        self.new_name.setFocus(Qt.FocusReason.OtherFocusReason)

    def create_entity(self) -> None:
        """Create the entity from the form and link the mention to it (one edit)."""
        mention = self._mention
        name = " ".join(self.new_name.text().split())
        if mention is None or not name:
            return
        subtype = self.new_subtype.currentData()
        kind, mid = mention.type, mention.id
        edit = self._runner.run(
            lambda t: t.create_entity(kind, name, subtype=subtype, link_mention_id=mid)
        )
        if edit is not None:
            self.new_form.hide()
            self.mention_did_link.emit(mid)
            self.editing_did_finish.emit()

    def delete_mention(self) -> None:
        if self._mention is not None:
            mid = self._mention.id
            self._runner.run(lambda t: t.delete_mentions([mid]))

    def _on_unlink(self) -> None:
        if self._mention is not None:
            mid = self._mention.id
            self._runner.run(lambda t: t.link_mention(mid, None))

    def _on_type_activated(self, index: int) -> None:
        type_ = self.type_combo.itemData(index)
        mention = self._mention
        if mention is not None and type_ and type_ != mention.type:
            mid = mention.id
            self._runner.run(lambda t: t.retype_mention(mid, type_))

    def _on_proposal_activated(self, item: QListWidgetItem) -> None:
        self.pick(self.proposals.row(item) + 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Ctrl+N is "New Store" in the window; inside the editor it makes an entity.
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            if QKeySequence(event.keyCombination()) == NEW_ENTITY_KEY:
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    self.show_new_entity_form()
                return True
        return super().eventFilter(watched, event)


def _entity_more(entity: EntityRow) -> str:
    subtype = entity.subtype.replace("_", " ") if entity.subtype else ""
    parts = [p for p in (subtype, entity.country_code or "") if p]
    return f" ({', '.join(parts)})" if parts else ""


def _escape(text: str) -> str:
    import html

    return html.escape(text)
