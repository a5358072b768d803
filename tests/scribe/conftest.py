"""Synthetic session audio for scribe tests: espeak-ng voices per speaker, cached per test session."""

from __future__ import annotations

import json
import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import pytest

VOICES = {"T": ("en-us+m3", 165), "P": ("en-us+f3", 150), "C": ("en-us+f4", 155)}
ROLE = {"T": "therapist", "P": "client", "C": "caregiver"}
RATE = 16000
PAUSE_S = 0.6

SHORT_SESSION: list[tuple[str, str]] = [
    ("T", "Good morning. How is the right knee feeling today?"),
    ("P", "It still hurts on the stairs. I would say my pain is five out of ten."),
    ("C", "She has been doing her exercises every evening after dinner."),
    ("T", "Let's measure. Knee flexion is one hundred fifteen degrees and quadriceps strength is "
          "four out of five."),
    ("T", "We did therapeutic exercise for twenty minutes, with step ups, three sets of ten."),
    ("T", "Plan: progress the step height next visit."),
]

LONG_SESSION: list[tuple[str, str]] = SHORT_SESSION + [
    ("P", "My knee feels stiff in the morning but it loosens up after a few minutes of walking."),
    ("T", "Single leg stance was eight seconds on the right and twelve seconds on the left."),
    ("C", "At home she still uses the cane when she goes outside to the garden."),
    ("T", "Then gait training for ten minutes on level surfaces and one flight of stairs."),
    ("T", "She walked two hundred feet with stand by assist and did not lose her balance."),
    ("P", "I feel tired now, but the knee does not hurt more than before we started."),
    ("T", "Her timed up and go was fourteen seconds today, down from eighteen seconds last week."),
    ("T", "She is progressing toward her goal of climbing the stairs at home without the rail."),
]


@dataclass(frozen=True)
class SpokenSession:
    wav: Path
    turns: list[dict[str, object]]   # speaker (T/P/C), start, end, text

    @property
    def text(self) -> str:
        return " ".join(str(t["text"]) for t in self.turns)


def _need_tools() -> None:
    for tool in ("espeak-ng", "sox", "ffmpeg"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")


def speak_session(turns: list[tuple[str, str]], out: Path) -> SpokenSession:
    """Same method as shared/samples/speak.py: one espeak voice per speaker, 0.6 s between turns.

    Except that sox runs with -R: its resampling dithers with a fresh random seed otherwise, so the
    same script gave different audio each run and a test could pass or fail on the dither alone.
    """
    _need_tools()
    frames: list[bytes] = []
    timeline: list[dict[str, object]] = []
    t = 0.0
    silence = b"\x00\x00" * int(PAUSE_S * RATE)
    for i, (who, text) in enumerate(turns):
        voice, speed = VOICES[who]
        raw = out.parent / f"{out.stem}.t{i}.raw.wav"
        piece = out.parent / f"{out.stem}.t{i}.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text], check=True)
        subprocess.run(["sox", "-R", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(piece)],
                       check=True)
        with wave.open(str(piece)) as w:
            data = w.readframes(w.getnframes())
        dur = len(data) / 2 / RATE
        timeline.append({"speaker": who, "start": round(t, 3), "end": round(t + dur, 3), "text": text})
        frames += [data, silence]
        t += dur + PAUSE_S
        raw.unlink()
        piece.unlink()
    with wave.open(str(out), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(frames))
    out.with_suffix(".timeline.json").write_text(json.dumps(timeline))
    return SpokenSession(out, timeline)


def convert(src: Path, ext: str) -> Path:
    codec = {"webm": ["-c:a", "libopus"], "ogg": ["-c:a", "libvorbis"], "m4a": ["-c:a", "aac"],
             "mp3": ["-c:a", "libmp3lame"], "flac": ["-c:a", "flac"]}[ext]
    dst = src.with_suffix("." + ext)
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(src), *codec, str(dst)], check=True)
    return dst


@pytest.fixture(scope="session")
def audio_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("scribe_audio")


@pytest.fixture(scope="session")
def short_session(audio_dir: Path) -> SpokenSession:
    return speak_session(SHORT_SESSION, audio_dir / "short.wav")


@pytest.fixture(scope="session")
def long_session(audio_dir: Path) -> SpokenSession:
    return speak_session(LONG_SESSION, audio_dir / "long.wav")


@pytest.fixture(scope="session")
def formats(short_session: SpokenSession) -> dict[str, Path]:
    return {ext: convert(short_session.wav, ext) for ext in ("webm", "ogg", "m4a", "mp3", "flac")}


def speaker_accuracy(segments: list[dict[str, object]] | list[object],
                     turns: list[dict[str, object]]) -> float:
    """score.py's method: a segment counts for the truth turn its midpoint falls in (±0.3 s)."""
    ok = tot = 0
    for s in segments:
        start, end, spk = (s["start"], s["end"], s["speaker"]) if isinstance(s, dict) else (
            s.start, s.end, s.speaker)  # type: ignore[attr-defined]
        mid = (float(start) + float(end)) / 2
        for turn in turns:
            if float(turn["start"]) - 0.3 <= mid <= float(turn["end"]) + 0.3:  # type: ignore[arg-type]
                tot += 1
                ok += ROLE[str(turn["speaker"])] == spk
                break
    return ok / tot if tot else 0.0


@pytest.fixture(scope="session")
def speaker_acc() -> object:
    return speaker_accuracy
