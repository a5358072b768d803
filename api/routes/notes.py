"""Clinical notes: drafts, edits, signing, co-signing, returns and addenda.

Thin on purpose: the rules are in `signing` (who may do what, in which state) and
`models.notes_service` (locking, versions, signatures, audit, hand-off to billing). Signing
steps re-check the caller's password here, because that is authentication, an API concern.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from api.auth import verify_password
from api.deps import CaseloadDep, RequestId
from api.schemas import StaffRef
from api.schemas_notes import (
    AddendumCreate,
    AddendumOut,
    CosignRequest,
    NoteCreate,
    NoteDetail,
    NoteEdit,
    NoteSummary,
    NoteVersionDetail,
    NoteVersionSummary,
    ReturnRequest,
    SignatureOut,
    SignRequest,
)
from models import notes_service as svc
from models.enums import NoteStatus
from models.errors import AuthenticationError
from models.orm import Note, NoteVersion
from models.repositories import Caseload

router = APIRouter(prefix="/api/notes", tags=["notes"])

PASSWORD_REFUSED = "password does not match; nothing was signed"
Responses = dict[int | str, dict[str, Any]]
NOT_VISIBLE: Responses = {404: {"description": "no such note on your caseload"}}
CONFLICT: Responses = {409: {"description": "the note's state or version forbids this; reload"}}


def _reauthenticate(
    caseload: Caseload, note_id: int, password: str, action: str, request_id: str | None
) -> None:
    """A signature needs the password again (21 CFR 11.200); a refusal is audited and kept."""
    if verify_password(caseload.user.password_hash, password):
        return
    svc.record_refused_signature(caseload, note_id, action, request_id)
    caseload.session.commit()
    raise AuthenticationError(PASSWORD_REFUSED)


def _summary(note: Note) -> NoteSummary:
    return NoteSummary(
        id=note.id,
        episode_id=note.episode_id,
        therapy_session_id=note.therapy_session_id,
        author_id=note.author_id,
        note_type=note.note_type,
        status=note.status,
        version=note.current_version,
        created_at=note.created_at,
        updated_at=note.updated_at,
        finalised_at=note.finalised_at,
    )


def _detail(view: svc.NoteView) -> NoteDetail:
    note = view.note
    return NoteDetail(
        **_summary(note).model_dump(),
        client_id=view.episode.client_id,
        author=StaffRef.model_validate(view.author),
        template=note.template,
        content=view.version.content,
        content_sha256=view.version.content_sha256,
        requires_cosign=view.requires_cosign,
        returned_reason=note.returned_reason,
        released_to_billing=view.released_to_billing,
        signatures=[
            SignatureOut(
                id=c.signature.id,
                signer_id=c.signature.signer_id,
                printed_name=c.signature.printed_name,
                credentials=c.signature.credentials,
                role=c.signature.role,
                meaning=c.signature.meaning,
                signed_at=c.signature.signed_at,
                version=c.version_number,
                content_sha256=c.signature.content_sha256,
                valid=c.valid,
                display=c.display,
            )
            for c in view.signatures
        ],
        addenda=[
            AddendumOut(
                id=a.addendum.id,
                author_id=a.addendum.author_id,
                printed_name=a.addendum.printed_name,
                credentials=a.addendum.credentials,
                reason=a.addendum.reason,
                text=a.addendum.body,
                interventions=a.addendum.interventions,
                signed_at=a.addendum.signed_at,
                content_sha256=a.addendum.content_sha256,
                valid=a.valid,
                display=a.display,
            )
            for a in view.addenda
        ],
    )


def _shown(caseload: Caseload, note_id: int, request_id: str | None) -> NoteDetail:
    return _detail(svc.view_note(caseload, note_id, request_id=request_id))


def _version_summary(v: NoteVersion) -> NoteVersionSummary:
    return NoteVersionSummary(
        version=v.version_number,
        created_at=v.created_at,
        created_by_id=v.created_by_id,
        content_sha256=v.content_sha256,
    )


def _visible_note(note_id: int, caseload: CaseloadDep) -> None:
    """Visibility first: a note the caller may not see is 404 before its body is even validated,
    so a probe learns nothing from a 422."""
    svc.get_note(caseload, note_id)


VISIBLE_NOTE = [Depends(_visible_note)]


@router.post(
    "",
    response_model=NoteDetail,
    status_code=201,
    responses={403: {"description": "your role may not author this note type"}, **NOT_VISIBLE},
)
def create_note(body: NoteCreate, caseload: CaseloadDep, request_id: RequestId) -> NoteDetail:
    note = svc.create_note(
        caseload,
        episode_id=body.episode_id,
        note_type=body.note_type,
        content=body.content,
        therapy_session_id=body.therapy_session_id,
        request_id=request_id,
    )
    return _shown(caseload, note.id, request_id)


@router.get("", response_model=list[NoteSummary])
def list_notes(
    caseload: CaseloadDep,
    episode_id: int | None = None,
    status: NoteStatus | None = None,
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> list[NoteSummary]:
    """Ids, types and states only (no clinical content), so listing is not a PHI view."""
    notes = svc.list_notes(caseload, episode_id=episode_id, status=status, limit=limit, offset=offset)
    return [_summary(n) for n in notes]


@router.get("/{note_id}", response_model=NoteDetail, responses=NOT_VISIBLE, dependencies=VISIBLE_NOTE)
def get_note(note_id: int, caseload: CaseloadDep, request_id: RequestId) -> NoteDetail:
    return _shown(caseload, note_id, request_id)


@router.get(
    "/{note_id}/versions",
    response_model=list[NoteVersionSummary],
    responses=NOT_VISIBLE,
    dependencies=VISIBLE_NOTE,
)
def list_versions(note_id: int, caseload: CaseloadDep, request_id: RequestId) -> list[NoteVersionSummary]:
    return [_version_summary(v) for v in svc.list_versions(caseload, note_id, request_id=request_id)]


@router.get(
    "/{note_id}/versions/{version_number}",
    response_model=NoteVersionDetail,
    responses=NOT_VISIBLE,
    dependencies=VISIBLE_NOTE,
)
def get_version(
    note_id: int, version_number: int, caseload: CaseloadDep, request_id: RequestId
) -> NoteVersionDetail:
    v = svc.get_version(caseload, note_id, version_number, request_id=request_id)
    return NoteVersionDetail(**_version_summary(v).model_dump(), note_id=v.note_id, content=v.content)


@router.patch(
    "/{note_id}", response_model=NoteDetail, responses={**NOT_VISIBLE, **CONFLICT}, dependencies=VISIBLE_NOTE
)
def edit_note(note_id: int, body: NoteEdit, caseload: CaseloadDep, request_id: RequestId) -> NoteDetail:
    svc.edit_note(caseload, note_id, version=body.version, content=body.content, request_id=request_id)
    return _shown(caseload, note_id, request_id)


@router.post(
    "/{note_id}/sign",
    response_model=NoteDetail,
    responses={
        401: {"description": PASSWORD_REFUSED},
        **NOT_VISIBLE,
        **CONFLICT,
        422: {"description": "unconfirmed pulled-forward items"},
    },
    dependencies=VISIBLE_NOTE,
)
def sign_note(note_id: int, body: SignRequest, caseload: CaseloadDep, request_id: RequestId) -> NoteDetail:
    svc.get_note(caseload, note_id)  # 404 before anything is said about the password
    _reauthenticate(caseload, note_id, body.password, "sign", request_id)
    svc.sign_note(caseload, note_id, version=body.version, request_id=request_id)
    return _shown(caseload, note_id, request_id)


@router.post(
    "/{note_id}/cosign",
    response_model=NoteDetail,
    responses={
        401: {"description": PASSWORD_REFUSED},
        403: {"description": "not this note's co-signer"},
        **NOT_VISIBLE,
        **CONFLICT,
    },
    dependencies=VISIBLE_NOTE,
)
def cosign_note(
    note_id: int, body: CosignRequest, caseload: CaseloadDep, request_id: RequestId
) -> NoteDetail:
    svc.get_note(caseload, note_id)
    _reauthenticate(caseload, note_id, body.password, "cosign", request_id)
    svc.cosign_note(caseload, note_id, request_id=request_id)
    return _shown(caseload, note_id, request_id)


@router.post(
    "/{note_id}/return",
    response_model=NoteDetail,
    responses={403: {"description": "not this note's co-signer"}, **NOT_VISIBLE, **CONFLICT},
    dependencies=VISIBLE_NOTE,
)
def return_note(
    note_id: int, body: ReturnRequest, caseload: CaseloadDep, request_id: RequestId
) -> NoteDetail:
    svc.return_note(caseload, note_id, reason=body.reason, request_id=request_id)
    return _shown(caseload, note_id, request_id)


@router.post(
    "/{note_id}/addenda",
    response_model=NoteDetail,
    status_code=201,
    responses={401: {"description": PASSWORD_REFUSED}, **NOT_VISIBLE, **CONFLICT},
    dependencies=VISIBLE_NOTE,
)
def add_addendum(
    note_id: int, body: AddendumCreate, caseload: CaseloadDep, request_id: RequestId
) -> NoteDetail:
    svc.get_note(caseload, note_id)
    _reauthenticate(caseload, note_id, body.password, "addendum", request_id)
    corrected = None if body.interventions is None else [i.model_dump() for i in body.interventions]
    svc.add_addendum(
        caseload, note_id, text=body.text, reason=body.reason, interventions=corrected, request_id=request_id
    )
    return _shown(caseload, note_id, request_id)
