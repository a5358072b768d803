"""Transcribe while the session is still being recorded, so stopping leaves only the tail to do.

Audio arrives in chunks. Once `window_s` of uncommitted audio has built up, that window is
recognised and every word that ends before `window_end - overlap_s` is committed; the next window
starts between the last committed word and the one after it. Words near a window's edge are
therefore always recognised again with context on both sides, and none is committed twice.

Windows are 40 s: the recogniser's VAD packs speech into chunks of up to 30 s, and a window much
shorter than that (20-30 s) forces chunk edges the model handles badly (on a 90 s synthetic
session the incremental/whole-file word difference was 0.10-0.15 at 20-25 s, 0.055 at 40 s).
"""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from scribe.asr import AsrConfig, transcribe_samples
from scribe.audio import SAMPLE_RATE, CorruptAudioError, NotAudioError
from scribe.pipeline import build_segments, words_of
from scribe.rescore import PhraseLexicon, lexicon_for
from scribe.transcript import Transcript, Word
from scribe.vocabulary import build_prompt

if TYPE_CHECKING:
    from settings import Settings


class IncrementalTranscriber:
    def __init__(
        self,
        config: AsrConfig,
        *,
        prompt: str | None = None,
        lexicon: PhraseLexicon | None = None,
        window_s: float = 40.0,
        overlap_s: float = 6.0,
    ) -> None:
        if overlap_s <= 0 or overlap_s >= window_s / 2:
            raise ValueError("overlap_s must be positive and under half of window_s")
        self.config = config
        self.prompt = prompt
        self.lexicon = lexicon
        self.window_s = window_s
        self.overlap_s = overlap_s
        self._chunks: list[np.ndarray] = []
        self._samples = np.zeros(0, dtype=np.float32)
        self.committed: list[Word] = []
        self.committed_until = 0.0  # seconds; audio before this is done
        self.model_name = config.model
        self.windows_run = 0

    @classmethod
    def from_settings(
        cls, settings: Settings, *, discipline: str | None = None, context_terms: Iterable[str] = (),
        window_s: float = 40.0, overlap_s: float = 6.0,
    ) -> IncrementalTranscriber:
        terms = tuple(context_terms)
        return cls(AsrConfig.from_settings(settings), prompt=build_prompt(discipline, terms),
                   lexicon=lexicon_for(discipline, terms), window_s=window_s, overlap_s=overlap_s)

    @property
    def duration_s(self) -> float:
        return (self._samples.size + sum(c.size for c in self._chunks)) / SAMPLE_RATE

    def _all(self) -> np.ndarray:
        if self._chunks:
            self._samples = np.concatenate([self._samples, *self._chunks]).astype(np.float32, copy=False)
            self._chunks = []
        return self._samples

    def feed(self, chunk: np.ndarray) -> list[Word]:
        """Add 16 kHz mono float32 audio; returns the words committed by this call (maybe none)."""
        self._chunks.append(np.asarray(chunk, dtype=np.float32).reshape(-1))
        new: list[Word] = []
        while self.duration_s - self.committed_until >= self.window_s:
            new.extend(self._step(final=False))
        return new

    def finish(self) -> list[Word]:
        """Recognise the remaining tail and commit all of it."""
        if self.duration_s - self.committed_until < 0.05:
            return []
        return self._step(final=True)

    def _step(self, *, final: bool) -> list[Word]:
        audio = self._all()
        start = self.committed_until
        end = audio.size / SAMPLE_RATE if final else start + self.window_s
        window = audio[int(start * SAMPLE_RATE): int(end * SAMPLE_RATE)]
        segments, loaded = transcribe_samples(window, self.config, prompt=self.prompt, offset_s=start,
                                              lexicon=self.lexicon)
        self.model_name = loaded.name
        self.windows_run += 1
        words = [w for w in words_of(segments) if w.end > start]
        if final:
            keep = words
            self.committed_until = end
        else:
            keep, self.committed_until = self._commit_point(words, start, end)
        self.committed.extend(keep)
        return keep

    def _commit_point(self, words: list[Word], start: float, end: float) -> tuple[list[Word], float]:
        """Commit up to the widest pause before `end - overlap_s`, so the next window starts in silence.

        Starting a window mid-word makes the recogniser mangle or drop the words around the cut;
        starting it in a pause between phrases costs nothing.
        """
        limit = end - self.overlap_s
        best: tuple[float, int] = (-1.0, -1)
        for i in range(len(words) - 1):
            if words[i].end > limit:
                break
            gap = words[i + 1].start - words[i].end
            # prefer later cuts when pauses are similar: 0.01 s per second of progress
            score = min(gap, 0.6) + 0.01 * (words[i].end - start)
            if gap >= 0.15 and score > best[0]:
                best = (score, i)
        if best[1] >= 0:
            i = best[1]
            return words[: i + 1], (words[i].end + words[i + 1].start) / 2
        inside = [w for w in words if w.end <= limit]
        if inside and len(inside) < len(words):
            nxt = words[len(inside)]
            return inside, (inside[-1].end + nxt.start) / 2
        if inside:
            return inside, inside[-1].end
        # Nothing safely inside the window (silence, or one very long word): move on anyway.
        return [], limit

    def transcript(self) -> Transcript:
        """Speaker-attributed transcript of everything committed so far (call after `finish`)."""
        audio = self._all()
        return Transcript(segments=build_segments(self.committed, audio, model=self.model_name),
                          duration_s=audio.size / SAMPLE_RATE,
                          model=self.model_name)

    # --- resuming from saved state (stateless workers) -----------------------------------------

    def restore(
        self, committed: Sequence[Word], committed_until: float, model_name: str | None = None
    ) -> None:
        """Continue from words committed by an earlier run (another process, maybe another machine)."""
        self.committed = list(committed)
        self.committed_until = float(committed_until)
        if model_name:
            self.model_name = model_name

    def replace_audio(self, samples: np.ndarray) -> None:
        """All audio so far (from t = 0); times of committed words must refer to it."""
        self._chunks = []
        self._samples = np.asarray(samples, dtype=np.float32).reshape(-1)

    def advance(self, max_windows: int | None = None) -> list[Word]:
        """Recognise every full window of uncommitted audio (at most `max_windows`)."""
        new: list[Word] = []
        n = 0
        while self.duration_s - self.committed_until >= self.window_s and (
            max_windows is None or n < max_windows
        ):
            new.extend(self._step(final=False))
            n += 1
        return new

    def state(self) -> dict[str, Any]:
        """JSON-able progress: what `restore` needs, plus what a resumer must check before trusting it."""
        return {
            "v": STATE_VERSION,
            "model": self.config.model,
            "prompt_sha": prompt_digest(self.prompt),
            "window_s": self.window_s,
            "overlap_s": self.overlap_s,
            "model_name": self.model_name,
            "committed_until": round(self.committed_until, 3),
            "words": [[w.start, w.end, w.text, w.probability] for w in self.committed],
        }

    def compatible(self, state: Mapping[str, Any] | None) -> bool:
        """Whether `state` was made with this model, prompt and windowing (else start again)."""
        if not state or state.get("v") != STATE_VERSION:
            return False
        return (
            state.get("model") == self.config.model
            and state.get("prompt_sha") == prompt_digest(self.prompt)
            and state.get("window_s") == self.window_s
            and state.get("overlap_s") == self.overlap_s
        )


STATE_VERSION = 1


def prompt_digest(prompt: str | None) -> str:
    return hashlib.sha256((prompt or "").encode()).hexdigest()[:16]


def words_from_state(state: Mapping[str, Any]) -> tuple[list[Word], float]:
    """(committed words, committed_until) of a saved state; ValueError if it does not hang together.

    Words must be in time order, none after `committed_until`: anything else means the state was
    damaged or written by a different algorithm, and the caller starts over instead of guessing.
    """
    until = float(state["committed_until"])
    words = [Word(float(s), float(e), str(t), float(p)) for s, e, t, p in state["words"]]
    if until < 0 or not math.isfinite(until):
        raise ValueError("committed_until out of range")
    for a, b in zip(words, words[1:], strict=False):
        if b.start < a.start - 1e-6:
            raise ValueError("committed words out of order")
    if words and words[-1].end > until + 0.05:
        raise ValueError("a committed word ends after committed_until")
    return words, until


# --- decoding an upload that is still growing -----------------------------------------------


class GrowingAudio:
    """The decoded audio of the chunks received so far, kept between increments in one process.

    Chunks of a MediaRecorder/tablet recording concatenate into one stream, and a prefix of a
    WebM, Ogg or WAV stream decodes to a prefix of the whole recording's samples (verified for
    WebM/Opus: identical samples), so the audio so far is the decode of the bytes so far.
    PCM WAV at 16 kHz mono (what the tablet app sends) is appended without decoding; other
    formats are decoded again from the start when the samples are asked for after new bytes
    came in (Opus: about 250x real time on one core, so the whole stream costs seconds late in a
    long session; callers ask only when a window's worth of new audio can be there).
    """

    def __init__(self) -> None:
        self.n_chunks = 0
        self.n_bytes = 0
        self._raw = bytearray()
        self._wav_data_at: int | None = None  # byte offset of PCM data in a 16 kHz mono s16 WAV
        self._is_wav_checked = False
        self._pcm = np.zeros(0, dtype=np.float32)
        self._decoded_bytes = 0

    def extend(self, chunk: bytes) -> None:
        self._raw += chunk
        self.n_chunks += 1
        self.n_bytes += len(chunk)
        if not self._is_wav_checked and len(self._raw) >= 64:
            self._wav_data_at = _simple_wav_data_offset(bytes(self._raw[:4096]))
            self._is_wav_checked = self._wav_data_at is not None or len(self._raw) >= 4096
        if self._wav_data_at is not None:
            self._take_wav()

    def _take_wav(self) -> None:
        start = max(self._decoded_bytes, self._wav_data_at or 0)
        usable = (len(self._raw) - start) // 2 * 2
        if usable <= 0:
            return
        new = np.frombuffer(bytes(self._raw[start: start + usable]), dtype="<i2").astype(np.float32) / 32768.0
        self._pcm = np.concatenate([self._pcm, new])
        self._decoded_bytes = start + usable
        # Keep only what is not decoded yet (at most one odd byte).
        del self._raw[: self._decoded_bytes]
        self._wav_data_at = 0
        self._decoded_bytes = 0

    @property
    def is_pcm_wav(self) -> bool:
        return self._wav_data_at is not None

    def estimated_seconds(self) -> float:
        """Audio held, without decoding: exact for WAV, by the bytes per second so far otherwise."""
        if self.is_pcm_wav:
            return self._pcm.size / SAMPLE_RATE
        if self._decoded_bytes and self._pcm.size:
            return self._pcm.size / SAMPLE_RATE * len(self._raw) / self._decoded_bytes
        return float("inf")

    @property
    def samples(self) -> np.ndarray:
        if not self.is_pcm_wav and self._decoded_bytes != len(self._raw):
            self._pcm = decode_prefix(bytes(self._raw))
            self._decoded_bytes = len(self._raw)
        return self._pcm


def _simple_wav_data_offset(head: bytes) -> int | None:
    """Offset of the sample data in a PCM 16-bit 16 kHz mono WAV header, else None."""
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    pos, fmt_ok = 12, False
    while pos + 8 <= len(head):
        cid, size = head[pos: pos + 4], int.from_bytes(head[pos + 4: pos + 8], "little")
        if cid == b"fmt ":
            if pos + 8 + 16 > len(head):
                return None
            fmt = head[pos + 8: pos + 24]
            tag, channels = int.from_bytes(fmt[0:2], "little"), int.from_bytes(fmt[2:4], "little")
            rate, bits = int.from_bytes(fmt[4:8], "little"), int.from_bytes(fmt[14:16], "little")
            fmt_ok = tag == 1 and channels == 1 and rate == SAMPLE_RATE and bits == 16
        elif cid == b"data":
            return pos + 8 if fmt_ok else None
        pos += 8 + size + (size & 1)
    return None


def decode_prefix(data: bytes) -> np.ndarray:
    """Decode the bytes of a recording received so far (any container) to 16 kHz mono float32.

    Unlike `scribe.audio.decode`, a stream that ends early is the normal case here: whatever
    decodes is returned, and only a prefix from which nothing decodes is an error.
    """
    import av

    out: list[np.ndarray] = []
    try:
        container = av.open(io.BytesIO(data), mode="r", metadata_errors="ignore")
    except av.FFmpegError as exc:
        raise CorruptAudioError(f"the recording so far cannot be decoded ({exc})") from exc
    try:
        if not container.streams.audio:
            raise NotAudioError("the recording has no audio stream")
        resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        try:
            for packet in container.demux(container.streams.audio[0]):
                try:
                    frames = packet.decode()
                except av.FFmpegError:
                    continue  # a packet cut by the end of the bytes so far
                for frame in frames:
                    out.extend(o.to_ndarray().reshape(-1) for o in resampler.resample(frame))
        except av.FFmpegError:
            pass  # the demuxer hit the cut; what came before is good
        out.extend(o.to_ndarray().reshape(-1) for o in resampler.resample(None))
    finally:
        container.close()
    if not out:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate(out).astype(np.float32) / 32768.0
