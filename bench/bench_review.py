"""Budget of the review issue: two annotators' layers over 1,000 articles x 100 mentions
(with events), aligned and every agreement figure computed, under 2 s (and under 1 s of
CPU, so that it holds on a busy machine). The figures of ``agreement`` (light rows) are
checked against the straightforward path (``align_corpus`` + ``figures_from_alignment``).

Layer B is layer A perturbed (dropped, extra, retyped, re-bounded and relinked mentions;
events with another status or a missing argument), so every code path runs. The store
is built once with bulk Core inserts and cached under bench/out/.
"""

from __future__ import annotations

import argparse
import random
import re
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import OUT, machine, report, timeit
from bench.synth import build_store

WORD = re.compile(r"\w{3,}")
TYPES = ("ACTOR", "ACTOR", "WEAPON", "LOCATION", "TIME")
STATUSES = ("ordered", "delivered", "offered", "unknown")


def _layers(path: Path, articles: int, mentions: int, events: int, seed: int = 5) -> Path:
    """Add layers "anna" and "bob" to a synthetic store at ``path`` (cached)."""
    if path.exists():
        return path
    from sqlalchemy import func, insert, select

    from db.models import Annotator, ArticleText, Entity, Event, EventArgument, Mention
    from db.ops.entities import seed_gazetteer
    from db.store import open_store

    base = path.with_name(f"review-articles-{articles}.sqlite")
    build_store(base, articles)
    tmp = path.with_suffix(".partial")
    tmp.write_bytes(base.read_bytes())
    rng = random.Random(seed)
    now = datetime.now(UTC)
    store = open_store(tmp)
    try:
        with store.write() as s:
            seed_gazetteer(s)
            ids = {}
            for name in ("anna", "bob"):
                ann = Annotator(name=name, display_name=name, role="analyst")
                s.add(ann)
                s.flush()
                ids[name] = ann.id
            actors = list(s.scalars(select(Entity.id).where(Entity.kind == "ACTOR")))[:60]
            weapons = list(s.scalars(select(Entity.id).where(Entity.kind == "WEAPON")))[:30]
            texts = list(s.execute(select(ArticleText.article_id, ArticleText.text)))
            next_mention = int(s.scalar(select(func.coalesce(func.max(Mention.id), 0))) or 0) + 1
            next_event = int(s.scalar(select(func.coalesce(func.max(Event.id), 0))) or 0) + 1
            m_rows: list[dict[str, Any]] = []
            e_rows: list[dict[str, Any]] = []
            x_rows: list[dict[str, Any]] = []

            def stamp() -> dict[str, Any]:
                return {"uuid": str(uuid.uuid4()), "created_at": now, "updated_at": now}

            for art, text in texts:
                words = [m.span() for m in WORD.finditer(text)]
                step = max(1, len(words) // (mentions + 10))
                chosen = words[::step][:mentions]
                trig_at = set(range(0, len(chosen), max(1, len(chosen) // events)))
                layer_a = []
                for i, (a, b) in enumerate(chosen):
                    t = "TRIGGER" if i in trig_at else rng.choice(TYPES)
                    ent = (
                        rng.choice(actors)
                        if t == "ACTOR" and rng.random() < 0.7
                        else rng.choice(weapons)
                        if t == "WEAPON" and rng.random() < 0.7
                        else None
                    )
                    layer_a.append((a, b, t, ent))
                for who in ("anna", "bob"):
                    spans = []
                    for a, b, t, ent in layer_a:
                        if who == "bob" and t != "TRIGGER":
                            r = rng.random()
                            if r < 0.05:
                                continue
                            if r < 0.10:
                                t = rng.choice(TYPES)
                            elif r < 0.15 and b - a > 3:
                                a += 1
                            elif r < 0.20 and ent is not None:
                                ent = rng.choice(actors if t == "ACTOR" else weapons)
                        spans.append((a, b, t, ent))
                    my_ids: dict[str, list[int]] = {}
                    for a, b, t, ent in spans:
                        m_rows.append(
                            {
                                "id": next_mention,
                                "article_id": art,
                                "annotator_id": ids[who],
                                "start": a,
                                "end": b,
                                "type": t,
                                "entity_id": ent,
                                "attributes": {},
                                **stamp(),
                            }
                        )
                        my_ids.setdefault(t, []).append(next_mention)
                        next_mention += 1
                    acts = my_ids.get("ACTOR", [])
                    weps = my_ids.get("WEAPON", [])
                    for k, trig in enumerate(my_ids.get("TRIGGER", [])):
                        status = STATUSES[k % len(STATUSES)]
                        if who == "bob" and rng.random() < 0.1:
                            status = rng.choice(STATUSES)
                        e_rows.append(
                            {
                                "id": next_event,
                                "article_id": art,
                                "annotator_id": ids[who],
                                "type": "TRANSFER",
                                "trigger_mention_id": trig,
                                "status": status,
                                "date_start": f"{2015 + k % 8}",
                                "attributes": {},
                                **stamp(),
                            }
                        )
                        args = []
                        if acts:
                            args += [("Supplier", acts[k % len(acts)])]
                            args += [("Recipient", acts[(k + 3) % len(acts)])]
                        if weps:
                            args.append(("Weapon", weps[k % len(weps)]))
                        if who == "bob" and args and rng.random() < 0.1:
                            args.pop()
                        for role, mid in args:
                            x_rows.append(
                                {
                                    "event_id": next_event,
                                    "annotator_id": ids[who],
                                    "role": role,
                                    "mention_id": mid,
                                    **stamp(),
                                }
                            )
                        next_event += 1
            s.execute(insert(Mention), m_rows)
            s.execute(insert(Event), e_rows)
            s.execute(insert(EventArgument), x_rows)
    finally:
        store.close()
    tmp.rename(path)
    return path


def run(articles: int = 1000, mentions: int = 100, events: int = 10, repeat: int = 3) -> None:
    from db.review.agreement import (
        MENTION_F1_OVERLAP,
        TYPE_KAPPA,
        _Counts,
        _cyclic_gc_paused,
        agreement,
        figures_from_alignment,
        store_tagset,
    )
    from db.review.align import align_corpus, annotator_ids
    from db.review.align_rows import read_light_layers
    from db.store import open_store

    OUT.mkdir(parents=True, exist_ok=True)
    path = _layers(OUT / f"review-{articles}x{mentions}.sqlite", articles, mentions, events)
    print(f"# review: {articles:,} articles x {mentions} mentions, 2 layers; {machine()}")
    print(f"  load average before: {_loadavg()}", flush=True)
    store = open_store(path)
    try:
        holder: dict[str, Any] = {}

        def both() -> None:
            holder["r"] = agreement(store, "anna", "bob")

        report(
            f"align + every figure ({articles:,} x {mentions})",
            timeit(both, repeat),
            budget=2.0,
            unit="s",
        )
        cpu: list[float] = []
        for _ in range(repeat):
            c0 = time.process_time()
            both()
            cpu.append(time.process_time() - c0)
        report("  the same, CPU time of this process (load-independent)", cpu, unit="s")
        # Where the time goes (CPU seconds of one run, phase by phase).
        with _cyclic_gc_paused():  # as agreement() does
            c0 = time.process_time()
            with store.read() as s:
                ida, idb = annotator_ids(s, ["anna", "bob"])
                light = read_light_layers(s, ida, idb)
            c1 = time.process_time()
            counts = _Counts(store_tagset(store), None)
            for art in light:
                counts.add(art)
            c2 = time.process_time()
            counts.result("anna", "bob", len(light))
            c3 = time.process_time()
        print(
            f"  phases (CPU): SQL fetch {c1 - c0:.3f} s, align + count {c2 - c1:.3f} s, "
            f"figures {c3 - c2:.3f} s",
            flush=True,
        )
        # The straightforward path (row objects, per-article alignment, figures from the
        # pairs) must give exactly the same figures.
        ref: dict[str, Any] = {}

        def reference() -> None:
            ref["r"] = figures_from_alignment(
                align_corpus(store, "anna", "bob"), store_tagset(store)
            )

        report(
            "reference path (align_corpus + figures_from_alignment)", timeit(reference, 1), unit="s"
        )
        same = ref["r"] == holder["r"]
        print(f"  every figure identical to the reference path: {'yes' if same else 'NO'}")
        r = holder["r"]
        print(
            f"  kappa {r.value(TYPE_KAPPA):.3f}, overlap F1 {r.value(MENTION_F1_OVERLAP):.3f}",
            flush=True,
        )
        print(f"  load average after: {_loadavg()}", flush=True)
        if not same:
            raise SystemExit("the light path's figures differ from the reference path's")
    finally:
        store.close()


def _loadavg() -> str:
    try:
        with open("/proc/loadavg", encoding="ascii") as fh:
            return " ".join(fh.read().split()[:3])
    except OSError:
        return "?"


def run_smoke() -> None:
    run(articles=20, mentions=20, events=3, repeat=1)


def run_full() -> None:
    run()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("-m", type=int, default=100)
    args = ap.parse_args()
    run_smoke() if args.smoke else run(args.n, args.m)
