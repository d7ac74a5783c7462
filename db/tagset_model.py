"""The tagset as data: frozen dataclasses for what analysts may tag (mention types,
events and their roles, relations, graph styles) and the ``Tagset`` look-ups.

Reading and validating a tagset file is ``db.tagset_loader``'s job; ``db.tagset``
re-exports both, and is the module the rest of Armscribe imports.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, cast

AttributeKind = Literal["choice", "text", "number", "date", "entity"]
ATTRIBUTE_KINDS: tuple[AttributeKind, ...] = ("choice", "text", "number", "date", "entity")
LineStyle = Literal["solid", "dashed", "dotted"]
LINE_STYLES: tuple[LineStyle, ...] = ("solid", "dashed", "dotted")


@dataclass(frozen=True)
class Choice:
    """One allowed value of a choice attribute or a subtype."""

    value: str
    label: str
    label_de: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    """A named list of choices that types and attributes refer to by name."""

    name: str
    label: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class AttributeDef:
    """An attribute of a mention, an entity, an event or a relation."""

    name: str
    kind: AttributeKind
    label: str
    label_de: str | None = None
    choices: tuple[Choice, ...] = ()
    entity_type: str | None = None  # for kind "entity": the mention type of the entity
    default: str | None = None
    required: bool = False
    multiple: bool = False
    description: str | None = None

    def choice(self, value: str) -> Choice | None:
        """The choice with this value, if this attribute offers it."""
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True)
class MentionType:
    """What a span of text can be tagged as (ACTOR, WEAPON...)."""

    name: str
    label: str
    colour: str  # "#RRGGBB", the highlight background
    shortcut: str
    label_de: str | None = None
    description: str | None = None
    links_entity: bool = False  # mentions of this type link to a canonical entity
    subtypes: tuple[Choice, ...] = ()
    attributes: tuple[AttributeDef, ...] = ()
    entity_attributes: tuple[AttributeDef, ...] = ()

    def subtype(self, value: str) -> Choice | None:
        """The subtype with this value, if this type has it."""
        return next((c for c in self.subtypes if c.value == value), None)


@dataclass(frozen=True)
class Role:
    """An argument role of an event type and the mention types that may fill it."""

    name: str
    types: tuple[str, ...]
    label: str
    label_de: str | None = None
    required: bool = False
    multiple: bool = False
    core: bool = False  # events are matched across annotators on their core roles
    min_count: int = 0
    description: str | None = None

    def accepts(self, mention_type: str) -> bool:
        """Whether a mention of this type may fill the role."""
        return mention_type in self.types


@dataclass(frozen=True)
class EdgeRule:
    """Which roles of an event draw a relation-graph edge, and in which style.

    Every filler of a source role is joined to every filler of a target role; when
    source and target name the same role, each pair of distinct fillers is joined once.
    """

    source: tuple[str, ...]
    target: tuple[str, ...]
    style: str
    label_role: str | None = None  # the role whose fillers label the edge (the weapon)
    directed: bool = True


@dataclass(frozen=True)
class EventType:
    """An event type (TRANSFER, EMBARGO...) with its roles, trigger words and edges."""

    name: str
    label: str
    shortcut: str
    label_de: str | None = None
    description: str | None = None
    roles: tuple[Role, ...] = ()
    attributes: tuple[AttributeDef, ...] = ()  # beyond the tagset's common event attributes
    edges: tuple[EdgeRule, ...] = ()
    triggers: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (language, words)

    def role(self, name: str) -> Role | None:
        """The role with this name, if the event type has it."""
        return next((r for r in self.roles if r.name == name), None)

    @property
    def required_roles(self) -> tuple[Role, ...]:
        return tuple(r for r in self.roles if r.required)

    @property
    def core_roles(self) -> tuple[Role, ...]:
        return tuple(r for r in self.roles if r.core)

    def trigger_words(self, language: str | None = None) -> tuple[str, ...]:
        """Typical trigger words in one language, or in all of them."""
        return tuple(
            word for lang, words in self.triggers if language in (None, lang) for word in words
        )


@dataclass(frozen=True)
class RelationType:
    """A relation between two canonical entities (MEMBER_OF, PRODUCED_BY...)."""

    name: str
    label: str
    source: tuple[str, ...]  # entity kinds (mention types that link entities)
    target: tuple[str, ...]
    label_de: str | None = None
    description: str | None = None
    source_subtypes: tuple[str, ...] = ()  # empty: any subtype
    target_subtypes: tuple[str, ...] = ()
    symmetric: bool = False
    attributes: tuple[AttributeDef, ...] = ()


@dataclass(frozen=True)
class EdgeStyle:
    """How the relation graph draws one kind of edge."""

    name: str
    label: str
    colour: str
    label_de: str | None = None
    line: LineStyle = "solid"


@dataclass(frozen=True)
class GraphSettings:
    """Tagset-wide settings of the relation graph."""

    relation_style: str | None = None
    rollup_subtypes: tuple[str, ...] = ()  # actor subtypes that can be drawn as their state


@dataclass(frozen=True)
class Tagset:
    """A whole tagset. Look-ups return None for names the tagset does not define."""

    name: str
    version: str
    mention_types: tuple[MentionType, ...]
    event_types: tuple[EventType, ...]
    description: str | None = None
    languages: tuple[str, ...] = ()
    vocabularies: tuple[Vocabulary, ...] = ()
    event_attributes: tuple[AttributeDef, ...] = ()
    relation_types: tuple[RelationType, ...] = ()
    event_link_types: tuple[Choice, ...] = ()
    edge_styles: tuple[EdgeStyle, ...] = ()
    graph: GraphSettings = GraphSettings()
    origin: str = field(default="", compare=False)

    @cached_property
    def _mentions(self) -> dict[str, MentionType]:
        return {t.name: t for t in self.mention_types}

    @cached_property
    def _events(self) -> dict[str, EventType]:
        return {t.name: t for t in self.event_types}

    @cached_property
    def _shortcuts(self) -> dict[str, MentionType | EventType]:
        keys: dict[str, MentionType | EventType] = {}
        for m in self.mention_types:
            keys.setdefault(m.shortcut.casefold(), m)
        for e in self.event_types:
            keys.setdefault(e.shortcut.casefold(), e)
        return keys

    def mention_type(self, name: str) -> MentionType | None:
        """The mention type called ``name``."""
        return self._mentions.get(name)

    def event_type(self, name: str) -> EventType | None:
        """The event type called ``name``."""
        return self._events.get(name)

    def relation_type(self, name: str) -> RelationType | None:
        """The relation type called ``name``."""
        return next((t for t in self.relation_types if t.name == name), None)

    def edge_style(self, name: str) -> EdgeStyle | None:
        """The edge style called ``name``."""
        return next((s for s in self.edge_styles if s.name == name), None)

    def vocabulary(self, name: str) -> Vocabulary | None:
        """The vocabulary called ``name``."""
        return next((v for v in self.vocabularies if v.name == name), None)

    def by_shortcut(self, key: str) -> MentionType | EventType | None:
        """The mention or event type bound to a key (letters compare case-insensitively)."""
        return self._shortcuts.get(key.casefold())

    def roles_accepting(self, mention_type: str) -> tuple[tuple[EventType, Role], ...]:
        """Every (event type, role) that a mention of this type may fill, in tagset order."""
        return tuple(
            (event, role)
            for event in self.event_types
            for role in event.roles
            if role.accepts(mention_type)
        )

    def to_data(self) -> dict[str, Any]:
        """The tagset as plain data in the file's own shape (vocabularies spelled out)."""
        data = cast(dict[str, Any], _plain(self))
        data["vocabularies"] = {
            v.name: {"label": v.label, "choices": _plain(v.choices)} for v in self.vocabularies
        }
        if not self.vocabularies:
            del data["vocabularies"]
        for event, raw in zip(self.event_types, data["event_types"], strict=True):
            if event.triggers:
                raw["triggers"] = {lang: list(words) for lang, words in event.triggers}
        return data

    def to_json(self) -> str:
        """Canonical JSON (sorted keys, no spaces) for the store's meta table."""
        return json.dumps(self.to_data(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    def fingerprint(self) -> str:
        """sha256 (hex) of ``to_json()``: equal fingerprints mean equal tagsets."""
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    """Dataclasses and tuples as dicts and lists, leaving out None, empty lists and origin."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            if not f.compare:
                continue
            item = _plain(getattr(value, f.name))
            if item is None or item == [] or item == {}:
                continue
            out[f.name] = item
        return out
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value
