"""Billing for the biller role: the feed, charge sets, release, capture and claim exports.

Every route answers 404 to anyone who is not an active biller (a clinician learns nothing about
billing data), and a biller sees their own organisation's charge sets only. Reads of billing data
are audited like any view of a client's record.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, PlainTextResponse

from api.deps import CurrentUser, RequestId, SessionDep
from billing_capture import (
    ClaimInvalidError,
    ReleaseBlockedError,
    capture_pending,
    charge_set_detail,
    charge_set_view,
    export_837p,
    export_fhir,
    list_charge_sets,
    read_feed,
    release,
    require_biller,
)
from billing_capture.feed import MAX_LIMIT
from models.enums import ChargeSetStatus
from models.errors import InvalidInputError
from models.orm import User

router = APIRouter(prefix="/api/billing", tags=["billing"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "not found, or not visible to the caller"}}


def get_biller(user: CurrentUser) -> User:
    require_biller(user)
    return user


BillerDep = Annotated[User, Depends(get_biller, scope="function")]


def _ids(raw: str) -> list[int]:
    try:
        ids = [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        raise InvalidInputError("ids must be comma-separated charge set ids") from None
    if not ids:
        raise InvalidInputError("give at least one charge set id")
    return ids


@router.get("/feed", responses=NOT_FOUND)
def feed(
    session: SessionDep,
    biller: BillerDep,
    request_id: RequestId,
    cursor: str | None = Query(None, description="`next_cursor` from the previous page; empty to start"),
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
) -> dict[str, Any]:
    """Released charge sets (and retractions of corrected ones) after `cursor`, oldest first.

    Reading the same cursor again returns the same items; store `next_cursor` to see each item once.
    """
    page = read_feed(session, biller, cursor, limit, request_id=request_id)
    return {"items": page.items, "next_cursor": page.next_cursor, "has_more": page.has_more}


@router.get("/charge-sets", responses=NOT_FOUND)
def charge_sets(
    session: SessionDep,
    biller: BillerDep,
    status: ChargeSetStatus | None = None,
    after: int = Query(0, ge=0, description="last id of the previous page"),
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
) -> list[dict[str, Any]]:
    """The work queue: charge set summaries, e.g. `status=captured` for what awaits release."""
    return list_charge_sets(session, biller, status=status, after=after, limit=limit)


@router.get("/charge-sets/{charge_set_id}", responses=NOT_FOUND)
def charge_set(
    charge_set_id: int, session: SessionDep, biller: BillerDep, request_id: RequestId
) -> dict[str, Any]:
    """Lines, validation results (code, message, severity) and the note's correction history."""
    return charge_set_detail(session, biller, charge_set_id, request_id=request_id)


@router.post(
    "/charge-sets/{charge_set_id}/release",
    responses={**NOT_FOUND, 409: {"description": "blocked by scrubber errors, or superseded"}},
)
def release_charge_set(charge_set_id: int, session: SessionDep, biller: BillerDep) -> Any:
    """Scrub again and release when no error remains (warnings do not block). Idempotent."""
    try:
        released = release(session, charge_set_id, biller)
    except ReleaseBlockedError as exc:
        # Returned, not raised: the request's transaction keeps the fresh scrub results.
        return JSONResponse({"detail": exc.message, "problems": exc.problems}, status_code=409)
    return charge_set_view(session, released)


@router.post("/capture", responses=NOT_FOUND)
def run_capture(session: SessionDep, biller: BillerDep) -> dict[str, Any]:
    """Capture charges for the organisation's final notes that have none yet (idempotent)."""
    report = capture_pending(session, organisation_id=biller.organisation_id, actor_user_id=biller.id)
    return {"captured": report.captured, "refused": report.refused}


@router.get(
    "/export/837p",
    response_class=PlainTextResponse,
    responses={**NOT_FOUND, 422: {"description": "the claim file is invalid; `problems` lists why"}},
)
def export_x12(
    session: SessionDep,
    biller: BillerDep,
    request_id: RequestId,
    ids: str = Query(..., description="comma-separated ids of released charge sets"),
) -> Any:
    """An ANSI X12 837P (005010X222A1) file for the released sets, validated with pyx12 first."""
    try:
        text = export_837p(session, biller, _ids(ids), request_id=request_id)
    except ClaimInvalidError as exc:
        return JSONResponse({"detail": exc.message, "problems": exc.problems}, status_code=422)
    return PlainTextResponse(text, media_type="text/plain")


@router.get(
    "/export/fhir/{charge_set_id}",
    responses={**NOT_FOUND, 422: {"description": "the bundle is invalid; `problems` lists why"}},
)
def export_bundle(charge_set_id: int, session: SessionDep, biller: BillerDep, request_id: RequestId) -> Any:
    """A FHIR R4B collection Bundle (Claim, ChargeItems, Patient, Practitioners, Coverage), validated."""
    try:
        bundle = export_fhir(session, biller, charge_set_id, request_id=request_id)
    except ClaimInvalidError as exc:
        return JSONResponse({"detail": exc.message, "problems": exc.problems}, status_code=422)
    return JSONResponse(bundle, media_type="application/fhir+json")
