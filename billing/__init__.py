"""Billing rules for rehab therapy: codes, timed units, modifiers, claim checks and exports.

Plain typed Python; reference data lives in `billing/data/*.yaml`. Call `compute_charges` for a visit's
claim lines and `validate_claim` before a claim goes out.
"""

from billing.charges import (
    BillingInputError,
    ChargeLine,
    ChargeResult,
    ChargeWarning,
    ServiceLine,
    compute_charges,
    is_timed,
    lookup_code,
)
from billing.icd10 import is_billable_icd10
from billing.scrubber import Authorization, Claim, ClaimLine, ClaimProblem, PlanOfCare, validate_claim
from billing.tables import BillingDataError, CodeInfo, PayerProfile, load_tables
from billing.units import allocate_cms_8_minute, allocate_per_code, units_for_minutes

__all__ = [
    "Authorization",
    "BillingDataError",
    "BillingInputError",
    "ChargeLine",
    "ChargeResult",
    "ChargeWarning",
    "Claim",
    "ClaimLine",
    "ClaimProblem",
    "CodeInfo",
    "PayerProfile",
    "PlanOfCare",
    "ServiceLine",
    "allocate_cms_8_minute",
    "allocate_per_code",
    "compute_charges",
    "is_billable_icd10",
    "is_timed",
    "load_tables",
    "lookup_code",
    "units_for_minutes",
    "validate_claim",
]
