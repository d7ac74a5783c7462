"""The annotators API of the workspace: list, rename, look up, the curated layer."""

from __future__ import annotations

import pytest

from db.review.align import ReviewError
from db.workspace import AnnotatorRow, Workspace


def test_annotators_are_listed_renamed_and_found(ws: Workspace, bob: Workspace) -> None:
    rows = ws.annotators()
    assert AnnotatorRow(ws.annotator_id, "anna", "anna", "analyst") in rows
    assert AnnotatorRow(bob.annotator_id, "bob", "bob", "analyst") in rows
    changes = bob.rename_me("  Bob   Keller ")
    assert changes.annotators
    # Anna's workspace sees Bob's new name; his login name stays.
    mine = {a.name: a for a in ws.annotators()}
    assert mine["bob"].display_name == "Bob Keller"
    assert ws.annotator_id_of("bob") == bob.annotator_id
    assert ws.annotator_id_of("nobody") is None
    with pytest.raises(ReviewError):
        bob.rename_me("   ")
    assert {a.name: a for a in ws.annotators()}["bob"].display_name == "Bob Keller"


def test_the_curated_layer_is_listed_last(ws: Workspace, bob: Workspace) -> None:
    cid = ws.curated_id()
    assert bob.curated_id() == cid
    rows = ws.annotators()
    assert rows[-1] == AnnotatorRow(cid, "curated", "Curated", "curated")
    assert [r.role for r in rows].count("curated") == 1
    assert ws.annotator_id_of("curated") == cid
