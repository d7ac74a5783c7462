"""File > Import Annotations…: annotated datasets in as annotator layers, with a mapping step.

Three steps in one dialog. (1) Choose the source (file(s) or a folder) and its format,
guessed from the path. (2) The files are read off the GUI thread (``registry.read``) and
the dialog shows what was found: documents, and every mention, event, relation type and
role with its count. A type the store's tagset does not know gets a choice: one of the
tagset's types of the same kind, or "Leave out (report)". Nothing is left out unless the
user chose it, and the summary says how much was. (3) The layer name (the file's annotator
by default), then ``write_documents`` stores everything off the GUI thread, all or nothing.

Mapping and leaving out are applied here, on the ``DatasetDoc``s (per kind, so a mention
type and a relation type of the same name never collide); the layer writer still checks
everything and refuses the import with a listed reason when something does not fit.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.changes import Changes
from db.formats.dataset import LayerRows
from db.formats.model import DatasetDoc, DocArgument, DocEvent, DocMention, DocRelation
from db.jobs import Cancelled, CancelToken, Progress
from db.tagset import Tagset
from desktop.export_dialog import wrap_layout
from desktop.jobs import Job, JobFn, failure_parts, start_job

if TYPE_CHECKING:
    from db.formats.layer_writer import LayerImportReport
    from desktop.main_window import MainWindow

FORMAT_NAMES = ("jsonl", "doccano", "labelstudio", "brat", "xmi")
KINDS = ("mention", "event", "relation", "role")
LEAVE_OUT = ""  # the combo's data for "Leave out (report)"
PEEK_BYTES = 65_536
READ_REPORT_EVERY = 200


# -- Qt-free part: guess, survey, apply the user's choices ---------------------------------
def guess_format(path: Path) -> str | None:
    """The import format ``path`` most likely holds (None: cannot tell)."""
    path = Path(path)
    if path.is_dir():
        if next(path.rglob("*.ann"), None) is not None:
            return "brat"
        if next(path.rglob("*.xmi"), None) is not None:
            return "xmi"
        return None
    suffix = path.suffix.lower()
    if suffix == ".zip":
        try:
            with zipfile.ZipFile(path) as zf:
                names = [n.lower() for n in zf.namelist()]
        except (OSError, zipfile.BadZipFile):
            return None
        if any(n.endswith(".ann") for n in names):
            return "brat"
        if any(n.endswith(".xmi") for n in names):
            return "xmi"
        return None
    if suffix == ".xmi":
        return "xmi"
    if suffix == ".ann":
        return "brat"
    if suffix not in (".jsonl", ".json", ".ndjson"):
        return None
    try:
        with path.open("rb") as fh:
            head = fh.read(PEEK_BYTES).decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    first = next((ln for ln in head.splitlines() if ln.strip()), "")
    if '"armscribe-jsonl"' in first:
        return "jsonl"
    if '"annotator_role"' in first and '"mentions"' in first:
        return "jsonl"  # a headerless Armscribe layer
    if suffix == ".json" and '"annotations"' in head and '"data"' in head:
        return "labelstudio"
    if suffix == ".json" and head.lstrip().startswith("[") and '"text"' not in head:
        return "labelstudio"
    return "doccano"


@dataclass(frozen=True, slots=True)
class TypeCount:
    """One type (or role) found in the input, with how often and whether the tagset has it."""

    kind: str  # "mention", "event", "relation" or "role"
    name: str
    count: int
    known: bool


@dataclass(slots=True)
class ReadResult:
    """What step 2 found in the files."""

    docs: list[DatasetDoc | LayerRows]  # JSONL comes as LayerRows, the bulk writer's shape
    types: list[TypeCount]
    annotators: list[str]  # the layers' annotator names, in first-seen order
    articles: int

    def total(self, kind: str) -> int:
        return sum(t.count for t in self.types if t.kind == kind)


def survey(docs: Sequence[DatasetDoc | LayerRows], tagset: Tagset) -> ReadResult:
    """Every type in ``docs`` with its count; known = the tagset has it for that kind.

    A role counts as known when some event type of the tagset has a role of that name
    (the layer writer checks it against the event's own type and reports a misfit)."""
    counts: Counter[tuple[str, str]] = Counter()
    annotators: dict[str, None] = {}
    articles: set[str] = set()
    for item in docs:
        if isinstance(item, LayerRows):
            d = item.doc
            counts.update(("mention", r[3]) for r in item.mentions)
        else:
            d = item
            counts.update(("mention", m.type) for m in d.mentions)
        annotators.setdefault(d.annotator, None)
        articles.add(d.article_uuid or d.content_hash or d.text)
        for e in d.events:
            counts[("event", e.type)] += 1
            counts.update(("role", a.role) for a in e.arguments)
        counts.update(("relation", r.type) for r in d.relations)
    types = [
        TypeCount(kind, name, n, name in tagset_names(tagset, kind))
        for (kind, name), n in counts.items()
    ]
    types.sort(key=lambda t: (KINDS.index(t.kind), t.known, t.name))
    return ReadResult(list(docs), types, list(annotators), len(articles))


def tagset_names(tagset: Tagset, kind: str) -> list[str]:
    """The tagset's names of one kind, in the tagset's order."""
    if kind == "mention":
        return [m.name for m in tagset.mention_types]
    if kind == "event":
        return [e.name for e in tagset.event_types]
    if kind == "relation":
        return [r.name for r in tagset.relation_types]
    return list(dict.fromkeys(r.name for e in tagset.event_types for r in e.roles))


@dataclass(slots=True)
class LeftOut:
    """What the user's "Leave out" choices removed (all of it goes in the summary)."""

    types: dict[tuple[str, str], int] = field(default_factory=dict)  # (kind, name) -> count
    arguments: int = 0  # event arguments that pointed at a left-out mention
    triggers: int = 0  # events kept without their left-out trigger mention
    evidence: int = 0  # relations kept without their left-out evidence mention

    def any(self) -> bool:
        return bool(self.types or self.arguments or self.triggers or self.evidence)


def apply_choices(
    items: Iterable[DatasetDoc | LayerRows], choices: Mapping[tuple[str, str], str]
) -> tuple[list[DatasetDoc | LayerRows], LeftOut]:
    """``items`` with types renamed (``choices[(kind, name)] = new name``) and left out
    (``= LEAVE_OUT``); every removal is counted in the returned ``LeftOut``. Without
    choices the items are passed on as they are (``LayerRows`` stay the bulk shape)."""
    left = LeftOut()
    dropped: Counter[tuple[str, str]] = Counter()
    if not choices:
        return list(items), left
    docs = (item.to_doc() if isinstance(item, LayerRows) else item for item in items)

    def choice(kind: str, name: str) -> str:
        return choices.get((kind, name), name)

    out: list[DatasetDoc | LayerRows] = []
    for d in docs:
        mentions: list[DocMention] = []
        gone: set[str | None] = set()
        for m in d.mentions:
            t = choice("mention", m.type)
            if t == LEAVE_OUT:
                dropped[("mention", m.type)] += 1
                gone.add(m.uuid)
            else:
                mentions.append(m if t == m.type else replace(m, type=t))
        events: list[DocEvent] = []
        for e in d.events:
            t = choice("event", e.type)
            if t == LEAVE_OUT:
                dropped[("event", e.type)] += 1
                continue
            args: list[DocArgument] = []
            for a in e.arguments:
                role = choice("role", a.role)
                if role == LEAVE_OUT:
                    dropped[("role", a.role)] += 1
                elif a.mention_uuid in gone:
                    left.arguments += 1
                else:
                    args.append(a if role == a.role else replace(a, role=role))
            trigger = e.trigger_uuid
            if trigger is not None and trigger in gone:
                trigger = None
                left.triggers += 1
            events.append(replace(e, type=t, trigger_uuid=trigger, arguments=tuple(args)))
        relations: list[DocRelation] = []
        for r in d.relations:
            t = choice("relation", r.type)
            if t == LEAVE_OUT:
                dropped[("relation", r.type)] += 1
                continue
            evidence = r.evidence_uuid
            if evidence is not None and evidence in gone:
                evidence = None
                left.evidence += 1
            relations.append(replace(r, type=t, evidence_uuid=evidence))
        out.append(
            replace(d, mentions=tuple(mentions), events=tuple(events), relations=tuple(relations))
        )
    left.types = dict(dropped)
    return out, left


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportAnnotationsDialog", text)


def kind_label(kind: str, n: int = 1) -> str:
    """ "mention" / "mentions" and so on, translated."""
    one = {
        "mention": _tr("mention"),
        "event": _tr("event"),
        "relation": _tr("relation"),
        "role": _tr("event argument"),
    }
    many = {
        "mention": _tr("mentions"),
        "event": _tr("events"),
        "relation": _tr("relations"),
        "role": _tr("event arguments"),
    }
    return (one if n == 1 else many)[kind]


def left_out_lines(left: LeftOut) -> list[str]:
    """The "left out" part of the summary, one line per item."""
    lines = [
        _tr("{name}: {count} {what} left out").format(
            name=name, count=count, what=kind_label(kind, count)
        )
        for (kind, name), count in sorted(left.types.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    if left.arguments:
        lines.append(
            _tr("{n} event arguments left out (they pointed at left-out mentions)").format(
                n=left.arguments
            )
        )
    if left.triggers:
        lines.append(
            _tr("{n} events kept without their trigger (a left-out mention)").format(
                n=left.triggers
            )
        )
    if left.evidence:
        lines.append(
            _tr("{n} relations kept without their evidence (a left-out mention)").format(
                n=left.evidence
            )
        )
    return lines


@dataclass(slots=True)
class ImportOutcome:
    """What the dialog's import did: the writer's report and what was left out."""

    report: LayerImportReport
    left_out: LeftOut


# -- the dialog -------------------------------------------------------------------------
class ImportAnnotationsDialog(QDialog):
    """Choose a dataset, review its types against the tagset, import it as a layer."""

    read_did_finish = Signal(object)
    """The ReadResult, or the exception reading ended with."""
    import_did_finish = Signal(object)
    """The ImportOutcome, or the exception the import ended with."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.job: Job | None = None
        self.paths: list[Path] = []
        self.found: ReadResult | None = None
        self.outcome: ImportOutcome | None = None
        self.combos: dict[tuple[str, str], QComboBox] = {}
        self._layer_before = ""
        self.setWindowTitle(self.tr("Import Annotations"))
        self.setObjectName("importAnnotationsDialog")
        self.resize(640, 520)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._source_page())
        self.pages.addWidget(self._review_page())

        self.back_button = QPushButton(self.tr("< Back"), self)
        self.next_button = QPushButton(self.tr("Read Files"), self)
        self.import_button = QPushButton(self.tr("Import"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.next_button.setDefault(True)
        self.back_button.clicked.connect(self._on_back)
        self.next_button.clicked.connect(self.start_read)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.reject)
        # one fixed order (Back, Next/Import, Cancel) on every platform, as in a wizard
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        for b in (self.back_button, self.next_button, self.import_button, self.cancel_button):
            self.buttons.addWidget(b)

        outer = QVBoxLayout(self)
        outer.addWidget(self.pages, 1)
        outer.addLayout(self.buttons)
        self._show_page(0)

    # -- pages -----------------------------------------------------------------------
    def _source_page(self) -> QWidget:
        page = QWidget(self)
        self.path_edit = QLineEdit(page)
        self.path_edit.setObjectName("importAnnotationsPath")
        self.path_edit.setPlaceholderText(
            self.tr("A file, several files (separated by ;) or a folder")
        )
        self.path_edit.editingFinished.connect(self._on_path_edited)
        files = QPushButton(self.tr("Files…"), page)
        files.clicked.connect(self._on_browse_files)
        folder = QPushButton(self.tr("Folder…"), page)
        folder.clicked.connect(self._on_browse_folder)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(files)
        row.addWidget(folder)
        self.format_combo = QComboBox(page)
        labels = {
            "jsonl": self.tr("Armscribe JSONL"),
            "doccano": self.tr("doccano JSONL"),
            "labelstudio": self.tr("Label Studio JSON (tasks with results)"),
            "brat": self.tr("brat standoff (folder of .ann/.txt, or .zip)"),
            "xmi": self.tr("UIMA CAS XMI (INCEpTION; folder, .xmi or .zip)"),
        }
        for name in FORMAT_NAMES:
            self.format_combo.addItem(labels[name], name)
        self.guess_label = QLabel(page)
        self.guess_label.setWordWrap(True)
        intro = QLabel(
            self.tr(
                "Imports an annotated dataset as an annotator's layer. After reading it, "
                "you see every type it uses; types the tagset does not know are mapped to "
                "one of its types or left out, and the summary counts what was left out."
            ),
            page,
        )
        intro.setWordWrap(True)
        form = QFormLayout(page)
        form.addRow(intro)
        form.addRow(self.tr("Source:"), wrap_layout(row, page))
        form.addRow(self.tr("Format:"), self.format_combo)
        form.addRow("", self.guess_label)
        return page

    def _review_page(self) -> QWidget:
        page = QWidget(self)
        self.found_label = QLabel(page)
        self.found_label.setObjectName("importAnnotationsFound")
        self.found_label.setWordWrap(True)
        self.type_table = QTableWidget(0, 4, page)
        self.type_table.setObjectName("importAnnotationsTypes")
        self.type_table.setHorizontalHeaderLabels(
            [self.tr("Kind"), self.tr("In the file"), self.tr("Count"), self.tr("Import as")]
        )
        self.type_table.verticalHeader().setVisible(False)
        self.type_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.type_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.type_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the combos take focus
        header = self.type_table.horizontalHeader()
        for col in range(3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.mapping_hint = QLabel(page)
        self.mapping_hint.setObjectName("importAnnotationsHint")
        self.mapping_hint.setWordWrap(True)
        self.layer_edit = QLineEdit(page)
        self.layer_edit.setObjectName("importAnnotationsLayer")
        self.as_me_check = QCheckBox(self.tr("As me ({name})").format(name=self._window.annotator))
        self.as_me_check.setParent(page)
        self.as_me_check.toggled.connect(self._on_as_me)
        layer_row = QHBoxLayout()
        layer_row.addWidget(self.layer_edit, 1)
        layer_row.addWidget(self.as_me_check)
        box = QVBoxLayout(page)
        box.addWidget(self.found_label)
        box.addWidget(self.type_table, 1)
        box.addWidget(self.mapping_hint)
        form = QFormLayout()
        form.addRow(self.tr("Layer name:"), wrap_layout(layer_row, page))
        box.addLayout(form)
        return page

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.back_button.setVisible(index == 1)
        self.next_button.setVisible(index == 0)
        self.import_button.setVisible(index == 1)
        (self.next_button if index == 0 else self.import_button).setDefault(True)
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = self.job is None
        self.next_button.setEnabled(idle)
        self.back_button.setEnabled(idle)
        self.import_button.setEnabled(idle and not self.undecided())

    # -- step 1: source ----------------------------------------------------------------
    def set_paths(self, paths: Sequence[Path], fmt: str | None = None) -> None:
        """Choose the source (and the format; None: guess it from the first path)."""
        self.paths = [Path(p) for p in paths]
        self.path_edit.setText("; ".join(str(p) for p in self.paths))
        guessed = guess_format(self.paths[0]) if self.paths and fmt is None else None
        if fmt is not None:
            self.set_format(fmt)
            self.guess_label.clear()
        elif guessed is not None:
            self.set_format(guessed)
            self.guess_label.setText(
                self.tr("Recognised as {fmt}; change it if that is wrong.").format(
                    fmt=self.format_combo.currentText()
                )
            )
        elif self.paths:
            self.guess_label.setText(self.tr("Could not tell the format; choose it."))

    def set_format(self, name: str) -> None:
        self.format_combo.setCurrentIndex(self.format_combo.findData(name))

    def format_name(self) -> str:
        return str(self.format_combo.currentData())

    def _on_path_edited(self) -> None:
        parts = [p.strip() for p in self.path_edit.text().split(";") if p.strip()]
        if [Path(p) for p in parts] != self.paths:
            self.set_paths([Path(p) for p in parts])

    def _on_browse_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import Annotations"),
            "",
            self.tr("Annotated datasets (*.jsonl *.json *.xmi *.zip);;All files (*)"),
        )
        if paths:
            self.set_paths([Path(p) for p in paths])

    def _on_browse_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import Annotations"))
        if folder:
            self.set_paths([Path(folder)])

    # -- step 2: read and review -------------------------------------------------------
    def start_read(self) -> Job | None:
        """Read the source off the GUI thread; None if there is nothing to read."""
        w = self._window
        ws = w.workspace
        self._on_path_edited()
        if ws is None or self.job is not None:
            return None
        if not self.paths:
            w.show_message(
                QMessageBox.Icon.Information,
                self.tr("Import Annotations"),
                self.tr("Choose the file or folder to import first."),
            )
            return None
        fmt, paths, tagset = self.format_name(), list(self.paths), ws.tagging.tagset

        def work(progress: Progress, cancel: CancelToken) -> ReadResult:
            from db.formats.registry import read_items

            docs: list[DatasetDoc | LayerRows] = []
            for doc in read_items(fmt, paths):
                docs.append(doc)
                if len(docs) % READ_REPORT_EVERY == 0:
                    cancel.check()
                    progress(len(docs), 0, f"Read {len(docs)} documents")
            cancel.check()
            return survey(docs, tagset)

        return self._run(work, self.tr("Reading Annotations"), self._on_read, self._on_read_failed)

    def _on_read(self, result: ReadResult) -> None:
        self.found = result
        self._fill_review(result)
        self._show_page(1)
        self.read_did_finish.emit(result)

    def _on_read_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):
            self._show_error(
                self.tr("Cannot Read the Files"), exc, self.tr("Nothing was imported.")
            )
        self.read_did_finish.emit(exc)

    def _fill_review(self, found: ReadResult) -> None:
        ws = self._window.workspace
        assert ws is not None
        tagset = ws.tagging.tagset
        self.found_label.setText(
            self.tr(
                "Found — layers: {docs}, articles: {articles}, mentions: {mentions}, "
                "events: {events} (arguments: {roles}), relations: {relations}."
            ).format(
                docs=len(found.docs),
                articles=found.articles,
                mentions=found.total("mention"),
                events=found.total("event"),
                roles=found.total("role"),
                relations=found.total("relation"),
            )
        )
        table = self.type_table
        table.setRowCount(len(found.types))
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.combos = {}
        for row, t in enumerate(found.types):
            name_item = QTableWidgetItem(t.name)
            count_item = QTableWidgetItem(str(t.count))
            count_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, 0, QTableWidgetItem(kind_label(t.kind, 1)))
            table.setItem(row, 1, name_item)
            table.setItem(row, 2, count_item)
            if t.known:
                table.setItem(row, 3, QTableWidgetItem(self.tr("Kept as it is")))
                continue
            name_item.setIcon(warning)
            name_item.setToolTip(self.tr("Not in the tagset: map it or leave it out."))
            combo = QComboBox(table)
            combo.addItem(self.tr("Choose…"), None)
            names = tagset_names(tagset, t.kind)
            for name in names:
                combo.addItem(self.tr("Map to {name}").format(name=name), name)
            combo.addItem(self.tr("Leave out (report)"), LEAVE_OUT)
            same = [n for n in names if n.casefold() == t.name.casefold()]
            if same:
                combo.setCurrentIndex(combo.findData(same[0]))
            combo.currentIndexChanged.connect(self._on_choice_changed)
            table.setCellWidget(row, 3, combo)
            self.combos[(t.kind, t.name)] = combo
        names = found.annotators
        self.as_me_check.setChecked(False)
        if len(names) == 1:
            self.layer_edit.setText(names[0])
            self.layer_edit.setPlaceholderText("")
        else:
            self.layer_edit.clear()
            self.layer_edit.setPlaceholderText(
                self.tr("Empty: each layer keeps its annotator ({names})").format(
                    names=", ".join(names[:5]) + (", …" if len(names) > 5 else "")
                )
            )
        self._on_choice_changed()

    def choose(self, kind: str, name: str, target: str) -> None:
        """Pick the mapping of one unknown type (``LEAVE_OUT`` to leave it out)."""
        combo = self.combos[(kind, name)]
        combo.setCurrentIndex(combo.findData(target))

    def choices(self) -> dict[tuple[str, str], str]:
        """The user's mapping so far: (kind, name) -> tagset name or ``LEAVE_OUT``."""
        out: dict[tuple[str, str], str] = {}
        for key, combo in self.combos.items():
            value = combo.currentData()
            if value is not None:
                out[key] = str(value)
        return out

    def undecided(self) -> list[tuple[str, str]]:
        """Unknown types the user has not decided on yet."""
        return [k for k, c in self.combos.items() if c.currentData() is None]

    def _on_choice_changed(self, _index: int = 0) -> None:
        n = len(self.combos)
        open_ = len(self.undecided())
        if not n:
            text = self.tr("Every type is in the tagset “{tagset}”.")
        elif open_:
            text = self.tr(
                "{open} of {n} types are not in the tagset “{tagset}”: map each to a type "
                "of the tagset or leave it out."
            )
        else:
            text = self.tr("All {n} unknown types are mapped or left out.")
        ws = self._window.workspace
        self.mapping_hint.setText(
            text.format(open=open_, n=n, tagset=ws.tagging.tagset.name if ws else "")
        )
        self._update_buttons()

    def _on_as_me(self, on: bool) -> None:
        if on:
            self._layer_before = self.layer_edit.text()
            self.layer_edit.setText(self._window.annotator)
        else:
            self.layer_edit.setText(self._layer_before)
        self.layer_edit.setEnabled(not on)

    def _on_back(self) -> None:
        if self.job is None:
            self._show_page(0)

    # -- step 3: import ----------------------------------------------------------------
    def layer_name(self) -> str | None:
        """The annotator the layers are stored under (None: each layer's own)."""
        return self.layer_edit.text().strip() or None

    def start_import(self) -> Job | None:
        """Store the read layers with the chosen mapping off the GUI thread."""
        w = self._window
        ws = w.workspace
        found = self.found
        if ws is None or found is None or self.job is not None or self.undecided():
            return None
        choices = self.choices()
        # a mapping to the same name changes nothing; keep only real decisions
        choices = {k: v for k, v in choices.items() if v != k[1]}
        store, tagset, annotator = ws.store, ws.tagging.tagset, self.layer_name()
        docs = found.docs

        def work(progress: Progress, cancel: CancelToken) -> ImportOutcome:
            from db.formats.layer_writer import write_documents

            ready, left = apply_choices(docs, choices)
            report = write_documents(
                store, ready, tagset, annotator=annotator, progress=progress, cancel=cancel
            )
            return ImportOutcome(report, left)

        w.statusBar().showMessage(self.tr("Importing annotations…"))
        return self._run(
            work, self.tr("Importing Annotations"), self._on_imported, self._on_import_failed
        )

    def summary_lines(self, outcome: ImportOutcome) -> list[str]:
        """The summary the user sees after the import."""
        r = outcome.report
        lines = [
            self.tr(
                "{layers} layers: {mentions} mentions, {events} events, {relations} relations."
            ).format(layers=r.layers, mentions=r.mentions, events=r.events, relations=r.relations),
            self.tr("Articles: {created} created, {matched} matched.").format(
                created=r.articles_created, matched=r.articles_matched
            ),
            self.tr("Entities: {created} created, {matched} matched.").format(
                created=r.entities_created, matched=r.entities_matched
            ),
        ]
        n = len(outcome.left_out.types)
        if n:
            lines.append(self.tr("Left out: {n} type(s), as you chose:").format(n=n))
        else:
            lines.append(self.tr("Left out: nothing."))
        lines += ["  " + ln for ln in left_out_lines(outcome.left_out)]
        return lines

    def _on_imported(self, outcome: ImportOutcome) -> None:
        self.outcome = outcome
        w = self._window
        lines = self.summary_lines(outcome)
        w.statusBar().showMessage(outcome.report.summary(), 15_000)
        w.show_message(
            QMessageBox.Icon.Information,
            self.tr("Annotations Imported"),
            lines[0],
            "\n".join(lines[1:]),
            "\n".join(outcome.report.problems),
        )
        w.op_did_execute.emit(
            Changes(
                articles=True,
                mentions=True,
                events=True,
                relations=True,
                entities=True,
                annotators=True,
            )
        )
        self.import_did_finish.emit(outcome)
        self.accept()

    def _on_import_failed(self, exc: BaseException) -> None:
        w = self._window
        if isinstance(exc, Cancelled):
            w.statusBar().showMessage(self.tr("Import cancelled; nothing was changed."), 15_000)
        else:
            w.statusBar().showMessage(self.tr("Import failed; nothing was changed."), 15_000)
            self._show_error(self.tr("Import Failed"), exc, self.tr("Nothing was changed."))
        self.import_did_finish.emit(exc)

    # -- running -----------------------------------------------------------------------
    def _run(
        self,
        work: JobFn,
        title: str,
        ok: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> Job:
        job = self.job = start_job(
            work, title=title, parent=self, succeeded=ok, failed=failed, finished=self._on_finished
        )
        self._update_buttons()
        return job

    def _on_finished(self) -> None:
        job, self.job = self.job, None
        self._update_buttons()
        if job is not None:
            job.deleteLater()

    def _show_error(self, title: str, exc: BaseException, tail: str) -> None:
        head, rest = failure_parts(exc)
        self._window.show_message(QMessageBox.Icon.Warning, title, head, tail, rest or head)

    def reject(self) -> None:
        if self.job is not None:  # Cancel while running cancels the job, not the dialog
            self.job.cancel()
            return
        super().reject()


def open_import_annotations_dialog(window: MainWindow) -> ImportAnnotationsDialog:
    """Show the import dialog for ``window`` (File > Import Annotations…)."""
    dlg = ImportAnnotationsDialog(window)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    return dlg
