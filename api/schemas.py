"""Request and response bodies (pydantic). Responses list fields explicitly: nothing leaks by default."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from models.enums import Discipline, EpisodeStatus, GoalStatus, GoalTerm, Role


class RequestBody(BaseModel):
    """Base of every JSON request body: a field the model does not declare is a 422, not ignored.

    Status, author, signer, timestamps, versions and hashes belong to the system; no request
    model declares them, and with `extra="forbid"` a client that sends them (a forged
    `"status": "final"`, a back-dated `"signed_at"`) is told so instead of half-believing it worked.
    """

    model_config = ConfigDict(extra="forbid")


class LoginRequest(RequestBody):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1024)


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class Orm(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class StaffRef(Orm):
    id: int
    full_name: str
    role: Role
    credentials: str | None


class Me(Orm):
    id: int
    username: str
    full_name: str
    role: Role
    credentials: str | None
    npi: str | None
    organisation_id: int
    supervisor_ids: list[int] = []
    supervisee_ids: list[int] = []


class ClientSummary(Orm):
    id: int
    mrn: str
    first_name: str
    last_name: str
    date_of_birth: date


class EpisodeSummary(Orm):
    id: int
    discipline: Discipline
    status: EpisodeStatus
    start_date: date
    therapist_id: int
    assistant_id: int | None


class ClientDetail(ClientSummary):
    sex: str | None
    episodes: list[EpisodeSummary]


class Diagnosis(Orm):
    rank: int
    icd10_code: str
    description: str | None


class GoalOut(Orm):
    id: int
    parent_goal_id: int | None
    bank_goal_id: str | None
    term: GoalTerm
    text: str
    baseline: str | None
    target: str | None
    unit: str | None
    due_date: date | None
    status: GoalStatus


class EpisodeDetail(Orm):
    id: int
    client_id: int
    location_id: int | None
    discipline: Discipline
    status: EpisodeStatus
    therapist: StaffRef
    assistant: StaffRef | None
    start_date: date
    plan_of_care_start: date | None
    certification_through: date | None
    recertification_due: date | None
    discharged_on: date | None
    payer_code: str
    payer_name: str | None
    authorised_visits: int | None
    visits_used: int
    precautions: list[str]
    diagnoses: list[Diagnosis]
    goals: list[GoalOut]


class Check(BaseModel):
    ok: bool
    detail: str | None = None


class Readiness(BaseModel):
    status: str
    checks: dict[str, Check]
