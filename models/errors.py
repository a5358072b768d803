"""Typed domain exceptions, mapped to HTTP status codes in one place (`api.errors`).

Plain Python on purpose: domain packages and workers may raise these without importing
SQLAlchemy or FastAPI.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base for errors a caller may be told about; the message must carry no PHI."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(DomainError):
    """The object does not exist *or the caller may not see it* — deliberately indistinguishable."""


class PermissionDeniedError(DomainError):
    """The caller may see the object but may not do this to it (co-sign another's note, set goals
    as an assistant). A caller who may not see the object at all gets `NotFoundError` instead."""


class ConflictError(DomainError):
    """A concurrent change or a state that forbids the operation (stale version, wrong note status)."""


class InvalidInputError(DomainError):
    """Input that passed the schema but breaks a domain rule."""


class AuthenticationError(DomainError):
    """No valid credentials: missing, malformed, expired or idle-timed-out token."""
