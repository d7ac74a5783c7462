"""Force-directed layout of the relation graph, off the GUI thread when it is big.

igraph's Fruchterman-Reingold takes ~0.2 s at 2,000 nodes and ~0.3 s at 5,000
(FACTS.md): small graphs are laid out at once, bigger ones by a ``desktop.jobs.Job``
so that the window never freezes. Only the newest request's result is delivered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from db.graph.layout import Point
from db.jobs import CancelToken, Progress
from desktop.jobs import Job

SYNC_MAX_NODES = 400  # ~30 ms of layout: cheaper than a thread hand-off's repaint


def compute_layout(
    node_ids: Sequence[int],
    edges: Sequence[tuple[int, int]],
    pinned: Mapping[int, Point],
    initial: Mapping[int, Point],
    seed: int = 0,
) -> dict[int, Point]:
    """Positions for ``node_ids`` (Qt-free; runs in any thread)."""
    from db.graph.layout import force_layout

    return force_layout(
        list(node_ids), list(edges), pinned=dict(pinned), initial=dict(initial), seed=seed
    )


class GraphLayoutJob(QObject):
    """Lays out graphs on request; ``layout_did_finish`` carries ``{id: (x, y)}``."""

    layout_did_finish = Signal(object)
    layout_did_fail = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parent_widget = parent
        self._generation = 0
        self._job: Job | None = None

    @property
    def running(self) -> bool:
        return self._job is not None and self._job.running

    def start(
        self,
        node_ids: Sequence[int],
        edges: Sequence[tuple[int, int]],
        *,
        pinned: Mapping[int, Point],
        initial: Mapping[int, Point],
        seed: int = 0,
        threaded: bool | None = None,
    ) -> dict[int, Point] | None:
        """Lay out the graph. Small graphs (or ``threaded=False``) are done now and the
        positions returned (``layout_did_finish`` is emitted too); big ones run in a
        worker thread and this returns None."""
        self._generation += 1
        if self._job is not None:
            self._job.cancel()  # its result will be ignored
        ids, pairs = list(node_ids), list(edges)
        pins, init = dict(pinned), dict(initial)
        if threaded is None:
            threaded = len(ids) > SYNC_MAX_NODES
        if not threaded:
            try:
                pos = compute_layout(ids, pairs, pins, init, seed)
            except Exception as exc:  # noqa: BLE001 - reported, never a crash
                self.layout_did_fail.emit(f"{type(exc).__name__}: {exc}")
                return None
            self.layout_did_finish.emit(pos)
            return pos

        def work(progress: Progress, cancel: CancelToken) -> dict[int, Point]:
            progress(0, 0, "")
            result = compute_layout(ids, pairs, pins, init, seed)
            cancel.check()
            return result

        generation = self._generation
        job = Job(work, title=self.tr("Laying out the graph"), parent=self._parent_widget)
        job.succeeded.connect(lambda pos, g=generation: self._on_succeeded(g, pos))
        job.failed.connect(lambda exc, g=generation: self._on_failed(g, exc))
        job.finished.connect(lambda j=job: self._on_finished(j))
        self._job = job
        job.start()
        return None

    def wait(self, ms: int = 10_000) -> bool:
        """Block until a running layout ends (window shutdown)."""
        return self._job.wait(ms) if self._job is not None else True

    def _on_succeeded(self, generation: int, pos: object) -> None:
        if generation == self._generation:
            self.layout_did_finish.emit(pos)

    def _on_failed(self, generation: int, exc: object) -> None:
        from db.jobs import Cancelled

        if generation == self._generation and not isinstance(exc, Cancelled):
            self.layout_did_fail.emit(f"{type(exc).__name__}: {exc}")

    def _on_finished(self, job: Job) -> None:
        if self._job is job:
            self._job = None
        job.deleteLater()
