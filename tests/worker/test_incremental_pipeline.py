"""Incremental transcription through the upload API and the task functions, in-process.

The tablet uploads a spoken session as 5 s pieces of one PCM WAV (split by bytes, as a recorder
streaming to disk would send it); after every chunk the increment task runs, as the worker would
when the chunk's message arrives. Partial words must show before the upload completes, the final
task must finish from the saved state (only the tail left), and the result must be the whole-file
transcript: no words lost or doubled at window edges, one transcript and one draft.
"""

from __future__ import annotations

import logging

import jiwer
import pytest
from sqlalchemy import select
from whisper_normalizer.english import EnglishTextNormalizer

import pipeline_tasks
from models.enums import RecordingStatus
from models.orm import Recording, Transcript, TranscriptSegment
from tests.tablet import complete, put_chunk, start_recording
from tests.worker.conftest import results

RATE = 16000
CHUNK_BYTES = 5 * RATE * 2  # 5 s of 16-bit mono

TURNS = [
    ("T", "Good morning. How has the knee been since the last visit?"),
    ("P", "My pain is three out of ten, better than last week, but the stairs are still hard."),
    ("T", "Knee flexion today is one hundred five degrees and extension lacks five degrees."),
    ("T", "We did three sets of ten straight leg raises and then quad sets for fifteen minutes."),
    ("P", "I used the cane outside but not inside the house this week."),
    ("T", "Quadriceps strength is four minus out of five on the right side."),
    ("T", "Then gait training for ten minutes on level surfaces and one flight of stairs."),
    ("P", "Going down the stairs in the evening is the worst part, my knee feels stiff."),
    ("T", "She walked two hundred feet with stand by assist and no loss of balance."),
    ("T", "Her timed up and go was fourteen point two seconds, down from eighteen seconds."),
    ("P", "I feel tired now, but the knee does not hurt more than before we started."),
    ("T", "Single leg stance was eight seconds on the right and twelve seconds on the left."),
    ("T", "Plan: progress the step height next visit and continue the home exercise program."),
    ("P", "Thank you, I will keep doing the exercises every evening after dinner."),
]
_NORM = EnglishTextNormalizer()


@pytest.mark.slow
def test_chunks_are_transcribed_while_uploading_and_the_tail_finishes_it(
    speak, tmp_path, settings, session_factory, client, login, therapist, caplog
) -> None:
    from scribe.audio import load_audio
    from scribe.pipeline import transcribe_audio

    wav = speak(TURNS, tmp_path / "session.wav")
    data = wav.read_bytes()
    seconds = (len(data) - 44) / 2 / RATE
    assert 60 < seconds < 100, seconds
    headers = login(therapist["username"])
    _, rid = start_recording(client, headers, therapist["episode_id"])
    pieces = [data[i : i + CHUNK_BYTES] for i in range(0, len(data), CHUNK_BYTES)]

    partial_seen_at: int | None = None
    for i, piece in enumerate(pieces):
        assert put_chunk(client, headers, rid, i, piece).status_code == 201
        # A repeated chunk is accepted once and queues nothing new.
        assert put_chunk(client, headers, rid, i, piece).status_code == 200
        result = pipeline_tasks.run_increment(rid, settings)
        assert result.startswith("incremented"), result
        partial = client.get(f"/api/recordings/{rid}?partial=true", headers=headers).json()
        if partial["partial_text"] and partial_seen_at is None:
            partial_seen_at = i
            assert partial["status"] == "uploading"
            assert len(partial["partial_text"].split()) > 20
            assert 0 < partial["transcribed_until_s"] <= (i + 1) * 5
    assert partial_seen_at is not None
    assert partial_seen_at < len(pieces) - 2
    state = client.get(f"/api/recordings/{rid}", headers=headers).json()
    assert state["status"] == "uploading"
    assert state["transcribed_until_s"] > seconds - 45  # at most a window and a chunk left
    with session_factory() as db:
        assert db.get_one(Recording, rid).increment_lease_at is None  # the task let go

    complete(client, headers, rid, data, len(pieces))
    # An increment that arrives after completion does nothing.
    assert pipeline_tasks.run_increment(rid, settings) == "not_uploading"
    with caplog.at_level(logging.INFO, logger="rehab_scribe.pipeline"):
        assert pipeline_tasks.run_transcription(rid, settings) == "transcribed"
    assert "finished incrementally" in caplog.text
    assert pipeline_tasks.run_transcription(rid, settings) == "already_transcribed"
    assert results(session_factory, rid) == {"transcripts": 1, "drafts": 1, "notes": 1}

    with session_factory() as db:
        rec = db.get_one(Recording, rid)
        assert rec.status == RecordingStatus.TRANSCRIBED
        assert rec.progress == 1.0
        assert rec.partial_state is None
        tid = db.scalar(select(Transcript.id).where(Transcript.recording_id == rid))
        segments = db.scalars(
            select(TranscriptSegment)
            .where(TranscriptSegment.transcript_id == tid)
            .order_by(TranscriptSegment.segment_index)
        ).all()
        words = [w for s in segments for w in (s.words or [])]
        speakers = {s.speaker.value for s in segments}
    assert all(a["end"] <= b["start"] + 0.05 for a, b in zip(words, words[1:], strict=False))  # none doubled
    assert {"therapist", "client"} <= speakers
    got = " ".join(s.text for s in segments)
    whole = transcribe_audio(
        load_audio(wav), discipline="pt", settings=settings, context_terms=["Ambulate 150 feet independently"]
    )
    expected = " ".join(s.text for s in whole.segments)
    assert jiwer.wer(_NORM(expected), _NORM(got)) < 0.1, (expected, got)


@pytest.mark.slow
def test_damaged_state_falls_back_to_the_whole_file(
    speak, tmp_path, settings, session_factory, client, login, therapist, caplog
) -> None:
    wav = speak(TURNS[:3], tmp_path / "short.wav")
    data = wav.read_bytes()
    headers = login(therapist["username"])
    _, rid = start_recording(client, headers, therapist["episode_id"])
    pieces = [data[i : i + CHUNK_BYTES] for i in range(0, len(data), CHUNK_BYTES)]
    for i, piece in enumerate(pieces):
        assert put_chunk(client, headers, rid, i, piece).status_code == 201
    with session_factory() as db:
        rec = db.get_one(Recording, rid)
        tr = pipeline_tasks._transcriber(pipeline_tasks._job_for(db, rec), settings)
        state = tr.state()
        state["committed_until"] = 5.0
        state["words"] = [[3.0, 3.5, "later", 0.9], [1.0, 1.5, "earlier", 0.9]]  # out of order
        rec.partial_state, rec.committed_until_s = state, 5.0
        db.commit()
    complete(client, headers, rid, data, len(pieces))
    with caplog.at_level(logging.INFO, logger="rehab_scribe.pipeline"):
        assert pipeline_tasks.run_transcription(rid, settings) == "transcribed"
    assert "finished incrementally" not in caplog.text
    assert results(session_factory, rid) == {"transcripts": 1, "drafts": 1, "notes": 1}
    with session_factory() as db:
        tid = db.scalar(select(Transcript.id).where(Transcript.recording_id == rid))
        text = " ".join(
            db.scalars(select(TranscriptSegment.text).where(TranscriptSegment.transcript_id == tid))
        )
    assert "later" not in text.lower().split()
    assert "pain" in text.lower()
