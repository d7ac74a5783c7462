"""'Tag all occurrences': where else a mention's words, or its entity's names, appear."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from layer_helpers import entity_id as _entity
from layer_helpers import tag as _tag
from layer_helpers import text_of as _text

from db.corpus.draft import ArticleDraft
from db.ops.articles import add_articles
from db.suggestions import Suggestion
from db.workspace import Workspace

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

TEXT = (
    "Die Türkei liefert Drohnen. Die TÜRKEI und die türkei streiten.\n"
    "Eine Türkeireise ist kein Treffer, die Türkeis auch nicht, NeuTürkei nicht.\n"
    "Die Republik\nTürkei hat in Ankara entschieden; Turkey's drones (Türkiye) flew.\n"
    "Die türkische Regierung und die Türken: keine Treffer für die Namen."
)


@pytest.fixture
def aid(ws: Workspace) -> int:
    with ws.store.write() as s:
        (found,) = add_articles(s, [ArticleDraft(text=TEXT, title="t", origin="t")]).added_ids
    return found


def _texts(found: list[Suggestion]) -> list[str]:
    return [s.text for s in found]


def test_other_occurrences_of_the_surface_case_insensitive_whole_words(
    ws: Workspace, aid: int
) -> None:
    m = _tag(ws, aid, "Türkei", "ACTOR")
    found = ws.tagging.suggestions(m)
    assert _texts(found) == ["TÜRKEI", "türkei", "Türkei"]  # in text order
    body = _text(ws, aid)
    for s in found:
        assert s.article_id == aid
        assert body[s.start : s.end] == s.text
        assert (s.type, s.entity_id) == ("ACTOR", None)
        assert s.text in s.context and "\n" not in s.context
        assert len(s.context) <= len(s.text) + 100
    # Not inside longer words, and not the tagged mention itself.
    starts = {s.start for s in found}
    for longer in ("Türkeireise", "Türkeis", "NeuTürkei"):
        at = body.index(longer)
        assert not any(at <= x < at + len(longer) for x in starts)
    assert body.index("Türkei") not in starts


def test_a_linked_mention_also_finds_its_entitys_names(ws: Workspace, aid: int) -> None:
    tr = _entity(ws, "Türkiye")
    m = _tag(ws, aid, "Türkei", "ACTOR", tr)
    found = ws.tagging.suggestions(m)
    assert _texts(found) == ["TÜRKEI", "türkei", "Republik\nTürkei", "Ankara", "Turkey", "Türkiye"]
    assert all(s.entity_id == tr and s.type == "ACTOR" for s in found)
    # The longest name wins where names overlap ("Republik Türkei" over "Türkei"), even
    # across a line break; its context shows the break as a space.
    republik = found[2]
    assert "Republik Türkei hat" in republik.context
    # Inflected forms are other words: "türkische", "Türken" are not offered.
    assert not any(s.text.lower().startswith(("türkisch", "türken")) for s in found)


def test_places_already_tagged_are_not_offered(ws: Workspace, bob: Workspace, aid: int) -> None:
    m = _tag(ws, aid, "Türkei", "ACTOR")
    _tag(ws, aid, "die türkei", "ACTOR")  # covers "türkei"
    _tag(ws, aid, "TÜRKEI und", "LOCATION")  # overlaps "TÜRKEI" (any other type)
    assert _texts(ws.tagging.suggestions(m)) == ["Türkei"]
    # Another annotator's tags do not hide anything from Anna...
    at = _text(ws, aid).index("Türkei hat")
    bob.tagging.add_mention(aid, at, at + len("Türkei"), "ACTOR")
    assert _texts(ws.tagging.suggestions(m)) == ["Türkei"]
    # ...and Anna's do not hide anything from Bob (for his own mention).
    bm = _tag(bob, aid, "Türkei", "ACTOR")
    assert _texts(bob.tagging.suggestions(bm)) == ["TÜRKEI", "türkei"]


def test_accepting_suggestions_leaves_none(ws: Workspace, aid: int) -> None:
    tr = _entity(ws, "Türkiye")
    m = _tag(ws, aid, "Türkei", "ACTOR", tr)
    found = ws.tagging.suggestions(m)
    edit = ws.tagging.add_mentions(aid, [(s.start, s.end, s.type, s.entity_id) for s in found])
    assert edit.label == f"Tag {len(found)} mentions"
    assert ws.tagging.suggestions(m) == []
    linked = [x for x in ws.tagging.annotations(aid).mentions if x.entity_id == tr]
    assert len(linked) == len(found) + 1
    ws.tagging.undo()
    assert ws.tagging.suggestions(m) == found


def test_multi_word_surfaces_match_across_any_whitespace(ws: Workspace) -> None:
    with ws.store.write() as s:
        (a,) = add_articles(
            s,
            [
                ArticleDraft(
                    text="Bayraktar TB2 fliegt. Noch ein Bayraktar   TB2, dann Bayraktar\nTB2 "
                    "und bayraktar tb2, aber nicht Bayraktar TB20 oder Bayraktar.",
                    origin="x",
                )
            ],
        ).added_ids
    m = ws.tagging.add_mention(a, 0, len("Bayraktar TB2"), "WEAPON").created[0]
    assert _texts(ws.tagging.suggestions(m)) == [
        "Bayraktar   TB2",
        "Bayraktar\nTB2",
        "bayraktar tb2",
    ]


def test_punctuation_in_names_is_taken_literally(ws: Workspace) -> None:
    with ws.store.write() as s:
        (a,) = add_articles(
            s,
            [
                ArticleDraft(
                    text="S-400 und S-400. Nicht S-4000, nicht S 400, nicht xS-400.", origin="y"
                )
            ],
        ).added_ids
    m = ws.tagging.add_mention(a, 0, 5, "WEAPON").created[0]
    found = ws.tagging.suggestions(m)
    assert [(s.start, s.text) for s in found] == [(10, "S-400")]


def test_nothing_to_suggest(ws: Workspace, aid: int) -> None:
    one = ws.tagging.add_mention(aid, 0, 1, "ACTOR").created[0]  # "D": too short to search
    assert ws.tagging.suggestions(one) == []
    assert ws.tagging.suggestions(999_999) == []
    only = _tag(ws, aid, "liefert", "TRIGGER")
    assert ws.tagging.suggestions(only) == []


# -- across the corpus -----------------------------------------------------------------


def _seed(ws: Workspace, phrase: str) -> int:
    (found,) = [r.id for r in ws.articles() if phrase in _text(ws, r.id)]
    return found


def test_corpus_suggestions_come_from_other_articles_too(ws: Workspace) -> None:
    az = _entity(ws, "Azerbaijan")
    ankara = _seed(ws, "Ankara – Türkische Raketen")
    english = _seed(ws, "Azernews")
    canada = _seed(ws, "Marc Garneau")
    m = _tag(ws, ankara, "Aserbaidschan", "ACTOR", az)
    # One occurrence elsewhere is tagged already: it must not come back.
    tagged = _tag(ws, canada, "Aserbaidschan", "ACTOR", az)
    row = ws.tagging.annotations(canada).mention(tagged)
    assert row is not None

    here = ws.tagging.suggestions(m)
    assert {s.article_id for s in here} == {ankara}
    everywhere = ws.tagging.suggestions(m, corpus=True)
    assert [s for s in everywhere if s.article_id == ankara] == here
    by_article: dict[int, list[Suggestion]] = {}
    for s in everywhere:
        by_article.setdefault(s.article_id, []).append(s)
    # All five seeds name Azerbaijan (the English one by its English name and Baku).
    assert set(by_article) == {r.id for r in ws.articles()}
    names = {n.casefold() for n in ("Azerbaijan", *ws.tagging.entity(az).aliases)}  # type: ignore[union-attr]
    for a, found in by_article.items():
        body = _text(ws, a)
        for s in found:
            assert body[s.start : s.end] == s.text
            assert " ".join(s.text.split()).casefold() in names
            assert s.entity_id == az and s.type == "ACTOR"
            # whole words only
            assert not (s.start > 0 and body[s.start - 1].isalnum())
            assert not (s.end < len(body) and body[s.end].isalnum())
    assert {s.text for s in by_article[english]} >= {"Azerbaijan"}
    assert all(s.start != row.start for s in by_article[canada])
    # "aserbaidschanischen" (an adjective) is never offered.
    assert not any("aserbaidschanisch" in s.text.lower() for s in everywhere)
    # Every occurrence in the seeds is offered (none lost between search and matching).
    pattern = re.compile(
        r"(?<!\w)(?:"
        + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        + r")(?!\w)",
        re.IGNORECASE,
    )
    for a, found in by_article.items():
        taken = [(x.start, x.end) for x in ws.tagging.annotations(a).mentions]
        expected = [
            x.span()
            for x in pattern.finditer(_text(ws, a))
            if not any(b < x.end() and x.start() < e for b, e in taken)
        ]
        assert [(s.start, s.end) for s in found] == expected, a


def test_corpus_suggestions_of_an_unlinked_mention_use_its_words_only(ws: Workspace) -> None:
    ankara = _seed(ws, "Ankara – Türkische Raketen")
    m = _tag(ws, ankara, "Drohnen", "WEAPON")
    found = ws.tagging.suggestions(m, corpus=True)
    assert found and all(s.text.casefold() == "drohnen" for s in found)
    assert len({s.article_id for s in found}) >= 3
    assert all(s.entity_id is None and s.type == "WEAPON" for s in found)
