"""PostgreSQL unreachable for a few seconds: the API says 503 in one line, the task rides it out.

The app and the task reach the database through a small TCP proxy that can cut every connection
and refuse new ones, and can do so the moment a chosen statement goes by; the test itself reads
the database directly. Outcomes: the transcription claimed during an outage and cut off in the
middle of saving its results ends with exactly one transcript and one draft; an outage longer
than the task's patience ends in a bounded number of Celery retries and a recording still queued,
which the recovery sweep sends again.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

import pipeline_tasks
from api.errors import DATABASE_UNAVAILABLE
from models.db import make_engine, make_session_factory
from models.enums import RecordingStatus
from settings import get_settings
from tests.conftest import TEST_PASSWORD
from tests.tablet import upload
from tests.worker.conftest import SHORT, recording_state, results
from worker import MAX_RETRIES, settings_env

pytestmark = pytest.mark.postgres

OUTAGE_S = 3.0
# The statement that saves a transcript: cutting the database there interrupts the results'
# transaction half-way (psycopg sends the SQL text in its Parse message).
SAVE_STATEMENT = b"INSERT INTO transcripts ("


class FlakyProxy:
    """A TCP proxy to PostgreSQL that can go down (cut every connection, refuse new ones) and up.

    The listening socket is opened and closed by the accept thread only, so "down" is a real
    connection refused, as when the server restarts or the network drops.
    """

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        probe = socket.create_server(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.cuts = 0
        self.trapped = 0
        self._up = True
        self._trap: tuple[bytes, float] | None = None
        self._lock = threading.Lock()
        self._conns: set[socket.socket] = set()
        self._closed = threading.Event()
        self._listening = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="flaky-proxy", daemon=True)
        self._thread.start()
        assert self._listening.wait(5)

    def url(self, database_url: str) -> str:
        return (
            make_url(database_url).set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)
        )

    def down(self) -> None:
        with self._lock:
            self._up = False
            conns, self._conns = self._conns, set()
            self.cuts += 1
        for conn in conns:
            _close(conn)
        deadline = time.monotonic() + 5
        while self._listening.is_set():
            assert time.monotonic() < deadline, "proxy did not stop listening"
            time.sleep(0.01)

    def up(self) -> None:
        with self._lock:
            self._up = True
        assert self._listening.wait(5)

    def down_when_sent(self, marker: bytes, for_s: float) -> None:
        """Go down for `for_s` the moment a client sends `marker` (the packet is not forwarded)."""
        with self._lock:
            self._trap = (marker, for_s)

    def close(self) -> None:
        self._closed.set()
        self.down()
        self._thread.join(5)

    def _serve(self) -> None:
        listener: socket.socket | None = None
        while not self._closed.is_set():
            with self._lock:
                up = self._up
            if up and listener is None:
                listener = socket.create_server(("127.0.0.1", self.port))
                listener.settimeout(0.05)
                self._listening.set()
            elif not up and listener is not None:
                listener.close()
                listener = None
                self._listening.clear()
            if listener is None:
                time.sleep(0.02)
                continue
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            with self._lock:
                if not self._up:
                    _close(client)
                    _close(upstream)
                    continue
                self._conns |= {client, upstream}
            for src, dst, watch in ((client, upstream, True), (upstream, client, False)):
                threading.Thread(target=self._pump, args=(src, dst, watch), daemon=True).start()
        if listener is not None:
            listener.close()
            self._listening.clear()

    def _pump(self, src: socket.socket, dst: socket.socket, watch: bool) -> None:
        try:
            src.settimeout(None)
            while data := src.recv(65536):
                trap = self._trap
                if watch and trap is not None and trap[0] in data:
                    self._spring(trap[1])
                    return
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                _close(s)

    def _spring(self, for_s: float) -> None:
        with self._lock:
            if self._trap is None:
                return
            self._trap = None
            self.trapped += 1
        self.down()
        threading.Timer(for_s, self.up).start()


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


@pytest.fixture
def backend() -> str:
    return "postgresql"


@pytest.fixture
def proxy(db_url: str) -> Iterator[FlakyProxy]:
    url = make_url(db_url)
    flaky = FlakyProxy(url.host or "127.0.0.1", url.port or 5432)
    yield flaky
    flaky.close()


@pytest.fixture
def direct(db_url: str) -> Iterator[sessionmaker[Session]]:
    """The test's own way in, past the proxy."""
    engine = make_engine(db_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def settings(settings, proxy: FlakyProxy):
    """The app under test, its tasks and the fixtures that arrange data all go through the proxy."""
    proxied = settings.model_copy(update={"database_url": proxy.url(settings.database_url)})
    yield proxied
    engine, _factory = pipeline_tasks._factories.pop(proxied.resolved_database_url, (None, None))
    if engine is not None:
        engine.dispose()


def _assert_unavailable(response) -> None:
    """503, one line of JSON saying what to do, no driver message or traceback."""
    assert response.status_code == 503, response.text
    assert response.json() == {"detail": DATABASE_UNAVAILABLE, "code": "database_unavailable"}
    assert "\n" not in response.text
    assert response.headers["retry-after"].isdigit()


def test_api_answers_503_while_the_database_is_down_and_recovers(client, login, therapist, proxy) -> None:
    headers = login(therapist["username"])
    assert client.get("/api/clients", headers=headers).status_code == 200
    proxy.down()
    _assert_unavailable(client.get("/api/clients", headers=headers))
    _assert_unavailable(client.get(f"/api/episodes/{therapist['episode_id']}", headers=headers))
    # Not 401: the tablet forgets its session on a 401, and nothing is wrong with the password.
    _assert_unavailable(
        client.post("/api/auth/login", json={"username": therapist["username"], "password": TEST_PASSWORD})
    )
    proxy.up()
    assert client.get("/api/clients", headers=headers).status_code == 200


@pytest.mark.slow
def test_transcription_rides_out_outages_at_claim_and_mid_save(
    speak, tmp_path: Path, settings, client, login, therapist, proxy, direct, caplog
) -> None:
    wav = speak(SHORT, tmp_path / "short.wav")
    _, recording_id = upload(client, login(therapist["username"]), therapist["episode_id"], wav.read_bytes())
    caplog.set_level(logging.WARNING, logger="rehab_scribe.pipeline")

    proxy.down()  # the database is gone before the worker even claims the recording
    outcome: dict[str, str] = {}
    task = threading.Thread(
        target=lambda: outcome.update(result=pipeline_tasks.run_transcription(recording_id, settings))
    )
    task.start()
    time.sleep(OUTAGE_S)
    assert recording_state(direct, recording_id).status == RecordingStatus.UPLOADED  # not claimed yet
    proxy.down_when_sent(SAVE_STATEMENT, OUTAGE_S)
    proxy.up()
    task.join(timeout=120)
    assert not task.is_alive()

    assert outcome["result"] == "transcribed"
    assert proxy.trapped == 1  # the results' transaction really was cut half-way
    rec = recording_state(direct, recording_id)
    assert rec.status == RecordingStatus.TRANSCRIBED, rec.failure_reason
    assert rec.attempts == 1
    assert results(direct, recording_id) == {"transcripts": 1, "drafts": 1, "notes": 1}
    waited = {
        r.getMessage().split(" (")[0] for r in caplog.records if "database unavailable" in r.getMessage()
    }
    assert waited == {"database unavailable in _claim", "database unavailable in _save"}


def test_a_longer_outage_ends_in_bounded_retries_and_a_recording_the_sweep_resends(
    settings, client, login, therapist, proxy, direct, caplog, monkeypatch
) -> None:
    _, recording_id = upload(
        client, login(therapist["username"]), therapist["episode_id"], b"RIFF" + b"\0" * 4096
    )
    # The task body reads the process settings, as in a worker.
    for name, value in settings_env(settings).items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    monkeypatch.setattr(pipeline_tasks, "DB_OUTAGE_S", 0.5)  # patience inside one run, shortened
    caplog.set_level(logging.WARNING, logger="rehab_scribe.pipeline")
    proxy.down()
    try:
        result = pipeline_tasks.transcribe_recording.apply(args=[recording_id])
    finally:
        proxy.up()
        get_settings.cache_clear()

    assert result.state == "FAILURE"
    retried = [r for r in caplog.records if "task retried later" in r.getMessage()]
    assert len(retried) == MAX_RETRIES + 1  # the first run and each retry; then it stops
    # Nothing was half-done: the recording is still queued, never claimed, its audio intact.
    rec = recording_state(direct, recording_id)
    assert (rec.status, rec.attempts) == (RecordingStatus.UPLOADED, 0)
    assert rec.storage_key
    with direct() as db:
        assert pipeline_tasks.requeue_stuck(db, older_than_s=0, settings=settings) == [recording_id]
        db.commit()
