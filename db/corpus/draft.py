"""Article drafts read from files, the problem a bad file raises, and shared normalisers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from db.errors import ArmscribeError

# Readers refuse bigger files up front: a 200 MB file is already ~1 GB of Python strings.
MAX_FILE_BYTES = 200 * 1024 * 1024

# Canonical draft field -> accepted key/column names (lower case), first one preferred.
FIELD_ALIASES: Mapping[str, tuple[str, ...]] = {
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "source": ("source", "outlet", "publisher", "sitename"),
    "author": ("author", "byline"),
    "url": ("url", "link"),
    "published": ("published", "date", "publication_date"),
    "language": ("language", "lang"),
}


@dataclass(frozen=True, slots=True)
class ArticleDraft:
    """One article as read from a file, before it is stored."""

    text: str  # body, newlines normalised to "\n", no BOM, not empty
    title: str | None = None
    source: str | None = None  # outlet
    author: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 'YYYY-MM-DD' (or 'YYYY-MM' / 'YYYY')
    language: str | None = None  # ISO 639-1, lower case
    extra: Mapping[str, Any] = field(default_factory=dict)  # JSON-serialisable
    origin: str = ""  # "path" or "path:line", for messages

    def __post_init__(self) -> None:
        # Offsets into the stored text depend on these invariants, so fail early.
        if not self.text.strip():
            raise ValueError("ArticleDraft.text must not be empty")
        if "\r" in self.text or "\ufeff" in self.text:
            raise ValueError("ArticleDraft.text must be normalised (no CR, no BOM)")


class ImportProblem(ArmscribeError):
    """A bad input file: carries path, optional 1-based line, and a message."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        # Passing all three to Exception keeps the problem picklable across processes.
        super().__init__(path, message, line)
        self.path = path
        self.message = message
        self.line = line

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


def read_input_bytes(path: Path) -> bytes:
    """The file's bytes, or an ImportProblem if it is too large or unreadable."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportProblem(
                str(path),
                f"file too large ({size / 2**20:.0f} MB; the limit is "
                f"{MAX_FILE_BYTES // 2**20} MB); split it into smaller files",
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportProblem(str(path), "no such file or folder") from None
    except IsADirectoryError:
        raise ImportProblem(str(path), "is a folder, not a file") from None
    except OSError as exc:
        raise ImportProblem(str(path), f"cannot read: {exc.strerror or exc}") from None


_NEWLINE_RE = re.compile(rb"\r\n|\r|\n")


def decode_utf8(data: bytes, path: Path) -> str:
    """Strict UTF-8 (a leading BOM is dropped); bad bytes raise with their line."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportProblem(str(path), "the file is UTF-16; save it as UTF-8", 1)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = len(_NEWLINE_RE.findall(before)) + 1
        line_start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
        # Everything before the bad byte decoded fine, so the column counts characters.
        column = len(before[line_start:].decode("utf-8")) + 1
        raise ImportProblem(
            str(path),
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}, "
            f"column {column}); save the file as UTF-8",
            line,
        ) from None


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; BOM characters are dropped."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")


_ISO_DAY_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{1,2}:\d{2}.*)?")
_DOTTED_DAY_RE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+\d{1,2}:\d{2}.*)?")
_ISO_MONTH_RE = re.compile(r"(\d{4})-(\d{2})")
_YEAR_RE = re.compile(r"\d{4}")


def normalise_date(raw: str) -> str | None:
    """ISO 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' from common forms, else None."""
    s = raw.strip()
    if m := _ISO_DAY_RE.fullmatch(s):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := _DOTTED_DAY_RE.fullmatch(s):
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    elif m := _ISO_MONTH_RE.fullmatch(s):
        y, mo = int(m[1]), int(m[2])
        return f"{y:04d}-{mo:02d}" if 1 <= mo <= 12 and y >= 1000 else None
    elif _YEAR_RE.fullmatch(s):
        return s if int(s) >= 1000 else None
    else:
        return None
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


_LANG_RE = re.compile(r"([a-z]{2})(?:[-_][a-z0-9]+)*")


def normalise_language(raw: str) -> str | None:
    """ISO 639-1 code from 'de', 'DE', 'de-AT', 'en_US'; None if not such a code."""
    m = _LANG_RE.fullmatch(raw.strip().lower())
    return m[1] if m else None


def set_field(name: str, value: str, fields: dict[str, str], extra: dict[str, Any]) -> None:
    """Store one metadata value under its draft field; a date or language that cannot be
    read is kept in ``extra`` (``date_raw``, ``language_raw``) rather than lost."""
    if name == "published":
        if iso := normalise_date(value):
            fields[name] = iso
        else:
            extra["date_raw"] = value
    elif name == "language":
        if code := normalise_language(value):
            fields[name] = code
        else:
            extra["language_raw"] = value
    else:
        fields[name] = value
