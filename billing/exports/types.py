"""What a claim export needs to know, as plain frozen dataclasses.

The billing rules (`billing.compute_charges`) decide codes, units and modifiers; these types carry that
result plus the people and organizations a payer needs to see. They are export-format neutral: the same
`ClaimForExport` feeds the X12 837P writer and the FHIR bundle.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Sex = Literal["F", "M", "U"]
Discipline = Literal["pt", "ot", "slp"]


class ClaimExportError(ValueError):
    """The claim cannot be written in this format (bad NPI, too many modifiers, pointer out of range...)."""


@dataclass(frozen=True)
class Address:
    line1: str
    city: str
    state: str  # USPS two-letter code
    postal_code: str  # 5 or 9 digits; the billing provider must have 9 (837P 2010AA N403)
    line2: str = ""
    country: str = "US"


@dataclass(frozen=True)
class PersonName:
    last: str
    first: str
    middle: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class BillingProvider:
    """The practice that is paid: a type-2 (organization) NPI and its employer identification number."""

    org_name: str
    npi: str
    tax_id: str  # EIN, 9 digits, no dash
    address: Address
    taxonomy: str  # NUCC code, e.g. 225100000X physical therapist
    contact_name: str = ""
    contact_phone: str = ""  # digits only; used for the 1000A submitter contact when no submitter is given


@dataclass(frozen=True)
class Patient:
    """The patient, who is also the subscriber (the self-insured case; no 2000C loop is written)."""

    member_id: str
    name: PersonName
    birth_date: dt.date
    sex: Sex
    address: Address
    group_number: str = ""


# The brief's word for the insured; kept as an alias so callers can say what they mean.
Subscriber = Patient


@dataclass(frozen=True)
class RenderingProvider:
    """The clinician who furnished the service (2310B / careTeam "primary")."""

    name: PersonName
    npi: str
    taxonomy: str
    credentials: str = ""  # "PT, DPT", "PTA", "CCC-SLP" — shown in FHIR, not in the 837P


@dataclass(frozen=True)
class SupervisingProvider:
    """The therapist supervising an assistant or a clinical fellow (2310D NM1*DQ / careTeam "supervisor")."""

    name: PersonName
    npi: str
    taxonomy: str = ""
    credentials: str = ""


@dataclass(frozen=True)
class ReferringProvider:
    """The physician/NPP who certified the plan of care (2310A NM1*DN for Medicare therapy claims)."""

    name: PersonName
    npi: str


@dataclass(frozen=True)
class Payer:
    name: str
    payer_id: str
    # 837P SBR09: MB Medicare Part B, MC Medicaid, CI commercial, BL Blue Cross, HM HMO...
    claim_filing_code: str = "CI"


@dataclass(frozen=True)
class ClaimLineForExport:
    cpt: str
    units: int
    charge: Decimal  # line total (all units), not the per-unit fee
    modifiers: tuple[str, ...] = ()  # at most 4, in billing order (GP first, then CQ, 59/XU, KX)
    diagnosis_pointers: tuple[int, ...] = (1,)  # 1-based into ClaimForExport.diagnoses, at most 4
    date_of_service: dt.date | None = None  # None: the claim's date of service


@dataclass(frozen=True)
class ClaimForExport:
    claim_id: str  # patient control number (CLM01), at most 38 characters
    date_of_service: dt.date
    diagnoses: tuple[str, ...]  # ICD-10-CM, principal first, with or without the dot
    lines: tuple[ClaimLineForExport, ...]
    billing_provider: BillingProvider
    patient: Patient
    payer: Payer
    rendering_provider: RenderingProvider
    place_of_service: str = "11"  # CMS place of service code; 11 office
    discipline: Discipline = "pt"
    supervising_provider: SupervisingProvider | None = None
    referring_provider: ReferringProvider | None = None
    prior_authorization: str = ""

    @property
    def total_charge(self) -> Decimal:
        return sum((ln.charge for ln in self.lines), Decimal("0"))
