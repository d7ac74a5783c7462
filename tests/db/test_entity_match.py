"""Entity matching: the surfaces analysts select find their canonical entity in any language."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.entity_match import CONFIDENT, EntityMatcher, Match, normalise
from db.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def matcher() -> EntityMatcher:
    seeds = load_gazetteer()
    return EntityMatcher((i, s.kind, s.name, s.aliases) for i, s in enumerate(seeds))


def _top(matcher: EntityMatcher, surface: str, kind: str | None = None) -> Match:
    found = matcher.match(surface, kind)
    assert found, f"nothing found for {surface!r}"
    return found[0]


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("Türkei", "Türkiye"), ("Turkey", "Türkiye"), ("Türkiye", "Türkiye"),
        ("türkischen", "Türkiye"), ("Ankara", "Türkiye"), ("Türken", "Türkiye"),
        ("Turkey's", "Türkiye"), ("TÜRKEI", "Türkiye"),
        ("Aserbaidschans", "Azerbaijan"), ("Baku", "Azerbaijan"),
        ("aserbaidschanischen", "Azerbaijan"),
        ("Weißrussland", "Belarus"), ("Weissrussland", "Belarus"), ("belarussische", "Belarus"),
        ("weißrussischen", "Belarus"), ("kanadischen", "Canada"), ("Ottawa", "Canada"),
        ("Moskaus", "Russia"), ("Kreml", "Russia"), ("Eriwan", "Armenia"),
        ("VAE", "United Arab Emirates"), ("die USA", "United States"),
        ("OVKS", "CSTO"), ("ОДКБ", "CSTO"), ("der Vereinten Nationen", "United Nations"),
        ("Präsidentschaft der Verteidigungsindustrie", "Presidency of Defence Industries"),
        ("libyschen Übergangsregierung", "Government of National Accord"),
        ("Bayraktar-TB2-Drohnen", "Bayraktar TB2"), ("TB2", "Bayraktar TB2"),
        ("S400", "S-400"), ("S-400-Systeme", "S-400"), ("Pantsir-S1", "Pantsir-S1"),
        ("Korkut-Flugabwehrsysteme", "Korkut"), ("Groza-S-Raketenabwehrsysteme", "Groza-S"),
        ("Lukaschenko", "Alexander Lukashenko"), ("Präsident Erdogan", "Recep Tayyip Erdoğan"),
        ("Bergkarabach", "Nagorno-Karabakh"),
    ],
)  # fmt: skip
def test_surfaces_find_their_entity(matcher: EntityMatcher, surface: str, name: str) -> None:
    top = _top(matcher, surface)
    assert top.name == name
    assert top.score >= CONFIDENT


@pytest.mark.parametrize(
    "surface", ["Musterstadt Kurier", "Xylophon", "Quantenphysik", "Zentralbank", "lorem ipsum"]
)
def test_unknown_names_give_no_confident_match(matcher: EntityMatcher, surface: str) -> None:
    assert all(m.score < CONFIDENT for m in matcher.match(surface))


def test_exact_alias_beats_inflection_part_and_fuzzy(matcher: EntityMatcher) -> None:
    russland = matcher.match("Russland")
    assert (russland[0].name, russland[0].how, russland[0].score) == ("Russia", "alias", 97.0)
    assert all(m.score < 97.0 for m in russland[1:])  # "Weißrussland" is only fuzzy-close
    assert _top(matcher, "Türkiye").how == "name" and _top(matcher, "Türkiye").score == 100.0
    assert _top(matcher, "türkischen").how == "inflection"
    assert _top(matcher, "Bayraktar-TB2-Drohnen").how == "part"
    typo = _top(matcher, "Aserbaidjan")
    assert (typo.name, typo.how) == ("Azerbaijan", "fuzzy")
    assert typo.score < _top(matcher, "Aserbaidschan").score


def test_results_are_scored_sorted_and_limited(matcher: EntityMatcher) -> None:
    found = matcher.match("türkische Streitkräfte", limit=3)
    assert 0 < len(found) <= 3
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    assert found[0].name == "Turkish Armed Forces"
    assert "Türkiye" in [m.name for m in found]
    assert len({m.entity_id for m in found}) == len(found)
    assert matcher.match("Türkei", limit=0) == []
    assert matcher.match("   ") == []


def test_kind_restricts_the_candidates(matcher: EntityMatcher) -> None:
    assert _top(matcher, "Korkut", kind="WEAPON").name == "Korkut"
    assert all(m.kind == "WEAPON" for m in matcher.match("Ankara", kind="WEAPON"))
    assert all(m.name != "Türkiye" for m in matcher.match("Ankara", kind="LOCATION"))
    assert _top(matcher, "Karabach", kind="LOCATION").name == "Nagorno-Karabakh"


def test_add_and_remove_update_the_index() -> None:
    matcher = EntityMatcher([(1, "ACTOR", "Türkiye", ["Türkei", "türkisch"])])
    assert len(matcher) == 1 and 1 in matcher
    assert matcher.match("Musterland") == []
    matcher.add("uuid-2", "ACTOR", "Musterland", ["Republik Musterland", "musterländisch"])
    assert _top(matcher, "musterländischen").entity_id == "uuid-2"
    typo = _top(matcher, "Musterlnad")  # the fuzzy index built above was extended too
    assert (typo.entity_id, typo.how) == ("uuid-2", "fuzzy")
    matcher.add("uuid-2", "ACTOR", "Beispielland", [])  # same id: replaces the old names
    assert all(m.entity_id != "uuid-2" for m in matcher.match("Musterland"))
    assert _top(matcher, "Beispielland").name == "Beispielland"
    matcher.remove("uuid-2")
    matcher.remove("never-added")
    assert "uuid-2" not in matcher and matcher.match("Beispielland") == []
    assert _top(matcher, "türkischen").entity_id == 1


def test_entities_sharing_an_alias_are_both_offered() -> None:
    matcher = EntityMatcher(
        [(1, "ACTOR", "Georgia", ["Georgien"]), (2, "LOCATION", "Georgia (US state)", ["Georgia"])]
    )
    assert {m.entity_id for m in matcher.match("Georgia")} == {1, 2}
    assert [m.entity_id for m in matcher.match("Georgia", kind="LOCATION")] == [2]


def test_short_words_are_not_stripped_into_acronyms() -> None:
    matcher = EntityMatcher([(1, "ACTOR", "United Nations", ["UN"]), (2, "ACTOR", "Iran", [])])
    assert matcher.match("uns") == []  # German "us", not "UN" with an ending
    assert _top(matcher, "Irans").name == "Iran"


def test_normalise() -> None:
    assert normalise("„Weißrussland“") == "weissrussland"
    assert (
        normalise("  Türkiye's   Savunma Sanayii Başkanlığı ")
        == "turkiyes savunma sanayii baskanligi"
    )
    assert normalise("S-400") == "s 400"
    assert normalise("Øresund — Æbeltoft") == "oresund aebeltoft"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_safe_to_match(matcher: EntityMatcher, text: str) -> None:
    for found in matcher.match(text, limit=5):
        assert 0 <= found.score <= 100
