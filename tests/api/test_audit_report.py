"""The audit report: an admin filters the trail left by real API calls; nobody else can read it."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, timedelta
from typing import Any

import pytest
from click.testing import CliRunner, Result
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.audit import record_event, verify_chain
from models.audit_report import audit_report
from models.enums import Role
from models.orm import AuditEvent, Organisation, User
from settings import Settings

URL = "/api/audit/events"
Clinic = dict[str, Any]
Login = Callable[[str], dict[str, str]]


@pytest.fixture
def admin(clinic: Clinic, factory: Any, db: Session) -> User:
    org = db.get_one(Organisation, clinic["pt"].organisation_id)
    user = factory.user(org, Role.ADMIN, username="admin.one")
    db.commit()
    return user


@pytest.fixture
def pt_activity(client: TestClient, clinic: Clinic, login: Login, admin: User) -> dict[str, Any]:
    """pt.one logs in and opens a client and an episode; pt.two logs in and opens their own client."""
    pt = login("pt.one")
    own = clinic["own"]
    assert client.get(f"/api/clients/{own.client_id}", headers=pt).status_code == 200
    assert client.get(f"/api/episodes/{own.id}", headers=pt).status_code == 200
    pt2 = login("pt.two")
    assert client.get(f"/api/clients/{clinic['pt2_only'].client_id}", headers=pt2).status_code == 200
    return {"pt": pt, "pt2": pt2, "admin": login("admin.one")}


def _report(client: TestClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = client.get(URL, headers=headers, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _shape(body: dict[str, Any]) -> list[tuple[str, int | None, str | None]]:
    return [(i["action"], i["client_id"], i["object_id"]) for i in body["items"]]


def test_admin_filters_by_user(client: TestClient, clinic: Clinic, pt_activity: dict[str, Any]) -> None:
    own = clinic["own"]
    body = _report(client, pt_activity["admin"], user_id=clinic["pt"].id)
    assert _shape(body)[1:] == [
        ("client.view", own.client_id, str(own.client_id)),
        ("episode.view", own.client_id, str(own.id)),
    ]
    assert body["items"][0]["action"] == "auth.login"
    assert {i["actor_user_id"] for i in body["items"]} == {clinic["pt"].id}
    assert set(body["items"][0]) == {
        "id",
        "occurred_at",
        "actor_user_id",
        "action",
        "client_id",
        "object_type",
        "object_id",
    }
    assert body["next_after_id"] is None


def test_admin_filters_by_client_and_by_action_prefix(
    client: TestClient, clinic: Clinic, pt_activity: dict[str, Any]
) -> None:
    admin = pt_activity["admin"]
    own, other = clinic["own"], clinic["pt2_only"]
    by_client = _report(client, admin, client_id=other.client_id)
    assert [(i["action"], i["actor_user_id"]) for i in by_client["items"]] == [
        ("client.view", clinic["pt2"].id)
    ]
    for family in ("client.*", "client."):
        views = _report(client, admin, action=family)
        assert [i["client_id"] for i in views["items"]] == [own.client_id, other.client_id], family
    exact = _report(client, admin, action="episode.view")
    assert _shape(exact) == [("episode.view", own.client_id, str(own.id))]
    # A prefix is not a substring match, and "client" alone is an exact (unknown) action.
    assert _report(client, admin, action="view.*")["items"] == []
    assert _report(client, admin, action="client")["items"] == []
    combined = _report(client, admin, action="auth.*", user_id=clinic["pt2"].id)
    assert [(i["action"], i["actor_user_id"]) for i in combined["items"]] == [
        ("auth.login", clinic["pt2"].id)
    ]


def test_admin_filters_by_time_window(
    client: TestClient, clinic: Clinic, pt_activity: dict[str, Any], db: Session
) -> None:
    admin = pt_activity["admin"]
    episode_view = db.scalars(select(AuditEvent).where(AuditEvent.action == "episode.view")).one()
    at = episode_view.occurred_at.astimezone(UTC)
    db.commit()  # end the read: SQLite sessions begin IMMEDIATE, holding the write lock
    after = _report(client, admin, since=at.isoformat(), user_id=clinic["pt"].id)
    assert [i["action"] for i in after["items"]] == ["episode.view"]
    before = _report(client, admin, until=at.isoformat(), user_id=clinic["pt"].id)
    assert [i["action"] for i in before["items"]] == ["auth.login", "client.view"]
    # No offset means UTC; a window that closed before anything happened is empty.
    naive = (at - timedelta(days=1)).replace(tzinfo=None).isoformat()
    assert _report(client, admin, until=naive)["items"] == []
    assert [i["action"] for i in _report(client, admin, since=naive, action="episode.view")["items"]] == [
        "episode.view"
    ]


def test_pages_follow_next_after_id(client: TestClient, pt_activity: dict[str, Any]) -> None:
    admin = pt_activity["admin"]
    everything = [i["id"] for i in _report(client, admin)["items"]]
    assert len(everything) >= 6
    seen: list[int] = []
    after_id = None
    for _ in range(20):
        page = _report(client, admin, limit=2, **({"after_id": after_id} if after_id else {}))
        seen += [i["id"] for i in page["items"]]
        after_id = page["next_after_id"]
        if after_id is None:
            break
    # Each read appends an audit.report event, so later pages also show the earlier reads.
    assert seen[: len(everything)] == everything
    assert seen == sorted(set(seen))


def test_reading_the_report_is_audited(
    client: TestClient, clinic: Clinic, admin: User, pt_activity: dict[str, Any], db: Session
) -> None:
    other = clinic["pt2_only"]
    first = _report(client, pt_activity["admin"], client_id=other.client_id, user_id=clinic["pt2"].id)
    assert all(i["action"] != "audit.report" for i in first["items"])
    reads = db.scalars(select(AuditEvent).where(AuditEvent.action == "audit.report")).all()
    assert [(e.actor_user_id, e.client_id, e.object_type, e.object_id) for e in reads] == [
        (admin.id, other.client_id, "user", str(clinic["pt2"].id))
    ]
    assert reads[0].request_id
    db.commit()
    again = _report(client, pt_activity["admin"], action="audit.*")
    assert [(i["action"], i["actor_user_id"]) for i in again["items"]] == [("audit.report", admin.id)]
    assert verify_chain(db).ok


@pytest.mark.parametrize("who", ["pt.one", "biller.one", "pta.one"])
def test_anyone_but_an_admin_gets_404_and_no_report(
    client: TestClient, clinic: Clinic, login: Login, db: Session, who: str
) -> None:
    response = client.get(URL, headers=login(who), params={"user_id": clinic["pt"].id})
    assert response.status_code == 404
    assert response.content == b""
    assert db.scalars(select(AuditEvent).where(AuditEvent.action == "audit.report")).all() == []
    assert client.get(URL).status_code == 401


def test_an_admin_sees_only_their_organisation(
    client: TestClient, clinic: Clinic, factory: Any, login: Login, pt_activity: dict[str, Any], db: Session
) -> None:
    elsewhere = factory.organisation()
    outsider = factory.user(elsewhere, Role.PT, username="pt.elsewhere")
    foreign_client = factory.client(elsewhere, last_name="Abernathy")
    db.commit()
    login("pt.elsewhere")
    admin = pt_activity["admin"]
    assert all(i["actor_user_id"] != outsider.id for i in _report(client, admin)["items"])
    assert _report(client, admin, action="auth.login")["items"]
    for params in ({"user_id": outsider.id}, {"client_id": foreign_client.id}):
        response = client.get(URL, headers=admin, params=params)
        assert response.status_code == 404, params
        assert "Abernathy" not in response.text


def test_bad_filters_are_422(client: TestClient, pt_activity: dict[str, Any]) -> None:
    admin = pt_activity["admin"]
    for params in (
        {"since": "yesterday"},
        {"limit": 0},
        {"limit": 100_000},
        {"action": ""},
        {"after_id": 2**64},
    ):
        assert client.get(URL, headers=admin, params=params).status_code == 422, params


def test_action_prefix_escapes_like_wildcards(db: Session) -> None:
    for action in ("a_b.x", "aXb.x", "a_b", "a_bc.y"):
        record_event(db, actor_user_id=None, action=action)
    db.commit()
    assert [e.action for e in audit_report(db, action="a_b.*")] == ["a_b.x"]
    assert [e.action for e in audit_report(db, action="a_b.")] == ["a_b.x"]
    assert [e.action for e in audit_report(db, action="a_b*")] == ["a_b.x", "a_b", "a_bc.y"]
    assert [e.action for e in audit_report(db, action="a_b")] == ["a_b"]
    assert [e.action for e in audit_report(db, limit=2)] == ["a_b.x", "aXb.x"]
    first = audit_report(db, limit=1)[0]
    assert [e.action for e in audit_report(db, after_id=first.id, limit=1)] == ["aXb.x"]
    with pytest.raises(ValueError, match="limit"):
        audit_report(db, limit=0)


def _cli(settings: Settings, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> Result:
    from api.commands import audit_group
    from settings import get_settings

    monkeypatch.setenv("REHAB_SCRIBE_DATABASE_URL", settings.resolved_database_url)
    monkeypatch.setenv("REHAB_SCRIBE_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(audit_group, ["report", *args])
    finally:
        get_settings.cache_clear()


def test_cli_report_json_and_table(
    clinic: Clinic,
    pt_activity: dict[str, Any],
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    db: Session,
) -> None:
    own = clinic["own"]
    res = _cli(settings, monkeypatch, ["--json", "--user-id", str(clinic["pt"].id), "--action", "client.*"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert [(r["action"], r["client_id"], r["actor_user_id"]) for r in rows] == [
        ("client.view", own.client_id, clinic["pt"].id)
    ]
    at = db.scalars(select(AuditEvent).where(AuditEvent.action == "episode.view")).one().occurred_at
    db.commit()
    day = at.astimezone(UTC).date().isoformat()
    # A bare --until date includes that whole day; --since a later time excludes everything.
    res = _cli(settings, monkeypatch, ["--json", "--since", day, "--until", day, "--action", "episode.view"])
    assert [r["object_id"] for r in json.loads(res.output)] == [str(own.id)]
    res = _cli(settings, monkeypatch, ["--json", "--since", (at + timedelta(days=2)).isoformat()])
    assert json.loads(res.output) == []

    table = _cli(settings, monkeypatch, ["--client-id", str(own.client_id), "--limit", "1"])
    assert table.exit_code == 0, table.output
    assert "client.view" in table.output
    assert "episode.view" not in table.output
    assert table.output.rstrip().endswith("1 events")


def test_cli_report_rejects_a_bad_date_in_one_line(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    res = _cli(settings, monkeypatch, ["--since", "last tuesday"])
    assert res.exit_code != 0
    assert "--since" in res.output
    assert "Traceback" not in res.output
