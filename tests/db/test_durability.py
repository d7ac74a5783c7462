"""Killing the process in the middle of editing loses nothing that was reported saved."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from db.stats import check_store
from db.workspace import Workspace

WRITER = textwrap.dedent(
    """
    import sys
    from db.workspace import Workspace
    ws = Workspace.open(sys.argv[1], "anna")
    art = int(sys.argv[2])
    n = len(ws.article(art).text)
    i = 0
    while True:
        start = (i * 7) % (n - 5)
        edit = ws.tagging.add_mention(art, start, start + 4, "ACTOR")
        print("saved", edit.created[0], flush=True)
        i += 1
    """
)


def test_kill_during_edits_keeps_every_saved_edit(store_path: Path, seeds_dir: Path) -> None:
    ws = Workspace.open(store_path, "anna")
    art = ws.import_paths([seeds_dir]).added_ids[0]
    ws.close()
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(store_path), str(art)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    saved: list[int] = []
    deadline = time.monotonic() + 60
    while len(saved) < 40 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith("saved"):
            saved.append(int(line.split()[1]))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert len(saved) >= 40
    ws = Workspace.open(store_path, "anna")
    try:
        ids = {m.id for m in ws.tagging.annotations(art).mentions}
        assert set(saved) <= ids
        # Undo still works on what survived.
        assert ws.tagging.undo_label() is not None
        with ws.store.read() as s:
            assert check_store(s) == []
    finally:
        ws.close()


BULK_IMPORTER = textwrap.dedent(
    """
    import sys, time
    from db import bulk_load
    from db.formats import layer_store
    from db.formats.layer_writer import write_documents
    from db.formats.model import DatasetDoc, DocMention
    from db.workspace import Workspace
    bulk_load.BULK_FROM = 2  # the bulk path, on a small input
    layer_store.BATCH_DOCS = 2
    ws = Workspace.open(sys.argv[1], "anna")
    docs = []
    for i in range(6):
        text = f"Qatar ordered drones number {i} from Belarus."
        at = text.index("Belarus")
        docs.append(DatasetDoc(None, None, f"Order {i}", text, "importer", mentions=(
            DocMention(None, 0, 5, "ACTOR", "Qatar"),
            DocMention(None, at, at + 7, "ACTOR", "Belarus"),
        )))
    def progress(done, total, what):
        if what == "Storing annotations":  # indexes dropped, rows half stored
            print("dropped", flush=True)
            time.sleep(120)
    write_documents(ws.store, docs, ws.tagging.tagset, progress=progress)
    """
)


def _schema(path: Path) -> set[tuple[str, str]]:
    import sqlite3

    con = sqlite3.connect(path)
    try:
        return set(con.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
    finally:
        con.close()


def test_kill_during_a_bulk_import_leaves_indexes_and_rows_as_they_were(store_path: Path) -> None:
    """A big import drops its tables' indexes inside its transaction (db.bulk_load); a
    crash at that moment rolls the drop back with the rows."""
    Workspace.open(store_path, "anna").close()
    before = _schema(store_path)
    proc = subprocess.Popen(
        [sys.executable, "-c", BULK_IMPORTER, str(store_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    try:
        assert proc.stdout.readline().strip() == "dropped"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert _schema(store_path) == before  # every index there, as it was
    ws = Workspace.open(store_path, "anna")
    try:
        assert ws.stats().articles == 0
        with ws.store.read() as s:
            assert check_store(s) == []
    finally:
        ws.close()
