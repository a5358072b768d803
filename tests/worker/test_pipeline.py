"""The recording pipeline through real `celery worker --pool=solo` processes on the embedded broker.

Upload (API) -> assembled, encrypted recording -> transcription task -> transcript + draft note, with
espeak-ng speech and the packaged tiny.en model. The fault test kills the worker with SIGKILL while
it transcribes; kombu's filesystem transport has already deleted the message by then, so the
recovery sweep (`requeue_stuck`) queues the recording again and a fresh worker finishes it: one
transcript, one draft note, attempts within the cap. SQLite only (the workers share its file).
"""

from __future__ import annotations

import hashlib
import time
import wave
from pathlib import Path

import pytest
from sqlalchemy import select

import pipeline_tasks
import worker
from models.enums import RecordingStatus
from models.orm import Note, NoteVersion, TranscriptSegment
from signing.signature import canonical_json
from tests.worker.conftest import SHORT, recording_state, results, wait_for, wait_transcribed

pytestmark = pytest.mark.slow

RATE = 16000

LONG = [
    *SHORT,
    ("P", "The stairs at home are still hard, especially going down in the evening."),
    ("T", "Quadriceps strength is four minus out of five on the right side."),
    ("T", "Then gait training for ten minutes on level surfaces and one flight of stairs."),
    ("P", "I used the cane outside but not inside the house this week."),
    ("T", "She walked two hundred feet with stand by assist and no loss of balance."),
    ("T", "Her timed up and go was fourteen point two seconds, down from eighteen seconds."),
    ("P", "I feel tired now, but the knee does not hurt more than before we started."),
    ("T", "Single leg stance was eight seconds on the right and twelve seconds on the left."),
    ("T", "Plan: progress the step height next visit and continue the home exercise program."),
    ("P", "Thank you, I will keep doing the exercises every evening after dinner."),
]


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def test_upload_to_draft_note_through_a_real_worker(
    speak, tmp_path, settings, session_factory, uploaded, client, login, therapist
) -> None:
    wav = speak(SHORT, tmp_path / "short.wav")
    assert 6 < wav_seconds(wav) < 16
    recording_id = uploaded(wav)

    with worker.EmbeddedWorker(settings, loglevel="WARNING") as proc:
        wait_transcribed(session_factory, recording_id, timeout_s=300, proc=proc)
        # A duplicate message (a redelivery) finds the work done.
        pipeline_tasks.send_transcriptions(settings, [recording_id])
        time.sleep(3)

    headers = login(therapist["username"])
    state = client.get(f"/api/recordings/{recording_id}", headers=headers).json()
    assert state["status"] == "transcribed"
    assert state["progress_percent"] == 100.0
    assert state["attempts"] == 1
    assert state["transcript_id"]
    assert state["note_id"]
    # Run the task once more in-process: still one transcript and one draft.
    assert pipeline_tasks.run_transcription(recording_id, settings) == "already_transcribed"
    assert results(session_factory, recording_id) == {"transcripts": 1, "drafts": 1, "notes": 1}

    with session_factory() as db:
        segments = db.scalars(
            select(TranscriptSegment)
            .where(TranscriptSegment.transcript_id == state["transcript_id"])
            .order_by(TranscriptSegment.segment_index)
        ).all()
        assert segments
        assert all(s.end_s >= s.start_s for s in segments)
        text = " ".join(s.text for s in segments).lower()
        assert any(word in text for word in ("knee", "flexion", "pain", "leg")), text
        note = db.get_one(Note, state["note_id"])
        assert note.status.value == "draft"
        assert note.current_version == 1
        version = db.scalars(select(NoteVersion).where(NoteVersion.note_id == note.id)).one()
    content = version.content
    for key in (
        "contract",
        "discipline",
        "transcript",
        "note",
        "measurements",
        "negated_findings",
        "interventions",
        "goals",
        "pulled_forward",
        "billing_preview",
        "warnings",
    ):
        assert key in content, key
    assert content["contract"] == "draft/1"
    assert content["discipline"] == "pt"
    assert set(content["note"]["sections"]) >= {"subjective", "objective", "assessment", "plan"}
    assert content["transcript"]["segments"]
    assert version.content_sha256 == hashlib.sha256(canonical_json(content)).hexdigest()


def test_worker_killed_mid_transcription_is_recovered_exactly_once(
    speak, tmp_path, settings, session_factory, uploaded, client, login, therapist
) -> None:
    wav = speak(LONG, tmp_path / "long.wav")
    assert wav_seconds(wav) > 40
    recording_id = uploaded(wav)

    first = worker.EmbeddedWorker(settings, loglevel="WARNING")
    first.start()
    try:
        wait_for(session_factory, recording_id, {RecordingStatus.TRANSCRIBING}, timeout_s=120, proc=first)
        # Progress shows through the API while the worker runs (the audio is decoded by then).
        headers = login(therapist["username"])
        deadline = time.monotonic() + 120
        while (state := client.get(f"/api/recordings/{recording_id}", headers=headers).json())[
            "progress_percent"
        ] <= 0:
            assert time.monotonic() < deadline, state
            assert state["status"] == "transcribing", state
            time.sleep(0.25)
        assert 0 < state["progress_percent"] < 100
        assert first.process is not None
        first.process.kill()  # SIGKILL: no warm shutdown, no cleanup
        first.process.wait(timeout=30)
    finally:
        first.stop()

    rec = recording_state(session_factory, recording_id)
    assert rec.status == RecordingStatus.TRANSCRIBING
    assert rec.attempts == 1
    assert results(session_factory, recording_id)["transcripts"] == 0

    # The filesystem broker deleted the message on delivery: the sweep finds the orphan and resends it.
    with session_factory() as db:
        assert pipeline_tasks.requeue_stuck(db, older_than_s=0, settings=settings) == [recording_id]
        db.commit()
    assert recording_state(session_factory, recording_id).status == RecordingStatus.UPLOADED

    with worker.EmbeddedWorker(settings, loglevel="WARNING") as second:
        rec = wait_transcribed(session_factory, recording_id, timeout_s=400, proc=second)
    assert 2 == rec.attempts <= pipeline_tasks.MAX_ATTEMPTS
    assert rec.progress == 1.0
    assert results(session_factory, recording_id) == {"transcripts": 1, "drafts": 1, "notes": 1}
