"""The gazetteer: every ISO 3166 state, our alias table on top, organisations and weapons."""

from __future__ import annotations

import gettext
import json
import re
from collections import Counter
from pathlib import Path

import pycountry
import pytest

from db.gazetteer import EntitySeed, GazetteerError, load_gazetteer
from db.models import Entity
from db.resources import resource_path
from db.tagset import default_tagset


@pytest.fixture(scope="module")
def seeds() -> list[EntitySeed]:
    return load_gazetteer()


def _by_name(seeds: list[EntitySeed], name: str, kind: str = "ACTOR") -> EntitySeed:
    found = [s for s in seeds if s.kind == kind and s.name == name]
    assert len(found) == 1, f"{kind} {name!r}: {len(found)} found"
    return found[0]


def test_turkiye_has_its_exonyms_and_qid(seeds: list[EntitySeed]) -> None:
    turkiye = _by_name(seeds, "Türkiye")
    assert {"Turkey", "Türkei", "türkisch", "Ankara"} <= set(turkiye.aliases)
    assert (turkiye.external_id, turkiye.country_code, turkiye.subtype) == ("Q43", "TR", "state")
    assert turkiye.attributes["alpha_3"] == "TUR"
    assert "türkisch" in turkiye.attributes["demonyms"]["de"]


def test_belarus_is_also_weissrussland_which_pycountry_does_not_know(
    seeds: list[EntitySeed],
) -> None:
    belarus = _by_name(seeds, "Belarus")
    assert "Weißrussland" in belarus.aliases
    assert belarus.external_id == "Q184"
    german = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=["de"], fallback=True
    )
    assert german.gettext("Belarus") != "Weißrussland"  # why the alias table exists


@pytest.mark.parametrize(
    ("name", "qid"),
    [
        ("Azerbaijan", "Q227"), ("Canada", "Q16"), ("Armenia", "Q399"), ("Russia", "Q159"),
        ("United States", "Q30"), ("Libya", "Q1016"), ("Syria", "Q858"), ("France", "Q142"),
        ("Germany", "Q183"), ("United Kingdom", "Q145"), ("NATO", "Q7184"),
        ("United Nations", "Q1065"), ("European Union", "Q458"),
    ],
)  # fmt: skip
def test_domain_qids(seeds: list[EntitySeed], name: str, qid: str) -> None:
    assert _by_name(seeds, name).external_id == qid


def test_every_iso_state_is_there_with_an_alpha_2_code(seeds: list[EntitySeed]) -> None:
    states = [s for s in seeds if s.subtype == "state"]
    assert len(states) == len(pycountry.countries)
    assert all(s.country_code and re.fullmatch(r"[A-Z]{2}", s.country_code) for s in states)
    assert [s.country_code for s in states] == sorted(c.alpha_2 for c in pycountry.countries)


def test_no_duplicate_names_within_a_kind(seeds: list[EntitySeed]) -> None:
    counts = Counter((s.kind, s.name.casefold()) for s in seeds)
    assert [key for key, n in counts.items() if n > 1] == []


def test_alias_table_wins_over_pycountry_names(seeds: list[EntitySeed]) -> None:
    russia = _by_name(seeds, "Russia")
    assert "Russian Federation" in russia.aliases and "Russland" in russia.aliases
    assert {"Moskau", "Moscow", "Kremlin"} <= set(russia.aliases)
    assert russia.attributes["source"] == "aliases.yaml+pycountry"
    # States outside the table keep pycountry's common name and German name.
    bolivia = _by_name(seeds, "Bolivia")
    assert bolivia.attributes["source"] == "pycountry"
    assert "Bolivia, Plurinational State of" in bolivia.aliases
    if "Bolivien" not in bolivia.aliases:
        pytest.skip("pycountry's German catalogue is not installed")


def test_aliases_are_distinct_and_exclude_the_name(seeds: list[EntitySeed]) -> None:
    for seed in seeds:
        folded = [a.casefold() for a in seed.aliases]
        assert len(folded) == len(set(folded)), seed.name
        assert seed.name.casefold() not in folded, seed.name


def test_qids_and_sipri_codes_are_well_formed(seeds: list[EntitySeed]) -> None:
    for seed in seeds:
        assert seed.external_id is None or re.fullmatch(r"Q[1-9][0-9]*", seed.external_id)
    assert _by_name(seeds, "Austria").sipri_code == "AST"


def test_organisations_of_the_seeds(seeds: list[EntitySeed]) -> None:
    csto = _by_name(seeds, "CSTO")
    assert {"OVKS", "ОДКБ", "Collective Security Treaty Organization"} <= set(csto.aliases)
    ssb = _by_name(seeds, "Presidency of Defence Industries")
    assert {
        "SSB",
        "Präsidentschaft der Verteidigungsindustrie",
        "Savunma Sanayii Başkanlığı",
    } <= set(ssb.aliases)
    assert (ssb.subtype, ssb.country_code) == ("government_body", "TR")
    assert "libysche Übergangsregierung" in _by_name(seeds, "Government of National Accord").aliases
    assert _by_name(seeds, "Politico").subtype == "media"
    assert _by_name(seeds, "YPG").subtype == "armed_group"
    demir = _by_name(seeds, "Ismail Demir")
    assert demir.subtype == "person"
    assert demir.attributes["affiliation"] == "Presidency of Defence Industries"


def test_weapons_of_the_seeds_and_more(seeds: list[EntitySeed]) -> None:
    weapons = {s.name: s for s in seeds if s.kind == "WEAPON"}
    assert len(weapons) >= 30
    for name in (
        "Bayraktar TB2",
        "S-400",
        "F-16 Fighting Falcon",
        "F-35 Lightning II",
        "Pantsir-S1",
        "Korkut",
        "Groza-S",
    ):
        assert name in weapons
    tb2 = weapons["Bayraktar TB2"]
    assert "TB2" in tb2.aliases
    assert (tb2.subtype, tb2.attributes["producer"], tb2.country_code) == (
        "aircraft",
        "Baykar",
        "TR",
    )
    assert weapons["Groza-S"].attributes["eu_category"] == "ML11"
    assert "F-16" in weapons["F-16 Fighting Falcon"].aliases


def test_seed_vocabularies_match_the_default_tagset(seeds: list[EntitySeed]) -> None:
    tagset = default_tagset()
    subtypes = {t.name: {c.value for c in t.subtypes} for t in tagset.mention_types}
    eu = {c.value for c in tagset.vocabulary("eu_military_list").choices}  # type: ignore[union-attr]
    actors = {s.name for s in seeds if s.kind == "ACTOR"}
    for seed in seeds:
        assert seed.kind in subtypes and seed.subtype in subtypes[seed.kind], seed.name
        if seed.kind == "WEAPON":
            assert seed.attributes["eu_category"] in eu, seed.name
            assert seed.attributes.get("producer", "Baykar") in actors, seed.name


def test_seeds_fit_the_entity_model(seeds: list[EntitySeed]) -> None:
    for seed in seeds:
        entity = Entity(
            kind=seed.kind,
            subtype=seed.subtype,
            name=seed.name,
            aliases=list(seed.aliases),
            country_code=seed.country_code,
            sipri_code=seed.sipri_code,
            external_id=seed.external_id,
            attributes=dict(seed.attributes),
        )
        assert len(entity.name) <= 300
        json.dumps(entity.attributes)  # stored as JSON


def test_order_is_deterministic(seeds: list[EntitySeed]) -> None:
    again = load_gazetteer()
    assert [(s.kind, s.name) for s in again] == [(s.kind, s.name) for s in seeds]
    kinds = [s.kind for s in seeds]
    first_weapon = kinds.index("WEAPON")
    assert set(kinds[first_weapon:]) == {"WEAPON"}  # weapons come last, states first
    assert all(s.subtype == "state" for s in seeds[: len(pycountry.countries)])


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = resource_path("gazetteer", "aliases.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "aliases.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("alpha_2: TR", "alpha_2: XX", "'XX' is not an ISO 3166 alpha-2 code"),
        ("alpha_3: TUR", "alpha_3: TRK", "does not match ISO 3166 (TUR)"),
        ("    qid: Q43\n", "    wikidata: Q43\n", "unknown key 'wikidata'"),
        (
            "affiliation: Presidency of Defence Industries",
            "affiliation: SSB Corp",
            "'SSB Corp' is not an actor",
        ),
        ("  - name: Roketsan\n", "  - name: Aselsan\n", "ACTOR 'Aselsan' is defined twice"),
    ],
)  # fmt: skip
def test_a_broken_alias_table_is_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(GazetteerError, match=re.escape(message)):
        load_gazetteer(aliases_path=_broken(tmp_path, old, new))
