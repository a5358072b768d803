"""Goal bank search, and the goals on an episode's plan of care.

Thin: the rules (who may set goals, filling a bank template, audit) are in `models.goals_service`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from api.deps import CaseloadDep, RequestId
from api.schemas import GoalOut, RequestBody
from models import goals_service as svc
from models.enums import GoalStatus

router = APIRouter(tags=["goals"])

Responses = dict[int | str, dict[str, Any]]
NOT_VISIBLE: Responses = {404: {"description": "no such episode (or goal) on your caseload"}}


class InvalidRequest(BaseModel):
    """A 422 either from FastAPI's own validation (a list of problems) or from a goal rule (one line)."""

    detail: str | list[dict[str, Any]]


INVALID: Responses = {422: {"model": InvalidRequest, "description": "the request breaks a validation rule"}}
THERAPIST_ONLY: Responses = {403: {"description": "only a licensed therapist of the discipline sets goals"}}

# A target or baseline: a number on the goal's scale (12, 115) or a level/text ("minimal", "50 ft").
Value = Annotated[float, Field(allow_inf_nan=False)] | Annotated[str, Field(min_length=1, max_length=200)]


class BankGoalHit(BaseModel):
    id: str
    discipline: str
    domain: str
    domain_name: str
    kind: str
    text: str
    metric: str
    unit: str
    target: float | str
    weeks: int
    # Blanks the therapist must (or may) fill when adding it, e.g. ["side", "target", "weeks"].
    blanks: list[str]
    score: float


class GoalCreate(RequestBody):
    bank_goal_id: str | None = Field(None, min_length=1, max_length=120)
    text: str | None = Field(None, min_length=1, max_length=2000)
    baseline: Value | None = None
    target: Value | None = None
    due_date: date | None = None
    side: str | None = Field(None, min_length=1, max_length=20)


class GoalPatch(RequestBody):
    status: GoalStatus | None = None
    target: Value | None = None
    due_date: date | None = None


def _visible_episode(episode_id: int, caseload: CaseloadDep) -> None:
    """Visibility first: an episode the caller may not see is 404 before any body is validated,
    so a probe learns nothing from a 422."""
    caseload.get_episode(episode_id)


VISIBLE_EPISODE = [Depends(_visible_episode)]


@router.get("/api/goal-bank/search", response_model=list[BankGoalHit], responses=INVALID)
def search_goal_bank(
    caseload: CaseloadDep,
    q: str = Query(..., min_length=1, max_length=500, description="What the goal is about, in any words"),
    discipline: str | None = Query(
        None, max_length=10, pattern=r"^\s*(?i:pt|ot|slp)\s*$", description="pt, ot or slp"
    ),
    domain: str | None = Query(None, max_length=80, description="A bank domain id, e.g. stairs"),
    limit: int = Query(10, ge=1, le=50),
) -> list[BankGoalHit]:
    """Ranked by meaning (MiniLM) with a small word-overlap bonus; reads no client data, so no audit."""
    return [
        BankGoalHit(
            id=h.goal.id,
            discipline=h.goal.discipline,
            domain=h.goal.domain,
            domain_name=h.goal.domain_name,
            kind=h.goal.kind,
            text=h.goal.display_text(),
            metric=h.goal.metric,
            unit=h.goal.unit,
            target=h.goal.target.value,
            weeks=h.goal.weeks,
            blanks=list(h.goal.blanks),
            score=h.score,
        )
        for h in svc.search_bank(caseload, q, discipline, domain, limit)
    ]


@router.get(
    "/api/episodes/{episode_id}/goals",
    response_model=list[GoalOut],
    responses=NOT_VISIBLE,
    dependencies=VISIBLE_EPISODE,
)
def list_goals(episode_id: int, caseload: CaseloadDep, request_id: RequestId) -> list[GoalOut]:
    return [GoalOut.model_validate(g) for g in svc.list_goals(caseload, episode_id, request_id=request_id)]


@router.post(
    "/api/episodes/{episode_id}/goals",
    response_model=GoalOut,
    status_code=201,
    responses={**NOT_VISIBLE, **THERAPIST_ONLY, **INVALID},
    dependencies=VISIBLE_EPISODE,
)
def add_goal(episode_id: int, body: GoalCreate, caseload: CaseloadDep, request_id: RequestId) -> GoalOut:
    goal = svc.add_goal(
        caseload,
        episode_id,
        bank_goal_id=body.bank_goal_id,
        text=body.text,
        baseline=body.baseline,
        target=body.target,
        due_date=body.due_date,
        side=body.side,
        request_id=request_id,
    )
    return GoalOut.model_validate(goal)


@router.patch(
    "/api/episodes/{episode_id}/goals/{goal_id}",
    response_model=GoalOut,
    responses={**NOT_VISIBLE, **THERAPIST_ONLY, **INVALID},
    dependencies=VISIBLE_EPISODE,
)
def update_goal(
    episode_id: int, goal_id: int, body: GoalPatch, caseload: CaseloadDep, request_id: RequestId
) -> GoalOut:
    goal = svc.update_goal(
        caseload,
        episode_id,
        goal_id,
        status=body.status,
        target=body.target,
        due_date=body.due_date,
        request_id=request_id,
    )
    return GoalOut.model_validate(goal)
