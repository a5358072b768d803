"""Object-level authorization: every route with an object id answers 404 to a caller who may not see it."""

from __future__ import annotations

import re

import pytest


def _routes_with_ids(app) -> list[tuple[str, str]]:
    """Every (method, path template) with an id parameter, from the app's own OpenAPI description."""
    return [
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        if re.search(r"\{\w+_id\}", path)
        for method in operations
    ]


def _object_ids(clinic, db) -> dict[str, int]:
    """Ids of pt2's private objects (client, episode, session, recording, note): what others must not see."""
    from models import notes_service, recordings_service
    from models.enums import NoteType
    from models.repositories import Caseload

    episode = clinic["pt2_only"]
    caseload = Caseload(db, clinic["pt2"])
    visit = recordings_service.create_session(caseload, episode_id=episode.id, date_of_service=None,
                                              consent_to_record=True)
    recording, _ = recordings_service.create_recording(caseload, visit, client_upload_id="authz-probe",
                                                       content_type="audio/wav")
    note = notes_service.create_note(caseload, episode_id=episode.id, note_type=NoteType.DAILY,
                                     content={"note": {}})
    db.commit()
    return {"client_id": episode.client_id, "episode_id": episode.id, "session_id": visit.id,
            "recording_id": recording.id, "note_id": note.id, "goal_id": episode.goals[0].id,
            # Billing routes answer 404 to every clinician whatever the id; billers are tested apart.
            "charge_set_id": 1}


CLINICAL_PARAMS = {"client_id", "episode_id", "session_id", "recording_id", "note_id", "goal_id"}


def test_every_route_with_an_object_id_is_covered(app) -> None:
    params = {re.search(r"\{(\w+_id)\}", path).group(1) for _, path in _routes_with_ids(app)}
    # A new id-bearing route must get an entry in _object_ids (and so the 404 test below).
    assert params <= CLINICAL_PARAMS | {"charge_set_id"}, params
    assert _routes_with_ids(app)


@pytest.mark.parametrize("who", ["pt.one", "pta.one"])
def test_another_therapists_objects_are_404_on_every_route(app, client, clinic, db, login, who: str) -> None:
    """Another therapist, and an assistant outside the supervision link, see nothing of pt.two's client."""
    headers = login(who)
    ids = _object_ids(clinic, db)
    for method, path in _routes_with_ids(app):
        url = re.sub(r"\{(\w+_id)\}", lambda m: str(ids[m.group(1)]), path)
        response = client.request(method, url, headers=headers)
        assert response.status_code == 404, (who, method, path, response.status_code)
        assert "Lindqvist" not in response.text


def test_a_biller_gets_no_clinical_content_on_any_route(app, client, clinic, db, login) -> None:
    headers = login("biller.one")
    ids = _object_ids(clinic, db)
    for method, path in _routes_with_ids(app):
        if "charge_set_id" in path:
            continue
        url = re.sub(r"\{(\w+_id)\}", lambda m: str(ids[m.group(1)]), path)
        response = client.request(method, url, headers=headers)
        assert response.status_code in (403, 404), (method, path, response.status_code)
        assert "Lindqvist" not in response.text
        assert "segments" not in response.text


def test_therapist_sees_own_and_supervised_but_not_others(client, clinic, login) -> None:
    headers = login("pt.one")
    names = {c["last_name"] for c in client.get("/api/clients", headers=headers).json()}
    assert names == {"Hartley", "Okonkwo"}
    assert client.get(f"/api/clients/{clinic['via_pta'].client_id}", headers=headers).status_code == 200
    assert client.get(f"/api/episodes/{clinic['via_pta'].id}", headers=headers).status_code == 200
    assert client.get(f"/api/clients/{clinic['pt2_only'].client_id}", headers=headers).status_code == 404


def test_assistant_sees_only_their_own(client, clinic, login) -> None:
    headers = login("pta.one")
    names = {c["last_name"] for c in client.get("/api/clients", headers=headers).json()}
    assert names == {"Okonkwo"}
    assert client.get(f"/api/episodes/{clinic['own'].id}", headers=headers).status_code == 404


def test_missing_and_forbidden_look_the_same(client, clinic, login) -> None:
    headers = login("pt.one")
    hidden = client.get(f"/api/clients/{clinic['pt2_only'].client_id}", headers=headers)
    missing = client.get("/api/clients/987654", headers=headers)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


@pytest.mark.parametrize("path", ["/api/clients", "/api/clients/{cid}", "/api/episodes/{eid}"])
def test_biller_sees_no_clinical_content(client, clinic, login, path: str) -> None:
    url = path.format(cid=clinic["own"].client_id, eid=clinic["own"].id)
    response = client.get(url, headers=login("biller.one"))
    assert response.status_code == 403
    assert "Hartley" not in response.text


def test_episode_detail_carries_plan_of_care(client, clinic, login) -> None:
    body = client.get(f"/api/episodes/{clinic['own'].id}", headers=login("pt.one")).json()
    assert body["discipline"] == "PT"
    assert body["diagnoses"][0]["icd10_code"] == "M17.11"
    assert body["goals"][0]["target"] == "150 ft"
    assert body["therapist"]["id"] == clinic["pt"].id
    assert body["visits_used"] == 0
