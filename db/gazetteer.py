"""The gazetteer: canonical entities Armscribe ships, ready to pre-load into a store.

Every ISO 3166 state comes from pycountry (codes, English names, German names from its
``iso3166-1`` gettext catalogue); our own alias table (``resources/gazetteer/aliases.yaml``)
adds the exonyms, demonyms and capitals news actually use, and wins where the two disagree.
Then come organisations, people and places from the same table, and weapon systems from
``resources/gazetteer/weapons.yaml``. The order is deterministic: states by alpha-2 code,
then everything else in file order.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from db.errors import ArmscribeError
from db.resources import resource_path


class GazetteerError(ArmscribeError):
    """A gazetteer file is malformed or contradicts itself or ISO 3166."""


@dataclass(frozen=True)
class EntitySeed:
    """One canonical entity to create: the fields of ``db.models.Entity``."""

    kind: str  # ACTOR, WEAPON, LOCATION
    subtype: str | None
    name: str
    aliases: tuple[str, ...] = ()
    country_code: str | None = None
    sipri_code: str | None = None
    external_id: str | None = None  # Wikidata QID
    attributes: Mapping[str, Any] = field(default_factory=dict, hash=False)


# Keys each entry may carry: anything else is a typo and is refused.
_KEYS = {
    "states": {"alpha_2", "alpha_3", "name", "qid", "sipri", "names", "demonyms", "capitals"},
    "organisations": {"name", "subtype", "qid", "country", "names"},
    "persons": {"name", "country", "qid", "role_title", "affiliation", "names"},
    "places": {"name", "subtype", "country", "qid", "names"},
    "weapons": {
        "name", "category", "eu_category", "producer", "country", "qid", "description",
        "aliases",
    },
}  # fmt: skip


def load_gazetteer(
    aliases_path: Path | None = None, weapons_path: Path | None = None
) -> list[EntitySeed]:
    """Every canonical entity Armscribe ships, in a deterministic order."""
    table = _read(aliases_path or resource_path("gazetteer", "aliases.yaml"))
    weapons = _read(weapons_path or resource_path("gazetteer", "weapons.yaml"))
    problems: list[str] = []
    for section, entries in (*table.items(), *weapons.items()):
        if section == "version":
            continue
        if section not in _KEYS:
            problems.append(f"unknown section {section!r}")
            continue
        for entry in entries or []:
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                problems.append(f"{section}: every entry needs a name, found {entry!r}")
                continue
            for key in sorted(set(entry) - _KEYS[section]):
                problems.append(f"{section}: {entry['name']}: unknown key {key!r}")
    if problems:
        raise GazetteerError("The gazetteer has problems:\n  " + "\n  ".join(problems))

    seeds = _states(table.get("states") or [], problems)
    for entry in table.get("organisations") or []:
        seeds.append(_seed("ACTOR", entry.get("subtype"), entry))
    for entry in table.get("persons") or []:
        extra = {k: entry[k] for k in ("role_title", "affiliation") if entry.get(k)}
        seeds.append(_seed("ACTOR", "person", entry, extra))
    for entry in table.get("places") or []:
        seeds.append(_seed("LOCATION", entry.get("subtype"), entry))
    for entry in weapons.get("weapons") or []:
        extra = {k: entry[k] for k in ("eu_category", "producer", "description") if entry.get(k)}
        extra["designation"] = entry["name"]
        names = {"": entry.get("aliases") or []}
        seeds.append(_seed("WEAPON", entry.get("category"), {**entry, "names": names}, extra))
    _check(seeds, problems)
    if problems:
        raise GazetteerError("The gazetteer has problems:\n  " + "\n  ".join(problems))
    return seeds


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GazetteerError(f"Cannot read the gazetteer file {path}: {exc}") from None
    if not isinstance(data, dict):
        raise GazetteerError(f"The gazetteer file {path} is not a mapping of sections.")
    return data


def _german_names() -> Callable[[str], str] | None:
    """pycountry's German country names, when its catalogue is installed."""
    import pycountry

    try:
        catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    except OSError:
        return None
    return catalogue.gettext


def _states(entries: list[dict[str, Any]], problems: list[str]) -> list[EntitySeed]:
    """All ISO 3166 states, each merged with its alias-table entry where there is one."""
    import pycountry  # 50 ms: only when seeding a store

    table: dict[str, dict[str, Any]] = {}
    for entry in entries:
        code = str(entry.get("alpha_2") or "")
        country = pycountry.countries.get(alpha_2=code) if code else None
        if country is None:
            problems.append(f"states: {entry['name']}: {code!r} is not an ISO 3166 alpha-2 code")
            continue
        if entry.get("alpha_3") not in (None, country.alpha_3):
            problems.append(
                f"states: {entry['name']}: alpha_3 {entry['alpha_3']!r} does not match "
                f"ISO 3166 ({country.alpha_3})"
            )
        table[code] = entry
    german = _german_names()
    seeds: list[EntitySeed] = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        official = getattr(country, "official_name", None)
        common = getattr(country, "common_name", None)
        iso_names = [n for n in (country.name, common, official) if n]
        german_names = [german(n) for n in iso_names] if german else []
        entry = table.get(country.alpha_2, {})
        names: dict[str, list[str]] = {
            lang: list(words) for lang, words in (entry.get("names") or {}).items()
        }
        names["en"] = [*names.get("en", []), *iso_names]
        names["de"] = [*names.get("de", []), *german_names]
        demonyms = entry.get("demonyms") or {}
        capitals = list(entry.get("capitals") or [])
        name = entry.get("name") or common or country.name
        attributes: dict[str, Any] = {
            "alpha_3": country.alpha_3,
            "numeric": country.numeric,
            "official_name": official,
            "names": {lang: _unique(words) for lang, words in names.items()},
            "demonyms": {lang: list(words) for lang, words in demonyms.items()},
            "capitals": capitals,
            "source": "aliases.yaml+pycountry" if entry else "pycountry",
        }
        all_names = [w for words in names.values() for w in words]
        all_demonyms = [w for words in demonyms.values() for w in words]
        seeds.append(
            EntitySeed(
                kind="ACTOR",
                subtype="state",
                name=name,
                aliases=_aliases(name, [*all_names, *all_demonyms, *capitals]),
                country_code=country.alpha_2,
                sipri_code=entry.get("sipri") or None,
                external_id=entry.get("qid") or None,
                attributes=attributes,
            )
        )
    return seeds


def _seed(
    kind: str,
    subtype: str | None,
    entry: Mapping[str, Any],
    extra: Mapping[str, Any] | None = None,
) -> EntitySeed:
    names: Mapping[str, list[str]] = entry.get("names") or {}
    attributes: dict[str, Any] = dict(extra or {})
    if any(lang for lang in names):
        attributes["names"] = {lang: list(words) for lang, words in names.items()}
    name = str(entry["name"])
    return EntitySeed(
        kind=kind,
        subtype=subtype,
        name=name,
        aliases=_aliases(name, [w for words in names.values() for w in words]),
        country_code=entry.get("country") or None,
        external_id=entry.get("qid") or None,
        attributes=attributes,
    )


def _unique(words: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for word in words:
        if word and word.casefold() not in seen:
            seen.add(word.casefold())
            out.append(word)
    return out


def _aliases(name: str, words: Iterable[str]) -> tuple[str, ...]:
    """Distinct aliases (compared case-insensitively), without the canonical name."""
    return tuple(w for w in _unique([name, *words]) if w.casefold() != name.casefold())


def _check(seeds: list[EntitySeed], problems: list[str]) -> None:
    """Names unique within a kind; producers and affiliations name known actors."""
    seen: set[tuple[str, str]] = set()
    for seed in seeds:
        key = (seed.kind, seed.name.casefold())
        if key in seen:
            problems.append(f"{seed.kind} {seed.name!r} is defined twice")
        seen.add(key)
    actors = {seed.name for seed in seeds if seed.kind == "ACTOR"}
    for seed in seeds:
        for field_name in ("producer", "affiliation"):
            ref = seed.attributes.get(field_name)
            if ref is not None and ref not in actors:
                problems.append(
                    f"{seed.name}: {field_name} {ref!r} is not an actor in the gazetteer"
                )
