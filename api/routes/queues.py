"""Work queues and reminders: what waits for the caller's signature, edit or report.

Entries carry ids, types, states and ages, not note content, so reading a queue is not a PHI
view; opening a note from it is (GET /api/notes/{id}).
"""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import CaseloadDep, SettingsDep
from api.schemas import StaffRef
from api.schemas_notes import DueEntry, QueueEntry
from models import notes_service as svc

router = APIRouter(prefix="/api/queues", tags=["queues"])


def _entries(items: list[svc.QueueItem], with_reason: bool = False) -> list[QueueEntry]:
    return [
        QueueEntry(
            note_id=i.note.id,
            episode_id=i.note.episode_id,
            client_id=i.episode.client_id,
            author=StaffRef.model_validate(i.author),
            note_type=i.note.note_type,
            status=i.note.status,
            version=i.note.current_version,
            since=i.since,
            age_hours=i.age_hours,
            returned_reason=i.note.returned_reason if with_reason else None,
        )
        for i in items
    ]


@router.get("/cosign", response_model=list[QueueEntry])
def cosign_queue(caseload: CaseloadDep) -> list[QueueEntry]:
    """Notes waiting for the caller's co-signature, oldest first."""
    return _entries(svc.cosign_queue(caseload))


@router.get("/returned", response_model=list[QueueEntry])
def returned_queue(caseload: CaseloadDep) -> list[QueueEntry]:
    """The caller's notes sent back by a co-signer, with the reason to act on."""
    return _entries(svc.returned_queue(caseload), with_reason=True)


@router.get("/stale-drafts", response_model=list[QueueEntry])
def stale_drafts(caseload: CaseloadDep, settings: SettingsDep) -> list[QueueEntry]:
    """Unsigned notes older than `unsigned_draft_limit_h` (default 24 h) on the caller's caseload."""
    return _entries(svc.stale_drafts(caseload, settings.unsigned_draft_limit_h))


@router.get("/due", response_model=list[DueEntry])
def due(caseload: CaseloadDep) -> list[DueEntry]:
    """Progress reports, plan-of-care recertifications and authorisations coming due or overdue."""
    return [
        DueEntry(
            episode_id=d.episode.id,
            client_id=d.episode.client_id,
            kind=d.reminder.kind,
            overdue=d.reminder.overdue,
            message=d.reminder.message,
            due_date=d.reminder.due_date,
            remaining=d.reminder.remaining,
        )
        for d in svc.due_reminders(caseload)
    ]
