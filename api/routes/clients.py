"""Clients on the caller's caseload. Every response showing a client is an audited view."""

from __future__ import annotations

from fastapi import APIRouter, Query

from api.deps import AuditDep, CaseloadDep
from api.schemas import ClientDetail, ClientSummary, EpisodeSummary

router = APIRouter(prefix="/api/clients", tags=["clients"])


@router.get("", response_model=list[ClientSummary])
def list_clients(
    caseload: CaseloadDep,
    audit: AuditDep,
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> list[ClientSummary]:
    clients = caseload.list_clients(limit=limit, offset=offset)
    for client in clients:
        audit.viewed("client", client.id, client.id)
    return [ClientSummary.model_validate(c) for c in clients]


@router.get(
    "/{client_id}", response_model=ClientDetail, responses={404: {"description": "not on your caseload"}}
)
def get_client(client_id: int, caseload: CaseloadDep, audit: AuditDep) -> ClientDetail:
    client = caseload.get_client(client_id)
    episodes = caseload.client_episodes(client_id)
    audit.viewed("client", client.id, client.id)
    return ClientDetail(
        id=client.id,
        mrn=client.mrn,
        first_name=client.first_name,
        last_name=client.last_name,
        date_of_birth=client.date_of_birth,
        sex=client.sex,
        episodes=[EpisodeSummary.model_validate(e) for e in episodes],
    )
