"""Lock-out after repeated failures, the TOTP second factor, emergency access, security headers."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from api import auth
from models.orm import AuditEvent, EmergencyAccessGrant, User
from models.types import utcnow
from tests.conftest import TEST_PASSWORD


def _login(client, username: str, password: str = TEST_PASSWORD, totp: str | None = None):
    body = {"username": username, "password": password}
    if totp is not None:
        body["totp"] = totp
    return client.post("/api/auth/login", json=body)


def _actions(db, action: str) -> list[AuditEvent]:
    try:
        return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)).all())
    finally:
        db.commit()


# --- lock-out -------------------------------------------------------------------------------------


def test_five_failures_lock_the_account_with_the_same_generic_answer(client, clinic, db) -> None:
    for _ in range(auth.MAX_FAILED_LOGINS):
        response = _login(client, "sec.pt", "wrong password")
        assert response.status_code == 401
    locked = _login(client, "sec.pt")  # the right password, but locked
    assert locked.status_code == 401
    assert locked.json() == {"detail": auth.LOGIN_FAILED}
    events = _actions(db, "auth.locked")
    assert [(e.actor_user_id, e.object_id) for e in events] == [(clinic["pt"].id, str(clinic["pt"].id))]
    # Other accounts are unaffected.
    assert _login(client, "sec.pt2").status_code == 200


def test_lock_expires_and_success_resets_the_count(client, clinic, db) -> None:
    for _ in range(auth.MAX_FAILED_LOGINS):
        _login(client, "sec.pt", "wrong password")
    past = utcnow() - timedelta(seconds=1)
    db.execute(update(User).where(User.id == clinic["pt"].id).values(locked_until=past))
    db.commit()
    assert _login(client, "sec.pt").status_code == 200
    for _ in range(auth.MAX_FAILED_LOGINS - 1):
        _login(client, "sec.pt", "wrong password")
    assert _login(client, "sec.pt").status_code == 200  # 4 failures then success: not locked
    user = db.get(User, clinic["pt"].id)
    db.refresh(user)
    assert user.failed_login_count == 0
    assert user.locked_until is None
    db.commit()


def test_fewer_failures_than_the_limit_do_not_lock(client, clinic) -> None:
    for _ in range(auth.MAX_FAILED_LOGINS - 1):
        _login(client, "sec.pt", "wrong password")
    assert _login(client, "sec.pt").status_code == 200


def test_passwords_are_argon2id(clinic) -> None:
    assert clinic["pt"].password_hash.startswith("$argon2id$")


# --- TOTP -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "expected"),
    # RFC 6238 appendix B, SHA-1, secret "12345678901234567890", last 6 of the 8-digit values.
    [(59 // 30, "287082"), (1111111109 // 30, "081804"), (1234567890 // 30, "005924")],
)
def test_totp_matches_rfc6238_vectors(step: int, expected: str) -> None:
    assert auth.totp_code(b"12345678901234567890", step) == expected


def _secret(enrolment: dict) -> bytes:
    b32 = enrolment["secret"]
    return base64.b32decode(b32 + "=" * (-len(b32) % 8))


def _enrol(client, headers) -> bytes:
    response = client.post("/api/auth/totp/enrol", json={"password": TEST_PASSWORD}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["otpauth_uri"].startswith("otpauth://totp/Rehab%20Scribe%3Asec.pt?secret=")
    assert body["enabled"] is False
    return _secret(body)


def test_totp_enrol_confirm_then_login_needs_a_fresh_code(client, clinic, login, db) -> None:
    headers = login("sec.pt")
    secret = _enrol(client, headers)
    # Stored sealed, never as the secret itself.
    user = db.get(User, clinic["pt"].id)
    db.refresh(user)
    stored = user.totp_secret
    db.commit()
    assert stored
    assert base64.b32encode(secret).decode().rstrip("=") not in stored
    # Still optional until confirmed.
    assert _login(client, "sec.pt").status_code == 200
    bad = client.post("/api/auth/totp/confirm", json={"code": "000000"}, headers=headers)
    assert bad.status_code in (422, 200, 204)
    if bad.status_code != 422:  # 1 in a million: 000000 was the right code
        pytest.skip("random secret made 000000 valid")
    now_step = auth.totp_step()
    code = auth.totp_code(secret, now_step)
    ok = client.post("/api/auth/totp/confirm", json={"code": code}, headers=headers)
    assert ok.status_code == 204, ok.text

    missing = _login(client, "sec.pt")
    assert missing.status_code == 401
    assert missing.json() == {"detail": auth.LOGIN_FAILED}
    # The code used to confirm cannot be replayed; the next step's code (drift window) works once.
    assert _login(client, "sec.pt", totp=auth.totp_code(secret, now_step)).status_code == 401
    next_code = auth.totp_code(secret, now_step + 1)
    assert _login(client, "sec.pt", totp=next_code).status_code == 200
    assert _login(client, "sec.pt", totp=next_code).status_code == 401
    assert _login(client, "sec.pt", "wrong", totp=auth.totp_code(secret, now_step + 1)).status_code == 401


def test_verify_second_factor_for_re_authentication(clinic, settings, db) -> None:
    user = db.get(User, clinic["pt"].id)
    assert auth.verify_second_factor(user, None, settings=settings)  # no factor: nothing to check
    enrolment = auth.enrol_totp(db, settings, user)
    secret = _secret({"secret": enrolment.secret})
    step = auth.totp_step()
    auth.confirm_totp(db, settings, user, auth.totp_code(secret, step))
    assert not auth.verify_second_factor(user, None, settings=settings)
    assert not auth.verify_second_factor(user, "12345x", settings=settings)
    assert auth.verify_second_factor(user, auth.totp_code(secret, step + 1), settings=settings)
    assert not auth.verify_second_factor(user, auth.totp_code(secret, step + 1), settings=settings)
    db.rollback()


def test_totp_enrol_needs_the_password(client, clinic, login) -> None:
    headers = login("sec.pt")
    response = client.post("/api/auth/totp/enrol", json={"password": "not it"}, headers=headers)
    assert response.status_code == 403


# --- emergency access -------------------------------------------------------------------------------


def test_emergency_access_opens_the_client_for_a_time_and_is_audited(client, clinic, login, db) -> None:
    headers = login("sec.pt")
    other = clinic["other"]
    assert client.get(f"/api/episodes/{other.id}", headers=headers).status_code == 404
    response = client.post(
        "/api/emergency-access",
        json={"client_id": other.client_id, "reason": "covering a fall on the unit, therapist away"},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["client_id"] == other.client_id
    assert client.get(f"/api/episodes/{other.id}", headers=headers).status_code == 200
    assert client.get(f"/api/clients/{other.client_id}", headers=headers).status_code == 200
    events = _actions(db, "emergency_access")
    assert [(e.actor_user_id, e.client_id, e.object_id) for e in events] == [
        (clinic["pt"].id, other.client_id, str(body["id"]))
    ]
    # Once expired, the record is hidden again.
    db.execute(
        update(EmergencyAccessGrant).values(
            granted_at=utcnow() - timedelta(hours=3), expires_at=utcnow() - timedelta(seconds=1)
        )
    )
    db.commit()
    assert client.get(f"/api/episodes/{other.id}", headers=headers).status_code == 404


@pytest.mark.parametrize(
    ("username", "body", "status"),
    [
        ("sec.pta", {"reason": "needed urgently for handover"}, 403),  # role not configured
        ("sec.biller", {"reason": "needed urgently for handover"}, 403),
        ("sec.pt", {"reason": ""}, 422),  # reason required
        ("sec.pt", {"reason": "          x"}, 422),  # blank after trimming
        ("sec.pt", {}, 422),
    ],
)
def test_emergency_access_is_limited(client, clinic, login, db, username, body, status) -> None:
    body = {"client_id": clinic["other"].client_id, **body}
    response = client.post("/api/emergency-access", json=body, headers=login(username))
    assert response.status_code == status, response.text
    assert _actions(db, "emergency_access") == []


def test_emergency_access_roles_come_from_the_environment(client, clinic, login, monkeypatch) -> None:
    monkeypatch.setenv("REHAB_SCRIBE_EMERGENCY_ROLES", "pta")
    ok = client.post(
        "/api/emergency-access",
        json={"client_id": clinic["other"].client_id, "reason": "covering for an absent colleague"},
        headers=login("sec.pta"),
    )
    assert ok.status_code == 201
    refused = client.post(
        "/api/emergency-access",
        json={"client_id": clinic["other"].client_id, "reason": "covering for an absent colleague"},
        headers=login("sec.pt"),
    )
    assert refused.status_code == 403


def test_emergency_access_never_crosses_organisations(client, clinic, login, factory, db) -> None:
    foreign = factory.client(factory.organisation())
    db.commit()
    response = client.post(
        "/api/emergency-access",
        json={"client_id": foreign.id, "reason": "this should never be allowed"},
        headers=login("sec.pt"),
    )
    assert response.status_code == 404
    missing = client.post(
        "/api/emergency-access",
        json={"client_id": 987654, "reason": "this should never be allowed"},
        headers=login("sec.pt"),
    )
    assert missing.status_code == 404
    assert missing.content == response.content == b""


# --- security headers --------------------------------------------------------------------------------


def test_security_headers_on_every_response(client, clinic, login) -> None:
    for response in (
        client.get("/healthz"),
        client.get("/api/me"),  # 401
        client.get("/api/clients", headers=login("sec.pt")),
    ):
        h = response.headers
        assert "default-src 'self'" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"
        assert h["x-frame-options"] == "DENY"
        assert h["referrer-policy"] == "no-referrer"
        assert "strict-transport-security" not in h  # plain http, not behind TLS
    assert client.get("/api/me").headers["cache-control"] == "no-store"


def test_hsts_over_https_or_behind_tls(app, clinic, monkeypatch) -> None:
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="https://testserver") as tls_client:
        assert tls_client.get("/healthz").headers["strict-transport-security"].startswith("max-age=")
    monkeypatch.setenv("REHAB_SCRIBE_BEHIND_TLS", "true")
    from api.app import create_app

    with TestClient(create_app(app.state.settings)) as proxied:
        assert "strict-transport-security" in proxied.get("/healthz").headers
