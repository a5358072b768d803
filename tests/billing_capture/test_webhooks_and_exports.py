"""Signed webhooks against a real local HTTP server, and claim exports checked by pyx12 and fhir.resources."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import func, select

from billing.exports import validate_837p, validate_bundle
from billing_capture import capture, deliver_webhooks, export_837p, export_fhir, release, verify_signature
from billing_capture.claims import ClaimInvalidError
from billing_capture.webhooks import ENV_SECRET, ENV_URLS, SIGNATURE_HEADER, backoff
from models.enums import WebhookStatus
from models.errors import ConflictError
from models.orm import AuditEvent, WebhookDelivery

SECRET = b"webhook-test-secret"


class Receiver:
    """A tiny billing system: answers the queued status codes in turn and records what it got."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.requests: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append(({k: v for k, v in self.headers.items()}, body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/billing"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    with Receiver([500]) as r:
        monkeypatch.setenv(ENV_URLS, r.url)
        monkeypatch.setenv(ENV_SECRET, SECRET.decode())
        yield r


def test_release_posts_a_signed_webhook_and_retries_after_a_failure(db, clinic, final_note, receiver) -> None:
    charge_set = capture(db, final_note().id)
    release(db, charge_set.id, clinic.biller)
    db.commit()
    (row,) = db.scalars(select(WebhookDelivery)).all()
    assert row.url == receiver.url
    assert row.status == WebhookStatus.PENDING

    t0 = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
    first = deliver_webhooks(db, t0)
    db.commit()
    assert first.retrying == [row.id]
    assert not first.delivered
    db.refresh(row)
    assert row.attempts == 1
    assert row.last_status_code == 500
    assert row.next_attempt_at == t0 + backoff(1)

    assert deliver_webhooks(db, t0 + timedelta(seconds=5)).retrying == []  # not due yet
    assert len(receiver.requests) == 1

    second = deliver_webhooks(db, t0 + backoff(1))
    db.commit()
    assert second.delivered == [row.id]
    db.refresh(row)
    assert row.status == WebhookStatus.DELIVERED
    assert row.attempts == 2
    assert deliver_webhooks(db, t0 + timedelta(hours=2)).delivered == []  # delivered once

    assert len(receiver.requests) == 2
    for headers, body in receiver.requests:
        assert headers["Content-Type"] == "application/json"
        payload = json.loads(body)
        assert payload["event"] == "charge_set.released"
        assert payload["charge_set_id"] == charge_set.id
        assert "Hartley" not in body.decode()  # ids only, no PHI
    headers, body = receiver.requests[1]
    when = int((t0 + backoff(1)).timestamp())
    assert verify_signature(body, headers[SIGNATURE_HEADER], SECRET, now=when)
    assert not verify_signature(body, headers[SIGNATURE_HEADER], b"wrong-secret", now=when)
    assert not verify_signature(body + b" ", headers[SIGNATURE_HEADER], SECRET, now=when)
    assert not verify_signature(body, headers[SIGNATURE_HEADER], SECRET, now=when + 3600)


def test_unreachable_subscriber_gives_up_after_max_attempts(db, clinic, final_note, monkeypatch) -> None:
    from billing_capture import webhooks

    with Receiver([]) as r:
        dead_url = r.url
    monkeypatch.setenv(ENV_URLS, dead_url)  # the server is gone: connection refused
    charge_set = capture(db, final_note().id)
    release(db, charge_set.id, clinic.biller)
    db.commit()
    now = datetime(2030, 1, 1, tzinfo=UTC)
    for _ in range(webhooks.MAX_ATTEMPTS):
        deliver_webhooks(db, now, secret=SECRET, timeout=1.0)
        now += timedelta(hours=2)
    row = db.scalars(select(WebhookDelivery)).one()
    assert row.status == WebhookStatus.FAILED
    assert row.attempts == webhooks.MAX_ATTEMPTS
    assert row.last_error


def test_837p_for_a_released_set_validates_with_pyx12(db, clinic, final_note) -> None:
    sets = [capture(db, final_note(day=date(2025, 3, 10 + i)).id) for i in range(2)]
    for s in sets:
        release(db, s.id, clinic.biller)
    db.commit()
    text = export_837p(db, clinic.biller, [s.id for s in sets])
    ok, errors = validate_837p(text)
    assert ok, errors
    assert "SV1*HC:97110:GP:CQ" in text
    assert f"NM1*DQ*1*THERAPIST*DANA****XX*{clinic.pt.npi}~" in text  # supervising PT
    assert f"NM1*82*1*ASSISTANT*PAT****XX*{clinic.pta.npi}~" in text  # rendering PTA
    assert text.count("CLM*") == 2
    assert export_837p(db, clinic.biller, [s.id for s in reversed(sets)]) == text  # same batch, same file
    audited = db.scalar(select(func.count()).where(AuditEvent.action == "charge_set.export_837p"))
    assert audited == 4


def test_export_refuses_unreleased_sets_and_reports_missing_data(db, clinic, final_note) -> None:
    charge_set = capture(db, final_note().id)
    db.commit()
    with pytest.raises(ConflictError, match="only released"):
        export_837p(db, clinic.biller, [charge_set.id])
    release(db, charge_set.id, clinic.biller)
    clinic.episode.payer_member_id = None
    db.commit()
    with pytest.raises(ClaimInvalidError) as info:
        export_837p(db, clinic.biller, [charge_set.id])
    assert "member id" in info.value.problems[0]


def test_fhir_bundle_validates_and_carries_no_note_text(db, clinic, final_note) -> None:
    charge_set = capture(db, final_note().id)
    release(db, charge_set.id, clinic.biller)
    db.commit()
    bundle = export_fhir(db, clinic.biller, charge_set.id)
    validate_bundle(bundle)
    types = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert "Claim" in types
    assert types.count("ChargeItem") == 2
    assert "Composition" not in types
    assert "Tolerated progression" not in json.dumps(bundle)
