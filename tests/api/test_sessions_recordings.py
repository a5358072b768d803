"""Sessions and resumable chunked recording upload: consent, idempotency, ordering, integrity, scope."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

import pipeline_tasks
from models.audit import verify_chain
from models.enums import RecordingStatus
from models.orm import Recording, RecordingChunk, RecordingDraft, Transcript
from models.types import utcnow
from storage.blobs import open_blob_store


def one(db, stmt) -> Any:
    """A scalar, then end the transaction (SQLite's BEGIN IMMEDIATE would block the app)."""
    try:
        return db.scalar(stmt)
    finally:
        db.commit()  # expire_on_commit=False: fixtures stay loaded


def every(db, stmt) -> list[Any]:
    try:
        return list(db.scalars(stmt).all())
    finally:
        db.commit()  # expire_on_commit=False: fixtures stay loaded


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def queued_messages(settings) -> list[Path]:
    """Messages waiting in the embedded (filesystem) broker."""
    folder = settings.data_dir / "broker" / "queue"
    return (
        sorted(p for p in folder.glob("*") if p.is_file() and not p.name.startswith("."))
        if folder.exists()
        else []
    )


@pytest.fixture
def pt(login, clinic) -> dict[str, str]:
    return login("pt.one")


def new_session(client, headers, episode_id: int, consent: bool = True) -> dict[str, Any]:
    response = client.post(
        "/api/sessions", json={"episode_id": episode_id, "consent_to_record": consent}, headers=headers
    )
    assert response.status_code == 201, response.text
    return response.json()


def new_recording(client, headers, session_id: int, upload_id: str | None = None) -> dict[str, Any]:
    response = client.post(
        f"/api/sessions/{session_id}/recordings",
        json={"client_upload_id": upload_id or uuid.uuid4().hex, "content_type": "audio/webm;codecs=opus"},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


def put_chunk(client, headers, recording_id: int, index: int, data: bytes, digest: str | None = None):
    return client.put(
        f"/api/recordings/{recording_id}/chunks/{index}",
        content=data,
        headers={
            **headers,
            "X-Chunk-SHA256": digest or sha(data),
            "Content-Type": "application/octet-stream",
        },
    )


@pytest.fixture
def recording(client, clinic, pt) -> dict[str, Any]:
    session = new_session(client, pt, clinic["own"].id)
    return new_recording(client, pt, session["id"])


# --- sessions and consent ---------------------------------------------------------------------


def test_session_on_own_episode_records_consent(client, clinic, pt) -> None:
    body = new_session(client, pt, clinic["own"].id)
    assert body["consent_to_record"] is True
    assert body["consent_recorded_at"] is not None
    assert body["provider_id"] == clinic["pt"].id
    again = client.get(f"/api/sessions/{body['id']}", headers=pt)
    assert again.status_code == 200
    assert again.json()["episode_id"] == clinic["own"].id


def test_session_on_another_therapists_episode_is_404(client, clinic, pt) -> None:
    response = client.post(
        "/api/sessions", json={"episode_id": clinic["pt2_only"].id, "consent_to_record": True}, headers=pt
    )
    assert response.status_code == 404


def test_recording_without_consent_is_refused_until_consent_is_recorded(client, clinic, pt, db) -> None:
    session = new_session(client, pt, clinic["own"].id, consent=False)
    assert session["consent_recorded_at"] is None
    refused = client.post(
        f"/api/sessions/{session['id']}/recordings",
        json={"client_upload_id": uuid.uuid4().hex, "content_type": "audio/webm"},
        headers=pt,
    )
    assert refused.status_code == 409
    assert refused.json()["detail"]["code"] == "consent_required"
    assert "consent" in refused.json()["detail"]["message"]
    assert one(db, select(func.count(Recording.id))) == 0

    assert client.post(f"/api/sessions/{session['id']}/consent", headers=pt).json()["consent_to_record"]
    assert new_recording(client, pt, session["id"])["status"] == "uploading"


def test_unsupported_content_type_is_422(client, clinic, pt) -> None:
    session = new_session(client, pt, clinic["own"].id)
    response = client.post(
        f"/api/sessions/{session['id']}/recordings",
        json={"client_upload_id": uuid.uuid4().hex, "content_type": "text/plain"},
        headers=pt,
    )
    assert response.status_code == 422
    assert response.json()["detail"]["code"] == "unsupported_content_type"


def test_create_recording_is_idempotent_by_client_upload_id(client, clinic, pt, db) -> None:
    session = new_session(client, pt, clinic["own"].id)
    upload_id = uuid.uuid4().hex
    first = new_recording(client, pt, session["id"], upload_id)
    retry = client.post(
        f"/api/sessions/{session['id']}/recordings",
        json={"client_upload_id": upload_id, "content_type": "audio/webm"},
        headers=pt,
    )
    assert retry.status_code == 200
    assert retry.json()["id"] == first["id"]
    assert one(db, select(func.count(Recording.id))) == 1
    # The same id on another session is a client bug, not a resume.
    other = new_session(client, pt, clinic["own"].id)
    clash = client.post(
        f"/api/sessions/{other['id']}/recordings",
        json={"client_upload_id": upload_id, "content_type": "audio/webm"},
        headers=pt,
    )
    assert clash.status_code == 409
    assert clash.json()["detail"]["code"] == "client_upload_id_in_use"
    assert client.get(f"/api/sessions/{session['id']}", headers=pt).json()["recording_ids"] == [first["id"]]


# --- chunks -----------------------------------------------------------------------------------


def test_chunks_are_stored_encrypted_and_a_repeated_chunk_is_accepted_once(
    client, pt, recording, db, settings
):
    rid = recording["id"]
    data = b"first chunk of audio bytes " * 10
    created = put_chunk(client, pt, rid, 0, data)
    assert created.status_code == 201, created.text
    assert created.json()["next_chunk_index"] == 1
    repeated = put_chunk(client, pt, rid, 0, data)
    assert repeated.status_code == 200
    assert repeated.json()["duplicate"] is True
    assert one(db, select(func.count(RecordingChunk.id)).where(RecordingChunk.recording_id == rid)) == 1

    (chunk,) = every(db, select(RecordingChunk).where(RecordingChunk.recording_id == rid))
    raw = (settings.resolved_storage_dir / chunk.storage_key).read_bytes()
    assert data[:20] not in raw  # ciphertext at rest
    assert open_blob_store(settings).get(chunk.storage_key) == data
    state = client.get(f"/api/recordings/{rid}", headers=pt).json()
    assert state["chunks_received"] == [0]
    assert state["next_chunk_index"] == 1
    assert state["bytes_received"] == len(data)


def test_a_different_chunk_at_a_taken_index_is_a_conflict(client, pt, recording) -> None:
    rid = recording["id"]
    assert put_chunk(client, pt, rid, 0, b"original").status_code == 201
    response = put_chunk(client, pt, rid, 0, b"replacement")
    assert response.status_code == 409
    assert response.json()["detail"]["code"] == "chunk_conflict"


def test_a_gap_is_refused_and_names_the_expected_index(client, pt, recording, db) -> None:
    rid = recording["id"]
    assert put_chunk(client, pt, rid, 0, b"zero").status_code == 201
    response = put_chunk(client, pt, rid, 2, b"two")
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert detail["code"] == "chunk_gap"
    assert detail["expected_index"] == 1
    assert "expected chunk 1" in detail["message"]
    # The recording stays consistent: the refused chunk left nothing behind, and resuming works.
    assert every(db, select(RecordingChunk.chunk_index).where(RecordingChunk.recording_id == rid)) == [0]
    assert put_chunk(client, pt, rid, 1, b"one").status_code == 201
    assert put_chunk(client, pt, rid, 2, b"two").status_code == 201


def test_checksum_mismatch_and_missing_checksum_are_refused(client, pt, recording, db) -> None:
    rid = recording["id"]
    bad = put_chunk(client, pt, rid, 0, b"bytes damaged in transit", digest=sha(b"what the tablet sent"))
    assert bad.status_code == 422
    detail = bad.json()["detail"]
    assert (detail["code"], detail["index"], detail["expected_sha256"], detail["received_sha256"]) == (
        "checksum_mismatch",
        0,
        sha(b"what the tablet sent"),
        sha(b"bytes damaged in transit"),
    )
    missing = client.put(f"/api/recordings/{rid}/chunks/0", content=b"abc", headers=pt)
    assert missing.status_code == 422
    assert missing.json()["detail"]["code"] == "checksum_required"
    assert one(db, select(func.count(RecordingChunk.id))) == 0
    assert put_chunk(client, pt, rid, 0, b"bytes sent again intact").status_code == 201


def test_oversize_upload_is_413(client, pt, recording, settings, db) -> None:
    settings.max_upload_bytes = 100
    rid = recording["id"]
    too_big = put_chunk(client, pt, rid, 0, b"x" * 101)
    assert too_big.status_code == 413
    assert too_big.json()["detail"]["code"] == "upload_too_large"
    # The limit is for the whole recording, not only one chunk.
    assert put_chunk(client, pt, rid, 0, b"a" * 60).status_code == 201
    assert put_chunk(client, pt, rid, 1, b"b" * 60).status_code == 413
    assert one(db, select(func.count(RecordingChunk.id))) == 1


def test_another_users_recording_and_session_are_404(client, clinic, login, pt) -> None:
    other = login("pt.two")
    session = new_session(client, other, clinic["pt2_only"].id)
    rec = new_recording(client, other, session["id"])
    assert put_chunk(client, other, rec["id"], 0, b"theirs").status_code == 201

    missing = client.get("/api/recordings/987654", headers=pt)
    hidden = client.get(f"/api/recordings/{rec['id']}", headers=pt)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content == b""
    assert put_chunk(client, pt, rec["id"], 1, b"mine").status_code == 404
    assert (
        client.post(f"/api/recordings/{rec['id']}/complete", json={"total_chunks": 1}, headers=pt).status_code
        == 404
    )
    assert client.get(f"/api/sessions/{session['id']}", headers=pt).status_code == 404
    assert (
        client.post(
            f"/api/sessions/{session['id']}/recordings",
            json={"client_upload_id": uuid.uuid4().hex, "content_type": "audio/webm"},
            headers=pt,
        ).status_code
        == 404
    )
    # Even without a body or checksum: the object check comes first.
    assert client.put(f"/api/recordings/{rec['id']}/chunks/0", headers=pt).status_code == 404
    assert client.post(f"/api/recordings/{rec['id']}/complete", headers=pt).status_code == 404
    assert client.get(f"/api/recordings/{rec['id']}", headers=other).json()["chunks_received"] == [0]


def test_biller_cannot_start_sessions(client, clinic, login) -> None:
    response = client.post(
        "/api/sessions",
        json={"episode_id": clinic["own"].id, "consent_to_record": True},
        headers=login("biller.one"),
    )
    assert response.status_code == 404


# --- completion -------------------------------------------------------------------------------


def test_complete_assembles_stores_and_queues_once_after_commit(client, pt, recording, settings, db) -> None:
    rid = recording["id"]
    parts = [b"part-one|", b"part-two|", b"part-three"]
    for i, part in enumerate(parts):
        assert put_chunk(client, pt, rid, i, part).status_code == 201
    whole = b"".join(parts)

    incomplete = client.post(f"/api/recordings/{rid}/complete", json={"total_chunks": 4}, headers=pt)
    assert incomplete.status_code == 409
    assert incomplete.json()["detail"]["code"] == "upload_incomplete"
    assert incomplete.json()["detail"]["next_expected_index"] == 3
    wrong = client.post(
        f"/api/recordings/{rid}/complete", json={"total_chunks": 3, "sha256": sha(b"x")}, headers=pt
    )
    assert wrong.status_code == 422
    assert wrong.json()["detail"]["code"] == "checksum_mismatch"
    assert wrong.json()["detail"]["expected_sha256"] == sha(b"x")
    assert wrong.json()["detail"]["received_sha256"] == sha(whole)
    assert queued_messages(settings) == []  # refused completions queue nothing

    done = client.post(
        f"/api/recordings/{rid}/complete", json={"total_chunks": 3, "sha256": sha(whole)}, headers=pt
    )
    assert done.status_code == 202, done.text
    body = done.json()
    assert body["status"] == "uploaded"
    assert body["sha256"] == sha(whole)
    assert body["size_bytes"] == len(whole)
    assert len(queued_messages(settings)) == 1

    (stored,) = every(db, select(Recording).where(Recording.id == rid))
    assert open_blob_store(settings).get(stored.storage_key) == whole
    assert whole not in (settings.resolved_storage_dir / stored.storage_key).read_bytes()

    again = client.post(f"/api/recordings/{rid}/complete", json={"total_chunks": 3}, headers=pt)
    assert again.status_code == 202
    assert again.json()["id"] == rid
    assert len(queued_messages(settings)) == 1  # a duplicate complete queues nothing more
    clash = client.post(f"/api/recordings/{rid}/complete", json={"total_chunks": 2}, headers=pt)
    assert clash.status_code == 409

    # After completion: the same last chunk again is fine (a retry), a new one is refused.
    assert put_chunk(client, pt, rid, 2, parts[2]).status_code == 200
    late = put_chunk(client, pt, rid, 3, b"too late")
    assert late.status_code == 409
    assert late.json()["detail"]["code"] == "upload_closed"
    assert verify_chain(db).ok


def test_a_stored_chunk_changed_since_upload_stops_completion(client, pt, recording, settings, db) -> None:
    rid = recording["id"]
    for i, part in enumerate([b"chunk zero", b"chunk one"]):
        assert put_chunk(client, pt, rid, i, part).status_code == 201
    key = one(
        db,
        select(RecordingChunk.storage_key).where(
            RecordingChunk.recording_id == rid, RecordingChunk.chunk_index == 1
        ),
    )
    open_blob_store(settings).put(key, b"other bytes")  # decrypts fine, but not what was accepted

    response = client.post(f"/api/recordings/{rid}/complete", json={"total_chunks": 2}, headers=pt)
    assert response.status_code == 409
    assert response.json()["detail"]["code"] == "stored_chunk_corrupt"
    assert response.json()["detail"]["index"] == 1
    assert client.get(f"/api/recordings/{rid}", headers=pt).json()["status"] == "uploading"
    assert queued_messages(settings) == []


def upload(client, headers, recording_id: int, data: bytes, chunk: int = 4096) -> dict[str, Any]:
    pieces = [data[i : i + chunk] for i in range(0, len(data), chunk)] or [b""]
    for i, piece in enumerate(pieces):
        assert put_chunk(client, headers, recording_id, i, piece).status_code == 201
    done = client.post(
        f"/api/recordings/{recording_id}/complete", json={"total_chunks": len(pieces)}, headers=headers
    )
    assert done.status_code == 202, done.text
    return done.json()


def test_corrupt_audio_fails_with_a_clear_reason_and_nothing_else_breaks(
    client, clinic, pt, settings, db
) -> None:
    session = new_session(client, pt, clinic["own"].id)
    bad = new_recording(client, pt, session["id"])
    upload(client, pt, bad["id"], b"this is a text file pretending to be audio\n" * 200)

    assert pipeline_tasks.run_transcription(bad["id"], settings) == "failed"
    state = client.get(f"/api/recordings/{bad['id']}", headers=pt).json()
    assert state["status"] == "failed"
    assert "not an audio file" in state["failure_reason"]
    assert state["failure_reason"].startswith("The recording could not be transcribed")
    assert state["attempts"] == 1
    assert state["transcript_id"] is None
    assert state["note_id"] is None
    # Bad audio is final: running the task again changes nothing (no retry loop).
    assert pipeline_tasks.run_transcription(bad["id"], settings) == "failed"
    assert client.get(f"/api/recordings/{bad['id']}", headers=pt).json()["attempts"] == 1

    # The rest of the system carries on: a new recording on the same session uploads normally.
    good = new_recording(client, pt, session["id"])
    assert upload(client, pt, good["id"], b"\x1aE\xdf\xa3" + b"\0" * 100)["status"] == "uploaded"
    assert client.get(f"/api/sessions/{session['id']}", headers=pt).json()["recording_ids"] == [
        bad["id"],
        good["id"],
    ]
    assert one(db, select(func.count(Transcript.id))) == 0


def test_task_for_a_missing_or_unfinished_recording_returns(client, pt, recording, settings) -> None:
    assert pipeline_tasks.run_transcription(987654, settings) == "missing"
    assert pipeline_tasks.run_transcription(recording["id"], settings) == "not_uploaded"
    assert client.get(f"/api/recordings/{recording['id']}", headers=pt).json()["attempts"] == 0


# --- the recovery sweep -------------------------------------------------------------------------


def test_requeue_stuck_resends_stale_recordings_and_fails_those_at_the_cap(
    client, clinic, pt, settings, session_factory
) -> None:
    session = new_session(client, pt, clinic["own"].id)
    ids = []
    for _ in range(3):
        rec = new_recording(client, pt, session["id"])
        upload(client, pt, rec["id"], b"audio?")
        ids.append(rec["id"])
    stale, fresh, capped = ids
    old = utcnow() - timedelta(minutes=10)
    with session_factory() as db:
        db.execute(
            update(Recording)
            .where(Recording.id == stale)
            .values(status=RecordingStatus.TRANSCRIBING, attempts=1, updated_at=old)
        )
        db.execute(
            update(Recording)
            .where(Recording.id == fresh)
            .values(status=RecordingStatus.TRANSCRIBING, attempts=1, updated_at=utcnow())
        )
        db.execute(
            update(Recording)
            .where(Recording.id == capped)
            .values(
                status=RecordingStatus.TRANSCRIBING,
                attempts=pipeline_tasks.MAX_ATTEMPTS,
                updated_at=old,
                failure_reason="Attempt 3 failed (MemoryError)",
            )
        )
        db.commit()
    before = len(queued_messages(settings))

    with session_factory() as db:
        resent = pipeline_tasks.requeue_stuck(db, older_than_s=120, settings=settings)
        assert resent == [stale]
        assert len(queued_messages(settings)) == before  # nothing is sent before the commit
        db.commit()
    assert len(queued_messages(settings)) == before + 1

    states = {i: client.get(f"/api/recordings/{i}", headers=pt).json() for i in ids}
    assert states[stale]["status"] == "uploaded"
    assert states[fresh]["status"] == "transcribing"
    assert states[capped]["status"] == "failed"
    assert "did not finish after 3 attempts" in states[capped]["failure_reason"]
    assert "MemoryError" in states[capped]["failure_reason"]

    # A rolled-back sweep sends nothing.
    with session_factory() as db:
        db.execute(update(Recording).where(Recording.id == stale).values(updated_at=old))
        db.commit()
        assert pipeline_tasks.requeue_stuck(db, older_than_s=120, settings=settings) == [stale]
        db.rollback()
    assert len(queued_messages(settings)) == before + 1


def test_a_transcribed_recording_is_never_claimed_again(
    client, pt, recording, settings, session_factory
) -> None:
    upload(client, pt, recording["id"], b"audio")
    with session_factory() as db:
        db.execute(
            update(Recording)
            .where(Recording.id == recording["id"])
            .values(status=RecordingStatus.TRANSCRIBED, progress=1.0)
        )
        db.commit()
    assert pipeline_tasks.run_transcription(recording["id"], settings) == "already_transcribed"
    with session_factory() as db:
        assert one(db, select(func.count(RecordingDraft.recording_id))) == 0
        assert db.get(Recording, recording["id"]).attempts == 0


def test_every_session_and_recording_route_is_404_for_another_therapist(
    app, client, clinic, login, pt
) -> None:
    """The route-table check of test_authorization, for this module's ids (no body, no headers sent)."""
    other = login("pt.two")
    session = new_session(client, other, clinic["pt2_only"].id)
    rec = new_recording(client, other, session["id"])
    ids = {"session_id": session["id"], "recording_id": rec["id"]}
    routes = [
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        if path.startswith(("/api/sessions/", "/api/recordings/"))
        for method in operations
    ]
    assert len(routes) == 6
    for method, path in routes:
        url = path.replace("{session_id}", str(ids["session_id"])).replace(
            "{recording_id}", str(ids["recording_id"])
        )
        url = url.replace("{index}", "0")
        response = client.request(method, url, headers=pt)
        assert response.status_code == 404, (method, path, response.status_code)
        assert "Lindqvist" not in response.text
