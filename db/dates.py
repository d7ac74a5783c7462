"""Normalising the dates analysts type or tag ("Oktober 2019", "im Herbst 2020",
"2018-2022", "12. Juli 2020", "Mai bis Juli 2020") into ISO ranges that sort and filter.

A phrase is one date or a range of two. Each date is first read into a ``_Part`` (year,
month or month span, day, each possibly missing); a range may leave out the year (and
for a day, the month) of its first part, which it takes from the second ("Mai bis Juli
2020", "12. bis 17. Juli 2020"). Every word must be understood: an unknown word, an
impossible date (30 February, month 13) or a range that ends before it starts gives None
rather than a guess.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, replace

MONTHS = {
    **{m.lower(): i for i, m in enumerate(calendar.month_name) if m},
    **{m.lower(): i for i, m in enumerate(calendar.month_abbr) if m},
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feb": 2, "märz": 3, "maerz": 3,
    "mär": 3, "mrz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7,
    "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10,
    "okt": 10, "oct": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12, "dec": 12,
}  # fmt: skip
# (first month, last month); a last month past 12 runs into the next year.
SEASONS = {
    "spring": (3, 5), "frühling": (3, 5), "frühjahr": (3, 5), "summer": (6, 8), "sommer": (6, 8),
    "autumn": (9, 11), "fall": (9, 11), "herbst": (9, 11), "winter": (12, 14),
}  # fmt: skip
# Words that may stand beside a date without changing what it names: prepositions,
# articles, "im Jahr", weekdays, and hedges that keep the unit ("Anfang 2020" is 2020).
_FILLERS = frozenset(
    "im in am an on of the des dem der den das seit since by zum zur um "
    "jahr jahre jahren jahres year years anfang beginning early ende end late mitte mid middle "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
_QUARTER_WORDS = frozenset({"quartal", "quarter"})
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}

_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_ISO_LIKE = re.compile(r"\d{4}-\d+(?:-\d+)?")
_DMY = re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})")
_YEAR = re.compile(r"\d{4}")
_DECADE = re.compile(r"\d{3}0(?:s|'s|er)")
_DAY = re.compile(r"(\d{1,2})(?:\.|st|nd|rd|th)?")
_QUARTER = re.compile(r"q([1-4])")
# Range words only as whole words (not "to" in "Oktober", "und" in "Bundeswehr"); dashes
# anywhere, since "2018-2022" has no spaces (every dash is tried, see _range).
_SEPARATOR = re.compile(r"\s*(?:\b(?:bis|to|and|und|until|till|through)\b|[-–—])\s*")
_RANGE_OPENER = re.compile(r"^(?:between|zwischen|from|von|vom)\s+")


@dataclass(frozen=True, slots=True)
class _Part:
    """One date as read, before a range fills in what its first part left out."""

    year: int | None = None
    month: int | None = None
    span: tuple[int, int] | None = None
    day: int | None = None
    decade: bool = False

    def iso(self) -> tuple[str, str] | None:
        """(start, end) as ISO strings, or None if the part is not a whole date."""
        y = self.year
        if y is None:
            return None
        if self.decade:
            return f"{y:04d}", f"{y + 9:04d}"
        if self.span is not None:
            if self.day is not None:
                return None
            a, b = self.span
            end_year, end_month = (y + 1, b - 12) if b > 12 else (y, b)
            return f"{y:04d}-{a:02d}", f"{end_year:04d}-{end_month:02d}"
        if self.month is None:
            return None if self.day is not None else (f"{y:04d}", f"{y:04d}")
        if self.day is None:
            return f"{y:04d}-{self.month:02d}", f"{y:04d}-{self.month:02d}"
        try:
            day = datetime.date(y, self.month, self.day).isoformat()
        except ValueError:
            return None
        return day, day


def _numeric(t: str) -> _Part | None:
    """An ISO or German numeric date; None also for an impossible one."""
    if m := _ISO.fullmatch(t):
        y, mo, d = (int(g) if g else None for g in m.groups())
        if mo is not None and not 1 <= mo <= 12:
            return None
        return _Part(year=y, month=mo, day=d)
    if m := _DMY.fullmatch(t):
        d, mo, y = (int(g) for g in m.groups())
        return _Part(year=y, month=mo, day=d) if 1 <= mo <= 12 else None
    return None


def _part(text: str) -> _Part | None:
    """Read one date of a phrase; the year, month or day may be missing."""
    t = re.sub(r"\b(mid|mitte)-", r"\1 ", text.strip().strip(".,").lower())
    if not t:
        return None
    if _ISO.fullmatch(t) or _DMY.fullmatch(t):
        return _numeric(t)
    if _ISO_LIKE.fullmatch(t):
        return None
    year: int | None = None
    month: int | None = None
    span: tuple[int, int] | None = None
    day: int | None = None
    decade = False
    words = [w.rstrip(".") for w in t.replace(",", " ").split()]
    words = [w for w in words if w]
    i = 0
    while i < len(words):
        w = words[i]
        quarter = _quarter_number(w, words[i + 1] if i + 1 < len(words) else "")
        if quarter is not None:
            if span is not None or month is not None or not 1 <= quarter <= 4:
                return None
            span = (3 * quarter - 2, 3 * quarter)
            i += 0 if _QUARTER.fullmatch(w) else 1  # "3. Quartal" is two words
        elif _YEAR.fullmatch(w) or _DECADE.fullmatch(w):
            if year is not None:
                return None  # two years and no range word: "2019 2020"
            decade = _YEAR.fullmatch(w) is None
            year = int(w[:4])
        elif w in MONTHS or w in SEASONS:
            if month is not None or span is not None:
                return None
            month, span = MONTHS.get(w), SEASONS.get(w)
        elif m := _DAY.fullmatch(w):
            if day is not None:
                return None
            day = int(m.group(1))
        elif w not in _FILLERS:
            return None
        i += 1
    if year is None and month is None and span is None and day is None:
        return None
    if decade and (month is not None or span is not None or day is not None):
        return None
    return _Part(year, month, span, day, decade)


def _quarter_number(word: str, following: str) -> int | None:
    """The quarter that "Q3" or "3. Quartal" / "third quarter" names (None if not one)."""
    if m := _QUARTER.fullmatch(word):
        return int(m.group(1))
    if following not in _QUARTER_WORDS:
        return None
    if m := _DAY.fullmatch(word):
        return int(m.group(1))
    return _ORDINAL_WORDS.get(word)


def _single(text: str) -> tuple[str, str] | None:
    part = _part(text)
    return part.iso() if part else None


def _ordered(start: tuple[str, str], end: tuple[str, str]) -> bool:
    """Whether a range's first part starts no later than its last part ends (compared at
    the coarser of the two precisions: "2020-05" to "2020" is fine)."""
    a, b = start[0], end[1]
    n = min(len(a), len(b))
    return a[:n] <= b[:n]


def _range(text: str) -> tuple[str, str] | None:
    t = text.strip().strip(".,")
    # Try every separator: the first dash of "2020-07-12 – 2020-07-17" splits nothing
    # that reads as two dates, the en dash does.
    for sep in _SEPARATOR.finditer(t):
        head = _RANGE_OPENER.sub("", t[: sep.start()].strip().lower())
        first, last = _part(head), _part(t[sep.end() :])
        if first is None or last is None:
            continue
        if last.year is None or (first.year is None and last.decade):
            return None
        if first.year is None:
            first = replace(first, year=last.year)
            if first.day is not None and first.month is None and first.span is None:
                first = replace(first, month=last.month)
        a, b = first.iso(), last.iso()
        if a is None or b is None or not _ordered(a, b):
            return None
        return a[0], b[1]
    return None


def normalise_date(text: str) -> tuple[str, str] | None:
    """(start, end) as ISO year, year-month or date; None if not understood."""
    if not text or not text.strip():
        return None
    return _single(text) or _range(text)


def format_range(start: str | None, end: str | None) -> str:
    """How a normalised range reads in a summary: "2020-07", "2018–2022"."""
    if not start:
        return ""
    if not end or end == start:
        return start
    return f"{start}–{end}"
