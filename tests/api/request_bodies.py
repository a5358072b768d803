"""A valid JSON body for every API route that takes one, keyed by (method, path template), and
real objects whose ids fill the routes' paths.

The authorization and system-field tests walk the app's route table and send these; a route with
a JSON body and no entry here fails them, so a new route is covered as soon as it exists.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from models import notes_service, recordings_service
from models.enums import NoteType
from models.orm import Episode, User
from models.repositories import Caseload
from tests.conftest import TEST_PASSWORD

Ids = dict[str, int]
Body = dict[str, Any]

VALID_BODIES: dict[tuple[str, str], Callable[[Ids], Body]] = {
    ("POST", "/api/auth/login"): lambda ids: {"username": "pt.one", "password": TEST_PASSWORD},
    ("POST", "/api/auth/totp/enrol"): lambda ids: {"password": TEST_PASSWORD},
    ("POST", "/api/auth/totp/confirm"): lambda ids: {"code": "123456"},
    ("POST", "/api/auth/totp/disable"): lambda ids: {"password": TEST_PASSWORD, "code": "123456"},
    ("POST", "/api/emergency-access"): lambda ids: {
        "client_id": ids["client_id"],
        "reason": "covering for an absent colleague today",
    },
    ("POST", "/api/episodes/{episode_id}/goals"): lambda ids: {
        "text": "Walk 300 feet with a cane",
        "target": "300 ft",
    },
    ("PATCH", "/api/episodes/{episode_id}/goals/{goal_id}"): lambda ids: {"target": "200 ft"},
    ("POST", "/api/notes"): lambda ids: {"episode_id": ids["episode_id"], "content": {"note": {}}},
    ("PATCH", "/api/notes/{note_id}"): lambda ids: {"version": 1, "content": {"note": {"edited": True}}},
    ("POST", "/api/notes/{note_id}/sign"): lambda ids: {"version": 1, "password": TEST_PASSWORD},
    ("POST", "/api/notes/{note_id}/cosign"): lambda ids: {"password": TEST_PASSWORD},
    ("POST", "/api/notes/{note_id}/return"): lambda ids: {"reason": "please add the assessment"},
    ("POST", "/api/notes/{note_id}/addenda"): lambda ids: {
        "text": "Late entry: the client also reported sleeping better.",
        "password": TEST_PASSWORD,
    },
    ("POST", "/api/recordings/{recording_id}/complete"): lambda ids: {"total_chunks": 1},
    ("POST", "/api/sessions"): lambda ids: {"episode_id": ids["episode_id"], "consent_to_record": True},
    ("POST", "/api/sessions/{session_id}/recordings"): lambda ids: {
        "client_upload_id": "probe-upload-0001",
        "content_type": "audio/wav",
    },
}

# Path parameters that are not object ids, and a value each takes in a probe.
OTHER_PARAMS = {"index": 0, "version_number": 1}


def json_body_routes(app: Any) -> dict[tuple[str, str], str | None]:
    """(METHOD, path) of every operation taking a JSON body -> its schema's component name."""
    out: dict[tuple[str, str], str | None] = {}
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            content = (operation.get("requestBody") or {}).get("content", {})
            if "application/json" in content:
                ref = content["application/json"].get("schema", {}).get("$ref", "")
                out[(method.upper(), path)] = ref.rsplit("/", 1)[-1] or None
    return out


def fill(path: str, ids: Ids) -> str:
    """The path template with real ids (and plausible values for the other parameters)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(ids[name] if name in ids else OTHER_PARAMS[name])

    return re.sub(r"\{(\w+)\}", value, path)


def object_ids(db: Session, owner: User, episode: Episode, client_upload_id: str) -> Ids:
    """Ids of one of each clinical object (client, episode, session, recording, draft note, goal),
    created by `owner` on `episode` and committed: what the probes' paths and bodies refer to."""
    caseload = Caseload(db, owner)
    visit = recordings_service.create_session(
        caseload, episode_id=episode.id, date_of_service=None, consent_to_record=True
    )
    recording, _ = recordings_service.create_recording(
        caseload, visit, client_upload_id=client_upload_id, content_type="audio/wav"
    )
    note = notes_service.create_note(
        caseload, episode_id=episode.id, note_type=NoteType.DAILY, content={"note": {}}
    )
    db.commit()
    return {
        "client_id": episode.client_id,
        "episode_id": episode.id,
        "session_id": visit.id,
        "recording_id": recording.id,
        "note_id": note.id,
        "goal_id": episode.goals[0].id,
    }
