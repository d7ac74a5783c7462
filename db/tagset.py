"""The tagset: what analysts may tag (mention types, events and their roles, relations).

A tagset is data: a YAML file (``resources/tagsets/arms_transfers.yaml`` is the default)
read into frozen dataclasses. Every problem in the file is collected and reported
together, each with its line, as one ``TagsetError``. A store keeps the tagset it was
annotated with as ``Tagset.to_json()`` (canonical JSON, itself valid input for
``tagset_from_text``) and its ``fingerprint()``.

The dataclasses live in ``db.tagset_model``, the reading and validation in
``db.tagset_loader``; this module re-exports both and is the one to import.
"""

from __future__ import annotations

from db.tagset_loader import (
    TagsetError,
    TagsetProblem,
    default_tagset,
    load_tagset,
    tagset_from_json,
    tagset_from_text,
)
from db.tagset_model import (
    ATTRIBUTE_KINDS,
    LINE_STYLES,
    AttributeDef,
    AttributeKind,
    Choice,
    EdgeRule,
    EdgeStyle,
    EventType,
    GraphSettings,
    LineStyle,
    MentionType,
    RelationType,
    Role,
    Tagset,
    Vocabulary,
)

__all__ = [
    "ATTRIBUTE_KINDS",
    "LINE_STYLES",
    "AttributeDef",
    "AttributeKind",
    "Choice",
    "EdgeRule",
    "EdgeStyle",
    "EventType",
    "GraphSettings",
    "LineStyle",
    "MentionType",
    "RelationType",
    "Role",
    "Tagset",
    "TagsetError",
    "TagsetProblem",
    "Vocabulary",
    "default_tagset",
    "load_tagset",
    "tagset_from_json",
    "tagset_from_text",
]
