"""faster-whisper, loaded once per process, decoding the way that measured best on session audio.

Decoding uses faster-whisper's batched pipeline: Silero VAD cuts the recording into speech chunks
that are decoded without timestamp tokens, in batches. On the sample sessions with tiny.en that is
both faster (RTF ~0.045 vs ~0.06 on 2 cores) and more accurate (WER 0.123 vs 0.150) than sequential
decoding, and it is the only mode in which a vocabulary prompt helps tiny.en (WER ~0.09) instead of
derailing it. Word timestamps come from cross-attention alignment, which speakers and evidence use.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from scribe.audio import SAMPLE_RATE
from scribe.transcript import Word

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

    from scribe.rescore import PhraseLexicon
    from settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AsrConfig:
    model: str = "tiny.en"
    device: str = "auto"
    compute_type: str = "int8"
    cpu_threads: int = 2
    beam_size: int = 5
    verify_hashes: bool = True
    batch_size: int = 4
    # Second pass that lets acoustic scores restore misheard clinical phrases (scribe.rescore), and
    # the model that scores them ("" = the decoding model itself).
    rescore: bool = True
    rescore_model: str = ""

    @classmethod
    def from_settings(cls, settings: Settings, model: str | None = None) -> AsrConfig:
        return cls(
            model=model or settings.asr_model,
            device=settings.asr_device,
            compute_type=settings.asr_compute_type,
            cpu_threads=settings.asr_threads,
            beam_size=settings.asr_beam_size,
            verify_hashes=settings.verify_model_hashes,
            rescore=settings.asr_rescore,
            rescore_model=settings.asr_rescore_model,
        )


@dataclass
class AsrSegment:
    """One decoded chunk: verbatim text and its words with times (seconds from recording start)."""

    start: float
    end: float
    text: str
    words: list[Word]


@dataclass(frozen=True)
class LoadedModel:
    model: WhisperModel
    name: str
    device: str
    compute_type: str


def resolve_device(device: str) -> str:
    if device != "auto":
        return device
    try:
        import ctranslate2

        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    except Exception:  # a broken CUDA install must not stop CPU transcription
        return "cpu"


def _compute_type(device: str, requested: str) -> str:
    # float16 kernels do not exist on CPU; int8 is also what ran fastest on 2 cores.
    if device == "cpu" and requested not in ("int8", "int8_float32", "float32"):
        return "int8"
    return requested


@lru_cache(maxsize=4)
def _load(location: str, name: str, device: str, compute_type: str, cpu_threads: int) -> LoadedModel:
    from faster_whisper import WhisperModel

    log.info("loading whisper model %s on %s (%s)", name, device, compute_type)
    model = WhisperModel(location, device=device, compute_type=compute_type, cpu_threads=cpu_threads)
    return LoadedModel(model=model, name=name, device=device, compute_type=compute_type)


def load_model(config: AsrConfig) -> LoadedModel:
    """The process-wide model for this config (verified packaged weights when the name is packaged)."""
    from model_assets import resolve_whisper

    resolved = resolve_whisper(config.model, config.verify_hashes)
    device = resolve_device(config.device)
    return _load(resolved.location, resolved.name, device, _compute_type(device, config.compute_type),
                 config.cpu_threads)


def transcribe_samples(
    samples: np.ndarray,
    config: AsrConfig,
    *,
    prompt: str | None = None,
    progress: Callable[[float], None] | None = None,
    offset_s: float = 0.0,
    lexicon: PhraseLexicon | None = None,
) -> tuple[list[AsrSegment], LoadedModel]:
    """Decode 16 kHz mono float32; times are shifted by `offset_s` (for chunks of a longer recording).

    With a phrase `lexicon` (and `config.rescore`), misheard clinical phrases are restored where the
    audio supports them better (scribe.rescore).
    """
    from faster_whisper import BatchedInferencePipeline

    loaded = load_model(config)
    pipeline = BatchedInferencePipeline(loaded.model)
    duration = max(samples.size / SAMPLE_RATE, 1e-6)
    kwargs: dict[str, Any] = {
        "beam_size": config.beam_size,
        "batch_size": config.batch_size,
        "word_timestamps": True,
        "vad_filter": True,
        "initial_prompt": prompt or None,
        # Greedy-only beams: the temperature fallback samples at random, so the same recording could
        # give a different transcript (and draft) on a retry; a clinical record must be reproducible.
        "temperature": 0.0,
    }
    raw, _info = pipeline.transcribe(samples, **kwargs)
    out: list[AsrSegment] = []
    for seg in raw:
        chunk = _segment(seg, offset_s)
        if chunk is None:
            continue
        if is_looped(chunk.text):
            chunk = _redecode_looped(samples, chunk, pipeline, kwargs, offset_s)
        out.append(chunk)
        if progress:
            progress(min(1.0, float(seg.end) / duration))
    if prompt:
        out = _recover_dropped_speech(samples, out, pipeline, kwargs, offset_s)
    if lexicon is not None and config.rescore:
        import scribe.rescore as _rescore

        verifier = load_model(replace(config, model=config.rescore_model)) if config.rescore_model else loaded
        out = _rescore.rescore_segments(samples, out, verifier, lexicon, offset_s=offset_s)
    if progress:
        progress(1.0)
    return out, loaded


def _segment(seg: Any, offset_s: float) -> AsrSegment | None:
    words = [
        Word(start=round(float(w.start) + offset_s, 3), end=round(float(w.end) + offset_s, 3),
             text=w.word.strip(), probability=round(float(w.probability), 4))
        for w in (seg.words or [])
        if w.word.strip()
    ]
    text = seg.text.strip()
    if not text:
        return None
    return AsrSegment(start=float(seg.start) + offset_s, end=float(seg.end) + offset_s, text=text,
                      words=words)


# Whisper's own hallucination test: text that gzip shrinks this much is a phrase said over and over.
_LOOP_COMPRESSION = 2.4


def is_looped(text: str) -> bool:
    """The decoder fell into a repetition loop ("How's the knee? How's the knee? ..." for 25 s).

    Whisper's fallback for this samples at a higher temperature, which would make a retry give a
    different record; this project decodes greedily, so the loop is caught here instead.
    """
    data = text.encode("utf-8")
    return len(data) > 60 and len(data) / len(zlib.compress(data)) > _LOOP_COMPRESSION


def _redecode_looped(samples: np.ndarray, chunk: AsrSegment, pipeline: Any, kwargs: dict[str, Any],
                     offset_s: float) -> AsrSegment:
    """Decode a looped chunk again, forbidding any three words twice; else keep one copy of the loop.

    Only the looped chunk is decoded this way: elsewhere a phrase legitimately recurs ("three out
    of ten ... five out of ten"), and forbidding repeats there would change what was said.
    """
    lo = max(0, int((chunk.start - offset_s) * SAMPLE_RATE))
    hi = min(samples.size, int((chunk.end - offset_s) * SAMPLE_RATE) + 1)
    raw, _ = pipeline.transcribe(samples[lo:hi], **{**kwargs, "no_repeat_ngram_size": 3})
    parts = [s for s in (_segment(seg, offset_s + lo / SAMPLE_RATE) for seg in raw) if s is not None]
    if parts and not any(is_looped(p.text) for p in parts):
        log.info("re-decoded a looped chunk at %.1f-%.1f s", chunk.start, chunk.end)
        return AsrSegment(start=chunk.start, end=chunk.end, text=" ".join(p.text for p in parts),
                          words=[w for p in parts for w in p.words])
    words = collapse_repeats(chunk.words)
    log.warning("looped chunk at %.1f-%.1f s kept once", chunk.start, chunk.end)
    return AsrSegment(start=chunk.start, end=chunk.end, text=" ".join(w.text for w in words), words=words)


def collapse_repeats(words: list[Word], longest: int = 16) -> list[Word]:
    """Drop immediate repeats of a run of 3+ words ("a b c a b c a b c" -> "a b c"): a loop's copies.

    Runs shorter than three words are kept: "No, no." is said.
    """
    out: list[Word] = []
    for w in words:
        out.append(w)
        for k in range(3, min(longest, len(out) // 2) + 1):
            tail, before = out[-k:], out[-2 * k : -k]
            if [x.text.lower().strip(".,?!") for x in tail] == [x.text.lower().strip(".,?!") for x in before]:
                del out[-k:]
                break
    return out


# A stretch of detected speech this long with no recognised word in it was dropped by the decoder.
_DROPPED_SPEECH_S = 2.5
# No spoken word lasts this long; one aligned over more is covering a gap, not speech.
_LONGEST_WORD_S = 2.0


def _recover_dropped_speech(samples: np.ndarray, out: list[AsrSegment], pipeline: Any,
                            kwargs: dict[str, Any], offset_s: float) -> list[AsrSegment]:
    """Re-decode, without the vocabulary prompt, any speech the prompted decode skipped.

    A Whisper prompt helps tiny models with clinical words but can make them end a chunk early
    (the rest of the chunk's speech silently missing: a lost plan or measurement). Voice activity
    says where speech is; a long stretch of it with no word is decoded again without the prompt and
    its words replace that stretch's.
    """
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    regions = get_speech_timestamps(samples, VadOptions(min_silence_duration_ms=500, speech_pad_ms=200))
    words = sorted((w for seg in out for w in seg.words), key=lambda w: w.start)
    plain_kwargs = {**kwargs, "initial_prompt": None}
    for region in regions:
        r0, r1 = region["start"] / SAMPLE_RATE + offset_s, region["end"] / SAMPLE_RATE + offset_s
        inside = [w for w in words if r0 - 0.2 <= (w.start + w.end) / 2 <= r1 + 0.2]
        # a "word" stretched over seconds is the aligner papering over speech the decoder skipped
        heard = [w for w in inside if w.end - w.start <= _LONGEST_WORD_S]
        edges = [r0, *[t for w in heard for t in (w.start, w.end)], r1]
        gaps = [edges[i + 1] - edges[i] for i in range(0, len(edges) - 1, 2)]
        if max(gaps) < _DROPPED_SPEECH_S:
            continue
        piece = samples[region["start"]:region["end"]]
        raw, _ = pipeline.transcribe(piece, **plain_kwargs)
        base = region["start"] / SAMPLE_RATE + offset_s
        again = [Word(start=round(float(w.start) + base, 3), end=round(float(w.end) + base, 3),
                      text=w.word.strip(), probability=round(float(w.probability), 4))
                 for seg in raw for w in (seg.words or []) if w.word.strip()]
        if len(again) <= len(inside):
            continue
        drop = {id(w) for w in inside}
        for seg in out:
            seg.words = [w for w in seg.words if id(w) not in drop]
        out.append(AsrSegment(start=again[0].start, end=again[-1].end, text=" ".join(w.text for w in again),
                              words=again))
        words = sorted((w for seg in out for w in seg.words), key=lambda w: w.start)
    out.sort(key=lambda s: s.start)
    return [s for s in out if s.words or s.text]

