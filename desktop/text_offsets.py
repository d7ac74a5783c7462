"""The one place that converts code-point offsets to Qt (UTF-16) positions and back.

Stored offsets count Unicode code points of the stored text (Python ``str`` indices);
QTextDocument positions count UTF-16 code units, so every astral character (most emoji)
shifts later Qt positions by one. Build one ``OffsetMap`` per text and convert at the
widget boundary only.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Code point <-> UTF-16 position maps for one text."""

    __slots__ = ("_astral", "_astral_qt", "length")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # Identity for pure-BMP text (nearly all news), so skip the scan when possible.
        if text.isascii():
            self._astral: list[int] = []
        else:
            self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # Qt position of the high surrogate of the k-th astral char: its code point
        # index plus the k extra units the earlier astral chars take.
        self._astral_qt = [cp + k for k, cp in enumerate(self._astral)]

    @property
    def identity(self) -> bool:
        """True when code points and UTF-16 units coincide (no astral characters)."""
        return not self._astral

    @property
    def qt_length(self) -> int:
        """The text's length in UTF-16 units."""
        return self.length + len(self._astral)

    def to_qt(self, cp: int) -> int:
        """The Qt position of code-point offset ``cp`` (0 <= cp <= len(text))."""
        if not self._astral:
            return cp
        return cp + bisect_left(self._astral, cp)

    def from_qt(self, q: int) -> int:
        """The code-point offset of Qt position ``q``; a position inside a surrogate
        pair maps to the code point containing it."""
        if not self._astral:
            return q
        return q - bisect_left(self._astral_qt, q)
