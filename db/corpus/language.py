"""Language detection for article text, restricted to the languages the corpus holds."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

# Limiting the candidates makes detection faster, smaller and more accurate for this corpus.
_LANGUAGE_NAMES = (
    "ENGLISH",
    "GERMAN",
    "FRENCH",
    "RUSSIAN",
    "TURKISH",
    "ARMENIAN",
    "AZERBAIJANI",
    "UKRAINIAN",
)
# Long texts add nothing to accuracy but cost time.
SAMPLE_CHARS = 1500
# Below this many letters lingua's trigram models guess rather than decide.
MIN_LETTERS = 30

_LETTER = re.compile(r"[^\W\d_]")
_lock = threading.Lock()
_detector: LanguageDetector | None = None


def _get_detector() -> LanguageDetector:
    """The shared detector, built on first use."""
    global _detector
    detector = _detector
    if detector is None:
        with _lock:
            if _detector is None:
                from lingua import Language, LanguageDetectorBuilder

                languages = [getattr(Language, n) for n in _LANGUAGE_NAMES if hasattr(Language, n)]
                # Low-accuracy mode keeps only trigram models (~18 MB for 8 languages);
                # the full models cost ~220 MB once a short text loads them. Texts over
                # 120 characters use trigrams only in either mode, so articles lose nothing.
                _detector = (
                    LanguageDetectorBuilder.from_languages(*languages)
                    .with_low_accuracy_mode()
                    .with_preloaded_language_models()
                    .build()
                )
            detector = _detector
    return detector


def _sample(text: str) -> str | None:
    sample = text[:SAMPLE_CHARS]
    if len(text) > SAMPLE_CHARS:
        # Cut at a word boundary so a split word does not skew the trigrams.
        cut = sample.rfind(" ")
        if cut > SAMPLE_CHARS // 2:
            sample = sample[:cut]
    if len(_LETTER.findall(sample, 0, 400)) < MIN_LETTERS:
        return None
    return sample


def detect_language(text: str) -> str | None:
    """ISO 639-1 code (lower case) of the text's language, or None if undecidable."""
    return detect_languages([text])[0]


def detect_languages(texts: Sequence[str]) -> list[str | None]:
    """Languages of many texts at once, using every core (same results as one by one)."""
    samples = [_sample(t) for t in texts]
    todo = [s for s in samples if s is not None]
    if not todo:
        return [None] * len(texts)
    detector = _get_detector()
    found = (
        detector.detect_languages_in_parallel_of(todo)
        if len(todo) > 1
        else [detector.detect_language_of(todo[0])]
    )
    it = iter(found)
    out: list[str | None] = []
    for s in samples:
        lang = next(it) if s is not None else None
        out.append(lang.iso_code_639_1.name.lower() if lang is not None else None)
    return out
