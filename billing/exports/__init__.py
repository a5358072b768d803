"""Claim exports: ANSI X12 837P files and FHIR R4B bundles, from plain dataclasses.

Build a `ClaimForExport` from a priced visit (`billing.compute_charges`) and the practice's provider
records, then `write_837p` for a clearinghouse or `claim_bundle` for a FHIR endpoint. Both have a
validator (`validate_837p` with pyx12, `validate_bundle` with the fhir.resources R4B models).
"""

from billing.exports.bench import bench_export
from billing.exports.fhir import FhirValidationError, claim_bundle, validate_bundle
from billing.exports.from_charges import export_lines
from billing.exports.npi import is_valid_npi, npi_check_digit, synthetic_npi
from billing.exports.types import (
    Address,
    BillingProvider,
    ClaimExportError,
    ClaimForExport,
    ClaimLineForExport,
    Patient,
    Payer,
    PersonName,
    ReferringProvider,
    RenderingProvider,
    Subscriber,
    SupervisingProvider,
)
from billing.exports.x12_837p import validate_837p, write_837p

__all__ = [
    "Address",
    "BillingProvider",
    "ClaimExportError",
    "ClaimForExport",
    "ClaimLineForExport",
    "FhirValidationError",
    "Patient",
    "Payer",
    "PersonName",
    "ReferringProvider",
    "RenderingProvider",
    "Subscriber",
    "SupervisingProvider",
    "bench_export",
    "claim_bundle",
    "export_lines",
    "is_valid_npi",
    "npi_check_digit",
    "synthetic_npi",
    "validate_837p",
    "validate_bundle",
    "write_837p",
]
