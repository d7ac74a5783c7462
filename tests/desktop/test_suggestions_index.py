"""The overlap index that drops already-tagged suggestions agrees with a plain scan."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from desktop.suggestions_panel import _SpanIndex

spans = st.lists(
    st.tuples(st.integers(0, 200), st.integers(1, 30)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=40,
)


@given(spans, st.integers(0, 230), st.integers(1, 20))
def test_overlaps_matches_a_plain_scan(mentions: list[tuple[int, int]], start: int, n: int) -> None:
    end = start + n
    rows = [SimpleNamespace(start=a, end=b) for a, b in mentions]
    expected = any(a < end and start < b for a, b in mentions)
    assert _SpanIndex(rows).overlaps(start, end) == expected  # type: ignore[arg-type]
