"""Latency of the last step: time from the last chunk of a long session to its finished transcript.

usage: python -m bench.latency [--minutes 30] [--chunk-seconds 5] [--no-draft]

Builds one long session by concatenating the spoken sample sessions (../shared/samples and
tests/fixtures/sessions, spoken with espeak-ng by `bench.score_sessions.speak`, cached) up to
`--minutes`, as one 16 kHz PCM WAV split by bytes into 5 s chunks: what the tablet uploads. The
chunks go through the code the worker runs (pipeline_tasks): per chunk, the per-process audio and
feature cache is extended and every full window is transcribed, with the state saved and restored
as JSON in between (as the stateless task does through the database); chunks are fed as fast as
the transcriber keeps up, which is faster than real time. After the last chunk it times what the
final task does (tail, speaker attribution over the whole session, normalisation), then the draft
note separately, and compares the words with a whole-file transcription of the same audio (WER).

Costs about 1.5-3 minutes of CPU per 30 minutes of audio for each of the two transcriptions.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
import wave
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RATE = 16000
SPK = {"T": "therapist", "P": "client", "C": "caregiver"}


def session_audio(minutes: float) -> tuple[bytes, str, float]:
    """(WAV bytes, reference text, seconds): spoken sample sessions concatenated to `minutes`."""
    from bench.score_sessions import DEFAULT_DIRS, speak

    want = int(minutes * 60 * RATE)
    frames: list[bytes] = []
    texts: list[str] = []
    have = 0
    scripts = [p for d in DEFAULT_DIRS for p in sorted(d.glob("*.yaml"))]
    if not scripts:
        raise SystemExit("no session scripts found")
    while have < want:
        for script in scripts:
            wav, timeline = speak(script)
            with wave.open(str(wav)) as w:
                data = w.readframes(w.getnframes())
            n = min(len(data) // 2, want - have)
            frames.append(data[: 2 * n])
            turns = json.loads(timeline.read_text())
            texts.extend(t["text"] for t in turns if t["end"] * RATE <= n)  # turns cut off are left out
            have += n
            if have >= want:
                break
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(frames))
    return buf.getvalue(), " ".join(texts), have / RATE


def run(minutes: float = 30.0, chunk_seconds: float = 5.0, draft: bool = True) -> dict[str, Any]:
    import jiwer
    from whisper_normalizer.english import EnglishTextNormalizer

    from scribe.asr import AsrConfig, load_model
    from scribe.audio import SAMPLE_RATE, check_samples
    from scribe.incremental import (
        GrowingAudio,
        IncrementalTranscriber,
        words_from_state,
    )
    from scribe.pipeline import segments_from_features, transcribe_audio
    from scribe.speakers import FeatureTrack
    from scribe.transcript import Transcript
    from settings import get_settings

    settings = get_settings()
    norm = EnglishTextNormalizer()
    data, reference, seconds = session_audio(minutes)
    step = int(chunk_seconds * RATE * 2)
    chunks = [data[i: i + step] for i in range(0, len(data), step)]
    load_model(AsrConfig.from_settings(settings))  # a worker has its models loaded already
    if draft:
        from note_builder.draft import DraftRequest, build_draft
        from scribe.transcript import Segment

        said = "Knee flexion is ninety degrees."
        warm = Transcript([Segment("s0", 0.0, 2.0, "therapist", said)], 2.0, "warm")
        build_draft(warm, DraftRequest(discipline="pt", payer="medicare", provider_role="pt"))

    def transcriber() -> IncrementalTranscriber:
        return IncrementalTranscriber.from_settings(settings, discipline="pt")

    audio, features = GrowingAudio(), FeatureTrack()
    state: str | None = None  # the JSON in the recording row
    t_start = time.perf_counter()
    behind_max = 0.0
    for i, chunk in enumerate(chunks[:-1]):
        arrived = time.perf_counter()
        audio.extend(chunk)
        tr = transcriber()
        if state is not None:
            words, until = words_from_state(json.loads(state))
            tr.restore(words, until)
        if audio.estimated_seconds() - tr.committed_until >= tr.window_s:
            samples = audio.samples
            tr.replace_audio(samples)
            while tr.duration_s - tr.committed_until >= tr.window_s:
                tr.advance(max_windows=1)
                state = json.dumps(tr.state())
            features.update(samples)
        # How far the increments would lag a real-time upload (a chunk every chunk_seconds).
        behind_max = max(behind_max, (time.perf_counter() - arrived) - chunk_seconds)
        del i
    incremental_s = time.perf_counter() - t_start

    # --- the last chunk arrives: what the final task does -----------------------------------
    t0 = time.perf_counter()
    audio.extend(chunks[-1])
    samples = check_samples(audio.samples, name="session")
    tr = transcriber()
    before = 0.0
    if state is not None:
        words, until = words_from_state(json.loads(state))
        tr.restore(words, until)
        before = until
    tr.replace_audio(samples)
    tr.finish()
    features.update(samples)
    segments = segments_from_features(tr.committed, features.features(), model=tr.model_name)
    transcript = Transcript(segments=segments, duration_s=samples.size / SAMPLE_RATE, model=tr.model_name)
    to_transcript = time.perf_counter() - t0
    to_draft = None
    if draft:
        build_draft(transcript, DraftRequest(discipline="pt", payer="medicare", provider_role="pt"))
        to_draft = time.perf_counter() - t0

    # --- whole-file transcription of the same audio, for the word error rate ----------------
    t1 = time.perf_counter()
    whole = transcribe_audio(samples, discipline="pt", settings=settings)
    whole_s = time.perf_counter() - t1
    inc_text = norm(" ".join(s.text for s in transcript.segments))
    whole_text = norm(" ".join(s.text for s in whole.segments))
    ref = norm(reference)
    return {
        "audio_minutes": round(seconds / 60, 2),
        "chunks": len(chunks),
        "chunk_seconds": chunk_seconds,
        "tail_seconds": round(samples.size / SAMPLE_RATE - before, 1),
        "last_chunk_to_transcript_s": round(to_transcript, 2),
        "last_chunk_to_draft_s": round(to_draft, 2) if to_draft is not None else None,
        "target_s": 10.0,
        "meets_target": to_transcript < 10.0,
        "incremental_cpu_during_session_s": round(incremental_s, 1),
        "max_lag_behind_real_time_s": round(max(0.0, behind_max), 2),
        "whole_file_transcription_s": round(whole_s, 1),
        "wer_incremental_vs_whole_file": round(float(jiwer.wer(whole_text, inc_text)), 4),
        "wer_incremental_vs_script": round(float(jiwer.wer(ref, inc_text)), 4),
        "wer_whole_file_vs_script": round(float(jiwer.wer(ref, whole_text)), 4),
        "segments": len(transcript.segments),
        "model": transcript.model,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=30.0, help="session length to build (default 30)")
    ap.add_argument("--chunk-seconds", type=float, default=5.0, help="upload chunk length (default 5)")
    ap.add_argument("--no-draft", action="store_true", help="do not time the draft note after the transcript")
    args = ap.parse_args()
    print(json.dumps(run(args.minutes, args.chunk_seconds, draft=not args.no_draft), indent=1))  # noqa: T201


if __name__ == "__main__":
    main()
