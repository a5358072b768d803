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
from scribe.corrections import correct_words
from scribe.normalize import join_split_words, normalize_words
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


def build_segments(words: Sequence[Word], samples: np.ndarray, *, model: str | None) -> list[Segment]:
    """Speaker turns -> Segments with verbatim and clinical text (ids s0, s1, ...).

    `model` is the recogniser that wrote the words: its measured mishearings of clinical words are
    read back in the clinical text (scribe.corrections); None (words of unknown origin) reads none.
    """
    if not words:
        return []
    return segments_from_features(words, frame_features(samples), model=model)


def segments_from_features(words: Sequence[Word], features: Features, *, model: str | None) -> list[Segment]:
    """`build_segments` with features already computed (by a `FeatureTrack` kept while recording)."""
    out: list[Segment] = []
    for turn in attribute_with_features(words, features):
        text = " ".join(w.text.strip() for w in turn.words).strip()
        if not text:
            continue
        read, fixes = correct_words(turn.words, model) if model else (list(turn.words), [])
        clinical = " ".join(p.text for p in normalize_words(join_split_words(read)))
        out.append(Segment(
            id=f"s{len(out)}", start=round(turn.start, 3), end=round(turn.end, 3), speaker=turn.speaker,
            text=text, words=list(turn.words), clinical_text=clinical,
            speaker_confidence=round(turn.confidence, 3), corrections=[f.to_dict() for f in fixes],
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
    result = build_segments(words, samples, model=loaded.name)
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
