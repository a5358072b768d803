"""Log in, log out, refresh, and who am I."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api import auth
from api.deps import CurrentUser, LoginDep, RequestId, SessionDep, SettingsDep
from api.schemas import LoginRequest, Me, TokenResponse
from models.errors import AuthenticationError
from models.repositories import clinic_today, supervisee_ids, supervisor_ids

router = APIRouter(prefix="/api", tags=["auth"])


@router.post("/auth/login", response_model=TokenResponse, responses={401: {"description": auth.LOGIN_FAILED}})
def login(
    body: LoginRequest, session: SessionDep, settings: SettingsDep, request_id: RequestId
) -> TokenResponse:
    try:
        result = auth.login(session, settings, body.username, body.password, request_id)
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
