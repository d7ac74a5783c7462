"""brat standoff: a folder of ``<stem>.txt`` + ``<stem>.ann`` pairs with annotation.conf
and visual.conf generated from the tagset.

Per layer the stem is ``<article uuid or title slug>-<annotator slug>``. The .txt is the
stored text written with LF only; offsets are code points (brat counts code points).

.ann lines:
- ``T`` every mention, typed by its mention type; a trigger mention becomes a T of its
  event's type (brat's rule), one T per distinct event type using it. A span crossing a
  line break is written as fragments without the break (``T1\tACTOR 0 5;6 9\tab cd``),
  as brat itself does.
- ``E`` events with a trigger: ``E1\tTRANSFER:T3 Supplier:T1 Recipient:T2 Recipient2:T5``
  (repeated role fillers are numbered from 2). brat needs a trigger, so events without
  one are skipped and counted in the notes.
- ``R`` relations (exactly Arg1/Arg2 between T's): for each side the evidence mention when
  it is linked to that side's entity, else the first mention (by offset) of that entity in
  the document; a relation with an entity not mentioned in the document is skipped and
  counted.
- ``A`` attributes whose value is one token (choices, booleans): event status, modality and
  the other choice attributes of events and mentions. Values with spaces, numbers, dates
  and entity references go to ``#`` AnnotatorNotes lines (``key=value; ...``).
- ``N`` ``N1\tReference T1 Armscribe:<entity uuid>\t<entity name>`` for linked mentions.

``read_docs`` reads such a folder (or a .zip of one, checked by ``db.formats.archive``):
every T becomes a mention (T's used as event triggers get the type ``TRIGGER``), E lines
become events with their roles (numbers stripped), R lines relations between the entities
of the N references of their arguments. A lines and the ``key=value`` AnnotatorNotes this
module writes come back as attributes (an event's ``date_start``/``date_end`` as its
dates); any other AnnotatorNotes text as the attribute ``note``. A .txt with CRLF line
ends is read as brat counts it; storing gives it LF and shifts the offsets, as for every
imported layer (``layer_stream.newlines_normalised``). brat has no mention
ids, so readers mint uuid4s (arguments must point at something); a second import of the
same folder makes new rows.
"""

from __future__ import annotations

import re
import uuid as uuid_mod
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from db.formats.archive import DatasetFormatError, read_folder_or_zip, visible_files
from db.formats.model import (
    DatasetDoc,
    DocArgument,
    DocEntity,
    DocEvent,
    DocMention,
    DocRelation,
    ExportSummary,
)
from db.jobs import CancelToken, Progress, no_progress
from db.tagset import Tagset

TRIGGER_TYPE = "TRIGGER"
REFERENCE_DB = "Armscribe"
_TOKEN = re.compile(r"[^\s]+")
_NOTE = re.compile(r"#\w*\tAnnotatorNotes (?P<target>[TER]\d+)\t(?P<text>.*)")
_PAIR = re.compile(r"(\w+)=(.*)")


def _note_attributes(values: dict[str, Any], texts: list[str]) -> None:
    """AnnotatorNotes as attributes: ``key=value; ...`` (what ``export_docs`` writes for
    values an A line cannot hold) as those keys, any other note (a brat user's free
    text) as the attribute ``note``."""
    free: list[str] = []
    for text in texts:
        pairs = [_PAIR.fullmatch(p) for p in text.split("; ")]
        if all(pairs):
            values.update((m[1], m[2]) for m in pairs if m is not None)
        else:
            free.append(text)
    if free:
        values["note"] = "\n".join(free)


_BREAKS = re.compile(r"[\n\r]")


def slug(text: str, fallback: str = "doc") -> str:
    """A file-name-safe slug (letters of any script kept, the rest as ``-``)."""
    out = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_").lower()
    return out[:60] or fallback


def doc_stem(doc: DatasetDoc) -> str:
    """``<article uuid or title slug>-<annotator slug>``."""
    return f"{doc.article_uuid or slug(doc.title)}-{slug(doc.annotator, 'annotator')}"


# ---------------------------------------------------------------------------- export


def export_docs(
    docs: Iterable[DatasetDoc],
    out: Path,
    *,
    tagset: Tagset,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ExportSummary:
    """Write a brat folder at ``out`` (replaced whole, or left untouched on failure)."""
    from db.formats.atomic import atomic_dir

    counts: dict[str, int] = defaultdict(int)
    files: list[str] = []
    articles: set[str] = set()
    stems: set[str] = set()
    with atomic_dir(out) as tmp:
        _write(tmp / "annotation.conf", annotation_conf(tagset))
        _write(tmp / "visual.conf", visual_conf(tagset))
        for n, doc in enumerate(docs, 1):
            if cancel is not None:
                cancel.check()
            stem = doc_stem(doc)
            base, k = stem, 2
            while stem in stems:
                stem, k = f"{base}-{k}", k + 1
            stems.add(stem)
            _write(tmp / f"{stem}.txt", doc.text)
            _write(tmp / f"{stem}.ann", ann_text(doc, counts, tagset))
            files += [f"{stem}.txt", f"{stem}.ann"]
            articles.add(doc.article_uuid or doc.content_hash or doc.title)
            counts["layers"] += 1
            progress(n, 0, doc.title)
    notes = []
    if counts["no_trigger"]:
        notes.append(f"{counts['no_trigger']} events without a trigger skipped (brat needs one)")
    if counts["no_mention"]:
        notes.append(
            f"{counts['no_mention']} relations skipped: an entity is not mentioned in the document"
        )
    if counts["shared_trigger"]:
        notes.append(
            f"{counts['shared_trigger']} trigger spans written twice (events of different types)"
        )
    return ExportSummary(
        articles=len(articles),
        layers=counts["layers"],
        mentions=counts["mentions"],
        events=counts["events"],
        relations=counts["relations"],
        files=("annotation.conf", "visual.conf", *files),
        notes=tuple(notes),
    )


def _write(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) split at line breaks, empty pieces dropped."""
    pieces: list[tuple[int, int]] = []
    at = start
    for m in _BREAKS.finditer(text, start, end):
        if m.start() > at:
            pieces.append((at, m.start()))
        at = m.end()
    if end > at:
        pieces.append((at, end))
    return pieces or [(start, end)]


def _one_line(value: str) -> str:
    return re.sub(r"[\t\n\r]+", " ", value).strip() or "?"


def ann_text(
    doc: DatasetDoc,
    counts: dict[str, int] | None = None,
    tagset: Tagset | None = None,
) -> str:
    """The .ann file of one layer (``counts`` gathers what was written and skipped);
    event roles in the tagset's role order, then by the filler's offset."""
    counts = counts if counts is not None else defaultdict(int)
    lines: list[str] = []
    notes: list[str] = []
    trigger_types: dict[str, list[str]] = defaultdict(list)
    for ev in doc.events:
        if ev.trigger_uuid and ev.type not in trigger_types[ev.trigger_uuid]:
            trigger_types[ev.trigger_uuid].append(ev.type)
    t_of: dict[str, str] = {}  # mention uuid -> T (its own type)
    t_trigger: dict[tuple[str, str], str] = {}  # (mention uuid, event type) -> T
    attr_n = 0
    note_n = 0

    def add_attributes(target: str, values: dict[str, Any]) -> None:
        nonlocal attr_n, note_n
        rest: list[str] = []
        for key, value in values.items():
            if value is None or value is False or value == "":
                continue
            if value is True:
                attr_n += 1
                lines.append(f"A{attr_n}\t{key} {target}")
            elif isinstance(value, str) and _TOKEN.fullmatch(value):
                attr_n += 1
                lines.append(f"A{attr_n}\t{key} {target} {value}")
            else:
                rest.append(f"{key}={value}")
        if rest:
            note_n += 1
            notes.append(f"#{note_n}\tAnnotatorNotes {target}\t{_one_line('; '.join(rest))}")

    t_n = 0
    for m in sorted(doc.mentions, key=lambda m: (m.start, m.end, m.type)):
        pieces = _fragments(doc.text, m.start, m.end)
        spans = ";".join(f"{a} {b}" for a, b in pieces)
        surface = " ".join(doc.text[a:b] for a, b in pieces)
        types = trigger_types.get(m.uuid or "", [])
        if len(types) > 1:
            counts["shared_trigger"] += len(types) - 1
        for type_ in types or [m.type]:
            t_n += 1
            tid = f"T{t_n}"
            lines.append(f"{tid}\t{type_} {spans}\t{surface}")
            if types and m.uuid:
                t_trigger[(m.uuid, type_)] = tid
            if m.uuid and m.uuid not in t_of:
                t_of[m.uuid] = tid
            add_attributes(tid, dict(m.attributes))
        counts["mentions"] += 1

    e_n = 0
    for ev in doc.events:
        trig_t = t_trigger.get((ev.trigger_uuid or "", ev.type))
        if trig_t is None:
            counts["no_trigger"] += 1
            continue
        e_n += 1
        eid = f"E{e_n}"
        seen: dict[str, int] = defaultdict(int)
        args = []
        et = tagset.event_type(ev.type) if tagset is not None else None
        order = {r.name: k for k, r in enumerate(et.roles)} if et is not None else {}
        start_of = {m.uuid: m.start for m in doc.mentions}
        for arg in sorted(
            ev.arguments,
            key=lambda a: (order.get(a.role, len(order)), a.role, start_of.get(a.mention_uuid, 0)),
        ):
            target = t_of.get(arg.mention_uuid)
            if target is None:
                continue
            seen[arg.role] += 1
            n = seen[arg.role]
            args.append(f"{arg.role}{n if n > 1 else ''}:{target}")
        lines.append(f"{eid}\t{ev.type}:{trig_t}" + "".join(f" {a}" for a in args))
        values: dict[str, Any] = {"status": ev.status, "modality": ev.modality}
        values.update(ev.attributes)
        if ev.date_start:
            values["date_start"] = f"{ev.date_start}"
        if ev.date_end:
            values["date_end"] = f"{ev.date_end}"
        add_attributes(eid, values)
        counts["events"] += 1

    first_of: dict[str, str] = {}
    for m in sorted(doc.mentions, key=lambda m: (m.start, m.end)):
        if m.entity_uuid and m.uuid and m.entity_uuid not in first_of:
            first_of[m.entity_uuid] = t_of[m.uuid]
    by_uuid = {m.uuid: m for m in doc.mentions if m.uuid}
    r_n = 0
    for rel in doc.relations:
        evidence = by_uuid.get(rel.evidence_uuid or "")
        ends = []
        for ent in (rel.source_entity_uuid, rel.target_entity_uuid):
            if evidence is not None and evidence.entity_uuid == ent and evidence.uuid in t_of:
                ends.append(t_of[evidence.uuid])
            else:
                ends.append(first_of.get(ent, ""))
        if not all(ends):
            counts["no_mention"] += 1
            continue
        r_n += 1
        lines.append(f"R{r_n}\t{rel.type} Arg1:{ends[0]} Arg2:{ends[1]}")
        counts["relations"] += 1

    n_n = 0
    for m in sorted(doc.mentions, key=lambda m: (m.start, m.end, m.type)):
        if not m.entity_uuid or not m.uuid or m.uuid not in t_of:
            continue
        entity = doc.entities.get(m.entity_uuid)
        name = _one_line(entity.name if entity else m.text)
        n_n += 1
        lines.append(f"N{n_n}\tReference {t_of[m.uuid]} {REFERENCE_DB}:{m.entity_uuid}\t{name}")
    return "".join(f"{line}\n" for line in [*lines, *notes])


def annotation_conf(tagset: Tagset) -> str:
    """brat's annotation.conf for the tagset: entities, relations, events, attributes."""
    out = ["# Generated by Armscribe from the tagset " + _one_line(tagset.name), "[entities]"]
    out += [m.name for m in tagset.mention_types]
    if tagset.mention_type(TRIGGER_TYPE) is None:
        out.append(TRIGGER_TYPE)
    out.append("")
    out.append("[relations]")
    for r in tagset.relation_types:
        out.append(f"{r.name}\tArg1:{'|'.join(r.source)}, Arg2:{'|'.join(r.target)}")
    out.append("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>")
    out.append("")
    out.append("[events]")
    for e in tagset.event_types:
        roles = []
        for role in e.roles:
            mark = (
                ("+" if role.required else "*") if role.multiple else ("" if role.required else "?")
            )
            roles.append(f"{role.name}{mark}:{'|'.join(role.types)}")
        out.append(f"{e.name}\t{', '.join(roles)}" if roles else e.name)
    out.append("")
    out.append("[attributes]")
    args: dict[str, list[str]] = defaultdict(list)
    values: dict[str, list[str]] = defaultdict(list)

    def collect(name: str, owner: str, choices: Iterable[str]) -> None:
        if owner not in args[name]:
            args[name].append(owner)
        for value in choices:
            if value not in values[name]:
                values[name].append(value)

    for attr in tagset.event_attributes:
        if attr.kind == "choice":
            collect(attr.name, "<EVENT>", (c.value for c in attr.choices))
    for e in tagset.event_types:
        for attr in e.attributes:
            if attr.kind == "choice":
                collect(attr.name, e.name, (c.value for c in attr.choices))
    for m in tagset.mention_types:
        for attr in m.attributes:
            if attr.kind == "choice":
                collect(attr.name, m.name, (c.value for c in attr.choices))
    for name, owners in args.items():
        arg = "<EVENT>" if "<EVENT>" in owners else "|".join(owners)
        out.append(f"{name}\tArg:{arg}, Value:{'|'.join(values[name])}")
    return "\n".join(out) + "\n"


def visual_conf(tagset: Tagset) -> str:
    """brat's visual.conf: labels and the tagset's highlight colours."""
    out = ["[labels]"]
    out += [f"{m.name} | {_one_line(m.label)}" for m in tagset.mention_types]
    out += [f"{e.name} | {_one_line(e.label)}" for e in tagset.event_types]
    out += [f"{r.name} | {_one_line(r.label)}" for r in tagset.relation_types]
    out += ["", "[drawing]"]
    out += [f"{m.name}\tbgColor:{m.colour}" for m in tagset.mention_types]
    trigger = tagset.mention_type(TRIGGER_TYPE)
    for e in tagset.event_types:
        out.append(f"{e.name}\tbgColor:{trigger.colour if trigger else '#cccccc'}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------- import


def read_docs(path: Path) -> Iterator[DatasetDoc]:
    """DatasetDocs from a brat folder or a .zip of one (every pair, sorted by name)."""
    path = Path(path)
    yield from read_folder_or_zip(
        path, _read_folder, f"{path} is neither a brat folder nor a .zip of one."
    )


def _read_folder(root: Path) -> Iterator[DatasetDoc]:
    anns = visible_files(root, "*.ann", f"{root.name}: no .ann files found; is this a brat folder?")
    for ann in anns:
        txt = ann.with_suffix(".txt")
        if not txt.is_file():
            raise DatasetFormatError(f"{ann.name} has no {txt.name} beside it.")
        yield parse_pair(txt, ann)


def _read_text(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", newline="") as fh:  # keep \r\n: brat counts it
            return fh.read()
    except UnicodeDecodeError as exc:
        raise DatasetFormatError(f"{path.name} is not UTF-8 text ({exc.reason}).") from None


def parse_pair(txt: Path, ann: Path) -> DatasetDoc:
    """One brat document, strictly: every T's text must equal its slice of the .txt."""
    text = _read_text(txt)
    name = ann.name
    t_spans: dict[str, tuple[str, int, int]] = {}
    refs: dict[str, str] = {}
    ref_names: dict[str, str] = {}
    events: list[tuple[str, str, list[tuple[str, str]]]] = []
    rels: list[tuple[str, str, str]] = []
    attrs: dict[str, dict[str, Any]] = defaultdict(dict)
    notes: dict[str, list[str]] = defaultdict(list)
    for lineno, line in enumerate(_read_text(ann).split("\n"), 1):
        line = line.rstrip("\r")
        if line.startswith("#"):
            note = _NOTE.match(line)
            if note is not None:
                notes[note["target"]].append(note["text"])
            continue
        if not line.strip():
            continue
        where = f"{name} line {lineno}"
        kind = line[0]
        parts = line.split("\t")
        try:
            if kind == "T":
                tid, head, surface = parts[0], parts[1], "\t".join(parts[2:])
                type_, _, span_text = head.partition(" ")
                pieces = [tuple(int(x) for x in p.split(" ")) for p in span_text.split(";")]
                if any(len(p) != 2 for p in pieces):
                    raise ValueError("bad span")
                start, end = pieces[0][0], pieces[-1][1]
                if not 0 <= start < end <= len(text):
                    raise DatasetFormatError(
                        f"{where}: span {start}-{end} is outside the text ({len(text)} characters)."
                    )
                expect = " ".join(text[a:b] for a, b in pieces)
                if expect != surface:
                    raise DatasetFormatError(
                        f"{where}: {tid} says {surface!r} but the text has {expect!r} there."
                    )
                t_spans[tid] = (type_, start, end)
            elif kind == "E":
                words = parts[1].split()
                type_, _, trigger = words[0].partition(":")
                pairs = [w.split(":", 1) for w in words[1:]]
                events.append((parts[0], f"{type_}:{trigger}", [(p[0], p[1]) for p in pairs]))
            elif kind == "R":
                words = parts[1].split()
                rels.append((words[0], words[1].split(":", 1)[1], words[2].split(":", 1)[1]))
            elif kind == "A" or kind == "M":
                words = parts[1].split()
                attrs[words[1]][words[0]] = words[2] if len(words) > 2 else True
            elif kind == "N":
                _, tid, ref = parts[1].split(" ", 2)
                refs[tid] = ref.split(":", 1)[1] if ":" in ref else ref
                ref_names[refs[tid]] = parts[2] if len(parts) > 2 else ref
            else:
                raise DatasetFormatError(f"{where}: unknown annotation {line[:20]!r}.")
        except (IndexError, ValueError) as exc:
            raise DatasetFormatError(f"{where}: malformed line {line[:60]!r} ({exc}).") from None

    for target, texts in notes.items():
        _note_attributes(attrs[target], texts)
    triggers = {e[1].split(":", 1)[1] for e in events}
    mention_uuid: dict[str, str] = {}
    mentions: list[DocMention] = []
    for tid, (type_, start, end) in t_spans.items():
        mention_uuid[tid] = str(uuid_mod.uuid4())
        mentions.append(
            DocMention(
                uuid=mention_uuid[tid],
                start=start,
                end=end,
                type=TRIGGER_TYPE if tid in triggers else type_,
                text=text[start:end],
                entity_uuid=refs.get(tid),
                attributes=dict(attrs.get(tid, {})),
            )
        )
    doc_events: list[DocEvent] = []
    for eid, type_trigger, roles in events:
        type_, trigger = type_trigger.split(":", 1)
        if trigger not in mention_uuid:
            raise DatasetFormatError(f"{name}: {eid} has trigger {trigger}, which is no T.")
        arguments = []
        for role, target in roles:
            if target not in mention_uuid:
                raise DatasetFormatError(f"{name}: {eid} role {role} points at {target}, not a T.")
            arguments.append(
                DocArgument(role=re.sub(r"\d+$", "", role), mention_uuid=mention_uuid[target])
            )
        values = dict(attrs.get(eid, {}))
        status = values.pop("status", None)
        modality = values.pop("modality", None)
        date_start, date_end = values.pop("date_start", None), values.pop("date_end", None)
        doc_events.append(
            DocEvent(
                uuid=None,
                type=type_,
                trigger_uuid=mention_uuid[trigger],
                arguments=tuple(arguments),
                status=status if isinstance(status, str) else None,
                modality=modality if isinstance(modality, str) else None,
                date_start=date_start if isinstance(date_start, str) else None,
                date_end=date_end if isinstance(date_end, str) else None,
                attributes=values,
            )
        )
    relations = []
    for type_, a1, a2 in rels:
        s, t = refs.get(a1), refs.get(a2)
        if s is None or t is None:
            raise DatasetFormatError(
                f"{name}: relation {type_} {a1}-{a2} joins a T without an entity reference (N)."
            )
        relations.append(
            DocRelation(
                uuid=None,
                type=type_,
                source_entity_uuid=s,
                target_entity_uuid=t,
                evidence_uuid=mention_uuid.get(a1),
            )
        )
    kinds = {refs[tid]: t_spans[tid][0] for tid in refs if tid in t_spans}
    entities = {
        u: DocEntity(uuid=u, kind=kinds.get(u, ""), name=ref_names.get(u, u)) for u in kinds
    }
    stem = ann.stem
    return DatasetDoc(
        article_uuid=None,
        content_hash=None,
        title=stem,
        text=text,
        annotator="brat",
        mentions=tuple(sorted(mentions, key=lambda m: (m.start, m.end, m.type))),
        events=tuple(doc_events),
        relations=tuple(relations),
        entities=entities,
        metadata={"source_file": stem},
    )
