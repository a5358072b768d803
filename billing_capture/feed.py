"""The billing feed: released charge sets (and retractions of corrected ones), in release order.

The cursor is the last feed entry's id: entries are append-only, so reading from a cursor is
repeatable and a consumer that stores the cursor sees every entry exactly once. Only billing data
is served (codes, units, modifiers, amounts, NPIs, identifiers a claim needs), never note content.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing_capture.release import get_charge_set, require_biller
from models.audit import record_event
from models.enums import ChargeSetStatus, NoteStatus
from models.errors import InvalidInputError
from models.orm import BillingFeedEntry, ChargeSet, Client, Episode, Note, User

MAX_LIMIT = 500


def parse_cursor(cursor: str | None) -> int:
    if cursor in (None, ""):
        return 0
    try:
        value = int(str(cursor))
    except ValueError:
        raise InvalidInputError("cursor must be a value returned by the feed") from None
    if value < 0:
        raise InvalidInputError("cursor must be a value returned by the feed")
    return value


def charge_set_view(session: Session, charge_set: ChargeSet, *, with_history: bool = True) -> dict[str, Any]:
    """A set as a biller sees it: lines, validation results, identifiers, correction history."""
    client = session.get_one(Client, charge_set.client_id)
    episode = session.get_one(Episode, charge_set.episode_id)
    out: dict[str, Any] = {
        "id": charge_set.id,
        "note_id": charge_set.note_id,
        "version": charge_set.version,
        "status": str(charge_set.status),
        "date_of_service": charge_set.date_of_service.isoformat(),
        "client_id": client.id,
        "mrn": client.mrn,
        "episode_id": episode.id,
        "payer_code": charge_set.payer_code,
        "payer_member_id": episode.payer_member_id,
        "discipline": charge_set.discipline,
        "provider_role": charge_set.provider_role,
        "place_of_service": charge_set.place_of_service,
        "diagnoses": list(charge_set.diagnoses),
        "total_cents": charge_set.total_cents,
        "lines": [
            {
                "line": ln.line_number,
                "cpt": ln.code,
                "modifiers": list(ln.modifiers),
                "units": ln.units,
                "minutes": ln.minutes,
                "diagnosis_pointers": [
                    charge_set.diagnoses.index(c) + 1
                    for c in ln.diagnosis_pointers
                    if c in charge_set.diagnoses
                ],
                "amount_cents": ln.amount_cents,
                "date_of_service": ln.date_of_service.isoformat(),
                "rendering_provider_npi": ln.rendering_provider_npi,
                "supervising_provider_npi": ln.supervising_provider_npi,
                "place_of_service": ln.place_of_service,
                "status": str(ln.status),
            }
            for ln in charge_set.lines
        ],
        "problems": list(charge_set.problems),
        "error_count": charge_set.error_count,
        "releasable": charge_set.status == ChargeSetStatus.CAPTURED and charge_set.error_count == 0,
        "validated_at": charge_set.validated_at.isoformat() if charge_set.validated_at else None,
        "released_at": charge_set.released_at.isoformat() if charge_set.released_at else None,
        "supersedes_id": charge_set.supersedes_id,
        "superseded_by_id": charge_set.superseded_by_id,
    }
    if with_history:
        history = session.scalars(
            select(ChargeSet).where(ChargeSet.note_id == charge_set.note_id).order_by(ChargeSet.version)
        ).all()
        out["history"] = [
            {
                "id": h.id,
                "version": h.version,
                "status": str(h.status),
                "total_cents": h.total_cents,
                "created_at": h.created_at.isoformat(),
                "superseded_at": h.superseded_at.isoformat() if h.superseded_at else None,
            }
            for h in history
        ]
    return out


def charge_set_detail(
    session: Session, biller: User, charge_set_id: int, *, request_id: str | None = None
) -> dict[str, Any]:
    charge_set = get_charge_set(session, biller, charge_set_id)
    view = charge_set_view(session, charge_set)
    record_event(
        session,
        actor_user_id=biller.id,
        action="charge_set.view",
        client_id=charge_set.client_id,
        object_type="charge_set",
        object_id=charge_set.id,
        request_id=request_id,
    )
    return view


@dataclass
class FeedPage:
    items: list[dict[str, Any]]
    next_cursor: str
    has_more: bool


def read_feed(
    session: Session, biller: User, cursor: str | None, limit: int, *, request_id: str | None = None
) -> FeedPage:
    """Entries after `cursor` for the biller's organisation; every item read is an audited view."""
    require_biller(biller)
    after = parse_cursor(cursor)
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInputError(f"limit must be 1..{MAX_LIMIT}")
    rows = session.execute(
        select(BillingFeedEntry, ChargeSet)
        .join(ChargeSet, ChargeSet.id == BillingFeedEntry.charge_set_id)
        .join(Note, Note.id == ChargeSet.note_id)
        .where(
            BillingFeedEntry.organisation_id == biller.organisation_id,
            BillingFeedEntry.id > after,
            Note.status == NoteStatus.FINAL,
        )
        .order_by(BillingFeedEntry.id)
        .limit(limit + 1)
    ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    items = []
    for entry, charge_set in rows:
        items.append(
            {
                "cursor": str(entry.id),
                "event": entry.event,
                "occurred_at": entry.created_at.isoformat(),
                "charge_set": charge_set_view(session, charge_set, with_history=False),
            }
        )
        record_event(
            session,
            actor_user_id=biller.id,
            action="billing_feed.read",
            client_id=charge_set.client_id,
            object_type="charge_set",
            object_id=charge_set.id,
            request_id=request_id,
        )
    if not rows:
        record_event(
            session,
            actor_user_id=biller.id,
            action="billing_feed.read",
            object_type="billing_feed",
            object_id=str(after),
            request_id=request_id,
        )
    next_cursor = str(rows[-1][0].id) if rows else str(after)
    return FeedPage(items=items, next_cursor=next_cursor, has_more=has_more)


def list_charge_sets(
    session: Session, biller: User, *, status: ChargeSetStatus | None, after: int, limit: int
) -> list[dict[str, Any]]:
    """The biller's work queue (ids ascending): summaries without lines, so no audit per client."""
    require_biller(biller)
    stmt = select(ChargeSet).where(ChargeSet.organisation_id == biller.organisation_id, ChargeSet.id > after)
    if status is not None:
        stmt = stmt.where(ChargeSet.status == status)
    rows = session.scalars(stmt.order_by(ChargeSet.id).limit(limit)).all()
    return [
        {
            "id": s.id,
            "note_id": s.note_id,
            "version": s.version,
            "status": str(s.status),
            "date_of_service": s.date_of_service.isoformat(),
            "total_cents": s.total_cents,
            "error_count": s.error_count,
        }
        for s in rows
    ]
