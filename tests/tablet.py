"""What the tablet sends, through the HTTP API: a visit with consent, a recording in it, the audio
in chunks each with its SHA-256, then `complete` with the whole file's.

One copy for every test that records a visit (the API flows and the real-worker tests), so a
change to the upload protocol is made here once.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

TABLET_CHUNK_BYTES = 8192  # what the tablet sends per request


def new_session(client: TestClient, headers: dict[str, str], episode_id: int, day: date | None = None) -> int:
    """A visit with consent to record, dated `day` (the server's today when None); its id."""
    body: dict[str, Any] = {"episode_id": episode_id, "consent_to_record": True}
    if day is not None:
        body["date_of_service"] = day.isoformat()
    response = client.post("/api/sessions", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def start_recording(
    client: TestClient, headers: dict[str, str], episode_id: int, day: date | None = None
) -> tuple[int, int]:
    """A new visit and an empty recording in it: (session id, recording id)."""
    session_id = new_session(client, headers, episode_id, day)
    response = client.post(
        f"/api/sessions/{session_id}/recordings",
        json={"client_upload_id": uuid.uuid4().hex, "content_type": "audio/wav"},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return session_id, int(response.json()["id"])


def put_chunk(
    client: TestClient, headers: dict[str, str], recording_id: int, index: int, piece: bytes
) -> Any:
    """One chunk with its SHA-256; the response (201 stored, 200 a repeat already stored)."""
    return client.put(
        f"/api/recordings/{recording_id}/chunks/{index}",
        content=piece,
        headers={**headers, "X-Chunk-SHA256": hashlib.sha256(piece).hexdigest()},
    )


def complete(
    client: TestClient, headers: dict[str, str], recording_id: int, data: bytes, chunks: int
) -> None:
    """Close the upload; the API checks the whole file's hash and queues the transcription (202)."""
    response = client.post(
        f"/api/recordings/{recording_id}/complete",
        json={"total_chunks": chunks, "sha256": hashlib.sha256(data).hexdigest()},
        headers=headers,
    )
    assert response.status_code == 202, response.text


def upload(
    client: TestClient,
    headers: dict[str, str],
    episode_id: int,
    data: bytes,
    day: date | None = None,
    chunk_bytes: int = TABLET_CHUNK_BYTES,
) -> tuple[int, int]:
    """Record a visit as the tablet does (new visit, chunks, complete): (session id, recording id)."""
    session_id, recording_id = start_recording(client, headers, episode_id, day)
    pieces = [data[i : i + chunk_bytes] for i in range(0, len(data), chunk_bytes)]
    for i, piece in enumerate(pieces):
        response = put_chunk(client, headers, recording_id, i, piece)
        assert response.status_code == 201, response.text
    complete(client, headers, recording_id, data, len(pieces))
    return session_id, recording_id
