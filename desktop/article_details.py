"""The tagging dock's content for now: the article's metadata and my status for it."""

from __future__ import annotations

import html

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from db.articles import ArticleDoc
from desktop.status_labels import MY_STATUSES, status_label


class ArticleDetailsPanel(QWidget):
    """Title, source, author, date, language, link and word count, plus "My status"."""

    status_chosen = Signal(int, str)
    """The user picked a status (article id, status)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._article_id: int | None = None
        self._fields: dict[str, QLabel] = {}
        form = QFormLayout()
        self._form = form
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for key, label in (
            ("title", self.tr("Title")),
            ("source", self.tr("Source")),
            ("author", self.tr("Author")),
            ("published", self.tr("Date")),
            ("language", self.tr("Language")),
            ("url", self.tr("URL")),
            ("words", self.tr("Words")),
        ):
            value = QLabel(self)
            value.setObjectName(f"details_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            value.setTextFormat(Qt.TextFormat.RichText if key == "url" else Qt.TextFormat.PlainText)
            value.setOpenExternalLinks(key == "url")
            self._fields[key] = value
            form.addRow(label, value)

        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("myStatus")
        for st in MY_STATUSES:
            self.status_combo.addItem(status_label(st), st)
        self.status_combo.activated.connect(self._on_status_activated)
        form.addRow(self.tr("My status"), self.status_combo)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(form)
        layout.addStretch(1)
        self.show_article(None, None)

    def field_text(self, key: str) -> str:
        return self._fields[key].text()

    def show_article(self, doc: ArticleDoc | None, status: str | None) -> None:
        """Show ``doc``'s metadata and ``status`` (None: nothing selected)."""
        self._article_id = doc.id if doc else None
        self.status_combo.setEnabled(doc is not None)
        if doc is None:
            for label in self._fields.values():
                label.setText("")
            return
        dash = "—"
        lang = doc.language or ""
        if lang:
            name = QLocale.languageToString(QLocale(lang).language())
            lang = f"{name} ({lang})" if name and name != "C" else lang
        self._fields["title"].setText(doc.title)
        self._fields["source"].setText(doc.source or dash)
        self._fields["author"].setText(doc.author or dash)
        self._fields["published"].setText(doc.published or dash)
        self._fields["language"].setText(lang or dash)
        url = doc.url or ""
        if url.startswith(("http://", "https://")):
            self._fields["url"].setText(f'<a href="{html.escape(url)}">{html.escape(url)}</a>')
        else:
            self._fields["url"].setText(html.escape(url) or dash)
        self._fields["words"].setText(QLocale().toString(doc.word_count))
        self.show_status(status or "new")
        # QFormLayout keeps row heights for wrapped labels from before the texts changed
        # when they change while the window is hidden (seen in screenshot mode).
        self._form.invalidate()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        self._form.invalidate()
        super().showEvent(event)

    def show_status(self, status: str) -> None:
        """Show ``status`` in the selector (without reporting it as a user's choice)."""
        i = self.status_combo.findData(status)
        if i < 0:  # a review state the analyst does not set; show it anyway
            self.status_combo.addItem(status_label(status), status)
            i = self.status_combo.count() - 1
        self.status_combo.setCurrentIndex(i)

    def _on_status_activated(self, index: int) -> None:
        status = self.status_combo.itemData(index)
        if self._article_id is not None and status:
            self.status_chosen.emit(self._article_id, str(status))
