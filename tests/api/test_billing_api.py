"""The billing API end to end: capture, scrub, release, feed, 837P and FHIR exports, for billers only."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from billing.exports import validate_837p, validate_bundle
from models.enums import Role
from models.orm import AuditEvent
from tests.billing_capture.billing_clinic import PTA_VISIT, BillingClinic


@pytest.fixture
def billing(db, password_hash) -> BillingClinic:
    c = BillingClinic(db, password_hash)
    db.commit()
    return c


def _capture_and_release(client, headers, n: int = 1) -> list[int]:
    response = client.post("/api/billing/capture", headers=headers)
    assert response.status_code == 200, response.text
    ids = response.json()["captured"]
    assert len(ids) == n
    for charge_set_id in ids:
        released = client.post(f"/api/billing/charge-sets/{charge_set_id}/release", headers=headers)
        assert released.status_code == 200, released.text
        assert released.json()["status"] == "released"
    return ids


def test_pta_note_to_validated_claim_files(client, login, db, billing) -> None:
    billing.note(PTA_VISIT)
    db.commit()
    headers = login(billing.biller.username)
    (charge_set_id,) = _capture_and_release(client, headers)

    detail = client.get(f"/api/billing/charge-sets/{charge_set_id}", headers=headers).json()
    assert [ln["cpt"] for ln in detail["lines"]] == ["97110", "97140"]
    for ln in detail["lines"]:
        assert ln["modifiers"][:2] == ["GP", "CQ"]
        assert ln["supervising_provider_npi"] == billing.pt.npi
        assert ln["rendering_provider_npi"] == billing.pta.npi
        assert ln["diagnosis_pointers"] == [1, 2]
    assert detail["diagnoses"] == ["M17.11", "R26.2"]
    assert detail["error_count"] == 0
    assert all({"code", "message", "severity"} <= set(p) for p in detail["problems"])
    assert [h["version"] for h in detail["history"]] == [1]
    assert "Tolerated progression" not in str(detail)  # no note prose for the biller

    x12 = client.get("/api/billing/export/837p", params={"ids": str(charge_set_id)}, headers=headers)
    assert x12.status_code == 200, x12.text
    assert x12.headers["content-type"].startswith("text/plain")
    ok, errors = validate_837p(x12.text)
    assert ok, errors
    assert "SV1*HC:97110:GP:CQ" in x12.text
    assert f"XX*{billing.pt.npi}~" in x12.text

    fhir = client.get(f"/api/billing/export/fhir/{charge_set_id}", headers=headers)
    assert fhir.status_code == 200, fhir.text
    assert fhir.headers["content-type"].startswith("application/fhir+json")
    validate_bundle(fhir.json())

    actions = set(db.scalars(select(AuditEvent.action)).all())
    assert {"charge_set.capture", "charge_set.release", "charge_set.view"} <= actions
    assert {"charge_set.export_837p", "charge_set.export_fhir"} <= actions


def test_feed_paginates_with_a_cursor_and_returns_each_item_once(client, login, db, billing) -> None:
    for i in range(5):
        billing.note(PTA_VISIT, day=date(2025, 3, 10 + i))
    db.commit()
    headers = login(billing.biller.username)
    released = _capture_and_release(client, headers, n=5)
    billing.note(PTA_VISIT, day=date(2025, 3, 20))  # captured, never released: not on the feed
    db.commit()
    assert len(client.post("/api/billing/capture", headers=headers).json()["captured"]) == 1
    seen: list[int] = []
    cursor = ""
    pages = 0
    while True:
        page = client.get("/api/billing/feed", params={"cursor": cursor, "limit": 2}, headers=headers)
        assert page.status_code == 200, page.text
        body = page.json()
        pages += 1
        seen += [item["charge_set"]["id"] for item in body["items"]]
        assert all(item["event"] == "released" for item in body["items"])
        if not body["has_more"]:
            break
        again = client.get("/api/billing/feed", params={"cursor": cursor, "limit": 2}, headers=headers).json()
        assert again["items"] == body["items"]  # idempotent read
        cursor = body["next_cursor"]
    assert pages == 3
    assert seen == released  # release order, each once
    tail = client.get("/api/billing/feed", params={"cursor": body["next_cursor"]}, headers=headers).json()
    assert tail["items"] == []
    assert tail["next_cursor"] == body["next_cursor"]
    reads = db.scalar(select(func.count()).where(AuditEvent.action == "billing_feed.read"))
    assert reads >= 6


def test_only_released_sets_reach_the_feed(client, login, db, billing) -> None:
    billing.note(PTA_VISIT)
    db.commit()
    headers = login(billing.biller.username)
    assert len(client.post("/api/billing/capture", headers=headers).json()["captured"]) == 1
    assert client.get("/api/billing/feed", headers=headers).json()["items"] == []
    queue = client.get("/api/billing/charge-sets", params={"status": "captured"}, headers=headers).json()
    assert len(queue) == 1


def test_clinicians_get_404_on_billing_routes(client, login, db, billing) -> None:
    billing.note(PTA_VISIT)
    db.commit()
    biller = login(billing.biller.username)
    (charge_set_id,) = _capture_and_release(client, biller)
    for user in (billing.pt, billing.pta):
        headers = login(user.username)
        for method, url in [
            ("GET", "/api/billing/feed"),
            ("GET", f"/api/billing/charge-sets/{charge_set_id}"),
            ("POST", f"/api/billing/charge-sets/{charge_set_id}/release"),
            ("POST", "/api/billing/capture"),
            ("GET", f"/api/billing/export/837p?ids={charge_set_id}"),
            ("GET", f"/api/billing/export/fhir/{charge_set_id}"),
        ]:
            response = client.request(method, url, headers=headers)
            assert response.status_code == 404, (user.role, method, url, response.status_code)


def test_another_organisations_biller_sees_nothing(client, login, db, billing, password_hash) -> None:
    billing.note(PTA_VISIT)
    db.commit()
    (charge_set_id,) = _capture_and_release(client, login(billing.biller.username))
    other = BillingClinic(db, password_hash, seed=1)
    db.commit()
    headers = login(other.biller.username)
    assert client.get(f"/api/billing/charge-sets/{charge_set_id}", headers=headers).status_code == 404
    assert client.get(f"/api/billing/export/fhir/{charge_set_id}", headers=headers).status_code == 404
    assert client.get("/api/billing/feed", headers=headers).json()["items"] == []
    assert client.post("/api/billing/capture", headers=headers).json()["captured"] == []
    assert other.biller.role == Role.BILLER


def test_release_blocked_by_scrubber_error_is_409_with_problems(client, login, db, billing) -> None:
    billing.episode.certification_through = date(2025, 3, 5)
    billing.note(PTA_VISIT)
    db.commit()
    headers = login(billing.biller.username)
    (charge_set_id,) = client.post("/api/billing/capture", headers=headers).json()["captured"]
    response = client.post(f"/api/billing/charge-sets/{charge_set_id}/release", headers=headers)
    assert response.status_code == 409
    codes = {p["code"] for p in response.json()["problems"] if p["severity"] == "error"}
    assert "plan_of_care_expired" in codes
    assert client.get("/api/billing/feed", headers=headers).json()["items"] == []
    export = client.get("/api/billing/export/837p", params={"ids": str(charge_set_id)}, headers=headers)
    assert export.status_code == 409  # not released: not exportable


def test_export_with_missing_claim_data_is_422_with_problems(client, login, db, billing) -> None:
    billing.client.address_line1 = None
    billing.note(PTA_VISIT)
    db.commit()
    headers = login(billing.biller.username)
    (charge_set_id,) = _capture_and_release(client, headers)
    response = client.get("/api/billing/export/837p", params={"ids": str(charge_set_id)}, headers=headers)
    assert response.status_code == 422
    assert "address" in response.json()["problems"][0]
    bad = client.get("/api/billing/export/837p", params={"ids": "1,x"}, headers=headers)
    assert bad.status_code == 422
