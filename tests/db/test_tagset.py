"""The tagset: the shipped default implements DOMAIN.md, and broken files say what is wrong."""

from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path

import pytest

from db.errors import ArmscribeError
from db.tagset import (
    EventType,
    MentionType,
    Tagset,
    TagsetError,
    default_tagset,
    load_tagset,
    tagset_from_text,
)

# DOMAIN.md's event table: every event type with the roles it lists and their mention types.
DOMAIN_ROLES: dict[str, dict[str, set[str]]] = {
    "TRANSFER": {
        "Supplier": {"ACTOR"}, "Recipient": {"ACTOR"}, "Weapon": {"WEAPON"},
        "Intermediary": {"ACTOR"}, "EndUser": {"ACTOR"}, "Quantity": {"QUANTITY"},
        "Value": {"QUANTITY"}, "Time": {"TIME"}, "Place": {"LOCATION"},
    },
    "OFFER": {"Offerer": {"ACTOR"}, "Recipient": {"ACTOR"}, "Weapon": {"WEAPON"}, "Time": {"TIME"}},
    "COOPERATION": {"Party": {"ACTOR"}, "Weapon": {"WEAPON"}, "Time": {"TIME"}},
    "LICENCE_ACTION": {
        "Authority": {"ACTOR"}, "Target": {"ACTOR"}, "Weapon": {"WEAPON"},
        "Quantity": {"QUANTITY"}, "Time": {"TIME"},
    },
    "EMBARGO": {"Imposer": {"ACTOR"}, "Target": {"ACTOR"}, "Weapon": {"WEAPON"}, "Time": {"TIME"}},
    "SANCTION": {"Imposer": {"ACTOR"}, "Target": {"ACTOR"}, "Time": {"TIME"}},
    "DIVERSION": {
        "OriginalSupplier": {"ACTOR"}, "Diverter": {"ACTOR"}, "Recipient": {"ACTOR"},
        "Weapon": {"WEAPON"}, "Time": {"TIME"}, "Place": {"LOCATION"},
    },
    "USE": {
        "User": {"ACTOR"}, "Weapon": {"WEAPON"}, "Target": {"ACTOR"}, "Place": {"LOCATION"},
        "Time": {"TIME"},
    },
    "ATTACK": {
        "Attacker": {"ACTOR"}, "Target": {"ACTOR"}, "Instrument": {"WEAPON"},
        "Place": {"LOCATION"}, "Time": {"TIME"}, "Casualties": {"QUANTITY"},
    },
    "ALLIANCE_CHANGE": {"Member": {"ACTOR"}, "Alliance": {"ACTOR"}, "Time": {"TIME"}},
    "DIPLOMATIC": {"Actor": {"ACTOR"}, "Counterpart": {"ACTOR"}, "Time": {"TIME"}},
    "MANUFACTURE": {
        "Producer": {"ACTOR"}, "Weapon": {"WEAPON"}, "Place": {"LOCATION"}, "Time": {"TIME"},
    },
    "STATEMENT": {
        "Speaker": {"ACTOR"}, "Investigator": {"ACTOR"}, "Subject": {"ACTOR"}, "Time": {"TIME"},
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def tagset() -> Tagset:
    return default_tagset()


def _event(tagset: Tagset, name: str) -> EventType:
    event = tagset.event_type(name)
    assert event is not None, name
    return event


def _mention(tagset: Tagset, name: str) -> MentionType:
    mention = tagset.mention_type(name)
    assert mention is not None, name
    return mention


# ---------------------------------------------------------------- the default tagset


def test_default_tagset_has_every_mention_type_of_the_domain(tagset: Tagset) -> None:
    assert tagset.name and tagset.version
    names = [t.name for t in tagset.mention_types]
    assert names == ["ACTOR", "WEAPON", "LOCATION", "TIME", "QUANTITY", "INSTRUMENT", "TRIGGER"]
    linked = {t.name for t in tagset.mention_types if t.links_entity}
    assert linked == {"ACTOR", "WEAPON", "LOCATION"}


def test_default_tagset_has_every_event_type_with_its_domain_roles(tagset: Tagset) -> None:
    assert [e.name for e in tagset.event_types] == list(DOMAIN_ROLES)
    for name, roles in DOMAIN_ROLES.items():
        event = _event(tagset, name)
        assert event.label and event.label_de, name
        for role_name, types in roles.items():
            role = event.role(role_name)
            assert role is not None, f"{name} lacks role {role_name}"
            assert types <= set(role.types), f"{name}.{role_name} accepts {role.types}"


def test_transfer_requires_supplier_recipient_and_weapon(tagset: Tagset) -> None:
    transfer = _event(tagset, "TRANSFER")
    assert {r.name for r in transfer.required_roles} == {"Supplier", "Recipient", "Weapon"}
    assert {r.name for r in transfer.core_roles} == {"Supplier", "Recipient", "Weapon"}
    assert _event(tagset, "COOPERATION").role("Party").min_count == 2  # type: ignore[union-attr]


def test_shortcuts_are_single_keys_and_unique(tagset: Tagset) -> None:
    types: list[MentionType | EventType] = [*tagset.mention_types, *tagset.event_types]
    keys = [t.shortcut.casefold() for t in types]
    assert all(len(k) == 1 and k.isalnum() for k in keys)
    assert len(keys) == len(set(keys))
    for t in types:
        assert tagset.by_shortcut(t.shortcut) is t
        assert tagset.by_shortcut(t.shortcut.upper()) is t
    assert tagset.by_shortcut("#") is None


def _lab(colour: str) -> tuple[float, float, float, float]:
    """CIE L*a*b* (D65) of a hex colour, and its relative luminance."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)), y


def test_highlight_colours_are_legible_with_black_text_and_distinct(tagset: Tagset) -> None:
    colours = {t.name: t.colour for t in tagset.mention_types}
    for name, colour in colours.items():
        assert re.fullmatch(r"#[0-9A-F]{6}", colour), name
        luminance = _lab(colour)[3]
        assert (luminance + 0.05) / 0.05 >= 7.0, f"{name}: black text contrast below WCAG AAA"
    for (a, ca), (b, cb) in itertools.combinations(colours.items(), 2):
        assert math.dist(_lab(ca)[:3], _lab(cb)[:3]) >= 20, f"{a} and {b} look alike"


def test_every_role_type_and_edge_rule_refers_to_something_defined(tagset: Tagset) -> None:
    mention_names = {t.name for t in tagset.mention_types}
    styles = {s.name for s in tagset.edge_styles}
    assert {"supply", "restrictive", "use", "cooperation", "diplomatic"} <= styles
    for event in tagset.event_types:
        roles = {r.name for r in event.roles}
        for role in event.roles:
            assert role.types and set(role.types) <= mention_names
        for edge in event.edges:
            assert set(edge.source) | set(edge.target) <= roles
            assert edge.style in styles
            assert edge.label_role is None or edge.label_role in roles


def test_graph_edges_follow_the_domain(tagset: Tagset) -> None:
    def edges(name: str) -> list[tuple[tuple[str, ...], tuple[str, ...], str]]:
        return [(e.source, e.target, e.style) for e in _event(tagset, name).edges]

    assert edges("TRANSFER") == [(("Supplier",), ("Recipient",), "supply")]
    assert edges("OFFER") == [(("Offerer",), ("Recipient",), "supply")]
    assert edges("COOPERATION") == [(("Party",), ("Party",), "cooperation")]
    for name, source in (("LICENCE_ACTION", "Authority"), ("EMBARGO", "Imposer")):
        assert edges(name) == [((source,), ("Target",), "restrictive")]
    assert edges("SANCTION") == [(("Imposer",), ("Target",), "restrictive")]
    assert edges("DIVERSION") == [
        (("OriginalSupplier",), ("Diverter",), "supply"),
        (("Diverter",), ("Recipient",), "supply"),
    ]
    assert edges("USE") == [(("User",), ("Target", "Place"), "use")]
    assert _event(tagset, "TRANSFER").edges[0].label_role == "Weapon"


def test_common_event_attributes_and_their_choices(tagset: Tagset) -> None:
    attributes = {a.name: a for a in tagset.event_attributes}
    expected = [
        "status", "realis", "modality", "polarity", "attributed_to", "date", "note",
        "quantity", "value",
    ]  # fmt: skip
    assert set(expected) <= set(attributes)
    values = {name: [c.value for c in a.choices] for name, a in attributes.items()}
    assert values["status"] == [
        "proposed", "offered", "ordered", "delivered", "in_service", "suspended", "cancelled",
        "unknown",
    ]  # fmt: skip
    assert values["realis"] == ["actual", "generic", "other"]
    assert values["modality"] == ["asserted", "alleged", "denied", "hypothetical"]
    assert values["polarity"] == ["positive", "negative"]
    assert attributes["attributed_to"].kind == "entity"
    assert attributes["attributed_to"].entity_type == "ACTOR"
    assert attributes["date"].kind == "date"
    assert (attributes["quantity"].kind, attributes["value"].kind) == ("number", "number")


def test_relation_types_and_their_entity_kinds(tagset: Tagset) -> None:
    relations = {r.name: r for r in tagset.relation_types}
    assert set(relations) == {
        "MEMBER_OF", "ALLY_OF", "PART_OF", "LEADS", "PRODUCED_BY", "LOCATED_IN",
    }  # fmt: skip
    assert relations["PRODUCED_BY"].source == ("WEAPON",)
    assert relations["PRODUCED_BY"].target == ("ACTOR",)
    assert relations["LEADS"].source_subtypes == ("person",)
    assert relations["ALLY_OF"].symmetric


def test_vocabularies_hold_sipri_eu_and_actor_subtypes(tagset: Tagset) -> None:
    weapon = [c.value for c in _mention(tagset, "WEAPON").subtypes]
    assert weapon[:12] == [
        "aircraft", "air_defence", "asw_weapons", "armoured_vehicles", "artillery", "engines",
        "missiles", "naval_weapons", "satellites", "sensors", "ships", "other",
    ]  # fmt: skip
    assert weapon[12:] == ["component", "technology", "services"]
    eu = tagset.vocabulary("eu_military_list")
    assert eu is not None
    assert [c.value for c in eu.choices] == [f"ML{i}" for i in range(1, 23)]
    assert all(c.label and c.label_de for c in eu.choices)
    actor = {c.value for c in _mention(tagset, "ACTOR").subtypes}
    assert {
        "state", "government_body", "armed_forces", "company", "organisation", "person",
        "armed_group", "media",
    } <= actor  # fmt: skip
    assert set(tagset.graph.rollup_subtypes) == {"government_body", "armed_forces", "person"}


def test_trigger_words_come_from_the_seed_vocabulary(tagset: Tagset) -> None:
    def words(name: str, language: str) -> set[str]:
        return {w.casefold() for w in _event(tagset, name).trigger_words(language)}

    assert {"geliefert", "liefern"} <= words("TRANSFER", "de")
    assert "supplied" in words("TRANSFER", "en")
    assert {"ausgesetzt", "aufhebung", "exportverbot"} <= words("LICENCE_ACTION", "de")
    assert {"suspended", "canceled"} <= words("LICENCE_ACTION", "en")
    assert {"embargo", "exportverbot"} <= words("EMBARGO", "de")
    assert "offered" in words("OFFER", "en")
    assert "sanctioned" in words("SANCTION", "en")
    for event in tagset.event_types:
        assert event.trigger_words("en") and event.trigger_words("de"), event.name


def test_lookups(tagset: Tagset) -> None:
    assert _mention(tagset, "WEAPON").subtype("sensors") is not None
    assert tagset.mention_type("NOPE") is None and tagset.event_type("NOPE") is None
    accepting_weapon = {(e.name, r.name) for e, r in tagset.roles_accepting("WEAPON")}
    assert {("TRANSFER", "Weapon"), ("ATTACK", "Instrument"), ("USE", "Weapon")} <= accepting_weapon
    assert all(r.accepts("WEAPON") for _, r in tagset.roles_accepting("WEAPON"))
    assert tagset.roles_accepting("NOPE") == ()
    status = next(a for a in tagset.event_attributes if a.name == "status")
    assert status.choice("delivered") is not None and status.default == "unknown"


def test_default_tagset_is_read_once(tagset: Tagset) -> None:
    assert default_tagset() is tagset
    assert tagset.origin.endswith("arms_transfers.yaml")


def test_to_json_is_canonical_and_round_trips(tagset: Tagset) -> None:
    text = tagset.to_json()
    assert json.loads(text)["name"] == tagset.name
    assert text == json.dumps(
        json.loads(text), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    again = tagset_from_text(text, "store meta")
    assert again == tagset
    assert again.fingerprint() == tagset.fingerprint()
    assert re.fullmatch(r"[0-9a-f]{64}", tagset.fingerprint())


def test_fingerprint_changes_with_the_content_not_the_origin(tmp_path: Path) -> None:
    path = tmp_path / "copy.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    base = load_tagset(path)
    assert base.fingerprint() == tagset_from_text(MINIMAL, "elsewhere").fingerprint()
    changed = tagset_from_text(MINIMAL.replace("label: Transfer", "label: Delivery"))
    assert changed.fingerprint() != base.fingerprint()


# ---------------------------------------------------------------- validation

MINIMAL = """\
name: Test tagset
version: 1
vocabularies:
  kinds: [state, company]
mention_types:
  - name: ACTOR
    label: Actor
    colour: "#FFCC80"
    shortcut: "1"
    links_entity: true
    subtypes: kinds
  - name: WEAPON
    label: Weapon
    colour: "#EF9A9A"
    shortcut: 2
    links_entity: true
event_types:
  - name: TRANSFER
    label: Transfer
    shortcut: t
    roles:
      - {name: Supplier, types: [ACTOR], required: true}
      - {name: Recipient, types: [ACTOR], required: true}
      - {name: Weapon, types: [WEAPON]}
    edges:
      - {source: Supplier, target: Recipient, style: supply, label_role: Weapon}
relation_types:
  - {name: MEMBER_OF, label: Member of, source: [ACTOR], target: [ACTOR]}
edge_styles:
  - {name: supply, colour: "#1565C0"}
"""


def _error(text: str) -> TagsetError:
    with pytest.raises(TagsetError) as info:
        tagset_from_text(text, "team.yaml")
    assert isinstance(info.value, ArmscribeError)
    assert "team.yaml" in str(info.value)
    return info.value


def _line(text: str, needle: str, occurrence: int = 1) -> int:
    at = -1
    for _ in range(occurrence):
        at = text.index(needle, at + 1)
    return text[:at].count("\n") + 1


def _has(error: TagsetError, line: int | None, *fragments: str) -> bool:
    return any(p.line == line and all(f in p.message for f in fragments) for p in error.problems)


def test_the_minimal_tagset_is_valid() -> None:
    tagset = tagset_from_text(MINIMAL)
    assert [t.shortcut for t in tagset.mention_types] == ["1", "2"]  # 2 unquoted is read as "2"
    assert _mention(tagset, "ACTOR").subtypes[0].value == "state"


def test_unknown_mention_type_in_a_role() -> None:
    text = MINIMAL.replace("{name: Recipient, types: [ACTOR]", "{name: Recipient, types: [ACTRO]")
    error = _error(text)
    assert _has(
        error,
        _line(text, "ACTRO"),
        "role Recipient",
        "unknown mention type 'ACTRO'",
        "did you mean 'ACTOR'",
    )
    assert f"line {_line(text, 'ACTRO')}:" in str(error)


def test_duplicate_shortcut() -> None:
    text = MINIMAL.replace("shortcut: t", 'shortcut: "1"')
    error = _error(text)
    assert _has(
        error, _line(text, 'shortcut: "1"', 2), "duplicate shortcut '1'", "mention type ACTOR"
    )


def test_shortcuts_clash_regardless_of_case() -> None:
    text = MINIMAL.replace('shortcut: "1"', "shortcut: T")
    assert _has(_error(text), _line(text, "shortcut: t"), "duplicate shortcut 't'")


def test_duplicate_type_names() -> None:
    text = MINIMAL.replace("  - name: WEAPON\n", "  - name: ACTOR\n").replace("[WEAPON]", "[ACTOR]")
    error = _error(text)
    assert _has(
        error, _line(text, "name: ACTOR", 2), "duplicate mention type 'ACTOR'", "first on line 6"
    )
    again = "  - {name: TRANSFER, label: Again, shortcut: x, roles: [{name: A, types: [ACTOR]}]}\n"
    text = MINIMAL.replace("relation_types:", again + "relation_types:")
    assert _has(
        _error(text), _line(text, "name: TRANSFER, label: Again"), "duplicate event type 'TRANSFER'"
    )


def test_bad_colour() -> None:
    text = MINIMAL.replace('colour: "#EF9A9A"', "colour: salmon")
    assert _has(
        _error(text), _line(text, "salmon"), "mention type WEAPON", "bad colour 'salmon'", "#RRGGBB"
    )
    text = MINIMAL.replace('"#EF9A9A"', '"#EF9A9"')
    assert _has(_error(text), _line(text, "#EF9A9"), "bad colour")


def test_missing_required_field() -> None:
    text = MINIMAL.replace('    colour: "#EF9A9A"\n', "")
    assert _has(
        _error(text),
        _line(text, "name: WEAPON"),
        "mention type WEAPON",
        "missing required field 'colour'",
    )
    text = MINIMAL.replace("version: 1\n", "")
    assert _has(_error(text), None, "missing required field 'version'")


def test_unknown_keys_are_typos_with_a_suggestion() -> None:
    text = MINIMAL.replace(
        "    links_entity: true\n    subtypes", "    link_entity: true\n    subtypes"
    )
    assert _has(
        _error(text),
        _line(text, "link_entity"),
        "unknown key 'link_entity'",
        "did you mean 'links_entity'",
    )
    text = MINIMAL.replace("required: true}", "requird: true}", 1)
    assert _has(
        _error(text), _line(text, "requird"), "role Supplier", "unknown key 'requird'", "'required'"
    )
    text = MINIMAL.replace("edge_styles:", "edge_style:")
    error = _error(text)
    assert _has(error, _line(text, "edge_style:"), "unknown key 'edge_style'", "'edge_styles'")
    assert _has(error, _line(text, "style: supply"), "unknown edge style 'supply'")


def test_role_with_no_allowed_types() -> None:
    text = MINIMAL.replace("{name: Weapon, types: [WEAPON]}", "{name: Weapon, types: []}")
    assert _has(_error(text), _line(text, "types: []"), "role Weapon", "no allowed mention types")


def test_edge_rule_naming_an_unknown_role() -> None:
    text = MINIMAL.replace("target: Recipient", "target: Recipent")
    assert _has(
        _error(text),
        _line(text, "Recipent"),
        "event type TRANSFER, edge 1",
        "unknown role 'Recipent'",
        "did you mean 'Recipient'",
    )
    text = MINIMAL.replace("label_role: Weapon", "label_role: Weapons")
    assert _has(_error(text), _line(text, "Weapons"), "label_role names unknown role 'Weapons'")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("- just\n- a list\n", "a list"),
        ("hello\n", "the text 'hello'"),
        ("", "nothing"),
        ("# only a comment\n", "nothing"),
    ],
)
def test_yaml_that_is_not_a_mapping(text: str, found: str) -> None:
    error = _error(text)
    assert len(error.problems) == 1
    assert f"a tagset must be a mapping of fields, found {found}" in error.problems[0].message


def test_malformed_yaml_reports_yamls_message_and_line() -> None:
    text = MINIMAL.replace("    label: Weapon\n", "    label: [Weapon\n")
    error = _error(text)
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert problem.message.startswith("malformed YAML:")
    assert problem.line is not None and problem.line >= _line(text, "label: [Weapon")


def test_only_safe_yaml_is_read() -> None:
    error = _error("!!python/object/apply:os.system ['echo hi']\n")
    assert "malformed YAML" in error.problems[0].message
    assert "python/object" in error.problems[0].message


def test_every_problem_is_reported_at_once_in_line_order() -> None:
    text = (
        MINIMAL.replace('"#FFCC80"', "orange")
        .replace("[WEAPON]", "[WEAPN]")
        .replace("target: Recipient", "target: Nobody")
        .replace("shortcut: t", "shortcut: 2")
        .replace("name: Test tagset", "nmae: Test tagset")
    )
    error = _error(text)
    messages = " | ".join(p.message for p in error.problems)
    for fragment in (
        "bad colour",
        "unknown mention type 'WEAPN'",
        "unknown role 'Nobody'",
        "duplicate shortcut '2'",
        "unknown key 'nmae'",
    ):
        assert fragment in messages
    lines = [p.line or 0 for p in error.problems]
    assert lines == sorted(lines)
    assert str(error).startswith(f"Tagset team.yaml has {len(error.problems)} problems:")


def test_common_yaml_gotchas_are_explained() -> None:
    text = MINIMAL.replace("kinds: [state, company]", "kinds: [state, no]")
    assert _has(_error(text), _line(text, "[state, no]"), "false", "quote it")
    text = MINIMAL.replace("    label: Weapon\n", "    label: Weapon\n    label: Arms\n")
    assert _has(_error(text), _line(text, "label: Arms"), "key 'label' is given twice")


def test_references_to_vocabularies_styles_and_entities_are_checked() -> None:
    text = MINIMAL.replace("subtypes: kinds", "subtypes: kind")
    assert _has(
        _error(text),
        _line(text, "subtypes: kind"),
        "unknown vocabulary 'kind'",
        "did you mean 'kinds'",
    )
    text = MINIMAL.replace("style: supply", "style: suply")
    assert _has(_error(text), _line(text, "suply"), "unknown edge style 'suply'")
    text = MINIMAL.replace("source: [ACTOR]", "source: [TRIGGER]")
    assert _has(
        _error(text),
        _line(text, "[TRIGGER]"),
        "relation type MEMBER_OF",
        "unknown mention type 'TRIGGER'",
    )
    text = MINIMAL.replace(
        "    subtypes: kinds\n",
        "    subtypes: kinds\n"
        "    attributes:\n"
        "      - {name: boss, kind: entity}\n"
        "      - {name: mood, kind: choice}\n"
        "      - {name: size, kind: bigness}\n",
    )
    error = _error(text)
    assert _has(error, _line(text, "name: boss"), "needs 'entity_type'")
    assert _has(error, _line(text, "name: mood"), "needs 'choices'")
    assert _has(error, _line(text, "bigness"), "unknown kind 'bigness'")


def test_load_tagset_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(MINIMAL.replace('"#EF9A9A"', '"red"'), encoding="utf-8")
    with pytest.raises(TagsetError) as info:
        load_tagset(path)
    assert str(path) in str(info.value) and info.value.origin == str(path)
    with pytest.raises(TagsetError, match="cannot read the file"):
        load_tagset(tmp_path / "missing.yaml")
