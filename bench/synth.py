"""A synthetic corpus of arms-transfer news with realistic metadata, for the budgets.

Articles are composed from sentence templates over real actor and weapon names, in
English and German, ~600 words each; every article carries a unique serial sentence
so that content hashes differ. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from db.corpus.draft import ArticleDraft

STATES_EN = [
    "Turkey",
    "Azerbaijan",
    "Armenia",
    "Canada",
    "Belarus",
    "Russia",
    "Libya",
    "France",
    "Germany",
    "Britain",
    "the United States",
    "Pakistan",
    "Indonesia",
    "Malaysia",
    "Ukraine",
    "Israel",
    "Greece",
    "Qatar",
    "Egypt",
    "India",
]
STATES_DE = [
    "die Türkei",
    "Aserbaidschan",
    "Armenien",
    "Kanada",
    "Weißrussland",
    "Russland",
    "Libyen",
    "Frankreich",
    "Deutschland",
    "Großbritannien",
    "die USA",
    "Pakistan",
    "Indonesien",
    "Malaysia",
    "die Ukraine",
    "Israel",
    "Griechenland",
    "Katar",
]
WEAPONS = [
    "Bayraktar TB2 drones",
    "S-400 systems",
    "F-16 fighters",
    "Pantsir-S1 batteries",
    "Korkut air defence guns",
    "Groza-S jammers",
    "artillery shells",
    "drone optics",
    "armoured vehicles",
    "patrol boats",
    "anti-tank missiles",
    "radar sets",
]
EN = [
    "{a} delivered {w} to {b} last {m}, officials said.",
    "According to documents seen by reporters, {a} agreed to supply {b} with {w}.",
    "{a} suspended export licences for {w} destined for {b} after an investigation.",
    "Analysts say the {w} gave {b} a decisive edge in the fighting.",
    "The ministry in {a_cap} declined to comment on the reported sale of {w}.",
    "{b} had asked {a} for {w} several times since {y}.",
    "An embargo on {b} has been in force since {y}, but {a} ignored it, critics said.",
    "The contract, worth an estimated {n} million dollars, covers {w} and training.",
    "Parliament in {a_cap} debated whether to cancel the permits for {w}.",
    "Military observers reported that {w} were used near the border in {m}.",
]
DE = [
    "{a} hat {b} im {m} {w} geliefert, hieß es aus Regierungskreisen.",
    "Nach Dokumenten, die Reportern vorliegen, sagte {a} die Lieferung von {w} an {b} zu.",
    "{a} setzte die Ausfuhrgenehmigungen für {w} nach {b} aus.",
    "Fachleute meinen, die {w} hätten {b} einen entscheidenden Vorteil verschafft.",
    "Das Ministerium in {a_cap} wollte sich zum Verkauf von {w} nicht äußern.",
    "{b} hatte seit {y} mehrfach um {w} gebeten.",
    "Seit {y} gilt ein Embargo gegen {b}, doch {a} hielt sich nicht daran, so Kritiker.",
    "Der Vertrag im Wert von geschätzt {n} Millionen Euro umfasst {w} und Ausbildung.",
    "Im Parlament wurde über die Aufhebung der Genehmigungen für {w} gestritten.",
    "Beobachter berichteten, dass im {m} {w} nahe der Grenze eingesetzt wurden.",
]
MONTHS_EN = ["January", "March", "May", "July", "September", "October", "December"]
MONTHS_DE = ["Januar", "März", "Mai", "Juli", "September", "Oktober", "Dezember"]
SOURCES = [
    f"{p} {s}"
    for p in (
        "Daily",
        "Global",
        "Baltic",
        "Caucasus",
        "Nord",
        "Süd",
        "Defence",
        "Security",
        "Morning",
        "Evening",
    )
    for s in (
        "Herald",
        "Monitor",
        "Wire",
        "Post",
        "Kurier",
        "Rundschau",
        "Review",
        "Observer",
        "Tribune",
        "Bote",
    )
]
AUTHORS = [
    "Anna Weber",
    "James Holt",
    "Leyla Aliyeva",
    "Tigran Petrosyan",
    "Marie Dubois",
    "Oleg Ivanov",
    "Sarah Klein",
    "David Chen",
    "Emre Yilmaz",
    "Katrin Vogel",
]


def _sentence(rng: random.Random, lang: str) -> str:
    states = STATES_EN if lang == "en" else STATES_DE
    a, b = rng.sample(states, 2)
    tpl = rng.choice(EN if lang == "en" else DE)
    text = tpl.format(
        a=a,
        b=b,
        a_cap=a.split()[-1],
        w=rng.choice(WEAPONS),
        m=rng.choice(MONTHS_EN if lang == "en" else MONTHS_DE),
        y=rng.randint(2010, 2023),
        n=rng.randint(5, 900),
    )
    return text[0].upper() + text[1:]


def make_drafts(n: int, *, seed: int = 7, words: int = 600) -> Iterator[ArticleDraft]:
    """``n`` synthetic articles of about ``words`` words each."""
    rng = random.Random(seed)
    pools = {lang: [_sentence(rng, lang) for _ in range(3000)] for lang in ("en", "de")}
    start = date(2015, 1, 1)
    per_sentence = 13
    for i in range(n):
        lang = "en" if rng.random() < 0.6 else "de"
        pool = pools[lang]
        sentences = rng.choices(pool, k=max(1, words // per_sentence))
        serial = f"Reference {seed}-{i:07d}." if lang == "en" else f"Aktenzeichen {seed}-{i:07d}."
        paras = [" ".join(sentences[j : j + 5]) for j in range(0, len(sentences), 5)]
        paras.append(serial)
        title = sentences[0][:90].rstrip(".")
        yield ArticleDraft(
            text="\n".join(paras),
            title=title,
            source=rng.choice(SOURCES),
            author=rng.choice(AUTHORS),
            url=f"https://synthetic.armscribe.invalid/{i}",
            published=(start + timedelta(days=rng.randint(0, 3900))).isoformat(),
            language=lang,
            origin=f"synthetic:{i}",
        )


def build_store(path: Path, n: int, *, seed: int = 7, words: int = 600, chunk: int = 2000) -> Path:
    """Create a store at ``path`` holding ``n`` synthetic articles (kept if it exists)."""
    from db.ops.articles import add_articles
    from db.store import open_store

    if path.exists():
        return path
    tmp = path.with_suffix(".partial")
    tmp.unlink(missing_ok=True)
    store = open_store(tmp)
    try:
        batch: list[ArticleDraft] = []
        for d in make_drafts(n, seed=seed, words=words):
            batch.append(d)
            if len(batch) >= chunk:
                with store.write() as s:
                    add_articles(s, batch)
                batch = []
        if batch:
            with store.write() as s:
                add_articles(s, batch)
    finally:
        store.close()
    tmp.rename(path)
    return path


def write_text_files(folder: Path, n: int, *, seed: int = 11) -> list[Path]:
    """Write ``n`` synthetic articles as ``.txt`` files with a title line."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, d in enumerate(make_drafts(n, seed=seed)):
        p = folder / f"article-{i:06d}.txt"
        p.write_text(f"{d.title}\n{d.text}\n", encoding="utf-8")
        paths.append(p)
    return paths


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="Build a synthetic store for the benchmarks.")
    ap.add_argument("out", type=Path)
    ap.add_argument("-n", type=int, default=10_000)
    args = ap.parse_args()
    build_store(args.out, args.n)
    print(f"wrote {args.out}")
