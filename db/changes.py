"""What an operation changed, so that each view refreshes only what it shows."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Changes:
    articles: bool = False
    article_status: bool = False
    mentions: bool = False
    entities: bool = False
    events: bool = False
    relations: bool = False
    comments: bool = False
    reviews: bool = False  # review decisions (and the curated rows they made)
    annotators: bool = False
    tagset: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            **{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)}
        )

    def any(self) -> bool:
        """True when anything changed."""
        return any(getattr(self, f.name) for f in fields(self))
