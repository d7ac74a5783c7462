"""Where a search's words occur in an article text, in code-point offsets.

Matching folds case and strips diacritics one character at a time, so the folded text
has exactly the length of the original and offsets need no mapping back: "turkei"
finds "Türkei", "ZÜRICH" finds "Zürich". Words match at a word start, whole words
except the last one typed, which is a prefix from ``PREFIX_FROM`` characters (as the
store's search treats it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from db.search import PREFIX_FROM


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    base = unicodedata.normalize("NFD", c)[0]
    low = base.lower()
    # A few lower-case forms take two characters ("İ"): keep the length instead.
    return low if len(low) == 1 else base


def fold(text: str) -> str:
    """``text`` case- and accent-folded, one character for one character."""
    table = {ord(c): _fold_char(c) for c in set(text) if not c.isascii() or c.isupper()}
    return text.translate(table) if table else text


def find_hits(
    text: str, terms: Sequence[str], *, prefix_last: bool = True
) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) code-point spans of ``terms`` in ``text``, in order."""
    words = [fold(t) for t in terms if t]
    if not words:
        return []
    alternatives = []
    for i, w in enumerate(words):
        prefix = prefix_last and i == len(words) - 1 and len(w) >= PREFIX_FROM
        tail = "" if prefix else r"(?!\w)"
        alternatives.append(re.escape(w) + tail)
    # Longest first, so that "waffe" does not shadow "waffenexporte" at the same start.
    alternatives.sort(key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")")
    return [(m.start(), m.end()) for m in pattern.finditer(fold(text))]
