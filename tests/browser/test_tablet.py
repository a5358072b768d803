"""The tablet app end to end in real headless Chromium against a real server and worker.

Chromium's fake microphone plays the demo knee session (espeak-ng speech), so the recordings
the app uploads are transcribed by the real pipeline into real draft notes.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DRAFT_TIMEOUT_MS = 180_000
PASSWORD = "demo-password"


def wait_until(page: Any, expression: str, timeout_ms: int = 20_000) -> None:
    """Poll a JS expression with page.evaluate (wait_for_function evals strings, which the CSP forbids)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {expression}")
        page.wait_for_timeout(200)


def api_json(base: str, username: str, method: str, path: str, body: Any = None) -> Any:
    """Ask the API directly (a second login, not the page's) to check what the server really has."""

    def call(m: str, p: str, data: Any, token: str | None) -> Any:
        req = urllib.request.Request(
            base + p,
            method=m,
            data=json.dumps(data).encode() if data is not None else None,
            headers={
                "Content-Type": "application/json",
                **({"Authorization": f"Bearer {token}"} if token else {}),
            },
        )
        with urllib.request.urlopen(req, timeout=30) as r:
            raw = r.read()
            return json.loads(raw) if raw else None

    login = call("POST", "/api/auth/login", {"username": username, "password": PASSWORD}, None)
    token = login["access_token"]
    return call(method, path, body, token)


def sign_in(page: Any, username: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("#topbar:not([hidden])")
    assert re.search(r"Session \d\d:\d\d", page.locator("#session-timer").inner_text())


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for()


def open_record_screen(page: Any, client_name: str) -> None:
    page.get_by_role("link", name=re.compile(f"Record session for {client_name}")).first.click()
    page.wait_for_selector("#consent")


def record(page: Any, seconds: float, shoot: Callable[[Any, str], None] | None = None) -> int:
    """Confirm consent, record, stop; returns the recording id shown on the review screen."""
    start = page.locator("#start")
    assert start.is_disabled(), "recording must wait for the consent confirmation"
    page.get_by_label(re.compile("agreed to this session being recorded")).check()
    start.click()
    page.wait_for_selector('#indicator[data-state="recording"]')
    wait_until(page, "Number(document.querySelector('#level').getAttribute('aria-valuenow')) > 0")
    page.wait_for_timeout(int(seconds * 1000))
    assert page.locator("#elapsed").inner_text() >= "00:10"
    if shoot:
        shoot(page, "record")
    page.locator("#stop").click()
    page.wait_for_url(re.compile(r"#/review/\d+"))
    return int(page.url.rsplit("/", 1)[1])


def wait_for_draft(page: Any, shoot: Callable[[Any, str], None] | None = None) -> int:
    if shoot:
        page.wait_for_selector("#rec-status")
        shoot(page, "review-progress")
    page.wait_for_url(re.compile(r"#/note/\d+"), timeout=DRAFT_TIMEOUT_MS)
    page.wait_for_selector("#transcript .seg")
    return int(page.url.rsplit("/", 1)[1])


def show_evidence(page: Any) -> list[str]:
    """Tap the first statement with evidence; its segments must be the highlighted ones."""
    statement = page.locator('.soap button.stmt:not([data-evidence=""])').first
    statement.wait_for()
    ids = statement.get_attribute("data-evidence").split()
    statement.click()
    assert statement.get_attribute("aria-pressed") == "true"
    highlighted = page.locator("#transcript .seg.hl")
    highlighted.first.wait_for()
    assert sorted(highlighted.evaluate_all("els => els.map(e => e.dataset.seg)")) == sorted(set(ids))
    return ids


def confirm_pulled_forward(page: Any) -> None:
    while page.locator("#pulled-forward input[type=checkbox]:not(:checked)").count():
        box = page.locator("#pulled-forward input[type=checkbox]:not(:checked)").first
        box.check()
        page.wait_for_selector(".flash.info")
        page.wait_for_timeout(200)


def sign(page: Any) -> str:
    page.locator("#sign-password").fill(PASSWORD)
    page.locator("#sign").click()
    page.wait_for_selector("#sign-result")
    return str(page.locator("#sign-result").inner_text())


def test_record_review_sign_cosign_and_bill(
    page: Any, server: str, shoot: Callable[[Any, str], None]
) -> None:
    # --- PT: sign in, caseload, record, review, sign ----------------------------------------
    page.get_by_role("button", name="Sign in").wait_for()
    shoot(page, "signin")
    sign_in(page, "demo.pt")
    page.get_by_role("heading", name=re.compile("Caseload")).wait_for()
    shoot(page, "today")
    page.get_by_role("link", name="Evelyn Hart", exact=True).click()
    page.get_by_role("heading", name="Goals").first.wait_for()
    assert "weight bearing as tolerated" in page.locator("main").inner_text()
    shoot(page, "client")
    page.get_by_role("link", name="Record session").first.click()
    page.wait_for_selector("#consent")
    shoot(page, "record-consent")
    record(page, 22, shoot)
    pt_note = wait_for_draft(page, shoot)

    evidence = show_evidence(page)
    assert evidence
    shoot(page, "review-evidence")
    minutes = page.locator("input.minutes")
    if minutes.count():
        found = re.search(r"version (\d+)", page.locator(".note-panel").inner_text())
        assert found
        version = int(found.group(1))
        minutes.first.fill("12")
        page.locator("#save-minutes").click()
        page.wait_for_selector(f".note-panel :text('version {version + 1}')")
        assert page.locator("input.minutes").first.input_value() == "12"
    confirm_pulled_forward(page)
    result = sign(page)
    assert "final" in result.lower() or "signed" in result.lower()
    shoot(page, "review-signed")
    assert api_json(server, "demo.pt", "GET", f"/api/notes/{pt_note}")["status"] == "final"
    sign_out(page)

    # --- PTA: record, sign -> awaiting co-signature ---------------------------------------------
    sign_in(page, "demo.pta")
    open_record_screen(page, "Evelyn Hart")
    record(page, 20)
    pta_note = wait_for_draft(page)
    show_evidence(page)
    if page.locator("#pulled-forward").count():
        shoot(page, "review-pulled-forward")
    confirm_pulled_forward(page)
    assert "co-signature" in sign(page)
    assert api_json(server, "demo.pta", "GET", f"/api/notes/{pta_note}")["status"] == "awaiting_cosign"
    sign_out(page)

    # --- PT: co-sign from the queue --------------------------------------------------------------
    sign_in(page, "demo.pt")
    page.get_by_role("link", name="Co-sign").click()
    page.wait_for_selector("#cosign-queue")
    shoot(page, "cosign-queue")
    page.locator(f"#cosign-queue a[href='#/cosign/{pta_note}']").first.click()
    page.wait_for_selector("#cosign-password")
    page.wait_for_selector("#transcript .seg")
    show_evidence(page)
    shoot(page, "cosign-note")
    page.locator("#cosign-password").fill(PASSWORD)
    page.locator("#cosign").click()
    page.wait_for_selector("#cosign-queue, #cosign-empty")
    assert api_json(server, "demo.pt", "GET", f"/api/notes/{pta_note}")["status"] == "final"
    sign_out(page)

    # --- Biller: capture and see the charges -----------------------------------------------------
    sign_in(page, "demo.biller")
    page.get_by_role("heading", name="Billing").wait_for()
    page.locator("#capture").click()
    page.wait_for_selector(".charge-set-link")
    assert page.locator(".charge-set-link").count() >= 2
    shoot(page, "billing")
    page.locator(".charge-set-link").first.click()
    page.get_by_role("heading", name=re.compile("Charge set #")).wait_for()
    assert page.locator("table.grid tbody tr").count() >= 1 or page.locator("#problems").count()
    shoot(page, "billing-charge-set")


def test_chunks_queue_offline_survive_reload_and_all_arrive(
    page: Any, server: str, shoot: Callable[[Any, str], None]
) -> None:
    sign_in(page, "demo.ot")
    page.get_by_role("link", name=re.compile("Record session for")).first.click()
    page.wait_for_selector("#consent")
    page.get_by_label(re.compile("agreed to this session being recorded")).check()
    page.locator("#start").click()
    page.wait_for_selector('#indicator[data-state="recording"]')
    counts = page.locator("#chunk-counts")
    wait_until(page, "Number(document.querySelector('#chunk-counts').dataset.recorded) >= 1")
    recording_id = int(counts.get_attribute("data-recording-id"))

    def recorded() -> int:
        return int(counts.get_attribute("data-recorded"))

    def server_chunks() -> list[int]:
        return list(api_json(server, "demo.ot", "GET", f"/api/recordings/{recording_id}")["chunks_received"])

    # The network drops mid-recording: chunk uploads fail, chunks wait in IndexedDB.
    def offline(route: Any) -> None:
        route.abort("internetdisconnected")

    chunk_urls = re.compile(r".*/api/recordings/\d+/chunks/\d+$")
    page.route(chunk_urls, offline)
    wait_until(page, "Number(document.querySelector('#pending').dataset.pending) >= 2", timeout_ms=15_000)
    assert "pending" in page.locator("#pending").inner_text()
    shoot(page, "record-offline")

    # Back online: the queue drains; every chunk recorded so far is on the server, in order.
    page.unroute(chunk_urls, offline)
    wait_until(page, "Number(document.querySelector('#pending').dataset.pending) === 0", timeout_ms=20_000)
    page.locator("#pause").click()
    page.wait_for_selector('#indicator[data-state="paused"]')
    page.wait_for_timeout(500)
    n = recorded()
    wait_until(
        page,
        f"Number(document.querySelector('#pending').dataset.pending) === 0 && "
        f"Number(document.querySelector('#chunk-counts').dataset.recorded) === {n}",
    )
    assert server_chunks() == list(range(n))

    # Offline again, stop, and reload the tab: the queued chunks survive in IndexedDB.
    page.route(chunk_urls, offline)
    page.locator("#pause").click()  # resume
    page.wait_for_timeout(7000)
    page.locator("#stop").click()
    page.wait_for_url(re.compile(r"#/review/\d+"))
    wait_until(page, "Number(document.querySelector('#pending').dataset.pending) >= 1")
    page.reload()
    page.wait_for_selector("#topbar:not([hidden])")
    wait_until(page, "Number(document.querySelector('#pending').dataset.pending) >= 1")
    pending_after_reload = int(page.locator("#pending").get_attribute("data-pending"))
    assert pending_after_reload >= 1
    assert len(server_chunks()) == n, "nothing may reach the server while offline"

    page.unroute(chunk_urls, offline)
    wait_until(page, "Number(document.querySelector('#pending').dataset.pending) === 0", timeout_ms=30_000)
    state = api_json(server, "demo.ot", "GET", f"/api/recordings/{recording_id}")
    deadline_checks = 0
    while state["status"] == "uploading" and deadline_checks < 40:
        page.wait_for_timeout(250)
        state = api_json(server, "demo.ot", "GET", f"/api/recordings/{recording_id}")
        deadline_checks += 1
    # Everything after the pause was recorded offline, so it was all pending at the reload.
    total = n + pending_after_reload
    assert len(state["chunks_received"]) == total
    assert state["chunks_received"] == list(range(total))
    assert state["status"] != "uploading", "the app completes the upload once every chunk arrived"
    assert state["size_bytes"]
    assert state["size_bytes"] == state["bytes_received"]


def test_idle_session_signs_out_and_timer_counts_down(page: Any, shoot: Callable[[Any, str], None]) -> None:
    # A 4-second idle limit for this tab only (the server's is 15 minutes).
    page.route(
        re.compile(r".*/app/config\.json$"),
        lambda route: route.fulfill(
            json={"idle_timeout_s": 4, "access_token_ttl_s": 900},
            headers={"Cache-Control": "no-store"},
        ),
    )
    page.reload()
    sign_in(page, "demo.slp")
    page.get_by_role("heading", name=re.compile("Caseload")).wait_for()
    first = page.locator("#session-timer").inner_text()
    # the timer ticks once a second; a loaded machine can delay one tick, so wait for it (up to the
    # idle limit) instead of sampling once after a fixed pause
    page.wait_for_function(
        "first => { const t = document.getElementById('session-timer').textContent;"
        " return t.startsWith('Session') && t < first; }",
        arg=first,
        timeout=3500,
    )
    page.get_by_role("button", name="Sign in").wait_for(timeout=10_000)
    assert "inactivity" in page.locator("#flash").inner_text()
    assert page.evaluate("sessionStorage.getItem('rs.token')") is None
