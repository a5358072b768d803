"""The audit trail: append one hash-chained event per access or change, and verify the chain.

Each event stores ids only (actor, client, object), never PHI values. Its hash covers the
previous event's hash, so editing, inserting or deleting a row in the middle breaks every
later link. Appends are serialised (a transaction-scoped advisory lock on PostgreSQL,
`BEGIN IMMEDIATE` on SQLite, and a unique `prev_hash` as the last line of defence).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from models.orm import AuditEvent
from models.types import utcnow

GENESIS_HASH = "0" * 64
# Arbitrary constant naming the "audit chain head" advisory lock on PostgreSQL.
_PG_AUDIT_LOCK_KEY = 7_311_042_117


def _canonical_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    prev_hash: str,
    occurred_at: datetime,
    actor_user_id: int | None,
    client_id: int | None,
    action: str,
    object_type: str | None,
    object_id: str | None,
    request_id: str | None,
) -> str:
    payload = json.dumps(
        {
            "prev": prev_hash,
            "at": _canonical_time(occurred_at),
            "actor": actor_user_id,
            "client": client_id,
            "action": action,
            "type": object_type,
            "object": object_id,
            "request": request_id,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _hash_of(event: AuditEvent) -> str:
    return event_hash(
        event.prev_hash,
        event.occurred_at,
        event.actor_user_id,
        event.client_id,
        event.action,
        event.object_type,
        event.object_id,
        event.request_id,
    )


def _lock_chain_head(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_AUDIT_LOCK_KEY})


def record_event(
    session: Session,
    *,
    actor_user_id: int | None,
    action: str,
    client_id: int | None = None,
    object_type: str | None = None,
    object_id: int | str | None = None,
    request_id: str | None = None,
) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction (flushed, not committed).

    The event commits or rolls back with the work it describes. On PostgreSQL the chain lock is
    held until that transaction ends, so keep audited transactions short.
    """
    _lock_chain_head(session)
    prev = session.scalars(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    prev_hash = prev or GENESIS_HASH
    # Microsecond precision is what both backends store; hash exactly what will be read back.
    occurred_at = utcnow()
    oid = None if object_id is None else str(object_id)
    event = AuditEvent(
        occurred_at=occurred_at,
        actor_user_id=actor_user_id,
        client_id=client_id,
        action=action,
        object_type=object_type,
        object_id=oid,
        request_id=request_id,
        prev_hash=prev_hash,
        hash=event_hash(
            prev_hash, occurred_at, actor_user_id, client_id, action, object_type, oid, request_id
        ),
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainVerification:
    checked: int
    first_broken_id: int | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def _iter_events(session: Session, batch: int = 1000) -> Iterator[AuditEvent]:
    last_id = 0
    while True:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id
        session.expunge_all()


def verify_chain(session: Session) -> ChainVerification:
    """Walk the chain from the first event; report the first row whose link or content is wrong.

    Cannot see a truncated tail (the last rows deleted together): anchor the head hash
    elsewhere (a signed export) where that matters.
    """
    expected_prev = GENESIS_HASH
    checked = 0
    for event in _iter_events(session):
        checked += 1
        if event.prev_hash != expected_prev:
            return ChainVerification(checked, event.id, "prev_hash does not match the previous event's hash")
        if _hash_of(event) != event.hash:
            return ChainVerification(checked, event.id, "hash does not match the event's content")
        expected_prev = event.hash
    return ChainVerification(checked)
