"""The audit report: who touched what, and when, read back from the hash-chained trail.

A compliance review asks questions like "everything user 12 opened last week" or "every access
to client 40's record": filters on time, actor, client and action, combined with AND. Results
come in id order (the chain's order, which is also time order) and page by keyset on the id, so
a page never shifts when new events are appended while someone reads.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from models.orm import AuditEvent, Client, User

DEFAULT_LIMIT = 500
MAX_LIMIT = 5000


def as_utc(value: datetime) -> datetime:
    """Audit times are stored in UTC; a time given without an offset is read as UTC, not local time."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def action_condition(action: str) -> ColumnElement[bool]:
    """An exact action, or a family of actions: "note.*" and "note." both mean every "note.<x>".

    LIKE wildcards in the name are escaped, so "auth.login_failed" does not also match
    "auth.loginXfailed".
    """
    if action.endswith("*"):
        return AuditEvent.action.startswith(action.rstrip("*"), autoescape=True)
    if action.endswith("."):
        return AuditEvent.action.startswith(action, autoescape=True)
    return AuditEvent.action == action


def _in_organisation(organisation_id: int) -> ColumnElement[bool]:
    """Events of one organisation: its staff acted, or its client was concerned.

    Events with neither actor nor client (a failed login for an unknown username) belong to no
    organisation and carry ids only; they are shown, since hiding them would hide probing.
    """
    staff = select(User.id).where(User.organisation_id == organisation_id)
    clients = select(Client.id).where(Client.organisation_id == organisation_id)
    return or_(
        AuditEvent.actor_user_id.in_(staff),
        AuditEvent.client_id.in_(clients),
        and_(AuditEvent.actor_user_id.is_(None), AuditEvent.client_id.is_(None)),
    )


def audit_report(
    session: Session,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    user_id: int | None = None,
    client_id: int | None = None,
    action: str | None = None,
    limit: int = DEFAULT_LIMIT,
    after_id: int | None = None,
    organisation_id: int | None = None,
) -> list[AuditEvent]:
    """Events matching every given filter, in id order, at most `limit` of them.

    `since` is inclusive and `until` exclusive, so consecutive windows neither overlap nor leave
    gaps. `after_id` is the last id of the previous page. `organisation_id` confines the report
    to one organisation (see `_in_organisation`); None means the whole installation (the CLI).
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        conditions.append(AuditEvent.occurred_at >= as_utc(since))
    if until is not None:
        conditions.append(AuditEvent.occurred_at < as_utc(until))
    if user_id is not None:
        conditions.append(AuditEvent.actor_user_id == user_id)
    if client_id is not None:
        conditions.append(AuditEvent.client_id == client_id)
    if action:
        conditions.append(action_condition(action))
    if after_id is not None:
        conditions.append(AuditEvent.id > after_id)
    if organisation_id is not None:
        conditions.append(_in_organisation(organisation_id))
    stmt = select(AuditEvent).where(*conditions).order_by(AuditEvent.id).limit(min(limit, MAX_LIMIT))
    return list(session.scalars(stmt).all())
