"""validate_claim: each check fires on a synthetic claim built to break it, and a clean claim is clean."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from billing import Authorization, Claim, ClaimLine, PlanOfCare, is_billable_icd10, validate_claim

DOS = dt.date(2026, 3, 10)


def claim(**kw: Any) -> Claim:
    base: dict[str, Any] = dict(
        date_of_service=DOS,
        payer="medicare",
        discipline="pt",
        provider_role="pt",
        lines=[ClaimLine("97110", 2, ["GP"], 30, [1]), ClaimLine("97140", 1, ["GP"], 12, [1, 2])],
        diagnoses=["M25.511", "M75.41"],
        plan_of_care=PlanOfCare("pt", dt.date(2026, 2, 20), dt.date(2026, 5, 20), dt.date(2026, 2, 25)),
        authorization=Authorization(12, 3),
        treatment_days_since_progress_report=4,
    )
    base.update(kw)
    return Claim(**base)


def codes(c: Claim) -> dict[str, str]:
    return {p.code: p.severity for p in validate_claim(c)}


def test_clean_claim() -> None:
    assert validate_claim(claim()) == []


@pytest.mark.parametrize(
    ("changes", "code", "severity"),
    [
        ({"lines": [ClaimLine("97110", 2, ["GP"], 30, [])]}, "missing_diagnosis_pointer", "error"),
        ({"lines": [ClaimLine("97110", 2, ["GP"], 30, [3])]}, "bad_diagnosis_pointer", "error"),
        ({"diagnoses": ["M25.5", "M75.41"]}, "diagnosis_not_billable", "error"),
        ({"diagnoses": []}, "no_diagnosis", "error"),
        (
            {
                "lines": [ClaimLine("92507", 2, ["GN"], None, [1])],
                "discipline": "slp",
                "provider_role": "slp",
                "plan_of_care": PlanOfCare("slp", dt.date(2026, 2, 20), None, dt.date(2026, 2, 21)),
            },
            "mue_exceeded",
            "error",
        ),
        ({"lines": [ClaimLine("97110", 9, ["GP"], 135, [1])]}, "mue_exceeded", "error"),
        ({"lines": [ClaimLine("97110", 1, ["GP"], None, [1])]}, "timed_minutes_missing", "error"),
        ({"lines": [ClaimLine("97110", 3, ["GP"], 30, [1])]}, "units_exceed_minutes", "error"),
        ({"lines": [ClaimLine("97110", 2, [], 30, [1])]}, "missing_discipline_modifier", "error"),
        ({"lines": [ClaimLine("97110", 2, ["GP", "GO"], 30, [1])]}, "wrong_discipline_modifier", "error"),
        (
            {"provider_role": "pta", "lines": [ClaimLine("97110", 2, ["GP"], 30, [1])]},
            "missing_assistant_modifier",
            "error",
        ),
        ({"lines": [ClaimLine("97161", 1, ["GP", "CQ"], None, [1])]}, "assistant_on_evaluation", "error"),
        (
            {"provider_role": "pta", "lines": [ClaimLine("97161", 1, ["GP"], None, [1])]},
            "assistant_on_evaluation",
            "error",
        ),
        ({"lines": [ClaimLine("97110", 2, ["GP", "CO"], 30, [1])]}, "wrong_assistant_modifier", "error"),
        (
            {"lines": [ClaimLine("97530", 1, ["GP"], 15, [1]), ClaimLine("97140", 1, ["GP"], 15, [1])]},
            "missing_ncci_modifier",
            "error",
        ),
        (
            {"lines": [ClaimLine("97110", 1, ["GP"], 15, [1]), ClaimLine("97110", 1, ["GP"], 15, [1])]},
            "duplicate_line",
            "error",
        ),
        ({"plan_of_care": None}, "no_plan_of_care", "error"),
        (
            {"plan_of_care": PlanOfCare("pt", dt.date(2025, 11, 1), None, dt.date(2025, 11, 3))},
            "plan_of_care_expired",
            "error",
        ),
        (
            {"plan_of_care": PlanOfCare("pt", dt.date(2026, 1, 20), None, None)},
            "plan_of_care_not_certified",
            "error",
        ),
        (
            {"plan_of_care": PlanOfCare("pt", dt.date(2026, 3, 1), None, None)},
            "plan_of_care_not_certified",
            "warning",
        ),
        (
            {"plan_of_care": PlanOfCare("ot", dt.date(2026, 3, 1), None, dt.date(2026, 3, 1))},
            "plan_of_care_discipline",
            "error",
        ),
        ({"authorization": Authorization(12, 12)}, "authorization_exhausted", "error"),
        ({"authorization": Authorization(12, 11)}, "authorization_low", "warning"),
        (
            {"authorization": Authorization(12, 2, dt.date(2026, 1, 1), dt.date(2026, 2, 28))},
            "authorization_dates",
            "error",
        ),
        ({"treatment_days_since_progress_report": 10}, "progress_report_due", "warning"),
        ({"treatment_days_since_progress_report": 11}, "progress_report_overdue", "error"),
        ({"ytd_charges": Decimal("2470")}, "kx_missing", "error"),
        (
            {"ytd_charges": Decimal("2470"), "medical_necessity_documented": False},
            "kx_not_documented",
            "warning",
        ),
        (
            {"lines": [ClaimLine("97110", 2, ["GP", "KX"], 30, [1])], "medical_necessity_documented": False},
            "kx_without_documentation",
            "error",
        ),
    ],
)
def test_each_check(changes: dict[str, Any], code: str, severity: str) -> None:
    found = codes(claim(**changes))
    assert found.get(code) == severity, found


def test_ncci_with_modifier_and_kx_present_pass() -> None:
    c = claim(
        lines=[
            ClaimLine("97530", 1, ["GP", "KX"], 15, [1]),
            ClaimLine("97140", 1, ["GP", "XU", "KX"], 15, [1]),
        ],
        ytd_charges=Decimal("2470"),
    )
    assert validate_claim(c) == []


def test_errors_come_first_and_messages_readable() -> None:
    problems = validate_claim(claim(plan_of_care=None, treatment_days_since_progress_report=10))
    assert [p.severity for p in problems] == sorted(
        (p.severity for p in problems), key=lambda s: s != "error"
    )
    assert all(p.message and p.message[0].isupper() or p.message[0].isdigit() for p in problems)


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("M17.0", True),
        ("M17", False),
        ("S83.511A", True),
        ("S83.511", False),
        ("M170", True),
        ("Q99.99", False),
    ],
)
def test_icd10_billable(code: str, ok: bool) -> None:
    assert is_billable_icd10(code) is ok
