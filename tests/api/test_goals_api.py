"""Goal bank search and an episode's goals through the API, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from models.orm import AuditEvent

STAIRS_LTG = "pt.stairs.ltg.01"  # "... ascend and descend {target} ... within {weeks} weeks ..."
STAIRS_STG = "pt.stairs.ltg.01.stg.01"
SIDE_GOAL = "pt.balance.ltg.01"  # "Client will stand on the {side} leg ..."


def _actions(db, client_id: int) -> list[str]:
    db.expire_all()
    return list(
        db.scalars(select(AuditEvent.action).where(AuditEvent.client_id == client_id).order_by(AuditEvent.id))
    )


@pytest.mark.slow
def test_search_ranks_by_meaning(client, clinic, login) -> None:
    response = client.get(
        "/api/goal-bank/search",
        params={"q": "climbing steps at home", "discipline": "pt", "limit": 5},
        headers=login("pt.one"),
    )
    assert response.status_code == 200, response.text
    hits = response.json()
    assert len(hits) == 5
    assert any(h["domain"] == "stairs" for h in hits[:3]), [h["id"] for h in hits]
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    first = hits[0]
    assert set(first) >= {"id", "text", "domain", "metric", "unit", "target", "score"}
    assert "{" not in first["text"]
    assert all(h["discipline"] == "pt" for h in hits)


@pytest.mark.slow
def test_search_filters_by_domain_and_refuses_billers(client, clinic, login) -> None:
    hits = client.get(
        "/api/goal-bank/search",
        params={"q": "walking outdoors", "discipline": "PT", "domain": "stairs"},
        headers=login("pta.one"),
    ).json()
    assert hits
    assert {h["domain"] for h in hits} == {"stairs"}
    biller = client.get("/api/goal-bank/search", params={"q": "stairs"}, headers=login("biller.one"))
    assert biller.status_code == 403


def test_search_validates_its_query(client, clinic, login) -> None:
    headers = login("pt.one")
    assert client.get("/api/goal-bank/search", params={"q": ""}, headers=headers).status_code == 422
    bad = client.get("/api/goal-bank/search", params={"q": "stairs", "discipline": "xx"}, headers=headers)
    assert bad.status_code == 422
    assert client.get("/api/goal-bank/search", params={"q": "stairs"}).status_code == 401


def test_add_bank_goal_list_and_patch(client, clinic, login, db) -> None:
    headers = login("pt.one")
    episode = clinic["own"]
    url = f"/api/episodes/{episode.id}/goals"

    created = client.post(
        url, json={"bank_goal_id": STAIRS_LTG, "baseline": 2, "target": 14}, headers=headers
    )
    assert created.status_code == 201, created.text
    goal = created.json()
    assert goal["bank_goal_id"] == STAIRS_LTG
    assert goal["term"] == "long"
    assert goal["status"] == "active"
    assert goal["text"].startswith("Client will ascend and descend 14 steps")
    assert "6 weeks" in goal["text"]
    assert "{" not in goal["text"]
    assert goal["target"] == "14 steps"
    assert goal["baseline"] == "2 steps"
    assert goal["unit"] == "steps"
    assert goal["due_date"] == (date.today() + timedelta(weeks=6)).isoformat()

    # A short-term goal of the same bank goal hangs under it; the bank target is the default.
    stg = client.post(url, json={"bank_goal_id": STAIRS_STG}, headers=headers).json()
    assert stg["term"] == "short"
    assert stg["parent_goal_id"] == goal["id"]
    assert stg["target"] == "4 steps"

    listed = client.get(url, headers=headers)
    assert listed.status_code == 200
    assert [g["id"] for g in listed.json()][-2:] == [goal["id"], stg["id"]]
    assert listed.json()[0]["text"] == "Ambulate 150 feet independently"  # the factory's goal

    patched = client.patch(f"{url}/{goal['id']}", json={"status": "met"}, headers=headers)
    assert patched.status_code == 200, patched.text
    assert patched.json()["status"] == "met"
    patched = client.patch(
        f"{url}/{stg['id']}", json={"target": 6, "due_date": "2031-01-31"}, headers=headers
    ).json()
    assert patched["target"] == "6 steps"
    assert patched["due_date"] == "2031-01-31"
    assert patched["status"] == "active"
    assert [g["status"] for g in client.get(url, headers=headers).json()][-2:] == ["met", "active"]

    assert _actions(db, episode.client_id) == [
        "goal.create",
        "goal.create",
        "goal.list",
        "goal.update",
        "goal.update",
        "goal.list",
    ]


def test_template_blanks_are_filled_or_refused(client, clinic, login) -> None:
    headers = login("pt.one")
    url = f"/api/episodes/{clinic['own'].id}/goals"
    missing = client.post(url, json={"bank_goal_id": SIDE_GOAL}, headers=headers)
    assert missing.status_code == 422
    assert "{side}" in missing.json()["detail"]
    filled = client.post(url, json={"bank_goal_id": SIDE_GOAL, "side": "left"}, headers=headers)
    assert filled.status_code == 201, filled.text
    assert "stand on the left leg" in filled.json()["text"]

    free = client.post(
        url, json={"text": "Client will garden for 30 minutes", "target": "30 min"}, headers=headers
    )
    assert free.status_code == 201
    assert free.json()["bank_goal_id"] is None
    assert free.json()["target"] == "30 min"

    other = client.post(url, json={"bank_goal_id": "slp.articulation.ltg.01"}, headers=headers)
    assert other.status_code == 422
    assert "discipline" in other.json()["detail"]
    for body in (
        {},
        {"bank_goal_id": "pt.no.such.goal"},
        {"text": "Client will reach {target}"},
        {"text": "x", "colour": "red"},
    ):
        assert client.post(url, json=body, headers=headers).status_code == 422, body
    infinite = client.post(
        url,
        content='{"text": "x", "target": Infinity}',
        headers={**headers, "Content-Type": "application/json"},
    )
    assert infinite.status_code == 422


def test_an_assistant_may_read_but_not_add_goals(client, clinic, login) -> None:
    headers = login("pta.one")
    url = f"/api/episodes/{clinic['via_pta'].id}/goals"
    assert client.get(url, headers=headers).status_code == 200
    refused = client.post(url, json={"bank_goal_id": STAIRS_LTG}, headers=headers)
    assert refused.status_code == 403
    goal_id = client.get(url, headers=headers).json()[0]["id"]
    assert client.patch(f"{url}/{goal_id}", json={"status": "met"}, headers=headers).status_code == 403


def test_another_therapists_episode_is_404_before_the_body_is_read(client, clinic, login) -> None:
    headers = login("pt.one")
    hidden = clinic["pt2_only"]
    url = f"/api/episodes/{hidden.id}/goals"
    assert client.get(url, headers=headers).status_code == 404
    assert client.post(url, json={"bank_goal_id": STAIRS_LTG}, headers=headers).status_code == 404
    assert client.post(url, json={"nonsense": True}, headers=headers).status_code == 404
    goal_id = hidden.goals[0].id
    patch = client.patch(f"{url}/{goal_id}", json={"status": "bogus"}, headers=headers)
    assert patch.status_code == 404
    # A visible episode does not open another episode's goal.
    own = f"/api/episodes/{clinic['own'].id}/goals/{goal_id}"
    assert client.patch(own, json={"status": "met"}, headers=headers).status_code == 404


def test_bad_status_or_empty_patch_is_422(client, clinic, login) -> None:
    headers = login("pt.one")
    episode = clinic["own"]
    url = f"/api/episodes/{episode.id}/goals/{episode.goals[0].id}"
    bad = client.patch(url, json={"status": "almost_met"}, headers=headers)
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "status"]
    assert client.patch(url, json={}, headers=headers).status_code == 422
    assert (
        client.patch(url, json={"status": "partially_met"}, headers=headers).json()["status"]
        == "partially_met"
    )
