"""The one place where domain exceptions become HTTP status codes.

Error bodies carry codes, field locations and ids, never the values that were sent: FastAPI's
default validation error echoes the offending `input` (a client name, a transcript) back, and
an unhandled exception's message can hold anything, so both are replaced here.

A 404 has no body at all: an object outside the caller's caseload, one that does not exist, and
clinical content asked for by a non-clinical role all answer the same empty 404, so not even a
message ("note not found" vs "episode not found") tells a prober what is there.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm.exc import StaleDataError

from models.errors import (
    AuthenticationError,
    ConflictError,
    DomainError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)

STATUS_BY_ERROR: dict[type[DomainError], int] = {
    AuthenticationError: 401,
    PermissionDeniedError: 403,
    NotFoundError: 404,
    ConflictError: 409,
    InvalidInputError: 422,
}


def status_for(exc: DomainError) -> int:
    for cls, status in STATUS_BY_ERROR.items():
        if isinstance(exc, cls):
            return status
    return 400


async def _domain_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    status = status_for(exc)
    if status == 404:
        return Response(status_code=404)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"detail": exc.message}, status_code=status, headers=headers)


async def _stale_row(_request: Request, _exc: Exception) -> JSONResponse:
    # Optimistic locking (Note.lock_version): someone else changed the row first.
    return JSONResponse(
        {"detail": "the record was changed by someone else; reload and retry"}, status_code=409
    )


logger = logging.getLogger("rehab_scribe.api.errors")
# Fields of a validation error that say where and why, not what was sent.
SAFE_VALIDATION_KEYS = ("type", "loc", "msg")


def safe_validation_errors(errors: Any) -> list[dict[str, Any]]:
    out = []
    for err in errors:
        item = {k: err[k] for k in SAFE_VALIDATION_KEYS if k in err}
        # Locations are field names and list positions; keep only those kinds of values.
        item["loc"] = [p if isinstance(p, int) else str(p)[:100] for p in item.get("loc", ())]
        out.append(item)
    return out


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return JSONResponse({"detail": safe_validation_errors(exc.errors())}, status_code=422)


def where_from(exc: BaseException, depth: int = 6) -> list[str]:
    """The innermost frames as `file:line:function`: enough to find the bug, no values."""
    frames = traceback.extract_tb(exc.__traceback__)[-depth:]
    return [f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}:{f.name}" for f in frames]


async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
    request_id = getattr(request.state, "request_id", None)
    logger.error(
        "unhandled error",
        extra={"request_id": request_id, "exc_type": type(exc).__name__, "where": where_from(exc)},
    )
    return JSONResponse(
        {"detail": "internal error", "code": "internal_error", "request_id": request_id}, status_code=500
    )


async def _out_of_range(request: Request, exc: Exception) -> JSONResponse:
    """A value the database cannot hold: an id past 64 bits (OverflowError from the SQLite driver,
    DataError 22003 from PostgreSQL), text past a column's length. No such object can exist, so
    this is the caller's mistake, not a server error."""
    logger.info(
        "value out of range",
        extra={"request_id": getattr(request.state, "request_id", None), "exc_type": type(exc).__name__},
    )
    # Shaped like a validation error, which is what it is (and what the schema documents for 422).
    detail = [{"type": "out_of_range", "loc": [], "msg": "a value is out of range for its field"}]
    return JSONResponse({"detail": detail}, status_code=422)


async def _integrity(request: Request, exc: Exception) -> JSONResponse:
    # A constraint the route did not anticipate (a race on a unique key): a conflict, and the
    # driver's message (which quotes the row's values) stays out of the body and the log.
    logger.warning(
        "integrity error",
        extra={"request_id": getattr(request.state, "request_id", None), "exc_type": type(exc).__name__},
    )
    return JSONResponse(
        {"detail": "the change conflicts with existing data; reload and retry", "code": "conflict"},
        status_code=409,
    )


DATABASE_UNAVAILABLE = "the database is unavailable; try again shortly"
RETRY_AFTER_S = 5


async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The database cannot be reached (refused, dropped, pool exhausted, locked): a temporary
    condition the client should retry, not a bug, so 503 with one line rather than a 500. The
    driver's message names hosts and may quote a statement: only its type is logged."""
    logger.warning(
        "database unavailable",
        extra={"request_id": getattr(request.state, "request_id", None), "exc_type": type(exc).__name__},
    )
    return JSONResponse(
        {"detail": DATABASE_UNAVAILABLE, "code": "database_unavailable"},
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(StaleDataError, _stale_row)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(OverflowError, _out_of_range)
    app.add_exception_handler(DataError, _out_of_range)
    app.add_exception_handler(IntegrityError, _integrity)
    for unavailable in (OperationalError, InterfaceError, PoolTimeoutError):
        app.add_exception_handler(unavailable, _database_unavailable)
    app.add_exception_handler(Exception, _unhandled)
