"""Every view of PHI leaves an audit event, committed with the response."""

from __future__ import annotations

from sqlalchemy import select

from models.audit import verify_chain
from models.orm import AuditEvent


def test_viewing_a_client_and_an_episode_is_audited(client, clinic, login, db) -> None:
    headers = login("pt.one")
    episode = clinic["own"]
    client.get(f"/api/clients/{episode.client_id}", headers=headers)
    client.get(f"/api/episodes/{episode.id}", headers=headers)
    client.get("/api/clients", headers=headers)
    views = db.scalars(
        select(AuditEvent).where(AuditEvent.action.like("%.view")).order_by(AuditEvent.id)
    ).all()
    assert [(e.action, e.object_id, e.client_id) for e in views[:2]] == [
        ("client.view", str(episode.client_id), episode.client_id),
        ("episode.view", str(episode.id), episode.client_id),
    ]
    # The list shows two clients: two more views.
    assert len(views) == 4
    assert {e.actor_user_id for e in views} == {clinic["pt"].id}
    assert all(e.request_id for e in views)
    assert verify_chain(db).ok


def test_a_refused_view_writes_no_view_event(client, clinic, login, db) -> None:
    client.get(f"/api/clients/{clinic['pt2_only'].client_id}", headers=login("pt.one"))
    assert db.scalars(select(AuditEvent).where(AuditEvent.action == "client.view")).all() == []
