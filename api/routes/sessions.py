"""Therapy sessions (visits): created on an episode of the caller's caseload, with consent to record."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status
from pydantic import BaseModel, Field

from api.deps import AuditDep, CaseloadDep, RequestId, SessionDep
from api.routes.recordings import RecordingOut, recording_out, upload_http_error
from api.schemas import RequestBody
from models import recordings_service as svc
from models.enums import TherapySessionStatus
from models.orm import TherapySession

router = APIRouter(prefix="/api/sessions", tags=["sessions"])


class SessionCreate(RequestBody):
    episode_id: int
    date_of_service: date | None = None
    consent_to_record: bool = False


class SessionOut(BaseModel):
    id: int
    episode_id: int
    provider_id: int
    date_of_service: date
    status: TherapySessionStatus
    consent_to_record: bool
    consent_recorded_at: datetime | None
    recording_ids: list[int]


class RecordingCreate(RequestBody):
    # The tablet's own id for this recording: a retried create returns the same recording.
    client_upload_id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    content_type: str = Field(min_length=1, max_length=100)


def _session_out(db: SessionDep, therapy_session: TherapySession) -> SessionOut:
    return SessionOut(
        id=therapy_session.id,
        episode_id=therapy_session.episode_id,
        provider_id=therapy_session.provider_id,
        date_of_service=therapy_session.date_of_service,
        status=therapy_session.status,
        consent_to_record=therapy_session.consent_to_record,
        consent_recorded_at=therapy_session.consent_recorded_at,
        recording_ids=[r.id for r in svc.session_recordings(db, therapy_session.id)],
    )


def get_visible_session(session_id: int, caseload: CaseloadDep) -> TherapySession:
    """Resolved before the body is validated, so a hidden session is 404 whatever was sent."""
    return svc.get_session(caseload, session_id)


VisibleSession = Annotated[TherapySession, Depends(get_visible_session, scope="function")]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=SessionOut,
    responses={404: {"description": "episode not on your caseload"}},
)
def create_session(
    body: SessionCreate, caseload: CaseloadDep, db: SessionDep, request_id: RequestId
) -> SessionOut:
    therapy_session = svc.create_session(
        caseload,
        episode_id=body.episode_id,
        date_of_service=body.date_of_service,
        consent_to_record=body.consent_to_record,
        request_id=request_id,
    )
    return _session_out(db, therapy_session)


@router.get(
    "/{session_id}", response_model=SessionOut, responses={404: {"description": "not on your caseload"}}
)
def get_session(therapy_session: VisibleSession, db: SessionDep, audit: AuditDep) -> SessionOut:
    audit.viewed("therapy_session", therapy_session.id, therapy_session.episode.client_id)
    return _session_out(db, therapy_session)


@router.post(
    "/{session_id}/consent",
    response_model=SessionOut,
    responses={404: {"description": "not on your caseload"}},
)
def record_consent(
    therapy_session: VisibleSession, caseload: CaseloadDep, db: SessionDep, request_id: RequestId
) -> SessionOut:
    """The client agreed to be recorded after the session was created."""
    svc.record_consent(caseload, therapy_session, request_id=request_id)
    return _session_out(db, therapy_session)


@router.post(
    "/{session_id}/recordings",
    response_model=RecordingOut,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"description": "the recording this client_upload_id already started"},
        404: {"description": "not on your caseload"},
        409: {"description": "no consent to record, or client_upload_id used elsewhere"},
    },
)
def create_recording(
    body: RecordingCreate,
    response: Response,
    therapy_session: VisibleSession,
    caseload: CaseloadDep,
    db: SessionDep,
    request_id: RequestId,
) -> RecordingOut:
    try:
        recording, created = svc.create_recording(
            caseload,
            therapy_session,
            client_upload_id=body.client_upload_id,
            content_type=body.content_type,
            request_id=request_id,
        )
    except svc.UploadError as exc:
        raise upload_http_error(exc) from exc
    if not created:
        # Same recording again: 200, not 201, so the tablet can tell a resume from a new start.
        response.status_code = status.HTTP_200_OK
    return recording_out(db, recording)
