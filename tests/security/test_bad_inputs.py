"""The bad-inputs catalogue: malformed JSON, unicode and injection strings in every text field.

Uploads that are oversized, truncated or not audio are covered next to the upload protocol
(tests/api/test_sessions_recordings.py) and the audio reader (tests/scribe/test_audio.py).
"""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select

from models.orm import EmergencyAccessGrant, Recording

SQL_INJECTION = "x'); DROP TABLE recordings; -- \" OR 1=1 --"
SCRIPT_INJECTION = "<script>alert('x')</script><img src=x onerror=alert(1)>"
UNICODE = "Zoë Ñúñez-O'Brien 李小龙 مرحبا 🦵🏽 \u200b\u202e cafe\u0301 \U0001f600"
NASTY = [SQL_INJECTION, SCRIPT_INJECTION, UNICODE, "\x00nul", "a" * 5000, "   ", "{{7*7}} ${7*7} %s %n"]

MALFORMED_BODIES = [
    b'{"episode_id": 1',  # truncated
    b"not json at all",
    b"",
    b"[1, 2, 3]",
    b'{"episode_id": 1e999}',
    b"\xff\xfe\x00garbage",
    b"[" * 5000 + b"]" * 5000,  # deep nesting
    b'{"episode_id": 1, "episode_id": "x"}',
    b'"just a string"',
    b"null",
]


def _json_body_operations(app) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, request schema) for every operation that takes a JSON body."""
    spec = app.openapi()
    out = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                out.append((method.upper(), path, _resolve(spec, content["application/json"]["schema"])))
    return out


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _url(path: str, ids: dict[str, int]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), 1)), path)


@pytest.fixture
def ids(client, clinic, login) -> dict[str, int]:
    """Real objects of the caller, so bodies reach validation and the database (not a 404 first)."""
    headers = login("sec.pt")
    session = client.post(
        "/api/sessions", json={"episode_id": clinic["own"].id, "consent_to_record": True}, headers=headers
    ).json()
    rec = client.post(
        f"/api/sessions/{session['id']}/recordings",
        json={"client_upload_id": uuid.uuid4().hex, "content_type": "audio/wav"},
        headers=headers,
    ).json()
    return {
        "client_id": clinic["own"].client_id,
        "episode_id": clinic["own"].id,
        "session_id": session["id"],
        "recording_id": rec["id"],
        "index": 0,
    }


SKIP = {("POST", "/api/auth/logout")}


def test_malformed_json_is_422_never_500_on_every_json_route(app, client, clinic, login, ids) -> None:
    headers = {**login("sec.pt"), "Content-Type": "application/json"}
    operations = _json_body_operations(app)
    assert len(operations) >= 5
    for method, path, _schema in operations:
        if (method, path) in SKIP:
            continue
        for body in MALFORMED_BODIES:
            response = client.request(method, _url(path, ids), content=body, headers=headers)
            assert response.status_code < 500, (method, path, body[:40], response.text[:200])
            if response.status_code == 422:
                assert isinstance(response.json()["detail"], list)


def _body_for(schema: dict[str, Any], spec: dict[str, Any], text: str, ids: dict[str, int]) -> dict[str, Any]:
    """Every string field set to `text`; other fields to plausible values, ids to the caller's own."""
    body: dict[str, Any] = {}
    for name, prop in schema.get("properties", {}).items():
        prop = _resolve(spec, prop)
        kinds = {prop.get("type")} | {_resolve(spec, p).get("type") for p in prop.get("anyOf", [])}
        if name in ids:
            body[name] = ids[name]
        elif "string" in kinds and "enum" not in prop:
            body[name] = text
        elif "integer" in kinds:
            body[name] = 1
        elif "boolean" in kinds:
            body[name] = True
        elif "array" in kinds:
            body[name] = [text]
    return body


@pytest.mark.parametrize("text", NASTY, ids=["sql", "script", "unicode", "nul", "long", "blank", "format"])
def test_hostile_text_in_every_text_field_is_never_a_500(app, client, clinic, login, ids, db, text) -> None:
    headers = login("sec.pt")
    spec = app.openapi()
    for method, path, schema in _json_body_operations(app):
        if (method, path) in SKIP or path.startswith("/api/auth/"):
            continue  # log-in fields are covered by the login tests; these would lock the account
        body = _body_for(schema, spec, text, ids)
        response = client.request(method, _url(path, ids), json=body, headers=headers)
        assert response.status_code < 500, (method, path, response.text[:300])
        if response.status_code == 422:
            assert text not in response.text or len(text) < 4  # never echoed back
    # Nothing was dropped: the schema is intact after every injection attempt.
    try:
        tables = set(inspect(db.get_bind()).get_table_names())
        assert {"recordings", "clients", "audit_events", "users"} <= tables
    finally:
        db.commit()


@pytest.mark.parametrize("text", [SQL_INJECTION, SCRIPT_INJECTION, UNICODE])
def test_injection_strings_are_stored_and_returned_verbatim(client, clinic, login, ids, db, text) -> None:
    """Through the real path: a transcript line becomes a draft note, which is stored and read back."""
    from note_builder.draft import DraftRequest, build_draft
    from scribe.transcript import load_transcript

    headers = login("sec.pt")
    transcript = load_transcript(f"[therapist] Knee flexion is ninety degrees.\n[client] {text}\n")
    content = build_draft(transcript, DraftRequest(discipline="pt"))
    content["free_text"] = text
    created = client.post(
        "/api/notes",
        json={"episode_id": ids["episode_id"], "therapy_session_id": ids["session_id"], "content": content},
        headers=headers,
    )
    assert created.status_code == 201, created.text[:300]
    assert created.headers["content-type"].startswith("application/json")
    read = client.get(f"/api/notes/{created.json()['id']}", headers=headers)
    assert read.status_code == 200
    assert read.json()["content"]["free_text"] == text
    assert text in read.json()["content"]["transcript"]["segments"][1]["text"]
    # JSON-escaped on the wire: the raw bytes never carry an unescaped quote inside the value.
    if '"' in text:
        assert text not in read.text

    reason = f"covering for a colleague {text}"
    granted = client.post(
        "/api/emergency-access",
        json={"client_id": clinic["other"].client_id, "reason": reason},
        headers=headers,
    )
    assert granted.status_code == 201, granted.text
    try:
        assert db.scalar(select(EmergencyAccessGrant.reason)) == reason
        assert db.scalar(select(Recording.id).limit(1)) is not None  # the tables survived
    finally:
        db.commit()


ENORMOUS_LIMIT_S = 60


def test_enormous_transcript_to_the_draft_command_is_refused(tmp_path: Path) -> None:
    """5 MB of transcript (25 hours of speech): refused at once with one clear line -- no traceback,
    no hang, nothing on stdout."""
    line = "[therapist] Knee flexion is ninety five degrees today.\n[client] The pain is four out of ten.\n"
    path = tmp_path / "huge.txt"
    path.write_text(line * (5_000_000 // len(line)))
    result = subprocess.run(
        [sys.executable, "-m", "cli", "draft", "--transcript", str(path), "--discipline", "pt", "--json"],
        capture_output=True,
        text=True,
        timeout=ENORMOUS_LIMIT_S,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert "Traceback" not in result.stderr
    assert result.returncode != 0
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr[-500:]
    assert "larger than 2 MB" in result.stderr


def test_binary_and_empty_transcripts_are_refused_clearly(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cli import main

    cases = {"empty.txt": b"", "binary.txt": b"\xff\xfe\x00\x81" * 100, "json.txt": b'{"segments": [}'}
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = CliRunner().invoke(main, ["draft", "--transcript", str(path), "--discipline", "pt"])
        assert result.exit_code != 0, name
        assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), name
        assert name in result.output
