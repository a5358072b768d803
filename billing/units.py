"""Timed-unit arithmetic: the CMS 8-minute rule (total timed minutes) and the per-code midpoint rule.

Pure functions over minutes per code, so the same numbers drive the note's billing preview, charge
capture and the CLI. Medicare Claims Processing Manual ch. 5 §20.2 is the reference for the CMS rule.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

UNIT_MINUTES = 15
MIDPOINT = 8  # a unit is reached once more than half of 15 minutes is furnished


def units_for_minutes(minutes: int) -> int:
    """Units for a block of minutes: 0-7 -> 0, 8-22 -> 1, 23-37 -> 2, ..."""
    if minutes < 0:
        raise ValueError(f"minutes cannot be negative: {minutes}")
    whole, rest = divmod(minutes, UNIT_MINUTES)
    return whole + (1 if rest >= MIDPOINT else 0)


@dataclass(frozen=True)
class UnitAllocation:
    """Units per code, plus the groups of codes where the rule leaves the choice to the clinician."""

    units: dict[str, int]
    total_minutes: int
    total_units: int
    ties: list[tuple[str, ...]] = field(default_factory=list)


def allocate_cms_8_minute(
    minutes: Mapping[str, int], assistant_minutes: Mapping[str, int] | None = None
) -> UnitAllocation:
    """Split the day's total timed units across codes the CMS way.

    Total units come from the sum of timed minutes. Each code first gets one unit per whole 15 minutes;
    the units left go one each to the codes with the most leftover minutes (this also covers several
    services of 7 minutes or less that together reach 8). On equal leftovers CMS lets the clinician
    choose; we prefer the code furnished more by the therapist (CMS's CQ/CO guidance bills the
    therapist's service), then the lower code number, and report the tie.
    """
    for cpt, m in minutes.items():
        if m < 0:
            raise ValueError(f"{cpt}: minutes cannot be negative: {m}")
    assistant = assistant_minutes or {}
    total_minutes = sum(minutes.values())
    total_units = units_for_minutes(total_minutes)
    units = {cpt: m // UNIT_MINUTES for cpt, m in minutes.items()}
    remaining = total_units - sum(units.values())

    def share(cpt: str) -> float:
        return assistant.get(cpt, 0) / minutes[cpt] if minutes[cpt] else 0.0

    leftovers = {cpt: m % UNIT_MINUTES for cpt, m in minutes.items()}
    candidates = sorted((c for c in minutes if leftovers[c] > 0), key=lambda c: (-leftovers[c], share(c), c))
    if remaining > len(candidates):  # cannot happen arithmetically (leftovers < 15 each); guard anyway
        raise AssertionError(f"{remaining} units left for {len(candidates)} codes with leftover minutes")
    ties: list[tuple[str, ...]] = []
    if 0 < remaining < len(candidates):
        cut = leftovers[candidates[remaining - 1]]
        if leftovers[candidates[remaining]] == cut:
            ties.append(tuple(sorted(c for c in candidates if leftovers[c] == cut)))
    for cpt in candidates[:remaining]:
        units[cpt] += 1
    return UnitAllocation(units=units, total_minutes=total_minutes, total_units=total_units, ties=ties)


def allocate_per_code(minutes: Mapping[str, int]) -> UnitAllocation:
    """The AMA midpoint rule applied to each code on its own (many commercial payers)."""
    units = {cpt: units_for_minutes(m) for cpt, m in minutes.items()}
    return UnitAllocation(units=units, total_minutes=sum(minutes.values()), total_units=sum(units.values()))


def time_block_units(minutes: int, block_minutes: int, threshold: float = 0.51) -> int:
    """Units of a per-hour / per-30-minute code: a block counts once `threshold` of it was furnished."""
    if minutes < 0:
        raise ValueError(f"minutes cannot be negative: {minutes}")
    need = max(
        1, math.ceil(Decimal(str(threshold)) * block_minutes)
    )  # Decimal: 0.51 * 60 is 30.6, not 30.59..
    whole, rest = divmod(minutes, block_minutes)
    return whole + (1 if rest >= need else 0)
