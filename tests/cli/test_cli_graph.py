"""``armscribe graph`` on a real store, its files read back with networkx."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import pytest

from db.workspace import Workspace
from desktop.cli import main


@pytest.fixture
def tagged(template_store: Path, seeds_dir: Path, tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """A store with the seeds, a transfer by anna and a licence suspension by bob."""
    path = tmp_path / "store.sqlite"
    shutil.copy(template_store, path)
    ids: dict[str, int] = {}
    for who in ("anna", "bob"):
        ws = Workspace.open(path, who)
        if who == "anna":
            ws.import_paths([seeds_dir])
        t = ws.tagging
        ent = {e.name: e.id for e in t.entities()}
        art = min(a.id for a in ws.articles())
        ids["article"] = art
        text = ws.article(art).text  # type: ignore[union-attr]
        words = [(i, i + 4) for i in range(0, 400, 10) if text[i : i + 4].strip()]
        base = 0 if who == "anna" else 20
        spans = [words[base + k] for k in range(4)]
        if who == "anna":
            roles = [("Supplier", "Türkiye", "ACTOR"), ("Recipient", "Azerbaijan", "ACTOR")]
            roles.append(("Weapon", "Bayraktar TB2", "WEAPON"))
            etype = "TRANSFER"
        else:
            roles = [("Authority", "Canada", "ACTOR"), ("Target", "Türkiye", "ACTOR")]
            etype = "LICENCE_ACTION"
        args = []
        for (role, name, mtype), (a, b) in zip(roles, spans, strict=False):
            args.append((role, t.add_mention(art, a, b, mtype, ent[name]).created[0]))
        a, b = spans[3]
        t.create_event_at(art, etype, a, b, arguments=args, attributes={"date": "2020-07"})
        ids[who] = ws.annotator_id
        ws.close()
    return path, ids


def test_graphml_of_everyone_and_gexf_of_one_annotator(
    tagged: tuple[Path, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, _ids = tagged
    out = tmp_path / "g.graphml"
    assert main(["graph", "--store", str(store), "--format", "graphml", "--out", str(out)]) == 0
    assert f"3 nodes, 2 edges -> {out}" in capsys.readouterr().out
    g = nx.read_graphml(out, force_multigraph=True)
    names = {d["name"] for _n, d in g.nodes(data=True)}
    assert names == {"Türkiye", "Azerbaijan", "Canada"}
    styles = {a["style"]: a for _u, _v, a in g.edges(data=True)}
    assert set(styles) == {"supply", "restrictive"}
    assert styles["supply"]["labels"] == "Bayraktar TB2" and styles["supply"]["count"] == 1

    gexf = tmp_path / "bob.gexf"
    assert main(["graph", "--store", str(store), "--out", str(gexf), "--annotator", "bob"]) == 0
    back = nx.read_gexf(gexf)
    assert {a["style"] for _u, _v, a in back.edges(data=True)} == {"restrictive"}
    assert {d["name"] for _n, d in back.nodes(data=True)} == {"Canada", "Türkiye"}


def test_filters_weapons_and_dates(
    tagged: tuple[Path, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, ids = tagged
    out = tmp_path / "w.graphml"
    base = ["graph", "--store", str(store), "--out", str(out)]
    scope = ["--scope", f"article:{ids['article']}", "--event-type", "TRANSFER"]
    assert main([*base, *scope, "--weapons", "--rollup"]) == 0
    g = nx.read_graphml(out, force_multigraph=True)
    kinds = sorted(d["kind"] for _n, d in g.nodes(data=True))
    assert kinds == ["ACTOR", "ACTOR", "WEAPON"]
    assert {a["style"] for _u, _v, a in g.edges(data=True)} == {"supply", "weapon"}
    assert main([*base, "--from", "2021"]) == 0
    assert "0 nodes, 0 edges" in capsys.readouterr().out
    assert nx.read_graphml(out).number_of_nodes() == 0


def test_bad_arguments_exit_2_with_a_message(
    tagged: tuple[Path, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, _ids = tagged
    base = ["graph", "--store", str(store)]
    assert main([*base, "--out", str(tmp_path / "g.txt")]) == 2
    assert "--format graphml" in capsys.readouterr().err
    assert main([*base, "--out", str(tmp_path / "g.gexf"), "--annotator", "nobody"]) == 2
    assert "No annotator named nobody" in capsys.readouterr().err
    assert main([*base, "--out", str(tmp_path / "g.gexf"), "--event-type", "TRANSFR"]) == 2
    assert "Unknown event type TRANSFR" in capsys.readouterr().err
    assert main([*base, "--out", str(tmp_path / "g.gexf"), "--scope", "article:999"]) == 2
    assert "no article 999" in capsys.readouterr().err
    assert main([*base, "--out", str(tmp_path / "g.gexf"), "--from", "2021", "--to", "2020"]) == 2
    for bad in (["--scope", "articles"], ["--from", "2019-13"]):
        with pytest.raises(SystemExit) as exc:
            main([*base, "--out", str(tmp_path / "g.gexf"), *bad])
        assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "article:ID" in err and "not a date" in err
    assert not list(tmp_path.glob("g.*"))
