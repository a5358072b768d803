"""Synthetic claims for tests, demos and the export benchmark. Every person and number here is made up.

Kept in the package (not the tests) because `bench_export` and the CLI demo need the same realistic
claim the tests validate with pyx12.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from billing.exports.npi import synthetic_npi
from billing.exports.types import (
    Address,
    BillingProvider,
    ClaimForExport,
    ClaimLineForExport,
    Patient,
    Payer,
    PersonName,
    ReferringProvider,
    RenderingProvider,
    SupervisingProvider,
)

# NUCC taxonomy codes
PT_TAXONOMY = "225100000X"
PTA_TAXONOMY = "225200000X"
PT_CLINIC_TAXONOMY = "261QP2000X"

SAMPLE_CLINIC = BillingProvider(
    org_name="Riverbend Rehab Clinic LLC",
    npi=synthetic_npi(1, organization=True),
    tax_id="990000001",
    address=Address("100 Example Ave", "Springfield", "IL", "627010001", line2="Suite 2"),
    taxonomy=PT_CLINIC_TAXONOMY,
    contact_name="Billing Office",
    contact_phone="5555550100",
)

MEDICARE = Payer(name="Medicare Part B Example MAC", payer_id="00952", claim_filing_code="MB")


def sample_pta_claim(seed: int = 0, *, date_of_service: dt.date | None = None) -> ClaimForExport:
    """A PTA visit under a PT's supervision: 97110 x2 GP CQ, 97140 x1 GP, two diagnoses, certifying MD.

    `seed` varies the claim id, member id and NPIs so a batch holds distinct patients.
    """
    day = date_of_service or dt.date(2025, 3, 4)
    return ClaimForExport(
        claim_id=f"RS{seed:08d}",
        date_of_service=day,
        diagnoses=("M17.11", "R26.2"),
        lines=(
            ClaimLineForExport("97110", 2, Decimal("90.00"), ("GP", "CQ"), (1, 2)),
            ClaimLineForExport("97140", 1, Decimal("48.00"), ("GP",), (1,)),
        ),
        billing_provider=SAMPLE_CLINIC,
        patient=Patient(
            member_id=f"1EG4TE5MK{seed % 100:02d}",
            name=PersonName("Sample", "Maria", "J"),
            birth_date=dt.date(1951, 6, 15),
            sex="F",
            address=Address("42 Test Lane", "Springfield", "IL", "62702"),
        ),
        payer=MEDICARE,
        rendering_provider=RenderingProvider(
            PersonName("Assistant", "Pat"), synthetic_npi(2_000_000 + seed % 1000), PTA_TAXONOMY, "PTA"
        ),
        supervising_provider=SupervisingProvider(
            PersonName("Therapist", "Dana"), synthetic_npi(3_000_000), PT_TAXONOMY, "PT, DPT"
        ),
        referring_provider=ReferringProvider(PersonName("Physician", "Lee"), synthetic_npi(4_000_000)),
        place_of_service="11",
        discipline="pt",
    )
