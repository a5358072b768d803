"""Shared set-up for the real-worker tests: spoken session audio, a therapist with an episode, an
upload through the API as the tablet does it, and helpers that wait for and count the results."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

import worker
from models.enums import RecordingStatus, Role
from models.orm import Note, Recording, RecordingDraft, Transcript
from tests.scribe.conftest import speak_session
from tests.tablet import upload

VOICES = {"T": ("en-us+m3", 165), "P": ("en-us+f3", 150)}
RATE = 16000

Speak = Callable[[list[tuple[str, str]], Path], Path]


@pytest.fixture
def backend() -> str:
    """Real-worker tests share one SQLite file between the test process and the workers."""
    return "sqlite"


def _speak(turns: list[tuple[str, str]], out: Path) -> Path:
    """One 16 kHz mono WAV spoken the way the scribe tests speak theirs (tests/scribe/conftest.py)."""
    return speak_session(turns, out).wav


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


SHORT = [
    ("T", "Good morning. Knee flexion today is one hundred five degrees."),
    ("P", "My pain is three out of ten, better than last week."),
    ("T", "We did three sets of ten straight leg raises for fifteen minutes."),
]


@pytest.fixture
def uploaded(client, login, therapist) -> Callable[[Path], int]:
    """Upload a file as the tablet would (8 KiB chunks, then complete) and return the recording id."""

    def _upload(path: Path) -> int:
        headers = login(therapist["username"])
        return upload(client, headers, therapist["episode_id"], path.read_bytes())[1]

    return _upload


def recording_state(session_factory, recording_id: int) -> Recording:
    with session_factory() as db:
        rec = db.get_one(Recording, recording_id)
        db.expunge(rec)
        return rec


def wait_for(
    session_factory,
    recording_id: int,
    statuses: set[RecordingStatus],
    timeout_s: float,
    proc: worker.EmbeddedWorker | None = None,
) -> Recording:
    deadline = time.monotonic() + timeout_s
    while True:
        rec = recording_state(session_factory, recording_id)
        if rec.status in statuses:
            return rec
        if proc is not None and not proc.running:
            pytest.fail(f"worker exited while recording was {rec.status}")
        if time.monotonic() > deadline:
            pytest.fail(f"recording still {rec.status} ({rec.progress:.0%}) after {timeout_s} s")
        time.sleep(0.25)


def wait_transcribed(
    session_factory: sessionmaker[Session], recording_id: int, timeout_s: float, proc: worker.EmbeddedWorker
) -> Recording:
    """Wait until the worker is done with the recording, and fail with its reason unless transcribed."""
    rec = wait_for(
        session_factory,
        recording_id,
        {RecordingStatus.TRANSCRIBED, RecordingStatus.FAILED},
        timeout_s=timeout_s,
        proc=proc,
    )
    assert rec.status == RecordingStatus.TRANSCRIBED, rec.failure_reason
    return rec


def results(session_factory, recording_id: int) -> dict[str, int]:
    with session_factory() as db:
        therapy_session_id = db.get_one(Recording, recording_id).therapy_session_id
        return {
            "transcripts": db.scalar(
                select(func.count(Transcript.id)).where(Transcript.recording_id == recording_id)
            ),
            "drafts": db.scalar(
                select(func.count())
                .select_from(RecordingDraft)
                .where(RecordingDraft.recording_id == recording_id)
            ),
            "notes": db.scalar(
                select(func.count(Note.id)).where(Note.therapy_session_id == therapy_session_id)
            ),
        }
