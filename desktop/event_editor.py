"""The open event in the form: its type's roles as slots (one active: a click on a
highlight fills it and moves on), and its attributes (date, status, realis...)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db.annotations import ArticleAnnotations, EventRow, MentionRow
from db.event_checks import EventProblem
from db.tagset import AttributeDef, EventType, Tagset
from desktop.edit_runner import EditRunner
from desktop.mention_editor import quoted

PROBLEM_COLOUR = "#b91c1c"
CHOICE_ATTRIBUTES = ("status", "realis", "modality", "polarity")


def mention_label(m: MentionRow, ann: ArticleAnnotations) -> str:
    """How a filler reads in a slot: its entity's name, else its words."""
    entity = ann.entities.get(m.entity_id) if m.entity_id is not None else None
    words = " ".join(m.text.split())
    if entity is not None and entity.name.casefold() != words.casefold():
        return f"{entity.name} · {quoted(words, 28)}"
    return quoted(words, 36)


class MentionCombo(QComboBox):
    """A slot's filler and the article's mentions it may take, filled only when the
    user opens it (an article may hold hundreds of mentions and an event ten slots)."""

    mention_chosen = Signal(object)
    """A mention id, or None to empty the slot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._choices: Callable[[], list[tuple[str, int]]] = list
        self._current: int | None = None
        self._loaded = False
        self.activated.connect(self._on_activated)

    def set_state(
        self, shown: str, current: int | None, choices: Callable[[], list[tuple[str, int]]]
    ) -> None:
        """Show ``shown`` (the filler, or the fillers of a multiple role) until opened."""
        self._choices, self._current, self._loaded = choices, current, False
        blocked = self.blockSignals(True)
        self.clear()
        self.addItem(shown, current)
        self.blockSignals(blocked)

    def load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        blocked = self.blockSignals(True)
        shown = self.itemText(0)
        self.clear()
        if self._current is None and shown and shown != "—":
            self.addItem(shown, None)  # a multiple role's fillers: choosing adds one
        else:
            self.addItem("—", None)
        current = 0
        for label, mid in self._choices():
            self.addItem(label, mid)
            if mid == self._current:
                current = self.count() - 1
        self.setCurrentIndex(current)
        self.blockSignals(blocked)

    def showPopup(self) -> None:  # noqa: N802 - Qt override
        self.load()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        self.load()  # so that the arrow keys step through the choices
        super().focusInEvent(event)

    def _on_activated(self, index: int) -> None:
        mid = self.itemData(index)
        if mid != self._current:
            self.mention_chosen.emit(mid)


class EventEditor(QWidget):
    """Slots and attributes of one event."""

    active_role_did_change = Signal(object)
    """The slot a click on a highlight fills (a role name, or None)."""
    focus_chain_did_change = Signal()
    """Slots or attribute fields were made anew (see ``focus_chain``)."""

    def __init__(self, runner: EditRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventEditor")
        self._runner = runner
        self._tagset: Tagset | None = None
        self._ann: ArticleAnnotations | None = None
        self._event: EventRow | None = None
        self._active: str | None = None
        self._slots: dict[str, tuple[QPushButton, MentionCombo, QToolButton, QToolButton]] = {}
        self._attr_widgets: dict[str, QWidget] = {}
        self._slots_type: str | None = None
        # The reader's selection to tag into a slot (code points), or None.
        self.selection_span: Callable[[], tuple[int, int] | None] = lambda: None

        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("eventType")
        self.type_combo.activated.connect(self._on_type_activated)
        self.trigger_label = QLabel(self)
        self.trigger_label.setObjectName("eventTrigger")
        self.trigger_label.setTextFormat(Qt.TextFormat.RichText)
        self.trigger_label.setWordWrap(True)
        head = QVBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(2)
        head.addWidget(self.type_combo)
        head.addWidget(self.trigger_label)

        self.slots_box = QWidget(self)
        self.slots_grid = QGridLayout(self.slots_box)
        self.slots_grid.setContentsMargins(0, 0, 0, 0)
        self.slots_grid.setHorizontalSpacing(4)
        self.slots_grid.setVerticalSpacing(2)
        self.slots_grid.setColumnStretch(1, 1)
        self.role_group = QButtonGroup(self)
        self.role_group.setExclusive(False)
        self.role_group.idClicked.connect(self._on_role_clicked)

        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("eventHint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #4b5563;")
        self.problems_label = QLabel(self)
        self.problems_label.setObjectName("eventProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.RichText)

        self.attrs_box = QWidget(self)
        self.attrs_form = QFormLayout(self.attrs_box)
        self.attrs_form.setContentsMargins(0, 0, 0, 0)
        self.attrs_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.attrs_form.setVerticalSpacing(3)
        self.date_info = QLabel(self)
        self.date_info.setObjectName("eventDateInfo")
        self.date_info.setTextFormat(Qt.TextFormat.RichText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.slots_box)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.attrs_box)
        self.show_event(None, None)

    # -- tagset --------------------------------------------------------------------------
    def set_tagset(self, tagset: Tagset | None) -> None:
        self._tagset = tagset
        self._slots_type = None
        self.type_combo.clear()
        for et in tagset.event_types if tagset is not None else ():
            self.type_combo.addItem(f"{et.label}  ({et.shortcut.upper()})", et.name)
        self._build_attributes()

    def _build_attributes(self) -> None:
        while self.attrs_form.rowCount():
            self.attrs_form.removeRow(0)
        self._attr_widgets = {}
        self.date_info = QLabel(self.attrs_box)
        self.date_info.setObjectName("eventDateInfo")
        self.date_info.setTextFormat(Qt.TextFormat.RichText)
        for attr in self._tagset.event_attributes if self._tagset is not None else ():
            widget: QWidget
            if attr.kind == "choice":
                combo = QComboBox(self.attrs_box)
                for c in attr.choices:
                    combo.addItem(c.label, c.value)
                combo.activated.connect(
                    lambda i, name=attr.name, c=combo: self._set_attribute(name, c.itemData(i))
                )
                widget = combo
            elif attr.kind == "entity":
                combo = QComboBox(self.attrs_box)
                combo.activated.connect(
                    lambda i, name=attr.name, c=combo: self._set_attribute(name, c.itemData(i))
                )
                widget = combo
            else:
                edit = QLineEdit(self.attrs_box)
                if attr.kind == "date":
                    edit.setPlaceholderText(self.tr("e.g. Oktober 2019, 2020-07, 2018-2022"))
                elif attr.kind == "number":
                    edit.setPlaceholderText(self.tr("a number"))
                edit.editingFinished.connect(
                    lambda name=attr.name, e=edit, kind=attr.kind: self._on_text_edited(
                        name, e, kind
                    )
                )
                widget = edit
            widget.setObjectName(f"eventAttr_{attr.name}")
            if attr.description:
                widget.setToolTip(attr.description)
            self._attr_widgets[attr.name] = widget
            self.attrs_form.addRow(attr.label, widget)
            if attr.kind == "date":
                self.attrs_form.addRow("", self.date_info)
        self._fix_tab_order()

    # -- content -------------------------------------------------------------------------
    def event_id(self) -> int | None:
        return self._event.id if self._event is not None else None

    def active_role(self) -> str | None:
        return self._active

    def show_event(
        self, event: EventRow | None, ann: ArticleAnnotations | None, *, fresh: bool = False
    ) -> None:
        """Show ``event`` (an ``EventRow`` of ``ann``; None: nothing open).

        ``fresh``: it was just opened, so the first empty required slot becomes active.
        """
        changed = (event.id if event else None) != (self._event.id if self._event else None)
        if ann is None:
            event = None
        self._event, self._ann = event, ann
        visible = event is not None
        for w in (
            self.type_combo,
            self.trigger_label,
            self.slots_box,
            self.attrs_box,
            self.problems_label,
        ):
            w.setVisible(visible)
        if event is None or ann is None:
            self.trigger_label.setText("")
            keys = ", ".join(
                f"{et.shortcut.upper()} {et.label.split(' (')[0].lower()}"
                for et in (self._tagset.event_types if self._tagset else ())[:3]
            )
            self.hint_label.setText(
                self.tr(
                    "Select the word that states an event and press its type's letter "
                    "({keys}…), or pick an event above."
                ).format(keys=keys)
                if keys
                else self.tr("Select the word that states an event, or pick an event above.")
            )
            self._set_active(None)
            return
        et = self._tagset.event_type(event.type) if self._tagset else None
        i = self.type_combo.findData(event.type)
        if i >= 0:
            self.type_combo.setCurrentIndex(i)
        trigger = ann.mention(event.trigger_mention_id) if event.trigger_mention_id else None
        self.trigger_label.setText(
            self.tr("trigger {words}").format(words=html.escape(quoted(trigger.text)))
            if trigger
            else "<span style='color:#6b7280'>" + self.tr("no trigger") + "</span>"
        )
        if self._slots_type != event.type:
            self._build_slots(et)
        problems = (
            self._runner.tagging.event_problems(event.id, ann) if self._runner.tagging else []
        )
        self._fill_slots(et, event, ann, problems)
        self._fill_attributes(event, ann)
        if fresh or changed:
            self._set_active(self.next_empty_role(None))
        elif self._active and et and et.role(self._active) is None:
            self._set_active(None)
        else:
            self._set_active(self._active)

    def _build_slots(self, et: EventType | None) -> None:
        for widgets in self._slots.values():
            self.role_group.removeButton(widgets[0])
            for w in widgets:
                w.deleteLater()
        self._slots = {}
        self._slots_type = et.name if et else None
        grid = self.slots_grid
        for row, role in enumerate(et.roles if et else ()):
            role_button = QPushButton(self.slots_box)
            role_button.setObjectName(f"slot_{role.name}")
            role_button.setCheckable(True)
            role_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            role_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            role_button.setToolTip(
                self.tr("{role}: takes {types}{required}. Click, then click a highlight.").format(
                    role=role.label,
                    types=", ".join(role.types),
                    required=self.tr(", required") if role.required else "",
                )
            )
            self.role_group.addButton(role_button, row)
            combo = MentionCombo(self.slots_box)
            combo.setObjectName(f"slotCombo_{role.name}")
            combo.mention_chosen.connect(lambda mid, r=role.name: self._on_combo_chosen(r, mid))
            tag = QToolButton(self.slots_box)
            tag.setText(self.tr("Tag"))
            tag.setObjectName(f"slotTag_{role.name}")
            tag.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            tag.setToolTip(
                self.tr("Tag the selected words as {type} and put them in {role}").format(
                    type=role.types[0], role=role.label
                )
            )
            tag.clicked.connect(lambda _c=False, r=role.name: self.tag_into(r))
            clear = QToolButton(self.slots_box)
            clear.setText("✕")
            clear.setObjectName(f"slotClear_{role.name}")
            clear.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            clear.setToolTip(self.tr("Empty {role}").format(role=role.label))
            clear.clicked.connect(lambda _c=False, r=role.name: self.clear_role(r))
            grid.addWidget(role_button, row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(tag, row, 2)
            grid.addWidget(clear, row, 3)
            self._slots[role.name] = (role_button, combo, tag, clear)
        self._fix_tab_order()

    def focus_chain(self) -> list[QWidget]:
        """The editor's keyboard stops, in order: type, slots, attributes."""
        chain: list[QWidget] = [self.type_combo]
        chain += [combo for _b, combo, _t, _c in self._slots.values()]
        chain += list(self._attr_widgets.values())
        return chain

    def _fix_tab_order(self) -> None:
        # Widgets made later join the end of the focus chain: the form puts them back.
        self.focus_chain_did_change.emit()

    def _fill_slots(
        self,
        et: EventType | None,
        event: EventRow,
        ann: ArticleAnnotations,
        problems: list[EventProblem],
    ) -> None:
        by_type: dict[str, list[MentionRow]] = {}
        for m in ann.mentions:
            by_type.setdefault(m.type, []).append(m)
        bad = {p.role for p in problems}
        for role in et.roles if et else ():
            role_button, combo, _tag, clear = self._slots[role.name]
            fillers = [m for m in (ann.mention(mid) for mid in event.fillers(role.name)) if m]
            marker = " *" if role.required else ""
            role_button.setText(f"{role.label}{marker}")
            role_button.setProperty("problem", role.name in bad)
            colour = PROBLEM_COLOUR if role.name in bad else "palette(window-text)"
            role_button.setStyleSheet(
                f"QPushButton {{ color: {colour}; text-align: left; padding: 2px 6px;"
                " border: 1px solid transparent; border-radius: 3px; }"
                "QPushButton:hover { border-color: #cbd5e1; }"
                "QPushButton:checked { font-weight: 600; background: #dbeafe;"
                " border-color: #93c5fd; }"
            )
            role_button.setToolTip(
                "\n".join(p.message for p in problems if p.role == role.name)
                or role_button.toolTip()
            )
            if role.multiple and len(fillers) != 1:
                shown = "; ".join(mention_label(m, ann) for m in fillers) or "—"
                current = None
            else:
                shown = mention_label(fillers[0], ann) if fillers else "—"
                current = fillers[0].id if fillers else None

            def choices(types: tuple[str, ...] = role.types) -> list[tuple[str, int]]:
                found = [m for t in types for m in by_type.get(t, ())]
                found.sort(key=lambda m: m.start)
                return [(mention_label(m, ann), m.id) for m in found]

            combo.set_state(shown, current, choices)
            combo.setToolTip("\n".join(mention_label(m, ann) for m in fillers))
            clear.setEnabled(bool(fillers))
        messages = [html.escape(p.message) for p in problems]
        self.problems_label.setText(
            f"<span style='color:{PROBLEM_COLOUR}'>" + "<br>".join(messages) + "</span>"
            if messages
            else "<span style='color:#15803d'>✓ " + self.tr("Complete") + "</span>"
        )

    def _fill_attributes(self, event: EventRow, ann: ArticleAnnotations) -> None:
        for attr in self._tagset.event_attributes if self._tagset is not None else ():
            widget = self._attr_widgets.get(attr.name)
            if widget is None:
                continue
            value = self._value(event, attr)
            if isinstance(widget, QComboBox) and attr.kind == "entity":
                widget.clear()
                widget.addItem("—", None)
                for e in sorted(ann.entities.values(), key=lambda e: e.name.casefold()):
                    if attr.entity_type in (None, e.kind):
                        widget.addItem(e.name, e.id)
                i = widget.findData(value)
                widget.setCurrentIndex(max(0, i))
            elif isinstance(widget, QComboBox):
                i = widget.findData(value if value is not None else attr.default)
                widget.setCurrentIndex(max(0, i))
            elif isinstance(widget, QLineEdit) and not widget.hasFocus():
                widget.setText("" if value is None else str(value))
        self._show_date(event)

    @staticmethod
    def _value(event: EventRow, attr: AttributeDef) -> Any:
        if attr.name == "status":
            return event.status
        if attr.name == "modality":
            return event.modality
        return event.attributes.get(attr.name)

    def _show_date(self, event: EventRow, error: str = "") -> None:
        self.date_info.setVisible(bool(error or event.date_start))
        if error:
            self.date_info.setText(
                f"<span style='color:{PROBLEM_COLOUR}'>{html.escape(error)}</span>"
            )
        elif event.date_start:
            when = (
                event.date_start
                if event.date_start == event.date_end or not event.date_end
                else f"{event.date_start} – {event.date_end}"
            )
            self.date_info.setText("<span style='color:#4b5563'>→ " + html.escape(when) + "</span>")
        else:
            self.date_info.setText("")

    # -- slots ---------------------------------------------------------------------------
    def next_empty_role(self, after: str | None) -> str | None:
        """The first empty required slot after ``after`` (wrapping round), if any."""
        event = self._event
        et = self._tagset.event_type(event.type) if (self._tagset and event) else None
        if et is None:
            return None
        names = [r.name for r in et.roles]
        start = names.index(after) + 1 if after in names else 0
        order = et.roles[start:] + et.roles[:start]
        for role in order:
            if role.required and event is not None and not event.fillers(role.name):
                return str(role.name)
        return None

    def set_active_role(self, role: str | None) -> None:
        """Make ``role``'s slot the one a click on a highlight fills."""
        self._set_active(role)

    def _set_active(self, role: str | None) -> None:
        if role is not None and role not in self._slots:
            role = None
        for name, (button, *_rest) in self._slots.items():
            button.setChecked(name == role)
            arrow = "▸ " if name == role else ""
            text = button.text().removeprefix("▸ ")
            button.setText(arrow + text)
        changed = role != self._active
        self._active = role
        if self._event is not None:
            if role is not None:
                label = self._slots[role][0].text().removeprefix("▸ ").rstrip(" *")
                self.hint_label.setText(
                    self.tr("Click a highlight in the text to fill {role}.").format(role=label)
                )
            else:
                self.hint_label.setText(self.tr("Click a slot's name to fill it from the text."))
        if changed:
            self.active_role_did_change.emit(role)

    def fill_active(self, mention_id: int) -> bool:
        """Put a clicked mention into the active slot and move to the next empty one."""
        role, event = self._active, self._event
        if role is None or event is None:
            return False
        eid = event.id
        edit = self._runner.run(lambda t: t.set_argument(eid, role, mention_id))
        if edit is not None:
            self._set_active(self.next_empty_role(role))
        return True

    def tag_into(self, role_name: str) -> None:
        """Tag the reader's selection with the slot's first type and fill the slot."""
        event, ann = self._event, self._ann
        et = self._tagset.event_type(event.type) if (self._tagset and event) else None
        role = et.role(role_name) if et else None
        if role is None or event is None or ann is None:
            return
        span = self.selection_span()
        if span is None:
            return
        eid, (start, end), type_ = event.id, span, role.types[0]
        # One edit, one undo step: the mention and its place in the role.
        edit = self._runner.run(lambda t: t.tag_argument(eid, role_name, start, end, type_))
        if edit is not None and self._active == role_name:
            self._set_active(self.next_empty_role(role_name))

    def clear_role(self, role_name: str) -> None:
        """Empty a slot (the last filler of a role that takes several)."""
        event = self._event
        if event is None:
            return
        args = [a for a in event.arguments if a.role == role_name]
        if args:
            aid = args[-1].id
            self._runner.run(lambda t: t.remove_argument(aid))

    def _on_role_clicked(self, row: int) -> None:
        names = list(self._slots)
        role = names[row] if 0 <= row < len(names) else None
        self._set_active(None if role == self._active else role)

    def _on_combo_chosen(self, role: str, mention_id: int | None) -> None:
        event = self._event
        if event is None:
            return
        if mention_id is None:
            self.clear_role(role)
            return
        eid = event.id
        self._runner.run(lambda t: t.set_argument(eid, role, mention_id))

    # -- attributes ----------------------------------------------------------------------
    def _on_type_activated(self, index: int) -> None:
        type_ = self.type_combo.itemData(index)
        event = self._event
        if event is not None and type_ and type_ != event.type:
            eid = event.id
            self._runner.run(lambda t: t.set_event_type(eid, type_))

    def _set_attribute(self, name: str, value: Any) -> bool:
        event = self._event
        if event is None:
            return False
        eid = event.id
        return self._runner.run(lambda t: t.set_event_attributes(eid, {name: value})) is not None

    def _on_text_edited(self, name: str, edit: QLineEdit, kind: str) -> None:
        event = self._event
        if event is None:
            return
        text = edit.text().strip()
        attrs = self._tagset.event_attributes if self._tagset is not None else ()
        attr = next((a for a in attrs if a.name == name), None)
        if attr is None:
            return
        current = self._value(event, attr)
        if text == ("" if current is None else str(current)):
            return
        value: Any = text
        if kind == "number" and text:
            try:
                value = int(text) if text.lstrip("-").isdigit() else float(text.replace(",", "."))
            except ValueError:
                self._show_problem_under(
                    edit, self.tr("“{text}” is not a number.").format(text=text)
                )
                return
        edit.setStyleSheet("")
        edit.setToolTip("")
        ok = self._set_attribute(name, value)
        if kind == "date" and not ok and self._event is not None:
            self._show_date(self._event, self._runner.last_error)

    def _show_problem_under(self, edit: QLineEdit, message: str) -> None:
        edit.setToolTip(message)
        edit.setStyleSheet(f"QLineEdit {{ border: 1px solid {PROBLEM_COLOUR}; }}")
        self._runner.edit_did_fail.emit(message)

    def date_text(self) -> str:
        """What the date line says under the date field (normalised range or error)."""
        return self.date_info.text()

    def attribute_widget(self, name: str) -> QWidget | None:
        return self._attr_widgets.get(name)
