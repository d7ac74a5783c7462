"""Word snapping and edge adjustment of a tagging span, on plain strings (no Qt).

All positions are code-point offsets into the article text. A *word* is a run of
letters, digits and combining marks; a hyphen between two word characters belongs to
the word ("Bayraktar-TB2-Drohnen"), and so does a digit separator between two digits
("3.284", "1,5"). Positions never fall inside a user-perceived character: a base
letter keeps its combining marks, an emoji its modifiers and ZWJ partners, a flag its
two regional indicators.

A selection made with the mouse is *snapped*: an edge inside a word grows to the whole
word, then spaces, punctuation (quotes, brackets, full stops...) and emoji are trimmed
from both ends. Edge adjustment then moves one edge exactly, by a character or a word,
so that an analyst can tag less or more than whole words.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Literal

Edge = Literal["start", "end"]
Unit = Literal["char", "word"]

HYPHENS = frozenset("-\u2010\u2011\u00ad")  # hyphen-minus, hyphen, non-breaking, soft
DIGIT_SEPARATORS = frozenset(".,")
ZWJ = "\u200d"
# Punctuation that belongs to what it follows or precedes: "50 %", "§ 4", "AT&T".
KEPT_PUNCTUATION = frozenset("%\u2030\u2031\u00a7&#@")
# Symbols (category So) that are text, not pictures: keep them at the edges.
KEPT_SYMBOLS = frozenset("\u00b0\u00a9\u00ae\u2122\u2116\u2117")


@lru_cache(maxsize=8192)
def _category(c: str) -> str:
    return unicodedata.category(c)


def is_word_char(c: str) -> bool:
    """A letter or digit (a combining mark counts with the letter it follows)."""
    return _category(c)[0] in "LN"


def _extends(c: str) -> bool:
    """Whether ``c`` joins the character before it into one perceived character."""
    o = ord(c)
    return (
        _category(c)[0] == "M"
        or c == ZWJ
        or 0xFE00 <= o <= 0xFE0F  # variation selectors
        or 0x1F3FB <= o <= 0x1F3FF  # skin tone modifiers
        or 0xE0020 <= o <= 0xE007F  # emoji tag sequences (subdivision flags)
        or 0xE0100 <= o <= 0xE01EF
    )


def _regional(c: str) -> bool:
    return 0x1F1E6 <= ord(c) <= 0x1F1FF


def _pictographic(c: str) -> bool:
    o = ord(c)
    return _category(c) == "So" or 0x1F000 <= o <= 0x1FAFF or 0x2600 <= o <= 0x27BF


def is_boundary(text: str, pos: int) -> bool:
    """Whether ``pos`` lies between two user-perceived characters (grapheme clusters,
    simplified: marks, modifiers, emoji ZWJ sequences and flag pairs stay whole)."""
    if pos <= 0 or pos >= len(text):
        return True
    c = text[pos]
    if _extends(c):
        return False
    if text[pos - 1] == ZWJ and _pictographic(c):
        return False
    if _regional(c) and _regional(text[pos - 1]):
        run = 0
        i = pos - 1
        while i >= 0 and _regional(text[i]):
            run += 1
            i -= 1
        return run % 2 == 0
    return True


def next_boundary(text: str, pos: int) -> int:
    """The first cluster boundary after ``pos`` (or the text's end)."""
    n = len(text)
    pos = min(pos + 1, n)
    while pos < n and not is_boundary(text, pos):
        pos += 1
    return pos


def prev_boundary(text: str, pos: int) -> int:
    """The last cluster boundary before ``pos`` (or 0)."""
    pos = max(pos - 1, 0)
    while pos > 0 and not is_boundary(text, pos):
        pos -= 1
    return pos


def is_word_at(text: str, i: int) -> bool:
    """Whether the code point at ``i`` is part of a word (joiners included)."""
    if i < 0 or i >= len(text):
        return False
    c = text[i]
    if _extends(c):
        # A mark, modifier or joiner belongs to whatever it extends.
        j = i
        while j > 0 and _extends(text[j]):
            j -= 1
        return j != i and _category(text[j])[0] in "LN"
    if _category(c)[0] in "LN":
        return True
    if 0 < i < len(text) - 1:
        after = text[i + 1]
        if c in HYPHENS:
            return is_word_at(text, i - 1) and _category(after)[0] in "LN"
        if c in DIGIT_SEPARATORS:
            return _category(text[i - 1]) == "Nd" and _category(after) == "Nd"
    return False


def word_at(text: str, i: int) -> tuple[int, int] | None:
    """The word containing the code point at ``i`` (a double-click), or None."""
    if not is_word_at(text, i):
        return None
    start, end = i, i + 1
    while start > 0 and is_word_at(text, start - 1):
        start -= 1
    while end < len(text) and (is_word_at(text, end) or not is_boundary(text, end)):
        end += 1
    while start > 0 and not is_boundary(text, start):
        start -= 1
    return start, end


def _trimmable(c: str) -> bool:
    cat = _category(c)
    if c.isspace() or cat[0] in "ZC":
        return True
    if cat[0] == "P":
        return c not in KEPT_PUNCTUATION
    return cat == "So" and c not in KEPT_SYMBOLS  # emoji and other pictures


def snap_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` grown to whole words and trimmed of spaces, punctuation and emoji;
    None when nothing taggable remains."""
    n = len(text)
    start, end = max(0, min(start, n)), max(0, min(end, n))
    if start > end:
        start, end = end, start
    if start == end:
        return None
    while True:  # growing to a word and to a cluster can each expose the other
        before = (start, end)
        if is_word_at(text, start) and is_word_at(text, start - 1):
            while start > 0 and is_word_at(text, start - 1):
                start -= 1
        if is_word_at(text, end - 1) and is_word_at(text, end):
            while end < n and is_word_at(text, end):
                end += 1
        while start > 0 and not is_boundary(text, start):
            start -= 1
        while end < n and not is_boundary(text, end):
            end += 1
        if (start, end) == before:
            break
    while start < end and _trimmable(text[start]):
        start = next_boundary(text, start)
    while end > start and _trimmable(text[prev_boundary(text, end)]):
        end = prev_boundary(text, end)
    return (start, end) if start < end else None


# -- moving one edge ------------------------------------------------------------------


def next_word_start(text: str, pos: int) -> int:
    i, n = pos, len(text)
    while i < n and is_word_at(text, i):
        i += 1
    while i < n and not is_word_at(text, i):
        i += 1
    return i


def prev_word_start(text: str, pos: int) -> int:
    i = pos
    while i > 0 and not is_word_at(text, i - 1):
        i -= 1
    while i > 0 and is_word_at(text, i - 1):
        i -= 1
    return i


def next_word_end(text: str, pos: int) -> int:
    i, n = pos, len(text)
    while i < n and not is_word_at(text, i):
        i += 1
    while i < n and is_word_at(text, i):
        i += 1
    return i


def prev_word_end(text: str, pos: int) -> int:
    i = pos
    while i > 0 and is_word_at(text, i - 1):
        i -= 1
    while i > 0 and not is_word_at(text, i - 1):
        i -= 1
    return i


def adjust_span(
    text: str, span: tuple[int, int], edge: Edge, unit: Unit, forward: bool
) -> tuple[int, int] | None:
    """``span`` with one edge moved by one character (cluster) or one word, forward
    (to the right in reading order) or back; None when that would leave it empty or
    move nothing. ``span`` may be empty (a caret): moving its end forward starts a span."""
    start, end = span
    if edge == "end":
        if unit == "char":
            new = next_boundary(text, end) if forward else prev_boundary(text, end)
        else:
            new = next_word_end(text, end) if forward else prev_word_end(text, end)
        result = (start, new)
    else:
        if unit == "char":
            new = next_boundary(text, start) if forward else prev_boundary(text, start)
        else:
            new = next_word_start(text, start) if forward else prev_word_start(text, start)
        result = (new, end)
    if unit == "word":  # never inside a cluster ("a" + ZWJ + emoji)
        edge_pos = result[1] if edge == "end" else result[0]
        while 0 < edge_pos < len(text) and not is_boundary(text, edge_pos):
            edge_pos += 1 if forward else -1
        result = (result[0], edge_pos) if edge == "end" else (edge_pos, result[1])
    if result == span or result[0] >= result[1]:
        return None
    return result
