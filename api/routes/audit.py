"""The audit report for administrators: who touched which record, when, filtered and paged.

Only an active admin may read it; anyone else is told it does not exist (404, as for any object
they may not see). An admin sees their own organisation's events. Items carry ids only (actor,
client, object), like the trail itself, and reading the report is itself an audited event, so a
look at who looked at a record leaves its own trace.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.deps import CurrentUser, RequestId, SessionDep
from models.audit import record_event
from models.audit_report import MAX_LIMIT, audit_report
from models.enums import Role
from models.errors import NotFoundError
from models.orm import Client, User

# Ids are BIGINT on PostgreSQL: a larger number is a bad request, not a database error.
MAX_ID = 2**63 - 1
router = APIRouter(prefix="/api/audit", tags=["audit"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "not found, or not visible to the caller"}}


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    occurred_at: datetime
    actor_user_id: int | None
    action: str
    client_id: int | None
    object_type: str | None
    object_id: str | None


class AuditReportPage(BaseModel):
    items: list[AuditEventOut]
    # Pass as `after_id` for the next page; null when this page was the last.
    next_after_id: int | None


def get_admin(user: CurrentUser) -> User:
    """The audit trail is for administrators; anyone else is told it does not exist."""
    if not user.is_active or user.role != Role.ADMIN:
        raise NotFoundError("not found")
    return user


AdminDep = Annotated[User, Depends(get_admin, scope="function")]


def _require_in_organisation(
    session: Session, admin: User, model: type[Client] | type[User], id_: int
) -> None:
    found = session.scalar(
        select(model.id).where(model.id == id_, model.organisation_id == admin.organisation_id)
    )
    if found is None:
        raise NotFoundError(f"{'client' if model is Client else 'user'} not found")


@router.get("/events", response_model=AuditReportPage, responses=NOT_FOUND)
def audit_events(
    session: SessionDep,
    admin: AdminDep,
    request_id: RequestId,
    since: datetime | None = Query(None, description="From this time, inclusive (ISO 8601; no offset = UTC)"),
    until: datetime | None = Query(None, description="Before this time, exclusive (ISO 8601)"),
    user_id: int | None = Query(None, ge=1, le=MAX_ID, description="Events where this user acted"),
    client_id: int | None = Query(None, ge=1, le=MAX_ID, description="Events concerning this client"),
    action: str | None = Query(
        None, min_length=1, max_length=60, description='Exact action, or a family: "note.*" or "note."'
    ),
    limit: int = Query(500, ge=1, le=MAX_LIMIT),
    after_id: int | None = Query(None, ge=0, le=MAX_ID, description="`next_after_id` of the previous page"),
) -> AuditReportPage:
    """Audit events matching every given filter, oldest first (by id)."""
    if client_id is not None:
        _require_in_organisation(session, admin, Client, client_id)
    if user_id is not None:
        _require_in_organisation(session, admin, User, user_id)
    events = audit_report(
        session,
        since=since,
        until=until,
        user_id=user_id,
        client_id=client_id,
        action=action,
        limit=limit,
        after_id=after_id,
        organisation_id=admin.organisation_id,
    )
    # Recorded after the query, so the read does not appear in its own page.
    record_event(
        session,
        actor_user_id=admin.id,
        action="audit.report",
        client_id=client_id,
        object_type="user" if user_id is not None else "audit_report",
        object_id=user_id,
        request_id=request_id,
    )
    return AuditReportPage(
        items=[AuditEventOut.model_validate(e) for e in events],
        next_after_id=events[-1].id if len(events) == limit else None,
    )
