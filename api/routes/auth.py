"""Log in, log out, refresh, who am I; the TOTP second factor; emergency ("break the glass") access."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, Field

from api import auth
from api.deps import CurrentUser, LoginDep, RequestId, SessionDep, SettingsDep
from api.schemas import LoginRequest, Me, RequestBody, TokenResponse
from models.errors import AuthenticationError, PermissionDeniedError
from models.repositories import clinic_today, supervisee_ids, supervisor_ids

router = APIRouter(prefix="/api", tags=["auth"])

TotpCode = Field(min_length=6, max_length=10, pattern=r"^[0-9 ]+$", description="6-digit authenticator code")


class LoginBody(LoginRequest):
    totp: str | None = Field(
        default=None, max_length=10, description="Authenticator code, once a second factor is enabled"
    )


class PasswordConfirm(RequestBody):
    password: str = Field(min_length=1, max_length=1024)


class TotpEnrolmentOut(BaseModel):
    secret: str = Field(description="Base32 secret for manual entry in an authenticator app")
    otpauth_uri: str
    enabled: bool


class TotpCodeIn(RequestBody):
    code: str = TotpCode


class TotpDisable(PasswordConfirm):
    code: str = TotpCode


class EmergencyAccessRequest(RequestBody):
    client_id: int
    reason: str = Field(min_length=10, max_length=2000, description="Why the record is needed now")


class EmergencyAccessOut(BaseModel):
    id: int
    client_id: int
    granted_at: datetime
    expires_at: datetime


@router.post("/auth/login", response_model=TokenResponse, responses={401: {"description": auth.LOGIN_FAILED}})
def login(
    body: LoginBody, session: SessionDep, settings: SettingsDep, request_id: RequestId
) -> TokenResponse:
    """Every failure (including a locked account or a missing/wrong second-factor code) is the same 401."""
    try:
        result = auth.login(session, settings, body.username, body.password, request_id, totp=body.totp)
    except AuthenticationError:
        # Keep the failed-attempt audit event although the request fails.
        session.commit()
        raise
    return TokenResponse(access_token=result.token, expires_in=result.expires_in)


@router.post("/auth/refresh", response_model=TokenResponse)
def refresh(login: LoginDep, settings: SettingsDep) -> TokenResponse:
    """A fresh token for the same login session (only while the current one is valid and not idle)."""
    user, login_session = login
    token, ttl = auth.issue_token(settings, user.id, login_session.id)
    return TokenResponse(access_token=token, expires_in=ttl)


@router.post("/auth/logout", status_code=204)
def logout(login: LoginDep, session: SessionDep) -> Response:
    auth.logout(session, login[1])
    return Response(status_code=204)


@router.get("/me", response_model=Me)
def me(user: CurrentUser, session: SessionDep) -> Me:
    today = clinic_today(user.organisation)
    out = Me.model_validate(user)
    out.supervisor_ids = supervisor_ids(session, user.id, today)
    out.supervisee_ids = supervisee_ids(session, user.id, today)
    return out


@router.post(
    "/auth/totp/enrol",
    response_model=TotpEnrolmentOut,
    responses={403: {"description": "password does not match"}, 409: {"description": "already enabled"}},
)
def totp_enrol(
    body: PasswordConfirm, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> TotpEnrolmentOut:
    """Start enrolling an authenticator app; the factor is required only after `/auth/totp/confirm`."""
    if not auth.verify_password(user.password_hash, body.password):
        raise PermissionDeniedError("password does not match")
    enrolment = auth.enrol_totp(session, settings, user)
    return TotpEnrolmentOut(secret=enrolment.secret, otpauth_uri=enrolment.otpauth_uri, enabled=False)


@router.post(
    "/auth/totp/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={422: {"description": "wrong code"}, 409: {"description": "no enrolment pending"}},
)
def totp_confirm(body: TotpCodeIn, user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Response:
    auth.confirm_totp(session, settings, user, body.code)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/auth/totp/disable",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={422: {"description": "wrong code"}, 403: {"description": "password does not match"}},
)
def totp_disable(
    body: TotpDisable, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Response:
    if not auth.verify_password(user.password_hash, body.password):
        raise PermissionDeniedError("password does not match")
    auth.disable_totp(session, settings, user, body.code)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/emergency-access",
    response_model=EmergencyAccessOut,
    status_code=status.HTTP_201_CREATED,
    responses={
        403: {"description": "this role may not use emergency access"},
        404: {"description": "no such client in your organisation"},
    },
)
def emergency_access(
    body: EmergencyAccessRequest,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    request_id: RequestId,
) -> EmergencyAccessOut:
    """Break the glass: time-limited access to one client's records outside your caseload, with a
    stated reason; audited as `emergency_access` and reviewable afterwards."""
    grant = auth.grant_emergency_access(session, settings, user, body.client_id, body.reason, request_id)
    return EmergencyAccessOut(
        id=grant.id, client_id=grant.client_id, granted_at=grant.granted_at, expires_at=grant.expires_at
    )
