"""The Redis broker restarts while a transcription is queued, and forgets it: nothing is lost.

A Redis of the test's own (a spare port, so the shared one is not disturbed) runs as CI's does,
without persistence (`--save '' --appendonly no`), so a restart empties the queue. The recording
row is the durable record: a worker started afterwards runs the recovery sweep at start-up, finds
the recording still queued past `queued_stale_after_s`, sends it again, and transcribes it once.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import pipeline_tasks
import worker
from models.enums import RecordingStatus
from tests.conftest import unavailable
from tests.worker.conftest import SHORT, recording_state, results, wait_transcribed

pytestmark = [pytest.mark.redis, pytest.mark.slow]

QUEUED_STALE_S = 2.0


class RedisServer:
    """A throw-away redis-server; `restart()` stops it (no save) and starts it on the same port."""

    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            unavailable("Redis", "redis-server is not installed")
        self.binary, self.workdir = str(binary), workdir
        with socket.create_server(("127.0.0.1", 0)) as probe:
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=1).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    unavailable("Redis", f"redis-server did not start on port {self.port}")
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def queued(self) -> list[str]:
        """Names of the tasks waiting in the queue."""
        import redis

        messages = redis.Redis.from_url(self.url).lrange(worker.QUEUE, 0, -1)
        return [json.loads(m)["headers"]["task"] for m in messages]


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def settings(settings, redis_server: RedisServer):
    """The API under test, and the worker, use the test's own Redis as broker and result backend."""
    return settings.model_copy(
        update={"broker_url": redis_server.url, "queued_stale_after_s": QUEUED_STALE_S}
    )


def test_a_queue_lost_in_a_broker_restart_is_recovered_exactly_once(
    speak, tmp_path, settings, session_factory, uploaded, redis_server
) -> None:
    recording_id = uploaded(speak(SHORT, tmp_path / "short.wav"))
    assert pipeline_tasks.TRANSCRIBE_TASK in redis_server.queued()  # the API queued it in Redis

    redis_server.restart()
    assert redis_server.queued() == []  # ... and the restarted broker has forgotten it
    assert recording_state(session_factory, recording_id).status == RecordingStatus.UPLOADED
    time.sleep(QUEUED_STALE_S + 0.5)

    with worker.EmbeddedWorker(settings, loglevel="WARNING") as proc:
        rec = wait_transcribed(session_factory, recording_id, timeout_s=120, proc=proc)
    assert rec.attempts == 1
    assert results(session_factory, recording_id) == {"transcripts": 1, "drafts": 1, "notes": 1}
