"""What the event form says: the one-line summary and the problems it lists."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from layer_helpers import entity_id as _entity
from layer_helpers import tag as _tag
from layer_helpers import text_of as _text

from db.annotations import ArgumentRow, ArticleAnnotations, EventRow, MentionRow
from db.event_checks import EventProblem, event_problems, event_summary
from db.resources import resource_path
from db.tagset import default_tagset
from db.workspace import Workspace

ANKARA = "Ankara – Türkische Raketen"  # the seed about Turkish arms for Azerbaijan


@pytest.fixture
def aid(ws: Workspace) -> int:
    (found,) = [r.id for r in ws.articles() if ANKARA in _text(ws, r.id)]
    return found


def _summary(ws: Workspace, aid: int, event_id: int) -> str:
    return ws.tagging.event_summary(event_id, ws.tagging.annotations(aid))


def _problems(ws: Workspace, aid: int, event_id: int) -> list[EventProblem]:
    return ws.tagging.event_problems(event_id, ws.tagging.annotations(aid))


def _label(type_: str) -> str:
    et = default_tagset().event_type(type_)
    assert et is not None
    return et.label.split(" (")[0].lower()


@pytest.fixture
def transfer(ws: Workspace, aid: int) -> dict[str, int]:
    """Türkei -> Aserbaidschan: Drohnen (linked to Bayraktar TB2), delivered, Juli 2020."""
    ids = {
        "tr": _tag(ws, aid, "Türkei", "ACTOR", _entity(ws, "Türkiye")),
        "az": _tag(ws, aid, "Aserbaidschan", "ACTOR", _entity(ws, "Azerbaijan")),
        "weapon": _tag(ws, aid, "Drohnen", "WEAPON", _entity(ws, "Bayraktar TB2", "WEAPON")),
        "time": _tag(ws, aid, "12. Juli 2020", "TIME"),
    }
    ids["event"] = ws.tagging.create_event(
        aid,
        "TRANSFER",
        arguments=[
            ("Supplier", ids["tr"]),
            ("Recipient", ids["az"]),
            ("Weapon", ids["weapon"]),
            ("Time", ids["time"]),
        ],
        attributes={"status": "delivered", "date": "Juli 2020"},
    ).created[0]
    return ids


# -- summaries -------------------------------------------------------------------------


def test_transfer_summary_uses_entity_names(
    ws: Workspace, aid: int, transfer: dict[str, int]
) -> None:
    line = _summary(ws, aid, transfer["event"])
    head, rest = line.split(": ", 1)
    assert head == "Türkiye -> Azerbaijan"  # entity names, not "Türkei"/"Aserbaidschan"
    assert rest.startswith("Bayraktar TB2, ")  # the weapon labels the edge
    assert rest.endswith(", delivered, 2020-07")
    assert _label("TRANSFER").split(" (")[0] in rest
    assert "Türkei" not in line and "Drohnen" not in line


def test_transfer_summary_reads_as_documented(
    ws: Workspace, aid: int, transfer: dict[str, int]
) -> None:
    assert (
        _summary(ws, aid, transfer["event"])
        == "Türkiye -> Azerbaijan: Bayraktar TB2, transfer, delivered, 2020-07"
    )


def test_unlinked_fillers_show_their_text_with_whitespace_folded(
    ws: Workspace, aid: int, transfer: dict[str, int]
) -> None:
    ws.tagging.link_mention(transfer["weapon"], None)
    assert _summary(ws, aid, transfer["event"]).startswith("Türkiye -> Azerbaijan: Drohnen, ")
    # A recipient whose text runs over a line break.
    body = _text(ws, aid)
    at = body.index("ist.\nDie Türkei")
    wide = ws.tagging.add_mention(aid, at, at + len("ist.\nDie Türkei"), "ACTOR").created[0]
    ws.tagging.set_argument(transfer["event"], "Recipient", wide)
    line = _summary(ws, aid, transfer["event"])
    assert line.split(": ", 1)[0] == "Türkiye -> ist. Die Türkei"
    assert "\n" not in line


def test_several_weapons_are_listed_once_each(
    ws: Workspace, aid: int, transfer: dict[str, int]
) -> None:
    tb2 = _entity(ws, "Bayraktar TB2", "WEAPON")
    again = _tag(ws, aid, "Drohnen", "WEAPON", tb2, nth=1)
    rockets = _tag(ws, aid, "Raketen", "WEAPON")
    ws.tagging.set_argument(transfer["event"], "Weapon", again)
    ws.tagging.set_argument(transfer["event"], "Weapon", rockets)
    rest = _summary(ws, aid, transfer["event"]).split(": ", 1)[1]
    assert rest.startswith("Bayraktar TB2, Raketen, ")


def test_missing_roles_show_as_question_marks(ws: Workspace, aid: int) -> None:
    ev = ws.tagging.create_event(aid, "TRANSFER").created[0]
    head, rest = _summary(ws, aid, ev).split(": ", 1)
    assert head == "? -> ?"
    assert rest == _label("TRANSFER")  # no weapon part, no status, no date


@pytest.mark.parametrize(
    ("attributes", "tail"),
    [
        ({"status": "unknown"}, ""),
        ({"status": "in_service"}, ", in service"),
        ({"status": "suspended", "modality": "asserted"}, ", suspended"),
        ({"modality": "alleged"}, ", alleged"),
        (
            {"status": "cancelled", "modality": "denied", "date": "April 2021"},
            ", cancelled, denied, 2021-04",
        ),
        ({"date": "zwischen 2018 und 2022"}, ", 2018–2022"),
        ({"date": "im Herbst 2020"}, ", 2020-09–2020-11"),
        ({"date": "12. Juli 2020"}, ", 2020-07-12"),
    ],
)
def test_status_modality_and_date_in_the_summary(
    ws: Workspace, aid: int, attributes: dict[str, str], tail: str
) -> None:
    tr = _tag(ws, aid, "Türkei", "ACTOR", _entity(ws, "Türkiye"))
    ev = ws.tagging.create_event(
        aid, "OFFER", arguments=[("Offerer", tr)], attributes=attributes
    ).created[0]
    line = _summary(ws, aid, ev)
    assert line == f"Türkiye -> ?: {_label('OFFER')}{tail}"


def test_offer_to_several_recipients(ws: Workspace, aid: int) -> None:
    tr = _tag(ws, aid, "Türkei", "ACTOR", _entity(ws, "Türkiye"))
    az = _tag(ws, aid, "Aserbaidschan", "ACTOR", _entity(ws, "Azerbaijan"))
    ar = _tag(ws, aid, "Armenien", "ACTOR")
    w = _tag(ws, aid, "Raketen", "WEAPON")
    ev = ws.tagging.create_event(
        aid,
        "OFFER",
        arguments=[("Offerer", tr), ("Recipient", az), ("Recipient", ar), ("Weapon", w)],
    ).created[0]
    assert _summary(ws, aid, ev) == f"Türkiye -> Azerbaijan, Armenien: Raketen, {_label('OFFER')}"


def test_licence_action_summary(ws: Workspace) -> None:
    (canada_article,) = [r.id for r in ws.articles() if "Marc Garneau" in _text(ws, r.id)]
    a = canada_article
    ca = _tag(ws, a, "Ottawa", "ACTOR", _entity(ws, "Canada"))
    tr = _tag(ws, a, "Türkei", "ACTOR", _entity(ws, "Türkiye"))
    ev = ws.tagging.create_event(
        a,
        "LICENCE_ACTION",
        arguments=[("Authority", ca), ("Target", tr)],
        attributes={"status": "suspended", "date": "Oktober 2019"},
    ).created[0]
    assert (
        _summary(ws, a, ev) == f"Canada -> Türkiye: {_label('LICENCE_ACTION')}, suspended, 2019-10"
    )
    assert _problems(ws, a, ev) == []


def test_cooperation_is_drawn_without_direction(ws: Workspace, aid: int) -> None:
    tr = _tag(ws, aid, "Türkei", "ACTOR", _entity(ws, "Türkiye"))
    az = _tag(ws, aid, "Aserbaidschan", "ACTOR", _entity(ws, "Azerbaijan"))
    ev = ws.tagging.create_event(
        aid, "COOPERATION", arguments=[("Party", tr), ("Party", az)]
    ).created[0]
    head, rest = _summary(ws, aid, ev).split(": ", 1)
    assert " – " in head and "->" not in head
    assert "Türkiye" in head and "Azerbaijan" in head
    assert rest == _label("COOPERATION")


def test_cooperation_summary_names_each_party_once(ws: Workspace, aid: int) -> None:
    tr = _tag(ws, aid, "Türkei", "ACTOR", _entity(ws, "Türkiye"))
    az = _tag(ws, aid, "Aserbaidschan", "ACTOR", _entity(ws, "Azerbaijan"))
    ev = ws.tagging.create_event(
        aid, "COOPERATION", arguments=[("Party", tr), ("Party", az)]
    ).created[0]
    assert _summary(ws, aid, ev).split(": ", 1)[0] == "Türkiye – Azerbaijan"


def test_types_without_edges_list_their_core_roles(ws: Workspace, aid: int) -> None:
    tr = _tag(ws, aid, "Türkei", "ACTOR", _entity(ws, "Türkiye"))
    w = _tag(ws, aid, "Raketen", "WEAPON")
    ev = ws.tagging.create_event(
        aid, "MANUFACTURE", arguments=[("Producer", tr), ("Weapon", w)]
    ).created[0]
    assert _summary(ws, aid, ev) == f"Türkiye, Raketen: {_label('MANUFACTURE')}"
    empty = ws.tagging.create_event(aid, "MANUFACTURE").created[0]
    assert _summary(ws, aid, empty) == f"?: {_label('MANUFACTURE')}"


def test_summary_and_problems_of_an_unknown_event_are_empty(ws: Workspace, aid: int) -> None:
    ann = ws.tagging.annotations(aid)
    assert ws.tagging.event_summary(999_999, ann) == ""
    assert ws.tagging.event_problems(999_999, ann) == []


# -- problems --------------------------------------------------------------------------


def test_a_complete_transfer_has_no_problems(
    ws: Workspace, aid: int, transfer: dict[str, int]
) -> None:
    assert _problems(ws, aid, transfer["event"]) == []


def test_required_roles_left_empty(ws: Workspace, aid: int) -> None:
    ev = ws.tagging.create_event(aid, "TRANSFER").created[0]
    assert _problems(ws, aid, ev) == [
        EventProblem("missing", "Supplier", "Supplier is required."),
        EventProblem("missing", "Recipient", "Recipient is required."),
        EventProblem("missing", "Weapon", "Weapon is required."),
    ]
    tr = _tag(ws, aid, "Türkei", "ACTOR")
    ws.tagging.set_argument(ev, "Supplier", tr)
    assert [p.role for p in _problems(ws, aid, ev)] == ["Recipient", "Weapon"]


def test_a_filler_of_the_wrong_type(ws: Workspace, aid: int, transfer: dict[str, int]) -> None:
    ev = transfer["event"]
    ws.tagging.set_argument(ev, "Supplier", transfer["time"])
    assert _problems(ws, aid, ev) == [
        EventProblem("wrong_type", "Supplier", "Supplier takes ACTOR, not TIME (12. Juli 2020).")
    ]
    # Retyping a filler later is caught too; the entity name is shown when linked.
    ws.tagging.set_argument(ev, "Supplier", transfer["tr"])
    ws.tagging.retype_mention(transfer["weapon"], "INSTRUMENT")
    assert _problems(ws, aid, ev) == [
        EventProblem("wrong_type", "Weapon", "Weapon takes WEAPON, not INSTRUMENT (Drohnen).")
    ]
    ws.tagging.retype_mention(transfer["az"], "LOCATION")  # the link is kept: same name
    ws.tagging.link_mention(transfer["az"], _entity(ws, "Azerbaijan"))
    kinds = [(p.kind, p.role) for p in _problems(ws, aid, ev)]
    assert kinds == [("wrong_type", "Recipient"), ("wrong_type", "Weapon")]
    msg = _problems(ws, aid, ev)[0].message
    assert msg == "Recipient takes ACTOR, not LOCATION (Azerbaijan)."


def test_a_role_taking_several_types(ws: Workspace, aid: int) -> None:
    ssb = _tag(ws, aid, "Präsidentschaft der Verteidigungsindustrie", "ACTOR")
    trig = _tag(ws, aid, "zur Verfügung", "TRIGGER")
    w = _tag(ws, aid, "Raketen", "WEAPON")
    ev = ws.tagging.create_event(
        aid, "STATEMENT", arguments=[("Speaker", ssb), ("Subject", trig)]
    ).created[0]
    assert _problems(ws, aid, ev) == []
    ws.tagging.set_argument(ev, "Subject", w)
    assert _problems(ws, aid, ev) == [
        EventProblem(
            "wrong_type",
            "Subject",
            "Subject (actor or event) takes ACTOR, TRIGGER, not WEAPON (Raketen).",
        )
    ]


def test_cooperation_with_one_party_is_too_few(ws: Workspace, aid: int) -> None:
    tr = _tag(ws, aid, "Türkei", "ACTOR", _entity(ws, "Türkiye"))
    az = _tag(ws, aid, "Aserbaidschan", "ACTOR", _entity(ws, "Azerbaijan"))
    ev = ws.tagging.create_event(aid, "COOPERATION").created[0]
    assert _problems(ws, aid, ev) == [EventProblem("missing", "Party", "Party is required.")]
    ws.tagging.set_argument(ev, "Party", tr)
    assert _problems(ws, aid, ev) == [EventProblem("too_few", "Party", "Party needs at least 2.")]
    ws.tagging.set_argument(ev, "Party", az)
    assert _problems(ws, aid, ev) == []


def test_too_few_and_wrong_type_together(ws: Workspace, aid: int) -> None:
    w = _tag(ws, aid, "Raketen", "WEAPON")
    ev = ws.tagging.create_event(aid, "COOPERATION", arguments=[("Party", w)]).created[0]
    assert _problems(ws, aid, ev) == [
        EventProblem("too_few", "Party", "Party needs at least 2."),
        EventProblem("wrong_type", "Party", "Party takes ACTOR, not WEAPON (Raketen)."),
    ]


def test_problems_after_the_tagset_loses_a_role_and_a_type(
    ws: Workspace, aid: int, transfer: dict[str, int], tmp_path: Path
) -> None:
    q = _tag(ws, aid, "beiden Länder", "QUANTITY")
    ws.tagging.set_argument(transfer["event"], "Quantity", q)
    tr = _tag(ws, aid, "Türkei", "ACTOR", nth=1)
    sanction = ws.tagging.create_event(aid, "SANCTION", arguments=[("Imposer", tr)]).created[0]
    assert _problems(ws, aid, transfer["event"]) == []

    data = yaml.safe_load(resource_path("tagsets", "arms_transfers.yaml").read_text("utf-8"))
    for et in data["event_types"]:
        if et["name"] == "TRANSFER":
            et["roles"] = [r for r in et["roles"] if r["name"] != "Quantity"]
    data["event_types"] = [e for e in data["event_types"] if e["name"] != "SANCTION"]
    data["name"] = "Arms transfers without sanctions"
    path = tmp_path / "trimmed.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    ws.tagging.use_tagset(path)

    label = default_tagset().event_type("TRANSFER").label  # type: ignore[union-attr]
    assert _problems(ws, aid, transfer["event"]) == [
        EventProblem("wrong_type", "Quantity", f"{label} has no role Quantity.")
    ]
    assert _problems(ws, aid, sanction) == [
        EventProblem("wrong_type", "", "The tagset has no event type SANCTION.")
    ]
    assert "sanction" in _summary(ws, aid, sanction)
    # The choice is recorded in the store: a reopened workspace reads the same tagset.
    again = Workspace.open(ws.store.path, "anna")  # type: ignore[arg-type]
    try:
        assert again.tagging.tagset.name == "Arms transfers without sanctions"
        assert again.tagging.tagset.event_type("SANCTION") is None
    finally:
        again.close()


def test_the_functions_work_on_plain_rows() -> None:
    """The form may call the checks on rows it built itself (no store needed)."""
    ts = default_tagset()
    m = MentionRow(1, "u1", 0, 6, "ACTOR", "Türkei", None, {}, "anna")
    ann = ArticleAnnotations(1, 1, mentions=[m])
    ev = EventRow(
        7,
        "u7",
        "EMBARGO",
        None,
        "unknown",
        None,
        "2019",
        "2019",
        {},
        (ArgumentRow(1, "a1", "Target", 1), ArgumentRow(2, "a2", "Bogus", 1)),
    )
    assert event_summary(ev, ann, ts).split(": ", 1)[0] == "? -> Türkei"
    assert event_summary(ev, ann, ts).endswith(", 2019")
    problems = event_problems(ev, ann, ts)
    assert [(p.kind, p.role) for p in problems] == [
        ("missing", "Imposer"),
        ("wrong_type", "Bogus"),
    ]
