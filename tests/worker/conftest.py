"""Shared set-up for the real-worker tests: spoken session audio, a therapist with an episode."""

from __future__ import annotations

import shutil
import subprocess
import uuid
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from models.enums import Role

VOICES = {"T": ("en-us+m3", 165), "P": ("en-us+f3", 150)}
RATE = 16000

Speak = Callable[[list[tuple[str, str]], Path], Path]


@pytest.fixture
def backend() -> str:
    """Real-worker tests share one SQLite file between the test process and the workers."""
    return "sqlite"


def _speak(turns: list[tuple[str, str]], out: Path) -> Path:
    """One 16 kHz mono WAV, one espeak-ng voice per speaker, 0.6 s between turns."""
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    frames: list[bytes] = []
    for i, (who, text) in enumerate(turns):
        voice, speed = VOICES[who]
        raw, piece = out.parent / f"t{i}.raw.wav", out.parent / f"t{i}.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text], check=True)
        subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(piece)], check=True)
        with wave.open(str(piece)) as w:
            frames += [w.readframes(w.getnframes()), b"\0\0" * int(0.6 * RATE)]
    with wave.open(str(out), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(frames))
    return out


@pytest.fixture
def speak() -> Speak:
    return _speak


@pytest.fixture
def therapist(factory, db) -> dict[str, Any]:
    org = factory.organisation()
    user = factory.user(org, Role.PT, username=f"pt.worker.{uuid.uuid4().hex[:6]}")
    episode = factory.episode(factory.client(org), user)
    db.commit()
    return {"username": user.username, "episode_id": episode.id}
