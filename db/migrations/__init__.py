"""Alembic migrations of the store schema; ``runner`` applies them on open.

The revision ids are also listed here so that opening a store that is already at
head needs no Alembic import (it costs ~0.2 s of start-up); a test keeps this list
equal to the scripts in ``versions/``.
"""

REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004")
"""Every schema revision this Armscribe knows, oldest first; the last is head."""

HEAD = REVISIONS[-1]
