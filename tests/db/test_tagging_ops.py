"""Every tagging edit on a real store, and what it does to the rows an annotator sees."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from layer_helpers import entity_id as _entity
from layer_helpers import span_of as _span
from layer_helpers import tag as _tag
from layer_helpers import text_of as _text
from sqlalchemy import func, select
from sqlalchemy.exc import SAWarning

from db.annotations import ArticleAnnotations
from db.corpus.draft import ArticleDraft
from db.errors import AnnotationError, ArmscribeError
from db.models import EventArgument, Mention
from db.ops.articles import add_articles
from db.tagging import Edit
from db.workspace import Workspace

# Text with many code points that are not one UTF-16 unit or one visible character,
# all BEFORE the spans that get tagged: a flag (2 code points), a thumbs-up with a skin
# tone (2), a ZWJ family (5), "e" + combining acute, Armenian, Cyrillic, CJK.
TRICKY = (
    "🇹🇷👍🏽👨\u200d👩\u200d👧 Cafe\u0301 naïve Հայաստան և Россия, 中国 — "
    "die Türkei liefert Bayraktar TB2.\nZweite Zeile: Türkei, 2020."
)

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

# A distinctive phrase of each seed article.
SEED_KEYS = {
    "canada": "Marc Garneau",
    "ankara": "Ankara – Türkische Raketen",
    "belarus": "Datenleck zeigt",
    "tuerkiye": "Am 17. Juli führten",
    "english": "Azernews",
}


@pytest.fixture
def seeds(ws: Workspace) -> dict[str, int]:
    ids = [r.id for r in ws.articles()]
    out: dict[str, int] = {}
    for key, phrase in SEED_KEYS.items():
        found = [i for i in ids if phrase in _text(ws, i)]
        assert len(found) == 1, phrase
        out[key] = found[0]
    return out


def _add_article(ws: Workspace, text: str, title: str = "t") -> int:
    with ws.store.write() as s:
        ids = add_articles(s, [ArticleDraft(text=text, title=title, origin=title)]).added_ids
    return ids[0]


def _ann(ws: Workspace, article_id: int) -> ArticleAnnotations:
    return ws.tagging.annotations(article_id)


def _mention_count(ws: Workspace) -> int:
    with ws.store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Mention)) or 0)


def _refused(ws: Workspace, article_ids: list[int], edit: Callable[[], Edit], *words: str) -> None:
    """``edit`` raises AnnotationError naming ``words`` and changes nothing at all."""
    before = [_ann(ws, a) for a in article_ids]
    entities = ws.tagging.entities()
    label = ws.tagging.undo_label()
    with pytest.raises(AnnotationError) as info:
        edit()
    for w in words:
        assert w in str(info.value)
    assert [_ann(ws, a) for a in article_ids] == before
    assert ws.tagging.entities() == entities
    assert ws.tagging.undo_label() == label


# -- gazetteer and matcher -------------------------------------------------------------


def test_a_new_workspace_has_the_gazetteer_with_tuerkiye(store_path: Path) -> None:
    ws = Workspace.open(store_path, "anna")
    try:
        _check_gazetteer(ws)
    finally:
        ws.close()


def _check_gazetteer(ws: Workspace) -> None:
    rows = [e for e in ws.tagging.entities("ACTOR") if e.name == "Türkiye"]
    assert len(rows) == 1
    tr = rows[0]
    assert tr.kind == "ACTOR" and tr.subtype == "state"
    assert tr.external_id == "Q43" and tr.country_code == "TR"
    assert {"Turkey", "Türkei"} <= set(tr.aliases)
    assert ws.tagging.entity(tr.id) == tr
    # Other states and weapons from DOMAIN.md come with their ids too.
    assert _entity(ws, "Azerbaijan") and _entity(ws, "NATO")
    assert _entity(ws, "Bayraktar TB2", "WEAPON")
    by_qid = {e.external_id: e.name for e in ws.tagging.entities() if e.external_id}
    assert by_qid["Q227"] == "Azerbaijan" and by_qid["Q184"] == "Belarus"


def test_reopening_does_not_seed_twice(store_path: Path) -> None:
    first = Workspace.open(store_path, "anna")
    n = len(first.tagging.entities())
    assert n > 100
    first.close()
    again = Workspace.open(store_path, "bob")
    try:
        assert len(again.tagging.entities()) == n
        _check_gazetteer(again)
    finally:
        again.close()


@pytest.mark.parametrize("surface", ["Türkei", "Turkey", "Türkiye", "türkischen", "Ankara"])
def test_match_entities_finds_tuerkiye(ws: Workspace, surface: str) -> None:
    best = ws.tagging.match_entities(surface, "ACTOR")[0]
    assert best.name == "Türkiye"
    assert best.entity_id == _entity(ws, "Türkiye")


def test_match_entities_respects_the_kind(ws: Workspace) -> None:
    assert all(m.name != "Türkiye" for m in ws.tagging.match_entities("Türkei", "WEAPON"))
    assert ws.tagging.match_entities("TB2", "WEAPON")[0].name == "Bayraktar TB2"


def test_the_matcher_sees_entities_created_renamed_and_merged_later(ws: Workspace) -> None:
    t = ws.tagging
    assert all(m.name != "Tulpar K9" for m in t.match_entities("Tulpar K9", "WEAPON"))
    eid = t.create_entity("WEAPON", "Tulpar K9", aliases=["Tulpar-Panzer"]).created[0]
    assert t.match_entities("Tulpar K9", "WEAPON")[0].entity_id == eid
    assert t.match_entities("Tulpar-Panzer", "WEAPON")[0].entity_id == eid
    t.update_entity(eid, name="Tulpar")
    best = t.match_entities("Tulpar", "WEAPON")[0]
    assert best.entity_id == eid and best.how == "name"
    assert t.match_entities("Tulpar K9", "WEAPON")[0].how == "alias"
    t.undo()
    t.undo()
    assert all(m.entity_id != eid for m in t.match_entities("Tulpar K9", "WEAPON"))
    t.redo()
    assert t.match_entities("Tulpar K9", "WEAPON")[0].entity_id == eid
    # After a merge, the merged entity's name finds the one it went into.
    tr = _entity(ws, "Türkiye")
    gov = t.create_entity("ACTOR", "Regierung Erdoğan-Test").created[0]
    t.merge_entities(tr, gov)
    found = t.match_entities("Regierung Erdoğan-Test", "ACTOR")
    assert found[0].entity_id == tr
    assert all(m.entity_id != gov for m in found)


def test_the_matcher_sees_entities_another_annotator_created(ws: Workspace, bob: Workspace) -> None:
    assert all(m.name != "Tulpar K9" for m in ws.tagging.match_entities("Tulpar K9", "WEAPON"))
    eid = bob.tagging.create_entity("WEAPON", "Tulpar K9").created[0]
    assert ws.tagging.match_entities("Tulpar K9", "WEAPON")[0].entity_id == eid


# -- add_mention -----------------------------------------------------------------------


def test_offsets_are_code_points_after_emoji_combining_marks_and_other_scripts(
    ws: Workspace,
) -> None:
    aid = _add_article(ws, TRICKY)
    text = _text(ws, aid)
    assert text == TRICKY
    # The spans are far from where UTF-16 or grapheme counting would put them.
    assert len(text.encode("utf-16-le")) // 2 > len(text)
    tr = _entity(ws, "Türkiye")
    cases = [
        ("Türkei", "ACTOR", tr, 0),
        ("Bayraktar TB2", "WEAPON", None, 0),
        ("Հայաստան", "ACTOR", _entity(ws, "Armenia"), 0),
        ("Россия", "ACTOR", _entity(ws, "Russia"), 0),
        ("Cafe\u0301", "LOCATION", None, 0),
        ("中国", "ACTOR", None, 0),
        ("Türkei", "ACTOR", tr, 1),
        ("2020", "TIME", None, 0),
    ]
    asked = {}
    for word, type_, entity, nth in cases:
        start, end = _span(ws, aid, word, nth)
        edit = ws.tagging.add_mention(aid, start, end, type_, entity)
        asked[edit.created[0]] = (start, end, word, type_, entity)
    ann = _ann(ws, aid)
    assert len(ann.mentions) == len(cases)
    for m in ann.mentions:
        start, end, word, type_, entity = asked[m.id]
        assert (m.start, m.end, m.type, m.entity_id) == (start, end, type_, entity)
        assert m.text == word == text[start:end]
        assert m.annotator == "anna" and m.attributes == {} and len(m.uuid) == 36
    # Sorted by position.
    assert [m.start for m in ann.mentions] == sorted(m.start for m in ann.mentions)
    assert set(ann.entities) == {tr, _entity(ws, "Armenia"), _entity(ws, "Russia")}


def test_every_short_span_of_a_tricky_text_is_stored_exactly(ws: Workspace) -> None:
    aid = _add_article(ws, TRICKY)
    spans = [
        (a, b, "ACTOR", None)
        for a in range(len(TRICKY))
        for b in range(a + 1, min(len(TRICKY), a + 4) + 1)
    ]
    edit = ws.tagging.add_mentions(aid, spans)
    assert len(edit.created) == len(spans)
    got = {(m.start, m.end): m.text for m in _ann(ws, aid).mentions}
    assert got == {(a, b): TRICKY[a:b] for a, b, _, _ in spans}


# Spans as offsets from the start, or (negative) from one past the end of the text.
@pytest.mark.parametrize(
    ("start", "end", "what"),
    [
        (-1, 3, "negative start"),
        (5, 5, "empty"),
        (7, 5, "backwards"),
        (0, 10_000, "end far past the text"),
        (10_000, 10_001, "start far past the text"),
        ("n", "n+1", "one past the end"),
        (0, "n+1", "all and one more"),
        ("n", "n", "empty at the end"),
    ],
)
def test_spans_outside_the_text_are_refused_and_nothing_is_written(
    ws: Workspace, start: int | str, end: int | str, what: str
) -> None:
    aid = _add_article(ws, TRICKY)
    n = len(TRICKY)
    at = {"n": n, "n+1": n + 1}
    a = at[start] if isinstance(start, str) else start
    b = at[end] if isinstance(end, str) else end
    _refused(
        ws,
        [aid],
        lambda: ws.tagging.add_mention(aid, a, b, "ACTOR"),
        f"{a}-{b}",
        "outside the article's text",
        f"0-{n} characters",
    )
    assert _mention_count(ws) == 0


def test_the_whole_text_and_its_last_character_can_be_tagged(ws: Workspace) -> None:
    aid = _add_article(ws, TRICKY)
    n = len(TRICKY)
    ws.tagging.add_mentions(aid, [(0, n, "ACTOR", None), (n - 1, n, "TIME", None)])
    assert {m.text for m in _ann(ws, aid).mentions} == {TRICKY, "."}


def test_unknown_type_entity_or_article_is_refused(ws: Workspace) -> None:
    aid = _add_article(ws, TRICKY)
    a, b = _span(ws, aid, "Türkei")
    _refused(ws, [aid], lambda: ws.tagging.add_mention(aid, a, b, "PERSON"), "'PERSON'")
    _refused(ws, [aid], lambda: ws.tagging.add_mention(aid, a, b, "actor"), "mention type")
    _refused(ws, [aid], lambda: ws.tagging.add_mention(aid, a, b, "ACTOR", 999_999), "999999")
    _refused(ws, [aid], lambda: ws.tagging.add_mention(aid + 99, a, b, "ACTOR"), "no article")
    assert _mention_count(ws) == 0


def test_add_mention_result_and_label(ws: Workspace, seeds: dict[str, int]) -> None:
    aid = seeds["ankara"]
    tr = _entity(ws, "Türkiye")
    a, b = _span(ws, aid, "Türkei")
    edit = ws.tagging.add_mention(aid, a, b, "ACTOR", tr)
    assert edit.label == "Tag “Türkei” as ACTOR"
    assert edit.changes.mentions and not edit.changes.events and not edit.changes.entities
    ann = _ann(ws, aid)
    (m,) = ann.mentions
    assert m.id == edit.created[0] and (m.start, m.end, m.text) == (a, b, "Türkei")
    assert ann.entities[tr].name == "Türkiye"
    assert ws.tagging.undo_label() == edit.label
    # A long surface is shortened in the label, whitespace folded.
    start = _text(ws, aid).index("Präsidentschaft")
    long = ws.tagging.add_mention(aid, start, start + 60, "ACTOR")
    assert long.label == "Tag “Präsidentschaft der Verteidigungsindustr…” as ACTOR"
    a, b = _span(ws, aid, "ist.\nDie Türkei")
    edit = ws.tagging.add_mention(aid, a, b, "ACTOR")
    assert edit.label == "Tag “ist. Die Türkei” as ACTOR"  # the line break folded


def test_add_mentions_is_one_edit(ws: Workspace, seeds: dict[str, int]) -> None:
    aid = seeds["ankara"]
    spans = [
        (*_span(ws, aid, "Türkei"), "ACTOR", _entity(ws, "Türkiye")),
        (*_span(ws, aid, "Aserbaidschan"), "ACTOR", _entity(ws, "Azerbaijan")),
        (*_span(ws, aid, "12. Juli 2020"), "TIME", None),
    ]
    edit = ws.tagging.add_mentions(aid, spans)
    assert edit.label == "Tag 3 mentions"
    assert len(edit.created) == 3
    got = [(m.start, m.end, m.type, m.entity_id) for m in _ann(ws, aid).mentions]
    assert sorted(got) == sorted(spans)
    ws.tagging.undo()
    assert _ann(ws, aid).mentions == []
    assert ws.tagging.undo_label() is None


def test_add_mentions_with_one_bad_span_writes_nothing(
    ws: Workspace, seeds: dict[str, int]
) -> None:
    aid = seeds["ankara"]
    good = (*_span(ws, aid, "Türkei"), "ACTOR", None)
    n = len(_text(ws, aid))
    _refused(ws, [aid], lambda: ws.tagging.add_mentions(aid, [good, (n, n + 5, "ACTOR", None)]))
    _refused(ws, [aid], lambda: ws.tagging.add_mentions(aid, [good, (*good[:2], "NOPE", None)]))
    assert _mention_count(ws) == 0


def test_add_mentions_across_articles_is_one_edit(ws: Workspace, seeds: dict[str, int]) -> None:
    a, b = seeds["ankara"], seeds["english"]
    tr = _entity(ws, "Türkiye")
    edit = ws.tagging.add_mentions_across(
        [
            (a, *_span(ws, a, "Türkei"), "ACTOR", tr),
            (b, *_span(ws, b, "Turkiye"), "ACTOR", tr),
            (a, *_span(ws, a, "Ankara"), "ACTOR", tr),
        ]
    )
    assert edit.label == "Tag 3 mentions" and len(edit.created) == 3
    assert [m.text for m in _ann(ws, a).mentions] == ["Ankara", "Türkei"]
    assert [m.text for m in _ann(ws, b).mentions] == ["Turkiye"]
    assert [e.mention_count for e in ws.tagging.entities() if e.id == tr] == [3]
    ws.tagging.undo()
    assert _mention_count(ws) == 0


# -- delete, retype, span, link --------------------------------------------------------


def _transfer_layer(ws: Workspace, aid: int) -> dict[str, int]:
    """Türkei, Aserbaidschan, Raketen, a TIME, a trigger; a TRANSFER with all of them and
    a MEMBER_OF relation whose evidence is the Türkei mention."""
    tr, az, nato = _entity(ws, "Türkiye"), _entity(ws, "Azerbaijan"), _entity(ws, "NATO")
    ids = {
        "tr": _tag(ws, aid, "Türkei", "ACTOR", tr),
        "az": _tag(ws, aid, "Aserbaidschan", "ACTOR", az),
        "weapon": _tag(ws, aid, "Raketen", "WEAPON"),
        "time": _tag(ws, aid, "12. Juli 2020", "TIME"),
        "trigger": _tag(ws, aid, "zur Verfügung", "TRIGGER"),
    }
    ids["event"] = ws.tagging.create_event(
        aid,
        "TRANSFER",
        trigger_mention_id=ids["trigger"],
        arguments=[
            ("Supplier", ids["tr"]),
            ("Recipient", ids["az"]),
            ("Weapon", ids["weapon"]),
            ("Time", ids["time"]),
        ],
    ).created[0]
    ids["relation"] = ws.tagging.add_relation(
        "MEMBER_OF", tr, nato, evidence_mention_id=ids["tr"]
    ).created[0]
    return ids


def test_delete_mentions_removes_arguments_and_unsets_trigger_and_evidence(
    ws: Workspace, seeds: dict[str, int]
) -> None:
    aid = seeds["ankara"]
    ids = _transfer_layer(ws, aid)
    edit = ws.tagging.delete_mentions([ids["tr"], ids["trigger"]])
    assert edit.label == "Delete 2 mentions"
    assert edit.changes.mentions and edit.changes.events and edit.changes.relations
    ann = _ann(ws, aid)
    assert {m.id for m in ann.mentions} == {ids["az"], ids["weapon"], ids["time"]}
    ev = ann.event(ids["event"])
    assert ev is not None
    assert ev.trigger_mention_id is None
    assert [(a.role, a.mention_id) for a in ev.arguments] == [
        ("Recipient", ids["az"]),
        ("Weapon", ids["weapon"]),
        ("Time", ids["time"]),
    ]
    (rel,) = ann.relations
    assert rel.id == ids["relation"] and rel.evidence_mention_id is None
    with ws.store.read() as s:
        orphans = s.scalar(
            select(func.count())
            .select_from(EventArgument)
            .where(EventArgument.mention_id.in_([ids["tr"], ids["trigger"]]))
        )
    assert orphans == 0
    single = ws.tagging.delete_mentions([ids["time"]])
    assert single.label == "Delete mention"
    assert ws.tagging.annotations(aid).event(ids["event"]).fillers("Time") == []  # type: ignore[union-attr]


def test_delete_unknown_mention_is_refused(ws: Workspace, seeds: dict[str, int]) -> None:
    aid = seeds["ankara"]
    m = _tag(ws, aid, "Türkei", "ACTOR")
    _refused(ws, [aid], lambda: ws.tagging.delete_mentions([m, 999_999]), "999999")
    assert [x.id for x in _ann(ws, aid).mentions] == [m]


def test_retype_drops_an_entity_link_of_another_kind(ws: Workspace, seeds: dict[str, int]) -> None:
    aid = seeds["ankara"]
    tr = _entity(ws, "Türkiye")
    m = _tag(ws, aid, "Türkei", "ACTOR", tr)
    w = _tag(ws, aid, "Raketen", "WEAPON", _entity(ws, "Bayraktar TB2", "WEAPON"))
    # A state may be named as a place: ACTOR -> LOCATION keeps the link to Türkiye.
    ws.tagging.retype_mention(m, "LOCATION")
    assert _ann(ws, aid).mention(m).entity_id == tr  # type: ignore[union-attr]
    edit = ws.tagging.retype_mention(m, "TIME")
    assert edit.label == "Retype as TIME" and edit.changes.mentions
    row = _ann(ws, aid).mention(m)
    assert row is not None and row.type == "TIME" and row.entity_id is None
    # Same kind: the link stays.
    ws.tagging.retype_mention(w, "WEAPON")
    assert _ann(ws, aid).mention(w).entity_id == _entity(ws, "Bayraktar TB2", "WEAPON")  # type: ignore[union-attr]
    ws.tagging.retype_mention(m, "ACTOR")
    ws.tagging.link_mention(m, tr)
    ws.tagging.retype_mention(m, "ACTOR")
    assert _ann(ws, aid).mention(m).entity_id == tr  # type: ignore[union-attr]
    _refused(ws, [aid], lambda: ws.tagging.retype_mention(m, "PERSON"), "'PERSON'")


def test_set_mention_span(ws: Workspace, seeds: dict[str, int]) -> None:
    aid = seeds["ankara"]
    tr = _entity(ws, "Türkiye")
    m = _tag(ws, aid, "Türkei", "ACTOR", tr)
    a, b = _span(ws, aid, "Die Türkei")
    edit = ws.tagging.set_mention_span(m, a, b)
    assert edit.label == "Adjust mention boundaries"
    row = _ann(ws, aid).mention(m)
    assert row is not None
    assert (row.start, row.end, row.text, row.entity_id) == (a, b, "Die Türkei", tr)
    n = len(_text(ws, aid))
    _refused(ws, [aid], lambda: ws.tagging.set_mention_span(m, 3, 3), "3-3")
    _refused(ws, [aid], lambda: ws.tagging.set_mention_span(m, n - 2, n + 1), "outside")
    _refused(ws, [aid], lambda: ws.tagging.set_mention_span(999_999, 0, 1), "no mention")


def test_link_and_unlink(ws: Workspace, seeds: dict[str, int]) -> None:
    aid = seeds["ankara"]
    tr = _entity(ws, "Türkiye")
    m = _tag(ws, aid, "Türkei", "ACTOR")
    edit = ws.tagging.link_mention(m, tr)
    assert edit.label == "Link to Türkiye" and edit.changes.mentions
    ann = _ann(ws, aid)
    assert ann.mention(m).entity_id == tr and ann.entities[tr].name == "Türkiye"  # type: ignore[union-attr]
    assert [e.mention_count for e in ws.tagging.entities("ACTOR") if e.id == tr] == [1]
    assert [x.mention_id for x in ws.tagging.entity_mentions(tr)] == [m]
    assert ws.tagging.entities("ACTOR", used_only=True)[0].id == tr
    edit = ws.tagging.link_mention(m, None)
    assert edit.label == "Unlink mention"
    ann = _ann(ws, aid)
    assert ann.mention(m).entity_id is None and ann.entities == {}  # type: ignore[union-attr]
    _refused(ws, [aid], lambda: ws.tagging.link_mention(m, 999_999), "no entity 999999")


def test_set_mention_attributes(ws: Workspace, seeds: dict[str, int]) -> None:
    aid = seeds["ankara"]
    m = _tag(ws, aid, "Ankara", "ACTOR", _entity(ws, "Türkiye"))
    edit = ws.tagging.set_mention_attributes(m, {"metonymy": "capital", "note": "Regierung"})
    assert edit.label == "Set mention attributes"
    assert _ann(ws, aid).mention(m).attributes == {"metonymy": "capital", "note": "Regierung"}  # type: ignore[union-attr]
    ws.tagging.set_mention_attributes(m, {"note": None, "metonymy": "people"})
    assert _ann(ws, aid).mention(m).attributes == {"metonymy": "people"}  # type: ignore[union-attr]
    ws.tagging.set_mention_attributes(m, {"metonymy": ""})
    assert _ann(ws, aid).mention(m).attributes == {}  # type: ignore[union-attr]


def test_linking_an_entity_of_another_kind_is_refused(ws: Workspace, seeds: dict[str, int]) -> None:
    aid = seeds["ankara"]
    tb2 = _entity(ws, "Bayraktar TB2", "WEAPON")
    m = _tag(ws, aid, "Türkei", "ACTOR")
    a, b = _span(ws, aid, "Aserbaidschan")
    _refused(ws, [aid], lambda: ws.tagging.link_mention(m, tb2))
    _refused(ws, [aid], lambda: ws.tagging.add_mention(aid, a, b, "ACTOR", tb2))


# -- entities --------------------------------------------------------------------------


def test_create_entity(ws: Workspace) -> None:
    n = len(ws.tagging.entities())
    edit = ws.tagging.create_entity(
        "ACTOR",
        "  Savunma   Sanayii  Başkanlığı ",
        subtype="government_body",
        aliases=["SSB-Test", "SSB-Test", "", "Savunma Sanayii Başkanlığı"],
        country_code="TR",
        external_id="Q7400000",
    )
    assert edit.label == "Create entity Savunma Sanayii Başkanlığı"
    assert edit.changes.entities and not edit.changes.mentions
    (eid,) = edit.created
    row = ws.tagging.entity(eid)
    assert row is not None
    assert (row.kind, row.subtype, row.name) == (
        "ACTOR",
        "government_body",
        "Savunma Sanayii Başkanlığı",
    )
    assert row.aliases == ("SSB-Test",)  # deduplicated, no blanks, not the name itself
    assert (row.country_code, row.external_id) == ("TR", "Q7400000")
    assert len(ws.tagging.entities()) == n + 1
    _refused(ws, [], lambda: ws.tagging.create_entity("ACTOR", "   "), "needs a name")


def test_create_entity_and_link_is_one_edit(ws: Workspace, seeds: dict[str, int]) -> None:
    aid = seeds["ankara"]
    m = _tag(ws, aid, "Kerem Mustafayev", "ACTOR")
    edit = ws.tagging.create_entity(
        "ACTOR", "Kerem Mustafayev", subtype="person", link_mention_id=m
    )
    assert edit.label == "Create entity Kerem Mustafayev and link"
    assert edit.changes.entities and edit.changes.mentions
    (eid,) = edit.created
    ann = _ann(ws, aid)
    assert ann.mention(m).entity_id == eid and ann.entities[eid].name == "Kerem Mustafayev"  # type: ignore[union-attr]
    ws.tagging.undo()
    assert ws.tagging.entity(eid) is None
    assert _ann(ws, aid).mention(m).entity_id is None  # type: ignore[union-attr]
    assert ws.tagging.undo_label() == "Tag “Kerem Mustafayev” as ACTOR"


def test_create_entity_with_a_bad_link_writes_nothing(ws: Workspace, seeds: dict[str, int]) -> None:
    n = len(ws.tagging.entities())
    _refused(
        ws,
        [seeds["ankara"]],
        lambda: ws.tagging.create_entity("ACTOR", "Niemand", link_mention_id=999_999),
        "no mention 999999",
    )
    assert len(ws.tagging.entities()) == n


def test_update_entity_rename_keeps_the_old_name_as_alias(ws: Workspace) -> None:
    eid = ws.tagging.create_entity("ACTOR", "Weißrussland-Test", aliases=["WR"]).created[0]
    edit = ws.tagging.update_entity(eid, name=" Belarus-Test ")
    assert edit.label == "Rename Weißrussland-Test to Belarus-Test" and edit.changes.entities
    row = ws.tagging.entity(eid)
    assert row is not None and row.name == "Belarus-Test"
    assert row.aliases == ("WR", "Weißrussland-Test")
    # Renaming to one of its aliases takes it out of the aliases.
    ws.tagging.update_entity(eid, name="WR")
    row = ws.tagging.entity(eid)
    assert row is not None and row.name == "WR"
    assert row.aliases == ("Weißrussland-Test", "Belarus-Test")
    _refused(ws, [], lambda: ws.tagging.update_entity(eid, name="  "), "needs a name")
    _refused(ws, [], lambda: ws.tagging.update_entity(999_999, name="X"), "no entity 999999")


def test_update_entity_aliases_subtype_and_codes(ws: Workspace) -> None:
    eid = ws.tagging.create_entity("ACTOR", "Baykar-Test", aliases=["Baykar Makina"]).created[0]
    edit = ws.tagging.update_entity(
        eid,
        add_aliases=["Baykar Defence", "Baykar Makina", "Baykar-Test", ""],
        remove_aliases=["Baykar Makina"],
        subtype="company",
        country_code="TR",
        external_id="Q1",
    )
    assert edit.label == "Edit entity Baykar-Test"
    row = ws.tagging.entity(eid)
    assert row is not None
    assert row.aliases == ("Baykar Defence",)
    assert (row.subtype, row.country_code, row.external_id) == ("company", "TR", "Q1")
    # Empty strings clear; None leaves alone.
    ws.tagging.update_entity(eid, subtype="", country_code="")
    row = ws.tagging.entity(eid)
    assert row is not None
    assert (row.subtype, row.country_code, row.external_id) == (None, None, "Q1")


def test_merge_entities_moves_mentions_and_relations_and_keeps_names(
    ws: Workspace, bob: Workspace, seeds: dict[str, int]
) -> None:
    a, b = seeds["ankara"], seeds["tuerkiye"]
    tr, nato = _entity(ws, "Türkiye"), _entity(ws, "NATO")
    gone = ws.tagging.create_entity(
        "ACTOR", "Türkische Republik-Test", aliases=["TR-Regierung"], external_id="Q99"
    ).created[0]
    m1 = _tag(ws, a, "Türkei", "ACTOR", gone)
    m2 = _tag(ws, b, "Ankara", "ACTOR", gone)
    m_keep = _tag(ws, a, "Ankara", "ACTOR", tr)
    mb = _tag(bob, a, "Türkei", "ACTOR", gone)  # another annotator's link follows too
    rel = ws.tagging.add_relation("MEMBER_OF", gone, nato, evidence_mention_id=m1).created[0]
    rel2 = ws.tagging.add_relation("ALLY_OF", nato, gone, article_id=a).created[0]
    edit = ws.tagging.merge_entities(tr, gone)
    assert edit.label == "Merge Türkische Republik-Test into Türkiye"
    assert edit.changes.entities and edit.changes.mentions and edit.changes.relations
    ann_a, ann_b = _ann(ws, a), _ann(ws, b)
    assert {m.id: m.entity_id for m in ann_a.mentions} == {m1: tr, m_keep: tr}
    assert {m.id: m.entity_id for m in ann_b.mentions} == {m2: tr}
    assert _ann(bob, a).mention(mb).entity_id == tr  # type: ignore[union-attr]
    rels = {r.id: (r.source_entity_id, r.target_entity_id) for r in ann_a.relations}
    assert rels == {rel: (tr, nato), rel2: (nato, tr)}
    keep = ws.tagging.entity(tr)
    assert keep is not None
    assert {"Türkische Republik-Test", "TR-Regierung", "Turkey", "Türkei"} <= set(keep.aliases)
    assert keep.external_id == "Q43"  # its own id wins
    assert all(e.id != gone for e in ws.tagging.entities())
    assert [e.mention_count for e in ws.tagging.entities() if e.id == tr] == [4]
    # The merged entity stays behind (its uuid still resolves) but takes no more edits.
    assert ws.tagging.entity(gone) is not None
    _refused(ws, [a], lambda: ws.tagging.update_entity(gone, name="X"), f"no entity {gone}")
    _refused(ws, [a], lambda: ws.tagging.merge_entities(tr, gone), f"no entity {gone}")


def test_merge_fills_missing_ids_from_the_merged_entity(ws: Workspace) -> None:
    keep = ws.tagging.create_entity("WEAPON", "Bayraktar Akıncı-Test").created[0]
    gone = ws.tagging.create_entity(
        "WEAPON", "Akinci-Test", country_code="TR", external_id="Q65000000"
    ).created[0]
    ws.tagging.merge_entities(keep, gone)
    row = ws.tagging.entity(keep)
    assert row is not None
    assert (row.external_id, row.country_code, row.aliases) == ("Q65000000", "TR", ("Akinci-Test",))


def test_merge_refuses_itself_and_other_kinds(ws: Workspace) -> None:
    tr = _entity(ws, "Türkiye")
    tb2 = _entity(ws, "Bayraktar TB2", "WEAPON")
    _refused(ws, [], lambda: ws.tagging.merge_entities(tr, tr), "cannot be merged into itself")
    _refused(ws, [], lambda: ws.tagging.merge_entities(tr, tb2), "WEAPON", "ACTOR")
    _refused(ws, [], lambda: ws.tagging.merge_entities(tr, 999_999), "no entity 999999")


# -- events ----------------------------------------------------------------------------


def test_create_event_with_trigger_arguments_and_attributes(
    ws: Workspace, seeds: dict[str, int]
) -> None:
    aid = seeds["ankara"]
    tr = _tag(ws, aid, "Türkei", "ACTOR", _entity(ws, "Türkiye"))
    az = _tag(ws, aid, "Aserbaidschan", "ACTOR", _entity(ws, "Azerbaijan"))
    w1 = _tag(ws, aid, "Raketen", "WEAPON")
    w2 = _tag(ws, aid, "Drohnen", "WEAPON")
    trig = _tag(ws, aid, "zur Verfügung", "TRIGGER")
    edit = ws.tagging.create_event(
        aid,
        "TRANSFER",
        trigger_mention_id=trig,
        arguments=[("Supplier", tr), ("Recipient", az), ("Weapon", w1), ("Weapon", w2)],
        attributes={"status": "offered", "modality": "asserted", "date": "Juli 2020", "note": "x"},
    )
    assert edit.label == "Create Transfer (supply, delivery, sale) event"
    assert edit.changes.events and not edit.changes.mentions
    (eid,) = edit.created
    (ev,) = _ann(ws, aid).events
    assert ev.id == eid and ev.type == "TRANSFER" and ev.trigger_mention_id == trig
    assert (ev.status, ev.modality) == ("offered", "asserted")
    assert (ev.date_start, ev.date_end) == ("2020-07", "2020-07")
    assert ev.attributes == {"date": "Juli 2020", "note": "x"}
    assert [(a.role, a.mention_id) for a in ev.arguments] == [
        ("Supplier", tr),
        ("Recipient", az),
        ("Weapon", w1),
        ("Weapon", w2),
    ]
    assert ev.fillers("Weapon") == [w1, w2] and ev.fillers("Time") == []


def test_create_event_refusals_write_nothing(ws: Workspace, seeds: dict[str, int]) -> None:
    a, other = seeds["ankara"], seeds["canada"]
    tr = _tag(ws, a, "Türkei", "ACTOR")
    elsewhere = _tag(ws, other, "Garneau", "ACTOR")
    arts = [a, other]
    _refused(ws, arts, lambda: ws.tagging.create_event(a, "GIFT"), "'GIFT'")
    _refused(ws, arts, lambda: ws.tagging.create_event(999, "TRANSFER"), "no article 999")
    _refused(
        ws,
        arts,
        lambda: ws.tagging.create_event(a, "TRANSFER", arguments=[("Buyer", tr)]),
        "no role 'Buyer'",
    )
    _refused(
        ws,
        arts,
        lambda: ws.tagging.create_event(a, "TRANSFER", arguments=[("Supplier", elsewhere)]),
        "event's article",
    )
    _refused(
        ws,
        arts,
        lambda: ws.tagging.create_event(a, "TRANSFER", trigger_mention_id=elsewhere),
        "another article",
    )
    _refused(
        ws,
        arts,
        lambda: ws.tagging.create_event(a, "TRANSFER", attributes={"date": "bald"}),
        "'bald' is not a date",
    )


def _event_with(ws: Workspace, aid: int, type_: str, **roles: int) -> int:
    args = [(role, mid) for role, mid in roles.items()]
    return ws.tagging.create_event(aid, type_, arguments=args).created[0]


def test_set_argument_replaces_a_single_role_and_adds_to_a_multiple_one(
    ws: Workspace, seeds: dict[str, int]
) -> None:
    aid = seeds["ankara"]
    tr = _tag(ws, aid, "Türkei", "ACTOR", _entity(ws, "Türkiye"))
    az = _tag(ws, aid, "Aserbaidschan", "ACTOR", _entity(ws, "Azerbaijan"))
    ar = _tag(ws, aid, "Armenien", "ACTOR", _entity(ws, "Armenia"))
    ev = _event_with(ws, aid, "TRANSFER", Supplier=tr)
    old_arg = _ann(ws, aid).events[0].arguments[0].uuid
    edit = ws.tagging.set_argument(ev, "Supplier", az)
    assert edit.label == "Set Supplier to “Aserbaidschan”" and edit.changes.events
    (row,) = _ann(ws, aid).events
    assert row.fillers("Supplier") == [az]
    assert all(a.uuid != old_arg for a in row.arguments)  # a new row, the old one gone
    # COOPERATION's Party takes many fillers: each one is added.
    coop = _event_with(ws, aid, "COOPERATION")
    ws.tagging.set_argument(coop, "Party", tr)
    ws.tagging.set_argument(coop, "Party", az)
    ws.tagging.set_argument(coop, "Party", ar)
    assert _ann(ws, aid).event(coop).fillers("Party") == [tr, az, ar]  # type: ignore[union-attr]
    # The same filler twice is a no-op: no duplicate, no undo entry.
    label = ws.tagging.undo_label()
    again = ws.tagging.set_argument(coop, "Party", az)
    assert not again.changes.any() and ws.tagging.undo_label() == label
    assert _ann(ws, aid).event(coop).fillers("Party") == [tr, az, ar]  # type: ignore[union-attr]
    _refused(ws, [aid], lambda: ws.tagging.set_argument(coop, "Supplier", tr), "no role")
    _refused(ws, [aid], lambda: ws.tagging.set_argument(999_999, "Party", tr), "no event")
    _refused(ws, [aid], lambda: ws.tagging.set_argument(coop, "Party", 999_999), "no mention")


def test_remove_argument(ws: Workspace, seeds: dict[str, int]) -> None:
    aid = seeds["ankara"]
    tr = _tag(ws, aid, "Türkei", "ACTOR")
    w = _tag(ws, aid, "Raketen", "WEAPON")
    ev = _event_with(ws, aid, "TRANSFER", Supplier=tr, Weapon=w)
    arg = next(a for a in _ann(ws, aid).events[0].arguments if a.role == "Weapon")
    edit = ws.tagging.remove_argument(arg.id)
    assert edit.label == "Clear Weapon" and edit.changes.events
    row = _ann(ws, aid).event(ev)
    assert row is not None and row.fillers("Weapon") == [] and row.fillers("Supplier") == [tr]
    assert {m.id for m in _ann(ws, aid).mentions} == {tr, w}  # the mention stays
    _refused(ws, [aid], lambda: ws.tagging.remove_argument(arg.id), f"no argument {arg.id}")


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [
        ("Oktober 2019", "2019-10", "2019-10"),
        ("im Herbst 2020", "2020-09", "2020-11"),
        ("12. Juli 2020", "2020-07-12", "2020-07-12"),
        ("zwischen 2018 und 2022", "2018", "2022"),
        ("2018-2022", "2018", "2022"),
        ("December 27, 2021", "2021-12-27", "2021-12-27"),
    ],
)
def test_set_event_attributes_normalises_dates(
    ws: Workspace, seeds: dict[str, int], value: str, start: str, end: str
) -> None:
    aid = seeds["ankara"]
    ev = _event_with(ws, aid, "TRANSFER")
    edit = ws.tagging.set_event_attributes(ev, {"date": value})
    assert edit.label == "Set date" and edit.changes.events
    row = _ann(ws, aid).event(ev)
    assert row is not None
    assert (row.date_start, row.date_end) == (start, end)
    assert row.attributes == {"date": value}


@pytest.mark.parametrize("value", ["irgendwann", "bald", "F-16", "29 Genehmigungen", "im Mai"])
def test_set_event_attributes_refuses_what_is_not_a_date(
    ws: Workspace, seeds: dict[str, int], value: str
) -> None:
    aid = seeds["ankara"]
    ev = _event_with(ws, aid, "TRANSFER")
    ws.tagging.set_event_attributes(ev, {"date": "Oktober 2019", "status": "ordered"})
    _refused(
        ws,
        [aid],
        lambda: ws.tagging.set_event_attributes(ev, {"status": "delivered", "date": value}),
        f"{value!r} is not a date Armscribe understands",
        "Oktober 2019",  # the message shows what would work
    )
    row = _ann(ws, aid).event(ev)
    assert row is not None
    assert (row.status, row.date_start, row.date_end) == ("ordered", "2019-10", "2019-10")


def test_set_event_attributes_columns_free_attributes_and_clearing(
    ws: Workspace, seeds: dict[str, int]
) -> None:
    aid = seeds["ankara"]
    ev = _event_with(ws, aid, "TRANSFER")
    edit = ws.tagging.set_event_attributes(
        ev,
        {
            "status": "delivered",
            "modality": "alleged",
            "date": "Juli 2020",
            "quantity": 6,
            "note": "laut Demir",
        },
    )
    assert edit.label == "Set status, modality, date, quantity, note"
    row = _ann(ws, aid).event(ev)
    assert row is not None
    assert (row.status, row.modality, row.date_start) == ("delivered", "alleged", "2020-07")
    assert row.attributes == {"date": "Juli 2020", "quantity": 6, "note": "laut Demir"}
    ws.tagging.set_event_attributes(ev, {"status": "", "modality": None, "date": None, "note": ""})
    row = _ann(ws, aid).event(ev)
    assert row is not None
    assert (row.status, row.modality, row.date_start, row.date_end) == (None, None, None, None)
    assert row.attributes == {"quantity": 6}


def test_set_event_attributes_refuses_a_status_outside_the_tagset(
    ws: Workspace, seeds: dict[str, int]
) -> None:
    aid = seeds["ankara"]
    ev = _event_with(ws, aid, "TRANSFER")
    _refused(
        ws,
        [aid],
        lambda: ws.tagging.set_event_attributes(ev, {"status": "delivred"}),
        "'delivred'",
        "delivered",
        "in_service",
    )
    _refused(
        ws,
        [aid],
        lambda: ws.tagging.set_event_attributes(ev, {"status": "ordered", "modality": "maybe"}),
        "'maybe'",
        "alleged",
    )
    _refused(
        ws, [aid], lambda: ws.tagging.create_event(aid, "TRANSFER", attributes={"realis": "x"})
    )
    ws.tagging.set_event_attributes(ev, {"status": "ordered", "modality": "denied"})
    ws.tagging.set_event_attributes(ev, {"status": None, "modality": ""})
    row = _ann(ws, aid).event(ev)
    assert row is not None and (row.status, row.modality) == (None, None)


def test_set_event_type_drops_roles_the_new_type_lacks(
    ws: Workspace, seeds: dict[str, int]
) -> None:
    aid = seeds["ankara"]
    tr = _tag(ws, aid, "Türkei", "ACTOR")
    az = _tag(ws, aid, "Aserbaidschan", "ACTOR")
    w = _tag(ws, aid, "Raketen", "WEAPON")
    time = _tag(ws, aid, "12. Juli 2020", "TIME")
    q = _tag(ws, aid, "beiden Länder", "QUANTITY")
    ev = _event_with(
        ws, aid, "TRANSFER", Supplier=tr, Recipient=az, Weapon=w, Time=time, Quantity=q
    )
    ws.tagging.set_event_attributes(ev, {"status": "offered"})
    edit = ws.tagging.set_event_type(ev, "OFFER")
    assert edit.label == "Change event to Offer (proposal, invitation)" and edit.changes.events
    row = _ann(ws, aid).event(ev)
    assert row is not None and row.type == "OFFER" and row.status == "offered"
    assert sorted((a.role, a.mention_id) for a in row.arguments) == sorted(
        [("Recipient", az), ("Weapon", w), ("Time", time)]
    )
    assert {m.id for m in _ann(ws, aid).mentions} == {tr, az, w, time, q}
    _refused(ws, [aid], lambda: ws.tagging.set_event_type(ev, "GIFT"), "'GIFT'")


def test_set_event_type_leaves_at_most_one_filler_in_a_single_role(
    ws: Workspace, seeds: dict[str, int]
) -> None:
    aid = seeds["ankara"]
    az = _tag(ws, aid, "Aserbaidschan", "ACTOR")
    ar = _tag(ws, aid, "Armenien", "ACTOR")
    ev = _event_with(ws, aid, "OFFER")
    ws.tagging.set_argument(ev, "Recipient", az)
    ws.tagging.set_argument(ev, "Recipient", ar)
    try:
        edit = ws.tagging.set_event_type(ev, "TRANSFER")
    except AnnotationError:
        return
    row = _ann(ws, aid).event(ev)
    assert row is not None and len(row.fillers("Recipient")) <= 1
    # The first filler stays, the label says what went, and one undo brings both back.
    assert [a.mention_id for a in row.arguments if a.role == "Recipient"] == [az]
    assert edit.label == "Change event to Transfer (supply, delivery, sale); " + (
        "dropped 1 extra Recipient"
    )
    assert ws.tagging.undo() is not None
    row = _ann(ws, aid).event(ev)
    assert row is not None and row.type == "OFFER"
    assert sorted(a.mention_id for a in row.arguments if a.role == "Recipient") == sorted([az, ar])


def test_set_event_trigger(ws: Workspace, seeds: dict[str, int]) -> None:
    aid = seeds["ankara"]
    trig = _tag(ws, aid, "zur Verfügung", "TRIGGER")
    ev = _event_with(ws, aid, "OFFER")
    edit = ws.tagging.set_event_trigger(ev, trig)
    assert edit.label == "Set trigger"
    assert _ann(ws, aid).event(ev).trigger_mention_id == trig  # type: ignore[union-attr]
    edit = ws.tagging.set_event_trigger(ev, None)
    assert edit.label == "Clear trigger"
    assert _ann(ws, aid).event(ev).trigger_mention_id is None  # type: ignore[union-attr]
    _refused(ws, [aid], lambda: ws.tagging.set_event_trigger(ev, 999_999), "no mention")


def test_set_event_trigger_refuses_a_mention_in_another_article(
    ws: Workspace, seeds: dict[str, int]
) -> None:
    a, other = seeds["ankara"], seeds["canada"]
    elsewhere = _tag(ws, other, "Exportverbot", "TRIGGER")
    ev = _event_with(ws, a, "OFFER")
    _refused(ws, [a, other], lambda: ws.tagging.set_event_trigger(ev, elsewhere), "another article")


# The SAWarning this raises is the bug of test_delete_event_raises_no_sqlalchemy_warning.
@pytest.mark.filterwarnings("ignore:DELETE statement on table:sqlalchemy.exc.SAWarning")
def test_delete_event_removes_its_arguments_but_not_its_mentions(
    ws: Workspace, seeds: dict[str, int]
) -> None:
    aid = seeds["ankara"]
    ids = _transfer_layer(ws, aid)
    keep = _event_with(ws, aid, "COOPERATION", Party=ids["tr"])
    edit = ws.tagging.delete_event(ids["event"])
    assert edit.label == "Delete TRANSFER event" and edit.changes.events
    ann = _ann(ws, aid)
    assert [e.id for e in ann.events] == [keep]
    assert len(ann.mentions) == 5  # trigger and fillers stay
    with ws.store.read() as s:
        left = s.scalar(
            select(func.count())
            .select_from(EventArgument)
            .where(EventArgument.event_id == ids["event"])
        )
    assert left == 0
    _refused(ws, [aid], lambda: ws.tagging.delete_event(ids["event"]), "no event")


def test_delete_event_raises_no_sqlalchemy_warning(ws: Workspace, seeds: dict[str, int]) -> None:
    aid = seeds["ankara"]
    ids = _transfer_layer(ws, aid)
    with warnings.catch_warnings():
        warnings.simplefilter("error", SAWarning)
        ws.tagging.delete_event(ids["event"])
    assert _ann(ws, aid).events == []


# -- relations -------------------------------------------------------------------------


def test_add_and_delete_relation(ws: Workspace, seeds: dict[str, int]) -> None:
    aid = seeds["english"]
    tr, nato = _entity(ws, "Türkiye"), _entity(ws, "NATO")
    ev = _tag(ws, aid, "NATO member countries", "ACTOR")
    edit = ws.tagging.add_relation("MEMBER_OF", tr, nato, evidence_mention_id=ev)
    assert edit.label == "Relate Türkiye member of NATO" and edit.changes.relations
    (rid,) = edit.created
    ann = _ann(ws, aid)
    (rel,) = ann.relations
    assert (rel.id, rel.type, rel.source_entity_id, rel.target_entity_id) == (
        rid,
        "MEMBER_OF",
        tr,
        nato,
    )
    assert rel.evidence_mention_id == ev and rel.attributes == {}
    assert {ann.entities[tr].name, ann.entities[nato].name} == {"Türkiye", "NATO"}
    # Without evidence the relation belongs to the article it is given.
    other = ws.tagging.add_relation("ALLY_OF", tr, _entity(ws, "Azerbaijan"), article_id=aid)
    assert {r.id for r in _ann(ws, aid).relations} == {rid, other.created[0]}
    edit = ws.tagging.delete_relation(rid)
    assert edit.label == "Delete relation" and edit.changes.relations
    assert [r.id for r in _ann(ws, aid).relations] == [other.created[0]]
    _refused(ws, [aid], lambda: ws.tagging.delete_relation(rid), f"no relation {rid}")
    _refused(ws, [aid], lambda: ws.tagging.add_relation("FRIEND_OF", tr, nato), "'FRIEND_OF'")
    _refused(ws, [aid], lambda: ws.tagging.add_relation("ALLY_OF", tr, 999_999), "existing")
    _refused(
        ws,
        [aid],
        lambda: ws.tagging.add_relation("ALLY_OF", tr, nato, evidence_mention_id=999_999),
        "no mention",
    )


# -- another annotator's rows ----------------------------------------------------------


def _bobs_attempts(
    bob: Workspace, ids: dict[str, int], aid: int
) -> list[tuple[str, Callable[[], Edit]]]:
    t = bob.tagging
    arg = ids["arg"]
    return [
        ("delete_mentions", lambda: t.delete_mentions([ids["tr"]])),
        ("retype_mention", lambda: t.retype_mention(ids["tr"], "LOCATION")),
        ("set_mention_span", lambda: t.set_mention_span(ids["tr"], 0, 3)),
        ("link_mention", lambda: t.link_mention(ids["tr"], None)),
        ("set_mention_attributes", lambda: t.set_mention_attributes(ids["tr"], {"x": "y"})),
        (
            "create_event trigger",
            lambda: t.create_event(aid, "OFFER", trigger_mention_id=ids["trigger"]),
        ),
        (
            "create_event argument",
            lambda: t.create_event(aid, "OFFER", arguments=[("Offerer", ids["tr"])]),
        ),
        ("create_entity link", lambda: t.create_entity("ACTOR", "Bobs", link_mention_id=ids["tr"])),
        ("set_argument", lambda: t.set_argument(ids["event"], "Supplier", ids["az"])),
        ("remove_argument", lambda: t.remove_argument(arg)),
        ("set_event_attributes", lambda: t.set_event_attributes(ids["event"], {"status": "x"})),
        ("set_event_type", lambda: t.set_event_type(ids["event"], "OFFER")),
        ("set_event_trigger", lambda: t.set_event_trigger(ids["event"], None)),
        ("delete_event", lambda: t.delete_event(ids["event"])),
        ("delete_relation", lambda: t.delete_relation(ids["relation"])),
        (
            "add_relation evidence",
            lambda: t.add_relation("ALLY_OF", 1, 2, evidence_mention_id=ids["tr"]),
        ),
    ]


def test_edits_on_another_annotators_rows_are_refused(
    ws: Workspace, bob: Workspace, seeds: dict[str, int]
) -> None:
    aid = seeds["ankara"]
    ids = _transfer_layer(ws, aid)
    ids["arg"] = _ann(ws, aid).events[0].arguments[0].id
    # Bob's own mention and event, to make the attempts otherwise valid.
    bob_m = _tag(bob, aid, "Aserbaidschan", "ACTOR")
    bob_ev = bob.tagging.create_event(aid, "TRANSFER").created[0]
    anna_before = _ann(ws, aid)
    bob_before = _ann(bob, aid)
    for name, attempt in _bobs_attempts(bob, ids, aid):
        label = bob.tagging.undo_label()
        with pytest.raises(AnnotationError, match="your layer|no mention|no event"):
            attempt()
        assert _ann(ws, aid) == anna_before, name
        assert _ann(bob, aid) == bob_before, name
        assert bob.tagging.undo_label() == label, name
    # Nor can Anna's mention fill Bob's event.
    with pytest.raises(AnnotationError, match="no mention"):
        bob.tagging.set_argument(bob_ev, "Supplier", ids["tr"])
    # Each annotator reads only their own layer by default, and the other's on request.
    assert [m.id for m in _ann(bob, aid).mentions] == [bob_m]
    assert bob.tagging.annotations(aid, ws.annotator_id) == anna_before
    assert ws.tagging.undo_label() == "Relate Türkiye member of NATO"


# -- article status --------------------------------------------------------------------


def _status(ws: Workspace, aid: int) -> str:
    return next(r.status for r in ws.articles() if r.id == aid)


def test_set_status(ws: Workspace, bob: Workspace, seeds: dict[str, int]) -> None:
    aid = seeds["ankara"]
    assert _status(ws, aid) == "new"
    edit = ws.tagging.set_status(aid, "in_progress")
    assert edit.label == "Mark as in progress" and edit.changes.article_status
    assert _status(ws, aid) == "in_progress"
    ws.tagging.set_status(aid, "done")
    assert _status(ws, aid) == "done"
    assert _status(bob, aid) == "new"  # status is per annotator
    ws.tagging.undo()
    assert _status(ws, aid) == "in_progress"
    ws.tagging.undo()
    assert _status(ws, aid) == "new"
    with pytest.raises(AnnotationError, match="unknown status"):
        ws.tagging.set_status(aid, "finished")
    assert _status(ws, aid) == "new"


def test_set_status_refusal_is_a_library_error(ws: Workspace, seeds: dict[str, int]) -> None:
    with pytest.raises(ArmscribeError):
        ws.tagging.set_status(seeds["ankara"], "finished")
