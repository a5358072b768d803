"""Log-in, tokens, expiry, idle time-out, log-out."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from api.auth import LOGIN_FAILED, issue_token
from models.orm import AuditEvent, LoginSession
from models.types import utcnow
from tests.conftest import TEST_PASSWORD


def test_wrong_password_and_unknown_user_fail_identically(client, clinic) -> None:
    wrong = client.post("/api/auth/login", json={"username": "pt.one", "password": "nope"})
    unknown = client.post("/api/auth/login", json={"username": "nobody.here", "password": "nope"})
    inactive = client.post("/api/auth/login", json={"username": "pt.gone", "password": TEST_PASSWORD})
    assert wrong.status_code == unknown.status_code == inactive.status_code == 401
    assert wrong.json() == unknown.json() == inactive.json() == {"detail": LOGIN_FAILED}


def test_failed_logins_are_audited_without_credentials(client, clinic, db) -> None:
    client.post("/api/auth/login", json={"username": "pt.one", "password": "nope"})
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "auth.login_failed")).all()
    assert [e.actor_user_id for e in events] == [clinic["pt"].id]


def test_login_then_me(client, clinic, login) -> None:
    response = client.get("/api/me", headers=login("pta.one"))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "pta.one"
    assert body["role"] == "PTA"
    assert body["supervisor_ids"] == [clinic["pt"].id]
    assert "password_hash" not in body


def test_missing_or_tampered_token_is_401(client, clinic, login) -> None:
    assert client.get("/api/me").status_code == 401
    header = login("pt.one")
    token = header["Authorization"].removeprefix("Bearer ")
    payload, sig = token.split(".")
    forged = f"{payload[:-2]}xx.{sig}"
    response = client.get("/api/me", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_expired_token_is_401(client, clinic, settings, login, db) -> None:
    login("pt.one")
    session_id = db.scalars(select(LoginSession.id)).one()
    past = utcnow() - timedelta(seconds=settings.access_token_ttl_s + 5)
    token, _ = issue_token(settings, clinic["pt"].id, session_id, now=past)
    response = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json()["detail"] == "token expired"


def test_idle_session_times_out_before_the_token_expires(client, clinic, settings, login, db) -> None:
    headers = login("pt.one")
    assert client.get("/api/me", headers=headers).status_code == 200
    idle_since = utcnow() - timedelta(seconds=settings.idle_timeout_s + 1)
    db.execute(update(LoginSession).values(last_seen_at=idle_since))
    db.commit()
    response = client.get("/api/me", headers=headers)
    assert response.status_code == 401
    assert "timed out" in response.json()["detail"]


def test_logout_revokes_the_token_and_refresh_needs_a_live_session(client, clinic, login) -> None:
    headers = login("pt.one")
    refreshed = client.post("/api/auth/refresh", headers=headers)
    assert refreshed.status_code == 200
    assert client.post("/api/auth/logout", headers=headers).status_code == 204
    assert client.get("/api/me", headers=headers).status_code == 401
    new = {"Authorization": f"Bearer {refreshed.json()['access_token']}"}
    assert client.get("/api/me", headers=new).status_code == 401
