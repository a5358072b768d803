"""Glue from the billing rules' output (`ChargeLine`) to export lines, so codes, units and modifiers are
decided once, by `billing.compute_charges`, and never re-derived in an export format."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from billing.charges import ChargeLine
from billing.exports.types import ClaimExportError, ClaimLineForExport


def export_lines(
    charge_lines: Iterable[ChargeLine],
    *,
    diagnosis_pointers: Sequence[int] = (1,),
    pointers_by_cpt: dict[str, Sequence[int]] | None = None,
) -> tuple[ClaimLineForExport, ...]:
    """One export line per priced line with units; `pointers_by_cpt` overrides the default pointers."""
    out: list[ClaimLineForExport] = []
    for ln in charge_lines:
        if ln.units <= 0:
            continue
        if len(ln.modifiers) > 4:
            raise ClaimExportError(f"{ln.cpt}: {len(ln.modifiers)} modifiers; a claim line holds at most 4")
        pointers = (pointers_by_cpt or {}).get(ln.cpt, diagnosis_pointers)
        out.append(
            ClaimLineForExport(
                cpt=ln.cpt,
                units=ln.units,
                charge=ln.amount,
                modifiers=tuple(ln.modifiers),
                diagnosis_pointers=tuple(pointers),
            )
        )
    return tuple(out)
