"""Budget: a full-text query over 100,000 articles in under 50 ms (foundation issue)."""

from __future__ import annotations

import argparse

from bench.common import OUT, machine, report, timeit
from bench.synth import build_store

QUERIES = [
    ("rare word (serial)", "Aktenzeichen 7-0012345"),
    ("common word", "drones"),
    ("two common words", "embargo Türkei"),
    ("prefix while typing", "Genehm"),
    ("3-letter prefix", "Gen"),
    ("2-letter word (whole word, no prefix)", "EU"),
    ("phrase", '"export licences"'),
]


def run(n: int, repeat: int = 15) -> None:
    from db.articles import ArticleFilter, list_articles
    from db.search import search_article_ids
    from db.store import open_store

    path = build_store(OUT / f"synthetic-{n}.sqlite", n)
    store = open_store(path)
    try:
        with store.read() as s:
            for label, q in QUERIES:
                hits = len(search_article_ids(s, q))
                report(
                    f"FTS ids, {label} ({hits} hits) over {n:,}",
                    timeit(lambda q=q: search_article_ids(s, q), repeat),
                    budget=50,
                )
            for label, q in QUERIES[1:3]:
                flt = ArticleFilter(search=q, sort="relevance")
                report(
                    f"list rows for search, {label} over {n:,}",
                    timeit(lambda f=flt: list_articles(s, None, f), repeat),
                    budget=50,
                )
    finally:
        store.close()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=100_000)
    print(machine())
    run(ap.parse_args().n)
