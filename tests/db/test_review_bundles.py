"""Bundles: Bob's layer exported from store A and merged into store B, a separate store
file that imported the same seed articles on its own (other article uuids)."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest
from layer_helpers import span_of, tag
from sqlalchemy import func, select
from test_review_align import english_article, tag_both

from db.corpus.draft import ArticleDraft
from db.models import Annotator, Article, Comment, Entity, Event, EventArgument, Mention
from db.ops.articles import add_articles
from db.review import comments
from db.review.align import align_corpus
from db.review.bundles import BundleError, export_bundle, import_bundle, read_bundle
from db.review.comments import CommentRow
from db.workspace import Workspace


@pytest.fixture
def store_b(template_store: Path, seeds_dir: Path, tmp_path: Path) -> Iterator[Workspace]:
    path = tmp_path / "b.sqlite"
    shutil.copy(template_store, path)
    w = Workspace.open(path, "carol")
    assert w.import_paths([seeds_dir]).added == 5
    yield w
    w.close()


def layer_of(ws: Workspace, annotator: str) -> dict[str, Any]:
    """Bob's layer in a store, described by uuids and content only (no local ids)."""
    with ws.store.read() as s:
        who = s.scalar(select(Annotator.id).where(Annotator.name == annotator))
        ent = {e.id: e.uuid for e in s.scalars(select(Entity))}
        art = {a.id: a.content_hash for a in s.scalars(select(Article))}
        mentions = {
            m.uuid: (art[m.article_id], m.start, m.end, m.type, ent.get(m.entity_id or 0))
            for m in s.scalars(select(Mention).where(Mention.annotator_id == who))
        }
        muuid = {m.id: m.uuid for m in s.scalars(select(Mention))}
        events = {
            e.uuid: (art[e.article_id], e.type, muuid.get(e.trigger_mention_id or 0), e.status)
            for e in s.scalars(select(Event).where(Event.annotator_id == who))
        }
        args = {
            a.uuid: (a.role, muuid[a.mention_id])
            for a in s.scalars(select(EventArgument).where(EventArgument.annotator_id == who))
        }
    return {"mentions": mentions, "events": events, "arguments": args}


def row_count(ws: Workspace) -> int:
    with ws.store.read() as s:
        return sum(
            int(s.scalar(select(func.count()).select_from(m)) or 0)
            for m in (Mention, Event, EventArgument, Entity, Annotator)
        )


def reseal(path: Path, docs: list[Any]) -> None:
    """Write bundle documents with a valid trailer (a well-formed file of our making)."""
    lines = [orjson.dumps(d) + b"\n" for d in docs]
    digest = hashlib.sha256(b"".join(lines)).hexdigest()
    trailer = {"end": {"records": len(docs) - 1, "sha256": digest}}
    path.write_bytes(b"".join(lines) + orjson.dumps(trailer) + b"\n")


def test_export_import_gives_the_same_layer_and_is_idempotent(
    ws: Workspace, bob: Workspace, store_b: Workspace, tmp_path: Path
) -> None:
    case = tag_both(ws, bob)
    new_entity = bob.tagging.create_entity(
        "ACTOR", "Fatima Hasanova", subtype="person", link_mention_id=case.ids["b_malaysia"]
    ).created[0]
    bob.set_status(case.aid, "done")
    out = tmp_path / "bob.bundle.jsonl"
    summary = export_bundle(bob.store, "bob", out)
    assert summary.articles == 1 and summary.mentions == len(layer_of(bob, "bob")["mentions"])
    header, records = read_bundle(out)
    assert header["annotator"] == "bob" and header["version"] == 1
    with bob.store.read() as s:
        art = s.get(Article, case.aid)
        assert art is not None
        assert records[0]["content_hash"] == art.content_hash

    report = import_bundle(store_b.store, out)
    rows = summary.mentions + summary.events + summary.arguments + 1  # + the status
    assert (report.new, report.changed, report.unchanged, report.conflicting) == (rows, 0, 0, 0)
    assert report.missing_articles == () and report.entities_new == 1
    assert layer_of(store_b, "bob") == layer_of(bob, "bob")
    with store_b.store.read() as s:
        created = s.scalar(select(Entity).where(Entity.name == "Fatima Hasanova"))
        assert created is not None and created.subtype == "person"
    with bob.store.read() as s:
        orig = s.get(Entity, new_entity)
        assert orig is not None and orig.uuid == created.uuid
    before = row_count(store_b)
    again = import_bundle(store_b.store, out)
    assert (again.new, again.changed, again.conflicting) == (0, 0, 0)
    assert again.unchanged == rows
    assert row_count(store_b) == before


def test_a_newer_row_updates_and_a_locally_newer_row_conflicts(
    ws: Workspace, bob: Workspace, store_b: Workspace, tmp_path: Path
) -> None:
    case = tag_both(ws, bob)
    first = tmp_path / "v1.jsonl"
    export_bundle(bob.store, "bob", first)
    import_bundle(store_b.store, first)
    # Bob retypes a mention in store A and sends a new bundle: it updates store B.
    bob.tagging.retype_mention(case.ids["b_indonesia"], "ACTOR")
    second = tmp_path / "v2.jsonl"
    export_bundle(bob.store, "bob", second)
    report = import_bundle(store_b.store, second)
    assert report.changed == 1 and report.new == 0 and report.conflicting == 0
    with bob.store.read() as s:
        muuid = s.scalar(select(Mention.uuid).where(Mention.id == case.ids["b_indonesia"]))
    with store_b.store.read() as s:
        assert s.scalar(select(Mention.type).where(Mention.uuid == muuid)) == "ACTOR"
    # Someone edits Bob's copy in store B after that: an older bundle conflicts.
    bob_in_b = Workspace.open(store_b.store.path, "bob")  # type: ignore[arg-type]
    try:
        with bob_in_b.store.read() as s:
            local_id = s.scalar(select(Mention.id).where(Mention.uuid == muuid))
        assert local_id is not None
        bob_in_b.tagging.retype_mention(local_id, "LOCATION")
    finally:
        bob_in_b.close()
    stale = import_bundle(store_b.store, second)
    assert stale.conflicting == 1 and stale.changed == 0 and stale.conflicts == (muuid,)
    with store_b.store.read() as s:
        assert s.scalar(select(Mention.type).where(Mention.uuid == muuid)) == "LOCATION"


def test_articles_missing_from_the_store_are_reported_not_created(
    ws: Workspace, bob: Workspace, store_b: Workspace, tmp_path: Path
) -> None:
    with bob.store.write() as s:
        (extra,) = add_articles(
            s,
            [ArticleDraft(text="Only in store A: Turkey sold drones.", title="Extra", origin="x")],
        ).added_ids
    tag(bob, extra, "Turkey", "ACTOR")
    aid = english_article(ws)
    tag(bob, aid, "Pakistan", "ACTOR")
    out = tmp_path / "b.jsonl"
    export_bundle(bob.store, "bob", out)
    articles_before = len(store_b.articles())
    report = import_bundle(store_b.store, out)
    assert report.missing_articles == ("Extra",)
    assert report.new == 1
    assert len(store_b.articles()) == articles_before
    only = tmp_path / "only.jsonl"
    assert export_bundle(bob.store, "bob", only, article_ids=[aid]).articles == 1


def test_tampered_malformed_and_too_new_bundles_change_nothing(
    ws: Workspace, bob: Workspace, store_b: Workspace, tmp_path: Path
) -> None:
    tag_both(ws, bob)
    good = tmp_path / "good.jsonl"
    export_bundle(bob.store, "bob", good)
    before = row_count(store_b)
    docs = [orjson.loads(ln) for ln in good.read_bytes().splitlines()][:-1]

    tampered = tmp_path / "tampered.jsonl"
    tampered.write_bytes(good.read_bytes().replace(b'"WEAPON"', b'"ACTOR"', 1))
    with pytest.raises(BundleError, match="changed or damaged"):
        import_bundle(store_b.store, tampered)

    truncated = tmp_path / "truncated.jsonl"
    truncated.write_bytes(b"\n".join(good.read_bytes().splitlines()[:-1]) + b"\n")
    with pytest.raises(BundleError, match="incomplete"):
        import_bundle(store_b.store, truncated)

    garbage = tmp_path / "garbage.jsonl"
    garbage.write_bytes(good.read_bytes()[:40] + b"\n{not json\n")
    with pytest.raises(BundleError, match="not an Armscribe bundle"):
        import_bundle(store_b.store, garbage)

    newer = tmp_path / "newer.jsonl"
    reseal(newer, [{**docs[0], "version": 99}, *docs[1:]])
    with pytest.raises(BundleError, match="newer Armscribe"):
        import_bundle(store_b.store, newer)

    dangling = tmp_path / "dangling.jsonl"
    bad = dict(docs[1])
    bad["events"] = [{**bad["events"][0], "trigger_uuid": "no-such-mention"}]
    reseal(dangling, [docs[0], bad])
    with pytest.raises(BundleError, match="trigger the bundle lacks"):
        import_bundle(store_b.store, dangling)

    # A sealed bundle whose last mention does not fit the article's text: the rows merged
    # before it in the same transaction are rolled back too.
    misfit = tmp_path / "misfit.jsonl"
    bad = dict(docs[1])
    last = dict(bad["mentions"][-1])
    last["start"], last["end"] = last["start"] + 1, last["end"] + 1
    bad["mentions"] = [*bad["mentions"][:-1], last]
    reseal(misfit, [docs[0], bad])
    with pytest.raises(BundleError, match="does not fit"):
        import_bundle(store_b.store, misfit)
    assert row_count(store_b) == before
    with store_b.store.read() as s:
        assert s.scalar(select(Annotator.id).where(Annotator.name == "bob")) is None

    with pytest.raises(BundleError, match="no annotator called 'zoe'"):
        export_bundle(bob.store, "zoe", tmp_path / "z.jsonl")
    assert not (tmp_path / "z.jsonl").exists()


def test_merged_layer_aligns_like_the_original(
    ws: Workspace, bob: Workspace, store_b: Workspace, tmp_path: Path
) -> None:
    tag_both(ws, bob)
    for who, w in (("anna", ws), ("bob", bob)):
        out = tmp_path / f"{who}.jsonl"
        export_bundle(w.store, who, out)
        import_bundle(store_b.store, out)
    here = align_corpus(ws.store, "anna", "bob").counts()
    there = align_corpus(store_b.store, "anna", "bob").counts()
    assert here == there and here["different_boundary"] == 1
    aid = english_article(store_b)
    assert span_of(store_b, aid, "Pakistan") == span_of(ws, english_article(ws), "Pakistan")


# ------------------------------------------------------------------------- comments


@pytest.fixture
def bob_home(template_store: Path, seeds_dir: Path, tmp_path: Path) -> Iterator[Workspace]:
    """Bob on his own store file, holding the same seed articles as Anna's."""
    path = tmp_path / "bob-home.sqlite"
    shutil.copy(template_store, path)
    w = Workspace.open(path, "bob")
    assert w.import_paths([seeds_dir]).added == 5
    yield w
    w.close()


@dataclass
class Thread:
    mention_uuid: str  # Bob's mention Anna commented on
    root: CommentRow
    reply: CommentRow
    bundle: Path  # Anna's bundle holding both


def anna_comments_on_bobs_mention(ws: Workspace, bob_home: Workspace, tmp_path: Path) -> Thread:
    """Bob tags in his store and sends Anna his layer; she comments on his mention, replies
    to herself and exports her bundle."""
    mid = tag(bob_home, english_article(bob_home), "Indonesia", "WEAPON")
    with bob_home.store.read() as s:
        muuid = s.scalar(select(Mention.uuid).where(Mention.id == mid))
    assert muuid is not None
    export_bundle(bob_home.store, "bob", tmp_path / "bob.jsonl")
    assert import_bundle(ws.store, tmp_path / "bob.jsonl").new == 1
    aid = english_article(ws)
    root = comments.add_comment(
        ws.store, ws.annotator_id, aid, "Indonesia buys; not a weapon.", muuid
    )
    reply = comments.add_comment(
        ws.store, ws.annotator_id, aid, "See paragraph 2.", parent_id=root.id
    )
    out = tmp_path / "anna.jsonl"
    summary = export_bundle(ws.store, "anna", out)
    assert summary.comments == 2
    return Thread(muuid, root, reply, out)


def comment_count(ws: Workspace) -> int:
    with ws.store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Comment)) or 0)


def test_comments_travel_in_a_bundle_with_their_thread(
    ws: Workspace, bob_home: Workspace, tmp_path: Path
) -> None:
    t = anna_comments_on_bobs_mention(ws, bob_home, tmp_path)
    header, records = read_bundle(t.bundle)
    assert header["version"] == 1  # old readers ignore the new key: no version bump
    (rec,) = [r for r in records if r["comments"]]
    assert [c["parent_uuid"] for c in rec["comments"]] == [None, t.root.uuid]
    assert {c["author"] for c in rec["comments"]} == {"anna"}

    report = import_bundle(bob_home.store, t.bundle)
    assert (report.comments_new, report.comments_changed, report.comments_conflicting) == (2, 0, 0)
    assert "comments: 2 new" in report.summary()
    shown = comments.thread(bob_home.store, t.mention_uuid)
    assert [(c.author, c.body, c.uuid) for c in shown] == [
        ("anna", "Indonesia buys; not a weapon.", t.root.uuid),
        ("anna", "See paragraph 2.", t.reply.uuid),
    ]
    assert shown[1].parent_id == shown[0].id and shown[1].target_uuid == t.mention_uuid
    assert bob_home.annotator_id_of("anna") == shown[0].annotator_id
    assert shown[0].created_at.replace(tzinfo=None) == t.root.created_at.replace(tzinfo=None)

    again = import_bundle(bob_home.store, t.bundle)
    assert (again.comments_new, again.comments_changed, again.comments_unchanged) == (0, 0, 2)
    assert again.comments_conflicting == 0 and comment_count(bob_home) == 2


def test_a_newer_bundle_resolves_and_a_locally_newer_comment_is_kept(
    ws: Workspace, bob_home: Workspace, tmp_path: Path
) -> None:
    t = anna_comments_on_bobs_mention(ws, bob_home, tmp_path)
    import_bundle(bob_home.store, t.bundle)
    comments.resolve(ws.store, t.root.id)
    newer = tmp_path / "anna-v2.jsonl"
    export_bundle(ws.store, "anna", newer)
    report = import_bundle(bob_home.store, newer)
    assert (report.comments_changed, report.comments_unchanged, report.new) == (1, 1, 0)
    root, reply = comments.thread(bob_home.store, t.mention_uuid)
    assert root.resolved and not reply.resolved
    # Bob reopens it in his store afterwards: the older bundle no longer overrides him.
    comments.resolve(bob_home.store, root.id, resolved=False)
    stale = import_bundle(bob_home.store, newer)
    assert stale.comments_conflicting == 1 and stale.comment_conflicts == (t.root.uuid,)
    assert not comments.thread(bob_home.store, t.mention_uuid)[0].resolved


def test_a_reply_without_its_parent_refuses_the_bundle(
    ws: Workspace, bob_home: Workspace, tmp_path: Path
) -> None:
    t = anna_comments_on_bobs_mention(ws, bob_home, tmp_path)
    docs = [orjson.loads(ln) for ln in t.bundle.read_bytes().splitlines()][:-1]
    orphaned = [
        {**d, "comments": [c for c in d.get("comments", []) if c["uuid"] != t.root.uuid]}
        for d in docs[1:]
    ]
    bad = tmp_path / "orphan.jsonl"
    reseal(bad, [docs[0], *orphaned])
    before = row_count(bob_home)
    with pytest.raises(
        BundleError, match=f"comment {t.reply.uuid} replies to comment {t.root.uuid}"
    ):
        import_bundle(bob_home.store, bad)
    assert row_count(bob_home) == before and comment_count(bob_home) == 0
    assert bob_home.annotator_id_of("anna") is None


def test_an_old_bundle_without_comments_still_imports(
    ws: Workspace, bob_home: Workspace, tmp_path: Path
) -> None:
    t = anna_comments_on_bobs_mention(ws, bob_home, tmp_path)
    tag(ws, english_article(ws), "Pakistan", "ACTOR")
    export_bundle(ws.store, "anna", t.bundle)
    docs = [orjson.loads(ln) for ln in t.bundle.read_bytes().splitlines()][:-1]
    old = tmp_path / "old.jsonl"
    reseal(old, [docs[0], *({k: v for k, v in d.items() if k != "comments"} for d in docs[1:])])
    report = import_bundle(bob_home.store, old)
    assert report.new == 1 and report.comments_new == 0 and comment_count(bob_home) == 0
    assert layer_of(bob_home, "anna")["mentions"] == layer_of(ws, "anna")["mentions"]
