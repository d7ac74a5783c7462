"""Which canonical entity does a span of text name? Fast enough to ask on every keystroke.

Names and aliases in every language are normalised (case, diacritics, ß, quotes,
punctuation and spacing) and looked up in layers, each scored below the one before:

====  ==========  =========================================================================
100   name        the surface is the entity's canonical name
 97   alias       the surface is one of its aliases ("Türkei", "Ankara", "OVKS")
 93   inflection  the same after stripping German/English endings ("türkischen",
                  "Aserbaidschans", "Türken", "Turkey's")
<=88  part        part of the surface names it ("Bayraktar-TB2-Drohnen", "US-Truppen");
                  generic heads such as "-Drohnen" or "Regierung" do not count against it
<=85  fuzzy       rapidfuzz similarity (typos, transliterations: "Lukashenko"/"Lukaschenko")
====  ==========  =========================================================================

Scores of ``CONFIDENT`` and above are safe to pre-select in the UI.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

EntityKey = int | str
MatchKind = Literal["name", "alias", "inflection", "part", "fuzzy"]
_Offer = Callable[[EntityKey, float, str, MatchKind], None]

CONFIDENT = 80.0
_SCORES: dict[MatchKind, float] = {"name": 100.0, "alias": 97.0, "inflection": 93.0}
_PART_BASE, _PART_SPAN = 60.0, 28.0  # part score = base + span * share of the surface named
_FUZZY_WEIGHT, _FUZZY_CUTOFF = 0.85, 72.0
_FUZZY_MIN_LENGTH = 4  # shorter names (acronyms) only ever match exactly
_MIN_STEM = 4  # never strip an ending if less than this would remain ("uns" is not "UN")
_MAX_PART_TOKENS = 5
_MAX_TOKENS = 12

# Endings of German nouns and adjectives (and the English plural/possessive s), longest first.
_ENDINGS = ("ern", "en", "er", "es", "em", "e", "n", "s")
_ARTICLES = frozenset("der die das den dem des ein eine einer einem einen eines the a an".split())
# Words that never name an entity on their own inside a longer surface.
_STOPWORDS = _ARTICLES | frozenset(
    "is in im an am and und of on to von vom zu zum zur fur for mit with bei by as als".split()
)
# Heads that make "X-Drohnen", "die X Regierung", "X-Streitkräfte" mean X for matching.
_GENERIC_WORDS = frozenset(
    """regierung government armee army streitkrafte forces truppen troops militar military
    pakt block bundnis fuhrung leadership behorden authorities program programm programme
    prasident president premierminister ministerprasident minister aussenminister
    verteidigungsminister kanzler chef head""".split()
)
_GENERIC_ENDINGS = (
    "system", "systeme", "systems", "drohne", "drohnen", "drone", "drones", "uav", "uavs",
    "rakete", "raketen", "missile", "missiles", "jet", "jets", "flugzeug", "flugzeuge",
    "aircraft", "panzer", "tank", "tanks", "kampfjets",
)  # fmt: skip

_FOLD = str.maketrans(
    {"ß": "ss", "ẞ": "ss", "ı": "i", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe",
     "Œ": "oe", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "þ": "th", "Þ": "th"}
)  # fmt: skip
_QUOTES = re.compile(r"[\"'`´‘’‚‛“”„‟«»‹›]")
_NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Casefolded, without diacritics or quotes, ß as ss, punctuation as single spaces."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _QUOTES.sub("", text.casefold())
    return " ".join(_NON_WORD.sub(" ", text).split())


def _tokens(text: str) -> list[str]:
    tokens = normalise(text).split()
    if len(tokens) > 1 and tokens[0] in _ARTICLES:
        tokens = tokens[1:]
    return tokens[:_MAX_TOKENS]


def _stems(token: str) -> list[str]:
    """The token without each ending it may carry (not the token itself)."""
    return [
        token[: -len(ending)]
        for ending in _ENDINGS
        if token.endswith(ending) and len(token) - len(ending) >= _MIN_STEM
    ]


def _inflected_keys(tokens: Sequence[str]) -> set[str]:
    """Compact keys of the tokens with endings stripped (every token when few)."""
    if len(tokens) <= 3:
        options = [[t, *_stems(t)] for t in tokens]
        keys = {"".join(combo) for combo in itertools.product(*options)}
    else:
        head = "".join(tokens[:-1])
        keys = {head + stem for stem in _stems(tokens[-1])}
    keys.discard("".join(tokens))
    return keys


def _is_generic(token: str) -> bool:
    return token in _GENERIC_WORDS or token.endswith(_GENERIC_ENDINGS)


@dataclass(frozen=True)
class Match:
    """A candidate entity for a surface string."""

    entity_id: EntityKey
    kind: str
    name: str
    score: float  # 0..100
    matched: str  # the name or alias that matched
    how: MatchKind


@dataclass(frozen=True)
class _Entity:
    kind: str
    name: str
    keys: tuple[str, ...]  # every index key this entity was filed under


class EntityMatcher:
    """An index of entities by every name and alias, updated incrementally."""

    def __init__(self, entities: Iterable[tuple[EntityKey, str, str, Sequence[str]]] = ()) -> None:
        self._entities: dict[EntityKey, _Entity] = {}
        # compact key -> entity -> (name or alias, is the canonical name, normalised form)
        self._exact: dict[str, dict[EntityKey, tuple[str, bool, str]]] = {}
        # compact key of a name with its last word's ending stripped -> entity -> name
        self._stemmed: dict[str, dict[EntityKey, str]] = {}
        # kind (or None for all) -> normalised names and their (entity, name): for rapidfuzz
        self._fuzzy: dict[str | None, tuple[list[str], list[tuple[EntityKey, str]]]] = {}
        for entity_id, kind, name, aliases in entities:
            self.add(entity_id, kind, name, aliases)

    def __len__(self) -> int:
        return len(self._entities)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._entities

    def add(self, entity_id: EntityKey, kind: str, name: str, aliases: Sequence[str] = ()) -> None:
        """Index an entity (replacing what was indexed under the same id)."""
        if entity_id in self._entities:
            self.remove(entity_id)
        keys: list[str] = []
        for text, is_name in ((name, True), *((a, False) for a in aliases)):
            normal = normalise(text)
            tokens = normal.split()
            if not tokens:
                continue
            key = "".join(tokens)
            known = self._exact.setdefault(key, {}).get(entity_id)
            if known is None or (is_name and not known[1]):
                self._exact[key][entity_id] = (text, is_name, normal)
            keys.append(key)
            for stem in _stems(tokens[-1]):
                stem_key = "".join(tokens[:-1]) + stem
                self._stemmed.setdefault(stem_key, {}).setdefault(entity_id, text)
                keys.append(stem_key)
        self._entities[entity_id] = _Entity(kind, name, tuple(keys))
        for cached_kind, (choices, owners) in self._fuzzy.items():  # extend, don't rebuild
            if cached_kind in (None, kind):
                for normal, text in self._fuzzy_entries(entity_id):
                    choices.append(normal)
                    owners.append((entity_id, text))

    def remove(self, entity_id: EntityKey) -> None:
        """Forget an entity; unknown ids are ignored."""
        entity = self._entities.pop(entity_id, None)
        if entity is None:
            return
        for key in entity.keys:
            for index in (self._exact, self._stemmed):
                owners = index.get(key)
                if owners is not None:
                    owners.pop(entity_id, None)
                    if not owners:
                        del index[key]
        self._fuzzy.clear()

    def match(self, surface: str, kind: str | None = None, limit: int = 5) -> list[Match]:
        """The best candidates for ``surface`` (of one kind, if given), best first."""
        tokens = _tokens(surface)
        if not tokens or limit <= 0:
            return []
        best: dict[EntityKey, Match] = {}

        def offer(entity_id: EntityKey, score: float, matched: str, how: MatchKind) -> None:
            entity = self._entities[entity_id]
            if kind is not None and entity.kind != kind:
                return
            current = best.get(entity_id)
            if current is None or score > current.score:
                best[entity_id] = Match(entity_id, entity.kind, entity.name, score, matched, how)

        full = "".join(tokens)
        for entity_id, (text, is_name, _) in self._exact.get(full, {}).items():
            how: MatchKind = "name" if is_name else "alias"
            offer(entity_id, _SCORES[how], text, how)
        self._offer_inflections(tokens, offer, _SCORES["inflection"], "inflection")
        if len(tokens) > 1:
            self._offer_parts(tokens, offer)
        if len(full) >= _FUZZY_MIN_LENGTH:
            self._offer_fuzzy(" ".join(tokens), kind, limit, offer)
        ranked = sorted(
            best.values(), key=lambda m: (-m.score, m.name.casefold(), str(m.entity_id))
        )
        return ranked[:limit]

    def _offer_inflections(
        self, tokens: Sequence[str], offer: _Offer, score: float, how: MatchKind
    ) -> None:
        full = "".join(tokens)
        for key in _inflected_keys(tokens):
            for entity_id, (text, _, _) in self._exact.get(key, {}).items():
                offer(entity_id, score, text, how)
        for key in (full, *_inflected_keys(tokens)):
            for entity_id, text in self._stemmed.get(key, {}).items():
                offer(entity_id, score, text, how)

    def _offer_parts(self, tokens: Sequence[str], offer: _Offer) -> None:
        """Spans of the surface that name an entity, scored by how much of it they cover."""
        content = sum(len(t) for t in tokens if not _is_generic(t) and t not in _STOPWORDS)
        if content == 0:
            return
        n = len(tokens)
        for start in range(n):
            for end in range(start + 1, min(n, start + _MAX_PART_TOKENS) + 1):
                span = tokens[start:end]
                if end - start == n or (len(span) == 1 and span[0] in _STOPWORDS):
                    continue
                share = min(1.0, sum(len(t) for t in span) / content)
                score = round(_PART_BASE + _PART_SPAN * share, 1)
                key = "".join(span)
                for entity_id, (text, _, _) in self._exact.get(key, {}).items():
                    offer(entity_id, score, text, "part")
                self._offer_inflections(span, offer, score, "part")

    def _offer_fuzzy(self, query: str, kind: str | None, limit: int, offer: _Offer) -> None:
        choices, owners = self._fuzzy_choices(kind)
        found = process.extract(
            query,
            choices,
            scorer=fuzz.ratio,
            processor=None,
            limit=max(20, limit * 4),
            score_cutoff=_FUZZY_CUTOFF,
        )
        for _, similarity, index in found:
            entity_id, text = owners[index]
            offer(entity_id, round(similarity * _FUZZY_WEIGHT, 1), text, "fuzzy")

    def _fuzzy_choices(self, kind: str | None) -> tuple[list[str], list[tuple[EntityKey, str]]]:
        cached = self._fuzzy.get(kind)
        if cached is None:
            cached = ([], [])
            for entity_id, entity in self._entities.items():
                if kind is None or entity.kind == kind:
                    for normal, text in self._fuzzy_entries(entity_id):
                        cached[0].append(normal)
                        cached[1].append((entity_id, text))
            self._fuzzy[kind] = cached
        return cached

    def _fuzzy_entries(self, entity_id: EntityKey) -> list[tuple[str, str]]:
        """(normalised, original) names of an entity long enough for fuzzy matching."""
        seen: set[str] = set()
        out: list[tuple[str, str]] = []
        for key in self._entities[entity_id].keys:
            entry = self._exact.get(key, {}).get(entity_id)
            if entry is not None and len(key) >= _FUZZY_MIN_LENGTH and entry[2] not in seen:
                seen.add(entry[2])
                out.append((entry[2], entry[0]))
        return out
