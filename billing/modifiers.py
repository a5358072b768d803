"""Modifier rules: discipline (GP/GO/GN), assistant (CQ/CO), NCCI distinct service, therapy threshold (KX).

Each rule is a small function so the charge builder and the claim scrubber use the same definition.
"""

from __future__ import annotations

from dataclasses import dataclass

from billing.units import UNIT_MINUTES

DISCIPLINE_MODIFIER = {"pt": "GP", "ot": "GO", "slp": "GN"}
ASSISTANT_MODIFIER = {"pt": "CQ", "ot": "CO"}  # there is no SLP assistant modifier
DISTINCT_MODIFIERS = frozenset({"59", "XE", "XS", "XP", "XU"})
DE_MINIMIS = 0.10  # the assistant's independent minutes must be MORE than 10% of the service / unit

# Modifier order on a line: pricing first (discipline, assistant), then distinct-service, then KX.
_ORDER = {"GP": 0, "GO": 0, "GN": 0, "CQ": 1, "CO": 1, "59": 2, "XE": 2, "XS": 2, "XP": 2, "XU": 2, "KX": 3}


def order_modifiers(mods: list[str]) -> list[str]:
    seen: list[str] = []
    for m in mods:
        if m not in seen:
            seen.append(m)
    return sorted(seen, key=lambda m: _ORDER.get(m, 9))


def exceeds_de_minimis(assistant_minutes: int, total_minutes: int) -> bool:
    """True when the assistant furnished more than 10% of the minutes independently."""
    return total_minutes > 0 and assistant_minutes > DE_MINIMIS * total_minutes


@dataclass(frozen=True)
class UnitSplit:
    """Part of one code's billed units: how many, whether they carry CQ/CO, and the minutes behind them."""

    units: int
    assistant: bool
    minutes: int


def split_timed_units(units: int, minutes: int, assistant_minutes: int) -> list[UnitSplit]:
    """Decide CQ/CO unit by unit for a timed code (CMS "Billing examples using CQ/CO modifiers").

    Whole 15-minute blocks furnished by one person go to that person: the assistant's with the
    modifier, the therapist's without. The units still to bill cover the leftover minutes of both;
    they carry the modifier when the assistant's leftover minutes are more than 10% of them, except
    that when two units remain and each furnished 9-14 minutes, one unit is billed each way.
    """
    if units <= 0:
        return []
    assistant_minutes = max(0, min(assistant_minutes, minutes))
    therapist_minutes = minutes - assistant_minutes
    if assistant_minutes == 0:
        return [UnitSplit(units, False, minutes)]
    if therapist_minutes == 0:
        return [UnitSplit(units, True, minutes)]
    a_full, a_rest = divmod(assistant_minutes, UNIT_MINUTES)
    t_full, t_rest = divmod(therapist_minutes, UNIT_MINUTES)
    # The code's units are never fewer than its whole 15-minute blocks; trim defensively if they are.
    a_full = min(a_full, units)
    t_full = min(t_full, units - a_full)
    left = units - a_full - t_full
    with_mod_units, with_mod_minutes = a_full, a_full * UNIT_MINUTES
    plain_units, plain_minutes = t_full, t_full * UNIT_MINUTES
    if left > 0:
        if left == 2 and 9 <= a_rest <= 14 and 9 <= t_rest <= 14:
            with_mod_units, with_mod_minutes = with_mod_units + 1, with_mod_minutes + a_rest
            plain_units, plain_minutes = plain_units + 1, plain_minutes + t_rest
        elif exceeds_de_minimis(a_rest, a_rest + t_rest):
            with_mod_units, with_mod_minutes = with_mod_units + left, with_mod_minutes + a_rest + t_rest
        else:
            plain_units, plain_minutes = plain_units + left, plain_minutes + a_rest + t_rest
    else:
        # Leftover minutes billed no unit of their own; keep them with the line they belong to.
        if plain_units:
            plain_minutes += a_rest + t_rest
        else:
            with_mod_minutes += a_rest + t_rest
    out = []
    if plain_units:
        out.append(UnitSplit(plain_units, False, plain_minutes))
    if with_mod_units:
        out.append(UnitSplit(with_mod_units, True, with_mod_minutes))
    return out


def untimed_assistant(minutes: int | None, assistant_minutes: int) -> bool:
    """An untimed service carries CQ/CO when the assistant furnished more than 10% of it.

    Without the service's minutes we cannot measure the share, so any independent assistant time counts.
    """
    if assistant_minutes <= 0:
        return False
    if not minutes:
        return True
    return exceeds_de_minimis(assistant_minutes, minutes)
