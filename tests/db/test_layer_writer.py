"""Storing layers from a dataset: type checks with counts, offsets, all or nothing."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from test_formats_jsonl import build_layers

from db import search, text_stats
from db.formats import layer_writer, registry
from db.formats.dataset import iter_documents
from db.formats.layer_writer import LayerImportError, UnknownTypesError, write_documents
from db.formats.model import DatasetDoc, DatasetSelection, DocEntity, DocMention
from db.models import (
    Article,
    ArticleStatus,
    ArticleText,
    Entity,
    Event,
    EventArgument,
    Mention,
    Relation,
)
from db.search import check_index, search_article_ids
from db.workspace import Workspace


def counts(ws: Workspace) -> tuple[int, ...]:
    with ws.store.read() as s:
        return tuple(
            int(s.scalar(select(func.count()).select_from(t)) or 0)
            for t in (Article, Entity, Mention, Event, EventArgument, Relation)
        )


@pytest.fixture
def empty(template_store: Path, tmp_path: Path) -> Workspace:
    path = tmp_path / "empty.sqlite"
    path.write_bytes(template_store.read_bytes())
    return Workspace.open(path, "someone")


def doc(text: str, *mentions: tuple[int, int, str], title: str = "Doc") -> DatasetDoc:
    return DatasetDoc(
        article_uuid=None,
        content_hash=None,
        title=title,
        text=text,
        annotator="importer",
        mentions=tuple(
            DocMention(f"m{i}", a, b, t, text[a:b]) for i, (a, b, t) in enumerate(mentions)
        ),
    )


def test_unknown_types_are_listed_with_counts_and_accepted_when_mapped(empty: Workspace) -> None:
    text = "Rheinmetall ships Boxer vehicles to Qatar. Qatar pays."
    docs = [
        doc(text, (0, 11, "ORG"), (18, 23, "PRODUCT"), (36, 41, "GPE"), (43, 48, "GPE")),
        doc(text + " Again.", (0, 11, "ORG"), (36, 41, "GPE"), title="Second"),
    ]
    before = counts(empty)
    tagset = empty.tagging.tagset
    with pytest.raises(UnknownTypesError) as info:
        write_documents(empty.store, docs, tagset)
    msg = str(info.value)
    assert "mention type 'GPE': 3 times" in msg
    assert "mention type 'ORG': 2 times" in msg
    assert "mention type 'PRODUCT': 1 time," in msg
    assert "“Rheinmetall” in article “Doc”" in msg
    assert counts(empty) == before

    with pytest.raises(UnknownTypesError, match="PRODUCT"):
        write_documents(empty.store, docs, tagset, type_map={"ORG": "ACTOR", "GPE": "ACTOR"})
    report = write_documents(
        empty.store, docs, tagset, type_map={"ORG": "ACTOR", "GPE": "ACTOR", "PRODUCT": "WEAPON"}
    )
    assert (report.articles_created, report.layers, report.mentions) == (2, 2, 6)
    with empty.store.read() as s:
        types = sorted(s.scalars(select(Mention.type)))
    assert types == ["ACTOR"] * 5 + ["WEAPON"]
    # the new articles are searchable like imported ones
    assert [r.title for r in empty.articles()] and empty.store.path
    from db.search import search_article_ids

    with empty.store.read() as s:
        assert len(search_article_ids(s, "Rheinmetall")) == 2


def test_bad_offsets_are_refused_naming_the_article(empty: Workspace) -> None:
    text = "Belarus delivered drones."
    bad_text = replace(doc(text, (0, 7, "ACTOR")), title="Drone story")
    wrong = replace(bad_text.mentions[0], text="Belaru")
    beyond = DocMention("m9", 20, 40, "WEAPON", "drones.")
    broken = replace(bad_text, mentions=(wrong, beyond))
    before = counts(empty)
    with pytest.raises(LayerImportError) as info:
        write_documents(empty.store, [broken], empty.tagging.tagset)
    msg = str(info.value)
    assert "article “Drone story”" in msg
    assert "says “Belaru” but the text there is “Belarus”" in msg
    assert "[20, 40) WEAPON “drones.” does not fit the text (25 characters)" in msg
    assert counts(empty) == before


def test_failing_import_changes_nothing_and_entities_keep_uuids(
    ws: Workspace, bob: Workspace, empty: Workspace
) -> None:
    build_layers(ws, bob)
    docs = list(iter_documents(ws.store, DatasetSelection()))
    # a second, broken layer at the end: the good ones before it must not be stored
    bad = replace(
        docs[0], annotator="late", mentions=(DocMention("x", 0, 3, "NOPE", docs[0].text[:3]),)
    )
    before = counts(empty)
    with pytest.raises(UnknownTypesError, match="NOPE"):
        write_documents(empty.store, [*docs, bad], empty.tagging.tagset)
    assert counts(empty) == before
    # a mention linking an entity that exists nowhere
    ghost = replace(
        docs[0],
        annotator="ghost",
        entities={},
        mentions=(
            replace(docs[0].mentions[0], entity_uuid="00000000-0000-0000-0000-000000000000"),
        ),
        events=(),
        relations=(),
    )
    with pytest.raises(LayerImportError, match="neither in the input nor in the store"):
        write_documents(empty.store, [ghost], empty.tagging.tagset)
    assert counts(empty) == before

    report = write_documents(empty.store, docs, empty.tagging.tagset)
    weapon = next(e for d in docs for e in d.entities.values() if e.name == "Belarusian weapons")
    with empty.store.read() as s:
        assert s.scalar(select(Entity.name).where(Entity.uuid == weapon.uuid)) == weapon.name
    assert report.entities_created == 1
    # the same layers again under the same names: refused, nothing added
    after = counts(empty)
    with pytest.raises(LayerImportError, match="already has annotations"):
        write_documents(empty.store, docs, empty.tagging.tagset)
    assert counts(empty) == after
    # ... accepted under another name, with fresh annotation uuids
    again = write_documents(empty.store, docs, empty.tagging.tagset, annotator="copy")
    assert again.uuids_renewed > 0
    assert (again.articles_created, again.articles_matched, again.layers) == (0, 3, 3)
    # an entity uuid that exists with other fields: the store's is kept and reported
    renamed = DocEntity(weapon.uuid, "WEAPON", "Renamed weapons", "other")
    third = [replace(d, entities={**d.entities, weapon.uuid: renamed}) for d in docs]
    rep3 = write_documents(empty.store, third, empty.tagging.tagset, annotator="third")
    assert rep3.entities_differing == [weapon.uuid]
    with empty.store.read() as s:
        assert s.scalar(select(Entity.name).where(Entity.uuid == weapon.uuid)) == weapon.name


def test_bulk_rows_name_every_column_of_their_table() -> None:
    """The SQLite fast path inserts named columns without SQLAlchemy's Python defaults:
    a column added to one of these models with a default or NOT NULL must be added to
    its list too (a nullable one without a default may stay out: it is NULL)."""
    for model, cols in (
        (Article, layer_writer.ARTICLE_COLS),
        (ArticleText, ("article_id", "title", "text")),
        (Entity, layer_writer.ENTITY_COLS),
        (Mention, layer_writer.MENTION_COLS),
        (Event, layer_writer.EVENT_COLS),
        (EventArgument, layer_writer.ARGUMENT_COLS),
        (Relation, layer_writer.RELATION_COLS),
        (ArticleStatus, layer_writer.STATUS_COLS),
    ):
        table = model.__table__
        names = {c.name for c in table.c} - {"id"}
        missing = {
            n
            for n in names - set(cols)
            if table.c[n].server_default is None
            and (table.c[n].default is not None or not table.c[n].nullable)
        }
        assert not missing, (model.__name__, missing)
        assert set(cols) <= names, model.__name__


def test_timestamps_and_attributes_are_stored_as_the_orm_reads_them(empty: Workspace) -> None:
    text = "Belarus delivered drones to Qatar."
    attrs = {"designation": "Bayraktar TB2 – ü", "nested": {"b": [1, None], "a": True}}
    given = DatasetDoc(
        article_uuid=None,
        content_hash=None,
        title="Stamps",
        text=text,
        annotator="importer",
        status="done",
        mentions=(
            DocMention(
                "m1",
                0,
                7,
                "ACTOR",
                "Belarus",
                attributes=attrs,
                created_at="2020-07-12T10:00:00.123456Z",
                updated_at="2020-07-12T12:30:00+02:00",
            ),
            DocMention("m2", 18, 24, "WEAPON", "drones"),
        ),
    )
    before = datetime.now(UTC).replace(tzinfo=None) - timedelta(seconds=5)
    write_documents(empty.store, [given], empty.tagging.tagset)
    with empty.store.read() as s:
        first, second = s.scalars(select(Mention).order_by(Mention.start)).all()
        status = s.scalar(select(ArticleStatus.status))
    assert first.attributes == attrs and second.attributes == {}
    assert first.created_at.replace(tzinfo=None) == datetime(2020, 7, 12, 10, 0, 0, 123456)
    assert first.updated_at.replace(tzinfo=None) == datetime(2020, 7, 12, 10, 30)
    assert second.created_at.replace(tzinfo=None) >= before  # none given: the import's time
    assert status == "done"
    (doc,) = iter_documents(empty.store, DatasetSelection(annotators=("importer",)))
    m1 = doc.mentions[0]
    assert (m1.created_at, m1.updated_at) == (
        "2020-07-12T10:00:00.123456Z",
        "2020-07-12T10:30:00.000000Z",
    )
    assert m1.attributes == attrs


@settings(max_examples=300, deadline=None)
@given(
    sample=st.text(alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Z")))
)
def test_word_count_counts_what_the_word_regex_finds(sample: str) -> None:
    """The byte-table count gives what ``add_articles`` stores: ``\\w+`` runs, with
    accents, combining marks, digits of other scripts, dashes and emoji."""
    assert text_stats.word_count(sample) == len(re.findall(r"\w+", sample))


def test_word_count_on_fixed_texts() -> None:
    for sample, n in (
        ("café—naïve 5€ a_b", 4),
        ("e\u0301t\u00e9 ٣٤ 五月 😀x", 5),
        (" _ ", 1),
        ("", 0),
    ):
        assert text_stats.word_count(sample) == len(re.findall(r"\w+", sample)) == n


def test_bulk_search_indexing_finds_the_articles_and_keeps_the_index_settings(
    empty: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many new articles are indexed with a larger FTS5 buffer; afterwards the index
    finds every one, passes its integrity check, and its settings are as before."""
    monkeypatch.setattr(search, "FTS_BULK_FROM", 2)
    docs = [
        doc(f"Qatar ordered {n} drones from Belarus.", (0, 5, "ACTOR"), title=f"Order {n}")
        for n in ("zebrafive", "zebrasix", "zebraseven")
    ]
    report = write_documents(empty.store, docs, empty.tagging.tagset)
    assert report.articles_created == 3
    with empty.store.read() as s:
        assert len(search_article_ids(s, "zebra")) == 3
        assert search_article_ids(s, "zebrasix") == [
            s.scalar(select(Article.id).where(Article.title == "Order zebrasix"))
        ]
        assert check_index(s) == []
        config = dict(s.execute(text("SELECT k, v FROM article_fts_config")).all())
    assert "hashsize" not in config


def test_crlf_texts_are_stored_with_newlines_and_their_mentions_moved(empty: Workspace) -> None:
    """Other tools' exports count the \\r of Windows line ends; the store keeps \\n only
    (the article view reads \\r\\n as one break), so offsets move with the text."""
    text = "Rheinmetall liefert.\r\nQatar kauft\r\nBoxer.\rEnde"
    spans = [[text.index(w), text.index(w) + len(w), "ACTOR"] for w in ("Qatar", "Ende")]
    across = [text.index("kauft"), text.index("Boxer") + 5, "WEAPON"]  # spans a \r\n
    path = empty.store.path.with_name("crlf.jsonl")  # type: ignore[union-attr]
    path.write_text(json.dumps({"text": text, "label": [*spans, across]}) + "\n", "utf-8")
    report = registry.import_(empty.store, "doccano", path, empty.tagging.tagset)
    (aid,) = report.article_ids
    doc = empty.article(aid)
    assert doc is not None and "\r" not in doc.text
    assert doc.text == "Rheinmetall liefert.\nQatar kauft\nBoxer.\nEnde"
    layer = empty.annotator_id_of("doccano")
    got = sorted(doc.text[m.start : m.end] for m in empty.tagging.annotations(aid, layer).mentions)
    assert got == ["Ende", "Qatar", "kauft\nBoxer"]
