"""Importing article files into a store: all or nothing per invocation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from db.corpus import ArticleDraft, ImportProblem, fill_languages, iter_input_files, read_file
from db.errors import ArmscribeError
from db.jobs import CancelToken, Progress, no_progress
from db.ops.articles import BATCH, AddResult, Duplicate, add_articles
from db.store import Store

MAX_REPORTED_PROBLEMS = 50


class ImportFailed(ArmscribeError):
    """One or more inputs were bad; nothing was imported."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:MAX_REPORTED_PROBLEMS]]
        more = len(self.problems) - len(lines)
        if more > 0:
            lines.append(f"... and {more} more")
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the input; nothing was imported:"
        super().__init__("\n".join([head, *lines]))


@dataclass(slots=True)
class ImportReport:
    files: int = 0
    added_ids: list[int] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    @property
    def added(self) -> int:
        return len(self.added_ids)

    def summary(self) -> str:
        """One line for a status bar or a terminal."""
        dup = len(self.duplicates)
        return (
            f"Imported {self.added} article{'s' if self.added != 1 else ''} "
            f"from {self.files} file{'s' if self.files != 1 else ''}"
            + (f"; skipped {dup} duplicate{'s' if dup != 1 else ''}" if dup else "")
            + "."
        )


def import_paths(
    store: Store,
    paths: Sequence[Path],
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ImportReport:
    """Read every file under ``paths`` and add its articles in one transaction.

    Every file is read even after a bad one, so that all problems are reported at
    once; then nothing is written. Cancelling rolls everything back.
    """
    token = cancel or CancelToken()
    files = iter_input_files(list(paths))
    report = ImportReport(files=len(files))
    problems: list[ImportProblem] = []
    pending: list[ArticleDraft] = []
    with store.write() as s:

        def flush() -> None:
            res: AddResult = add_articles(s, fill_languages(pending), cancel=token)
            report.added_ids.extend(res.added_ids)
            report.duplicates.extend(res.duplicates)
            pending.clear()

        for i, path in enumerate(files):
            token.check()
            try:
                drafts = read_file(path, detect=False)
            except ImportProblem as problem:
                problems.append(problem)
                drafts = []
            if not problems:
                pending.extend(drafts)
                if len(pending) >= BATCH:
                    flush()
            progress(i + 1, len(files), f"Reading {path.name}")
        if problems:
            raise ImportFailed(problems)
        if pending:
            flush()
        token.check()
    return report
