"""Release a scrubbed charge set to billing, and retract one that a correction replaced.

Both leave an append-only trace: a feed entry (what the billing feed serves, in order) and a webhook
outbox row per subscriber, written in the same transaction as the state change, so a release is
never announced without happening or happen without being announced.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing_capture.scrub import scrub
from billing_capture.webhooks import enqueue
from models.audit import record_event
from models.enums import ChargeSetStatus, ChargeStatus, Role
from models.errors import ConflictError, NotFoundError
from models.orm import BillingFeedEntry, ChargeSet, User
from models.types import utcnow


class ReleaseBlockedError(ConflictError):
    """The scrubber found errors: the set stays captured until they are fixed."""

    def __init__(self, message: str, problems: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.problems = problems


def require_biller(user: User) -> None:
    """Billing data is for billers; anyone else is told it does not exist."""
    if not user.is_active or user.role != Role.BILLER:
        raise NotFoundError("not found")


def get_charge_set(
    session: Session, user: User, charge_set_id: int, *, for_update: bool = False
) -> ChargeSet:
    """A set the biller may see: their organisation's only (others are indistinguishable from missing)."""
    require_biller(user)
    stmt = select(ChargeSet).where(
        ChargeSet.id == charge_set_id, ChargeSet.organisation_id == user.organisation_id
    )
    if for_update and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    charge_set = session.scalars(stmt).first()
    if charge_set is None:
        raise NotFoundError("charge set not found")
    return charge_set


def _feed(session: Session, charge_set: ChargeSet, event: str, now: dt.datetime) -> BillingFeedEntry:
    entry = BillingFeedEntry(
        organisation_id=charge_set.organisation_id, charge_set_id=charge_set.id, event=event, created_at=now
    )
    session.add(entry)
    session.flush()
    return entry


def release(
    session: Session, charge_set_id: int, biller: User, *, now: dt.datetime | None = None
) -> ChargeSet:
    """Scrub again (the episode may have been fixed since capture) and release when no error remains.

    Releasing a released set returns it unchanged; a superseded set cannot be released.
    """
    now = now or utcnow()
    charge_set = get_charge_set(session, biller, charge_set_id, for_update=True)
    if charge_set.status == ChargeSetStatus.RELEASED:
        return charge_set
    if charge_set.status == ChargeSetStatus.SUPERSEDED:
        raise ConflictError(
            f"charge set {charge_set.id} was superseded by {charge_set.superseded_by_id}; release that one"
        )
    problems = scrub(session, charge_set, now=now)
    errors = [p for p in problems if p["severity"] == "error"]
    if errors:
        codes = ", ".join(sorted({str(p["code"]) for p in errors}))
        raise ReleaseBlockedError(
            f"charge set {charge_set.id} has {len(errors)} blocking problem(s): {codes}", problems
        )
    charge_set.status = ChargeSetStatus.RELEASED
    charge_set.released_at = now
    charge_set.released_by_id = biller.id
    for line in charge_set.lines:
        line.status = ChargeStatus.READY
        line.released_at = now
    session.flush()
    entry = _feed(session, charge_set, "released", now)
    enqueue(session, charge_set, "charge_set.released", now, feed_cursor=entry.id)
    record_event(
        session,
        actor_user_id=biller.id,
        action="charge_set.release",
        client_id=charge_set.client_id,
        object_type="charge_set",
        object_id=charge_set.id,
    )
    return charge_set


def supersede(session: Session, old: ChargeSet, new: ChargeSet, now: dt.datetime) -> None:
    """Mark `old` replaced by `new` (kept, never deleted); a released set is retracted on the feed."""
    was_released = old.status == ChargeSetStatus.RELEASED
    old.status = ChargeSetStatus.SUPERSEDED
    old.superseded_by_id = new.id
    old.superseded_at = now
    new.supersedes_id = old.id
    for line in old.lines:
        line.status = ChargeStatus.VOID
    session.flush()
    if was_released:
        entry = _feed(session, old, "superseded", now)
        enqueue(session, old, "charge_set.superseded", now, feed_cursor=entry.id)
