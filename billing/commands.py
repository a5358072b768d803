"""`rehab-scribe billing ...`: the billing rules from the command line (units and modifiers for a visit)."""

from __future__ import annotations

import json
import re
from typing import Any

import click

PAYERS = ("medicare", "medicaid", "commercial")
DISCIPLINES = ("pt", "ot", "slp")
ROLES = ("pt", "pta", "ot", "cota", "slp", "slp_cf")
_SERVICE = re.compile(r"^\s*([0-9A-Za-z]{5})\s*(?:=\s*(\d+)\s*(?:/\s*(\d+)\s*)?)?$")


def parse_service(text: str) -> tuple[str, int | None, int]:
    """`97110=36/23` -> ("97110", 36, 23); `92507` -> ("92507", None, 0)."""
    m = _SERVICE.match(text)
    if not m:
        raise click.ClickException(
            f"cannot read service {text!r}: write CPT=MINUTES, CPT=MINUTES/ASSISTANT_MINUTES or CPT alone"
        )
    cpt, minutes, assistant = m.group(1).upper(), m.group(2), m.group(3)
    mins = int(minutes) if minutes is not None else None
    asst = int(assistant) if assistant is not None else 0
    if mins is not None and asst > mins:
        raise click.ClickException(
            f"{text}: assistant minutes ({asst}) exceed the service's minutes ({mins})"
        )
    return cpt, mins, asst


@click.group("billing")
def billing() -> None:
    """Billing rules: timed units, modifiers and claim checks for PT, OT and SLP visits."""


@billing.command("units")
@click.argument("services", nargs=-1, required=True, metavar="CPT=MINUTES[/ASSISTANT_MINUTES]...")
@click.option(
    "--payer",
    type=click.Choice(PAYERS),
    required=True,
    help="Payer profile: decides the unit rule (CMS 8-minute or per code) and which modifiers apply.",
)
@click.option(
    "--discipline",
    type=click.Choice(DISCIPLINES),
    required=True,
    help="The plan of care's discipline (GP/GO/GN).",
)
@click.option(
    "--provider-role",
    type=click.Choice(ROLES),
    default=None,
    help="Who furnished the visit. Default: the discipline's therapist. pta/cota means every minute "
    "was the assistant's.",
)
@click.option(
    "--ytd-charges",
    default="0",
    show_default=True,
    metavar="DOLLARS",
    help="Therapy charges already billed this calendar year (PT+SLP together, OT alone), for KX.",
)
@click.option(
    "--date",
    "date_text",
    default=None,
    metavar="YYYY-MM-DD",
    help="Date of service (default today): picks the year's KX threshold and tables.",
)
@click.option(
    "--no-medical-necessity",
    is_flag=True,
    help="Medical necessity above the therapy threshold is NOT documented (KX withheld, warning).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object {lines, warnings} on stdout.")
def units(
    services: tuple[str, ...],
    payer: str,
    discipline: str,
    provider_role: str | None,
    ytd_charges: str,
    date_text: str | None,
    no_medical_necessity: bool,
    as_json: bool,
) -> None:
    """Units and modifiers for one visit.

    Give each service as CPT=MINUTES, e.g. `97110=36/23` (36 minutes of 97110, 23 of them furnished
    independently by an assistant), or an untimed code alone, e.g. `92507`.
    """
    import datetime as dt
    from decimal import Decimal, InvalidOperation

    from billing.charges import BillingInputError, ServiceLine, compute_charges, lookup_code
    from billing.tables import BillingDataError

    try:
        ytd = Decimal(ytd_charges.replace("$", "").replace(",", ""))
    except InvalidOperation:
        raise click.ClickException(f"--ytd-charges: {ytd_charges!r} is not an amount in dollars") from None
    if ytd < 0:
        raise click.ClickException("--ytd-charges cannot be negative")
    day: dt.date | None = None
    if date_text:
        try:
            day = dt.date.fromisoformat(date_text)
        except ValueError:
            raise click.ClickException(f"--date: {date_text!r} is not a date (YYYY-MM-DD)") from None
    lines = []
    try:
        for text in services:
            cpt, mins, asst = parse_service(text)
            info = lookup_code(cpt, day)
            if info is None:
                raise click.ClickException(f"{cpt} is not a therapy code this tool knows")
            if info.unit != "untimed" and mins is None:
                raise click.ClickException(f"{cpt} ({info.label}) is billed by time: give {cpt}=MINUTES")
            lines.append(ServiceLine(cpt=cpt, minutes=mins, assistant_minutes=asst))
        result = compute_charges(
            lines,
            payer=payer,
            discipline=discipline,
            provider_role=provider_role,
            date_of_service=day,
            ytd_charges=ytd,
            medical_necessity_documented=not no_medical_necessity,
        )
    except (BillingInputError, BillingDataError) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(result.to_dict()))
        return
    _print_table(result)


def _print_table(result: Any) -> None:
    click.echo(f"{'CPT':<7}{'UNITS':>5}  {'MODIFIERS':<16}{'MIN':>5}  SERVICE")
    for ln in result.lines:
        mins = "-" if ln.minutes is None else str(ln.minutes)
        click.echo(f"{ln.cpt:<7}{ln.units:>5}  {','.join(ln.modifiers):<16}{mins:>5}  {ln.label}")
    if not result.lines:
        click.echo("(nothing billable)")
    click.echo(
        f"Timed minutes {result.total_timed_minutes} -> {result.timed_units} timed unit(s) "
        f"({result.unit_rule.replace('_', ' ')})"
    )
    for w in result.warnings:
        click.echo(f"warning [{w.code}]: {w.message}")
