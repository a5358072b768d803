"""Work queues through the API: co-sign (oldest first, with age), returned, stale drafts, and what is due."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from models.enums import TherapySessionStatus
from models.orm import TherapySession
from tests.api.test_notes_support import cosign, create, draft, notes_clinic, sign


@pytest.fixture
def nc(db: Session, factory: Any, clinic: dict[str, Any]) -> dict[str, Any]:
    return notes_clinic(db, factory, clinic)


def test_cosign_queue_is_the_supervisors_oldest_first_with_age(client, nc, login) -> None:
    pta, pt = login("pta.one"), login("pt.one")
    first = create(client, pta, nc["via_pta"].id).json()["id"]
    second = create(client, pta, nc["via_pta"].id).json()["id"]
    sign(client, pta, second)
    time.sleep(1.1)  # signature times have one-second resolution
    sign(client, pta, first)
    queue = client.get("/api/queues/cosign", headers=pt).json()
    assert [q["note_id"] for q in queue] == [second, first]
    assert all(q["age_hours"] >= 0 and q["status"] == "awaiting_cosign" for q in queue)
    assert queue[0]["since"] < queue[1]["since"]
    assert queue[0]["author"]["id"] == nc["pta"].id
    # Neither an unlinked PT, another discipline nor the author sees them to co-sign.
    for user in ("pt.two", "ot.one", "pta.one"):
        assert client.get("/api/queues/cosign", headers=login(user)).json() == [], user
    cosign(client, pt, second)
    assert [q["note_id"] for q in client.get("/api/queues/cosign", headers=pt).json()] == [first]


def test_returned_queue_is_the_authors_with_the_reason(client, nc, login) -> None:
    pta, pt = login("pta.one"), login("pt.one")
    note_id = create(client, pta, nc["via_pta"].id).json()["id"]
    sign(client, pta, note_id)
    client.post(f"/api/notes/{note_id}/return", json={"reason": "Document the assist level"}, headers=pt)
    queue = client.get("/api/queues/returned", headers=pta).json()
    assert [(q["note_id"], q["returned_reason"]) for q in queue] == [(note_id, "Document the assist level")]
    assert client.get("/api/queues/returned", headers=pt).json() == []


def test_stale_drafts_are_unsigned_notes_older_than_the_limit(client, nc, login, db) -> None:
    pt = login("pt.one")
    old = create(client, pt, nc["own"].id).json()["id"]
    fresh = create(client, pt, nc["own"].id).json()["id"]
    signed_old = create(client, pt, nc["own"].id).json()["id"]
    sign(client, pt, signed_old)
    for note_id in (old,):  # (a final note cannot be back-dated: the database refuses)
        db.execute(
            text("UPDATE notes SET created_at = created_at - INTERVAL '30 hours' WHERE id = :id")
            if db.get_bind().dialect.name == "postgresql"
            else text("UPDATE notes SET created_at = datetime(created_at, '-30 hours') WHERE id = :id"),
            {"id": note_id},
        )
    db.commit()
    stale = client.get("/api/queues/stale-drafts", headers=pt).json()
    assert [q["note_id"] for q in stale] == [old]
    assert stale[0]["age_hours"] >= 30
    assert fresh not in [q["note_id"] for q in stale]
    # The PTA's supervisor does not see pt.one's own episode; pt.two does not either.
    assert client.get("/api/queues/stale-drafts", headers=login("pt.two")).json() == []


def _sessions(db: Session, episode_id: int, provider_id: int, days: list[date]) -> None:
    for day in days:
        db.add(
            TherapySession(
                episode_id=episode_id,
                provider_id=provider_id,
                date_of_service=day,
                status=TherapySessionStatus.COMPLETED,
                total_minutes=40,
            )
        )


def test_due_lists_progress_reports_recertifications_and_authorisations(client, nc, login, db) -> None:
    pt = login("pt.one")
    today = date.today()
    episode = nc["own"]
    episode.authorised_visits = 10
    episode.certification_through = today + timedelta(days=10)
    _sessions(db, episode.id, nc["pt"].id, [today - timedelta(days=d) for d in range(9, 0, -1)])
    db.commit()
    due = {
        d["kind"]: d
        for d in client.get("/api/queues/due", headers=pt).json()
        if d["episode_id"] == episode.id
    }
    assert set(due) == {"progress_report", "recertification", "authorisation"}
    assert due["progress_report"]["remaining"] == 1
    assert not due["progress_report"]["overdue"]
    assert due["recertification"]["due_date"] == (today + timedelta(days=10)).isoformat()
    assert due["recertification"]["remaining"] == 10
    assert due["authorisation"]["remaining"] == 1

    # A final progress report on the latest treatment day restarts the count.
    last = (
        db.query(TherapySession)
        .filter_by(episode_id=episode.id, date_of_service=today - timedelta(days=1))
        .one()
    )
    db.commit()
    report = create(client, pt, episode.id, note_type="progress", content=draft(), therapy_session_id=last.id)
    assert sign(client, pt, report.json()["id"]).json()["status"] == "final"
    kinds = {
        d["kind"] for d in client.get("/api/queues/due", headers=pt).json() if d["episode_id"] == episode.id
    }
    assert kinds == {"recertification", "authorisation"}


def test_overdue_recertification_and_used_up_authorisation(client, nc, login, db) -> None:
    episode = nc["own"]
    episode.plan_of_care_start = date.today() - timedelta(days=95)
    episode.certification_through = None
    episode.authorised_visits = 0
    db.commit()
    due = {
        d["kind"]: d
        for d in client.get("/api/queues/due", headers=login("pt.one")).json()
        if d["episode_id"] == episode.id
    }
    assert due["recertification"]["overdue"]
    assert due["recertification"]["remaining"] == -5
    assert due["authorisation"]["overdue"]
    assert "progress_report" not in due


@pytest.mark.parametrize("path", ["cosign", "returned", "stale-drafts", "due"])
def test_biller_gets_no_clinical_queues(client, nc, login, path: str) -> None:
    assert client.get(f"/api/queues/{path}", headers=login("biller.one")).status_code == 404
