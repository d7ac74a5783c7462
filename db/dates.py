"""Normalising the dates analysts type or tag ("Oktober 2019", "im Herbst 2020",
"2018-2022", "12. Juli 2020") into ISO ranges that sort and filter."""

from __future__ import annotations

import calendar
import re

MONTHS = {
    **{m.lower(): i for i, m in enumerate(calendar.month_name) if m},
    **{m.lower(): i for i, m in enumerate(calendar.month_abbr) if m},
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5,
    "juni": 6, "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11,
    "dezember": 12, "sept": 9, "okt": 10, "dez": 12,
}  # fmt: skip
SEASONS = {
    "spring": (3, 5), "frühling": (3, 5), "frühjahr": (3, 5), "summer": (6, 8), "sommer": (6, 8),
    "autumn": (9, 11), "fall": (9, 11), "herbst": (9, 11), "winter": (12, 14),
}  # fmt: skip
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$")
_RANGE = re.compile(
    r"^(?:between|zwischen|from|von)?\s*(.+?)\s*(?:-|–|—|bis|to|and|und|until)\s*(.+)$", re.I
)


def _single(text: str) -> tuple[str, str] | None:
    t = text.strip().strip(".,").lower()
    t = re.sub(r"^(im|in|am|on|des|of|the|anfang|ende|early|late|mid)\s+", "", t)
    m = _ISO.match(t)
    if m:
        y, mo, d = m.group(1), m.group(2), m.group(3)
        if d:
            iso = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
            return iso, iso
        if mo:
            iso = f"{int(y):04d}-{int(mo):02d}"
            return iso, iso
        return y, y
    m = _DMY.match(t)
    if m:
        iso = f"{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
        return iso, iso
    words = re.findall(r"[^\W\d_]+|\d+", t)
    years = [w for w in words if len(w) == 4 and w.isdigit()]
    if len(years) != 1:
        return None
    year = int(years[0])
    for w in words:
        if w in SEASONS:
            a, b = SEASONS[w]
            end_year, end_month = (year + 1, b - 12) if b > 12 else (year, b)
            return f"{year:04d}-{a:02d}", f"{end_year:04d}-{end_month:02d}"
    month = next((MONTHS[w] for w in words if w in MONTHS), None)
    if month is None:
        return (str(year), str(year)) if len(words) == 1 else None
    day = next((int(w) for w in words if w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31), None)
    if day:
        iso = f"{year:04d}-{month:02d}-{day:02d}"
        return iso, iso
    iso = f"{year:04d}-{month:02d}"
    return iso, iso


def normalise_date(text: str) -> tuple[str, str] | None:
    """(start, end) as ISO year, year-month or date; None if not understood."""
    if not text or not text.strip():
        return None
    one = _single(text)
    if one:
        return one
    m = _RANGE.match(text.strip())
    if m:
        a, b = _single(m.group(1)), _single(m.group(2))
        if a and b:
            return a[0], b[1]
    return None


def format_range(start: str | None, end: str | None) -> str:
    """How a normalised range reads in a summary: "2020-07", "2018–2022"."""
    if not start:
        return ""
    if not end or end == start:
        return start
    return f"{start}–{end}"
