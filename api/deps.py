"""Request-scoped dependencies, as `Annotated` aliases routes declare by type.

The request owns the transaction: `SessionDep` commits when the route returns and rolls back
when it raises, *before* the response is sent (scope="function"), so an audit event for a
PHI view is durable before the PHI leaves the server.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from api.auth import TOKEN_INVALID, authenticate
from models.audit import record_event
from models.errors import AuthenticationError
from models.orm import LoginSession, User
from models.repositories import Caseload
from settings import Settings

_bearer = HTTPBearer(auto_error=False, description="Token from POST /api/auth/login")


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_db(request: Request) -> Iterator[Session]:
    factory: sessionmaker[Session] = request.app.state.session_factory
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
SessionDep = Annotated[Session, Depends(get_db, scope="function")]


def get_request_id(request: Request) -> str | None:
    return getattr(request.state, "request_id", None)


RequestId = Annotated[str | None, Depends(get_request_id)]


def get_login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> tuple[User, LoginSession]:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise AuthenticationError(TOKEN_INVALID)
    user, login_session = authenticate(session, settings, credentials.credentials)
    request.state.user_id = user.id
    return user, login_session


LoginDep = Annotated[tuple[User, LoginSession], Depends(get_login, scope="function")]


def get_current_user(login: LoginDep) -> User:
    return login[0]


CurrentUser = Annotated[User, Depends(get_current_user, scope="function")]


def get_caseload(session: SessionDep, user: CurrentUser) -> Caseload:
    return Caseload(session, user)


CaseloadDep = Annotated[Caseload, Depends(get_caseload, scope="function")]


class AuditTrail:
    """Audit events stamped with the caller and request, in the request's transaction."""

    def __init__(self, session: Session, user: User, request_id: str | None) -> None:
        self.session, self.user, self.request_id = session, user, request_id

    def viewed(self, object_type: str, object_id: int, client_id: int | None) -> None:
        record_event(
            self.session,
            actor_user_id=self.user.id,
            action=f"{object_type}.view",
            client_id=client_id,
            object_type=object_type,
            object_id=object_id,
            request_id=self.request_id,
        )


def get_audit(session: SessionDep, user: CurrentUser, request_id: RequestId) -> AuditTrail:
    return AuditTrail(session, user, request_id)


AuditDep = Annotated[AuditTrail, Depends(get_audit, scope="function")]
