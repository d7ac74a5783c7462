"""Which input files to read, and reading one file of any supported kind."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from db.corpus.draft import MAX_FILE_BYTES, ArticleDraft, ImportProblem
from db.corpus.html_files import read_html_file
from db.corpus.language import detect_languages
from db.corpus.table_files import read_csv_file, read_jsonl_file
from db.corpus.text_files import read_text_file

_READERS: Mapping[str, Callable[[Path], list[ArticleDraft]]] = {
    ".txt": read_text_file,
    ".md": read_text_file,
    ".markdown": read_text_file,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".jsonl": read_jsonl_file,
    ".csv": read_csv_file,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_READERS)


def iter_input_files(paths: Sequence[Path]) -> list[Path]:
    """Files to import: named files as given, folders walked (sorted, hidden entries skipped)."""
    found: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        if given.is_dir():
            candidates = _walk(given)
        elif given.is_file():
            if given.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise _unsupported(given)
            candidates = [given]
        elif given.exists():
            raise ImportProblem(str(given), "not a regular file or folder")
        else:
            raise ImportProblem(str(given), "no such file or folder")
        for path in candidates:
            key = path.resolve()
            if key not in seen:  # a file named and also inside a named folder: read once
                seen.add(key)
                found.append(path)
    return found


def read_file(path: Path, *, detect: bool = True) -> list[ArticleDraft]:
    """Drafts from one file, chosen by suffix; drafts lacking a language get one detected
    (unless ``detect`` is false: bulk importers detect many at once with
    ``fill_languages``)."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise _unsupported(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportProblem(str(path), "no such file or folder") from None
    except OSError as exc:
        raise ImportProblem(str(path), f"cannot read: {exc.strerror or exc}") from None
    if size > MAX_FILE_BYTES:
        raise ImportProblem(
            str(path),
            f"file too large ({size / 2**20:.0f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB)",
        )
    drafts = reader(path)
    return fill_languages(drafts) if detect else drafts


def fill_languages(drafts: list[ArticleDraft]) -> list[ArticleDraft]:
    """The drafts, those without a language given one by detection (in parallel)."""
    missing = [i for i, d in enumerate(drafts) if not d.language]
    if not missing:
        return drafts
    found = detect_languages([drafts[i].text for i in missing])
    out = list(drafts)
    for i, lang in zip(missing, found, strict=True):
        out[i] = dataclasses.replace(drafts[i], language=lang)
    return out


def _unsupported(path: Path) -> ImportProblem:
    kind = f"'{path.suffix}'" if path.suffix else "without a suffix"
    supported = " ".join(sorted(SUPPORTED_SUFFIXES))
    return ImportProblem(str(path), f"unsupported file type {kind} (supported: {supported})")


def _walk(root: Path) -> list[Path]:
    """Supported files below root, in a stable order; dot-files and dot-folders are skipped."""

    def fail(exc: OSError) -> None:
        # A folder we cannot list would silently lose its articles.
        where = exc.filename or str(root)
        raise ImportProblem(str(where), f"cannot read folder: {exc.strerror or exc}")

    found: list[Path] = []
    for folder, dirnames, filenames in os.walk(root, onerror=fail):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            path = Path(folder, name)
            if not name.startswith(".") and path.suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).parts)
