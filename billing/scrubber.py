"""Claim scrubber: the checks a biller runs before a therapy claim goes out.

It works on plain dataclasses so charge capture, the API and the CLI can feed it without the ORM.
Each problem carries a stable code, a message a biller can act on, and a severity: `error` stops the
claim, `warning` asks for a look.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from billing.charges import ASSISTANT_ROLES, ROLE_DISCIPLINE, BillingInputError
from billing.icd10 import icd10_problem
from billing.modifiers import ASSISTANT_MODIFIER, DISCIPLINE_MODIFIER, DISTINCT_MODIFIERS
from billing.tables import load_tables
from billing.units import units_for_minutes

Severity = Literal["error", "warning"]
POC_MAX_DAYS = 90
CERTIFY_WITHIN_DAYS = 30
PROGRESS_REPORT_EVERY = 10
MAX_POINTERS = 4
MAX_DIAGNOSES = 12


@dataclass
class ClaimLine:
    cpt: str
    units: int
    modifiers: list[str] = field(default_factory=list)
    minutes: int | None = None
    diagnosis_pointers: list[int] = field(default_factory=list)  # 1-based into Claim.diagnoses
    amount: Decimal | None = None


@dataclass
class PlanOfCare:
    discipline: str
    start: dt.date
    end: dt.date | None = None
    certified_on: dt.date | None = None  # physician/NPP signature date; None = not yet certified


@dataclass
class Authorization:
    visits_authorized: int
    visits_used: int  # before this visit
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass
class Claim:
    date_of_service: dt.date
    payer: str
    discipline: str
    provider_role: str
    lines: list[ClaimLine]
    diagnoses: list[str] = field(default_factory=list)  # ICD-10-CM, principal first
    plan_of_care: PlanOfCare | None = None
    authorization: Authorization | None = None
    treatment_days_since_progress_report: int | None = None  # counting this visit
    ytd_charges: Decimal = Decimal("0")
    medical_necessity_documented: bool = True


@dataclass(frozen=True)
class ClaimProblem:
    code: str
    message: str
    severity: Severity
    line: int | None = None  # 1-based claim line, when the problem is on a line

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"code": self.code, "message": self.message, "severity": self.severity}
        if self.line is not None:
            out["line"] = self.line
        return out


def validate_claim(claim: Claim, *, check_icd10: bool = True) -> list[ClaimProblem]:
    """Every problem found on the claim, errors first; an empty list means it is clean."""
    tables = load_tables(claim.date_of_service)
    if claim.payer not in tables.payers.payers:
        raise BillingInputError(f"unknown payer {claim.payer!r}")
    if claim.discipline not in DISCIPLINE_MODIFIER:
        raise BillingInputError(f"unknown discipline {claim.discipline!r}")
    profile = tables.payer(claim.payer)
    problems: list[ClaimProblem] = []

    def add(code: str, message: str, severity: Severity = "error", line: int | None = None) -> None:
        problems.append(ClaimProblem(code, message, severity, line))

    dos = claim.date_of_service
    disc_mod = DISCIPLINE_MODIFIER[claim.discipline]
    assistant_role = claim.provider_role in ASSISTANT_ROLES
    if claim.provider_role in ROLE_DISCIPLINE and ROLE_DISCIPLINE[claim.provider_role] != claim.discipline:
        add(
            "role_discipline",
            f"A {claim.provider_role.upper()} cannot bill under a {claim.discipline.upper()} plan of care.",
        )

    # ---- diagnoses ----
    if not claim.diagnoses:
        add("no_diagnosis", "The claim has no diagnosis code.")
    if len(claim.diagnoses) > MAX_DIAGNOSES:
        add("too_many_diagnoses", f"An 837P carries at most {MAX_DIAGNOSES} diagnoses.")
    if check_icd10:
        for dx in claim.diagnoses:
            msg = icd10_problem(dx)
            if msg:
                add("diagnosis_not_billable", msg)

    if not claim.lines:
        add("no_lines", "The claim has no service lines.")
    for i, ln in enumerate(claim.lines, start=1):
        info = tables.code(ln.cpt)
        if info is None:
            add("unknown_code", f"Line {i}: {ln.cpt} is not in the code table.", line=i)
            continue
        mods = [m.upper() for m in ln.modifiers]
        if not ln.diagnosis_pointers:
            add("missing_diagnosis_pointer", f"Line {i} ({ln.cpt}): no diagnosis pointer.", line=i)
        elif len(ln.diagnosis_pointers) > MAX_POINTERS or any(
            p < 1 or p > len(claim.diagnoses) for p in ln.diagnosis_pointers
        ):
            add(
                "bad_diagnosis_pointer",
                f"Line {i} ({ln.cpt}): pointers {ln.diagnosis_pointers} must be 1-4 "
                f"entries naming one of the {len(claim.diagnoses)} diagnoses.",
                line=i,
            )
        if ln.units < 1:
            add("no_units", f"Line {i} ({ln.cpt}): units must be at least 1.", line=i)
        if len(mods) > 4:
            add("too_many_modifiers", f"Line {i} ({ln.cpt}): at most 4 modifiers per line.", line=i)
        if info.timed:
            if not ln.minutes:
                add(
                    "timed_minutes_missing",
                    f"Line {i} ({ln.cpt}) is a timed code but its minutes are not documented.",
                    line=i,
                )
            elif profile.unit_rule == "per_code" and ln.units > units_for_minutes(ln.minutes):
                add(
                    "units_exceed_minutes",
                    f"Line {i} ({ln.cpt}): {ln.units} units need more than {ln.minutes} documented minutes.",
                    line=i,
                )
        elif info.unit == "untimed" and ln.units > 1:
            add("untimed_units", f"Line {i} ({ln.cpt}) is untimed: 1 unit per date of service.", line=i)
        if info.always_therapy and disc_mod not in mods:
            add(
                "missing_discipline_modifier",
                f"Line {i} ({ln.cpt}): needs {disc_mod} for the {claim.discipline.upper()} plan of care.",
                line=i,
            )
        wrong = [m for m in ("GP", "GO", "GN") if m in mods and m != disc_mod]
        if wrong:
            add(
                "wrong_discipline_modifier",
                f"Line {i} ({ln.cpt}): {', '.join(wrong)} does not match the "
                f"{claim.discipline.upper()} plan of care.",
                line=i,
            )
        asst_mod = ASSISTANT_MODIFIER.get(claim.discipline)
        has_asst = any(m in mods for m in ("CQ", "CO"))
        if info.evaluation and (has_asst or assistant_role):
            add(
                "assistant_on_evaluation",
                f"Line {i} ({ln.cpt}): an evaluation cannot be furnished by an assistant.",
                line=i,
            )
        elif (
            assistant_role
            and profile.assistant_modifiers
            and asst_mod
            and info.assistant_ok
            and asst_mod not in mods
        ):
            add(
                "missing_assistant_modifier",
                f"Line {i} ({ln.cpt}): furnished by a {claim.provider_role.upper()}: needs {asst_mod}.",
                line=i,
            )
        if has_asst and (asst_mod is None or any(m in mods for m in ("CQ", "CO") if m != asst_mod)):
            add(
                "wrong_assistant_modifier",
                f"Line {i} ({ln.cpt}): CQ is for PT and CO for OT; SLP has no assistant modifier.",
                line=i,
            )

    # ---- per-code checks: MUE, duplicates, NCCI ----
    units_by_code: Counter[str] = Counter()
    for ln in claim.lines:
        units_by_code[ln.cpt] += ln.units
    for cpt, units in units_by_code.items():
        info = tables.code(cpt)
        if info and info.mue is not None and units > info.mue:
            add("mue_exceeded", f"{cpt}: {units} units on {dos} exceed the per-day limit of {info.mue}.")
    keys = Counter((ln.cpt, tuple(sorted(m.upper() for m in ln.modifiers))) for ln in claim.lines)
    for (cpt, mods_key), n in keys.items():
        if n > 1:
            add(
                "duplicate_line",
                f"{cpt} {'-'.join(mods_key)} appears on {n} lines: combine them into one line "
                "per date of service.",
            )
    total_timed = sum(ln.minutes or 0 for ln in claim.lines if (c := tables.code(ln.cpt)) and c.timed)
    timed_units = sum(ln.units for ln in claim.lines if (c := tables.code(ln.cpt)) and c.timed)
    if profile.unit_rule == "cms_8_minute" and total_timed and timed_units > units_for_minutes(total_timed):
        add(
            "units_exceed_minutes",
            f"{timed_units} timed units billed for {total_timed} timed minutes: the "
            f"8-minute rule allows {units_for_minutes(total_timed)}.",
        )
    billed = set(units_by_code)
    for pair in tables.ncci_pairs_for(billed):
        for i, ln in enumerate(claim.lines, start=1):
            if ln.cpt != pair.column_2:
                continue
            if pair.modifier_indicator == 0:
                add(
                    "ncci_not_billable",
                    f"Line {i} ({ln.cpt}) cannot be billed with {pair.column_1} on the same day.",
                    line=i,
                )
            elif not DISTINCT_MODIFIERS & {m.upper() for m in ln.modifiers}:
                add(
                    "missing_ncci_modifier",
                    f"Line {i} ({ln.cpt}) is column 2 to {pair.column_1}: add "
                    f"{profile.distinct_modifier} (or 59) when the services were separate time blocks.",
                    line=i,
                )

    # ---- plan of care ----
    poc = claim.plan_of_care
    if poc is None:
        add("no_plan_of_care", "No plan of care on file for this episode.")
    else:
        if poc.discipline != claim.discipline:
            add(
                "plan_of_care_discipline",
                f"The plan of care is {poc.discipline.upper()} but the claim is {claim.discipline.upper()}.",
            )
        last_day = poc.start + dt.timedelta(days=POC_MAX_DAYS - 1)
        if poc.end is not None:
            last_day = min(last_day, poc.end)
        if dos < poc.start or dos > last_day:
            add(
                "plan_of_care_expired",
                f"Date of service {dos} is outside the plan of care ({poc.start} to {last_day}): recertify.",
            )
        if poc.certified_on is None:
            deadline = poc.start + dt.timedelta(days=CERTIFY_WITHIN_DAYS)
            if dos > deadline:
                add(
                    "plan_of_care_not_certified",
                    f"The plan of care is not certified and the {CERTIFY_WITHIN_DAYS}"
                    f"-day window ended {deadline}.",
                )
            else:
                add(
                    "plan_of_care_not_certified",
                    f"The plan of care is not yet certified; get the physician's signature by {deadline}.",
                    "warning",
                )

    # ---- authorisation ----
    auth = claim.authorization
    if auth is not None:
        left = auth.visits_authorized - auth.visits_used
        if left <= 0:
            add("authorization_exhausted", f"All {auth.visits_authorized} authorised visits are used.")
        elif left <= 2:
            add(
                "authorization_low",
                f"{left} authorised visit(s) left including this one: request more.",
                "warning",
            )
        if (auth.start and dos < auth.start) or (auth.end and dos > auth.end):
            add(
                "authorization_dates",
                f"Date of service {dos} is outside the authorisation ({auth.start} to {auth.end}).",
            )

    # ---- progress report ----
    days = claim.treatment_days_since_progress_report
    if days is not None:
        if days > PROGRESS_REPORT_EVERY:
            add(
                "progress_report_overdue",
                f"{days} treatment days since the last progress report: one is "
                f"required at least every {PROGRESS_REPORT_EVERY} treatment days.",
            )
        elif days == PROGRESS_REPORT_EVERY:
            add(
                "progress_report_due",
                "A progress report is due at this visit (10th treatment day), written by the therapist.",
                "warning",
            )

    # ---- KX ----
    found = profile.kx_threshold(dos.year, claim.discipline)
    if found is not None:
        threshold, _ = found
        running = Decimal(str(claim.ytd_charges))
        for i, ln in enumerate(claim.lines, start=1):
            amount = ln.amount if ln.amount is not None else tables.fee(ln.cpt) * ln.units
            running += amount
            line_mods = {m.upper() for m in ln.modifiers}
            if running > threshold and "KX" not in line_mods:
                if claim.medical_necessity_documented:
                    add(
                        "kx_missing",
                        f"Line {i} ({ln.cpt}): year-to-date charges ${running} pass the ${threshold} "
                        "threshold: add KX (medical necessity is documented).",
                        line=i,
                    )
                else:
                    add(
                        "kx_not_documented",
                        f"Line {i} ({ln.cpt}): year-to-date charges ${running} pass the ${threshold} "
                        "threshold and medical necessity is not documented: the line will be denied.",
                        "warning",
                        line=i,
                    )
            if "KX" in line_mods and not claim.medical_necessity_documented:
                add(
                    "kx_without_documentation",
                    f"Line {i} ({ln.cpt}): KX attests medical necessity but none is documented.",
                    line=i,
                )
    problems.sort(key=lambda p: (p.severity != "error",))
    return problems
