"""JSON Lines and CSV files: one article per record, metadata by key or column name."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from db.corpus.draft import (
    FIELD_ALIASES,
    ArticleDraft,
    ImportProblem,
    decode_utf8,
    normalise_newlines,
    read_input_bytes,
    set_field,
)

_DELIMITERS = ",;\t"
# Whole articles sit in one cell; the default 128 KiB limit is too small. 2**31-1 fits a C long
# on every platform, where sys.maxsize would overflow on Windows.
_CSV_FIELD_LIMIT = 2**31 - 1
_TEXT_NAMES = ", ".join(FIELD_ALIASES["text"])


def read_jsonl_file(path: Path) -> list[ArticleDraft]:
    """One draft per JSON object line; blank lines are skipped."""
    text = decode_utf8(read_input_bytes(path), path)
    drafts: list[ArticleDraft] = []
    # Split on "\n" only: JSON strings may hold U+2028 etc., which splitlines() would cut.
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        try:
            record = json.loads(line, parse_constant=_no_constant)
        except json.JSONDecodeError as exc:
            hint = ""
            if not drafts and line.lstrip().startswith("["):
                hint = "; expected one JSON object per line, not a JSON array"
            raise ImportProblem(
                str(path), f"malformed JSON: {exc.msg} (column {exc.colno}){hint}", number
            ) from None
        if not isinstance(record, dict):
            raise ImportProblem(
                str(path), f"expected a JSON object, found {_json_type(record)}", number
            )
        drafts.append(_draft_from_record(record, path, number, "key"))
    if not drafts:
        raise ImportProblem(str(path), "no articles (the file holds no JSON lines)")
    return drafts


def read_csv_file(path: Path) -> list[ArticleDraft]:
    """One draft per CSV row after the header; delimiter ',', ';' or tab is sniffed."""
    text = decode_utf8(read_input_bytes(path), path)
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    # newline="" hands the csv module the raw line ends, as its docs require.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    header: list[str] | None = None
    header_line = 1
    drafts: list[ArticleDraft] = []
    while True:
        start = reader.line_num + 1  # the physical line where this record begins
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ImportProblem(str(path), f"malformed CSV: {exc}", start) from None
        if not any(cell.strip() for cell in row):
            continue  # blank lines and the empty rows spreadsheets append
        if header is None:
            header, header_line = _column_names(row), start
            if not any(name.lower() in FIELD_ALIASES["text"] for name in header):
                raise ImportProblem(
                    str(path),
                    f"no text column (expected one of: {_TEXT_NAMES}); found: {', '.join(header)}",
                    header_line,
                )
            continue
        record: dict[str, Any] = dict.fromkeys(header, "")
        record.update(zip(header, row, strict=False))
        if surplus := [cell for cell in row[len(header) :] if cell.strip()]:
            record["extra_cells"] = surplus
        drafts.append(_draft_from_record(record, path, start, "column"))
    if header is None:
        raise ImportProblem(str(path), "empty file (no header row)")
    if not drafts:
        raise ImportProblem(str(path), "no articles (the file has a header but no rows)")
    return drafts


def _no_constant(name: str) -> None:
    # NaN and Infinity are not JSON; reading them as null keeps extra serialisable.
    return None


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    return "null" if value is None else "a number"


def _sniff_delimiter(text: str) -> str:
    """The delimiter used most often outside quotes in the header line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for c in first:
        if c == '"':
            quoted = not quoted
        elif not quoted and c in counts:
            counts[c] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])  # ties go to ',' (listed first)
    return best if counts[best] else ","


def _column_names(row: list[str]) -> list[str]:
    names: list[str] = []
    for i, cell in enumerate(row, start=1):
        name = cell.strip() or f"column_{i}"
        names.append(name if name not in names else f"{name}_{i}")
    return names


def _draft_from_record(record: Mapping[str, Any], path: Path, line: int, what: str) -> ArticleDraft:
    """Map a record's keys (case-insensitive aliases) onto draft fields; the rest is extra."""
    first_key: dict[str, str] = {}
    for key in record:
        first_key.setdefault(key.strip().lower(), key)
    chosen: dict[str, str] = {}
    for name, aliases in FIELD_ALIASES.items():
        match = next((first_key[a] for a in aliases if a in first_key), None)
        if match is not None:
            chosen[name] = match
    if "text" not in chosen:
        raise ImportProblem(str(path), f"no text (expected one of the keys: {_TEXT_NAMES})", line)
    raw_text = record[chosen["text"]]
    if not isinstance(raw_text, str):
        raise ImportProblem(str(path), f"'{chosen['text']}' must be a string", line)
    text = normalise_newlines(raw_text).strip()
    if not text:
        raise ImportProblem(str(path), f"empty text ({what} '{chosen['text']}')", line)

    used = set(chosen.values())
    extra: dict[str, Any] = {
        k: v for k, v in record.items() if k not in used and v is not None and v != ""
    }
    fields: dict[str, str] = {}
    for name, key in chosen.items():
        if name == "text":
            continue
        value = _as_text(record[key])
        if value is None:
            if record[key] not in (None, "", []):
                extra[key] = record[key]  # a structure we cannot map onto a field
            continue
        set_field(name, value, fields, extra)
    return ArticleDraft(
        text=text,
        title=fields.get("title"),
        source=fields.get("source"),
        author=fields.get("author"),
        url=fields.get("url"),
        published=fields.get("published"),
        language=fields.get("language"),
        extra=extra,
        origin=f"{path}:{line}",
    )


def _as_text(value: object) -> str | None:
    """A one-line string for a metadata field, or None if the value is empty or structured."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str | int | float):
        parts = [str(value)]
    elif isinstance(value, list) and all(
        isinstance(v, str | int | float) and not isinstance(v, bool) for v in value
    ):
        parts = [str(v) for v in value]  # e.g. several authors
    else:
        return None
    joined = ", ".join(" ".join(p.split()) for p in parts if p.strip())
    return joined or None
