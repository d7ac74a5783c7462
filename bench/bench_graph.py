"""Budgets of the relation graph (issue 4), on a store whose graph has ~2,000 nodes and
~8,000 edges (bulk-inserted events with supplier, recipient and weapon):

- full build of the graph (all articles, all annotators);
- ``LiveGraph.refresh_articles`` after one real edit (through Tagging) in a random
  article: under 16 ms median, reading that article's layer included;
- ``force_layout`` of 5,000 nodes / 20,000 edges: under 1 s median.
"""

from __future__ import annotations

import random
import shutil
import statistics
import time
from pathlib import Path

from bench.common import OUT, machine, report
from bench.synth import build_store


def _annotated_store(n_articles: int, n_entities: int, n_events: int, seed: int = 5) -> Path:
    """A cached store: synthetic articles plus ``n_events`` TRANSFER events between
    ``n_entities`` actors, inserted in bulk (SQLAlchemy Core)."""
    target = OUT / f"graph-{n_articles}a-{n_entities}n-{n_events}ev.sqlite"
    if target.exists():
        return target
    source = build_store(OUT / f"synthetic-{n_articles}x600w.sqlite", n_articles)
    tmp = target.with_suffix(".partial")
    for p in OUT.glob(tmp.name + "*"):
        p.unlink()
    shutil.copyfile(source, tmp)

    from sqlalchemy import func, insert, select

    from db.models import Article, Entity, Event, EventArgument, Mention, new_uuid, utcnow
    from db.workspace import Workspace

    ws = Workspace.open(tmp, "bench")
    rng = random.Random(seed)
    now = utcnow()
    try:
        with ws.store.write() as s:
            arts = list(s.scalars(select(Article.id).order_by(Article.id)))
            e0 = (s.scalar(select(func.max(Entity.id))) or 0) + 1
            codes = [f"X{i:03d}" for i in range(300)]
            ents = []
            for i in range(n_entities):
                sub = "state" if i < 300 else rng.choice(["company", "government_body", "person"])
                ents.append(
                    {
                        "id": e0 + i,
                        "uuid": new_uuid(),
                        "kind": "ACTOR",
                        "subtype": sub,
                        "name": f"Actor {i:05d}",
                        "aliases": [],
                        "country_code": codes[i % 300],
                        "attributes": {},
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            n_weapons = max(5, n_entities // 40)
            w0 = e0 + n_entities
            for i in range(n_weapons):
                ents.append(
                    {
                        "id": w0 + i,
                        "uuid": new_uuid(),
                        "kind": "WEAPON",
                        "subtype": "aircraft",
                        "name": f"Weapon {i:04d}",
                        "aliases": [],
                        "country_code": None,
                        "attributes": {},
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            s.execute(insert(Entity), ents)
            m_id = (s.scalar(select(func.max(Mention.id))) or 0) + 1
            ev_id = (s.scalar(select(func.max(Event.id))) or 0) + 1
            mentions, events, arguments = [], [], []
            slot: dict[int, int] = {}
            who = ws.annotator_id
            for k in range(n_events):
                art = arts[k % len(arts)]
                # A mild skew, as in real corpora: some actors trade much more.
                sup = e0 + int(n_entities * rng.random() ** 1.6)
                rec = e0 + rng.randrange(n_entities)
                ids = []
                for type_, ent in (
                    ("TRIGGER", None),
                    ("ACTOR", sup),
                    ("ACTOR", rec),
                    ("WEAPON", w0 + rng.randrange(n_weapons)),
                ):
                    at = slot.get(art, 0)
                    slot[art] = at + 1
                    mentions.append(
                        {
                            "id": m_id,
                            "uuid": new_uuid(),
                            "article_id": art,
                            "annotator_id": who,
                            "start": at * 6,
                            "end": at * 6 + 4,
                            "type": type_,
                            "entity_id": ent,
                            "attributes": {},
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                    ids.append(m_id)
                    m_id += 1
                year = rng.randint(2015, 2024)
                events.append(
                    {
                        "id": ev_id,
                        "uuid": new_uuid(),
                        "article_id": art,
                        "annotator_id": who,
                        "type": "TRANSFER",
                        "trigger_mention_id": ids[0],
                        "date_start": str(year),
                        "date_end": str(year),
                        "attributes": {},
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                for role, mid in zip(("Supplier", "Recipient", "Weapon"), ids[1:], strict=True):
                    arguments.append(
                        {
                            "uuid": new_uuid(),
                            "event_id": ev_id,
                            "annotator_id": who,
                            "role": role,
                            "mention_id": mid,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                ev_id += 1
            s.execute(insert(Mention), mentions)
            s.execute(insert(Event), events)
            s.execute(insert(EventArgument), arguments)
    finally:
        ws.close()
    tmp.rename(target)
    return target


def _working_copy(source: Path) -> Path:
    target = OUT / "graph-bench-work.sqlite"
    for p in OUT.glob("graph-bench-work.*"):
        p.unlink()
    shutil.copyfile(source, target)
    return target


def run(
    n_articles: int = 400,
    n_entities: int = 2_000,
    n_events: int = 8_500,
    edits: int = 50,
    layout_nodes: int = 5_000,
    layout_edges: int = 20_000,
    layout_repeat: int = 3,
) -> None:
    from db.graph.build import build_graph
    from db.graph.layout import force_layout
    from db.graph.live import LiveGraph
    from db.graph.model import GraphScope
    from db.workspace import Workspace

    print(f"# relation graph on {machine()}")
    t0 = time.perf_counter()
    source = _annotated_store(n_articles, n_entities, n_events)
    print(f"  store ready in {time.perf_counter() - t0:.1f} s ({source.name})")
    ws = Workspace.open(_working_copy(source), "bench")
    try:
        tagset = ws.tagging.tagset
        builds = []
        for _ in range(3):
            t = time.perf_counter()
            with ws.store.read() as s:
                data = build_graph(s, tagset, GraphScope())
            builds.append(time.perf_counter() - t)
        print(f"  graph: {len(data.nodes):,} nodes, {len(data.edges):,} edges")
        report(f"full build ({len(data.nodes):,} nodes, {len(data.edges):,} edges)", builds)
        t = time.perf_counter()
        live = LiveGraph(ws.store, tagset)
        report("LiveGraph() (build + per-article facts)", [time.perf_counter() - t])

        rng = random.Random(11)
        arts = sorted(a.id for a in ws.articles())
        times, made = [], []
        for k in range(edits):
            aid = rng.choice(arts)
            if k % 3 == 2 and made:
                art, ev = made.pop(rng.randrange(len(made)))
                ws.tagging.delete_event(ev)
                aid = art
            else:
                ann = ws.tagging.annotations(aid)
                actors = [m.id for m in ann.mentions if m.type == "ACTOR"]
                sup, rec = rng.sample(actors, 2)
                edit = ws.tagging.create_event(
                    aid, "TRANSFER", arguments=[("Supplier", sup), ("Recipient", rec)]
                )
                made.append((aid, edit.created[0]))
            t = time.perf_counter()
            delta = live.refresh_articles([aid])
            times.append(time.perf_counter() - t)
            assert not delta.empty()
        report("refresh_articles after one edit", times, budget=16)
        with ws.store.read() as s:
            assert build_graph(s, tagset, GraphScope()) == live.data
    finally:
        ws.close()

    lrng = random.Random(3)
    nodes = list(range(layout_nodes))
    pairs = [
        (lrng.randrange(layout_nodes), lrng.randrange(layout_nodes)) for _ in range(layout_edges)
    ]
    lay = []
    for k in range(layout_repeat):
        t = time.perf_counter()
        force_layout(nodes, pairs, seed=k)
        lay.append(time.perf_counter() - t)
    report(f"force_layout {layout_nodes:,} nodes / {layout_edges:,} edges", lay, budget=1000)
    print(f"  layout median {statistics.median(lay):.2f} s")


def run_smoke() -> None:
    """Tiny sizes: check that the script runs (a few seconds)."""
    run(20, 100, 300, edits=6, layout_nodes=500, layout_edges=2_000, layout_repeat=1)


def run_full() -> None:
    run()


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    run_smoke() if ap.parse_args().smoke else run_full()
