"""Saved web pages: the article body and its metadata, via trafilatura (offline)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from db.corpus.draft import (
    ArticleDraft,
    ImportProblem,
    normalise_date,
    normalise_newlines,
    read_input_bytes,
)

# Browsers only look this far for a <meta charset>, so a later one is not authoritative.
_CHARSET_SNIFF_BYTES = 4096
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
# WHATWG: these labels mean windows-1252 in HTML.
_WINDOWS_1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii"}
)
_EXTRA_FIELDS = ("description", "hostname", "categories", "tags", "license", "image", "pagetype")


def read_html_file(path: Path) -> list[ArticleDraft]:
    """One draft from a saved .html/.htm page; navigation, footers and comments are dropped."""
    html = decode_html(read_input_bytes(path))
    if not html.strip():
        raise ImportProblem(str(path), "no article text found")
    import trafilatura  # heavy: load only when a web page is imported

    # bare_extraction never downloads: it only parses the string it is given.
    doc = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=True,
    )
    if doc is None or isinstance(doc, dict):
        raise ImportProblem(str(path), "no article text found")
    text = normalise_newlines(doc.text or "").strip()
    title = _clean(doc.title)
    if title and text:
        first, _, rest = text.partition("\n")
        # trafilatura repeats the <h1> as the first paragraph; the title is kept apart.
        if _same(first, title) and rest.strip():
            text = rest.lstrip("\n")
    if not text:
        raise ImportProblem(str(path), "no article text found")
    extra: dict[str, Any] = {}
    for name in _EXTRA_FIELDS:
        value = getattr(doc, name, None)
        if value:
            extra[name] = list(value) if isinstance(value, list) else str(value)
    published = None
    if raw_date := _clean(doc.date):
        published = normalise_date(raw_date)
        if published is None:
            extra["date_raw"] = raw_date
    return [
        ArticleDraft(
            text=text,
            title=title,
            source=_clean(doc.sitename),
            author=_clean(doc.author),
            url=_clean(doc.url),
            published=published,
            language=None,  # detected by read_file / fill_languages
            extra=extra,
            origin=str(path),
        )
    ]


def decode_html(data: bytes) -> str:
    """Decode page bytes: BOM, then valid UTF-8, then the declared charset, then a guess."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _declared_charset(data[:_CHARSET_SNIFF_BYTES])
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    # Non-ASCII text that is valid UTF-8 is UTF-8 whatever the label says: pages saved by
    # a browser are re-encoded but often keep their original <meta charset>.
    if utf8 is not None and (declared is None or not data.isascii()):
        return utf8
    if declared is not None:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    from trafilatura.utils import decode_file

    return decode_file(data)


def _declared_charset(head: bytes) -> str | None:
    m = _META_CHARSET_RE.search(head)
    if m is None:
        return None
    label = m[1].decode("ascii").lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # WHATWG: a UTF-16 label in an ASCII-compatible <meta> cannot be true; read UTF-8.
    return "utf-8" if name.startswith("utf-16") else name


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else None
    return value or None


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
