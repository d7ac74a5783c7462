"""Undo and redo restore the store exactly: every row, every id, uuid and timestamp."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from layer_helpers import entity_id as _entity
from layer_helpers import span_of as _span
from layer_helpers import tag as _tag
from layer_helpers import text_of as _text
from sqlalchemy import text

from db import undo as undo_mod
from db.annotations import ArticleAnnotations, EntityRow
from db.errors import AnnotationError
from db.tagging import Edit
from db.workspace import Workspace

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
TRACKED_TABLES = (
    "entities",
    "mentions",
    "events",
    "event_arguments",
    "event_links",
    "relations",
    "comments",
    "article_status",
)

# The argument DELETEs of delete_event may find their rows already removed by the
# database cascade; test_tagging_ops.py holds the (xfail) test for that warning.
pytestmark = pytest.mark.filterwarnings("ignore:DELETE statement on table:sqlalchemy.exc.SAWarning")


@dataclass(frozen=True)
class Snapshot:
    """Everything an annotator (or a consumer of the file) can see of the layers."""

    rows: dict[str, list[tuple[Any, ...]]]
    annotations: tuple[ArticleAnnotations, ...]
    entities: tuple[EntityRow, ...]
    undo_label: str | None


def _snap(ws: Workspace, article_ids: list[int], *, reads: bool = True) -> Snapshot:
    """``reads=False`` keeps only the raw rows and the label: the reads derive from the
    rows, and leaving them out makes a snapshot several times faster."""
    with ws.store.read() as s:
        rows = {
            t: [tuple(r) for r in s.execute(text(f"SELECT * FROM {t} ORDER BY id"))]
            for t in TRACKED_TABLES
        }
    return Snapshot(
        rows,
        tuple(ws.tagging.annotations(a) for a in article_ids) if reads else (),
        tuple(ws.tagging.entities()) if reads else (),
        ws.tagging.undo_label(),
    )


def _assert_same(got: Snapshot, want: Snapshot) -> None:
    # Table by table first, for a readable failure.
    for table in TRACKED_TABLES:
        assert got.rows[table] == want.rows[table], table
    assert got.annotations == want.annotations
    assert got.entities == want.entities
    assert got.undo_label == want.undo_label


@pytest.fixture
def articles(ws: Workspace) -> list[int]:
    ids = sorted(r.id for r in ws.articles())
    assert len(ids) == 5
    return ids


def _article_with(ws: Workspace, articles: list[int], phrase: str) -> int:
    (aid,) = [a for a in articles if phrase in _text(ws, a)]
    return aid


@dataclass
class Rich:
    """A layer with something of every kind, for edits to act on."""

    ws: Workspace
    bob: Workspace
    articles: list[int]
    ankara: int
    canada: int
    english: int
    ids: dict[str, int] = field(default_factory=dict)


@pytest.fixture
def rich(ws: Workspace, bob: Workspace, articles: list[int]) -> Rich:
    r = Rich(
        ws,
        bob,
        articles,
        _article_with(ws, articles, "Ankara – Türkische Raketen"),
        _article_with(ws, articles, "Marc Garneau"),
        _article_with(ws, articles, "Azernews"),
    )
    t, a = ws.tagging, r.ankara
    tr, az = _entity(ws, "Türkiye"), _entity(ws, "Azerbaijan")
    ids = r.ids
    ids["tr_entity"], ids["az_entity"], ids["nato"] = tr, az, _entity(ws, "NATO")
    ids["tr"] = _tag(ws, a, "Türkei", "ACTOR", tr)
    ids["az"] = _tag(ws, a, "Aserbaidschan", "ACTOR", az)
    ids["weapon"] = _tag(ws, a, "Raketen", "WEAPON")
    ids["time"] = _tag(ws, a, "12. Juli 2020", "TIME")
    ids["trigger"] = _tag(ws, a, "zur Verfügung", "TRIGGER")
    ids["event"] = t.create_event(
        a,
        "TRANSFER",
        trigger_mention_id=ids["trigger"],
        arguments=[
            ("Supplier", ids["tr"]),
            ("Recipient", ids["az"]),
            ("Weapon", ids["weapon"]),
            ("Time", ids["time"]),
        ],
        attributes={"status": "offered", "date": "Juli 2020"},
    ).created[0]
    ids["coop"] = t.create_event(a, "COOPERATION", arguments=[("Party", ids["tr"])]).created[0]
    ids["relation"] = t.add_relation(
        "MEMBER_OF", tr, ids["nato"], evidence_mention_id=ids["tr"]
    ).created[0]
    ids["gov"] = t.create_entity(
        "ACTOR", "Türkische Regierung", aliases=["Regierung in Ankara"]
    ).created[0]
    ids["gov_m"] = _tag(ws, a, "Ankara", "ACTOR", ids["gov"])
    ids["gov_rel"] = t.add_relation("ALLY_OF", ids["gov"], az, article_id=a).created[0]
    ids["bob_gov_m"] = _tag(bob, a, "Türkei", "ACTOR", ids["gov"])
    t.set_status(a, "in_progress")
    return r


def _arg(r: Rich, event: str, role: str) -> int:
    ev = r.ws.tagging.annotations(r.ankara).event(r.ids[event])
    assert ev is not None
    return next(a.id for a in ev.arguments if a.role == role)


def _edits() -> dict[str, tuple[Callable[[Rich], Edit], str]]:
    """Every edit kind: what it does to the rich layer and the label it must carry."""

    def add_mention(r: Rich) -> Edit:
        a, b = _span(r.ws, r.canada, "Türkei")
        return r.ws.tagging.add_mention(r.canada, a, b, "ACTOR", r.ids["tr_entity"])

    def add_mentions(r: Rich) -> Edit:
        spans = [
            (*_span(r.ws, r.ankara, "Drohnen"), "WEAPON", None),
            (*_span(r.ws, r.ankara, "Armenien"), "ACTOR", _entity(r.ws, "Armenia")),
        ]
        return r.ws.tagging.add_mentions(r.ankara, spans)

    def add_mentions_across(r: Rich) -> Edit:
        return r.ws.tagging.add_mentions_across(
            [
                (r.english, *_span(r.ws, r.english, "Turkiye"), "ACTOR", r.ids["tr_entity"]),
                (r.canada, *_span(r.ws, r.canada, "Garneau"), "ACTOR", None),
            ]
        )

    def create_event(r: Rich) -> Edit:
        return r.ws.tagging.create_event(
            r.ankara,
            "OFFER",
            trigger_mention_id=r.ids["trigger"],
            arguments=[("Offerer", r.ids["tr"]), ("Recipient", r.ids["az"])],
            attributes={"date": "im Herbst 2020", "modality": "alleged", "note": "Demir"},
        )

    t = lambda r: r.ws.tagging  # noqa: E731
    return {
        "add_mention": (add_mention, "Tag “Türkei” as ACTOR"),
        "add_mentions": (add_mentions, "Tag 2 mentions"),
        "add_mentions_across": (add_mentions_across, "Tag 2 mentions"),
        "delete_mentions (cascade)": (
            lambda r: t(r).delete_mentions([r.ids["tr"], r.ids["trigger"]]),
            "Delete 2 mentions",
        ),
        "delete_mention": (lambda r: t(r).delete_mentions([r.ids["weapon"]]), "Delete mention"),
        "retype_mention": (
            lambda r: t(r).retype_mention(r.ids["tr"], "LOCATION"),
            "Retype as LOCATION",
        ),
        "set_mention_span": (
            lambda r: t(r).set_mention_span(r.ids["tr"], *_span(r.ws, r.ankara, "Die Türkei")),
            "Adjust mention boundaries",
        ),
        "link_mention": (
            lambda r: t(r).link_mention(r.ids["weapon"], _entity(r.ws, "Bayraktar TB2", "WEAPON")),
            "Link to Bayraktar TB2",
        ),
        "unlink_mention": (lambda r: t(r).link_mention(r.ids["tr"], None), "Unlink mention"),
        "set_mention_attributes": (
            lambda r: t(r).set_mention_attributes(r.ids["gov_m"], {"metonymy": "capital"}),
            "Set mention attributes",
        ),
        "create_entity": (
            lambda r: t(r).create_entity("ACTOR", "Kerem Mustafayev", subtype="person"),
            "Create entity Kerem Mustafayev",
        ),
        "create_entity_and_link": (
            lambda r: t(r).create_entity("WEAPON", "Raketen (TR)", link_mention_id=r.ids["weapon"]),
            "Create entity Raketen (TR) and link",
        ),
        "update_entity rename": (
            lambda r: t(r).update_entity(r.ids["tr_entity"], name="Republik Türkei"),
            "Rename Türkiye to Republik Türkei",
        ),
        "update_entity aliases": (
            lambda r: t(r).update_entity(
                r.ids["gov"],
                add_aliases=["Ankara-Regierung"],
                remove_aliases=["Regierung in Ankara"],
                subtype="government_body",
            ),
            "Edit entity Türkische Regierung",
        ),
        "merge_entities": (
            lambda r: t(r).merge_entities(r.ids["tr_entity"], r.ids["gov"]),
            "Merge Türkische Regierung into Türkiye",
        ),
        "create_event": (create_event, "Create Offer (proposal, invitation) event"),
        "set_argument replace": (
            lambda r: t(r).set_argument(r.ids["event"], "Supplier", r.ids["az"]),
            "Set Supplier to “Aserbaidschan”",
        ),
        "set_argument add": (
            lambda r: t(r).set_argument(r.ids["coop"], "Party", r.ids["az"]),
            "Set Party to “Aserbaidschan”",
        ),
        "remove_argument": (
            lambda r: t(r).remove_argument(_arg(r, "event", "Weapon")),
            "Clear Weapon",
        ),
        "set_event_attributes": (
            lambda r: t(r).set_event_attributes(
                r.ids["event"], {"status": "delivered", "date": "Oktober 2019", "note": "x"}
            ),
            "Set status, date, note",
        ),
        "set_event_type": (
            lambda r: t(r).set_event_type(r.ids["event"], "OFFER"),
            "Change event to Offer (proposal, invitation)",
        ),
        "set_event_trigger": (
            lambda r: t(r).set_event_trigger(r.ids["event"], None),
            "Clear trigger",
        ),
        "delete_event": (lambda r: t(r).delete_event(r.ids["event"]), "Delete TRANSFER event"),
        "add_relation": (
            lambda r: t(r).add_relation(
                "ALLY_OF", r.ids["tr_entity"], r.ids["az_entity"], evidence_mention_id=r.ids["az"]
            ),
            "Relate Türkiye ally of Azerbaijan",
        ),
        "delete_relation": (lambda r: t(r).delete_relation(r.ids["relation"]), "Delete relation"),
        "set_status first": (lambda r: t(r).set_status(r.canada, "done"), "Mark as done"),
        "set_status again": (lambda r: t(r).set_status(r.ankara, "reviewed"), "Mark as reviewed"),
    }


EDIT_KINDS = _edits()


@pytest.mark.parametrize("kind", list(EDIT_KINDS))
def test_undo_and_redo_restore_every_row(rich: Rich, kind: str) -> None:
    ws, arts = rich.ws, rich.articles
    do, label = EDIT_KINDS[kind]
    before = _snap(ws, arts)
    assert ws.tagging.redo_label() is None
    edit = do(rich)
    assert edit.label == label
    assert edit.changes.any()
    after = _snap(ws, arts)
    assert after != before
    assert after.undo_label == label and ws.tagging.redo_label() is None

    undone = ws.tagging.undo()
    assert undone is not None
    assert undone.label == f"Undo {label}"
    assert undone.changes == edit.changes  # the same views refresh
    _assert_same(_snap(ws, arts), before)
    assert ws.tagging.redo_label() == label

    redone = ws.tagging.redo()
    assert redone is not None
    assert redone.label == f"Redo {label}"
    assert redone.changes == edit.changes
    _assert_same(_snap(ws, arts), after)
    assert ws.tagging.redo_label() is None
    assert ws.tagging.redo() is None

    # And again: undo/redo can go back and forth.
    ws.tagging.undo()
    _assert_same(_snap(ws, arts), before)
    ws.tagging.redo()
    _assert_same(_snap(ws, arts), after)


def test_every_edit_kind_in_one_stack_unwinds_to_the_start(rich: Rich) -> None:
    """All the edits above, one after another (those that still apply), then all undone."""
    ws, arts = rich.ws, rich.articles
    states = [_snap(ws, arts)]
    for do, _ in EDIT_KINDS.values():
        try:
            edit = do(rich)
        except (AnnotationError, StopIteration):
            # Its rows went with an earlier edit (the Weapon argument, a deleted mention).
            _assert_same(_snap(ws, arts), states[-1])
            continue
        if edit.changes.any():
            states.append(_snap(ws, arts))
        else:  # e.g. clearing a trigger an earlier delete already cleared
            _assert_same(_snap(ws, arts), states[-1])
    assert len(states) > 15
    for want in reversed(states[:-1]):
        assert ws.tagging.undo() is not None
        _assert_same(_snap(ws, arts), want)
    assert ws.tagging.undo_label() == "Mark as in progress"  # the fixture's last edit
    for want in states[1:]:
        assert ws.tagging.redo() is not None
        _assert_same(_snap(ws, arts), want)
    assert ws.tagging.redo() is None


def test_undo_of_a_delete_restores_cascaded_arguments(rich: Rich) -> None:
    ws, a, ids = rich.ws, rich.ankara, rich.ids
    before = ws.tagging.annotations(a)
    ws.tagging.delete_mentions([ids["tr"], ids["trigger"]])
    after = ws.tagging.annotations(a)
    ev = after.event(ids["event"])
    assert ev is not None and ev.fillers("Supplier") == [] and ev.trigger_mention_id is None
    assert after.event(ids["coop"]).arguments == ()  # type: ignore[union-attr]
    ws.tagging.undo()
    restored = ws.tagging.annotations(a)
    assert restored == before
    ev = restored.event(ids["event"])
    assert ev is not None
    assert ev.fillers("Supplier") == [ids["tr"]] and ev.trigger_mention_id == ids["trigger"]
    assert restored.event(ids["coop"]).fillers("Party") == [ids["tr"]]  # type: ignore[union-attr]
    rel = next(r for r in restored.relations if r.id == ids["relation"])
    assert rel.evidence_mention_id == ids["tr"]


def test_undo_of_delete_event_restores_its_arguments(rich: Rich) -> None:
    ws, a, ids = rich.ws, rich.ankara, rich.ids
    before = ws.tagging.annotations(a).event(ids["event"])
    ws.tagging.delete_event(ids["event"])
    assert ws.tagging.annotations(a).event(ids["event"]) is None
    ws.tagging.undo()
    assert ws.tagging.annotations(a).event(ids["event"]) == before


def test_undo_of_a_merge_restores_both_entities_and_every_link(rich: Rich) -> None:
    ws, bob, a, ids = rich.ws, rich.bob, rich.ankara, rich.ids
    tr, gov = ids["tr_entity"], ids["gov"]
    keep_before, gov_before = ws.tagging.entity(tr), ws.tagging.entity(gov)
    ws.tagging.merge_entities(tr, gov)
    assert ws.tagging.annotations(a).mention(ids["gov_m"]).entity_id == tr  # type: ignore[union-attr]
    assert bob.tagging.annotations(a).mention(ids["bob_gov_m"]).entity_id == tr  # type: ignore[union-attr]
    assert ws.tagging.match_entities("Türkische Regierung", "ACTOR")[0].entity_id == tr
    ws.tagging.undo()
    assert ws.tagging.entity(tr) == keep_before
    assert ws.tagging.entity(gov) == gov_before
    assert gov in {e.id for e in ws.tagging.entities("ACTOR")}
    assert ws.tagging.annotations(a).mention(ids["gov_m"]).entity_id == gov  # type: ignore[union-attr]
    assert bob.tagging.annotations(a).mention(ids["bob_gov_m"]).entity_id == gov  # type: ignore[union-attr]
    rel = next(r for r in ws.tagging.annotations(a).relations if r.id == ids["gov_rel"])
    assert rel.source_entity_id == gov
    # The matcher follows the undo.
    assert ws.tagging.match_entities("Türkische Regierung", "ACTOR")[0].entity_id == gov


def test_a_new_edit_clears_the_redo_stack(rich: Rich) -> None:
    ws, arts = rich.ws, rich.articles
    ws.tagging.set_status(rich.canada, "done")
    ws.tagging.link_mention(rich.ids["tr"], None)
    ws.tagging.undo()
    ws.tagging.undo()
    assert ws.tagging.redo_label() == "Mark as done"
    edit = ws.tagging.retype_mention(rich.ids["weapon"], "INSTRUMENT")
    assert ws.tagging.redo_label() is None
    assert ws.tagging.redo() is None
    assert ws.tagging.undo_label() == edit.label
    state = _snap(ws, arts)
    assert ws.tagging.redo() is None
    _assert_same(_snap(ws, arts), state)


def test_an_edit_that_changes_nothing_records_nothing(rich: Rich) -> None:
    ws, ids = rich.ws, rich.ids
    ws.tagging.set_status(rich.canada, "done")
    ws.tagging.undo()
    label = ws.tagging.undo_label()
    same = ws.tagging.set_argument(ids["event"], "Supplier", ids["tr"])  # already so
    assert not same.changes.any()
    same = ws.tagging.link_mention(ids["tr"], ids["tr_entity"])  # already so
    assert not same.changes.any()
    assert ws.tagging.undo_label() == label
    assert ws.tagging.redo_label() == "Mark as done"  # the redo stack survives


def test_a_refused_edit_records_nothing(rich: Rich) -> None:
    ws, arts = rich.ws, rich.articles
    before = _snap(ws, arts)
    with pytest.raises(AnnotationError):
        ws.tagging.set_event_attributes(rich.ids["event"], {"status": "x", "date": "bald"})
    _assert_same(_snap(ws, arts), before)
    assert ws.tagging.undo_label() == "Mark as in progress"


def test_nothing_to_undo_or_redo_returns_none(ws: Workspace, articles: list[int]) -> None:
    assert ws.tagging.undo() is None and ws.tagging.redo() is None
    assert ws.tagging.undo_label() is None and ws.tagging.redo_label() is None
    before = _snap(ws, articles)
    _tag(ws, articles[0], "Türkei", "ACTOR")
    assert ws.tagging.undo() is not None
    assert ws.tagging.undo() is None
    _assert_same(_snap(ws, articles), before)
    assert ws.tagging.redo() is not None
    assert ws.tagging.redo() is None


def test_undo_and_redo_survive_reopening_the_store(store_path: Path, seeds_dir: Path) -> None:
    first = Workspace.open(store_path, "anna")
    arts = first.import_paths([seeds_dir]).added_ids
    a = arts[1]
    s0 = _snap(first, arts)
    m = _tag(first, a, "Türkei", "ACTOR", _entity(first, "Türkiye"))
    s1 = _snap(first, arts)
    first.tagging.create_entity("ACTOR", "Kerem Mustafayev", link_mention_id=m)
    s2 = _snap(first, arts)
    first.tagging.delete_mentions([m])
    first.tagging.undo()
    _assert_same(_snap(first, arts), s2)
    first.close()

    again = Workspace.open(store_path, "anna")
    try:
        _assert_same(_snap(again, arts), s2)
        assert again.tagging.undo_label() == "Create entity Kerem Mustafayev and link"
        assert again.tagging.redo_label() == "Delete mention"
        again.tagging.undo()
        _assert_same(_snap(again, arts), s1)
        # The matcher of the reopened workspace follows too.
        assert all(
            x.name != "Kerem Mustafayev" for x in again.tagging.match_entities("Kerem Mustafayev")
        )
        again.tagging.undo()
        _assert_same(_snap(again, arts), s0)
        again.tagging.redo()
        again.tagging.redo()
        _assert_same(_snap(again, arts), s2)
        again.tagging.redo()
        assert again.tagging.annotations(a).mentions == []
    finally:
        again.close()


def test_two_annotators_have_separate_stacks(rich: Rich) -> None:
    ws, bob, a = rich.ws, rich.bob, rich.ankara
    bob_m = _tag(bob, a, "Aserbaidschan", "ACTOR")
    bob.tagging.set_status(a, "done")
    anna_m = _tag(ws, a, "Drohnen", "WEAPON")
    assert ws.tagging.undo_label() == "Tag “Drohnen” as WEAPON"
    assert bob.tagging.undo_label() == "Mark as done"
    # Anna's undo undoes Anna's edit, though Bob's was later than her earlier ones.
    ws.tagging.undo()
    assert ws.tagging.annotations(a).mention(anna_m) is None
    assert bob.tagging.annotations(a).mention(bob_m) is not None
    assert bob.tagging.undo_label() == "Mark as done"
    assert ws.tagging.redo_label() == "Tag “Drohnen” as WEAPON"
    assert bob.tagging.redo_label() is None
    bob.tagging.undo()
    bob.tagging.undo()
    assert [m.id for m in bob.tagging.annotations(a).mentions] == [rich.ids["bob_gov_m"]]
    # Bob's undos left Anna's redo alone.
    assert ws.tagging.redo_label() == "Tag “Drohnen” as WEAPON"
    # A new edit by Bob does not clear Anna's redo stack.
    _tag(bob, a, "Armenien", "ACTOR")
    assert ws.tagging.redo() is not None
    assert ws.tagging.annotations(a).mention(anna_m) is not None


def test_only_the_newest_entries_are_kept(
    ws: Workspace, articles: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(undo_mod, "KEEP_PER_ANNOTATOR", 3)
    a = articles[1]
    ids = [
        _tag(ws, a, w, "ACTOR") for w in ("Türkei", "Aserbaidschan", "Armenien", "Ankara", "Demir")
    ]
    for _ in range(3):
        assert ws.tagging.undo() is not None
    assert ws.tagging.undo() is None  # older entries were pruned
    assert {m.id for m in ws.tagging.annotations(a).mentions} == set(ids[:2])
    for _ in range(3):
        assert ws.tagging.redo() is not None
    assert {m.id for m in ws.tagging.annotations(a).mentions} == set(ids)


# -- a long random sequence of edits, undos and redos -----------------------------------


MENTION_TYPES = ("ACTOR", "WEAPON", "LOCATION", "TIME", "QUANTITY", "INSTRUMENT", "TRIGGER")
DATES = ("Oktober 2019", "im Herbst 2020", "2018-2022", "12. Juli 2020", "April 2021", "bald")


class RandomEditor:
    """Chooses a plausible edit from the current layer (some are refused, as in real use)."""

    def __init__(self, ws: Workspace, articles: list[int], rng: random.Random) -> None:
        self.ws, self.t, self.articles, self.rng = ws, ws.tagging, articles, rng
        self.words = {
            a: [(m.start(), m.end()) for m in re.finditer(r"\w+(?: \w+)?", _text(ws, a))]
            for a in articles
        }
        self.created_entities: list[int] = []
        self.kinds: dict[str, int] = {}

    def _entity(self, kind: str) -> int:
        """A live entity of ``kind``, often one made during the run."""
        with self.ws.store.read() as s:
            live = {
                i
                for i, k in s.execute(
                    text("SELECT id, kind FROM entities WHERE merged_into_id IS NULL")
                )
                if k == kind
            }
        own = [e for e in self.created_entities if e in live]
        if own and self.rng.random() < 0.5:
            return self.rng.choice(own)
        return self.rng.choice(sorted(live))

    def pick(self) -> tuple[str, Callable[[], Edit]]:
        rng, t = self.rng, self.t
        layers = [(a, t.annotations(a)) for a in self.articles]
        mentions = [(a, m) for a, ann in layers for m in ann.mentions]
        events = [(a, e) for a, ann in layers for e in ann.events]
        relations = [r for _, ann in layers for r in ann.relations]
        kinds = ["add_mention", "add_mentions", "create_entity", "set_status"]
        if mentions:
            kinds += ["delete_mentions", "retype", "span", "link", "attributes", "create_event"]
            kinds += ["create_entity_link", "add_relation", "add_mention"] * 2
        if events:
            kinds += ["set_argument"] * 3 + ["remove_argument", "event_attributes"]
            kinds += ["event_type", "event_trigger", "delete_event"]
        if relations:
            kinds += ["delete_relation"]
        if self.created_entities:
            kinds += ["update_entity", "merge"]
        kind = rng.choice(kinds)
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        a = rng.choice(self.articles)

        def some_span(article: int) -> tuple[int, int]:
            return rng.choice(self.words[article])

        def some_type() -> str:
            return rng.choice(MENTION_TYPES)

        if kind == "add_mention":
            ent = self._entity("ACTOR") if rng.random() < 0.3 else None
            return kind, lambda: t.add_mention(
                a, *some_span(a), "ACTOR" if ent else some_type(), ent
            )
        if kind == "add_mentions":
            spans = [(*some_span(a), some_type(), None) for _ in range(rng.randint(1, 4))]
            if rng.random() < 0.1:
                spans.append((0, 10**6, "ACTOR", None))  # refused: nothing written
            return kind, lambda: t.add_mentions(a, spans)
        if kind == "create_entity":
            name = f"Entity {rng.randint(0, 10**6)}"
            kind_ = rng.choice(("ACTOR", "WEAPON"))

            def create() -> Edit:
                e = t.create_entity(kind_, name, aliases=[name.upper()])
                self.created_entities.append(e.created[0])
                return e

            return kind, create
        if kind == "set_status":
            status = rng.choice(("new", "in_progress", "done", "reviewed"))
            return kind, lambda: t.set_status(a, status)
        if kind in (
            "delete_mentions",
            "retype",
            "span",
            "link",
            "attributes",
            "create_entity_link",
        ):
            art, m = rng.choice(mentions)
            if kind == "delete_mentions":
                more = [
                    x.id for _, x in rng.sample(mentions, min(len(mentions), rng.randint(1, 3)))
                ]
                return kind, lambda: t.delete_mentions(list(dict.fromkeys([m.id, *more])))
            if kind == "retype":
                return kind, lambda: t.retype_mention(m.id, some_type())
            if kind == "span":
                return kind, lambda: t.set_mention_span(m.id, *some_span(art))
            if kind == "link":
                target = (
                    None if rng.random() < 0.3 else self._entity(rng.choice(("ACTOR", "WEAPON")))
                )
                return kind, lambda: t.link_mention(m.id, target)
            if kind == "attributes":
                values = {
                    "note": rng.choice(("a", "b", None)),
                    "metonymy": rng.choice(("capital", None)),
                }
                return kind, lambda: t.set_mention_attributes(m.id, values)
            name = f"Linked {rng.randint(0, 10**6)}"

            def create_link() -> Edit:
                e = t.create_entity("ACTOR", name, link_mention_id=m.id)
                self.created_entities.append(e.created[0])
                return e

            return kind, create_link
        if kind == "create_event":
            art, m = rng.choice(mentions)
            et = rng.choice(t.tagset.event_types)
            here = [x for aa, x in mentions if aa == art]
            args = [
                (rng.choice(et.roles).name, rng.choice(here).id) for _ in range(rng.randint(0, 3))
            ]
            trig = m.id if rng.random() < 0.5 else None
            attrs = {"date": rng.choice(DATES)} if rng.random() < 0.3 else None
            return kind, lambda: t.create_event(
                art, et.name, trigger_mention_id=trig, arguments=args, attributes=attrs
            )
        if kind == "add_relation":
            art, m = rng.choice(mentions)
            rt = rng.choice(t.tagset.relation_types).name
            src, dst = self._entity("ACTOR"), self._entity("ACTOR")
            ev = m.id if rng.random() < 0.5 else None
            return kind, lambda: t.add_relation(
                rt, src, dst, article_id=art, evidence_mention_id=ev
            )
        if kind in (
            "set_argument",
            "remove_argument",
            "event_attributes",
            "event_type",
            "event_trigger",
            "delete_event",
        ):
            art, ev = rng.choice(events)
            et = t.tagset.event_type(ev.type)
            assert et is not None
            here = [x for aa, x in mentions if aa == art] or [x for _, x in mentions]
            if kind == "set_argument":
                role = rng.choice(et.roles).name
                mid = rng.choice(here).id if here else 10**9  # none left: refused
                return kind, lambda: t.set_argument(ev.id, role, mid)
            if kind == "remove_argument":
                if not ev.arguments:
                    return kind, lambda: t.remove_argument(10**9)  # refused
                arg = rng.choice(ev.arguments).id
                return kind, lambda: t.remove_argument(arg)
            if kind == "event_attributes":
                values = {
                    "status": rng.choice(("delivered", "ordered", "", None)),
                    "date": rng.choice((*DATES, None)),
                    "note": rng.choice(("n", None)),
                }
                return kind, lambda: t.set_event_attributes(ev.id, values)
            if kind == "event_type":
                new = rng.choice(t.tagset.event_types).name
                return kind, lambda: t.set_event_type(ev.id, new)
            if kind == "event_trigger":
                trig = rng.choice(here).id if here and rng.random() < 0.7 else None
                return kind, lambda: t.set_event_trigger(ev.id, trig)
            return kind, lambda: t.delete_event(ev.id)
        if kind == "delete_relation":
            rel = rng.choice(relations)
            return kind, lambda: t.delete_relation(rel.id)
        if kind == "update_entity":
            eid = rng.choice(self.created_entities)
            fields: dict[str, Any] = rng.choice(
                (
                    {"name": f"Renamed {rng.randint(0, 10**6)}"},
                    {"add_aliases": [f"alias {rng.randint(0, 99)}"]},
                    {"subtype": rng.choice(("state", "company", ""))},
                )
            )
            return kind, lambda: t.update_entity(eid, **fields)
        keep = self._entity("ACTOR")
        gone = rng.choice(self.created_entities)
        return kind, lambda: t.merge_entities(keep, gone)


@pytest.mark.parametrize("seed", [20240611])
def test_a_random_sequence_of_edits_undos_and_redos(
    ws: Workspace, articles: list[int], seed: int
) -> None:
    """200 edits with undos and redos between them. After every step the state is the one
    the model predicts: an undo returns exactly to the state before the edit it reverts,
    a redo exactly to the state after it, a refused edit changes nothing (so, by
    induction, undoing everything from any step returns to the start). Every 25 edits
    and at the end that is also done for real: everything undone, compared with the
    start, everything redone, compared with the state before."""
    rng = random.Random(seed)
    editor = RandomEditor(ws, articles, rng)

    def snap() -> Snapshot:
        return _snap(ws, articles, reads=False)

    done = [snap()]  # states along the undo stack; the last is the current
    undone: list[Snapshot] = []  # states the redo stack leads to, the next one last
    edits = refused = undos = redos = 0
    while edits < 200:
        r = rng.random()
        if r < 0.2 or (r < 0.25 and len(done) > 60):
            result = ws.tagging.undo()
            if len(done) == 1:
                assert result is None
            else:
                assert result is not None
                undone.append(done.pop())
                undos += 1
            _assert_same(snap(), done[-1])
            continue
        if r < 0.3 or (undone and r < 0.5):
            result = ws.tagging.redo()
            if not undone:
                assert result is None
            else:
                assert result is not None
                done.append(undone.pop())
                redos += 1
            _assert_same(snap(), done[-1])
            continue
        kind, edit = editor.pick()
        edits += 1
        label_before = ws.tagging.redo_label()
        try:
            result_edit = edit()
        except AnnotationError:
            refused += 1
            _assert_same(snap(), done[-1])
            assert ws.tagging.redo_label() == label_before, kind
            continue
        now = snap()
        if result_edit.changes.any():
            assert now.undo_label == result_edit.label, kind
            done.append(now)
            undone.clear()
            assert ws.tagging.redo_label() is None
        else:
            _assert_same(now, done[-1])
        if edits % 25 == 0:
            _unwind_and_rewind(ws, articles, done)
    _unwind_and_rewind(ws, articles, done)
    # The sequence exercised what it is meant to.
    assert undos > 30 and redos > 10 and refused > 5 and len(done) > 40
    assert len(editor.kinds) >= 18, editor.kinds  # nearly every edit kind was tried


def _unwind_and_rewind(ws: Workspace, articles: list[int], done: list[Snapshot]) -> None:
    """Undo everything (the start again, reads included), then redo it all."""
    redo_label = ws.tagging.redo_label()
    current = _snap(ws, articles)
    for _ in range(len(done) - 1):
        assert ws.tagging.undo() is not None
    assert ws.tagging.undo() is None
    _assert_same(_snap(ws, articles, reads=False), done[0])
    assert all(not (a.mentions or a.events or a.relations) for a in _snap(ws, articles).annotations)
    for _ in range(len(done) - 1):
        assert ws.tagging.redo() is not None
    _assert_same(_snap(ws, articles), current)
    assert ws.tagging.redo_label() == redo_label


# -- several annotators on one store: bugs found -----------------------------------------


def test_undo_never_touches_another_annotators_row_that_reused_an_id(
    ws: Workspace, bob: Workspace, articles: list[int]
) -> None:
    a = articles[1]
    m = _tag(ws, a, "Türkei", "ACTOR")
    ws.tagging.delete_mentions([m])
    bob_m = _tag(bob, a, "Aserbaidschan", "WEAPON")
    # Undo is refused (the id now holds Bob's row); it must never overwrite it.
    with pytest.raises(AnnotationError, match="cannot be reverted"):
        ws.tagging.undo()
    assert [x.text for x in bob.tagging.annotations(a).mentions] == ["Aserbaidschan"]
    assert ws.tagging.annotations(a).mentions == []
    bob.tagging.undo()
    assert bob.tagging.annotations(a).mention(bob_m) is None
    assert ws.tagging.annotations(a).mentions == []


def test_undoing_an_entity_another_annotator_uses_keeps_their_link(
    ws: Workspace, bob: Workspace, articles: list[int]
) -> None:
    from sqlalchemy.exc import IntegrityError

    a = articles[1]
    eid = ws.tagging.create_entity("ACTOR", "Ismail Demir (SSB)").created[0]
    bob_m = _tag(bob, a, "Demir", "ACTOR")
    bob.tagging.link_mention(bob_m, eid)
    try:
        ws.tagging.undo()
    except AnnotationError:
        pass  # refusing the undo would be fine too
    row = bob.tagging.annotations(a).mention(bob_m)
    assert row is not None and row.entity_id is not None
    assert bob.tagging.entity(row.entity_id) is not None
    bob.tagging.undo()
    try:
        bob.tagging.redo()
    except IntegrityError as exc:  # pragma: no cover - the bug
        pytest.fail(f"Bob's redo crashed: {exc}")


def test_undoing_a_merge_does_not_resurrect_another_annotators_deleted_mention(
    ws: Workspace, bob: Workspace, articles: list[int]
) -> None:
    a = articles[1]
    tr = _entity(ws, "Türkiye")
    gone = ws.tagging.create_entity("ACTOR", "Türkische Regierung").created[0]
    bob_m = _tag(bob, a, "Türkei", "ACTOR", gone)
    ws.tagging.merge_entities(tr, gone)
    bob.tagging.delete_mentions([bob_m])
    with pytest.raises(AnnotationError, match="cannot be reverted"):
        ws.tagging.undo()
    assert bob.tagging.annotations(a).mentions == []


def test_undo_and_redo_name_the_articles_they_touched(ws: Workspace) -> None:
    """An undo or redo tells which articles it changed (views refresh just those),
    also for rows that only point at an article through their event."""
    art = ws.articles()[0].id
    text = ws.article(art).text  # type: ignore[union-attr]
    t = ws.tagging
    a = t.add_mention(art, 0, len(text.split()[0]), "ACTOR").created[0]
    ev = t.create_event(art, "TRANSFER").created[0]
    t.set_argument(ev, "Supplier", a)  # an event_arguments row: no article_id of its own
    undone = t.undo()
    assert undone is not None and undone.article_ids == frozenset({art})
    redone = t.redo()
    assert redone is not None and redone.article_ids == frozenset({art})
    assert t.add_mention(art, 0, 1, "ACTOR").article_ids is None  # ordinary edits: not told
