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
