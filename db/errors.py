"""Errors that the library reports to its callers (GUI, CLI) with a message a user can act on."""

from __future__ import annotations


class ArmscribeError(Exception):
    """Base of every error the library raises on purpose; ``str()`` is the user's message."""


class StoreError(ArmscribeError):
    """The store cannot be opened or used (damaged, locked, not a store)."""


class StoreTooNewError(StoreError):
    """The store was written by a newer Armscribe; it is refused, never half-read."""


class StoreLockedError(StoreError):
    """Another program holds the store's write lock longer than we wait."""


class AnnotationError(ArmscribeError):
    """An edit that cannot be made as asked (offsets past the end, unknown type...)."""
