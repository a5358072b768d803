"""Shared builders for the note tests (no tests here): a clinic with notes to sign, and draft content."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.enums import TherapySessionStatus
from models.notes_service import final_notes_since
from models.orm import AuditEvent, TherapySession

PASSWORD = "correct horse battery staple"  # tests/conftest.py TEST_PASSWORD


def draft(plan: str = "Continue gait training", unconfirmed: int = 0, confirmed: int = 0) -> dict[str, Any]:
    """A small draft/1 object, with pulled-forward items in the given states."""
    pulled = [
        {"section": "plan", "text": f"carried item {i}", "confirmed": False, "source": "prior_note"}
        for i in range(unconfirmed)
    ]
    pulled += [
        {"section": "plan", "text": f"checked item {i}", "confirmed": True, "source": "prior_note"}
        for i in range(confirmed)
    ]
    return {
        "contract": "draft/1",
        "discipline": "pt",
        "note": {
            "template": "pt_daily",
            "sections": {
                "subjective": [
                    {
                        "text": "Reports knee pain 3/10.",
                        "evidence": [{"segment": "s1"}],
                        "source": "transcript",
                    }
                ],
                "objective": [
                    {"text": "Knee flexion 105°.", "evidence": [{"segment": "s2"}], "source": "transcript"}
                ],
                "assessment": [],
                "plan": [{"text": plan, "evidence": [{"segment": "s3"}], "source": "transcript"}],
            },
        },
        "measurements": [{"type": "rom", "value": 105, "unit": "deg", "ratio": 0.5}],
        "interventions": [{"cpt": "97110", "minutes": 25}],
        "pulled_forward": pulled,
    }


def notes_clinic(db: Session, factory: Any, clinic: dict[str, Any]) -> dict[str, Any]:
    """The API clinic plus: an OT who also 'supervises' the PTA (wrong discipline), and a session.

    pta.one treats on `via_pta` (therapist pt.two) under the supervision of pt.one; pt.two sees
    the episode but has no supervision link; ot.one sees it through a link but is not a PT.
    """
    factory.supervision(clinic["ot"], clinic["pta"], starts_on=date.today() - timedelta(days=30))
    clinic["session"] = TherapySession(
        episode_id=clinic["via_pta"].id,
        provider_id=clinic["pta"].id,
        date_of_service=date.today(),
        status=TherapySessionStatus.COMPLETED,
        total_minutes=45,
    )
    db.add(clinic["session"])
    db.commit()
    return clinic


def create(
    client: TestClient,
    headers: dict[str, str],
    episode_id: int,
    note_type: str = "daily",
    content: dict[str, Any] | None = None,
    **extra: Any,
) -> Any:
    body = {"episode_id": episode_id, "note_type": note_type, "content": content or draft(), **extra}
    return client.post("/api/notes", json=body, headers=headers)


def sign(
    client: TestClient, headers: dict[str, str], note_id: int, version: int = 1, password: str = PASSWORD
) -> Any:
    return client.post(
        f"/api/notes/{note_id}/sign", json={"password": password, "version": version}, headers=headers
    )


def cosign(client: TestClient, headers: dict[str, str], note_id: int, password: str = PASSWORD) -> Any:
    return client.post(f"/api/notes/{note_id}/cosign", json={"password": password}, headers=headers)


def actions(db: Session, note_id: int) -> list[str]:
    db.expire_all()
    rows = list(
        db.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.object_type == "note", AuditEvent.object_id == str(note_id))
            .order_by(AuditEvent.id)
        )
    )
    db.commit()  # end the read: on SQLite an open transaction would hold the write lock against the app
    return rows


def releases(db: Session, after_id: int = 0) -> list[tuple[int, int, str]]:
    """(release id, note id, content hash) from billing's feed, read in a transaction that ends here."""
    out = [(r.id, r.note_id, r.content_sha256) for r in final_notes_since(db, after_id)]
    db.commit()
    return out
