"""Checking a layer import's input before a row is written (``_Validator``, fed in parts
in input order with the same result as checking it whole): types the tagset knows (after
``type_map``), spans that fit and match the text, references to mentions in the same
layer, uuids given twice, unknown statuses, a layer given twice, two texts under one
article uuid."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from db.formats.dataset import LayerRows
from db.formats.layer_report import UnknownTypesError
from db.formats.model import DatasetDoc
from db.ops.articles import STATUSES
from db.tagset import Tagset


def _label(doc: DatasetDoc | LayerRows) -> str:
    if isinstance(doc, LayerRows):
        doc = doc.doc
    title = doc.title if len(doc.title) <= 60 else doc.title[:59] + "…"
    return f"article “{title}” ({doc.article_uuid or 'no uuid'}, layer {doc.annotator})"


class _Validator:
    """Checks the input in parts (``feed``, in input order) with the same result as
    checking it whole: ``finish`` gives every problem (unknown types raise
    ``UnknownTypesError`` first)."""

    def __init__(self, tagset: Tagset, tmap: Mapping[str, str], annotator: str | None) -> None:
        self.tagset, self.tmap, self.annotator = tagset, tmap, annotator
        self.mtypes = {m.name for m in tagset.mention_types}
        self.etypes = {e.name: e for e in tagset.event_types}
        self.rtypes = {r.name for r in tagset.relation_types}
        self.unknown: Counter[tuple[str, str]] = Counter()
        self.example: dict[tuple[str, str], str] = {}
        self.problems: list[str] = []
        self.seen_layers: set[tuple[str, str]] = set()
        self.article_hash: dict[str, str] = {}  # content hash per article uuid seen

    def feed(self, docs: Sequence[LayerRows], hashes: Sequence[str]) -> bool:
        """Check ``docs``; False if they added a problem."""
        before = (len(self.problems), sum(self.unknown.values()))
        self._check(docs, hashes)
        return before == (len(self.problems), sum(self.unknown.values()))

    def _check(self, docs: Sequence[LayerRows], hashes: Sequence[str]) -> None:
        tmap, annotator = self.tmap, self.annotator
        mtypes, etypes, rtypes = self.mtypes, self.etypes, self.rtypes
        unknown, example = self.unknown, self.example
        problems, seen_layers, article_hash = self.problems, self.seen_layers, self.article_hash

        def miss(kind: str, name: str, where: str) -> None:
            key = (kind, name)
            unknown[key] += 1
            example.setdefault(key, where)

        for layer, text_hash in zip(docs, hashes, strict=True):
            doc = layer.doc
            label = _label(doc)
            text = doc.text
            n = len(text)
            layer_key = (text_hash, annotator or doc.annotator)
            if layer_key in seen_layers:
                problems.append(f"{label}: the input holds this layer twice.")
            seen_layers.add(layer_key)
            if doc.article_uuid:
                if article_hash.setdefault(doc.article_uuid, text_hash) != text_hash:
                    problems.append(
                        f"{label}: the input holds another text under this article uuid."
                    )
            if doc.status is not None and doc.status not in STATUSES:
                problems.append(f"{label}: unknown status {doc.status!r}.")
            uuids: set[str] = set()
            # the common case in a few tight passes: every type known, every span fits and
            # matches, no uuid twice; only a layer failing them is gone through row by row
            rows = layer.mentions
            given = [r[0] for r in rows if r[0] is not None]
            uuids.update(given)
            if (
                len(uuids) == len(given)
                and all(tmap.get(r[3], r[3]) in mtypes for r in rows)
                and all(0 <= r[1] < r[2] <= n and text[r[1] : r[2]] == r[4] for r in rows)
                and all(r[5] is None or r[5] for r in rows)
            ):
                rows = []
            else:
                uuids = set()
            for u, start, end, mtype, mtext, entity_uuid, _at, _c, _up in rows:
                t = tmap.get(mtype, mtype)
                if t not in mtypes:
                    miss("mention type", mtype, f"“{mtext[:40]}” in {label}")
                if not (0 <= start < end <= n):
                    problems.append(
                        f"{label}: mention {u or ''} [{start}, {end}) {mtype} "
                        f"“{mtext[:40]}” does not fit the text ({n} characters)."
                    )
                elif text[start:end] != mtext:
                    problems.append(
                        f"{label}: mention {u or ''} [{start}, {end}) {mtype} says "
                        f"“{mtext[:40]}” but the text there is “{text[start:end][:40]}”."
                    )
                if u is not None:
                    if u in uuids:
                        problems.append(f"{label}: mention uuid {u} appears twice.")
                    uuids.add(u)
                if entity_uuid is not None and not entity_uuid:
                    problems.append(f"{label}: mention {u} has an empty entity uuid.")
            for e in doc.events:
                t = tmap.get(e.type, e.type)
                et = etypes.get(t)
                if et is None:
                    miss("event type", e.type, label)
                if e.trigger_uuid is not None and e.trigger_uuid not in uuids:
                    problems.append(
                        f"{label}: event {e.uuid} has a trigger {e.trigger_uuid} not in it."
                    )
                for a in e.arguments:
                    role = tmap.get(a.role, a.role)
                    if et is not None and et.role(role) is None:
                        miss("role", f"{t}.{a.role}", label)
                    if a.mention_uuid not in uuids:
                        problems.append(
                            f"{label}: event {e.uuid} role {a.role} points at mention "
                            f"{a.mention_uuid}, which is not in this layer."
                        )
            for r in doc.relations:
                t = tmap.get(r.type, r.type)
                if t not in rtypes:
                    miss("relation type", r.type, label)
                if r.evidence_uuid is not None and r.evidence_uuid not in uuids:
                    problems.append(
                        f"{label}: relation {r.uuid} cites evidence {r.evidence_uuid}, "
                        "which is not in this layer."
                    )

    def finish(self) -> list[str]:
        """Every problem found (raises ``UnknownTypesError`` if a type is unknown)."""
        unknown, example, tagset = self.unknown, self.example, self.tagset
        if unknown:
            lines = [
                f"{kind} {name!r}: {count} time{'s' if count != 1 else ''}, "
                f"e.g. {example[(kind, name)]}"
                for (kind, name), count in sorted(unknown.items(), key=lambda kv: (-kv[1], kv[0]))
            ]
            n = len(unknown)
            raise UnknownTypesError(
                lines,
                f"{n} type{'s' if n != 1 else ''} not in the tagset {tagset.name!r}; "
                "map them (e.g. --map OLD=NEW) or extend the tagset. Nothing was imported:",
            )
        return self.problems


def _validate(
    docs: Sequence[LayerRows],
    hashes: Sequence[str],
    tagset: Tagset,
    tmap: Mapping[str, str],
    annotator: str | None,
) -> list[str]:
    """Every problem of the input (unknown types raise ``UnknownTypesError`` first)."""
    check = _Validator(tagset, tmap, annotator)
    check.feed(docs, hashes)
    return check.finish()
