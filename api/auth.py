"""Passwords, tokens and log-in: argon2id hashes, short-lived HMAC-signed tokens, idle time-out.

A token is `base64url(payload).base64url(HMAC-SHA256(payload))` with the user id, a login
session id and an expiry. The login session row on the server is what makes the idle
time-out and log-out work: a token whose session was revoked or idle too long is refused
even before it expires.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from models.audit import record_event
from models.errors import AuthenticationError
from models.orm import LoginSession, User
from models.repositories import UserRepository
from models.types import utcnow
from settings import Settings

# One message for unknown user, wrong password and disabled account: it must not say which.
LOGIN_FAILED = "invalid username or password"
TOKEN_INVALID = "invalid or missing token"
TOKEN_EXPIRED = "token expired"
SESSION_ENDED = "session ended or timed out; log in again"
# Don't write last_seen_at on every request: it is precise enough to this many seconds.
LAST_SEEN_RESOLUTION_S = 30

_hasher = PasswordHasher()
# Verified against when the username is unknown, so both failures cost the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(data: str) -> bytes:
    return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    session_id: str
    issued_at: int
    expires_at: int


def _sign(key: str, payload: bytes) -> bytes:
    return hmac.new(key.encode(), payload, hashlib.sha256).digest()


def issue_token(
    settings: Settings, user_id: int, session_id: str, now: datetime | None = None
) -> tuple[str, int]:
    """Return (token, seconds until expiry)."""
    issued = int((now or utcnow()).timestamp())
    ttl = settings.access_token_ttl_s
    payload = json.dumps(
        {"sub": user_id, "sid": session_id, "iat": issued, "exp": issued + ttl}, separators=(",", ":")
    ).encode()
    return f"{_b64(payload)}.{_b64(_sign(settings.resolved_secret_key, payload))}", ttl


def decode_token(settings: Settings, token: str, now: datetime | None = None) -> TokenClaims:
    """Check signature, then expiry; raise `AuthenticationError` otherwise."""
    try:
        payload_b64, sig_b64 = token.split(".")
        payload, signature = _unb64(payload_b64), _unb64(sig_b64)
    except (ValueError, binascii.Error) as exc:
        raise AuthenticationError(TOKEN_INVALID) from exc
    if not hmac.compare_digest(signature, _sign(settings.resolved_secret_key, payload)):
        raise AuthenticationError(TOKEN_INVALID)
    try:
        data = json.loads(payload)
        claims = TokenClaims(int(data["sub"]), str(data["sid"]), int(data["iat"]), int(data["exp"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise AuthenticationError(TOKEN_INVALID) from exc
    if int((now or utcnow()).timestamp()) >= claims.expires_at:
        raise AuthenticationError(TOKEN_EXPIRED)
    return claims


@dataclass(frozen=True)
class LoginResult:
    token: str
    expires_in: int
    user: User


def login(
    session: Session, settings: Settings, username: str, password: str, request_id: str | None = None
) -> LoginResult:
    """Check credentials and open a login session; failures all raise the same `LOGIN_FAILED`."""
    user = UserRepository(session).by_username(username)
    if user is None:
        verify_password(_DUMMY_HASH, password)
        record_event(session, actor_user_id=None, action="auth.login_failed", request_id=request_id)
        raise AuthenticationError(LOGIN_FAILED)
    if not verify_password(user.password_hash, password) or not user.is_active:
        record_event(
            session,
            actor_user_id=user.id,
            action="auth.login_failed",
            object_type="user",
            object_id=user.id,
            request_id=request_id,
        )
        raise AuthenticationError(LOGIN_FAILED)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    now = utcnow()
    user.last_login_at = now
    login_session = LoginSession(id=str(uuid.uuid4()), user_id=user.id, created_at=now, last_seen_at=now)
    session.add(login_session)
    record_event(
        session,
        actor_user_id=user.id,
        action="auth.login",
        object_type="login_session",
        object_id=login_session.id,
        request_id=request_id,
    )
    token, ttl = issue_token(settings, user.id, login_session.id, now)
    return LoginResult(token, ttl, user)


def authenticate(
    session: Session, settings: Settings, token: str, now: datetime | None = None
) -> tuple[User, LoginSession]:
    """The user behind a bearer token, after expiry, revocation and idle time-out checks."""
    now = now or utcnow()
    claims = decode_token(settings, token, now)
    login_session = session.get(LoginSession, claims.session_id)
    if (
        login_session is None
        or login_session.user_id != claims.user_id
        or login_session.revoked_at is not None
    ):
        raise AuthenticationError(SESSION_ENDED)
    idle = now - login_session.last_seen_at
    if idle > timedelta(seconds=settings.idle_timeout_s):
        raise AuthenticationError(SESSION_ENDED)
    user = session.get(User, claims.user_id)
    if user is None or not user.is_active:
        raise AuthenticationError(SESSION_ENDED)
    if idle > timedelta(seconds=LAST_SEEN_RESOLUTION_S):
        login_session.last_seen_at = now
    return user, login_session


def logout(session: Session, login_session: LoginSession) -> None:
    login_session.revoked_at = utcnow()
    record_event(
        session,
        actor_user_id=login_session.user_id,
        action="auth.logout",
        object_type="login_session",
        object_id=login_session.id,
    )
