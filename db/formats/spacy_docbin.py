"""spaCy ``.spacy`` (a ``DocBin``), read with ``DocBin().from_disk(p).get_docs(nlp.vocab)``.

Per layer one ``Doc``, tokenised by ``spacy.blank(lang)`` for the article's language
(``metadata["language"]``; ``"xx"`` when missing or when spaCy has no such language).
Tokens are then split at every mention boundary that falls inside a spaCy token (the doc
is rebuilt from the split words with the original spacing), so every span is exactly
token-aligned (``alignment_mode="strict"`` works) and ``span.text`` equals the mention; the
number of mentions that needed a split is in the notes.

- ``doc.spans["mentions"]``: every mention, labelled by type (overlaps allowed).
- ``doc.ents``: the non-overlapping entity mentions, TRIGGER left out, overlaps resolved
  longest first, then earliest (``db.formats.conll.non_overlapping``); dropped ones counted.
- ``doc.spans["events"]``: each event's trigger span labelled by the event type;
  ``doc.spans["args"]``: each argument's span labelled ``"TYPE.Role"``.
- ``doc.user_data["armscribe"]``: article uuid, title, annotator, status and the events
  (uuid, type, trigger index into ``events``, arguments as (role, index into ``args``)).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.formats.conll import non_overlapping
from db.formats.model import DatasetDoc, ExportSummary
from db.jobs import CancelToken, Progress, no_progress
from db.tagset import Tagset

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

USER_DATA_KEY = "armscribe"


def blank_nlp(lang: str | None, cache: dict[str, Language]) -> Language:
    """``spacy.blank(lang)``, or the multi-language ``xx`` when spaCy lacks ``lang``."""
    import spacy

    key = (lang or "xx").lower().split("-")[0].split("_")[0]
    if key not in cache:
        try:
            cache[key] = spacy.blank(key)
        except Exception:  # unknown code, or a language needing an extra package
            cache[key] = cache.get("xx") or spacy.blank("xx")
    return cache[key]


def aligned_doc(nlp: Language, text: str, boundaries: Iterable[int]) -> tuple[Doc, int]:
    """A Doc of ``text`` whose tokens break at every boundary; and how many tokens split."""
    from spacy.tokens import Doc

    doc = nlp.make_doc(text)
    cuts = sorted(set(boundaries))
    if not cuts:
        return doc, 0
    words: list[str] = []
    spaces: list[bool] = []
    split = 0
    i = 0
    for tok in doc:
        start, end = tok.idx, tok.idx + len(tok.text)
        while i < len(cuts) and cuts[i] <= start:
            i += 1
        at = start
        while i < len(cuts) and cuts[i] < end:
            words.append(text[at : cuts[i]])
            spaces.append(False)
            at = cuts[i]
            i += 1
            split += 1
        words.append(text[at:end])
        spaces.append(bool(tok.whitespace_))
    if not split:
        return doc, 0
    rebuilt = Doc(nlp.vocab, words=words, spaces=spaces)
    return rebuilt, split


def export_docs(
    docs: Iterable[DatasetDoc],
    out: Path,
    *,
    tagset: Tagset,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ExportSummary:
    """Write a ``.spacy`` DocBin of every layer."""
    from spacy.tokens import DocBin, Span

    from db.formats.atomic import atomic_file

    cache: dict[str, Language] = {}
    bin_ = DocBin(store_user_data=True)
    layers = mentions = events = split_mentions = dropped = unaligned = 0
    articles: set[str] = set()
    for n, dd in enumerate(docs, 1):
        if cancel is not None:
            cancel.check()
        nlp = blank_nlp(dd.metadata.get("language"), cache)
        doc, _ = aligned_doc(nlp, dd.text, (b for m in dd.mentions for b in (m.start, m.end)))
        spans: dict[str, Span] = {}
        plain = nlp.make_doc(dd.text) if dd.mentions else None
        for m in dd.mentions:
            span = doc.char_span(m.start, m.end, label=m.type, alignment_mode="strict")
            if span is None:  # only possible for a span of whitespace spaCy kept in a token
                span = doc.char_span(m.start, m.end, label=m.type, alignment_mode="expand")
                unaligned += 1
            if span is None:
                continue
            if plain is not None and plain.char_span(m.start, m.end) is None:
                split_mentions += 1
            spans[m.uuid or f"#{len(spans)}"] = span
        doc.spans["mentions"] = list(spans.values())
        kept, d, _ = non_overlapping(dd.mentions)
        dropped += d
        doc.ents = [spans[m.uuid] for m in kept if m.uuid in spans]
        triggers: list[Span] = []
        args: list[Span] = []
        event_data: list[dict[str, Any]] = []
        for ev in dd.events:
            trig = spans.get(ev.trigger_uuid or "")
            t_index = None
            if trig is not None:
                t_index = len(triggers)
                triggers.append(Span(doc, trig.start, trig.end, label=ev.type))
            arg_data = []
            for arg in ev.arguments:
                target = spans.get(arg.mention_uuid)
                if target is None:
                    continue
                arg_data.append([arg.role, len(args)])
                args.append(Span(doc, target.start, target.end, label=f"{ev.type}.{arg.role}"))
            event_data.append(
                {
                    "uuid": ev.uuid,
                    "type": ev.type,
                    "trigger": t_index,
                    "arguments": arg_data,
                    "status": ev.status,
                    "modality": ev.modality,
                }
            )
        doc.spans["events"] = triggers
        doc.spans["args"] = args
        doc.user_data[USER_DATA_KEY] = {
            "article_uuid": dd.article_uuid,
            "title": dd.title,
            "annotator": dd.annotator,
            "status": dd.status,
            "mention_uuids": [m.uuid for m in dd.mentions if (m.uuid or "") in spans],
            "events": event_data,
        }
        bin_.add(doc)
        layers += 1
        mentions += len(spans)
        events += len(dd.events)
        articles.add(dd.article_uuid or dd.content_hash or dd.title)
        progress(n, 0, dd.title)
    with atomic_file(out, "wb") as fh:
        fh.write(bin_.to_bytes())
    notes = []
    if split_mentions:
        notes.append(
            f"{split_mentions} mentions began or ended inside a spaCy token; those tokens were "
            "split so every span is token-aligned"
        )
    if unaligned:
        notes.append(f"{unaligned} mentions of only spaces were widened to whole tokens")
    if dropped:
        notes.append(
            f"{dropped} overlapping mentions left out of doc.ents (longest first, then "
            "earliest); all are in doc.spans['mentions']"
        )
    return ExportSummary(
        articles=len(articles),
        layers=layers,
        mentions=mentions,
        events=events,
        files=(Path(out).name,),
        notes=tuple(notes),
    )
