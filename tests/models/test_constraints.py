"""Constraints the database enforces by itself, whatever the application does."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from models.audit import record_event
from models.enums import Role
from models.orm import AuditEvent, Supervision, TherapySession


def test_role_outside_the_vocabulary_is_refused(db: Session, factory) -> None:
    org = factory.organisation()
    user = factory.user(org, Role.PT)
    db.commit()
    with pytest.raises(IntegrityError):
        db.execute(text("UPDATE users SET role = 'surgeon' WHERE id = :id"), {"id": user.id})
    db.rollback()


def test_supervision_range_and_self_supervision_are_refused(db: Session, factory) -> None:
    org = factory.organisation()
    pt, pta = factory.user(org, Role.PT), factory.user(org, Role.PTA)
    db.commit()
    db.add(
        Supervision(
            supervisor_id=pt.id, supervisee_id=pta.id, starts_on=date(2025, 5, 1), ends_on=date(2025, 4, 1)
        )
    )
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()
    db.add(Supervision(supervisor_id=pt.id, supervisee_id=pt.id, starts_on=date(2025, 5, 1)))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_foreign_keys_are_enforced(db: Session, factory) -> None:
    org = factory.organisation()
    db.commit()
    db.add(Supervision(supervisor_id=999_999, supervisee_id=999_998, starts_on=date(2025, 1, 1)))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()
    assert org.id is not None


def test_timestamps_come_back_as_aware_utc(db: Session, factory) -> None:
    org = factory.organisation()
    pt = factory.user(org, Role.PT)
    episode = factory.episode(factory.client(org), pt)
    local = datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=-5)))
    visit = TherapySession(
        episode_id=episode.id, provider_id=pt.id, date_of_service=date(2025, 3, 1), started_at=local
    )
    db.add(visit)
    db.commit()
    db.expunge_all()
    loaded = db.scalars(select(TherapySession)).one()
    assert loaded.started_at == local
    assert loaded.started_at is not None
    assert loaded.started_at.tzinfo == UTC
    assert loaded.started_at.hour == 14


def test_naive_datetimes_are_rejected(db: Session, factory) -> None:
    org = factory.organisation()
    pt = factory.user(org, Role.PT)
    episode = factory.episode(factory.client(org), pt)
    db.add(
        TherapySession(
            episode_id=episode.id,
            provider_id=pt.id,
            date_of_service=date(2025, 3, 1),
            started_at=datetime(2025, 3, 1, 9, 30),
        )
    )
    with pytest.raises(Exception, match="naive datetime"):
        db.flush()
    db.rollback()


def test_audit_events_cannot_be_updated_or_deleted(db: Session) -> None:
    event = record_event(db, actor_user_id=None, action="test.event")
    db.commit()
    with pytest.raises(DBAPIError, match="append-only"):
        db.execute(text("UPDATE audit_events SET action = 'x' WHERE id = :id"), {"id": event.id})
    db.rollback()
    with pytest.raises(DBAPIError, match="append-only"):
        db.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": event.id})
    db.rollback()
    assert db.scalars(select(AuditEvent.action)).all() == ["test.event"]
