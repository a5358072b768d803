"""Released charge sets as claims: 837P batches and FHIR R4B bundles, validated before they leave.

The writers and validators are `billing.exports`; this module maps stored rows (the clinic's billing
profile, the payer's electronic id, the patient, the providers' NPIs as captured) onto its dataclasses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, cast

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.exports import (
    Address,
    BillingProvider,
    ClaimExportError,
    ClaimForExport,
    ClaimLineForExport,
    FhirValidationError,
    Patient,
    Payer,
    PersonName,
    RenderingProvider,
    SupervisingProvider,
    claim_bundle,
    validate_837p,
    validate_bundle,
    write_837p,
)
from billing_capture.release import get_charge_set
from models.audit import record_event
from models.enums import ChargeSetStatus
from models.errors import ConflictError, InvalidInputError
from models.orm import (
    BillingPayer,
    BillingProfile,
    ChargeSet,
    Client,
    Episode,
    Organisation,
    User,
)

TAXONOMY_FILE = Path(__file__).resolve().parent / "data" / "taxonomy.yaml"
_CENT = Decimal("0.01")
MAX_BATCH = 500


class ClaimInvalidError(InvalidInputError):
    """The claim could not be built or did not validate; `problems` says why, for the biller."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


class _Taxonomy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str
    roles: dict[str, str]


@lru_cache(maxsize=1)
def taxonomy_by_role() -> dict[str, str]:
    try:
        data = yaml.safe_load(TAXONOMY_FILE.read_text())
        return _Taxonomy.model_validate(data).roles
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise RuntimeError(f"{TAXONOMY_FILE}: {exc}") from exc


def person_name(full_name: str) -> PersonName:
    """'Dana Q. Therapist' -> last 'Therapist', first 'Dana', middle 'Q.'; 'Therapist, Dana' also works."""
    if "," in full_name:
        last, rest = (p.strip() for p in full_name.split(",", 1))
        parts = rest.split()
    else:
        words = full_name.split()
        last, parts = (words[-1], words[:-1]) if words else ("", [])
    first = parts[0] if parts else ""
    middle = " ".join(parts[1:])
    return PersonName(last=last, first=first, middle=middle)


def _sex(value: str | None) -> Literal["F", "M", "U"]:
    return cast(Literal["F", "M", "U"], value) if value in ("F", "M") else "U"


def billing_profile(session: Session, organisation_id: int) -> BillingProfile | None:
    return session.scalars(
        select(BillingProfile).where(BillingProfile.organisation_id == organisation_id)
    ).first()


def claim_for_export(session: Session, charge_set: ChargeSet) -> ClaimForExport:
    """Map a stored set onto the export dataclasses; ClaimExportError names what is missing."""
    org = session.get_one(Organisation, charge_set.organisation_id)
    profile = billing_profile(session, org.id)
    if profile is None:
        raise ClaimExportError("the clinic has no billing profile (tax id, address, EDI ids)")
    if not org.npi:
        raise ClaimExportError("the clinic has no group NPI")
    episode = session.get_one(Episode, charge_set.episode_id)
    client = session.get_one(Client, charge_set.client_id)
    payer = session.scalars(
        select(BillingPayer)
        .where(
            BillingPayer.organisation_id == org.id,
            BillingPayer.payer_code.in_([episode.payer_code, charge_set.payer_code]),
        )
        .order_by(BillingPayer.payer_code != episode.payer_code)
    ).first()
    if payer is None:
        raise ClaimExportError(f"payer {episode.payer_code!r} has no electronic payer id on file")
    if not episode.payer_member_id:
        raise ClaimExportError("the episode has no payer member id")
    if not (client.address_line1 and client.city and client.state and client.postal_code):
        raise ClaimExportError("the client's postal address is incomplete")
    if not charge_set.lines:
        raise ClaimExportError(f"charge set {charge_set.id} has no lines")
    first = charge_set.lines[0]
    rendering = session.get_one(User, first.rendering_provider_id)
    taxonomy = taxonomy_by_role()
    supervising = None
    if first.supervising_provider_id is not None and first.supervising_provider_npi:
        sup = session.get_one(User, first.supervising_provider_id)
        supervising = SupervisingProvider(
            name=person_name(sup.full_name),
            npi=first.supervising_provider_npi,
            taxonomy=taxonomy.get(str(sup.role), ""),
            credentials=sup.credentials or "",
        )
    dx = list(charge_set.diagnoses)
    discipline = cast(Literal["pt", "ot", "slp"], charge_set.discipline)
    return ClaimForExport(
        claim_id=f"RS{charge_set.id}V{charge_set.version}",
        date_of_service=charge_set.date_of_service,
        diagnoses=tuple(dx),
        lines=tuple(
            ClaimLineForExport(
                cpt=ln.code,
                units=ln.units,
                charge=Decimal(ln.amount_cents) * _CENT,
                modifiers=tuple(ln.modifiers),
                diagnosis_pointers=tuple(dx.index(c) + 1 for c in ln.diagnosis_pointers if c in dx),
                date_of_service=ln.date_of_service,
            )
            for ln in charge_set.lines
        ),
        billing_provider=BillingProvider(
            org_name=org.name,
            npi=org.npi,
            tax_id=profile.tax_id,
            address=Address(
                profile.address_line1,
                profile.city,
                profile.state,
                profile.postal_code,
                line2=profile.address_line2 or "",
            ),
            taxonomy=profile.taxonomy,
            contact_name=profile.contact_name or "",
            contact_phone=profile.contact_phone,
        ),
        patient=Patient(
            member_id=episode.payer_member_id,
            name=PersonName(last=client.last_name, first=client.first_name),
            birth_date=client.date_of_birth,
            sex=_sex(client.sex),
            address=Address(
                client.address_line1,
                client.city,
                client.state,
                client.postal_code,
                line2=client.address_line2 or "",
            ),
        ),
        payer=Payer(name=payer.name, payer_id=payer.payer_id, claim_filing_code=payer.claim_filing_code),
        rendering_provider=RenderingProvider(
            name=person_name(rendering.full_name),
            npi=first.rendering_provider_npi or "",
            taxonomy=taxonomy.get(str(rendering.role), ""),
            credentials=rendering.credentials or "",
        ),
        supervising_provider=supervising,
        place_of_service=charge_set.place_of_service,
        discipline=discipline,
    )


def _released(session: Session, biller: User, ids: Sequence[int]) -> list[ChargeSet]:
    sets = []
    for charge_set_id in dict.fromkeys(ids):
        charge_set = get_charge_set(session, biller, charge_set_id)
        if charge_set.status != ChargeSetStatus.RELEASED:
            raise ConflictError(
                f"charge set {charge_set.id} is {charge_set.status}: only released sets export"
            )
        sets.append(charge_set)
    return sets


def _audit(
    session: Session, biller: User, sets: Sequence[ChargeSet], action: str, request_id: str | None
) -> None:
    for charge_set in sets:
        record_event(
            session,
            actor_user_id=biller.id,
            action=action,
            client_id=charge_set.client_id,
            object_type="charge_set",
            object_id=charge_set.id,
            request_id=request_id,
        )


def control_number(ids: Sequence[int]) -> int:
    """Derived from the batch's ids, so downloading the same batch again yields the same file."""
    digest = hashlib.sha256(",".join(str(i) for i in sorted(set(ids))).encode()).digest()
    return int.from_bytes(digest[:8], "big") % 999_999_999 + 1


def export_837p(session: Session, biller: User, ids: Sequence[int], *, request_id: str | None = None) -> str:
    """One validated 837P interchange for the released sets `ids`; ClaimInvalidError when pyx12 says no."""
    if not ids:
        raise InvalidInputError("give at least one charge set id")
    if len(ids) > MAX_BATCH:
        raise InvalidInputError(f"at most {MAX_BATCH} charge sets per file")
    # Claims in id order: the same batch always makes the same file.
    sets = sorted(_released(session, biller, ids), key=lambda s: s.id)
    profile = billing_profile(session, biller.organisation_id)
    try:
        claims = [claim_for_export(session, s) for s in sets]
        if profile is None:
            raise ClaimExportError("the clinic has no billing profile (tax id, address, EDI ids)")
        created = max(s.released_at or s.created_at for s in sets).astimezone(dt.UTC).replace(tzinfo=None)
        text = write_837p(
            claims,
            sender_id=profile.submitter_id,
            receiver_id=profile.receiver_id,
            receiver_name=profile.receiver_name,
            control_number=control_number([s.id for s in sets]),
            created=created,
        )
    except ClaimExportError as exc:
        raise ClaimInvalidError(f"the claim cannot be written: {exc}", [str(exc)]) from exc
    ok, errors = validate_837p(text)
    if not ok:
        raise ClaimInvalidError("the 837P file did not pass validation", errors)
    _audit(session, biller, sets, "charge_set.export_837p", request_id)
    return text


def export_fhir(
    session: Session, biller: User, charge_set_id: int, *, request_id: str | None = None
) -> dict[str, Any]:
    """A validated R4B collection Bundle (Claim, ChargeItems, Patient, Practitioners, Coverage).

    The note itself (Composition) is left out: a biller gets what the claim needs, not clinical prose.
    """
    (charge_set,) = _released(session, biller, [charge_set_id])
    try:
        claim = claim_for_export(session, charge_set)
        bundle = claim_bundle(claim, None, created=charge_set.released_at)
        validate_bundle(bundle)
    except ClaimExportError as exc:
        raise ClaimInvalidError(f"the claim cannot be written: {exc}", [str(exc)]) from exc
    except FhirValidationError as exc:
        raise ClaimInvalidError("the FHIR bundle did not validate", [str(exc)]) from exc
    _audit(session, biller, [charge_set], "charge_set.export_fhir", request_id)
    return bundle
