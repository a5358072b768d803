"""Signed webhooks to billing systems, through an outbox table with retries and back-off.

Subscribers are configured with `REHAB_SCRIBE_BILLING_WEBHOOKS` (comma-separated URLs). Each event is
one outbox row per URL, written with the change it announces; `deliver_webhooks` (run by the worker)
POSTs due rows. The body carries ids only, never PHI: a receiver pulls the details from the feed.

Signature: `X-Rehab-Scribe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + body>`, keyed
with `REHAB_SCRIBE_BILLING_WEBHOOK_SECRET` (or, when unset, a key derived from the server secret). The
timestamp lets a receiver refuse replays; `verify_signature` is the reference check.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.enums import WebhookStatus
from models.orm import ChargeSet, WebhookDelivery
from models.types import utcnow

ENV_URLS = "REHAB_SCRIBE_BILLING_WEBHOOKS"
ENV_SECRET = "REHAB_SCRIBE_BILLING_WEBHOOK_SECRET"
SIGNATURE_HEADER = "X-Rehab-Scribe-Signature"
EVENT_HEADER = "X-Rehab-Scribe-Event"
DELIVERY_HEADER = "X-Rehab-Scribe-Delivery"
BACKOFF_BASE_S = 30.0
BACKOFF_MAX_S = 3600.0
MAX_ATTEMPTS = 10
TIMEOUT_S = 5.0


def configured_urls(environ: dict[str, str] | None = None) -> list[str]:
    raw = (environ if environ is not None else os.environ).get(ENV_URLS, "")
    urls = [u.strip() for u in raw.split(",") if u.strip()]
    return [u for u in urls if u.startswith(("http://", "https://"))]


def webhook_secret(environ: dict[str, str] | None = None) -> bytes:
    env = environ if environ is not None else os.environ
    explicit = env.get(ENV_SECRET, "").strip()
    if explicit:
        return explicit.encode()
    from settings import get_settings

    # A derived key: the server's token key never leaves the process, even in signatures.
    return hmac.new(get_settings().resolved_secret_key.encode(), b"billing-webhooks", hashlib.sha256).digest()


def body_bytes(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def sign(body: bytes, secret: bytes, timestamp: int) -> str:
    mac = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify_signature(
    body: bytes, header: str, secret: bytes, *, now: int | None = None, tolerance_s: int = 300
) -> bool:
    """What a receiver should do: recompute, compare in constant time, refuse stale timestamps."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
        given = parts["v1"]
    except (KeyError, ValueError):
        return False
    current = now if now is not None else int(utcnow().timestamp())
    if abs(current - timestamp) > tolerance_s:
        return False
    expected = sign(body, secret, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, given)


def enqueue(
    session: Session,
    charge_set: ChargeSet,
    event: str,
    now: dt.datetime,
    *,
    feed_cursor: int | None = None,
    urls: Sequence[str] | None = None,
) -> list[WebhookDelivery]:
    """One outbox row per configured URL (none configured: nothing to do)."""
    rows = []
    for url in urls if urls is not None else configured_urls():
        row = WebhookDelivery(
            organisation_id=charge_set.organisation_id,
            charge_set_id=charge_set.id,
            event=event,
            url=url,
            payload={
                "event": event,
                "organisation_id": charge_set.organisation_id,
                "charge_set_id": charge_set.id,
                "note_id": charge_set.note_id,
                "version": charge_set.version,
                "supersedes_id": charge_set.supersedes_id,
                "superseded_by_id": charge_set.superseded_by_id,
                "feed_cursor": None if feed_cursor is None else str(feed_cursor),
                "occurred_at": now.isoformat(),
            },
            status=WebhookStatus.PENDING,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 60 s, 120 s ... capped at an hour."""
    return dt.timedelta(seconds=min(BACKOFF_BASE_S * 2 ** max(0, attempts - 1), BACKOFF_MAX_S))


@dataclass
class DeliveryReport:
    delivered: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def _post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> tuple[int | None, str | None]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - operator-set URL
            return int(response.status), None
    except urllib.error.HTTPError as exc:
        return int(exc.code), f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return None, f"{type(exc).__name__}: {reason}"[:500]


def deliver_webhooks(
    session: Session,
    now: dt.datetime | None = None,
    *,
    secret: bytes | None = None,
    limit: int = 100,
    timeout: float = TIMEOUT_S,
) -> DeliveryReport:
    """POST every due outbox row once; 2xx marks it delivered, anything else schedules a retry with
    exponential back-off, and after `MAX_ATTEMPTS` it is marked failed. Flushes, never commits.

    On PostgreSQL due rows are locked with SKIP LOCKED, so several workers can share the outbox.
    """
    now = now or utcnow()
    key = secret if secret is not None else webhook_secret()
    stmt = (
        select(WebhookDelivery)
        .where(WebhookDelivery.status == WebhookStatus.PENDING, WebhookDelivery.next_attempt_at <= now)
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    report = DeliveryReport()
    for row in session.scalars(stmt).all():
        body = body_bytes(row.payload)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "rehab-scribe-webhooks/1",
            SIGNATURE_HEADER: sign(body, key, int(now.timestamp())),
            EVENT_HEADER: row.event,
            DELIVERY_HEADER: str(row.id),
        }
        status, error = _post(row.url, body, headers, timeout)
        row.attempts += 1
        row.last_attempt_at = now
        row.last_status_code = status
        if status is not None and 200 <= status < 300:
            row.status = WebhookStatus.DELIVERED
            row.delivered_at = now
            row.last_error = None
            report.delivered.append(row.id)
        elif row.attempts >= MAX_ATTEMPTS:
            row.status = WebhookStatus.FAILED
            row.last_error = error
            report.failed.append(row.id)
        else:
            row.next_attempt_at = now + backoff(row.attempts)
            row.last_error = error
            report.retrying.append(row.id)
    session.flush()
    return report
