"""Reading a tagset: YAML (or the canonical JSON a store keeps) parsed and validated
into ``db.tagset_model`` dataclasses. Every problem in the file is collected and
reported together, each with its line, as one ``TagsetError``.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from db.errors import ArmscribeError
from db.resources import resource_path
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

if TYPE_CHECKING:
    import yaml

# Required and optional keys of each part of the file: anything else is reported as a typo.
_FIELDS: dict[str, tuple[str, str]] = {
    "tagset": (
        "name version mention_types event_types",
        "description languages vocabularies event_attributes relation_types event_link_types "
        "edge_styles graph",
    ),
    "vocabulary": ("choices", "label"),
    "choice": ("value", "label label_de description"),
    "attribute": (
        "name kind",
        "label label_de choices entity_type default required multiple description",
    ),
    "mention type": (
        "name label colour shortcut",
        "label_de description links_entity subtypes attributes entity_attributes",
    ),
    "event type": ("name label shortcut roles", "label_de description triggers attributes edges"),
    "role": ("name types", "label label_de required multiple core min_count description"),
    "edge": ("source target style", "label_role directed"),
    "relation type": (
        "name label source target",
        "label_de description source_subtypes target_subtypes symmetric attributes",
    ),
    "edge style": ("name colour", "label label_de line"),
    "graph": ("", "relation_style rollup_subtypes"),
}

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")

_Key = str | int
_Path = tuple[_Key, ...]
_T = TypeVar("_T")

# ---------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class TagsetProblem:
    """One thing wrong with a tagset file, at a line (1-based) when it is known."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class TagsetError(ArmscribeError):
    """A tagset file cannot be used; ``problems`` lists everything wrong with it."""

    def __init__(self, origin: str, problems: Sequence[TagsetProblem]) -> None:
        self.origin = origin
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"Tagset {origin} has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n  ".join([head, *(str(p) for p in self.problems)]))


# ---------------------------------------------------------------------------- loading


def load_tagset(path: Path) -> Tagset:
    """Read and validate a tagset file; raises ``TagsetError`` listing every problem."""
    origin = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TagsetError(origin, [TagsetProblem(None, "the file is not UTF-8 text")]) from None
    except OSError as exc:
        problem = TagsetProblem(None, f"cannot read the file: {exc.strerror or exc}")
        raise TagsetError(origin, [problem]) from None
    return tagset_from_text(text, origin)


@cache
def default_tagset() -> Tagset:
    """The tagset shipped with Armscribe (arms transfers), read once."""
    return load_tagset(resource_path("tagsets", "arms_transfers.yaml"))


def tagset_from_json(text: str, origin: str = "<json>") -> Tagset:
    """Rebuild a tagset from ``Tagset.to_json`` (the copy a store keeps): validated like
    a file, but parsed with the json module: YAML's loader took ~0.2 s at start-up."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise TagsetError(origin, [TagsetProblem(None, f"malformed JSON: {exc}")]) from None
    return _build(_Parser({}), data, origin)


def tagset_from_text(text: str, origin: str = "<text>") -> Tagset:
    """Parse and validate tagset YAML (or the JSON of ``Tagset.to_json``)."""
    import yaml  # only when reading a tagset file: start-up rebuilds from JSON

    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = "malformed YAML: " + " ".join(
            str(part) for part in (exc.context, exc.problem) if part
        )
        if mark is not None:
            message += f" (column {mark.column + 1})"
        line = mark.line + 1 if mark is not None else None
        raise TagsetError(origin, [TagsetProblem(line, message)]) from None
    except yaml.YAMLError as exc:
        raise TagsetError(origin, [TagsetProblem(None, f"malformed YAML: {exc}")]) from None
    finally:
        loader.dispose()
    lines: dict[_Path, int] = {}
    parser = _Parser(lines)
    if node is not None:
        _index_lines(node, (), lines, parser, set())
    return _build(parser, data, origin)


def _build(parser: _Parser, data: Any, origin: str) -> Tagset:
    """The tagset ``data`` describes; raises ``TagsetError`` with all the parser found."""
    if not isinstance(data, dict):
        parser.problem((), "", f"a tagset must be a mapping of fields, found {_describe(data)}")
        raise TagsetError(origin, parser.sorted_problems())
    tagset = parser.tagset(data, origin)
    if parser.problems or tagset is None:
        raise TagsetError(origin, parser.sorted_problems())
    return tagset


def _index_lines(
    node: yaml.Node, path: _Path, lines: dict[_Path, int], parser: _Parser, active: set[int]
) -> None:
    """Record the line of every key and item; report keys given twice in one mapping."""
    import yaml

    if id(node) in active:  # a recursive alias
        return
    if path:  # problems of the whole file carry no line
        lines.setdefault(path, node.start_mark.line + 1)
    active.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                parser.problems.append(
                    TagsetProblem(line, f"key {key!r} is given twice (first on line {seen[key]})")
                )
            seen.setdefault(key, line)
            lines.setdefault(path + (key,), line)
            _index_lines(value_node, path + (key,), lines, parser, active)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, path + (index,), lines, parser, active)
    active.discard(id(node))


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no/on/off read as true/false: quote it)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _suggest(word: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _named(what: str, raw: Any, key: str = "name") -> str:
    """'mention type WEAPON' when the entry has a usable name, else 'mention type'."""
    name = raw.get(key) if isinstance(raw, dict) else None
    return f"{what} {name}" if isinstance(name, str | int) and not isinstance(name, bool) else what


def _known(names: Iterable[str]) -> str:
    return ", ".join(sorted(names)) or "none"


class _Parser:
    """Turns plain YAML data into a Tagset, collecting every problem on the way."""

    def __init__(self, lines: dict[_Path, int]) -> None:
        self.lines = lines
        self.problems: list[TagsetProblem] = []
        self.vocabularies: dict[str, tuple[Choice, ...]] = {}
        self.mention_names: set[str] = set()
        self.entity_types: set[str] = set()
        self.style_names: set[str] = set()
        self.shortcuts: dict[str, tuple[str, _Path]] = {}
        self.subtypes: dict[str, set[str]] = {}
        self.vocabulary_labels: dict[str, str] = {}

    # ---- reporting

    def line(self, path: _Path) -> int | None:
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)

    def problem(self, path: _Path, where: str, message: str) -> None:
        self.problems.append(
            TagsetProblem(self.line(path), f"{where}: {message}" if where else message)
        )

    def sorted_problems(self) -> list[TagsetProblem]:
        return sorted(self.problems, key=lambda p: (p.line is not None, p.line or 0))

    # ---- generic readers

    def fields(self, raw: Any, path: _Path, where: str, part: str) -> dict[str, Any] | None:
        """``raw`` as a mapping, reporting unknown keys and missing required fields."""
        if not isinstance(raw, dict):
            self.problem(path, where, f"expected a mapping of fields, found {_describe(raw)}")
            return None
        required, optional = (keys.split() for keys in _FIELDS[part])
        known = (*required, *optional)
        for key in raw:
            if key not in known:
                hint = _suggest(str(key), known)
                self.problem(path + (str(key),), where, f"unknown key {key!r}{hint}")
        for key in required:
            if raw.get(key) is None:
                self.problem(path, where, f"missing required field {key!r}")
        return raw

    def entry(
        self, raw: Any, path: _Path, what: str, part: str
    ) -> tuple[dict[str, Any], str | None, str] | None:
        """A named entry's fields (None: not a mapping), its name and how problems name
        it (``what`` and the name: 'mention type WEAPON')."""
        m = self.fields(raw, path, _named(what, raw), part)
        if m is None:
            return None
        return m, self.identifier(m, "name", path, what), _named(what, m)

    def text(self, raw: dict[str, Any], key: str, path: _Path, where: str) -> str | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, str) and value.strip():
            return value
        found = "empty text" if isinstance(value, str) else _describe(value)
        self.problem(path + (key,), where, f"{key!r} must be text, found {found}")
        return None

    def identifier(self, raw: dict[str, Any], key: str, path: _Path, where: str) -> str | None:
        value = self.text(raw, key, path, where)
        if value is not None and not _IDENTIFIER.fullmatch(value):
            self.problem(
                path + (key,),
                where,
                f"{key!r} {value!r} must start with a letter and hold only letters, digits and _",
            )
            return None
        return value

    def flag(self, raw: dict[str, Any], key: str, path: _Path, where: str, default: bool) -> bool:
        value = raw.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        self.problem(
            path + (key,), where, f"{key!r} must be true or false, found {_describe(value)}"
        )
        return default

    def names(self, raw: dict[str, Any], key: str, path: _Path, where: str) -> tuple[str, ...]:
        """A name or a list of names."""
        value = raw.get(key)
        if value is None:
            return ()
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            self.problem(path + (key,), where, f"{key!r} must be a name or a list of names")
            return ()
        return tuple(items)

    def items(
        self, raw: dict[str, Any], key: str, path: _Path, where: str
    ) -> list[tuple[_Path, Any]]:
        value = raw.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(path + (key,), where, f"{key!r} must be a list, found {_describe(value)}")
            return []
        return [(path + (key, i), item) for i, item in enumerate(value)]

    def unique(self, named: Sequence[tuple[str | None, _Path]], what: str) -> None:
        """Report names given twice in one list."""
        first: dict[str, _Path] = {}
        for name, path in named:
            if name is None:
                continue
            if name in first:
                self.problem(
                    path, "", f"duplicate {what} {name!r} (first on line {self.line(first[name])})"
                )
            else:
                first[name] = path

    def colour(self, raw: dict[str, Any], path: _Path, where: str) -> str | None:
        value = raw.get("colour")
        if value is None:
            return None
        if isinstance(value, str) and _COLOUR.fullmatch(value):
            return value.upper()
        self.problem(
            path + ("colour",), where, f'bad colour {value!r}: write it as "#RRGGBB" (hex, quoted)'
        )
        return None

    def shortcut(self, raw: dict[str, Any], path: _Path, where: str) -> str | None:
        value = raw.get("shortcut")
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 9:
            value = str(value)
        if not (isinstance(value, str) and len(value) == 1 and value.isalnum()):
            self.problem(
                path + ("shortcut",),
                where,
                f"shortcut must be one letter or digit, found {_describe(value)}",
            )
            return None
        key = value.casefold()
        if key in self.shortcuts:
            owner, first = self.shortcuts[key]
            self.problem(
                path + ("shortcut",),
                where,
                f"duplicate shortcut {value!r}, already used by {owner} (line {self.line(first)})",
            )
        else:
            self.shortcuts[key] = (where, path + ("shortcut",))
        return value

    # ---- choices and attributes

    def choices(self, value: Any, path: _Path, where: str) -> tuple[Choice, ...]:
        """Inline choices, or the name of a vocabulary."""
        if isinstance(value, str):
            if value in self.vocabularies:
                return self.vocabularies[value]
            self.problem(
                path,
                where,
                f"unknown vocabulary {value!r}{_suggest(value, self.vocabularies)}; "
                f"known: {_known(self.vocabularies)}",
            )
            return ()
        if not isinstance(value, list):
            self.problem(
                path,
                where,
                f"expected a list of choices or a vocabulary name, found {_describe(value)}",
            )
            return ()
        out: list[Choice] = []
        seen: list[tuple[str | None, _Path]] = []
        for i, item in enumerate(value):
            p = path + (i,)
            choice = self.choice(item, p, where)
            if choice is not None:
                out.append(choice)
                seen.append((choice.value, p))
        self.unique(seen, f"choice in {where}:" if where else "choice")
        return tuple(out)

    def choice(self, item: Any, path: _Path, where: str) -> Choice | None:
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            return Choice(value=str(item), label=str(item))
        if isinstance(item, bool):
            self.problem(path, where, f"choice is {_describe(item)}")
            return None
        m = self.fields(item, path, _named(f"{where}, choice", item, "value"), "choice")
        if m is None:
            return None
        raw_value = m.get("value")
        if isinstance(raw_value, bool) or not isinstance(raw_value, str | int | float):
            if raw_value is not None:
                self.problem(path + ("value",), where, f"choice value is {_describe(raw_value)}")
            return None
        value = str(raw_value)
        return Choice(
            value=value,
            label=self.text(m, "label", path, where) or value,
            label_de=self.text(m, "label_de", path, where),
            description=self.text(m, "description", path, where),
        )

    def attributes(
        self,
        raw: dict[str, Any],
        key: str,
        path: _Path,
        owner: str,
        reserved: Iterable[str] = (),
    ) -> tuple[AttributeDef, ...]:
        out: list[AttributeDef] = []
        named: list[tuple[str | None, _Path]] = []
        for p, item in self.items(raw, key, path, owner):
            attribute = self.attribute(item, p, owner)
            if attribute is not None:
                out.append(attribute)
                if attribute.name in reserved:
                    self.problem(
                        p, owner, f"attribute {attribute.name!r} repeats a common event attribute"
                    )
            named.append((attribute.name if attribute else None, p))
        self.unique(named, f"attribute in {owner}:")
        return tuple(out)

    def attribute(self, raw: Any, path: _Path, owner: str) -> AttributeDef | None:
        entry = self.entry(raw, path, f"{owner}, attribute", "attribute")
        if entry is None:
            return None
        m, name, where = entry
        kind = m.get("kind")
        if kind is not None and kind not in ATTRIBUTE_KINDS:
            self.problem(
                path + ("kind",),
                where,
                f"unknown kind {kind!r}{_suggest(str(kind), ATTRIBUTE_KINDS)}; "
                f"known: {', '.join(ATTRIBUTE_KINDS)}",
            )
            kind = None
        choices: tuple[Choice, ...] = ()
        if m.get("choices") is not None:
            choices = self.choices(m["choices"], path + ("choices",), where)
            if kind is not None and kind != "choice":
                self.problem(path + ("choices",), where, "'choices' only applies to kind choice")
        elif kind == "choice":
            self.problem(path, where, "a choice attribute needs 'choices'")
        entity_type = self.text(m, "entity_type", path, where)
        if kind == "entity":
            if entity_type is None:
                self.problem(path, where, "an entity attribute needs 'entity_type'")
            else:
                self.check_entity_kind(entity_type, path + ("entity_type",), where)
        elif entity_type is not None:
            self.problem(
                path + ("entity_type",), where, "'entity_type' only applies to kind entity"
            )
        default = m.get("default")
        if default is not None:
            if isinstance(default, bool) or not isinstance(default, str | int | float):
                self.problem(path + ("default",), where, f"default is {_describe(default)}")
                default = None
            else:
                default = str(default)
                if choices and default not in {c.value for c in choices}:
                    self.problem(
                        path + ("default",), where, f"default {default!r} is not one of the choices"
                    )
        required = self.flag(m, "required", path, where, False)
        multiple = self.flag(m, "multiple", path, where, False)
        if name is None or kind is None:
            return None
        return AttributeDef(
            name=name,
            kind=cast(AttributeKind, kind),
            label=self.text(m, "label", path, where) or name.replace("_", " ").capitalize(),
            label_de=self.text(m, "label_de", path, where),
            choices=choices,
            entity_type=entity_type,
            default=default,
            required=required,
            multiple=multiple,
            description=self.text(m, "description", path, where),
        )

    def check_mention_type(self, name: str, path: _Path, where: str) -> bool:
        if name in self.mention_names:
            return True
        self.problem(
            path,
            where,
            f"unknown mention type {name!r}{_suggest(name, self.mention_names)}; "
            f"known: {_known(self.mention_names)}",
        )
        return False

    def check_entity_kind(self, name: str, path: _Path, where: str) -> None:
        if self.check_mention_type(name, path, where) and name not in self.entity_types:
            self.problem(
                path,
                where,
                f"mention type {name!r} has no canonical entities (links_entity is false)",
            )

    # ---- sections

    def tagset(self, raw: dict[str, Any], origin: str) -> Tagset | None:
        self.fields(raw, (), "tagset", "tagset")
        name = self.text(raw, "name", (), "tagset")
        version = raw.get("version")
        if isinstance(version, bool) or not isinstance(version, str | int | float):
            if version is not None:
                self.problem(
                    ("version",),
                    "tagset",
                    f"'version' must be text or a number, found {_describe(version)}",
                )
            version = None
        languages = self.names(raw, "languages", (), "tagset")
        self.read_vocabularies(raw)
        self.collect_names(raw)
        edge_styles = self.read_list(raw, "edge_styles", "edge style", self.edge_style)
        mention_types = self.read_list(raw, "mention_types", "mention type", self.mention_type)
        event_attributes = self.attributes(raw, "event_attributes", (), "event attributes")
        common = {a.name for a in event_attributes}
        event_types = self.read_list(
            raw, "event_types", "event type", lambda r, p: self.event_type(r, p, common)
        )
        relation_types = self.read_list(raw, "relation_types", "relation type", self.relation_type)
        link_types: tuple[Choice, ...] = ()
        if raw.get("event_link_types") is not None:
            link_types = self.choices(
                raw["event_link_types"], ("event_link_types",), "event link types"
            )
        graph = self.graph(raw.get("graph"), ("graph",))
        if "mention_types" in raw and not mention_types and not self.problems:
            self.problem(("mention_types",), "tagset", "defines no mention types")
        if name is None or version is None:
            return None
        return Tagset(
            name=name,
            version=str(version),
            description=self.text(raw, "description", (), "tagset"),
            languages=languages,
            vocabularies=tuple(
                Vocabulary(n, self.vocabulary_labels.get(n, n), c)
                for n, c in sorted(self.vocabularies.items())
            ),
            mention_types=mention_types,
            event_attributes=event_attributes,
            event_types=event_types,
            relation_types=relation_types,
            event_link_types=link_types,
            edge_styles=edge_styles,
            graph=graph,
            origin=origin,
        )

    def read_list(
        self, raw: dict[str, Any], key: str, what: str, read: Callable[[Any, _Path], _T | None]
    ) -> tuple[_T, ...]:
        out: list[_T] = []
        named: list[tuple[str | None, _Path]] = []
        for path, item in self.items(raw, key, (), "tagset"):
            value = read(item, path)
            if value is not None:
                out.append(value)
            named.append((getattr(value, "name", None), path))
        self.unique(named, what)
        return tuple(out)

    def read_vocabularies(self, raw: dict[str, Any]) -> None:
        value = raw.get("vocabularies")
        if value is None:
            return
        if not isinstance(value, dict):
            self.problem(
                ("vocabularies",),
                "tagset",
                f"'vocabularies' must be a mapping of name -> choices, found {_describe(value)}",
            )
            return
        for name, body in value.items():
            path: _Path = ("vocabularies", str(name))
            where = f"vocabulary {name}"
            if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name):
                self.problem(
                    path,
                    where,
                    "a vocabulary name must start with a letter and hold only letters, "
                    "digits and _",
                )
                continue
            if isinstance(body, dict):
                m = self.fields(body, path, where, "vocabulary")
                if m is None or m.get("choices") is None:
                    continue
                self.vocabulary_labels[name] = self.text(m, "label", path, where) or name
                choices_raw, choices_path = m["choices"], path + ("choices",)
            else:
                choices_raw, choices_path = body, path
            if isinstance(choices_raw, str):
                self.problem(
                    choices_path,
                    where,
                    "a vocabulary lists its choices (it cannot refer to another)",
                )
                continue
            choices = self.choices(choices_raw, choices_path, where)
            if not choices and isinstance(choices_raw, list):
                self.problem(choices_path, where, "has no choices")
            self.vocabularies[name] = choices

    def collect_names(self, raw: dict[str, Any]) -> None:
        """Names that other sections refer to, read before the sections themselves."""
        for key, target in (
            ("mention_types", self.mention_names),
            ("edge_styles", self.style_names),
        ):
            items = raw.get(key)
            for item in items if isinstance(items, list) else []:
                name = item.get("name") if isinstance(item, dict) else None
                if isinstance(name, str) and _IDENTIFIER.fullmatch(name):
                    target.add(name)
                    if key == "mention_types" and item.get("links_entity") is True:
                        self.entity_types.add(name)

    def edge_style(self, raw: Any, path: _Path) -> EdgeStyle | None:
        entry = self.entry(raw, path, "edge style", "edge style")
        if entry is None:
            return None
        m, name, where = entry
        colour = self.colour(m, path, where)
        line = m.get("line", "solid")
        if line not in LINE_STYLES:
            self.problem(
                path + ("line",),
                where,
                f"line must be one of {', '.join(LINE_STYLES)}, found {_describe(line)}",
            )
            line = "solid"
        if name is None or colour is None:
            return None
        return EdgeStyle(
            name=name,
            label=self.text(m, "label", path, where) or name,
            label_de=self.text(m, "label_de", path, where),
            colour=colour,
            line=cast(LineStyle, line),
        )

    def mention_type(self, raw: Any, path: _Path) -> MentionType | None:
        entry = self.entry(raw, path, "mention type", "mention type")
        if entry is None:
            return None
        m, name, where = entry
        label = self.text(m, "label", path, where)
        colour = self.colour(m, path, where)
        shortcut = self.shortcut(m, path, where)
        links_entity = self.flag(m, "links_entity", path, where, False)
        subtypes: tuple[Choice, ...] = ()
        if m.get("subtypes") is not None:
            subtypes = self.choices(m["subtypes"], path + ("subtypes",), where)
        if name is not None:
            self.subtypes[name] = {c.value for c in subtypes}
        attributes = self.attributes(m, "attributes", path, where)
        entity_attributes = self.attributes(m, "entity_attributes", path, where)
        if entity_attributes and not links_entity:
            self.problem(
                path + ("entity_attributes",),
                where,
                "has entity_attributes but links_entity is not true",
            )
        if name is None or label is None or colour is None or shortcut is None:
            return None
        return MentionType(
            name=name,
            label=label,
            label_de=self.text(m, "label_de", path, where),
            description=self.text(m, "description", path, where),
            colour=colour,
            shortcut=shortcut,
            links_entity=links_entity,
            subtypes=subtypes,
            attributes=attributes,
            entity_attributes=entity_attributes,
        )

    def event_type(self, raw: Any, path: _Path, common: set[str]) -> EventType | None:
        entry = self.entry(raw, path, "event type", "event type")
        if entry is None:
            return None
        m, name, where = entry
        label = self.text(m, "label", path, where)
        shortcut = self.shortcut(m, path, where)
        roles: list[Role] = []
        named: list[tuple[str | None, _Path]] = []
        role_items = self.items(m, "roles", path, where)
        if "roles" in m and isinstance(m["roles"], list) and not role_items:
            self.problem(path + ("roles",), where, "has no roles")
        for p, item in role_items:
            role = self.role(item, p, where)
            if role is not None:
                roles.append(role)
            named.append((role.name if role else None, p))
        self.unique(named, f"role in {where}:")
        role_names = {r.name for r in roles} | {n for n, _ in named if n}
        attributes = self.attributes(m, "attributes", path, where, reserved=common)
        edges: list[EdgeRule] = []
        for i, (p, item) in enumerate(self.items(m, "edges", path, where)):
            edge = self.edge_rule(item, p, f"{where}, edge {i + 1}", role_names)
            if edge is not None:
                edges.append(edge)
        triggers = self.triggers(m.get("triggers"), path + ("triggers",), where)
        if name is None or label is None or shortcut is None:
            return None
        return EventType(
            name=name,
            label=label,
            label_de=self.text(m, "label_de", path, where),
            description=self.text(m, "description", path, where),
            shortcut=shortcut,
            roles=tuple(roles),
            attributes=attributes,
            edges=tuple(edges),
            triggers=triggers,
        )

    def role(self, raw: Any, path: _Path, owner: str) -> Role | None:
        entry = self.entry(raw, path, f"{owner}, role", "role")
        if entry is None:
            return None
        m, name, where = entry
        types = self.names(m, "types", path, where)
        if isinstance(m.get("types"), list) and not m["types"]:
            self.problem(path + ("types",), where, "role has no allowed mention types")
        for i, type_name in enumerate(types):
            p = path + ("types", i) if isinstance(m.get("types"), list) else path + ("types",)
            self.check_mention_type(type_name, p, where)
        required = self.flag(m, "required", path, where, False)
        multiple = self.flag(m, "multiple", path, where, False)
        core = self.flag(m, "core", path, where, required)
        min_count = m.get("min_count")
        if min_count is None:
            min_count = 1 if required else 0
        elif isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 0:
            self.problem(
                path + ("min_count",),
                where,
                f"min_count must be a whole number >= 0, found {_describe(min_count)}",
            )
            min_count = 1 if required else 0
        elif min_count > 1 and not multiple:
            self.problem(path + ("min_count",), where, "min_count above 1 needs multiple: true")
        elif required and min_count == 0:
            self.problem(
                path + ("min_count",), where, "a required role needs min_count of at least 1"
            )
        if name is None or not types:
            return None
        return Role(
            name=name,
            types=types,
            label=self.text(m, "label", path, where) or name,
            label_de=self.text(m, "label_de", path, where),
            required=required,
            multiple=multiple,
            core=core,
            min_count=min_count,
            description=self.text(m, "description", path, where),
        )

    def edge_rule(self, raw: Any, path: _Path, where: str, roles: set[str]) -> EdgeRule | None:
        m = self.fields(raw, path, where, "edge")
        if m is None:
            return None
        ends: dict[str, tuple[str, ...]] = {}
        for key in ("source", "target"):
            ends[key] = self.names(m, key, path, where)
            for role in ends[key]:
                if role not in roles:
                    self.problem(
                        path + (key,),
                        where,
                        f"{key} names unknown role {role!r}{_suggest(role, roles)}; "
                        f"roles: {_known(roles)}",
                    )
        label_role = self.text(m, "label_role", path, where)
        if label_role is not None and label_role not in roles:
            self.problem(
                path + ("label_role",),
                where,
                f"label_role names unknown role {label_role!r}{_suggest(label_role, roles)}",
            )
        style = self.text(m, "style", path, where)
        if style is not None and style not in self.style_names:
            self.problem(
                path + ("style",),
                where,
                f"unknown edge style {style!r}{_suggest(style, self.style_names)}; "
                f"known: {_known(self.style_names)}",
            )
        directed = self.flag(m, "directed", path, where, True)
        if not ends["source"] or not ends["target"] or style is None:
            return None
        return EdgeRule(ends["source"], ends["target"], style, label_role, directed)

    def triggers(
        self, value: Any, path: _Path, where: str
    ) -> tuple[tuple[str, tuple[str, ...]], ...]:
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.problem(
                path, where, f"triggers must map a language code to words, found {_describe(value)}"
            )
            return ()
        out: list[tuple[str, tuple[str, ...]]] = []
        for lang, words in value.items():
            p = path + (str(lang),)
            if not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2,3}", lang):
                self.problem(
                    p, where, f"trigger language {lang!r} must be a language code such as en or de"
                )
                continue
            listed = [words] if isinstance(words, str) else words
            if not isinstance(listed, list) or not all(
                isinstance(w, str) and w.strip() for w in listed
            ):
                self.problem(p, where, f"triggers for {lang!r} must be a list of words")
                continue
            out.append((lang, tuple(listed)))
        return tuple(sorted(out))  # canonical order, so that to_json round-trips

    def relation_type(self, raw: Any, path: _Path) -> RelationType | None:
        entry = self.entry(raw, path, "relation type", "relation type")
        if entry is None:
            return None
        m, name, where = entry
        ends: dict[str, tuple[str, ...]] = {}
        for key in ("source", "target"):
            ends[key] = self.names(m, key, path, where)
            if isinstance(m.get(key), list) and not m[key]:
                self.problem(path + (key,), where, f"{key} allows no entity kinds")
            for kind in ends[key]:
                self.check_entity_kind(kind, path + (key,), where)
            subtypes = self.names(m, f"{key}_subtypes", path, where)
            allowed = set().union(*(self.subtypes.get(k, set()) for k in ends[key]))
            for subtype in subtypes:
                if subtype not in allowed:
                    self.problem(
                        path + (f"{key}_subtypes",),
                        where,
                        f"{subtype!r} is not a subtype of {'/'.join(ends[key]) or 'the ' + key}"
                        f"{_suggest(subtype, allowed)}",
                    )
            ends[f"{key}_subtypes"] = subtypes
        label = self.text(m, "label", path, where)
        symmetric = self.flag(m, "symmetric", path, where, False)
        attributes = self.attributes(m, "attributes", path, where)
        if name is None or label is None or not ends["source"] or not ends["target"]:
            return None
        return RelationType(
            name=name,
            label=label,
            label_de=self.text(m, "label_de", path, where),
            description=self.text(m, "description", path, where),
            source=ends["source"],
            target=ends["target"],
            source_subtypes=ends["source_subtypes"],
            target_subtypes=ends["target_subtypes"],
            symmetric=symmetric,
            attributes=attributes,
        )

    def graph(self, raw: Any, path: _Path) -> GraphSettings:
        if raw is None:
            return GraphSettings()
        m = self.fields(raw, path, "graph", "graph")
        if m is None:
            return GraphSettings()
        style = self.text(m, "relation_style", path, "graph")
        if style is not None and style not in self.style_names:
            self.problem(
                path + ("relation_style",),
                "graph",
                f"unknown edge style {style!r}{_suggest(style, self.style_names)}",
            )
        rollup = self.names(m, "rollup_subtypes", path, "graph")
        all_subtypes = set().union(*self.subtypes.values())
        for subtype in rollup:
            if subtype not in all_subtypes:
                self.problem(
                    path + ("rollup_subtypes",),
                    "graph",
                    f"unknown subtype {subtype!r}{_suggest(subtype, all_subtypes)}",
                )
        return GraphSettings(relation_style=style, rollup_subtypes=rollup)
