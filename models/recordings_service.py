"""Therapy sessions and their recordings: consent, resumable chunked upload, assembly.

Service functions take a `Caseload` (so every read is scoped to what the caller may see) and
`flush()`, never `commit()`: the request owns the transaction, and work that must follow the
commit (queueing transcription) is registered by the caller to run after it.

Upload invariants, kept by the database as well as here:
- chunks are contiguous from 0: a chunk beyond the next expected index is refused (a gap), so
  "received" is always `0..n-1` and the next expected index is simply `n`;
- one row per (recording, index) (a unique constraint); the identical chunk sent again is
  accepted without a second row, a different one at a taken index is a conflict;
- every chunk is written encrypted (AES-GCM) before its row exists, and the assembled
  recording is written encrypted, with its SHA-256, before the recording leaves `uploading`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.audit import record_event
from models.enums import RecordingStatus, TherapySessionStatus
from models.errors import ConflictError, DomainError, InvalidInputError, NotFoundError
from models.orm import Episode, Recording, RecordingChunk, RecordingDraft, TherapySession
from models.repositories import Caseload
from models.types import utcnow
from storage.blobs import BlobStore

SHA256_RE = re.compile(r"^[0-9a-fA-F]{64}$")

# MediaRecorder and tablet recorders; the extension only helps the decoder guess, PyAV probes anyway.
_EXTENSIONS = {
    "audio/webm": ".webm",
    "video/webm": ".webm",
    "audio/ogg": ".ogg",
    "application/ogg": ".ogg",
    "audio/mp4": ".m4a",
    "audio/x-m4a": ".m4a",
    "audio/m4a": ".m4a",
    "audio/aac": ".aac",
    "video/mp4": ".m4a",
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "audio/wave": ".wav",
    "audio/vnd.wave": ".wav",
    "audio/mpeg": ".mp3",
    "audio/mp3": ".mp3",
    "audio/flac": ".flac",
    "audio/x-flac": ".flac",
}


# --- errors with stable codes (the API puts `code` in the response body) -----------------------


class UploadError(DomainError):
    """A refused upload step; `code` is stable for clients, the message is for people."""

    code = "upload_error"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.details = details

    def to_detail(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **self.details}


class ConsentRequiredError(UploadError, ConflictError):
    code = "consent_required"


class ChunkConflictError(UploadError, ConflictError):
    code = "chunk_conflict"


class ChunkGapError(UploadError, ConflictError):
    code = "chunk_gap"


class UploadStateError(UploadError, ConflictError):
    code = "upload_closed"


class UploadIncompleteError(UploadError, ConflictError):
    code = "upload_incomplete"


class UploadIdConflictError(UploadError, ConflictError):
    code = "client_upload_id_in_use"


class ChecksumMismatchError(UploadError, InvalidInputError):
    code = "checksum_mismatch"


class ChecksumRequiredError(UploadError, InvalidInputError):
    code = "checksum_required"


class UnsupportedContentTypeError(UploadError, InvalidInputError):
    code = "unsupported_content_type"


class UploadTooLargeError(UploadError, InvalidInputError):
    """HTTP 413: the route maps this one itself (422 would invite a retry of the same bytes)."""

    code = "upload_too_large"


class StoredAudioError(UploadError, ConflictError):
    """A stored chunk no longer matches its checksum: the blob store was tampered with or damaged."""

    code = "stored_chunk_corrupt"


# --- scoped statements ------------------------------------------------------------------------


def sessions_stmt(caseload: Caseload) -> Select[TherapySession]:
    return select(TherapySession).where(TherapySession.episode_id.in_(caseload.episode_ids()))


def recordings_stmt(caseload: Caseload) -> Select[Recording]:
    visible_sessions = select(TherapySession.id).where(TherapySession.episode_id.in_(caseload.episode_ids()))
    return select(Recording).where(Recording.therapy_session_id.in_(visible_sessions))


def get_session(caseload: Caseload, session_id: int) -> TherapySession:
    found = caseload.session.scalars(sessions_stmt(caseload).where(TherapySession.id == session_id)).first()
    if found is None:
        raise NotFoundError("session not found")
    return found


def get_recording(caseload: Caseload, recording_id: int, *, for_update: bool = False) -> Recording:
    """The recording if the caller may see it; `for_update` locks the row (PostgreSQL) for a state change.

    SQLite transactions here start with BEGIN IMMEDIATE, which already serialises writers.
    """
    stmt = recordings_stmt(caseload).where(Recording.id == recording_id)
    if for_update:
        stmt = stmt.with_for_update(of=Recording)
    found = caseload.session.scalars(stmt).first()
    if found is None:
        raise NotFoundError("recording not found")
    return found


def session_recordings(session: Session, therapy_session_id: int) -> Sequence[Recording]:
    stmt = select(Recording).where(Recording.therapy_session_id == therapy_session_id).order_by(Recording.id)
    return session.scalars(stmt).all()


# --- sessions ---------------------------------------------------------------------------------


def create_session(
    caseload: Caseload,
    *,
    episode_id: int,
    date_of_service: date | None,
    consent_to_record: bool,
    request_id: str | None = None,
) -> TherapySession:
    """A visit on an episode the caller treats (or supervises), provided by the caller."""
    episode: Episode = caseload.get_episode(episode_id)
    now = utcnow()
    therapy_session = TherapySession(
        episode_id=episode.id,
        provider_id=caseload.user.id,
        location_id=episode.location_id,
        date_of_service=date_of_service or caseload.on,
        status=TherapySessionStatus.SCHEDULED,
        consent_to_record=consent_to_record,
        consent_recorded_at=now if consent_to_record else None,
    )
    caseload.session.add(therapy_session)
    caseload.session.flush()
    record_event(
        caseload.session,
        actor_user_id=caseload.user.id,
        action="therapy_session.create",
        client_id=episode.client_id,
        object_type="therapy_session",
        object_id=therapy_session.id,
        request_id=request_id,
    )
    return therapy_session


def record_consent(
    caseload: Caseload, therapy_session: TherapySession, *, request_id: str | None = None
) -> None:
    """Consent given after the session was created (idempotent: the first time stands)."""
    if therapy_session.consent_to_record:
        return
    therapy_session.consent_to_record = True
    therapy_session.consent_recorded_at = utcnow()
    caseload.session.flush()
    record_event(
        caseload.session,
        actor_user_id=caseload.user.id,
        action="therapy_session.consent",
        client_id=therapy_session.episode.client_id,
        object_type="therapy_session",
        object_id=therapy_session.id,
        request_id=request_id,
    )


# --- recordings -------------------------------------------------------------------------------


def _media_type(content_type: str | None) -> str:
    """`audio/webm;codecs=opus` -> `audio/webm`: parameters never change which format it is."""
    return (content_type or "").split(";")[0].strip().lower()


def extension_for(content_type: str | None) -> str:
    return _EXTENSIONS.get(_media_type(content_type), ".bin")


def check_content_type(content_type: str) -> str:
    base = _media_type(content_type)
    if base not in _EXTENSIONS:
        raise UnsupportedContentTypeError(
            f"content type {base or '(empty)'!r} is not a supported recording format; "
            "send WebM/Opus, Ogg, M4A/AAC, WAV, MP3 or FLAC",
            supported=sorted(_EXTENSIONS),
        )
    return content_type.strip()


def create_recording(
    caseload: Caseload,
    therapy_session: TherapySession,
    *,
    client_upload_id: str,
    content_type: str,
    request_id: str | None = None,
) -> tuple[Recording, bool]:
    """Start (or find again) the upload named by the tablet's `client_upload_id`: (recording, created).

    A retried "start" must not create a second recording, so the id is unique in the database; a
    concurrent duplicate that loses the insert race finds the winner's row instead.
    """
    if not therapy_session.consent_to_record:
        raise ConsentRequiredError(
            "the client's consent to record is not on file for this session; "
            "record consent before starting a recording"
        )
    content_type = check_content_type(content_type)
    existing = _by_upload_id(caseload, therapy_session, client_upload_id)
    if existing is not None:
        return existing, False
    recording = Recording(
        therapy_session_id=therapy_session.id,
        client_upload_id=client_upload_id,
        status=RecordingStatus.UPLOADING,
        content_type=content_type,
        attempts=0,
        progress=0.0,
    )
    db = caseload.session
    try:
        with db.begin_nested():
            db.add(recording)
            db.flush()
    except IntegrityError:
        existing = _by_upload_id(caseload, therapy_session, client_upload_id)
        if existing is None:
            raise
        return existing, False
    if therapy_session.status == TherapySessionStatus.SCHEDULED:
        therapy_session.status = TherapySessionStatus.IN_PROGRESS
        therapy_session.started_at = therapy_session.started_at or utcnow()
    db.flush()
    record_event(
        db,
        actor_user_id=caseload.user.id,
        action="recording.create",
        client_id=therapy_session.episode.client_id,
        object_type="recording",
        object_id=recording.id,
        request_id=request_id,
    )
    return recording, True


def _by_upload_id(
    caseload: Caseload, therapy_session: TherapySession, client_upload_id: str
) -> Recording | None:
    found = caseload.session.scalars(
        select(Recording).where(Recording.client_upload_id == client_upload_id)
    ).first()
    if found is None:
        return None
    if found.therapy_session_id != therapy_session.id:
        # Same words whether the other recording is someone else's or the caller's own other session.
        raise UploadIdConflictError(
            "client_upload_id is already used by another recording; generate a new id for a new recording"
        )
    return found


# --- chunks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChunkReceipt:
    index: int
    sha256: str
    size: int
    duplicate: bool
    next_expected_index: int
    # All bytes of the upload so far, this chunk included.
    bytes_received: int = 0


@dataclass(frozen=True)
class UploadState:
    received: list[int] = field(default_factory=list)
    bytes_received: int = 0

    @property
    def count(self) -> int:
        return len(self.received)

    @property
    def next_expected_index(self) -> int:
        # Chunks are contiguous from 0 (gaps are refused), so the count is the next index.
        return self.count


def chunk_key(recording_id: int, index: int, sha256: str) -> str:
    # The digest in the name: a refused different chunk can never overwrite the accepted one.
    return f"recordings/{recording_id}/chunks/{index:06d}-{sha256[:16]}"


def audio_key(recording: Recording) -> str:
    return f"recordings/{recording.id}/audio{extension_for(recording.content_type)}"


def _chunks(session: Session, recording_id: int) -> Sequence[RecordingChunk]:
    """The recording's chunk rows in index order."""
    return session.scalars(
        select(RecordingChunk)
        .where(RecordingChunk.recording_id == recording_id)
        .order_by(RecordingChunk.chunk_index)
    ).all()


def upload_state(session: Session, recording_id: int) -> UploadState:
    rows = session.execute(
        select(RecordingChunk.chunk_index, RecordingChunk.size_bytes)
        .where(RecordingChunk.recording_id == recording_id)
        .order_by(RecordingChunk.chunk_index)
    ).all()
    return UploadState(received=[r[0] for r in rows], bytes_received=sum(int(r[1]) for r in rows))


def normalise_sha256(value: str | None, what: str) -> str:
    if value is None or not value.strip():
        raise ChecksumRequiredError(f"{what} is required: the SHA-256 of the bytes, in hex")
    value = value.strip().lower()
    if not SHA256_RE.match(value):
        raise ChecksumRequiredError(f"{what} must be 64 hexadecimal characters (SHA-256)")
    return value


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _digests_match(actual: str, expected: str) -> bool:
    # Constant time: a comparison must not tell a caller how much of a digest was right.
    return hmac.compare_digest(actual, expected)


def _check_checksum(actual: str, declared: str, message: str, **details: Any) -> None:
    """Bytes received must hash to what the client declared (a chunk, or the assembled recording)."""
    if not _digests_match(actual, declared):
        raise ChecksumMismatchError(message, **details, expected_sha256=declared, received_sha256=actual)


def _stored_chunk(store: BlobStore, chunk: RecordingChunk) -> bytes:
    """A stored chunk's bytes, refused if they no longer hash to the digest its row recorded."""
    data = store.get(chunk.storage_key or chunk_key(chunk.recording_id, chunk.chunk_index, chunk.sha256))
    if not _digests_match(_sha256(data), chunk.sha256):
        raise StoredAudioError(
            f"stored chunk {chunk.chunk_index} failed its checksum", index=chunk.chunk_index
        )
    return data


def put_chunk(
    caseload: Caseload,
    recording: Recording,
    index: int,
    data: bytes,
    declared_sha256: str | None,
    *,
    store: BlobStore,
    max_upload_bytes: int,
) -> ChunkReceipt:
    """Accept chunk `index` of an upload in progress; the recording row must be locked by the caller."""
    declared = normalise_sha256(declared_sha256, "X-Chunk-SHA256")
    actual = _sha256(data)
    _check_checksum(
        actual,
        declared,
        f"chunk {index} does not match its checksum (received {len(data)} bytes); send it again",
        index=index,
    )
    state = upload_state(caseload.session, recording.id)
    existing = caseload.session.scalars(
        select(RecordingChunk).where(
            RecordingChunk.recording_id == recording.id, RecordingChunk.chunk_index == index
        )
    ).first()
    if existing is not None:
        if existing.sha256 == actual:
            return ChunkReceipt(index, actual, len(data), True, state.next_expected_index)
        raise ChunkConflictError(
            f"chunk {index} was already received with different content; chunks cannot be replaced",
            index=index,
            next_expected_index=state.next_expected_index,
        )
    if recording.status != RecordingStatus.UPLOADING:
        raise UploadStateError(
            f"the upload is complete (status {recording.status.value}); no more chunks are accepted",
            status=recording.status.value,
        )
    if index != state.next_expected_index:
        raise ChunkGapError(
            f"chunk {index} is out of order: expected chunk {state.next_expected_index} next",
            index=index,
            expected_index=state.next_expected_index,
            next_expected_index=state.next_expected_index,
        )
    if state.bytes_received + len(data) > max_upload_bytes:
        raise UploadTooLargeError(
            f"the recording would exceed the upload limit of {max_upload_bytes} bytes",
            limit_bytes=max_upload_bytes,
        )
    # Durable, encrypted, before the row that says we have it.
    put = store.put(chunk_key(recording.id, index, actual), data)
    chunk = RecordingChunk(
        recording_id=recording.id,
        chunk_index=index,
        sha256=put.sha256,
        size_bytes=put.size,
        storage_key=put.key,
    )
    caseload.session.add(chunk)
    recording.updated_at = utcnow()
    caseload.session.flush()
    return ChunkReceipt(index, actual, len(data), False, index + 1, state.bytes_received + len(data))


# --- completion -------------------------------------------------------------------------------


def complete_upload(
    caseload: Caseload,
    recording: Recording,
    *,
    total_chunks: int,
    sha256: str | None,
    store: BlobStore,
    request_id: str | None = None,
) -> bool:
    """Assemble the chunks into the stored recording; True when this call completed it.

    Chunks of one MediaRecorder recording concatenate into one valid file, so assembly is plain
    concatenation in index order. A repeated "complete" for the same upload changes nothing and
    returns False (the caller then queues nothing).
    """
    wanted = normalise_sha256(sha256, "sha256") if sha256 is not None else None
    state = upload_state(caseload.session, recording.id)
    if recording.status != RecordingStatus.UPLOADING:
        other_checksum = wanted is not None and wanted != recording.sha256
        if total_chunks != state.count or other_checksum:
            raise UploadStateError(
                f"the upload was already completed with {state.count} chunks"
                + (" and a different checksum" if other_checksum else ""),
                status=recording.status.value,
                chunks_received=state.count,
            )
        return False
    if total_chunks < 1:
        raise UploadIncompleteError("a recording needs at least one chunk", chunks_received=state.count)
    if state.count != total_chunks:
        raise UploadIncompleteError(
            f"{state.count} of {total_chunks} chunks received; send chunk {state.next_expected_index} next"
            if state.count < total_chunks
            else f"{state.count} chunks were received, more than the {total_chunks} declared",
            chunks_received=state.count,
            next_expected_index=state.next_expected_index,
        )
    audio = b"".join(_stored_chunk(store, chunk) for chunk in _chunks(caseload.session, recording.id))
    if wanted is not None:
        _check_checksum(
            _sha256(audio),
            wanted,
            "the assembled recording does not match the declared sha256; check the chunks sent",
        )
    put = store.put(audio_key(recording), audio)
    recording.storage_key = put.key
    recording.sha256 = put.sha256
    recording.size_bytes = put.size
    # "uploaded" is the queued state: stored and waiting for a transcription worker.
    recording.status = RecordingStatus.UPLOADED
    recording.progress = 0.0
    recording.failure_reason = None
    recording.updated_at = utcnow()
    caseload.session.flush()
    therapy_session = caseload.session.get_one(TherapySession, recording.therapy_session_id)
    record_event(
        caseload.session,
        actor_user_id=caseload.user.id,
        action="recording.complete",
        client_id=therapy_session.episode.client_id,
        object_type="recording",
        object_id=recording.id,
        request_id=request_id,
    )
    return True


def recording_results(session: Session, recording_id: int) -> tuple[int | None, int | None]:
    """(transcript id, draft note id) of a recording, once transcribed."""
    link = session.get(RecordingDraft, recording_id)
    if link is not None:
        return link.transcript_id, link.note_id
    from models.orm import Transcript

    transcript_id = session.scalar(select(Transcript.id).where(Transcript.recording_id == recording_id))
    return transcript_id, None


def count_recordings(session: Session, therapy_session_id: int) -> int:
    return int(
        session.scalar(
            select(func.count(Recording.id)).where(Recording.therapy_session_id == therapy_session_id)
        )
        or 0
    )
