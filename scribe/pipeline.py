"""Recording -> Transcript: validate, recognise with the clinical prompt, attribute speakers, normalise.

Segment boundaries are speaker turns (not Whisper's chunks), so each segment has one speaker and
evidence can point at it. `text` stays exactly what the recogniser produced; the written clinical
form goes to `clinical_text`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from scribe.asr import AsrConfig, AsrSegment, transcribe_samples
from scribe.audio import SAMPLE_RATE, check_samples, load_audio
from scribe.normalize import normalize_words
from scribe.rescore import lexicon_for
from scribe.speakers import Features, attribute_with_features, frame_features
from scribe.transcript import Segment, Transcript, Word
from scribe.vocabulary import build_prompt

if TYPE_CHECKING:
    from settings import Settings

Progress = Callable[[float], None]


def words_of(segments: Sequence[AsrSegment]) -> list[Word]:
    """All words in time order; a chunk whose alignment failed gets evenly spread pseudo-words."""
    words: list[Word] = []
    for seg in segments:
        if seg.words:
            words.extend(seg.words)
            continue
        toks = seg.text.split()
        step = (seg.end - seg.start) / max(1, len(toks))
        words.extend(Word(seg.start + i * step, seg.start + (i + 1) * step, t, 0.5)
                     for i, t in enumerate(toks))
    words.sort(key=lambda w: w.start)
    return words


def build_segments(words: Sequence[Word], samples: np.ndarray) -> list[Segment]:
    """Speaker turns -> Segments with verbatim and clinical text (ids s0, s1, ...)."""
    if not words:
        return []
    return segments_from_features(words, frame_features(samples))


def segments_from_features(words: Sequence[Word], features: Features) -> list[Segment]:
    """`build_segments` with features already computed (by a `FeatureTrack` kept while recording)."""
    out: list[Segment] = []
    for turn in attribute_with_features(words, features):
        text = " ".join(w.text.strip() for w in turn.words).strip()
        if not text:
            continue
        clinical = " ".join(p.text for p in normalize_words(turn.words))
        out.append(Segment(
            id=f"s{len(out)}", start=round(turn.start, 3), end=round(turn.end, 3), speaker=turn.speaker,
            text=text, words=list(turn.words), clinical_text=clinical,
            speaker_confidence=round(turn.confidence, 3),
        ))
    return out


def transcribe_audio(
    samples: np.ndarray,
    *,
    discipline: str | None,
    settings: Settings,
    progress: Progress | None = None,
    context_terms: Iterable[str] = (),
    model: str | None = None,
    name: str = "audio",
    use_prompt: bool = True,
) -> Transcript:
    """16 kHz mono float32 -> Transcript. Raises scribe.audio.AudioError subclasses for unusable audio."""
    samples = check_samples(samples, name=name, max_seconds=settings.max_audio_seconds)
    config = AsrConfig.from_settings(settings, model)
    terms = tuple(context_terms)
    prompt = build_prompt(discipline, terms) if use_prompt else None

    def asr_progress(frac: float) -> None:
        if progress:
            progress(0.02 + 0.9 * frac)

    lexicon = lexicon_for(discipline, terms) if use_prompt else None
    segments, loaded = transcribe_samples(samples, config, prompt=prompt, progress=asr_progress,
                                          lexicon=lexicon)
    words = words_of(segments)
    result = build_segments(words, samples)
    if progress:
        progress(1.0)
    return Transcript(segments=result, duration_s=samples.size / SAMPLE_RATE, model=loaded.name)


def transcribe_file(
    path: str | os.PathLike[str],
    *,
    discipline: str | None,
    settings: Settings,
    progress: Progress | None = None,
    context_terms: Iterable[str] = (),
    model: str | None = None,
    use_prompt: bool = True,
) -> Transcript:
    """Decode (any container), validate against the settings' limits, then `transcribe_audio`."""
    samples = load_audio(path, max_seconds=settings.max_audio_seconds, max_bytes=settings.max_upload_bytes)
    if progress:
        progress(0.02)
    return transcribe_audio(samples, discipline=discipline, settings=settings, progress=progress,
                            context_terms=context_terms, model=model, name=Path(path).name,
                            use_prompt=use_prompt)
