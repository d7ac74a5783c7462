""" "Tag all occurrences": where else a mention's words (or its entity's names) appear,
in this article or the whole corpus; accept (Enter) or reject (Backspace) each, or all
at once as one edit."""

from __future__ import annotations

import bisect

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from db.annotations import ArticleAnnotations, MentionRow
from db.suggestions import Suggestion
from desktop.edit_runner import EditRunner
from desktop.mention_editor import quoted

ROW_INDEX = Qt.ItemDataRole.UserRole
MATCH_BACKGROUND = QColor("#fef08a")
MAX_ROWS = 6
CONTEXT_CHARS = 50  # db.suggestions cuts this much context either side


class ContextDelegate(QStyledItemDelegate):
    """Draws "…before MATCH after…" with the match in bold on a yellow ground."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        parts = index.data(Qt.ItemDataRole.UserRole + 1)
        if not parts:
            super().paint(painter, option, index)
            return
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        before, match, after = parts
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        colour = opt.palette.highlightedText().color() if selected else opt.palette.text().color()
        rect = opt.rect.adjusted(4, 0, -4, 0)
        plain, bold = QFont(opt.font), QFont(opt.font)
        bold.setBold(True)
        fm, fmb = QFontMetrics(plain), QFontMetrics(bold)
        # Keep the match near the start so that it shows even in a narrow dock.
        room = rect.width() // 4
        before = fm.elidedText(before, Qt.TextElideMode.ElideLeft, room) if before else ""
        painter.save()
        painter.setPen(colour)
        x = rect.left()
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.setFont(plain)
        painter.drawText(QRect(x, rect.top(), rect.width(), rect.height()), flags, before)
        x += fm.horizontalAdvance(before)
        w = fmb.horizontalAdvance(match)
        painter.fillRect(QRect(x, rect.top() + 2, w, rect.height() - 4), MATCH_BACKGROUND)
        painter.setPen(QColor("#111827"))
        painter.setFont(bold)
        painter.drawText(QRect(x, rect.top(), w + 2, rect.height()), flags, match)
        x += w
        painter.setPen(colour)
        painter.setFont(plain)
        rest = fm.elidedText(after, Qt.TextElideMode.ElideRight, max(0, rect.right() - x))
        painter.drawText(QRect(x, rect.top(), rect.right() - x, rect.height()), flags, rest)
        painter.restore()

    def sizeHint(  # noqa: N802 - Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), QFontMetrics(option.font).height() + 6))


class SuggestionsPanel(QWidget):
    """Suggestions for one mention, with accept / reject, one by one or all."""

    suggestion_focused = Signal(int, int, int)
    """The highlighted suggestion (article id, start, end): show it in the text."""

    def __init__(self, runner: EditRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionsPanel")
        self._runner = runner
        self._mention: MentionRow | None = None
        self._article_id: int | None = None
        self._items: list[Suggestion] = []  # Suggestion rows still on offer, in list order

        self.title = QLabel(self)
        self.title.setObjectName("suggestionsTitle")
        self.title.setWordWrap(True)
        self.corpus_box = QCheckBox(self.tr("Search whole corpus"), self)
        self.corpus_box.setObjectName("suggestionsCorpus")
        self.corpus_box.toggled.connect(lambda _on: self.refresh())
        self.list = QListWidget(self)
        self.list.setObjectName("suggestionsList")
        self.list.setItemDelegate(ContextDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._on_current_row_changed)
        self.list.itemActivated.connect(lambda _item: self.accept_current())
        back = QShortcut(QKeySequence(Qt.Key.Key_Backspace), self.list)
        back.setContext(Qt.ShortcutContext.WidgetShortcut)
        back.activated.connect(self.reject_current)

        self.accept_button = QPushButton(self.tr("Accept"), self)
        self.accept_button.setToolTip(self.tr("Tag this occurrence (Enter)"))
        self.accept_button.clicked.connect(self.accept_current)
        self.reject_button = QPushButton(self.tr("Reject"), self)
        self.reject_button.setToolTip(self.tr("Drop this suggestion (Backspace)"))
        self.reject_button.clicked.connect(self.reject_current)
        self.accept_all_button = QPushButton(self.tr("Accept all"), self)
        self.accept_all_button.setObjectName("suggestionsAcceptAll")
        self.accept_all_button.setToolTip(self.tr("Tag every occurrence listed (one undo step)"))
        self.accept_all_button.clicked.connect(self.accept_all)
        self.reject_all_button = QPushButton(self.tr("Reject all"), self)
        self.reject_all_button.clicked.connect(self.reject_all)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(4)
        for b in (
            self.accept_button,
            self.reject_button,
            self.accept_all_button,
            self.reject_all_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.corpus_box)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.show_for(None)

    # -- content -------------------------------------------------------------------------
    def mention_id(self) -> int | None:
        return self._mention.id if self._mention is not None else None

    def show_for(self, mention: MentionRow | None, article_id: int | None = None) -> None:
        """List the untagged occurrences of ``mention`` (a ``MentionRow``; None: clear)."""
        self._mention, self._article_id = mention, article_id
        self.refresh()

    def refresh(self) -> None:
        mention, tagging = self._mention, self._runner.tagging
        found = (
            tagging.suggestions(mention.id, corpus=self.corpus_box.isChecked())
            if mention is not None and tagging is not None
            else []
        )
        self._fill(found)

    def drop_tagged(self, ann: ArticleAnnotations | None) -> None:
        """Forget suggestions that have since been tagged in the article shown."""
        if not self._items or ann is None:
            return
        if self._mention is not None and ann.article_id == self._article_id:
            if not any(m.id == self._mention.id for m in ann.mentions):
                self.show_for(None)  # its mention was deleted (or undone)
                return
        index = _SpanIndex(ann.mentions)
        keep = [
            s
            for s in self._items
            if s.article_id != ann.article_id or not index.overlaps(s.start, s.end)
        ]
        if len(keep) != len(self._items):
            self._fill(keep)

    def _fill(self, suggestions: list[Suggestion]) -> None:
        self._items = list(suggestions)
        mention = self._mention
        self.list.clear()
        for s in self._items:
            cut = min(s.start, CONTEXT_CHARS) if s.article_id == self._article_id else None
            if cut is None:
                cut = s.context.find(s.text)
                cut = max(cut, 0)
            before = s.context[:cut]
            after = s.context[cut + len(s.text) :]
            where = (
                ""
                if s.article_id == self._article_id
                else self.tr("#{id}: ").format(id=s.article_id)
            )
            item = QListWidgetItem(f"{where}{before}{s.text}{after}", self.list)
            item.setData(Qt.ItemDataRole.UserRole + 1, (where + "…" + before, s.text, after + "…"))
            item.setToolTip(s.context)
        if mention is None:
            self.title.setText(self.tr("Tag a mention to see where else its words occur."))
        elif not self._items:
            self.title.setText(
                self.tr("No other untagged occurrences of {words}.").format(
                    words=quoted(mention.text)
                )
            )
        else:
            self.title.setText(
                self.tr("{n} more occurrences of {words} as {type}").format(
                    n=len(self._items), words=quoted(mention.text), type=mention.type
                )
            )
        has = bool(self._items)
        self.corpus_box.setVisible(mention is not None)
        self.list.setVisible(has)
        for b in (
            self.accept_button,
            self.reject_button,
            self.accept_all_button,
            self.reject_all_button,
        ):
            b.setVisible(has)
        if has:
            rows = min(len(self._items), MAX_ROWS)
            self.list.setFixedHeight(
                rows * self.list.sizeHintForRow(0) + 2 * self.list.frameWidth() + 2
            )
        if has:
            # Pre-selected quietly: the text scrolls to a suggestion only when the user
            # moves through the list, never while tagging elsewhere.
            blocked = self.list.blockSignals(True)
            self.list.setCurrentRow(0)
            self.list.blockSignals(blocked)

    def suggestions(self) -> list[Suggestion]:
        """The suggestions still on offer, in list order."""
        return list(self._items)

    # -- actions -------------------------------------------------------------------------
    def accept_current(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._items):
            self._accept([self._items[row]])

    def reject_current(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._items):
            self._remove([self._items[row]])

    def accept_all(self) -> None:
        self._accept(list(self._items))

    def reject_all(self) -> None:
        self._remove(list(self._items))

    def _accept(self, chosen: list[Suggestion]) -> None:
        if not chosen:
            return
        articles = {s.article_id for s in chosen}
        if len(articles) == 1:
            aid = chosen[0].article_id
            spans = [(s.start, s.end, s.type, s.entity_id) for s in chosen]
            edit = self._runner.run(lambda t: t.add_mentions(aid, spans))
        else:
            across = [(s.article_id, s.start, s.end, s.type, s.entity_id) for s in chosen]
            edit = self._runner.run(lambda t: t.add_mentions_across(across))
        if edit is not None:
            self._remove(chosen)

    def _remove(self, gone: list[Suggestion]) -> None:
        row = self.list.currentRow()
        ids = {id(s) for s in gone}
        mention = self._mention
        keep = [s for s in self._items if id(s) not in ids]
        self._fill(keep)
        self._mention = mention
        if keep:
            self.list.setCurrentRow(min(max(row, 0), len(keep) - 1))

    def show_current(self) -> None:
        """Scroll the text to the highlighted suggestion and flash it."""
        row = self.list.currentRow()
        if 0 <= row < len(self._items):
            s = self._items[row]
            self.suggestion_focused.emit(s.article_id, s.start, s.end)

    def _on_current_row_changed(self, row: int) -> None:
        if self.list.hasFocus():
            self.show_current()


class _SpanIndex:
    """Mentions sorted by start, for "does anything overlap [start, end)?" by bisection
    (the longest mention bounds how far back an overlapping one can start)."""

    def __init__(self, mentions: list[MentionRow]) -> None:
        self._spans = sorted((m.start, m.end) for m in mentions)
        self._starts = [a for a, _ in self._spans]
        self._longest = max((b - a for a, b in self._spans), default=0)

    def overlaps(self, start: int, end: int) -> bool:
        hi = bisect.bisect_left(self._starts, end)
        lo = bisect.bisect_left(self._starts, start - self._longest)
        return any(b > start for _, b in self._spans[lo:hi])
