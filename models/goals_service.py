"""An episode's goals: chosen from the goal bank (template filled) or written free, then tracked.

Goals are part of the plan of care, so only a licensed therapist of the episode's discipline may
add or change them; assistants may read them. Every read and change is audited (ids only).
Like the other services: a `Caseload` scopes every read, and we `flush()`, never `commit()`.

The `goals` table has no column for the template values (side, etc.): they live only in the
filled text. `target` and `baseline` are stored in their short form ("12 steps", "minimal
assist"), which `goal_banks.scales.number` / `read_ordinal` read back for progress.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from goal_banks import Goal as BankGoal
from goal_banks import TemplateError, fill_template, get_goal, search_goals
from goal_banks.bank import template_blanks
from goal_banks.scales import read_ordinal, short
from models.audit import record_event
from models.enums import ROLE_DISCIPLINE, THERAPIST_ROLES, EpisodeStatus, GoalStatus, GoalTerm
from models.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from models.orm import Episode, Goal
from models.repositories import Caseload

BANK_DISCIPLINES = ("pt", "ot", "slp")
NOT_A_THERAPIST = "only a licensed therapist of this episode's discipline may set its goals"

Value = float | str


@dataclass(frozen=True)
class BankHit:
    goal: BankGoal
    score: float


def search_bank(
    caseload: Caseload, query: str, discipline: str | None, domain: str | None, limit: int
) -> list[BankHit]:
    """Bank goals by meaning. The bank holds no PHI, but it is a clinical tool: clinicians only."""
    if not caseload.may_read_clinical:
        raise PermissionDeniedError("this role has no access to clinical tools")
    disc = discipline.strip().lower() if discipline else None
    if disc is not None and disc not in BANK_DISCIPLINES:
        raise InvalidInputError("discipline must be one of: pt, ot, slp")
    if not query.strip():
        raise InvalidInputError("search query is empty")
    return [
        BankHit(g, s) for g, s in search_goals(query, discipline=disc, domain=domain or None, limit=limit)
    ]


def list_goals(caseload: Caseload, episode_id: int, *, request_id: str | None = None) -> Sequence[Goal]:
    episode = caseload.get_episode(episode_id)
    _audit(caseload, "goal.list", episode.client_id, "episode", episode.id, request_id)
    return list(episode.goals)


def _require_goal_setter(caseload: Caseload, episode: Episode) -> None:
    role = caseload.user.role
    if role not in THERAPIST_ROLES or ROLE_DISCIPLINE.get(role) != episode.discipline:
        raise PermissionDeniedError(NOT_A_THERAPIST)


def _bank_value(goal: BankGoal, raw: Value) -> Value:
    """A value on the goal's own scale: an ordinal level's canonical name, else a number, else text."""
    level = read_ordinal(goal.metric, raw)
    if level is not None:
        return level
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    text = str(raw).strip()
    try:
        return float(text)
    except ValueError:
        return text


def _short(goal: BankGoal, value: Value | None) -> str | None:
    if value is None:
        return None
    try:
        return short(goal.metric, goal.unit, value)[:200]
    except (TypeError, ValueError):  # text where the scale wants a level number: keep it as written
        return str(value)[:200]


def add_goal(
    caseload: Caseload,
    episode_id: int,
    *,
    bank_goal_id: str | None = None,
    text: str | None = None,
    baseline: Value | None = None,
    target: Value | None = None,
    due_date: date | None = None,
    side: str | None = None,
    request_id: str | None = None,
) -> Goal:
    """Add a goal from the bank (its template filled with the client's values) or from free text.

    With both a bank id and text, the text is the therapist's own wording of that bank goal (kept
    linked to it, so progress can still be measured on the bank goal's metric).
    """
    episode = caseload.get_episode(episode_id)
    _require_goal_setter(caseload, episode)
    if episode.status == EpisodeStatus.DISCHARGED:
        raise ConflictError("the episode is discharged; its goals can no longer change")
    if bank_goal_id is None and not (text and text.strip()):
        raise InvalidInputError("give a bank_goal_id or a goal text")
    if text is not None and template_blanks(text):
        raise InvalidInputError("the goal text still has template blanks to fill")

    if bank_goal_id is None:
        assert text is not None
        goal = Goal(
            episode_id=episode.id,
            text=text.strip(),
            term=GoalTerm.LONG,
            baseline=None if baseline is None else str(baseline)[:200],
            target=None if target is None else str(target)[:200],
            due_date=due_date,
        )
    else:
        goal = _from_bank(caseload, episode, bank_goal_id, text, baseline, target, due_date, side)
    caseload.session.add(goal)
    caseload.session.flush()
    _audit(caseload, "goal.create", episode.client_id, "goal", goal.id, request_id)
    return goal


def _from_bank(
    caseload: Caseload,
    episode: Episode,
    bank_goal_id: str,
    text: str | None,
    baseline: Value | None,
    target: Value | None,
    due_date: date | None,
    side: str | None,
) -> Goal:
    try:
        bank = get_goal(bank_goal_id)
    except KeyError:
        raise InvalidInputError("unknown bank_goal_id") from None
    if bank.discipline != str(episode.discipline).lower():
        raise InvalidInputError("that bank goal belongs to another discipline than this episode")
    base_value = None if baseline is None else _bank_value(bank, baseline)
    target_value = bank.target.value if target is None else _bank_value(bank, target)
    if text is None:
        values: dict[str, object] = {"target": target_value}
        if base_value is not None:
            values["baseline"] = base_value
        if side is not None:
            values["side"] = side
        try:
            text = fill_template(bank, **values)
        except TemplateError as exc:
            # The message names the goal id and the blank ({side}, {baseline}): no client data.
            raise InvalidInputError(str(exc)) from None
    if base_value is None and bank.baseline is not None:
        base_value = bank.baseline
    parent_id = None
    if bank.parent_id is not None:
        # A short-term goal hangs under its long-term goal when that one is already on the episode.
        parent_id = caseload.session.scalars(
            select(Goal.id)
            .where(Goal.episode_id == episode.id, Goal.bank_goal_id == bank.parent_id)
            .order_by(Goal.id)
            .limit(1)
        ).first()
    return Goal(
        episode_id=episode.id,
        parent_goal_id=parent_id,
        bank_goal_id=bank.id,
        term=GoalTerm.LONG if bank.kind == "ltg" else GoalTerm.SHORT,
        text=text.strip(),
        baseline=_short(bank, base_value),
        target=_short(bank, target_value),
        unit=bank.unit[:40],
        due_date=due_date or caseload.on + timedelta(weeks=bank.weeks),
    )


def update_goal(
    caseload: Caseload,
    episode_id: int,
    goal_id: int,
    *,
    status: GoalStatus | None = None,
    target: Value | None = None,
    due_date: date | None = None,
    request_id: str | None = None,
) -> Goal:
    """Change a goal's status, target or due date. The text is not rewritten: a changed target
    makes the stored wording stale, so callers should mark the goal `modified` or edit its text."""
    episode = caseload.get_episode(episode_id)
    goal = next((g for g in episode.goals if g.id == goal_id), None)
    if goal is None:
        raise NotFoundError("goal not found")
    _require_goal_setter(caseload, episode)
    if status is None and target is None and due_date is None:
        raise InvalidInputError("nothing to change: give status, target or due_date")
    if status is not None:
        goal.status = status
    if target is not None:
        bank = _bank_goal_or_none(goal.bank_goal_id)
        goal.target = (_short(bank, _bank_value(bank, target)) if bank else str(target)[:200]) or None
    if due_date is not None:
        goal.due_date = due_date
    caseload.session.flush()
    _audit(caseload, "goal.update", episode.client_id, "goal", goal.id, request_id)
    return goal


def _bank_goal_or_none(bank_goal_id: str | None) -> BankGoal | None:
    if bank_goal_id is None:
        return None
    try:
        return get_goal(bank_goal_id)
    except KeyError:  # a clinic bank file removed since: keep the value as written
        return None


def _audit(
    caseload: Caseload,
    action: str,
    client_id: int,
    object_type: str,
    object_id: int,
    request_id: str | None,
) -> None:
    record_event(
        caseload.session,
        actor_user_id=caseload.user.id,
        action=action,
        client_id=client_id,
        object_type=object_type,
        object_id=object_id,
        request_id=request_id,
    )
