"""Recordings: resumable chunked upload while the session runs, completion, and transcription status.

Errors of the upload protocol carry a stable `code` in `detail` (`chunk_gap` with the
`expected_index`, `chunk_conflict`, `checksum_mismatch`, `upload_too_large`, ...), so a tablet
can resume without parsing messages.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response, status
from fastapi import Path as PathParam
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from api.deps import CaseloadDep, RequestId, SessionDep, SettingsDep
from api.schemas import RequestBody
from models import recordings_service as svc
from models.enums import RecordingStatus
from models.orm import Recording
from storage.blobs import open_blob_store

router = APIRouter(prefix="/api/recordings", tags=["recordings"])

MAX_CHUNK_INDEX = 1_000_000


class RecordingOut(BaseModel):
    id: int
    therapy_session_id: int
    client_upload_id: str | None
    content_type: str | None
    # uploading -> uploaded (stored, queued for transcription) -> transcribing -> transcribed | failed
    status: RecordingStatus
    chunks_received: list[int]
    next_chunk_index: int
    bytes_received: int
    sha256: str | None
    size_bytes: int | None
    duration_s: float | None
    progress_percent: float
    # Seconds of audio already transcribed while the upload runs (incremental transcription).
    transcribed_until_s: float | None
    # The words transcribed so far, while uploading (only with ?partial=true; null otherwise).
    partial_text: str | None = None
    attempts: int
    failure_reason: str | None
    transcript_id: int | None
    note_id: int | None
    updated_at: datetime


class ChunkOut(BaseModel):
    recording_id: int
    index: int
    sha256: str
    size: int
    duplicate: bool
    next_chunk_index: int


class CompleteRequest(RequestBody):
    total_chunks: int = Field(ge=1, le=MAX_CHUNK_INDEX)
    sha256: str | None = Field(default=None, description="SHA-256 (hex) of the whole recording, if known")


def partial_text(recording: Recording) -> str:
    words = (recording.partial_state or {}).get("words") or []
    return " ".join(str(w[2]) for w in words if isinstance(w, list) and len(w) >= 3)


def recording_out(db: Session, recording: Recording, *, partial: bool = False) -> RecordingOut:
    state = svc.upload_state(db, recording.id)
    transcript_id, note_id = svc.recording_results(db, recording.id)
    return RecordingOut(
        id=recording.id,
        therapy_session_id=recording.therapy_session_id,
        client_upload_id=recording.client_upload_id,
        content_type=recording.content_type,
        status=recording.status,
        chunks_received=state.received,
        next_chunk_index=state.next_expected_index,
        bytes_received=state.bytes_received,
        sha256=recording.sha256,
        size_bytes=recording.size_bytes,
        duration_s=recording.duration_s,
        progress_percent=round(100.0 * (recording.progress or 0.0), 1),
        transcribed_until_s=recording.committed_until_s,
        partial_text=partial_text(recording) if partial else None,
        attempts=recording.attempts,
        failure_reason=recording.failure_reason,
        transcript_id=transcript_id,
        note_id=note_id,
        updated_at=recording.updated_at,
    )


def upload_http_error(exc: svc.UploadError) -> HTTPException:
    if isinstance(exc, svc.UploadTooLargeError):
        code = 413
    elif isinstance(exc, svc.ConflictError):
        code = status.HTTP_409_CONFLICT
    else:
        code = 422
    return HTTPException(status_code=code, detail=exc.to_detail())


# Dependencies resolve before bodies are validated or read: a hidden recording is 404 whatever
# was sent, and its bytes are never read.
def get_visible_recording(recording_id: int, caseload: CaseloadDep) -> Recording:
    return svc.get_recording(caseload, recording_id)


def get_locked_recording(recording_id: int, caseload: CaseloadDep) -> Recording:
    return svc.get_recording(caseload, recording_id, for_update=True)


VisibleRecording = Annotated[Recording, Depends(get_visible_recording, scope="function")]
LockedRecording = Annotated[Recording, Depends(get_locked_recording, scope="function")]


def _too_large(limit: int) -> HTTPException:
    return upload_http_error(
        svc.UploadTooLargeError(
            f"the chunk is larger than the upload limit of {limit} bytes", limit_bytes=limit
        )
    )


async def read_chunk_body(request: Request) -> bytes:
    """The raw body, refused (413) as soon as it exceeds the upload limit: never buffered past it."""
    limit = int(request.app.state.settings.max_upload_bytes)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    parts: list[bytes] = []
    size = 0
    async for part in request.stream():
        size += len(part)
        if size > limit:
            raise _too_large(limit)
        parts.append(part)
    return b"".join(parts)


@router.get("/{recording_id}", response_model=RecordingOut, responses={404: {"description": "not yours"}})
def get_recording(
    recording: VisibleRecording,
    db: SessionDep,
    partial: Annotated[bool, Query(description="include the words transcribed so far")] = False,
) -> RecordingOut:
    """Upload state, transcription progress, failure reason, and the transcript and note once made.

    While the session is still recorded, `transcribed_until_s` says how much audio is transcribed
    already, and `?partial=true` adds those words (not speaker-attributed yet).
    """
    return recording_out(db, recording, partial=partial)


@router.put(
    "/{recording_id}/chunks/{index}",
    response_model=ChunkOut,
    status_code=status.HTTP_201_CREATED,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
    responses={
        200: {"description": "this exact chunk was already received (nothing stored twice)"},
        404: {"description": "not yours"},
        409: {"description": "chunk_gap (with expected_index), chunk_conflict or upload_closed"},
        413: {"description": "upload_too_large"},
        422: {"description": "checksum_mismatch or checksum_required"},
    },
)
def put_chunk(
    recording: LockedRecording,
    data: Annotated[bytes, Depends(read_chunk_body)],
    response: Response,
    caseload: CaseloadDep,
    db: SessionDep,
    settings: SettingsDep,
    index: Annotated[int, PathParam(ge=0, le=MAX_CHUNK_INDEX)],
    x_chunk_sha256: Annotated[str | None, Header(description="SHA-256 (hex) of this chunk's bytes")] = None,
) -> ChunkOut:
    try:
        receipt = svc.put_chunk(
            caseload,
            recording,
            index,
            data,
            x_chunk_sha256,
            store=open_blob_store(settings),
            max_upload_bytes=settings.max_upload_bytes,
        )
    except svc.UploadError as exc:
        raise upload_http_error(exc) from exc
    if receipt.duplicate:
        response.status_code = status.HTTP_200_OK
    else:
        from pipeline_tasks import request_increment

        # Transcribe while the session is still recorded (one queued task per recording at most).
        request_increment(db, settings, recording, receipt.bytes_received)
    return ChunkOut(
        recording_id=recording.id,
        index=receipt.index,
        sha256=receipt.sha256,
        size=receipt.size,
        duplicate=receipt.duplicate,
        next_chunk_index=receipt.next_expected_index,
    )


@router.post(
    "/{recording_id}/complete",
    response_model=RecordingOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        404: {"description": "not yours"},
        409: {"description": "upload_incomplete (with next_expected_index) or upload_closed"},
        422: {"description": "checksum_mismatch"},
    },
)
def complete(
    recording: LockedRecording,
    body: CompleteRequest,
    caseload: CaseloadDep,
    db: SessionDep,
    settings: SettingsDep,
    request_id: RequestId,
) -> RecordingOut:
    """Assemble and store the recording, then queue its transcription (after the commit)."""
    from pipeline_tasks import enqueue_after_commit

    try:
        completed = svc.complete_upload(
            caseload,
            recording,
            total_chunks=body.total_chunks,
            sha256=body.sha256,
            store=open_blob_store(settings),
            request_id=request_id,
        )
    except svc.UploadError as exc:
        raise upload_http_error(exc) from exc
    if completed:
        enqueue_after_commit(db, settings, [recording.id])
    return recording_out(db, recording)
