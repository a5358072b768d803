"""Fields that belong to the system (status, author, signer, timestamps, versions, hashes) cannot be
set through the API: every route with a JSON body refuses them with a 422 naming each one, changes
nothing, and objects created or edited without them carry the system's values.

The routes come from the app's route table (a new body-taking route needs a valid body in
`request_bodies.VALID_BODIES`, or `test_authorization` fails), so a request model added without
`extra="forbid"` (the shared `api.schemas.RequestBody`) fails here.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.orm import Base, LoginSession
from tests.api.request_bodies import VALID_BODIES, fill, json_body_routes, object_ids

FORGED = "2001-01-01T00:00:00Z"
# What a client might try to write for itself; none of these is the client's to set.
SYSTEM_FIELDS: dict[str, Any] = {
    "id": 424242,
    "status": "final",
    "author_id": 1,
    "author": {"id": 1, "full_name": "Someone Else"},
    "signer_id": 1,
    "signed_at": FORGED,
    "signatures": [{"signer_id": 1, "signed_at": FORGED}],
    "created_at": FORGED,
    "updated_at": FORGED,
    "finalised_at": FORGED,
    "version": 99,
    "current_version": 99,
    "lock_version": 99,
    "content_sha256": "0" * 64,
    "provider_id": 1,
    "therapist_id": 1,
    "organisation_id": 1,
    "role": "admin",
    "is_active": True,
    "requires_cosign": False,
    "released_to_billing": True,
    "attempts": 0,
    "failure_reason": None,
    "transcript_id": 1,
    "note_id": 1,
    "consent_recorded_at": FORGED,
}
# Declared request fields that share a system field's name, and why the client may send them.
DECLARED_ON_PURPOSE = {
    # The version the client read: a precondition (stale -> 409), never the version written.
    ("NoteEdit", "version"),
    ("SignRequest", "version"),
    # A goal's status is the therapist's clinical judgement (met, not met), not a lifecycle state.
    ("GoalPatch", "status"),
}


@pytest.fixture
def own(clinic, db: Session) -> dict[str, int]:
    """pt.one's own objects, so every request gets past visibility to body validation."""
    return object_ids(db, clinic["pt"], clinic["own"], client_upload_id="system-fields")


def _everything(db: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (login sessions aside: each request moves their last-seen time)."""
    db.expire_all()
    out = {}
    for table in Base.metadata.sorted_tables:
        if table.name == LoginSession.__tablename__:
            continue
        pk = list(table.primary_key.columns)
        out[table.name] = [tuple(r) for r in db.execute(select(table).order_by(*pk)).all()]
    db.rollback()
    return out


def test_no_request_model_declares_a_system_field(app) -> None:
    schemas = app.openapi()["components"]["schemas"]
    declared = {
        (name, field)
        for name in filter(None, json_body_routes(app).values())
        for field in schemas[name].get("properties", {})
        if field in SYSTEM_FIELDS
    }
    assert declared == DECLARED_ON_PURPOSE


def test_every_json_body_refuses_system_fields_and_changes_nothing(
    app, client, own, db: Session, login
) -> None:
    schemas = app.openapi()["components"]["schemas"]
    headers = login("pt.one")
    before = _everything(db)
    routes = json_body_routes(app)
    assert len(routes) >= 15
    for (method, path), schema in routes.items():
        assert schema is not None, (method, path)
        assert schemas[schema].get("additionalProperties") is False, schema
        declared = set(schemas[schema].get("properties", {}))
        forged = {k: v for k, v in SYSTEM_FIELDS.items() if k not in declared}
        body = {**VALID_BODIES[(method, path)](own), **forged}
        response = client.request(method, fill(path, own), json=body, headers=headers)
        assert response.status_code == 422, (method, path, response.status_code, response.text)
        errors = response.json()["detail"]
        # Only the forged fields are wrong: the rest of the body was valid.
        assert {e["type"] for e in errors} == {"extra_forbidden"}, (method, path, errors)
        assert {e["loc"][-1] for e in errors} == set(forged), (method, path)
        assert "2001-01-01" not in response.text  # the values sent are not echoed
    assert _everything(db) == before


def _recent(value: str) -> bool:
    stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return abs(datetime.now(UTC) - stamp) < timedelta(minutes=5)


def test_created_and_edited_objects_carry_the_systems_values(client, clinic, own, login) -> None:
    headers = login("pt.one")
    pt = clinic["pt"].id

    def send(method: str, path: str, expected: int, **ids: int) -> dict[str, Any]:
        """The route's valid body, no system fields in it, to the path filled with `own` (or `ids`)."""
        body = VALID_BODIES[(method, path)](own)
        response = client.request(method, fill(path, {**own, **ids}), json=body, headers=headers)
        assert response.status_code == expected, (method, path, response.text)
        result: dict[str, Any] = response.json()
        return result

    created = send("POST", "/api/notes", 201)
    assert (created["author_id"], created["status"], created["version"]) == (pt, "draft", 1)
    assert created["signatures"] == []
    assert created["finalised_at"] is None
    assert _recent(created["created_at"])
    assert _recent(created["updated_at"])

    edited = send("PATCH", "/api/notes/{note_id}", 200, note_id=created["id"])
    # The version sent was the one read (1); the system wrote 2.
    assert (edited["author_id"], edited["status"], edited["version"]) == (pt, "draft", 2)
    assert edited["created_at"] == created["created_at"]

    visit = send("POST", "/api/sessions", 201)
    assert visit["provider_id"] == pt
    assert _recent(visit["consent_recorded_at"])

    rec = send("POST", "/api/sessions/{session_id}/recordings", 201, session_id=visit["id"])
    assert (rec["status"], rec["attempts"], rec["transcript_id"]) == ("uploading", 0, None)

    goal = send("POST", "/api/episodes/{episode_id}/goals", 201)
    assert goal["status"] == "active"
