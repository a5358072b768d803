"""Structured JSON logs without PHI: ids, routes and timings only, never bodies or query strings."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request, Response

logger = logging.getLogger("rehab_scribe.api")

# Only these extra attributes reach the log line; anything else passed in `extra` is dropped.
SAFE_FIELDS = (
    "request_id",
    "user_id",
    "method",
    "route",
    "path_params",
    "status",
    "duration_ms",
    "event",
    "exc_type",
    "where",
)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for field in SAFE_FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_info:
            # The exception type only: messages and tracebacks can carry values from the request.
            line["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
        return json.dumps(line, default=str)


REDACTED = "<redacted>"


class HideValues(logging.Filter):
    """Keep a third-party log line's message template but replace its arguments.

    SQLAlchemy's engine logger writes bound parameters and result rows (client names, transcript
    text) when anyone turns it up to INFO or DEBUG; the SQL template itself carries no values.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(REDACTED for _ in args)
        return True


class HideQueryString(logging.Filter):
    """uvicorn's access log prints the raw path with its query string (a search term is PHI)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 3:
            path = record.args[2]
            if isinstance(path, str):
                record.args = (*record.args[:2], path.split("?", 1)[0], *record.args[3:])
        return True


# Logger-level filters: they act on every record those loggers create, whatever handler
# (ours, a test's caplog, an operator's) ends up writing it.
REDACTING_FILTERS: dict[str, type[logging.Filter]] = {
    "sqlalchemy.engine.Engine": HideValues,
    "uvicorn.access": HideQueryString,
}


def install_log_redaction() -> None:
    """Idempotent: safe to call from every app factory and from `configure_logging`."""
    for name, filter_cls in REDACTING_FILTERS.items():
        log = logging.getLogger(name)
        if not any(isinstance(f, filter_cls) for f in log.filters):
            log.addFilter(filter_cls())


def configure_logging(level: str = "INFO") -> None:
    """JSON lines on stderr for the app and uvicorn's error logger (uvicorn's access log stays off)."""
    install_log_redaction()
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    for name in ("rehab_scribe", "uvicorn.error"):
        log = logging.getLogger(name)
        log.handlers = [handler]
        log.setLevel(level)
        log.propagate = False


def install_request_logging(app: FastAPI) -> None:
    install_log_redaction()

    @app.middleware("http")
    async def log_request(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        supplied = request.headers.get("x-request-id", "")
        request_id = supplied if _REQUEST_ID.match(supplied) else uuid.uuid4().hex
        request.state.request_id = request_id
        start = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            response.headers["X-Request-ID"] = request_id
            return response
        finally:
            route = request.scope.get("route")
            logger.info(
                "request",
                extra={
                    "request_id": request_id,
                    "user_id": getattr(request.state, "user_id", None),
                    "method": request.method,
                    # The route template ("/api/clients/{client_id}"), not the raw URL or query.
                    "route": getattr(route, "path", None) or "<unmatched>",
                    "path_params": {k: v for k, v in request.path_params.items() if k.endswith("id")},
                    "status": status,
                    "duration_ms": round((time.perf_counter() - start) * 1000, 1),
                },
            )
