"""NPI check digits (ISO/IEC 7812 Luhn over the "80840" health-industry prefix).

A claim with a malformed NPI is rejected by the clearinghouse days later; checking the digit here catches
typos when the claim is written. Synthetic NPIs for tests and demos come from the same arithmetic.
"""

from __future__ import annotations

# Luhn over "80840" + the first 9 digits equals Luhn over the 9 digits plus this constant (CMS NPI spec).
_PREFIX_SUM = 24


def _luhn_sum(digits: str) -> int:
    """Luhn sum of `digits` as if a check digit followed them (so the rightmost digit is doubled)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total


def npi_check_digit(first_nine: str) -> str:
    """The tenth digit that makes `first_nine` a valid NPI."""
    if len(first_nine) != 9 or not first_nine.isdigit():
        raise ValueError(f"an NPI stem is 9 digits, got {first_nine!r}")
    return str((10 - (_luhn_sum(first_nine) + _PREFIX_SUM) % 10) % 10)


def is_valid_npi(npi: str) -> bool:
    """True for 10 digits, first digit 1 or 2, whose last digit is the Luhn check digit."""
    if len(npi) != 10 or not npi.isdigit() or npi[0] not in "12":
        return False
    return npi_check_digit(npi[:9]) == npi[9]


def synthetic_npi(seed: int, *, organization: bool = False) -> str:
    """A valid-looking but made-up NPI; type 2 (starting with 2) for organizations, 1 for individuals.

    Deterministic in `seed` so test fixtures are stable. Real NPIs can collide with these; never use them
    outside tests and demos.
    """
    if seed < 0 or seed >= 10**8:
        raise ValueError("seed must be in [0, 10**8)")
    stem = ("2" if organization else "1") + f"{seed:08d}"
    return stem + npi_check_digit(stem)
