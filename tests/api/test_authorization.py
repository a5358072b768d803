"""Object-level authorization: every route with an object id answers an empty 404 to a caller who
may not see the object (another therapist, an assistant outside the supervision link, a biller),
401 to no caller at all. The routes come from the app's own route table, so a new one is covered
as soon as it exists.
"""

from __future__ import annotations

import re

import pytest

from tests.api.request_bodies import VALID_BODIES, fill, json_body_routes, object_ids


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
    return {
        **object_ids(db, clinic["pt2"], clinic["pt2_only"], client_upload_id="authz-probe"),
        # Billing routes answer 404 to every clinician whatever the id; billers are tested apart.
        "charge_set_id": 1,
    }


CLINICAL_PARAMS = {"client_id", "episode_id", "session_id", "recording_id", "note_id", "goal_id"}


def _probes(app, method: str, path: str, ids: dict[str, int]) -> list[dict]:
    """The ways to ask: with no body, and with a body the route would accept from the owner.

    A hidden object must be 404 whatever is sent: a 422 for a bad body would already tell the
    prober that the id exists.
    """
    probes: list[dict] = [{}]
    if (method, path) in json_body_routes(app):
        probes.append({"json": VALID_BODIES[(method, path)](ids)})
    elif method == "PUT":
        probes.append({"content": b"\x00" * 64, "headers": {"Content-Type": "application/octet-stream"}})
    return probes


def _assert_all_hidden(app, client, headers: dict[str, str], ids: dict[str, int], skip: str = "") -> int:
    asked = 0
    for method, path in _routes_with_ids(app):
        if skip and skip in path:
            continue
        for probe in _probes(app, method, path, ids):
            extra = probe.pop("headers", {})
            response = client.request(method, fill(path, ids), headers={**headers, **extra}, **probe)
            assert response.status_code == 404, (method, path, response.status_code, response.text)
            assert response.content == b"", (method, path, response.text)
            asked += 1
    return asked


def test_every_route_with_an_object_id_is_covered(app) -> None:
    params = {re.search(r"\{(\w+_id)\}", path).group(1) for _, path in _routes_with_ids(app)}
    # A new id-bearing route must get an entry in _object_ids (and so the 404 tests below).
    assert params <= CLINICAL_PARAMS | {"charge_set_id"}, params
    assert _routes_with_ids(app)
    # ... and, when it takes a JSON body, a valid body in request_bodies.VALID_BODIES.
    assert set(json_body_routes(app)) <= set(VALID_BODIES), set(json_body_routes(app)) - set(VALID_BODIES)


@pytest.mark.parametrize("who", ["pt.one", "pta.one"])
def test_another_therapists_objects_are_an_empty_404_on_every_route(
    app, client, clinic, db, login, who: str
) -> None:
    """Another therapist, and an assistant outside the supervision link, see nothing of pt.two's client."""
    asked = _assert_all_hidden(app, client, login(who), _object_ids(clinic, db))
    assert asked > len(_routes_with_ids(app))  # bodies were sent too


def test_a_biller_gets_an_empty_404_for_clinical_content_on_every_route(app, client, clinic, db, login):
    ids = _object_ids(clinic, db)
    asked = _assert_all_hidden(app, client, login("biller.one"), ids, skip="charge_set_id")
    assert asked > 0


def test_no_token_is_401_on_every_route_with_an_id(app, client, clinic, db) -> None:
    ids = _object_ids(clinic, db)
    for method, path in _routes_with_ids(app):
        response = client.request(method, fill(path, ids))
        assert response.status_code == 401, (method, path, response.status_code)
        assert response.headers["www-authenticate"] == "Bearer"


def test_the_owner_reaches_every_clinical_route(app, client, clinic, db, login) -> None:
    """The probes above are real: for the owner the same requests get past visibility (no 404)."""
    ids = _object_ids(clinic, db)
    headers = login("pt.two")
    for method, path in _routes_with_ids(app):
        if "charge_set_id" in path:
            continue
        if method == "GET":
            response = client.get(fill(path, ids), headers=headers)
            assert response.status_code == 200, (method, path, response.status_code, response.text)


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


VARYING_HEADERS = {"date", "x-request-id"}


@pytest.mark.parametrize("path", ["/api/clients/{id}", "/api/notes/{id}", "/api/episodes/{id}/goals"])
def test_missing_and_forbidden_look_the_same(client, clinic, db, login, path: str) -> None:
    """Byte for byte, headers included: nothing tells a hidden object from one that does not exist."""
    ids = _object_ids(clinic, db)
    hidden_id = {
        "/api/clients/{id}": ids["client_id"],
        "/api/notes/{id}": ids["note_id"],
        "/api/episodes/{id}/goals": ids["episode_id"],
    }[path]
    headers = login("pt.one")
    hidden = client.get(path.format(id=hidden_id), headers=headers)
    missing = client.get(path.format(id=987654), headers=headers)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content == b""
    same = {k: v for k, v in hidden.headers.items() if k not in VARYING_HEADERS}
    assert same == {k: v for k, v in missing.headers.items() if k not in VARYING_HEADERS}


@pytest.mark.parametrize(
    "path",
    ["/api/clients", "/api/clients/{cid}", "/api/episodes/{eid}", "/api/notes", "/api/queues/cosign"],
)
def test_biller_sees_no_clinical_content(client, clinic, login, path: str) -> None:
    """Lists as well as objects: to a non-clinical role the clinical record does not exist."""
    url = path.format(cid=clinic["own"].client_id, eid=clinic["own"].id)
    response = client.get(url, headers=login("biller.one"))
    assert response.status_code == 404
    assert response.content == b""


def test_episode_detail_carries_plan_of_care(client, clinic, login) -> None:
    body = client.get(f"/api/episodes/{clinic['own'].id}", headers=login("pt.one")).json()
    assert body["discipline"] == "PT"
    assert body["diagnoses"][0]["icd10_code"] == "M17.11"
    assert body["goals"][0]["target"] == "150 ft"
    assert body["therapist"]["id"] == clinic["pt"].id
    assert body["visits_used"] == 0
