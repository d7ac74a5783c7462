"""The main window's actions and menus (File, Edit, Tag, View, Review, Help), built
from a ``MainWindow``, and the menus it refills as the store changes (recent stores,
the tagset's types, undo and redo)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from desktop.help_dialogs import show_about
from desktop.settings import recent_stores
from desktop.tagging_panel import SUGGEST_KEY

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


def make_action(
    window: MainWindow,
    text: str,
    slot: Callable[[], object],
    shortcuts: Sequence[QKeySequence.StandardKey | str] = (),
) -> QAction:
    """An action of ``window`` running ``slot``, bound to ``shortcuts`` window-wide."""
    act = QAction(text, window)
    keys: list[QKeySequence] = []
    for k in shortcuts:
        if isinstance(k, str):
            keys.append(QKeySequence(k))
        else:  # a platform's standard key may have several bindings
            keys.extend(QKeySequence.keyBindings(k))
    keys = [k for k in keys if not k.isEmpty()]
    if keys:
        act.setShortcuts(keys)
    act.triggered.connect(slot)
    window.addAction(act)  # shortcuts work even while the menu bar is hidden
    return act


def build_actions(w: MainWindow) -> None:
    """Every ``act_*`` of the window."""
    w.act_new_store = make_action(
        w,
        QCoreApplication.translate("MainWindow", "&New Store…"),
        w._on_new_store,
        [QKeySequence.StandardKey.New],
    )
    w.act_open_store = make_action(
        w,
        QCoreApplication.translate("MainWindow", "&Open Store…"),
        w._on_open_store,
        [QKeySequence.StandardKey.Open],
    )
    w.act_import_files = make_action(
        w,
        QCoreApplication.translate("MainWindow", "&Import Files…"),
        w._on_import_files,
        ["Ctrl+I"],
    )
    w.act_import_folder = make_action(
        w,
        QCoreApplication.translate("MainWindow", "Import &Folder…"),
        w._on_import_folder,
        ["Ctrl+Shift+I"],
    )
    w.act_import_annotations = make_action(
        w,
        QCoreApplication.translate("MainWindow", "Import &Annotations…"),
        w._on_import_annotations,
    )
    w.act_load_tagset = make_action(
        w, QCoreApplication.translate("MainWindow", "Load &Tagset…"), w._on_load_tagset
    )
    w.act_export = make_action(
        w, QCoreApplication.translate("MainWindow", "&Export Dataset…"), w._on_export_dataset
    )
    w.act_quit = make_action(
        w, QCoreApplication.translate("MainWindow", "&Quit"), w.close, ["Ctrl+Q"]
    )
    w.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
    w.act_find = make_action(
        w,
        QCoreApplication.translate("MainWindow", "&Find…"),
        w.list_panel.focus_search,
        [QKeySequence.StandardKey.Find],
    )
    w.act_next = make_action(
        w,
        QCoreApplication.translate("MainWindow", "&Next Article"),
        w.list_panel.select_next,
        ["J", "Alt+Down"],
    )
    w.act_previous = make_action(
        w,
        QCoreApplication.translate("MainWindow", "&Previous Article"),
        w.list_panel.select_previous,
        ["K", "Alt+Up"],
    )
    w.act_undo = make_action(
        w,
        QCoreApplication.translate("MainWindow", "&Undo"),
        w._on_undo,
        [QKeySequence.StandardKey.Undo],
    )
    w.act_redo = make_action(
        w, QCoreApplication.translate("MainWindow", "&Redo"), w._on_redo, ["Ctrl+Shift+Z", "Ctrl+Y"]
    )
    # Their keys work in the text and the form only (the entities panel uses them too):
    # named after a tab, not bound.
    w.act_delete_mention = make_action(
        w,
        QCoreApplication.translate("MainWindow", "&Delete Mention") + "\tDel",
        w.tagging_panel.delete_selected_mention,
    )
    w.act_suggest = make_action(
        w,
        QCoreApplication.translate("MainWindow", "Tag &All Occurrences…") + "\t" + SUGGEST_KEY,
        w.tagging_panel.suggest_now,
    )
    w.act_toggle_dock = w.tagging_dock.toggleViewAction()
    w.act_toggle_dock.setText(QCoreApplication.translate("MainWindow", "Show &Tagging Panel"))
    w.act_toggle_entities = w.entities_dock.toggleViewAction()
    w.act_toggle_entities.setText(QCoreApplication.translate("MainWindow", "Show &Entities Panel"))
    w.act_toggle_entities.triggered.connect(lambda on: w.entities_dock.raise_() if on else None)
    w.act_larger = make_action(
        w,
        QCoreApplication.translate("MainWindow", "&Larger Text"),
        w._on_larger_text,
        [QKeySequence.StandardKey.ZoomIn, "Ctrl+="],
    )
    w.act_smaller = make_action(
        w,
        QCoreApplication.translate("MainWindow", "&Smaller Text"),
        w._on_smaller_text,
        [QKeySequence.StandardKey.ZoomOut],
    )
    w.act_shortcuts = make_action(
        w,
        QCoreApplication.translate("MainWindow", "&Keyboard Shortcuts…"),
        w.show_shortcuts,
        ["Ctrl+/"],
    )
    w.act_tagset_info = make_action(
        w, QCoreApplication.translate("MainWindow", "&Tagset…"), w.show_tagset_info
    )
    w.act_my_name = make_action(
        w, QCoreApplication.translate("MainWindow", "My &Name…"), lambda: w.ask_my_name()
    )
    w.act_export_review = make_action(
        w, QCoreApplication.translate("MainWindow", "Export for &Review…"), w.bundles.ask_export
    )
    w.act_import_review = make_action(
        w,
        QCoreApplication.translate("MainWindow", "Import &Colleague's Work…"),
        w.bundles.ask_import,
    )
    w.act_review = make_action(
        w,
        QCoreApplication.translate("MainWindow", "&Review This Article…"),
        w._on_review_article,
        ["Ctrl+Shift+R"],
    )
    w.act_leave_review = make_action(
        w, QCoreApplication.translate("MainWindow", "&Leave Review"), w.review.stop
    )
    w.act_leave_review.setEnabled(False)
    w.act_dashboard = make_action(
        w,
        QCoreApplication.translate("MainWindow", "&Agreement Dashboard…"),
        w._on_agreement_dashboard,
    )
    w.act_graph_diff = make_action(
        w, QCoreApplication.translate("MainWindow", "&Graph Diff…"), w._on_graph_diff
    )
    w.act_about = make_action(
        w, QCoreApplication.translate("MainWindow", "&About Armscribe"), lambda: show_about(w)
    )
    w.act_about.setMenuRole(QAction.MenuRole.AboutRole)


def build_menus(w: MainWindow) -> None:
    """The menu bar, from the actions ``build_actions`` made."""
    mb = w.menuBar()
    file_menu = mb.addMenu(QCoreApplication.translate("MainWindow", "&File"))
    file_menu.addAction(w.act_new_store)
    file_menu.addAction(w.act_open_store)
    w.recent_menu = QMenu(QCoreApplication.translate("MainWindow", "Open &Recent"), w)
    w.recent_menu.aboutToShow.connect(w._fill_recent_menu)
    file_menu.addMenu(w.recent_menu)
    file_menu.addSeparator()
    file_menu.addAction(w.act_import_files)
    file_menu.addAction(w.act_import_folder)
    file_menu.addAction(w.act_import_annotations)
    file_menu.addAction(w.act_export)
    file_menu.addSeparator()
    file_menu.addAction(w.act_export_review)
    file_menu.addAction(w.act_import_review)
    file_menu.addSeparator()
    file_menu.addAction(w.act_load_tagset)
    file_menu.addSeparator()
    file_menu.addAction(w.act_quit)
    edit_menu = mb.addMenu(QCoreApplication.translate("MainWindow", "&Edit"))
    edit_menu.addAction(w.act_undo)
    edit_menu.addAction(w.act_redo)
    edit_menu.addSeparator()
    edit_menu.addAction(w.act_find)
    edit_menu.addSeparator()
    edit_menu.addAction(w.act_my_name)
    w.tag_menu = mb.addMenu(QCoreApplication.translate("MainWindow", "&Tag"))
    view_menu = w.view_menu = mb.addMenu(QCoreApplication.translate("MainWindow", "&View"))
    view_menu.addAction(w.act_next)
    view_menu.addAction(w.act_previous)
    view_menu.addSeparator()
    view_menu.addAction(w.act_toggle_dock)
    view_menu.addAction(w.act_toggle_entities)
    w._view_docks_end = view_menu.addSeparator()  # late docks' toggles go above
    w.layer_menu = view_menu.addMenu(QCoreApplication.translate("MainWindow", "La&yer"))
    w.layer_menu.setObjectName("layerMenu")
    w.layer_menu.aboutToShow.connect(w._fill_layers)
    view_menu.addSeparator()
    view_menu.addAction(w.act_larger)
    view_menu.addAction(w.act_smaller)
    review_menu = w.review_menu = mb.addMenu(QCoreApplication.translate("MainWindow", "&Review"))
    review_menu.addAction(w.act_review)
    review_menu.addAction(w.act_leave_review)
    review_menu.addSeparator()
    for text, key in (
        (QCoreApplication.translate("MainWindow", "Accept A"), "A"),
        (QCoreApplication.translate("MainWindow", "Accept B"), "B"),
        (QCoreApplication.translate("MainWindow", "Reject"), "R"),
        (QCoreApplication.translate("MainWindow", "Edit in the Curated Layer"), "E"),
        (QCoreApplication.translate("MainWindow", "Accept All Agreed"), "Shift+A"),
        (QCoreApplication.translate("MainWindow", "Next / Previous Difference"), "J / K"),
        (QCoreApplication.translate("MainWindow", "Comment"), "C"),
    ):
        # Keys of the review list (when it has focus): named here, not bound.
        act = review_menu.addAction(f"{text}\t{key}")
        act.setEnabled(False)
    review_menu.addSeparator()
    review_menu.addAction(w.act_dashboard)
    review_menu.addAction(w.act_graph_diff)
    help_menu = mb.addMenu(QCoreApplication.translate("MainWindow", "&Help"))
    help_menu.addAction(w.act_shortcuts)
    help_menu.addAction(w.act_tagset_info)
    help_menu.addAction(w.act_about)
    fill_recent_menu(w)
    fill_tag_menu(w)
    update_undo_actions(w)


def fill_tag_menu(w: MainWindow) -> None:
    """Types of the store's tagset; their keys work in the text and the form, so the
    menu names them without binding them window-wide."""
    menu = w.tag_menu
    menu.clear()
    panel = w.tagging_panel
    ts = panel.tagset()
    for mt in ts.mention_types if ts is not None else ():
        act = menu.addAction(
            QCoreApplication.translate("MainWindow", "Tag as {type}").format(type=mt.label)
            + f"\t{mt.shortcut}"
        )
        act.triggered.connect(lambda _c=False, name=mt.name: panel.apply_type(name))
    if ts is not None:
        events = menu.addMenu(QCoreApplication.translate("MainWindow", "New &Event"))
        for et in ts.event_types:
            act = events.addAction(
                QCoreApplication.translate("MainWindow", "{type} event").format(type=et.label)
                + f"\t{et.shortcut.upper()}"
            )
            act.triggered.connect(lambda _c=False, name=et.name: panel.apply_type(name))
    menu.addSeparator()
    menu.addAction(w.act_delete_mention)
    menu.addAction(w.act_suggest)


def update_undo_actions(w: MainWindow) -> None:
    """Name the edit Undo and Redo would revert or repeat; disable them when none."""
    undo, redo = w.runner.undo_label(), w.runner.redo_label()
    w.act_undo.setText(
        QCoreApplication.translate("MainWindow", "&Undo {edit}").format(edit=undo)
        if undo
        else QCoreApplication.translate("MainWindow", "&Undo")
    )
    w.act_redo.setText(
        QCoreApplication.translate("MainWindow", "&Redo {edit}").format(edit=redo)
        if redo
        else QCoreApplication.translate("MainWindow", "&Redo")
    )
    w.act_undo.setEnabled(undo is not None)
    w.act_redo.setEnabled(redo is not None)


def fill_recent_menu(w: MainWindow) -> None:
    """File > Open Recent, from the stores remembered in the window's settings."""
    menu = w.recent_menu
    menu.clear()
    items = recent_stores(w.settings())
    for i, location in enumerate(items):
        act = menu.addAction(f"&{i + 1}  {location}")
        act.setData(location)
        act.triggered.connect(lambda _checked=False, loc=location: w.switch_store(loc))
    if not items:
        empty = menu.addAction(QCoreApplication.translate("MainWindow", "No Recent Stores"))
        empty.setEnabled(False)
