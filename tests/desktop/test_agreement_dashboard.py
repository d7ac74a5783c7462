"""The agreement dashboard: two annotators tag the English seed article differently
through the Tagging API; the dashboard computes off the GUI thread and shows what
``db.review.agreement`` computes; its CSV is ``figures_csv``."""

from __future__ import annotations

import csv
import io
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from desktop_helpers import span, tag
from pytestqt.qtbot import QtBot

from db.jobs import Cancelled, CancelToken
from db.review.agreement import (
    EDGE_F1,
    EVENT_F1,
    MENTION_F1_EXACT,
    AgreementResult,
    agreement,
    figures_csv,
)
from db.workspace import Workspace
from desktop.main_window import MainWindow
from desktop.review import dashboard as dashboard_module
from desktop.review.dashboard import MAIN_MEASURES, AgreementDashboard, open_agreement_dashboard

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "004_aa2e1e8bda0eac39.txt"


def actor(ws: Workspace, name: str) -> int:
    (eid,) = [e.id for e in ws.tagging.entities("ACTOR") if e.name == name]
    return eid


def seed_actors(ws: Workspace) -> tuple[int, int, int, int, int]:
    """The entity ids of PDI, Azerbaijan, Türkiye, the United States and Canada."""
    pdi, az, tr, us, ca = (
        actor(ws, n)
        for n in (
            "Presidency of Defence Industries",
            "Azerbaijan",
            "Türkiye",
            "United States",
            "Canada",
        )
    )
    return pdi, az, tr, us, ca


@dataclass
class TwoLayers:
    article_id: int
    a: Workspace
    b: Workspace
    ids: dict[str, int]


def tag_two_layers(a: Workspace, b: Workspace, aid: int) -> dict[str, int]:
    """A and B agree on the US sanction; A's offer goes to Azerbaijan, B's to Türkiye;
    only B tags Canada's licence action. Graph: one agreed edge, one only A, two only B."""
    pdi, az, tr, us, ca = seed_actors(a)
    ids: dict[str, int] = {}
    for who, w in (("a", a), ("b", b)):
        ids[f"{who}_pdi"] = tag(w, aid, "Presidency of Defence Industries", "ACTOR", pdi)
        ids[f"{who}_az"] = tag(w, aid, "Azerbaijan", "ACTOR", az if who == "a" else tr)
        words = "a Turkish combat aircraft" if who == "a" else "combat aircraft"
        ids[f"{who}_aircraft"] = tag(w, aid, words, "WEAPON")
        ids[f"{who}_us"] = tag(w, aid, "The US", "ACTOR", us)
        ids[f"{who}_tr"] = tag(w, aid, "Turkiye", "ACTOR", tr, nth=1)
        ids[f"{who}_offer"] = w.tagging.create_event_at(
            aid,
            "OFFER",
            *span(w, aid, "invited"),
            arguments=[
                ("Offerer", ids[f"{who}_pdi"]),
                ("Recipient", ids[f"{who}_az"]),
                ("Weapon", ids[f"{who}_aircraft"]),
            ],
        ).created[0]
        ids[f"{who}_sanction"] = w.tagging.create_event_at(
            aid,
            "SANCTION",
            *span(w, aid, "sanctioned"),
            arguments=[("Imposer", ids[f"{who}_us"]), ("Target", ids[f"{who}_tr"])],
        ).created[0]
    ids["a_pakistan"] = tag(a, aid, "Pakistan", "ACTOR", actor(a, "Pakistan"))
    ids["b_canada"] = tag(b, aid, "Canada", "ACTOR", ca)
    ids["b_tr2"] = tag(b, aid, "Turkiye", "ACTOR", tr, nth=2)
    ids["b_licence"] = b.tagging.create_event_at(
        aid,
        "LICENCE_ACTION",
        *span(b, aid, "canceled"),
        arguments=[("Authority", ids["b_canada"]), ("Target", ids["b_tr2"])],
    ).created[0]
    return ids


def seed_two_layers(window: MainWindow, store_path: Path) -> TwoLayers:
    """The window's annotator ("tester") and Bob tag the English seed article (close
    ``.b`` after use)."""
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    a = window.workspace
    assert a is not None
    (aid,) = a.import_paths([SEED]).added_ids
    b = Workspace.open(store_path, "bob")
    ids = tag_two_layers(a, b, aid)
    window.list_panel.reload()
    return TwoLayers(aid, a, b, ids)


@pytest.fixture
def layers(window: MainWindow, store_path: Path) -> Iterator[TwoLayers]:
    two = seed_two_layers(window, store_path)
    yield two
    two.b.close()


def compute(qtbot: QtBot, dlg: AgreementDashboard) -> AgreementResult:
    with qtbot.waitSignal(dlg.agreement_did_compute, timeout=20_000) as got:
        assert dlg.compute() is not None
    result = got.args[0]
    assert isinstance(result, AgreementResult)
    return result


def rows_of(result: AgreementResult) -> list[tuple[object, ...]]:
    return [(f.measure, f.scope, f.value, f.matched, f.a_count, f.b_count) for f in result.figures]


def test_dashboard_shows_the_library_figures(
    qtbot: QtBot, window: MainWindow, layers: TwoLayers
) -> None:
    dlg = open_agreement_dashboard(window)
    assert isinstance(dlg, AgreementDashboard) and dlg.isVisible() and not dlg.isModal()
    assert open_agreement_dashboard(window) is dlg  # raised, not opened twice
    assert dlg.pair() == ("tester", "bob")  # me first, then a colleague
    shown = compute(qtbot, dlg)
    expected = agreement(layers.a.store, "tester", "bob")
    assert rows_of(shown) == rows_of(expected)
    assert dlg.table_rows() == rows_of(expected)
    # The figures of this case, and the table's texts for one of them.
    assert expected.value(EDGE_F1) == pytest.approx(2 * 1 / (2 + 3))
    assert expected.value(EVENT_F1, "LICENCE_ACTION") == 0.0
    edge_row = next(i for i, r in enumerate(dlg.table_rows()) if r[0] == EDGE_F1)
    assert dlg.table_texts(edge_row) == ["Graph-edge F1", "all types", "0.400", "1", "2", "3"]
    # The bars draw the main figures that are defined, and the per-type F1s.
    main = {m: expected.value(m) for m in MAIN_MEASURES if expected.value(m) is not None}
    assert dlg.bar_values("main") == pytest.approx(main)
    assert dlg.bar_values(EVENT_F1) == pytest.approx(
        {"LICENCE_ACTION": 0.0, "OFFER": 1.0, "SANCTION": 1.0}
    )
    assert set(dlg.bar_values(MENTION_F1_EXACT)) == {"ACTOR", "TRIGGER", "WEAPON"}
    assert "tester with bob: 1 articles" in dlg.status_label.text()


def test_articles_and_types_restrict_the_figures(
    qtbot: QtBot, window: MainWindow, layers: TwoLayers
) -> None:
    dlg = AgreementDashboard(window)
    qtbot.addWidget(dlg)
    dlg.set_pair("bob", "tester")
    dlg.set_types({"OFFER", "ACTOR"})
    assert dlg.types_button.text() == "2 types"
    shown = compute(qtbot, dlg)
    expected = agreement(layers.a.store, "bob", "tester", types=["ACTOR", "OFFER"])
    assert shown.types == ("ACTOR", "OFFER") and dlg.table_rows() == rows_of(expected)
    assert dlg.bar_values(EVENT_F1) == {"OFFER": 1.0}

    # The current article: an untagged fixture article has nothing to compare.
    other = next(r.id for r in layers.a.articles() if r.id != layers.article_id)
    assert window.list_panel.select_article(other)
    dlg._fill_articles()
    dlg.set_articles("current")
    dlg.set_types(None)
    assert dlg.article_ids() == [other]
    assert compute(qtbot, dlg).articles == 0

    # The list's filter: every article the list shows.
    dlg.set_articles("list")
    assert set(dlg.article_ids() or ()) == {r.id for r in layers.a.articles()}
    assert rows_of(compute(qtbot, dlg)) == rows_of(agreement(layers.a.store, "bob", "tester"))


def test_export_writes_figures_csv(
    qtbot: QtBot, window: MainWindow, layers: TwoLayers, tmp_path: Path
) -> None:
    dlg = AgreementDashboard(window)
    qtbot.addWidget(dlg)
    assert not dlg.export_button.isEnabled()
    result = compute(qtbot, dlg)
    out = tmp_path / "figures" / "agreement.csv"
    dlg.export_csv(out)
    assert out.read_text(encoding="utf-8") == figures_csv(result)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    edge = next(r for r in rows if r["measure"] == EDGE_F1)
    assert (edge["annotator_a"], edge["annotator_b"], edge["matched"]) == ("tester", "bob", "1")
    assert [p.name for p in out.parent.iterdir()] == ["agreement.csv"]  # no temporary left


def test_compute_can_be_cancelled(
    qtbot: QtBot, window: MainWindow, layers: TwoLayers, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = threading.Event()

    def slow_agreement(*args: object, cancel: CancelToken, **kwargs: object) -> AgreementResult:
        started.set()
        deadline = time.monotonic() + 10
        while not cancel.cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        cancel.check()
        raise AssertionError("never cancelled")

    monkeypatch.setattr(dashboard_module, "agreement", slow_agreement)
    dlg = AgreementDashboard(window)
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.agreement_did_fail, timeout=20_000) as got:
        dlg.compute()
        assert dlg.compute_button.text() == "Cancel"
        assert started.wait(10)
        dlg.compute_button.click()
    assert isinstance(got.args[0], Cancelled)
    assert dlg.status_label.text() == "Cancelled." and dlg.agreement_result is None
    qtbot.waitUntil(lambda: dlg.job is None)
    assert dlg.compute_button.text() == "Compute"
