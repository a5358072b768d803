"""The claim scrubber on a stored charge set: `billing.validate_claim` fed from the episode's records.

The checks are the billing package's; this module supplies the facts they need that only the database
knows (the plan of care and its certification, authorised visits already used, treatment days since the
last progress report, year-to-date charges) and stores the verdict on the set.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, distinct, func, or_, select
from sqlalchemy.orm import Session

from billing import Authorization, BillingInputError, Claim, ClaimLine, PlanOfCare, validate_claim
from models.enums import ChargeSetStatus
from models.notes_service import treatment_day_number
from models.orm import ChargeSet, Episode
from models.types import utcnow

_CENT = Decimal("0.01")


def _before(charge_set: ChargeSet) -> Any:
    """Sets of other notes that come before this one: earlier date of service, or same day, lower note id."""
    return and_(
        ChargeSet.note_id != charge_set.note_id,
        or_(
            ChargeSet.date_of_service < charge_set.date_of_service,
            and_(
                ChargeSet.date_of_service == charge_set.date_of_service,
                ChargeSet.note_id < charge_set.note_id,
            ),
        ),
    )


def visits_used_before(session: Session, charge_set: ChargeSet) -> int:
    """Visits on the episode already billed before this one (current sets, one per note)."""
    stmt = select(func.count(distinct(ChargeSet.note_id))).where(
        ChargeSet.episode_id == charge_set.episode_id,
        ChargeSet.status != ChargeSetStatus.SUPERSEDED,
        _before(charge_set),
    )
    return int(session.scalar(stmt) or 0)


def treatment_days_since_report(session: Session, charge_set: ChargeSet, episode: Episode) -> int:
    """Distinct treatment days, counting this one, since the last evaluation, progress report or
    recertification (a report on this very day resets the count to 0). The count is the notes
    service's, which the draft's progress-report template also follows."""
    return treatment_day_number(session, episode, charge_set.date_of_service)


def ytd_before_cents(session: Session, charge_set: ChargeSet) -> int:
    bucket = ["ot"] if charge_set.discipline == "ot" else ["pt", "slp"]
    stmt = select(func.coalesce(func.sum(ChargeSet.total_cents), 0)).where(
        ChargeSet.client_id == charge_set.client_id,
        ChargeSet.status != ChargeSetStatus.SUPERSEDED,
        ChargeSet.discipline.in_(bucket),
        ChargeSet.date_of_service >= dt.date(charge_set.date_of_service.year, 1, 1),
        _before(charge_set),
    )
    return int(session.scalar(stmt) or 0)


def build_claim(session: Session, charge_set: ChargeSet, *, medical_necessity_documented: bool) -> Claim:
    episode = session.get_one(Episode, charge_set.episode_id)
    plan = None
    if episode.plan_of_care_start is not None:
        plan = PlanOfCare(
            discipline=str(episode.discipline).lower(),
            start=episode.plan_of_care_start,
            end=episode.certification_through,
            certified_on=episode.plan_of_care_certified_on,
        )
    auth = None
    if episode.authorised_visits is not None:
        auth = Authorization(
            visits_authorized=episode.authorised_visits, visits_used=visits_used_before(session, charge_set)
        )
    dx = list(charge_set.diagnoses)
    return Claim(
        date_of_service=charge_set.date_of_service,
        payer=charge_set.payer_code,
        discipline=charge_set.discipline,
        provider_role=charge_set.provider_role,
        lines=[
            ClaimLine(
                cpt=ln.code,
                units=ln.units,
                modifiers=list(ln.modifiers),
                minutes=ln.minutes,
                diagnosis_pointers=[dx.index(c) + 1 for c in ln.diagnosis_pointers if c in dx],
                amount=Decimal(ln.amount_cents) * _CENT,
            )
            for ln in charge_set.lines
        ],
        diagnoses=dx,
        plan_of_care=plan,
        authorization=auth,
        treatment_days_since_progress_report=treatment_days_since_report(session, charge_set, episode),
        ytd_charges=Decimal(ytd_before_cents(session, charge_set)) * _CENT,
        medical_necessity_documented=medical_necessity_documented,
    )


def _necessity(session: Session, charge_set: ChargeSet) -> bool:
    from billing_capture.capture import _medical_necessity
    from models.orm import NoteVersion

    version = session.get(NoteVersion, charge_set.note_version_id)
    return _medical_necessity(version.content if version else {})


def scrub(session: Session, charge_set: ChargeSet, *, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Run the claim checks on the set and store them with its capture problems; returns all problems.

    Rule warnings from capture stay; the scrubber's own findings are replaced on every run, so
    re-scrubbing after the episode is fixed (plan of care certified, visits authorised) clears them.
    """
    kept = [dict(p) for p in charge_set.problems if p.get("source") == "capture"]
    found: list[dict[str, Any]] = []
    if not any(p["code"] in {"unknown_payer"} for p in kept):
        claim = build_claim(session, charge_set, medical_necessity_documented=_necessity(session, charge_set))
        try:
            found = [{**p.to_dict(), "source": "scrubber"} for p in validate_claim(claim)]
        except BillingInputError as exc:
            found = [{"code": "scrub_failed", "message": str(exc), "severity": "error", "source": "scrubber"}]
    problems = sorted(kept + found, key=lambda p: p["severity"] != "error")
    charge_set.problems = problems
    charge_set.error_count = sum(1 for p in problems if p["severity"] == "error")
    charge_set.validated_at = now or utcnow()
    session.flush()
    return problems
