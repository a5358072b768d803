"""Passwords, tokens and log-in: argon2id hashes, short-lived HMAC-signed tokens, idle time-out.

A token is `base64url(payload).base64url(HMAC-SHA256(payload))` with the user id, a login
session id and an expiry. The login session row on the server is what makes the idle
time-out and log-out work: a token whose session was revoked or idle too long is refused
even before it expires.

Repeated failures lock the account for a while (`MAX_FAILED_LOGINS`, `LOCKOUT_MINUTES`): the
answer stays the same generic 401, so a locked account cannot be told from a wrong password.
An optional TOTP second factor (RFC 6238, SHA-1, 6 digits, 30 s) is checked with hmac alone;
its secret is sealed with the storage encryption keys, never stored or logged in the clear.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import struct
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.orm import Session

from models.audit import record_event
from models.enums import CLINICAL_ROLES
from models.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from models.orm import Client, EmergencyAccessGrant, LoginSession, User
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
# Lock-out: this many consecutive failures lock the account for this long (env overrides).
MAX_FAILED_LOGINS = 5
LOCKOUT_MINUTES = 15.0
# TOTP (RFC 6238): 30 s steps, 6 digits, one step of clock drift either way.
TOTP_STEP_S = 30
TOTP_DIGITS = 6
TOTP_DRIFT_STEPS = 1
TOTP_ISSUER = "Rehab Scribe"

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


def _setting(settings: Settings, name: str, default: float) -> float:
    """A tunable read from settings when it exists there, else `REHAB_SCRIBE_<NAME>`, else default."""
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(f"REHAB_SCRIBE_{name.upper()}")
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


def max_failed_logins(settings: Settings) -> int:
    return max(1, int(_setting(settings, "max_failed_logins", MAX_FAILED_LOGINS)))


def lockout_duration(settings: Settings) -> timedelta:
    return timedelta(minutes=_setting(settings, "lockout_minutes", LOCKOUT_MINUTES))


def is_locked(user: User, now: datetime | None = None) -> bool:
    return user.locked_until is not None and (now or utcnow()) < user.locked_until


def _register_failure(session: Session, settings: Settings, user: User, request_id: str | None) -> None:
    """Count a failed attempt; the one that reaches the limit locks the account (and is audited)."""
    now = utcnow()
    if is_locked(user, now):
        return
    user.failed_login_count = (user.failed_login_count or 0) + 1
    if user.failed_login_count >= max_failed_logins(settings):
        user.locked_until = now + lockout_duration(settings)
        user.failed_login_count = 0
        record_event(
            session,
            actor_user_id=user.id,
            action="auth.locked",
            object_type="user",
            object_id=user.id,
            request_id=request_id,
        )


# --- TOTP second factor (RFC 6238 over RFC 4226 HOTP) -----------------------------------------


def totp_code(secret: bytes, step: int, digits: int = TOTP_DIGITS) -> str:
    """HOTP(secret, step) with SHA-1 and dynamic truncation: what authenticator apps compute."""
    mac = hmac.new(secret, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def totp_step(now: datetime | None = None) -> int:
    return int((now or utcnow()).timestamp()) // TOTP_STEP_S


def match_totp(
    secret: bytes, code: str, now: datetime | None = None, after_step: int | None = None
) -> int | None:
    """The time step `code` is valid for (within the drift window), or None; steps at or before
    `after_step` (the last one accepted) are refused so a code works only once."""
    code = code.strip().replace(" ", "")
    if len(code) != TOTP_DIGITS or not code.isdigit():
        return None
    current = totp_step(now)
    for step in range(current - TOTP_DRIFT_STEPS, current + TOTP_DRIFT_STEPS + 1):
        if after_step is not None and step <= after_step:
            continue
        if hmac.compare_digest(totp_code(secret, step), code):
            return step
    return None


def _seal(settings: Settings, secret: bytes) -> str:
    """AES-256-GCM with the first encryption key; the key's id says which key opens it later."""
    from storage.blobs import key_id

    key = settings.resolved_encryption_keys[0]
    nonce = secrets.token_bytes(12)
    return _b64(key_id(key) + nonce + AESGCM(key).encrypt(nonce, secret, b"totp"))


def _unseal(settings: Settings, sealed: str) -> bytes:
    from storage.blobs import key_id

    raw = _unb64(sealed)
    kid, nonce, ciphertext = raw[:8], raw[8:20], raw[20:]
    for key in settings.resolved_encryption_keys:
        if key_id(key) == kid:
            try:
                return AESGCM(key).decrypt(nonce, ciphertext, b"totp")
            except InvalidTag:
                break
    raise AuthenticationError(LOGIN_FAILED)


def otpauth_uri(secret_b32: str, username: str, issuer: str = TOTP_ISSUER) -> str:
    from urllib.parse import quote

    label = quote(f"{issuer}:{username}")
    return (
        f"otpauth://totp/{label}?secret={secret_b32}&issuer={quote(issuer)}"
        f"&algorithm=SHA1&digits={TOTP_DIGITS}&period={TOTP_STEP_S}"
    )


def _audit_user(session: Session, user: User, action: str) -> None:
    record_event(session, actor_user_id=user.id, action=action, object_type="user", object_id=user.id)


@dataclass(frozen=True)
class TotpEnrolment:
    secret: str  # base32, for manual entry
    otpauth_uri: str


def enrol_totp(session: Session, settings: Settings, user: User) -> TotpEnrolment:
    """Start (or restart) enrolment: a new secret, not yet required until `confirm_totp`."""
    if user.totp_enabled:
        raise ConflictError("a second factor is already enabled; disable it first")
    secret = secrets.token_bytes(20)
    user.totp_secret = _seal(settings, secret)
    user.totp_last_step = None
    _audit_user(session, user, "auth.totp_enrol")
    b32 = base64.b32encode(secret).decode().rstrip("=")
    return TotpEnrolment(b32, otpauth_uri(b32, user.username))


def confirm_totp(session: Session, settings: Settings, user: User, code: str) -> None:
    """Turn the factor on once the user proves their app produces the right codes."""
    if user.totp_secret is None or user.totp_enabled:
        raise ConflictError("no second-factor enrolment is pending")
    step = match_totp(_unseal(settings, user.totp_secret), code)
    if step is None:
        raise InvalidInputError("invalid second-factor code")
    user.totp_enabled = True
    user.totp_last_step = step
    _audit_user(session, user, "auth.totp_enabled")


def disable_totp(session: Session, settings: Settings, user: User, code: str) -> None:
    if not verify_second_factor(user, code, settings=settings):
        raise InvalidInputError("invalid second-factor code")
    user.totp_enabled = False
    user.totp_secret = None
    user.totp_last_step = None
    _audit_user(session, user, "auth.totp_disabled")


def verify_second_factor(user: User, code: str | None, *, settings: Settings) -> bool:
    """True when the user has no second factor, or `code` is a fresh valid TOTP code for them.

    For re-authentication (signing): call after `verify_password`. A code is consumed (it cannot
    be used again); the caller's transaction must commit for that to stick.
    """
    if not user.totp_enabled:
        return True
    if not code or user.totp_secret is None:
        return False
    try:
        secret = _unseal(settings, user.totp_secret)
    except AuthenticationError:
        return False
    step = match_totp(secret, code, after_step=user.totp_last_step)
    if step is None:
        return False
    user.totp_last_step = step
    return True


@dataclass(frozen=True)
class LoginResult:
    token: str
    expires_in: int
    user: User


def login(
    session: Session,
    settings: Settings,
    username: str,
    password: str,
    request_id: str | None = None,
    totp: str | None = None,
) -> LoginResult:
    """Check credentials (and the second factor when enabled) and open a login session.

    Every failure -- unknown user, wrong password, inactive or locked account, missing or wrong
    code -- raises the same `LOGIN_FAILED`; the password is verified even for a locked account so
    the timing does not tell either.
    """
    user = UserRepository(session).by_username(username)
    if user is None:
        verify_password(_DUMMY_HASH, password)
        record_event(session, actor_user_id=None, action="auth.login_failed", request_id=request_id)
        raise AuthenticationError(LOGIN_FAILED)
    password_ok = verify_password(user.password_hash, password)
    locked = is_locked(user)
    if (
        not password_ok
        or not user.is_active
        or locked
        or not verify_second_factor(user, totp, settings=settings)
    ):
        if not locked and user.is_active:
            _register_failure(session, settings, user, request_id)
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
    user.failed_login_count = 0
    user.locked_until = None
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


# --- emergency ("break the glass") access -------------------------------------------------------

DEFAULT_EMERGENCY_ROLES = "pt,ot,slp"
EMERGENCY_ACCESS_MINUTES = 60.0
MIN_EMERGENCY_REASON_CHARS = 10


def emergency_roles(settings: Settings) -> frozenset[str]:
    """Roles (lower-case values) allowed to break the glass: `REHAB_SCRIBE_EMERGENCY_ROLES`."""
    raw = getattr(settings, "emergency_roles", None)
    if raw is None:
        raw = os.environ.get("REHAB_SCRIBE_EMERGENCY_ROLES", DEFAULT_EMERGENCY_ROLES)
    items = raw if isinstance(raw, list | tuple | set | frozenset) else str(raw).split(",")
    return frozenset(str(r).strip().lower() for r in items if str(r).strip())


def emergency_access_duration(settings: Settings) -> timedelta:
    return timedelta(minutes=_setting(settings, "emergency_access_minutes", EMERGENCY_ACCESS_MINUTES))


def grant_emergency_access(
    session: Session,
    settings: Settings,
    user: User,
    client_id: int,
    reason: str,
    request_id: str | None = None,
) -> EmergencyAccessGrant:
    """Open `client_id`'s records to `user` for a limited time, outside their caseload.

    Only clinical staff in the configured roles may; the client must belong to the user's
    organisation (else 404, like any hidden object). Audited as `emergency_access`.
    """
    if user.role not in CLINICAL_ROLES or str(user.role).lower() not in emergency_roles(settings):
        raise PermissionDeniedError("this role may not use emergency access")
    reason = reason.strip()
    if len(reason) < MIN_EMERGENCY_REASON_CHARS:
        raise InvalidInputError(
            f"a reason of at least {MIN_EMERGENCY_REASON_CHARS} characters is required for emergency access"
        )
    client = session.get(Client, client_id)
    if client is None or client.organisation_id != user.organisation_id:
        raise NotFoundError("client not found")
    now = utcnow()
    grant = EmergencyAccessGrant(
        user_id=user.id,
        client_id=client.id,
        reason=reason,
        granted_at=now,
        expires_at=now + emergency_access_duration(settings),
    )
    session.add(grant)
    session.flush()
    record_event(
        session,
        actor_user_id=user.id,
        action="emergency_access",
        client_id=client.id,
        object_type="emergency_access_grant",
        object_id=grant.id,
        request_id=request_id,
    )
    return grant
