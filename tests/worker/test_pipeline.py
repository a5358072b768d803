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
import uuid
import wave
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

import pipeline_tasks
import worker
from models.enums import RecordingStatus
from models.orm import Note, NoteVersion, Recording, RecordingDraft, Transcript, TranscriptSegment
from signing.signature import canonical_json

pytestmark = pytest.mark.slow

RATE = 16000

SHORT = [
    ("T", "Good morning. Knee flexion today is one hundred five degrees."),
    ("P", "My pain is three out of ten, better than last week."),
    ("T", "We did three sets of ten straight leg raises for fifteen minutes."),
]
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


@pytest.fixture
def uploaded(client, login, therapist) -> Callable[[Path], int]:
    """Upload a file as the tablet would (8 KiB chunks, then complete) and return the recording id."""

    def _upload(path: Path) -> int:
        headers = login(therapist["username"])
        session = client.post(
            "/api/sessions",
            json={"episode_id": therapist["episode_id"], "consent_to_record": True},
            headers=headers,
        ).json()
        rec = client.post(
            f"/api/sessions/{session['id']}/recordings",
            json={"client_upload_id": uuid.uuid4().hex, "content_type": "audio/wav"},
            headers=headers,
        ).json()
        data = path.read_bytes()
        pieces = [data[i : i + 8192] for i in range(0, len(data), 8192)]
        for i, piece in enumerate(pieces):
            response = client.put(
                f"/api/recordings/{rec['id']}/chunks/{i}",
                content=piece,
                headers={**headers, "X-Chunk-SHA256": hashlib.sha256(piece).hexdigest()},
            )
            assert response.status_code == 201, response.text
        done = client.post(
            f"/api/recordings/{rec['id']}/complete",
            json={"total_chunks": len(pieces), "sha256": hashlib.sha256(data).hexdigest()},
            headers=headers,
        )
        assert done.status_code == 202, done.text
        return int(rec["id"])

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


def test_upload_to_draft_note_through_a_real_worker(
    speak, tmp_path, settings, session_factory, uploaded, client, login, therapist
) -> None:
    wav = speak(SHORT, tmp_path / "short.wav")
    assert 6 < wav_seconds(wav) < 16
    recording_id = uploaded(wav)

    with worker.EmbeddedWorker(settings, loglevel="WARNING") as proc:
        rec = wait_for(
            session_factory,
            recording_id,
            {RecordingStatus.TRANSCRIBED, RecordingStatus.FAILED},
            timeout_s=300,
            proc=proc,
        )
        assert rec.status == RecordingStatus.TRANSCRIBED, rec.failure_reason
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
        rec = wait_for(
            session_factory,
            recording_id,
            {RecordingStatus.TRANSCRIBED, RecordingStatus.FAILED},
            timeout_s=400,
            proc=second,
        )
    assert rec.status == RecordingStatus.TRANSCRIBED, rec.failure_reason
    assert 2 == rec.attempts <= pipeline_tasks.MAX_ATTEMPTS
    assert rec.progress == 1.0
    assert results(session_factory, recording_id) == {"transcripts": 1, "drafts": 1, "notes": 1}
