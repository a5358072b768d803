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

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from scribe.asr import AsrConfig, transcribe_samples
from scribe.audio import SAMPLE_RATE
from scribe.pipeline import _words_of, build_segments
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
        window_s: float = 40.0,
        overlap_s: float = 6.0,
    ) -> None:
        if overlap_s <= 0 or overlap_s >= window_s / 2:
            raise ValueError("overlap_s must be positive and under half of window_s")
        self.config = config
        self.prompt = prompt
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
        return cls(AsrConfig.from_settings(settings), prompt=build_prompt(discipline, context_terms),
                   window_s=window_s, overlap_s=overlap_s)

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
        segments, loaded = transcribe_samples(window, self.config, prompt=self.prompt, offset_s=start)
        self.model_name = loaded.name
        self.windows_run += 1
        words = [w for w in _words_of(segments) if w.end > start]
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
        return Transcript(segments=build_segments(self.committed, audio), duration_s=audio.size / SAMPLE_RATE,
                          model=self.model_name)
