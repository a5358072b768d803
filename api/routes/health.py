"""Liveness and readiness probes (no authentication, no PHI)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.deps import SettingsDep
from api.schemas import Check, Readiness
from models.db import check_database, check_migrated
from settings import SettingsError

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up (says nothing about its dependencies)."""
    return {"status": "ok"}


@router.get("/readyz", response_model=Readiness, responses={503: {"model": Readiness}})
def readyz(request: Request, settings: SettingsDep) -> JSONResponse:
    """Ready to serve: the database answers at the expected schema, and the broker is reachable."""
    from worker import check_broker

    checks: dict[str, Check] = {}
    try:
        check_database(settings, request.app.state.engine)
        check_migrated(settings, request.app.state.engine)
        checks["database"] = Check(ok=True)
    except SettingsError as exc:
        checks["database"] = Check(ok=False, detail=str(exc))
    try:
        check_broker(settings)
        checks["broker"] = Check(ok=True)
    except SettingsError as exc:
        checks["broker"] = Check(ok=False, detail=str(exc))
    ready = all(c.ok for c in checks.values())
    body = Readiness(status="ready" if ready else "not ready", checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)
