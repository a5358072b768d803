"""Claim exports: the 837P passes pyx12 and a broken one does not; the FHIR bundle passes the R4B models
and a mutated one does not. All people, NPIs and payers are synthetic."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import time
from decimal import Decimal
from typing import Any

import pytest

from billing import ServiceLine, compute_charges
from billing.exports import (
    Address,
    BillingProvider,
    ClaimExportError,
    ClaimForExport,
    ClaimLineForExport,
    FhirValidationError,
    PersonName,
    bench_export,
    claim_bundle,
    export_lines,
    is_valid_npi,
    npi_check_digit,
    synthetic_npi,
    validate_837p,
    validate_bundle,
    write_837p,
)
from billing.exports.samples import sample_pta_claim

CREATED = dt.datetime(2025, 3, 5, 9, 30)


def write(claims: list[ClaimForExport], **kw: Any) -> str:
    args: dict[str, Any] = dict(
        sender_id="RSCRIBE", receiver_id="CLEARHOUSE", control_number=42, created=CREATED
    )
    args.update(kw)
    return write_837p(claims, **args)


def segments(text: str) -> list[str]:
    return [s for s in text.replace("\n", "").split("~") if s]


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


NOTE: dict[str, Any] = {
    "contract": "draft/1",
    "discipline": "pt",
    "status": "signed",
    "note": {
        "template": "pt_daily",
        "sections": {
            "subjective": [{"text": "Reports right knee pain 3/10 <improving> & sleeping better."}],
            "objective": [{"text": "R knee flexion AROM 105 deg."}, {"text": "Squats 3x10 with UE support."}],
            "assessment": [{"text": "Tolerated progression of closed-chain exercise."}],
            "plan": [{"text": "Continue plan of care 2x/week."}],
        },
    },
}


# ---- NPI --------------------------------------------------------------------------------------


def test_npi_luhn_known_example() -> None:
    # The example in CMS's NPI check-digit paper: 123456789 -> 3.
    assert npi_check_digit("123456789") == "3"
    assert is_valid_npi("1234567893")
    assert not is_valid_npi("1234567890")
    assert not is_valid_npi("3234567893")  # must start with 1 or 2
    assert not is_valid_npi("123456789")


@pytest.mark.parametrize("seed", [0, 7, 12345, 99_999_999])
def test_synthetic_npis_are_valid_and_a_typo_is_caught(seed: int) -> None:
    npi = synthetic_npi(seed)
    assert is_valid_npi(npi)
    assert is_valid_npi(synthetic_npi(seed, organization=True))
    typo = npi[:4] + str((int(npi[4]) + 1) % 10) + npi[5:]
    assert not is_valid_npi(typo)


# ---- 837P -------------------------------------------------------------------------------------


def test_pta_claim_passes_pyx12() -> None:
    claim = sample_pta_claim(0)
    text = write([claim])
    ok, errors = validate_837p(text)
    assert ok, errors
    assert errors == []
    segs = segments(text)
    assert "SV1*HC:97110:GP:CQ*90.00*UN*2***1:2" in segs
    assert "SV1*HC:97140:GP*48.00*UN*1***1" in segs
    assert "HI*ABK:M1711*ABF:R262" in segs
    assert "CLM*RS00000000*138.00***11:B:1*Y*A*Y*Y" in segs
    assert claim.supervising_provider is not None
    assert claim.referring_provider is not None
    dq = [s for s in segs if s.startswith("NM1*DQ*")]
    assert dq == [f"NM1*DQ*1*THERAPIST*DANA****XX*{claim.supervising_provider.npi}"]
    assert f"NM1*DN*1*PHYSICIAN*LEE****XX*{claim.referring_provider.npi}" in segs
    rendering = segs.index(f"NM1*82*1*ASSISTANT*PAT****XX*{claim.rendering_provider.npi}")
    assert segs[rendering + 1] == "PRV*PE*PXC*225200000X"
    assert segs.count("DTP*472*D8*20250304") == 2
    # Loop order the implementation guide requires: 2310A DN, 2310B 82, 2310D DQ, then 2400.
    order = [s[:6] for s in segs if s.startswith(("NM1*DN", "NM1*82", "NM1*DQ", "LX*"))]
    assert order == ["NM1*DN", "NM1*82", "NM1*DQ", "LX*1", "LX*2"]


def test_trailer_counts_match() -> None:
    text = write([sample_pta_claim(i) for i in range(3)])
    segs = segments(text)
    st, se = (
        segs.index("ST*837*0001*005010X222A1"),
        next(i for i, s in enumerate(segs) if s.startswith("SE*")),
    )
    assert segs[se] == f"SE*{se - st + 1}*0001"
    assert segs[-2:] == ["GE*1*42", "IEA*1*000000042"]
    assert segs[0].startswith("ISA*00*")
    assert len(segs[0]) == 105
    assert sum(s.startswith("CLM*") for s in segs) == 3
    assert validate_837p(text) == (True, [])


def test_batch_with_two_practices_validates() -> None:
    other = BillingProvider(
        org_name="Lakeside Therapy PC",
        npi=synthetic_npi(9, organization=True),
        tax_id="99-0000009",
        address=Address("9 Shore Rd", "Madison", "WI", "53703-0009"),
        taxonomy="261QP2000X",
    )
    second = dataclasses.replace(sample_pta_claim(2), billing_provider=other, supervising_provider=None)
    text = write([sample_pta_claim(1), second, sample_pta_claim(3)])
    segs = segments(text)
    assert [s for s in segs if s.startswith("HL*")] == [
        "HL*1**20*1",
        "HL*2*1*22*0",
        "HL*3*1*22*0",
        "HL*4**20*1",
        "HL*5*4*22*0",
    ]
    assert sum(s.startswith("NM1*DQ") for s in segs) == 2
    ok, errors = validate_837p(text)
    assert ok, errors


def test_separators_in_names_cannot_break_the_file() -> None:
    claim = sample_pta_claim(0)
    hostile = dataclasses.replace(
        claim.patient,
        name=PersonName("O'Brien*Smith~", "Ann:Marie^"),
        address=Address("1 A~B St*", "Springfield", "IL", "62702"),
    )
    text = write([dataclasses.replace(claim, patient=hostile)])
    assert "NM1*IL*1*O'BRIEN SMITH*ANN MARIE" in text
    assert validate_837p(text) == (True, [])


def test_missing_clm_is_rejected_by_pyx12() -> None:
    text = write([sample_pta_claim(0)])
    broken = "\n".join(s for s in text.splitlines() if not s.startswith("CLM*"))
    ok, errors = validate_837p(broken)
    assert not ok
    assert any("SE count" in e for e in errors)
    assert any("HI" in e and "not found" in e for e in errors)


@pytest.mark.parametrize(
    ("old", "new", "expect"),
    [
        ("*19510615*F~", "*19510615*Q~", "DMG03"),  # sex code not in the code list
        ("DMG*D8*19510615", "DMG*D8*19511345", "DMG02"),  # impossible date
        ("*UN*2***1:2~", "*HR*2***1:2~", "SV103"),  # only UN (units) or MJ (minutes) are allowed
        ("NM1*DQ*1*", "NM1*DQ*2*", "NM102"),  # supervising provider must be a person
        ("SE*31*0001", "SE*30*0001", "SE count"),
    ],
)
def test_corrupted_element_is_rejected_by_pyx12(old: str, new: str, expect: str) -> None:
    text = write([sample_pta_claim(0)])
    assert old in text
    ok, errors = validate_837p(text.replace(old, new, 1))
    assert not ok
    assert any(expect in e for e in errors), errors


def test_not_x12_is_rejected() -> None:
    ok, errors = validate_837p("this is not an edi file")
    assert not ok
    assert errors
    assert "X12" in errors[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda c: dataclasses.replace(
                c, rendering_provider=dataclasses.replace(c.rendering_provider, npi="1234567890")
            ),
            "NPI",
        ),
        (
            lambda c: dataclasses.replace(
                c, lines=(ClaimLineForExport("97110", 1, Decimal("45"), ("GP", "CQ", "KX", "59", "XU")),)
            ),
            "modifiers",
        ),
        (
            lambda c: dataclasses.replace(
                c, lines=(ClaimLineForExport("97110", 1, Decimal("45"), ("GP",), (3,)),)
            ),
            "pointer",
        ),
        (
            lambda c: dataclasses.replace(
                c,
                diagnoses=("M17.11", "R26.2", "M25.561", "M62.81", "Z96.651"),
                lines=(ClaimLineForExport("97110", 1, Decimal("45"), ("GP",), (1, 2, 3, 4, 5)),),
            ),
            "pointers",
        ),
        (lambda c: dataclasses.replace(c, lines=(ClaimLineForExport("97110", 0, Decimal("0")),)), "units"),
        (lambda c: dataclasses.replace(c, diagnoses=("not a code",)), "ICD-10"),
        (lambda c: dataclasses.replace(c, place_of_service="office"), "place of service"),
        (
            lambda c: dataclasses.replace(
                c,
                billing_provider=dataclasses.replace(
                    c.billing_provider, address=Address("1 A", "B", "IL", "62701")
                ),
            ),
            "9 digits",
        ),
    ],
)
def test_writer_refuses_what_a_payer_would_reject(change: Any, message: str) -> None:
    with pytest.raises(ClaimExportError, match=message):
        write([change(sample_pta_claim(0))])


def test_claim_priced_by_the_billing_rules_validates() -> None:
    priced = compute_charges(
        [ServiceLine("97110", 25, assistant_minutes=25), ServiceLine("97140", 10)],
        payer="medicare",
        discipline="pt",
        date_of_service=dt.date(2025, 3, 4),
    )
    lines = export_lines(priced.lines, diagnosis_pointers=(1, 2))
    assert [(ln.cpt, ln.units, ln.modifiers) for ln in lines] == [
        (cl.cpt, cl.units, tuple(cl.modifiers)) for cl in priced.lines
    ]
    claim = dataclasses.replace(sample_pta_claim(5), lines=lines)
    ok, errors = validate_837p(write([claim]))
    assert ok, errors


def test_writing_10000_claims_is_fast() -> None:
    claims = [sample_pta_claim(i) for i in range(10_000)]
    start = time.perf_counter()
    text = write(claims)
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0
    assert text.count("\nCLM*") == 10_000
    assert bench_export(500) > 1_000  # claims per second, generous for a loaded 2-core box


# ---- FHIR R4B ---------------------------------------------------------------------------------


def test_bundle_validates_and_carries_the_care_team() -> None:
    claim = sample_pta_claim(0)
    bundle = claim_bundle(claim, NOTE)
    validate_bundle(bundle)
    assert bundle["type"] == "collection"
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("ChargeItem") == 2
    assert kinds.count("Practitioner") == 3
    for kind in ("Patient", "Organization", "Coverage", "Claim", "Composition", "DocumentReference"):
        assert kind in kinds

    (fhir_claim,) = resources(bundle, "Claim")
    assert fhir_claim["use"] == "claim"
    assert fhir_claim["type"]["coding"][0]["code"] == "professional"
    roles = {m["role"]["coding"][0]["code"]: m for m in fhir_claim["careTeam"]}
    assert set(roles) == {"assist", "supervisor", "other"}
    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    supervisor = by_url[roles["supervisor"]["provider"]["reference"]]
    assert claim.supervising_provider is not None
    assert supervisor["identifier"][0] == {
        "system": "http://hl7.org/fhir/sid/us-npi",
        "value": claim.supervising_provider.npi,
    }
    assert roles["supervisor"]["responsible"] is True

    assert [d["diagnosisCodeableConcept"]["coding"][0] for d in fhir_claim["diagnosis"]] == [
        {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "M17.11"},
        {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "R26.2"},
    ]
    first = fhir_claim["item"][0]
    assert first["productOrService"]["coding"][0] == {
        "system": "http://www.ama-assn.org/go/cpt",
        "code": "97110",
    }
    assert [m["coding"][0]["code"] for m in first["modifier"]] == ["GP", "CQ"]
    assert first["quantity"]["value"] == 2
    assert first["unitPrice"]["value"] == 45.0
    assert first["net"]["value"] == 90.0
    assert first["diagnosisSequence"] == [1, 2]
    assert fhir_claim["total"]["value"] == 138.0

    (comp,) = resources(bundle, "Composition")
    assert comp["type"]["coding"][0]["code"] == "11508-9"
    assert comp["status"] == "final"
    assert [s["title"] for s in comp["section"]] == ["Subjective", "Objective", "Assessment", "Plan"]
    assert "&lt;improving&gt; &amp; sleeping" in comp["section"][0]["text"]["div"]
    (doc,) = resources(bundle, "DocumentReference")
    assert doc["content"][0]["attachment"]["url"] in by_url


def test_bundle_without_note_or_supervisor() -> None:
    claim = dataclasses.replace(sample_pta_claim(0), supervising_provider=None, discipline="ot")
    bundle = claim_bundle(claim, None)
    validate_bundle(bundle)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert "Composition" not in kinds
    assert "DocumentReference" not in kinds
    (fhir_claim,) = resources(bundle, "Claim")
    assert [m["role"]["coding"][0]["code"] for m in fhir_claim["careTeam"]] == ["primary", "other"]
    ot_note = claim_bundle(claim, {"sections": {"plan": ["Continue."]}})
    validate_bundle(ot_note)
    assert resources(ot_note, "Composition")[0]["type"]["coding"][0]["code"] == "11507-1"


def test_bundle_is_deterministic() -> None:
    assert claim_bundle(sample_pta_claim(3), NOTE) == claim_bundle(sample_pta_claim(3), NOTE)
    assert claim_bundle(sample_pta_claim(3), None)["id"] != claim_bundle(sample_pta_claim(4), None)["id"]


def _drop_key(kind: str, key: str) -> Any:
    def mutate(b: dict[str, Any]) -> None:
        del resources(b, kind)[0][key]

    return mutate


def _set(kind: str, key: str, value: Any) -> Any:
    def mutate(b: dict[str, Any]) -> None:
        resources(b, kind)[0][key] = value

    return mutate


def _drop_patient(b: dict[str, Any]) -> None:
    b["entry"] = [e for e in b["entry"] if e["resource"]["resourceType"] != "Patient"]


@pytest.mark.parametrize(
    "mutate",
    [
        _set("Claim", "resourceType", "Claimz"),
        _drop_key("Claim", "status"),
        _drop_key("Claim", "patient"),
        _drop_key("ChargeItem", "subject"),
        _drop_key("Composition", "type"),
        _set("Patient", "birthDate", "1951-13-45"),
        _set("Claim", "total", {"value": "ninety", "currency": "USD"}),
        _set("Claim", "invented", True),
        _drop_patient,
    ],
    ids=[
        "bad-resourceType",
        "claim-status",
        "claim-patient",
        "chargeitem-subject",
        "composition-type",
        "bad-date",
        "bad-decimal",
        "unknown-element",
        "dangling-reference",
    ],
)
def test_mutated_bundle_fails_validation(mutate: Any) -> None:
    bundle = claim_bundle(sample_pta_claim(0), NOTE)
    validate_bundle(copy.deepcopy(bundle))  # the unmutated bundle is valid, so the failure is the mutation's
    mutate(bundle)
    with pytest.raises(FhirValidationError):
        validate_bundle(bundle)


def test_not_a_bundle_fails() -> None:
    patient = resources(claim_bundle(sample_pta_claim(0), None), "Patient")[0]
    with pytest.raises(FhirValidationError, match="Bundle"):
        validate_bundle(patient)


def test_bundle_refuses_an_invalid_npi() -> None:
    claim = sample_pta_claim(0)
    bad = dataclasses.replace(
        claim, billing_provider=dataclasses.replace(claim.billing_provider, npi="2000000011")
    )
    with pytest.raises(ClaimExportError, match="NPI"):
        claim_bundle(bad, None)
