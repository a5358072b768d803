"""`rehab-scribe goals ...`: search, validate and count the goal banks."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.group("goals", help="Search and check the PT, OT and SLP goal banks.")
def goals() -> None:
    pass


@goals.command("search", help="Print the bank goals that best match QUERY, with scores.")
@click.argument("query")
@click.option(
    "--discipline",
    type=click.Choice(["pt", "ot", "slp"]),
    default=None,
    help="Only goals of this discipline.",
)
@click.option("--domain", default=None, help="Only goals of this domain id (e.g. stairs, dysphagia).")
@click.option(
    "--limit", type=click.IntRange(1, 200), default=10, show_default=True, help="How many goals to show."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array instead of text.")
def search_cmd(query: str, discipline: str | None, domain: str | None, limit: int, as_json: bool) -> None:
    from goal_banks.bank import GoalBankError, load_banks
    from goal_banks.search import search_goals

    if not query.strip():
        raise click.ClickException("the search query is empty")
    try:
        bank = load_banks()
    except GoalBankError as exc:
        raise click.ClickException(f"goal bank invalid: {exc.problems[0]}") from None
    if domain and discipline and domain not in {d for d, _ in bank.domains(discipline)}:
        known = ", ".join(d for d, _ in bank.domains(discipline))
        raise click.ClickException(f"unknown domain {domain!r} for {discipline} (known: {known})")
    if domain and not bank.select(discipline, domain):
        raise click.ClickException(f"no goals in domain {domain!r}")
    results = search_goals(query, discipline=discipline, domain=domain, limit=limit)
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "id": g.id,
                        "score": s,
                        "discipline": g.discipline,
                        "domain": g.domain,
                        "kind": g.kind,
                        "text": g.text,
                        "metric": g.metric,
                        "unit": g.unit,
                        "target": g.target.value,
                        "direction": g.target.direction,
                        "weeks": g.weeks,
                        "functional_reason": g.functional_reason,
                        "parent_id": g.parent_id,
                    }
                    for g, s in results
                ],
                indent=2,
            )
        )
        return
    for g, s in results:
        click.echo(f"{s:.3f}  {g.id}  [{g.kind.upper()}, {g.metric}]")
        click.echo(f"       {g.display_text()}")


@goals.command("validate", help="Check goal bank files or directories (default: every configured bank).")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate_cmd(paths: tuple[Path, ...]) -> None:
    from goal_banks.bank import GoalBankError, bank_dirs, load_goal_banks

    targets = list(paths) or bank_dirs()
    try:
        bank = load_goal_banks(targets)
    except GoalBankError as exc:
        for line in exc.problems[1:]:
            click.echo(line, err=True)
        raise click.ClickException(exc.problems[0]) from None
    for disc, files in sorted(bank.versions.items()):
        n = len(bank.select(disc))
        click.echo(f"{disc}: {n} goals OK ({', '.join(files)})")


@goals.command("counts", help="Print how many goals each discipline and domain has.")
@click.option("--markdown", is_flag=True, help="Print a Markdown table (used for docs/goal-banks.md).")
def counts_cmd(markdown: bool) -> None:
    from goal_banks.bank import DISCIPLINES, GoalBankError, load_banks

    try:
        bank = load_banks()
    except GoalBankError as exc:
        raise click.ClickException(f"goal bank invalid: {exc.problems[0]}") from None
    if markdown:
        click.echo("| Discipline | Domain | Long-term | Short-term | Total |")
        click.echo("|---|---|---:|---:|---:|")
    for disc in DISCIPLINES:
        goals_ = bank.select(disc)
        if not goals_:
            continue
        ltg = sum(g.kind == "ltg" for g in goals_)
        if not markdown:
            click.echo(f"{disc}: {len(goals_)} goals ({ltg} long-term, {len(goals_) - ltg} short-term)")
        for dom, name in bank.domains(disc):
            dg = bank.select(disc, dom)
            dl = sum(g.kind == "ltg" for g in dg)
            if markdown:
                click.echo(f"| {disc} | {name} (`{dom}`) | {dl} | {len(dg) - dl} | {len(dg)} |")
            else:
                click.echo(f"  {dom:<26} {len(dg):>4}  ({dl} LTG)")
        if markdown:
            click.echo(f"| **{disc}** | **all** | **{ltg}** | **{len(goals_) - ltg}** | **{len(goals_)}** |")
