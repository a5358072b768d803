"""ICD-10-CM checks: only a leaf code (the most specific one) is billable."""

from __future__ import annotations

from functools import lru_cache


def normalise_icd10(code: str) -> str:
    """Upper case with the dot after the third character, as the CDC tabular list writes it."""
    raw = code.strip().upper().replace(".", "")
    return raw if len(raw) <= 3 else f"{raw[:3]}.{raw[3:]}"


@lru_cache(maxsize=4096)
def icd10_problem(code: str) -> str | None:
    """None when `code` is a billable ICD-10-CM code, else a biller-readable reason."""
    import simple_icd_10_cm as cm  # imported lazily: the package loads the whole CDC release

    norm = normalise_icd10(code)
    if not cm.is_valid_item(norm):
        return f"{code} is not an ICD-10-CM code."
    if not cm.is_leaf(norm):
        return f"{code} is not billable: it has more specific codes beneath it (use one of those)."
    return None


def is_billable_icd10(code: str) -> bool:
    return icd10_problem(code) is None


def icd10_for_claim(code: str) -> str:
    """The form an 837P carries: no dot."""
    return normalise_icd10(code).replace(".", "")
