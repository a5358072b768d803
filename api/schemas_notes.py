"""Request and response bodies for notes and their queues. Responses list their fields explicitly."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.schemas import RequestBody, StaffRef
from models.enums import NoteStatus, NoteType, Role, SignatureMeaning

MAX_PASSWORD = 1024


class NoteCreate(RequestBody):
    episode_id: int
    therapy_session_id: int | None = None
    note_type: NoteType = NoteType.DAILY
    # The draft/1 JSON from the note builder (or the author's edit of it).
    content: dict[str, Any]


class NoteEdit(RequestBody):
    # The version the editor read: a stale one is refused with 409.
    version: int = Field(ge=1)
    content: dict[str, Any]


class SignRequest(RequestBody):
    password: str = Field(min_length=1, max_length=MAX_PASSWORD)
    # The version the signer read: they sign exactly what they saw.
    version: int = Field(ge=1)


class CosignRequest(RequestBody):
    password: str = Field(min_length=1, max_length=MAX_PASSWORD)


class ReturnRequest(RequestBody):
    reason: str = Field(min_length=1, max_length=4000)


class CorrectedIntervention(BaseModel):
    """One billed service as it should have been (draft/1 `interventions` shape; more keys kept)."""

    model_config = ConfigDict(extra="allow")

    cpt: str = Field(pattern=r"^[A-Z0-9]{5}$")
    minutes: int | None = Field(default=None, ge=0, le=1440)


class AddendumCreate(RequestBody):
    text: str = Field(min_length=1, max_length=20000)
    password: str = Field(min_length=1, max_length=MAX_PASSWORD)
    reason: str | None = Field(default=None, max_length=300)
    # A billing correction: the services as they should have been billed (replaces the note's list).
    interventions: list[CorrectedIntervention] | None = Field(default=None, max_length=50)


class SignatureOut(BaseModel):
    id: int
    signer_id: int
    printed_name: str
    credentials: str | None
    role: Role
    meaning: SignatureMeaning
    signed_at: datetime
    version: int | None
    content_sha256: str
    # Recomputed on every read: false for a signature copied from another note or another version.
    valid: bool
    display: str


class AddendumOut(BaseModel):
    id: int
    author_id: int
    printed_name: str
    credentials: str | None
    reason: str | None
    text: str
    interventions: list[dict[str, Any]] | None
    signed_at: datetime
    content_sha256: str
    valid: bool
    display: str


class NoteSummary(BaseModel):
    id: int
    episode_id: int
    therapy_session_id: int | None
    author_id: int
    note_type: NoteType
    status: NoteStatus
    version: int
    created_at: datetime
    updated_at: datetime
    finalised_at: datetime | None


class NoteDetail(NoteSummary):
    client_id: int
    author: StaffRef
    template: str | None
    content: dict[str, Any]
    content_sha256: str
    requires_cosign: bool
    returned_reason: str | None
    released_to_billing: bool
    signatures: list[SignatureOut]
    addenda: list[AddendumOut]


class NoteVersionSummary(BaseModel):
    version: int
    created_at: datetime
    created_by_id: int | None
    content_sha256: str


class NoteVersionDetail(NoteVersionSummary):
    note_id: int
    content: dict[str, Any]


class QueueEntry(BaseModel):
    note_id: int
    episode_id: int
    client_id: int
    author: StaffRef
    note_type: NoteType
    status: NoteStatus
    version: int
    since: datetime
    age_hours: float
    returned_reason: str | None = None


class DueEntry(BaseModel):
    episode_id: int
    client_id: int
    kind: str
    overdue: bool
    message: str
    due_date: date | None
    remaining: int | None
