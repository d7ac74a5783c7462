"""Dates as analysts type or tag them, in German and English, normalised to ISO ranges."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.dates import format_range, normalise_date

# Phrases taken from the seed articles (checked against them below), with what they mean.
SEED_PHRASES = [
    ("Oktober 2019", ("2019-10", "2019-10")),
    ("im Herbst 2020", ("2020-09", "2020-11")),
    ("zwischen 2018 und 2022", ("2018", "2022")),
    ("12. Juli 2020", ("2020-07-12", "2020-07-12")),
    ("17 Juli 2020", ("2020-07-17", "2020-07-17")),
    ("December 27, 2021", ("2021-12-27", "2021-12-27")),
    ("April 2021", ("2021-04", "2021-04")),
    ("seit April 2016", ("2016-04", "2016-04")),
    ("im Oktober 2019", ("2019-10", "2019-10")),
]
# Relative or year-less phrases from the seeds: they need the publication date, so the
# normaliser alone must not guess a year.
SEED_RELATIVE = [
    "im Mai",
    "im vergangenen Oktober",
    "im Mai dieses Jahres",
    "Am 17. Juli",
    "Am Donnerstag, dem 16. Juli",
]


def _seed_text(seeds_dir: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt")))


def test_the_seed_phrases_are_really_in_the_seeds(seeds_dir: Path) -> None:
    text = _seed_text(seeds_dir)
    for phrase, _ in SEED_PHRASES:
        assert phrase in text, phrase
    for phrase in SEED_RELATIVE:
        assert phrase in text, phrase


@pytest.mark.parametrize(("text", "expected"), SEED_PHRASES)
def test_seed_phrases(text: str, expected: tuple[str, str]) -> None:
    assert normalise_date(text) == expected


@pytest.mark.parametrize("text", SEED_RELATIVE)
def test_phrases_without_a_year_are_not_guessed(text: str) -> None:
    assert normalise_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO, full and partial
        ("2020", ("2020", "2020")),
        ("2020-07", ("2020-07", "2020-07")),
        ("2020-7", ("2020-07", "2020-07")),
        ("2020-07-12", ("2020-07-12", "2020-07-12")),
        ("  2020-07-12  ", ("2020-07-12", "2020-07-12")),
        # German numeric dates
        ("12.07.2020", ("2020-07-12", "2020-07-12")),
        ("12.7.2020", ("2020-07-12", "2020-07-12")),
        ("1. 7. 2020", ("2020-07-01", "2020-07-01")),
        # months, German and English, full and abbreviated, any case
        ("Juli 2020", ("2020-07", "2020-07")),
        ("JULI 2020", ("2020-07", "2020-07")),
        ("July 2020", ("2020-07", "2020-07")),
        ("Jul 2020", ("2020-07", "2020-07")),
        ("März 2021", ("2021-03", "2021-03")),
        ("Maerz 2021", ("2021-03", "2021-03")),
        ("Jänner 2021", ("2021-01", "2021-01")),
        ("Mai 2020", ("2020-05", "2020-05")),
        ("May 2020", ("2020-05", "2020-05")),
        ("Sept. 2020", ("2020-09", "2020-09")),
        ("Okt. 2019", ("2019-10", "2019-10")),
        ("Dez 2019", ("2019-12", "2019-12")),
        # days in German and English word order
        ("July 12, 2020", ("2020-07-12", "2020-07-12")),
        ("12 July 2020", ("2020-07-12", "2020-07-12")),
        ("on 12 July 2020", ("2020-07-12", "2020-07-12")),
        ("am 12. Juli 2020", ("2020-07-12", "2020-07-12")),
        ("December 27, 2021.", ("2021-12-27", "2021-12-27")),
        # hedges that keep the unit
        ("Anfang 2020", ("2020", "2020")),
        ("Ende Oktober 2019", ("2019-10", "2019-10")),
        ("early 2021", ("2021", "2021")),
        ("late 2021", ("2021", "2021")),
        ("mid 2020", ("2020", "2020")),
        ("in 2019", ("2019", "2019")),
        # seasons become month ranges; winter runs into the next year
        ("Herbst 2020", ("2020-09", "2020-11")),
        ("autumn 2020", ("2020-09", "2020-11")),
        ("fall 2020", ("2020-09", "2020-11")),
        ("im Frühjahr 2021", ("2021-03", "2021-05")),
        ("Frühling 2021", ("2021-03", "2021-05")),
        ("spring 2021", ("2021-03", "2021-05")),
        ("Sommer 2019", ("2019-06", "2019-08")),
        ("summer 2019", ("2019-06", "2019-08")),
        ("Winter 2020", ("2020-12", "2021-02")),
        ("winter 2020", ("2020-12", "2021-02")),
    ],
)
def test_single_dates(text: str, expected: tuple[str, str]) -> None:
    assert normalise_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zwischen 2018 und 2022", ("2018", "2022")),
        ("between 2018 and 2022", ("2018", "2022")),
        ("von 2018 bis 2022", ("2018", "2022")),
        ("from 2018 to 2022", ("2018", "2022")),
        ("2018 until 2022", ("2018", "2022")),
        ("2018-2022", ("2018", "2022")),
        ("2018 - 2022", ("2018", "2022")),
        ("2018–2022", ("2018", "2022")),
        ("2018—2022", ("2018", "2022")),
        ("Juni 2019 bis Dezember 2020", ("2019-06", "2020-12")),
        ("Mai 2020 bis Juli 2020", ("2020-05", "2020-07")),
        ("September 2019 - März 2020", ("2019-09", "2020-03")),
        ("Herbst 2020 bis Frühjahr 2021", ("2020-09", "2021-05")),
        ("Autumn 2019 to Spring 2020", ("2019-09", "2020-05")),
        ("12.07.2020 bis 17.07.2020", ("2020-07-12", "2020-07-17")),
        # a range ends where its last part ends (a winter runs into the next year)
        ("2019 bis Winter 2020", ("2019", "2021-02")),
    ],
)
def test_ranges(text: str, expected: tuple[str, str]) -> None:
    assert normalise_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Drohnen",
        "irgendwann",
        "sometime soon",
        "Ankara",
        "Bundeswehr",  # contains "und": not a range
        "Pantsir-S1",
        "F-16",
        "S-400",
        "29 Genehmigungen",
        "über 120 Millionen US-Dollar",
        "rund 6.000 Menschen",
        "2000 Soldaten",  # a four-digit number that is not a year
        "1234567",
        "Juli",
        "July 12",
        "2019 2020",  # two years, no range word
        "Oktober und",
        "zwischen und",
    ],
)
def test_non_dates_are_none(text: str) -> None:
    assert normalise_date(text) is None


def test_format_range_reads_as_in_a_summary() -> None:
    assert format_range(None, None) == ""
    assert format_range("", "") == ""
    assert format_range("2020-07", "2020-07") == "2020-07"
    assert format_range("2020-07", None) == "2020-07"
    assert format_range("2018", "2022") == "2018–2022"
    assert format_range(*normalise_date("im Herbst 2020") or ("", "")) == "2020-09–2020-11"


# -- wrong results found while writing these tests (see the reasons) -------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oktober 2019 bis Januar 2020", ("2019-10", "2020-01")),
        ("zwischen Oktober 2019 und Januar 2020", ("2019-10", "2020-01")),
        ("October 2019 to January 2020", ("2019-10", "2020-01")),
        ("from October 2019 to January 2020", ("2019-10", "2020-01")),
    ],
)
def test_ranges_starting_in_october(text: str, expected: tuple[str, str]) -> None:
    assert normalise_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-07-12 bis 2020-07-17", ("2020-07-12", "2020-07-17")),
        ("2020-07-12 to 2020-07-17", ("2020-07-12", "2020-07-17")),
        ("2020-07-12 – 2020-07-17", ("2020-07-12", "2020-07-17")),
        ("2020-07 bis 2020-09", ("2020-07", "2020-09")),
    ],
)
def test_ranges_of_iso_dates(text: str, expected: tuple[str, str]) -> None:
    assert normalise_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mai bis Juli 2020", ("2020-05", "2020-07")),
        ("zwischen Mai und Juli 2020", ("2020-05", "2020-07")),
        ("Oktober bis Dezember 2019", ("2019-10", "2019-12")),
        ("July to October 2020", ("2020-07", "2020-10")),
        ("12. bis 17. Juli 2020", ("2020-07-12", "2020-07-17")),
    ],
)
def test_month_ranges_within_one_year(text: str, expected: tuple[str, str]) -> None:
    assert normalise_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("im Jahr 2019", ("2019", "2019")),
        ("im Jahr 2020", ("2020", "2020")),
        ("in the year 2019", ("2019", "2019")),
        ("Mitte 2020", ("2020", "2020")),
    ],
)
def test_year_phrases(text: str, expected: tuple[str, str]) -> None:
    assert normalise_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2020-13",
        "2020-00",
        "2020-02-30",
        "31.02.2020",
        "2021-04-31",
        "April 31, 2021",
        "32. Juli 2020",
    ],
)
def test_impossible_dates_are_none(text: str) -> None:
    assert normalise_date(text) is None


def test_backwards_range_is_refused() -> None:
    assert normalise_date("2022-2018") is None
    assert normalise_date("von 2022 bis 2018") is None


# -- phrases the rewrite of the parser covers (hedges, quarters, decades, carried parts) --


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # hedges keep the unit, in both languages, with or without a hyphen
        ("early 2020", ("2020", "2020")),
        ("Anfang 2020", ("2020", "2020")),
        ("mid-2019", ("2019", "2019")),
        ("Mitte 2019", ("2019", "2019")),
        ("Mitte Juli 2020", ("2020-07", "2020-07")),
        # quarters
        ("Q3 2020", ("2020-07", "2020-09")),
        ("3. Quartal 2020", ("2020-07", "2020-09")),
        ("third quarter of 2020", ("2020-07", "2020-09")),
        ("Q1 bis Q3 2020", ("2020-01", "2020-09")),
        # decades
        ("1990s", ("1990", "1999")),
        ("the 1990s", ("1990", "1999")),
        ("1990er Jahre", ("1990", "1999")),
        ("in den 1990er Jahren", ("1990", "1999")),
        ("1990er bis 2000er", ("1990", "2009")),
        # weekdays and ordinals beside a whole date
        ("Donnerstag, 16. Juli 2020", ("2020-07-16", "2020-07-16")),
        ("July 12th, 2020", ("2020-07-12", "2020-07-12")),
        # the first part of a range takes what it leaves out from the last
        ("vom 12. bis zum 17. Juli 2020", ("2020-07-12", "2020-07-17")),
        ("Herbst bis Winter 2020", ("2020-09", "2021-02")),
        ("Mai 2020 bis 2021", ("2020-05", "2021")),
        ("mid-2019 to early 2020", ("2019", "2020")),
        # a month range within its year is not backwards
        ("Mai 2020 bis 2020", ("2020-05", "2020")),
    ],
)
def test_hedges_quarters_decades_and_carried_parts(text: str, expected: tuple[str, str]) -> None:
    assert normalise_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Q5 2020",
        "5. Quartal 2020",
        "1995s",  # not a decade
        "1990s Juli",
        "2019-Q3",
        "2020/2021",
        "Juli 2020 bis",
        "12. Juli",  # a day without a year is not guessed, even in a range
        "12. bis 17. Juli",
        "2020-07-00",
        "00.07.2020",
        "Dezember bis Januar 2020",  # which December? refused rather than guessed
        "Juli 2020 bis Mai",  # the year is carried forwards, never backwards
        "Q3 Juli 2020",
    ],
)
def test_more_non_dates_are_none(text: str) -> None:
    assert normalise_date(text) is None
