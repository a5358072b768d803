"""PHI hygiene: a full flow with sentinel PHI, and no sentinel in any log record, error body,
task payload, audit row, or blob on disk."""

from __future__ import annotations

import hashlib
import io
import logging
import struct
import uuid
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from models.orm import AuditEvent
from tests.security.conftest import SENTINEL_FIRST, SENTINEL_GOAL, SENTINEL_LAST, SENTINEL_MRN, SENTINELS

# Loggers that may not propagate to the root (ours after configure_logging, servers, workers).
NAMED_LOGGERS = (
    "rehab_scribe",
    "uvicorn",
    "uvicorn.error",
    "uvicorn.access",
    "celery",
    "kombu",
    "sqlalchemy",
    "sqlalchemy.engine",
    "sqlalchemy.engine.Engine",
    "httpx",
    "fastapi",
    "pipeline_tasks",
    "api",
    "models",
    "scribe",
    "note_builder",
    "billing",
    "storage",
    "worker",
)

CALLER_SIDE_LOGGERS = ("httpx", "httpcore")


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self._fmt = logging.Formatter("%(name)s %(levelname)s %(message)s")

    def emit(self, record: logging.LogRecord) -> None:
        # The test client's own HTTP library logs the URLs *it* requests: that is the caller's
        # side (the tablet), not the server's, and the server never sees those loggers.
        if not record.name.startswith(CALLER_SIDE_LOGGERS):
            self.records.append(record)

    def texts(self) -> Iterator[str]:
        for record in self.records:
            yield self._fmt.format(record)  # message, args and any traceback
            yield repr(vars(record))  # extras too


@pytest.fixture
def all_logs() -> Iterator[Capture]:
    """Every logger at DEBUG, captured whether or not it propagates."""
    capture = Capture()
    saved: list[tuple[logging.Logger, int]] = []
    for name in ("", *NAMED_LOGGERS):
        log = logging.getLogger(name)
        saved.append((log, log.level))
        log.setLevel(logging.DEBUG)
        log.addHandler(capture)
    try:
        yield capture
    finally:
        for log, level in saved:
            log.removeHandler(capture)
            log.setLevel(level)


def assert_clean(text: str, where: str) -> None:
    for sentinel in SENTINELS:
        assert sentinel.lower() not in text.lower(), f"{sentinel!r} leaked into {where}: {text[:300]}"


def wav_with_sentinel(seconds: float = 0.5) -> bytes:
    """A valid 16 kHz WAV that also carries the sentinel in a RIFF INFO chunk, so its plaintext
    is recognisable on disk."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x00\x00" * int(16000 * seconds))
    data = buf.getvalue()
    name = f"{SENTINEL_FIRST} {SENTINEL_LAST}".encode().ljust(32, b"\0")
    info = b"INFO" + b"INAM" + struct.pack("<I", 32) + name
    chunk = b"LIST" + struct.pack("<I", len(info)) + info
    body = data[8:] + chunk
    return b"RIFF" + struct.pack("<I", len(body)) + body


TRANSCRIPT = f"""[therapist] Good morning {SENTINEL_FIRST} {SENTINEL_LAST}, your number is {SENTINEL_MRN}.
[client] Morning. The knee pain is about four out of ten today.
[therapist] Knee flexion is ninety five degrees today. We did therapeutic exercise for fifteen minutes.
[therapist] Then gait training for ten minutes. We are working toward {SENTINEL_GOAL}.
[client] I did not fall this week.
"""


def test_full_flow_logs_and_errors_carry_no_phi(client, clinic, login, settings, db, all_logs) -> None:
    from note_builder.draft import DraftRequest, build_draft
    from scribe.transcript import load_transcript

    bodies: list[tuple[str, str]] = []

    def call(method: str, url: str, **kwargs: Any):
        response = client.request(method, url, **kwargs)
        if response.status_code >= 400:
            bodies.append((f"{method} {url} -> {response.status_code}", response.text))
        return response

    headers = login("sec.pt")
    episode = clinic["own"]
    listed = call("GET", "/api/clients", headers=headers)
    assert SENTINEL_LAST in listed.text  # the flow really does handle the sentinel PHI
    assert call("GET", f"/api/clients/{episode.client_id}", headers=headers).status_code == 200
    assert SENTINEL_GOAL in call("GET", f"/api/episodes/{episode.id}", headers=headers).text

    session = call(
        "POST", "/api/sessions", json={"episode_id": episode.id, "consent_to_record": True}, headers=headers
    ).json()
    new_recording = {"client_upload_id": uuid.uuid4().hex, "content_type": "audio/wav"}
    rec_url = f"/api/sessions/{session['id']}/recordings"
    rec = call("POST", rec_url, json=new_recording, headers=headers).json()
    audio = wav_with_sentinel()
    half = len(audio) // 2
    for index, part in enumerate((audio[:half], audio[half:])):
        put = call(
            "PUT",
            f"/api/recordings/{rec['id']}/chunks/{index}",
            content=part,
            headers={
                **headers,
                "Content-Type": "application/octet-stream",
                "X-Chunk-SHA256": hashlib.sha256(part).hexdigest(),
            },
        )
        assert put.status_code == 201, put.text
    done = call(
        "POST",
        f"/api/recordings/{rec['id']}/complete",
        json={"total_chunks": 2, "sha256": hashlib.sha256(audio).hexdigest()},
        headers=headers,
    )
    assert done.status_code == 202, done.text
    assert call("GET", f"/api/recordings/{rec['id']}", headers=headers).status_code == 200

    draft = build_draft(load_transcript(TRANSCRIPT), DraftRequest(discipline="pt"))
    assert SENTINEL_LAST in str(draft)  # the note itself may of course hold PHI

    # Errors provoked with PHI in the request: the body names the field, never echoes the value.
    call("POST", "/api/auth/login", json={"username": SENTINEL_LAST, "password": SENTINEL_FIRST})
    call("POST", "/api/sessions", json={"episode_id": SENTINEL_LAST}, headers=headers)
    call(
        "POST",
        "/api/sessions",
        content=f'{{"episode_id": "{SENTINEL_LAST}',
        headers={**headers, "Content-Type": "application/json"},
    )
    call("GET", f"/api/clients?limit={SENTINEL_LAST}", headers=headers)
    call(
        "POST",
        f"/api/sessions/{session['id']}/recordings",
        json={"client_upload_id": f"{SENTINEL_LAST} {SENTINEL_FIRST}!", "content_type": "audio/wav"},
        headers=headers,
    )
    call(
        "POST",
        "/api/emergency-access",
        json={"client_id": 987654, "reason": f"{SENTINEL_LAST} fell"},
        headers=headers,
    )
    too_long = {"client_id": episode.client_id, "reason": SENTINEL_LAST * 300}
    call("POST", "/api/emergency-access", json=too_long, headers=headers)
    call("POST", "/api/auth/totp/confirm", json={"code": SENTINEL_LAST}, headers=headers)
    assert len(bodies) >= 8
    for where, text in bodies:
        assert_clean(text, f"error body of {where}")

    assert all_logs.records, "nothing was logged: the capture is broken"
    assert any(getattr(r, "route", None) == "/api/clients/{client_id}" for r in all_logs.records)
    for text in all_logs.texts():
        assert_clean(text, "a log record")

    # Task payloads on the (embedded) broker carry ids only; audio is encrypted on disk.
    broker = settings.data_dir / "broker"
    assert any(p.is_file() for p in broker.rglob("*")), "no task was queued"
    for folder in (broker, settings.resolved_storage_dir):
        for path in Path(folder).rglob("*"):
            if path.is_file():
                assert_clean(path.read_bytes().decode("latin-1"), str(path))
    # Audit events are ids only.
    try:
        for event in db.scalars(select(AuditEvent)).all():
            assert_clean(repr([event.action, event.object_type, event.object_id, event.request_id]), "audit")
    finally:
        db.commit()


def test_unhandled_errors_answer_with_an_id_not_the_message(app, all_logs) -> None:
    from fastapi.testclient import TestClient

    @app.get("/api/_boom")
    def boom() -> None:
        raise RuntimeError(f"failed for {SENTINEL_FIRST} {SENTINEL_LAST}")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.get("/api/_boom")
    assert response.status_code == 500
    body = response.json()
    assert body["code"] == "internal_error"
    assert body["request_id"]
    assert_clean(response.text, "the 500 body")
    ours = [r for r in all_logs.records if r.name == "rehab_scribe.api.errors"]
    assert ours
    assert ours[0].exc_type == "RuntimeError"
    from api.log import JsonFormatter

    for record in ours:
        assert_clean(JsonFormatter().format(record), "our error log line")


def test_sql_parameters_are_never_logged(session_factory, all_logs) -> None:
    """Even with the engine logger at DEBUG (what `echo=True` does), no bound value is written."""
    from sqlalchemy import text

    from api.log import install_log_redaction

    install_log_redaction()
    with session_factory() as session:
        session.execute(text("SELECT :name AS name"), {"name": SENTINEL_LAST}).all()
    assert any(r.name.startswith("sqlalchemy.engine") for r in all_logs.records)
    for text_ in all_logs.texts():
        assert_clean(text_, "a SQL log record")
