"""What a layer import reports: ``LayerImportReport`` for what it stored, and the errors
that refuse an input, listing every problem (``LayerImportError``, ``UnknownTypesError``).
``db.formats.layer_writer`` re-exports them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from db.errors import ArmscribeError

MAX_LISTED = 50


class LayerImportError(ArmscribeError):
    """The input cannot be stored; nothing was imported."""

    def __init__(self, problems: Sequence[str], head: str | None = None) -> None:
        self.problems = list(problems)
        n = len(self.problems)
        lines = self.problems[:MAX_LISTED]
        if n > len(lines):
            lines = [*lines, f"... and {n - len(lines)} more"]
        head = head or f"{n} problem{'s' if n != 1 else ''} in the input; nothing was imported:"
        super().__init__("\n".join([head, *("  " + ln for ln in lines)]))


class UnknownTypesError(LayerImportError):
    """Types (or roles) the tagset does not know; map them with ``type_map``."""


@dataclass(slots=True)
class LayerImportReport:
    """What an import stored."""

    articles_created: int = 0
    articles_matched: int = 0
    layers: int = 0
    mentions: int = 0
    events: int = 0
    relations: int = 0
    entities_created: int = 0
    entities_matched: int = 0
    entities_differing: list[str] = field(default_factory=list)  # uuids kept as in the store
    uuids_renewed: int = 0
    problems: list[str] = field(default_factory=list)  # notes that did not stop the import
    article_ids: list[int] = field(default_factory=list)

    def summary(self) -> str:
        """One line for a status bar or a terminal."""
        return (
            f"Imported {self.layers} layer{'s' if self.layers != 1 else ''} "
            f"({self.mentions} mentions, {self.events} events, {self.relations} relations) "
            f"into {self.articles_created + self.articles_matched} articles "
            f"({self.articles_created} new); {self.entities_created} new entities."
        )
