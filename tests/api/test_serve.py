"""`serve` is one command for everything: API plus embedded worker, both stopped together."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from settings import PROJECT_ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_serve_runs_api_and_worker_and_stops_both(tmp_path: Path, sig: signal.Signals) -> None:
    port = _free_port()
    env = {**os.environ, "REHAB_SCRIBE_DATA_DIR": str(tmp_path), "REHAB_SCRIBE_EMBEDDED_WORKER": "true"}
    env.pop("REHAB_SCRIBE_DATABASE_URL", None)
    env.pop("REHAB_SCRIBE_BROKER_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-c", "from api.commands import serve; serve()", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        body = None
        while time.monotonic() < deadline and body is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
                    body = json.load(response)
            except OSError:
                time.sleep(0.3)
        assert body is not None
        assert body["status"] == "ready"
        workers = _children(server.pid)
        assert len(workers) == 1
        assert _alive(workers[0])
        server.send_signal(sig)
        server.wait(timeout=30)
        deadline = time.monotonic() + 30
        while _alive(workers[0]) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(workers[0]), "embedded worker outlived serve"
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
