"""One visit's services in, claim lines out: units, modifiers and the warnings a biller needs.

This is the single place the billing rules are applied; the note builder's preview, charge capture
and the CLI all call `compute_charges`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from billing.modifiers import (
    ASSISTANT_MODIFIER,
    DISCIPLINE_MODIFIER,
    UnitSplit,
    order_modifiers,
    split_timed_units,
    untimed_assistant,
)
from billing.tables import DISCIPLINES, BillingTables, CodeInfo, PayerProfile, load_tables
from billing.units import allocate_cms_8_minute, allocate_per_code, time_block_units

ROLES: tuple[str, ...] = ("pt", "pta", "ot", "cota", "slp", "slp_cf")
ROLE_DISCIPLINE = {"pt": "pt", "pta": "pt", "ot": "ot", "cota": "ot", "slp": "slp", "slp_cf": "slp"}
ASSISTANT_ROLES = frozenset({"pta", "cota"})
THERAPIST_ROLE = {"pt": "pt", "ot": "ot", "slp": "slp"}


class BillingInputError(ValueError):
    """The caller asked for something the rules cannot price (unknown payer, role for another discipline)."""


@dataclass(frozen=True)
class ServiceLine:
    """One intervention as documented: the code, its minutes (None when untimed/not recorded) and the
    minutes an assistant furnished independently of the therapist. `fee` overrides the per-unit amount
    from the fee table for the KX estimate."""

    cpt: str
    minutes: int | None = None
    assistant_minutes: int = 0
    fee: Decimal | None = None


@dataclass
class ChargeLine:
    cpt: str
    units: int
    modifiers: list[str]
    minutes: int | None
    label: str = ""
    amount: Decimal = Decimal("0")
    evaluation: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "cpt": self.cpt,
            "units": self.units,
            "modifiers": list(self.modifiers),
            "minutes": self.minutes,
        }


@dataclass(frozen=True)
class ChargeWarning:
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass
class ChargeResult:
    lines: list[ChargeLine]
    warnings: list[ChargeWarning]
    payer: str = ""
    discipline: str = ""
    unit_rule: str = ""
    total_timed_minutes: int = 0
    total_treatment_minutes: int = 0
    timed_units: int = 0
    visit_amount: Decimal = Decimal("0")
    date_of_service: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": [ln.to_dict() for ln in self.lines],
            "warnings": [w.to_dict() for w in self.warnings],
        }

    def warning_codes(self) -> list[str]:
        return [w.code for w in self.warnings]


@dataclass
class _Pool:
    """Minutes of one billable service for the day (several documented lines of a code are summed)."""

    key: str
    info: CodeInfo
    minutes: int = 0
    assistant_minutes: int = 0
    has_minutes: bool = False
    missing_minutes: bool = False
    fee: Decimal | None = None


def lookup_code(cpt: str, date_of_service: dt.date | None = None) -> CodeInfo | None:
    """The code's table entry (our label, timed/untimed, disciplines, MUE...), or None if unknown."""
    return load_tables(date_of_service).code(cpt)


def is_timed(cpt: str, date_of_service: dt.date | None = None) -> bool:
    """True for 15-minute codes counted by the unit rule; raises for a code we do not know."""
    info = lookup_code(cpt, date_of_service)
    if info is None:
        raise BillingInputError(f"unknown procedure code {cpt!r}")
    return info.timed


def default_role(discipline: str) -> str:
    return THERAPIST_ROLE[discipline]


def _check_inputs(payer: str, discipline: str, provider_role: str, tables: BillingTables) -> PayerProfile:
    if discipline not in DISCIPLINES:
        raise BillingInputError(f"unknown discipline {discipline!r}; use one of {', '.join(DISCIPLINES)}")
    if provider_role not in ROLES:
        raise BillingInputError(f"unknown provider role {provider_role!r}; use one of {', '.join(ROLES)}")
    if ROLE_DISCIPLINE[provider_role] != discipline:
        raise BillingInputError(
            f"a {provider_role.upper()} cannot furnish services under a {discipline.upper()} plan of care"
        )
    if payer not in tables.payers.payers:
        raise BillingInputError(
            f"unknown payer {payer!r}; use one of {', '.join(sorted(tables.payers.payers))}"
        )
    return tables.payer(payer)


def _pool_key(info: CodeInfo) -> str:
    return info.addon_of or info.cpt


def compute_charges(
    services: Sequence[ServiceLine],
    *,
    payer: str,
    discipline: str,
    provider_role: str | None = None,
    date_of_service: dt.date | None = None,
    ytd_charges: Decimal | float | int | str = 0,
    medical_necessity_documented: bool = True,
) -> ChargeResult:
    """Price one date of service for one plan of care. See the module docstring; rules in billing-rules.md."""
    day = date_of_service or dt.date.today()
    tables = load_tables(day)
    role = provider_role or THERAPIST_ROLE.get(discipline, "")
    profile = _check_inputs(payer, discipline, role, tables)
    warnings: list[ChargeWarning] = []

    def warn(code: str, message: str) -> None:
        w = ChargeWarning(code, message)
        if w not in warnings:
            warnings.append(w)

    assistant_role = role in ASSISTANT_ROLES
    if role == "slp_cf":
        warn(
            "clinical_fellow",
            "Furnished by an SLP clinical fellow: Medicare treats unlicensed fellows like "
            "students (in-room supervision by the CCC-SLP); bill only where the state licence allows.",
        )

    pools: dict[str, _Pool] = {}
    order: list[str] = []
    treatment_minutes = 0
    for svc in services:
        cpt = str(svc.cpt).strip().upper()
        if svc.minutes is not None and svc.minutes < 0:
            raise BillingInputError(f"{cpt}: minutes cannot be negative ({svc.minutes})")
        if svc.assistant_minutes < 0:
            raise BillingInputError(f"{cpt}: assistant minutes cannot be negative ({svc.assistant_minutes})")
        if svc.minutes is not None and svc.assistant_minutes > svc.minutes:
            raise BillingInputError(
                f"{cpt}: assistant minutes ({svc.assistant_minutes}) exceed the service's "
                f"minutes ({svc.minutes})"
            )
        info = tables.code(cpt)
        if info is None:
            warn("unknown_code", f"{cpt} is not in the code table; it was not billed.")
            continue
        if (info.effective_from and day < info.effective_from) or (
            info.effective_to and day > info.effective_to
        ):
            warn("code_not_effective", f"{cpt} is not billable on {day}; it was not billed.")
            continue
        treatment_minutes += svc.minutes or 0
        if cpt in profile.substitutions:
            new = profile.substitutions[cpt]
            warn("code_substituted", f"{profile.label} wants {cpt} reported as {new}.")
            cpt = new
            info = tables.code(cpt) or info
        if cpt in profile.bundled:
            warn(
                "bundled_code", f"{cpt} ({info.label}) is bundled for {profile.label}; not billed separately."
            )
            continue
        if discipline not in info.disciplines:
            warn(
                "code_discipline",
                f"{cpt} ({info.label}) is not usually billed under a {discipline.upper()} plan of care.",
            )
        assist = svc.minutes if assistant_role and svc.minutes is not None else svc.assistant_minutes
        if info.evaluation and (assistant_role or svc.assistant_minutes > 0):
            if assistant_role:
                warn(
                    "assistant_evaluation",
                    f"{cpt} ({info.label}) is an evaluation: an assistant cannot furnish it; not billed.",
                )
                continue
            warn(
                "assistant_evaluation",
                f"{cpt} ({info.label}) is an evaluation: the assistant's minutes "
                "were ignored; the therapist must furnish it.",
            )
            assist = 0
        if discipline == "slp" and svc.assistant_minutes > 0:
            warn(
                "slp_assistant",
                "There is no SLP assistant modifier: services by an SLP assistant are not "
                "billable to Medicare; assistant minutes were ignored.",
            )
            assist = 0
        key = _pool_key(info)
        pool = pools.get(key)
        if pool is None:
            pool = pools[key] = _Pool(key=key, info=tables.code(key) or info)
            order.append(key)
        if svc.minutes is None:
            pool.missing_minutes = True
            pool.assistant_minutes += assist
        else:
            pool.minutes += svc.minutes
            pool.has_minutes = True
            pool.assistant_minutes += assist
        if svc.fee is not None:
            pool.fee = Decimal(str(svc.fee))

    # ---- units -----------------------------------------------------------------------------
    timed = {k: p for k, p in pools.items() if p.info.timed}
    for k, p in list(timed.items()):
        if not p.has_minutes:
            warn(
                "missing_minutes",
                f"{k} ({p.info.label}) is timed but no minutes were documented; not billed.",
            )
            del timed[k]
    timed_minutes = {k: p.minutes for k, p in timed.items()}
    assistant_share = {k: min(p.assistant_minutes, p.minutes) for k, p in timed.items()}
    if profile.unit_rule == "cms_8_minute":
        alloc = allocate_cms_8_minute(timed_minutes, assistant_share)
    else:
        alloc = allocate_per_code(timed_minutes)
    for tie in alloc.ties:
        chosen = [c for c in tie if alloc.units[c] > (timed_minutes[c] // 15)]
        warn(
            "unit_tie",
            f"{', '.join(tie)} have equal leftover minutes: the clinician may choose which gets "
            f"the last unit; the draft gave it to {', '.join(chosen)}.",
        )
    for k, u in sorted(alloc.units.items()):  # code order: the warnings must not depend on input order
        if u == 0 and timed_minutes[k] > 0:
            warn(
                "unbilled_minutes",
                f"{k} ({timed[k].info.label}): {timed_minutes[k]} min did not reach a billable unit.",
            )

    apply_assistant_mod = profile.assistant_modifiers and discipline in ASSISTANT_MODIFIER
    lines: list[ChargeLine] = []

    def fee_for(cpt: str, pool: _Pool) -> Decimal:
        return pool.fee if pool.fee is not None else tables.fee(cpt)

    def add_line(cpt: str, units: int, assistant: bool, minutes: int | None, pool: _Pool) -> None:
        info = tables.code(cpt) or pool.info
        mods = [DISCIPLINE_MODIFIER[discipline]]
        if assistant and apply_assistant_mod and info.assistant_ok:
            mods.append(ASSISTANT_MODIFIER[discipline])
        lines.append(
            ChargeLine(
                cpt=cpt,
                units=units,
                modifiers=mods,
                minutes=minutes,
                label=info.label,
                amount=fee_for(cpt, pool) * units,
                evaluation=info.evaluation,
            )
        )

    for key in order:
        pool = pools[key]
        info = pool.info
        if info.timed:
            if key not in timed or alloc.units.get(key, 0) == 0:
                continue
            splits = split_timed_units(alloc.units[key], pool.minutes, assistant_share[key])
            if info.first_unit_only and info.addon:
                _cognitive_lines(splits, info, add_line, pool)
            else:
                for s in splits:
                    add_line(key, s.units, s.assistant, s.minutes, pool)
        elif info.unit == "time_block":
            _time_block_lines(pool, tables, add_line, warn)
        else:
            assistant = assistant_role or untimed_assistant(
                pool.minutes if pool.has_minutes else None, pool.assistant_minutes
            )
            add_line(key, 1, assistant, pool.minutes if pool.has_minutes else None, pool)

    lines.sort(key=lambda ln: (not ln.evaluation, ln.cpt, "CQ" in ln.modifiers or "CO" in ln.modifiers))

    # ---- NCCI pairs ------------------------------------------------------------------------
    billed = {ln.cpt for ln in lines}
    dropped: set[str] = set()
    for pair in tables.ncci_pairs_for(billed):
        if pair.modifier_indicator == 0:
            dropped.add(pair.column_2)
            warn(
                "ncci_not_billable",
                f"{pair.column_2} cannot be billed with {pair.column_1} on one day "
                "(NCCI, no modifier allowed); not billed.",
            )
            continue
        for ln in lines:
            if ln.cpt == pair.column_2 and profile.distinct_modifier not in ln.modifiers:
                ln.modifiers.append(profile.distinct_modifier)
        warn(
            "ncci_modifier",
            f"{pair.column_2} is column 2 to {pair.column_1} (NCCI): modifier "
            f"{profile.distinct_modifier} added; the note must show separate time blocks.",
        )
    lines = [ln for ln in lines if ln.cpt not in dropped]

    # ---- MUE ---------------------------------------------------------------------------------
    per_code: dict[str, int] = {}
    for ln in lines:
        per_code[ln.cpt] = per_code.get(ln.cpt, 0) + ln.units
    for cpt, units in per_code.items():
        info_c = tables.code(cpt)
        if info_c and info_c.mue is not None and units > info_c.mue:
            warn("mue_exceeded", f"{cpt}: {units} units exceed the per-day limit of {info_c.mue} (MUE).")

    # ---- KX ----------------------------------------------------------------------------------
    ytd = Decimal(str(ytd_charges))
    visit_amount = sum((ln.amount for ln in lines), Decimal("0"))
    found = profile.kx_threshold(day.year, discipline)
    if found is not None and lines:
        threshold, year_used = found
        if year_used != day.year:
            warn(
                "kx_threshold_year",
                f"No therapy threshold on file for {day.year}; used {year_used}'s ${threshold}.",
            )
        running = ytd
        over: list[ChargeLine] = []
        for ln in lines:
            running += ln.amount
            if running > threshold:
                over.append(ln)
        if over:
            bucket = "OT" if discipline == "ot" else "PT and SLP combined"
            if medical_necessity_documented:
                for ln in over:
                    ln.modifiers.append("KX")
                warn(
                    "kx_applied",
                    f"Year-to-date {bucket} charges ${ytd + visit_amount} pass the ${threshold} "
                    "therapy threshold: KX added; the note must support medical necessity.",
                )
            else:
                warn(
                    "kx_not_documented",
                    f"Year-to-date {bucket} charges ${ytd + visit_amount} pass the "
                    f"${threshold} threshold but medical necessity is not documented: KX not added, the "
                    "services above the threshold will be denied.",
                )
        review = profile.targeted_review_threshold
        if review is not None and ytd + visit_amount > review:
            warn(
                "targeted_review",
                f"Year-to-date charges pass ${review}: the claim may be selected for "
                "targeted medical review.",
            )
    for ln in lines:
        ln.modifiers = order_modifiers(ln.modifiers)

    return ChargeResult(
        lines=lines,
        warnings=warnings,
        payer=payer,
        discipline=discipline,
        unit_rule=profile.unit_rule,
        total_timed_minutes=alloc.total_minutes,
        total_treatment_minutes=treatment_minutes,
        timed_units=sum(alloc.units.values()),
        visit_amount=visit_amount,
        date_of_service=day,
    )


def _cognitive_lines(splits: list[UnitSplit], info: CodeInfo, add_line: Any, pool: _Pool) -> None:
    """97129 carries the first 15 minutes once a day; every further unit is the add-on 97130."""
    first_given = False
    for s in splits:
        units, minutes = s.units, s.minutes
        if not first_given:
            first_minutes = min(minutes, 15) if units > 1 else minutes
            add_line(info.cpt, 1, s.assistant, first_minutes, pool)
            first_given = True
            units, minutes = units - 1, minutes - first_minutes
        if units > 0:
            add_line(info.addon, units, s.assistant, minutes, pool)


def _time_block_lines(pool: _Pool, tables: BillingTables, add_line: Any, warn: Any) -> None:
    """Per-hour codes bill a block only when 51% of it was face to face; extra time goes to the add-on."""
    info = pool.info
    if not pool.has_minutes:
        warn(
            "missing_minutes", f"{info.cpt} ({info.label}) is billed by time but no minutes were documented."
        )
        return
    assert info.block_minutes is not None
    if info.addon:
        first = min(1, time_block_units(pool.minutes, info.block_minutes, info.block_threshold))
        if first == 0:
            warn(
                "time_block_below_threshold",
                f"{info.cpt}: {pool.minutes} min is under 51% of {info.block_minutes} min; not billable.",
            )
            return
        add_line(info.cpt, 1, False, min(pool.minutes, info.block_minutes), pool)
        rest = max(0, pool.minutes - info.block_minutes)
        addon = tables.code(info.addon)
        if addon is not None and addon.block_minutes and rest:
            n = time_block_units(rest, addon.block_minutes, addon.block_threshold)
            if n:
                add_line(addon.cpt, n, False, rest, pool)
        return
    n = time_block_units(pool.minutes, info.block_minutes, info.block_threshold)
    if n == 0:
        warn(
            "time_block_below_threshold",
            f"{info.cpt}: {pool.minutes} min is under 51% of {info.block_minutes} min; not billable.",
        )
        return
    add_line(info.cpt, n, False, pool.minutes, pool)
