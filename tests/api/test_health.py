"""Probes, OpenAPI, and PHI-free JSON logs."""

from __future__ import annotations

import json
import logging

from api.log import JsonFormatter


def test_healthz_and_docs(client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/auth/login", "/api/clients/{client_id}", "/api/episodes/{episode_id}", "/readyz"} <= set(
        paths
    )


def test_readyz_checks_database_and_embedded_broker(client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200, response.text
    assert response.json()["checks"] == {
        "database": {"ok": True, "detail": None},
        "broker": {"ok": True, "detail": None},
    }


def test_readyz_is_503_when_the_broker_is_unreachable(settings) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app

    bad = settings.model_copy(update={"broker_url": "redis://:s3cret@127.0.0.1:1/0"})
    with TestClient(create_app(bad)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is False
    assert "s3cret" not in response.text


def test_request_logs_are_json_with_ids_only(client, clinic, login, caplog) -> None:
    headers = login("pt.one")
    with caplog.at_level(logging.INFO, logger="rehab_scribe.api"):
        client.get(f"/api/clients/{clinic['own'].client_id}?q=Hartley", headers=headers)
    records = [r for r in caplog.records if r.name == "rehab_scribe.api"]
    assert records
    line = json.loads(JsonFormatter().format(records[-1]))
    assert line["route"] == "/api/clients/{client_id}"
    assert line["path_params"] == {"client_id": str(clinic["own"].client_id)}
    assert line["user_id"] == clinic["pt"].id
    assert line["status"] == 200
    assert "Hartley" not in json.dumps(line)


def test_readyz_is_503_when_the_schema_is_behind(tmp_path) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from settings import Settings

    settings = Settings(env="test", data_dir=tmp_path, secret_key="k")
    with TestClient(create_app(settings)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert "rehab-scribe db upgrade" in response.json()["checks"]["database"]["detail"]
