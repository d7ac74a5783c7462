"""CoNLL-2003-style IOB2: one ``token TAG`` line per token, a blank line between
sentences, ``-DOCSTART- O`` (and a blank line) before each document.

Tokenisation (``tokenize``), shared with span JSONL: a token is a run of word characters
(with any combining marks, variation selectors and emoji modifiers that follow), or one
other non-space character with its modifiers (an emoji with its skin tone, a ZWJ
sequence or a flag stays one token). Tokens are then split at every written mention's boundary,
so each mention covers whole tokens and its text is exactly rebuilt.

Sentences end at a line break, or after ``.``, ``!``, ``?`` or ``…`` when the next token
starts with an upper-case letter, a digit or a quote; never inside a written mention.

Only one tag per token: overlapping mentions are resolved by ``non_overlapping`` (longest
first, then earliest, then type name), the dropped ones counted in the notes. Trigger
mentions (``TRIGGER``) state events, not entities, and are left out (counted too).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from db.formats.model import DatasetDoc, DocMention, ExportSummary
from db.jobs import CancelToken, Progress, no_progress
from db.tagset import Tagset

TRIGGER_TYPE = "TRIGGER"
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0900-\u0903"
    "\u093a-\u094f\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u200d\u20d0-\u20ff\ufe00-\ufe0f"
    "\ufe20-\ufe2f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
)
TOKEN_RE = re.compile(
    r"[\U0001f1e6-\U0001f1ff]{2}"  # a flag: two regional indicators
    rf"|\w[\w{_MARKS}]*"  # a word with its combining marks
    rf"|[^\w\s{_MARKS}][{_MARKS}]*(?:\u200d[^\s][{_MARKS}]*)*"  # a symbol (emoji + modifiers)
    rf"|[{_MARKS}]+"  # stray marks after a space
)
_SENTENCE_END = frozenset(".!?…")
_OPENERS = frozenset("\"'„“”‚‘’«»(")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str


def tokenize(text: str, boundaries: Iterable[int] = ()) -> list[Token]:
    """Tokens of ``text`` (code-point offsets), split at each of ``boundaries``."""
    cuts = sorted(set(boundaries))
    tokens: list[Token] = []
    i = 0
    for m in TOKEN_RE.finditer(text):
        start, end = m.start(), m.end()
        while i < len(cuts) and cuts[i] <= start:
            i += 1
        j = i
        at = start
        while j < len(cuts) and cuts[j] < end:
            tokens.append(Token(at, cuts[j], text[at : cuts[j]]))
            at = cuts[j]
            j += 1
        tokens.append(Token(at, end, text[at:end]))
    return tokens


def non_overlapping(
    mentions: Iterable[DocMention], *, skip_types: Sequence[str] = (TRIGGER_TYPE,)
) -> tuple[list[DocMention], int, int]:
    """(kept mentions sorted by offset, number dropped for overlap, number skipped by type):
    the longest mention wins, then the earliest, then the type name."""
    kept: list[DocMention] = []
    taken: list[tuple[int, int]] = []
    dropped = skipped = 0
    for m in sorted(mentions, key=lambda m: (m.start - m.end, m.start, m.type)):
        if m.type in skip_types:
            skipped += 1
            continue
        if any(m.start < e and s < m.end for s, e in taken):
            dropped += 1
            continue
        kept.append(m)
        taken.append((m.start, m.end))
    kept.sort(key=lambda m: (m.start, m.end))
    return kept, dropped, skipped


def doc_sentences(doc: DatasetDoc, kept: Sequence[DocMention]) -> list[list[tuple[Token, str]]]:
    """The document as sentences of (token, IOB2 tag)."""
    text = doc.text
    tokens = tokenize(text, (b for m in kept for b in (m.start, m.end)))
    tags = ["O"] * len(tokens)
    inside = [False] * len(tokens)  # a mention continues after this token
    by_start = {t.start: k for k, t in enumerate(tokens)}
    for m in kept:
        k = by_start.get(m.start)
        if k is None:  # a mention of only spaces: nothing to tag
            continue
        tags[k] = f"B-{m.type}"
        k += 1
        while k < len(tokens) and tokens[k].end <= m.end:
            tags[k] = f"I-{m.type}"
            inside[k - 1] = True
            k += 1
    sentences: list[list[tuple[Token, str]]] = []
    current: list[tuple[Token, str]] = []
    for k, tok in enumerate(tokens):
        current.append((tok, tags[k]))
        if inside[k] or k + 1 == len(tokens):
            continue
        nxt = tokens[k + 1]
        gap = text[tok.end : nxt.start]
        if "\n" in gap or (
            tok.text in _SENTENCE_END
            and gap
            and (nxt.text[0].isupper() or nxt.text[0].isdigit() or nxt.text[0] in _OPENERS)
        ):
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def export_docs(
    docs: Iterable[DatasetDoc],
    out: Path,
    *,
    tagset: Tagset,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ExportSummary:
    """Write one IOB2 file for all documents."""
    from db.formats.atomic import atomic_file

    layers = mentions = dropped = skipped = 0
    articles: set[str] = set()
    with atomic_file(out) as fh:
        for n, doc in enumerate(docs, 1):
            if cancel is not None:
                cancel.check()
            kept, d, s = non_overlapping(doc.mentions)
            dropped, skipped, mentions = dropped + d, skipped + s, mentions + len(kept)
            fh.write("-DOCSTART- O\n\n")
            for sentence in doc_sentences(doc, kept):
                fh.write("".join(f"{tok.text} {tag}\n" for tok, tag in sentence))
                fh.write("\n")
            layers += 1
            articles.add(doc.article_uuid or doc.content_hash or doc.title)
            progress(n, 0, doc.title)
    notes = []
    if dropped:
        notes.append(
            f"{dropped} overlapping mentions left out by the longest-first, then earliest, rule"
        )
    if skipped:
        notes.append(f"{skipped} trigger mentions left out (IOB2 tags entities, not events)")
    return ExportSummary(
        articles=len(articles),
        layers=layers,
        mentions=mentions,
        files=(Path(out).name,),
        notes=tuple(notes),
    )
