"""Charge capture around the pure `billing` rules: final notes in, scrubbed charge sets, releases, the
billing feed, claim exports and webhooks out.

Functions take a SQLAlchemy session and flush; the caller (API request, worker task) commits.
"""

from billing_capture.capture import CaptureReport, capture, capture_pending, pending_notes
from billing_capture.claims import ClaimInvalidError, claim_for_export, export_837p, export_fhir
from billing_capture.feed import FeedPage, charge_set_detail, charge_set_view, list_charge_sets, read_feed
from billing_capture.release import ReleaseBlockedError, release, require_biller
from billing_capture.scrub import scrub
from billing_capture.webhooks import (
    DeliveryReport,
    configured_urls,
    deliver_webhooks,
    sign,
    verify_signature,
)

__all__ = [
    "CaptureReport",
    "ClaimInvalidError",
    "DeliveryReport",
    "FeedPage",
    "ReleaseBlockedError",
    "capture",
    "capture_pending",
    "charge_set_detail",
    "charge_set_view",
    "claim_for_export",
    "configured_urls",
    "deliver_webhooks",
    "export_837p",
    "export_fhir",
    "list_charge_sets",
    "pending_notes",
    "read_feed",
    "release",
    "require_biller",
    "scrub",
    "sign",
    "verify_signature",
]
