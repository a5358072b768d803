"""Episodes of care on the caller's caseload."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import AuditDep, CaseloadDep
from api.schemas import Diagnosis, EpisodeDetail, GoalOut, StaffRef

router = APIRouter(prefix="/api/episodes", tags=["episodes"])


@router.get(
    "/{episode_id}", response_model=EpisodeDetail, responses={404: {"description": "not on your caseload"}}
)
def get_episode(episode_id: int, caseload: CaseloadDep, audit: AuditDep) -> EpisodeDetail:
    episode = caseload.get_episode(episode_id)
    audit.viewed("episode", episode.id, episode.client_id)
    return EpisodeDetail(
        id=episode.id,
        client_id=episode.client_id,
        location_id=episode.location_id,
        discipline=episode.discipline,
        status=episode.status,
        therapist=StaffRef.model_validate(episode.therapist),
        assistant=StaffRef.model_validate(episode.assistant) if episode.assistant else None,
        start_date=episode.start_date,
        plan_of_care_start=episode.plan_of_care_start,
        certification_through=episode.certification_through,
        recertification_due=episode.recertification_due,
        discharged_on=episode.discharged_on,
        payer_code=episode.payer_code,
        payer_name=episode.payer_name,
        authorised_visits=episode.authorised_visits,
        visits_used=caseload.visits_used(episode.id),
        precautions=[str(p) for p in episode.precautions],
        diagnoses=[Diagnosis.model_validate(d) for d in episode.diagnoses],
        goals=[GoalOut.model_validate(g) for g in episode.goals],
    )
