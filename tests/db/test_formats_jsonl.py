"""Armscribe JSONL: lossless round trips, selections, and a malformed file named by line."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from layer_helpers import entity_id, span_of, tag, text_of
from sqlalchemy import update

from db.corpus.draft import ArticleDraft
from db.formats import jsonl
from db.formats.archive import DatasetFormatError
from db.formats.dataset import count_documents, iter_documents
from db.formats.layer_writer import UnknownTypesError, write_documents
from db.formats.model import DatasetSelection
from db.jobs import Cancelled, CancelToken
from db.models import Annotator
from db.ops.articles import add_articles
from db.search import check_index, search_article_ids
from db.workspace import Workspace

BELARUS = "Datenleck zeigt"
# Emoji (with ZWJ and skin tone), a combining mark, Armenian, and text that came in with
# CRLF newlines (stored normalised to "\n", as the importer does).
TRICKY = (
    "🇧🇾👍🏽👨\u200d👩\u200d👧 Cafe\u0301 Հայաստան\r\n"
    "Belarus übertrug 12 Drohnen an Aserbaidschan.\r\n"
).replace("\r\n", "\n")


def article_with(ws: Workspace, phrase: str) -> int:
    found = [r.id for r in ws.articles() if phrase in text_of(ws, r.id)]
    assert len(found) == 1, phrase
    return found[0]


def build_layers(ws: Workspace, bob: Workspace) -> dict[str, int]:
    """Anna: a TRANSFER with arguments, attributes, a relation, status done, on the Belarus
    article and on a tricky-text article. Bob: one mention elsewhere. A curated layer."""
    art = article_with(ws, BELARUS)
    t = ws.tagging
    belarus, azer, armenia = (entity_id(ws, n) for n in ("Belarus", "Azerbaijan", "Armenia"))
    sup = tag(ws, art, "Belarus übertrug", "ACTOR", belarus)
    # the first mention covers two words; shrink it to "Belarus" (a real edit path)
    a, _ = span_of(ws, art, "Belarus übertrug")
    t.set_mention_span(sup, a, a + len("Belarus"))
    rec = tag(ws, art, "Aserbaidschan", "ACTOR", azer, nth=1)
    weapon = tag(ws, art, "neuesten Waffen", "WEAPON")
    t.create_entity("WEAPON", "Belarusian weapons", subtype="other", link_mention_id=weapon)
    t.set_mention_attributes(weapon, {"specificity": "generic", "designation": "Waffen"})
    s0, e0 = span_of(ws, art, "übertrug")
    ev = t.create_event_at(art, "TRANSFER", s0, e0).created[0]
    for role, mid in (("Supplier", sup), ("Recipient", rec), ("Weapon", weapon)):
        t.set_argument(ev, role, mid)
    t.set_event_attributes(
        ev, {"status": "delivered", "modality": "asserted", "date": "2020", "note": "Politico"}
    )
    arm = tag(ws, art, "Armenien", "ACTOR", armenia)
    t.add_relation("ALLY_OF", belarus, armenia, article_id=art, evidence_mention_id=arm)
    ws.set_status(art, "done")

    with ws.store.write() as s:
        (tricky,) = add_articles(
            s, [ArticleDraft(text=TRICKY, title="Tricky ☃", origin="t")]
        ).added_ids
    tag(ws, tricky, "Հայաստան", "LOCATION")
    tag(ws, tricky, "Belarus", "ACTOR", belarus)
    tag(ws, tricky, "Cafe\u0301", "ACTOR")
    tag(ws, tricky, "12", "QUANTITY")

    other = article_with(ws, "Azernews")
    tag(bob, other, "Ismail Demir", "ACTOR")
    bob.set_status(other, "in_progress")

    gold = Workspace.open(ws.store.path, "gold")  # type: ignore[arg-type]
    with gold.store.write() as s:
        s.execute(update(Annotator).where(Annotator.name == "gold").values(role="curated"))
    tag(gold, art, "Belarus übertrug", "ACTOR", belarus)
    gold.close()
    return {"belarus": art, "tricky": tricky, "other": other, "transfer": ev}


def export_all(ws: Workspace, out: Path, sel: DatasetSelection | None = None) -> bytes:
    sel = sel or DatasetSelection(curated=True)
    jsonl.export_docs(iter_documents(ws.store, sel), out, tagset=ws.tagging.tagset)
    return out.read_bytes()


def test_round_trip_is_byte_identical(
    ws: Workspace, bob: Workspace, template_store: Path, tmp_path: Path
) -> None:
    build_layers(ws, bob)
    first = export_all(ws, tmp_path / "a.jsonl")
    lines = first.splitlines()
    assert orjson.loads(lines[0])["format"] == "armscribe-jsonl"
    docs = [orjson.loads(x) for x in lines[1:]]
    assert {d["annotator"] for d in docs} == {"anna", "bob", "gold"}
    tricky = next(d for d in docs if d["title"] == "Tricky ☃")
    assert "\r" not in tricky["text"]
    assert {m["text"] for m in tricky["mentions"]} == {"Հայաստան", "Belarus", "Cafe\u0301", "12"}
    for m in tricky["mentions"]:
        assert tricky["text"][m["start"] : m["end"]] == m["text"]
    transfer = next(e for d in docs for e in d["events"] if e["type"] == "TRANSFER")
    assert transfer["status"] == "delivered" and transfer["attributes"]["note"] == "Politico"
    assert {a["role"] for a in transfer["arguments"]} == {"Supplier", "Recipient", "Weapon"}

    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(template_store.read_bytes())
    other = Workspace.open(empty, "someone")
    try:
        report = write_documents(
            other.store, jsonl.read_docs(tmp_path / "a.jsonl"), other.tagging.tagset
        )
        assert report.layers == len(docs)
        assert report.articles_created == 3 and report.relations == 1
        assert report.entities_created == 1  # the weapon; the gazetteer's are matched by uuid
        second = export_all(other, tmp_path / "b.jsonl")
    finally:
        other.close()
    assert second == first


def test_selection_by_annotator_curated_status_types_and_ids(
    ws: Workspace, bob: Workspace, tmp_path: Path
) -> None:
    ids = build_layers(ws, bob)

    def layers(sel: DatasetSelection) -> list[tuple[str, str]]:
        docs = list(iter_documents(ws.store, sel))
        assert count_documents(ws.store, sel) == len(docs)
        return [(d.annotator, d.title[:12]) for d in docs]

    everyone = layers(DatasetSelection())
    assert {a for a, _ in everyone} == {"anna", "bob"}  # analysts only by default
    assert {a for a, _ in layers(DatasetSelection(annotators=("bob",)))} == {"bob"}
    assert {a for a, _ in layers(DatasetSelection(annotators=(), curated=True))} == {"gold"}
    assert {a for a, _ in layers(DatasetSelection(curated=True))} == {"anna", "bob", "gold"}
    done = list(iter_documents(ws.store, DatasetSelection(statuses=frozenset({"done"}))))
    assert [(d.annotator, d.status) for d in done] == [("anna", "done")]
    only = list(iter_documents(ws.store, DatasetSelection(article_ids=frozenset({ids["tricky"]}))))
    assert [d.title for d in only] == ["Tricky ☃"]
    weapons = list(
        iter_documents(
            ws.store,
            DatasetSelection(
                annotators=("anna",),
                article_ids=frozenset({ids["belarus"]}),
                mention_types=frozenset({"WEAPON", "ACTOR"}),
                event_types=frozenset({"TRANSFER"}),
            ),
        )
    )
    (doc,) = weapons
    assert {m.type for m in doc.mentions} == {"WEAPON", "ACTOR"}
    (event,) = doc.events
    assert event.trigger_uuid is None  # the TRIGGER mention was left out
    assert {a.role for a in event.arguments} == {"Supplier", "Recipient", "Weapon"}
    no_events = list(
        iter_documents(
            ws.store,
            DatasetSelection(annotators=("anna",), event_types=frozenset({"OFFER"})),
        )
    )
    assert all(d.events == () for d in no_events)


def test_order_is_by_published_then_uuid(ws: Workspace, bob: Workspace) -> None:
    build_layers(ws, bob)
    docs = list(iter_documents(ws.store, DatasetSelection(curated=True)))
    keys = [(d.metadata.get("published") or "", d.article_uuid) for d in docs]
    assert keys == sorted(keys)


def test_malformed_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    good = {"title": "t", "text": "abc", "annotator": "x"}
    path.write_bytes(
        b'{"format": "armscribe-jsonl", "version": 1}\n' + orjson.dumps(good) + b"\n{not json\n"
    )
    with pytest.raises(DatasetFormatError, match=r"bad\.jsonl:3"):
        list(jsonl.read_docs(path))
    path.write_bytes(orjson.dumps(good) + b"\n" + orjson.dumps({"title": "t"}) + b"\n")
    with pytest.raises(DatasetFormatError, match=r"bad\.jsonl:2: .*text"):
        list(jsonl.read_docs(path))


def test_cancelled_export_leaves_no_file(ws: Workspace, bob: Workspace, tmp_path: Path) -> None:
    build_layers(ws, bob)
    token = CancelToken()
    token.cancel()
    out = tmp_path / "out" / "x.jsonl"
    with pytest.raises(Cancelled):
        jsonl.export_docs(
            iter_documents(ws.store, DatasetSelection(), cancel=token),
            out,
            tagset=ws.tagging.tagset,
            cancel=token,
        )
    assert not out.exists()
    assert list(out.parent.iterdir()) == []  # no temporary file left either


def test_bulk_paths_write_the_same_bytes_as_the_dataclass_paths(
    ws: Workspace, bob: Workspace, template_store: Path, tmp_path: Path
) -> None:
    """The JSONL writer takes ``iter_documents``' tuples directly; a list of the same
    ``DatasetDoc``s (the path every other caller takes) gives the same file, also with
    type filters; ``read_layers`` and ``read_docs`` read the same layers back."""
    build_layers(ws, bob)
    for sel in (
        DatasetSelection(curated=True),
        DatasetSelection(mention_types=frozenset({"ACTOR", "WEAPON"})),
    ):
        fast = export_all(ws, tmp_path / "fast.jsonl", sel)
        jsonl.export_docs(
            list(iter_documents(ws.store, sel)), tmp_path / "docs.jsonl", tagset=ws.tagging.tagset
        )
        assert fast == (tmp_path / "docs.jsonl").read_bytes()
    first = export_all(ws, tmp_path / "a.jsonl")
    layers = list(jsonl.read_layers(tmp_path / "a.jsonl"))
    docs = list(jsonl.read_docs(tmp_path / "a.jsonl"))
    assert [layer.to_doc() for layer in layers] == docs
    assert sum(len(layer.mentions) for layer in layers) == sum(len(d.mentions) for d in docs) > 5

    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(template_store.read_bytes())
    other = Workspace.open(empty, "someone")
    try:
        report = write_documents(other.store, iter(layers), other.tagging.tagset)
        assert report.relations == 1 and report.events == 1
        again = export_all(other, tmp_path / "b.jsonl")
    finally:
        other.close()
    assert again == first


def test_mentions_without_optional_fields_are_read_alike(tmp_path: Path) -> None:
    """A file from another tool may leave out a mention's uuid, entity, attributes and
    timestamps: both readers take it, with the same values."""
    path = tmp_path / "sparse.jsonl"
    full = {"uuid": "m1", "start": 0, "end": 5, "type": "ACTOR", "text": "Qatar"}
    full |= {"entity_uuid": None, "attributes": {"a": 1}, "created_at": None}
    full["updated_at"] = "2020-01-01T00:00:00.000000Z"
    sparse = {"start": 6, "end": 13, "type": "WEAPON", "text": "drones."[:7]}
    line = {"title": "t", "text": "Qatar drones.", "annotator": "x", "mentions": [full, sparse]}
    path.write_bytes(orjson.dumps(line) + b"\n  \n")
    (layer,) = jsonl.read_layers(path)
    (doc,) = jsonl.read_docs(path)
    assert layer.to_doc() == doc
    assert layer.mentions == [
        ("m1", 0, 5, "ACTOR", "Qatar", None, {"a": 1}, None, "2020-01-01T00:00:00.000000Z"),
        (None, 6, 13, "WEAPON", "drones.", None, {}, None, None),
    ]


def _store_rows(ws: Workspace) -> dict[str, int]:
    """Row counts of every table an import writes to (the search index included)."""
    raw = ws.store.engine.raw_connection()
    try:
        return {
            table: raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in (
                "articles",
                "article_texts",
                "article_fts_docsize",
                "annotators",
                "mentions",
                "article_status",
            )
        }
    finally:
        raw.close()


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        (b"{not json", DatasetFormatError, r"big\.jsonl:9000: not valid JSON"),
        (
            orjson.dumps(
                {
                    "title": "t",
                    "text": "Belarus",
                    "annotator": "late",
                    "mentions": [{"start": 0, "end": 7, "type": "NOPE", "text": "Belarus"}],
                }
            ),
            UnknownTypesError,
            r"mention type 'NOPE': 1 time",
        ),
    ],
)
def test_a_bad_line_late_in_a_big_file_stores_nothing(
    ws: Workspace, tmp_path: Path, bad: bytes, error: type[Exception], message: str
) -> None:
    """Reading and storing overlap (the first parts are stored while line 9,000 is
    still unread): a bad line there still leaves the store as it was."""
    path = tmp_path / "big.jsonl"
    lines = [b'{"format": "armscribe-jsonl", "version": 1}']
    for i in range(2, 9100):
        if i == 9000:
            lines.append(bad)
            continue
        text = f"Belarus sold {i} drones."
        layer = {
            "title": f"Layer {i}",
            "text": text,
            "annotator": "bulk",
            "status": "done",
            "mentions": [{"start": 0, "end": 7, "type": "ACTOR", "text": "Belarus"}],
        }
        lines.append(orjson.dumps(layer))
    path.write_bytes(b"\n".join(lines) + b"\n")
    before = _store_rows(ws)
    with pytest.raises(error, match=message):
        write_documents(ws.store, jsonl.read_layers(path), ws.tagging.tagset)
    assert _store_rows(ws) == before
    with ws.store.read() as s:
        assert search_article_ids(s, "drones") == []
        assert check_index(s) == []
    # the same file without the bad line is stored whole (so the parts before it were
    # being stored, not skipped)
    del lines[9000 - 1]
    path.write_bytes(b"\n".join(lines) + b"\n")
    report = write_documents(ws.store, jsonl.read_layers(path), ws.tagging.tagset)
    assert report.layers == report.articles_created == 9097
    assert _store_rows(ws)["mentions"] == before["mentions"] + 9097
    with ws.store.read() as s:
        assert len(search_article_ids(s, "drones", limit=20_000)) == 9097
        assert check_index(s) == []


@pytest.mark.parametrize("part", [1, 2])
def test_import_in_small_parts_stores_what_one_part_stores(
    ws: Workspace,
    bob: Workspace,
    template_store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    part: int,
) -> None:
    """Layers of one article in different parts (read while earlier parts are stored)
    share one article; the report and the store are as when all is one part."""
    from db.formats import layer_stream

    build_layers(ws, bob)
    first = export_all(ws, tmp_path / "a.jsonl")
    results = []
    for size in (part, 10_000):
        monkeypatch.setattr(layer_stream, "STREAM_DOCS", size)
        target = tmp_path / f"parts-{size}.sqlite"
        target.write_bytes(template_store.read_bytes())
        other = Workspace.open(target, "someone")
        try:
            report = write_documents(
                other.store, jsonl.read_layers(tmp_path / "a.jsonl"), other.tagging.tagset
            )
            again = export_all(other, tmp_path / f"b-{size}.jsonl")
        finally:
            other.close()
        results.append((report, again))
    (small, small_bytes), (whole, whole_bytes) = results
    assert small_bytes == whole_bytes == first
    assert small == whole
    assert small.articles_created == 3
