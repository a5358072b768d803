"""A real server (uvicorn + embedded Celery worker, via `rehab-scribe serve`) on a free port with a
fresh data directory and the demo clinic, and a real headless Chromium (Debian's) driven by
Playwright, its fake microphone fed with a spoken session WAV.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("REHAB_SCRIBE_CHROMIUM", "/usr/bin/chromium"))
SESSION_WAV = ROOT / "demo" / "pt_knee_session.wav"
SCREENSHOTS = ROOT / "docs" / "screenshots"
PASSWORD = "demo-password"
TABLETS = {"ipad": {"width": 1024, "height": 768}, "android": {"width": 800, "height": 1280}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli() -> str:
    exe = Path(sys.executable).parent / "rehab-scribe"
    return str(exe) if exe.exists() else "rehab-scribe"


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("browser-data")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("REHAB_SCRIBE_")},
        "REHAB_SCRIBE_DATA_DIR": str(data_dir),
        "REHAB_SCRIBE_ENV": "embedded",
        "REHAB_SCRIBE_ASR_MODEL": "tiny.en",
        # The checkout's top-level modules (worker.py, pipeline_tasks.py) whatever the install mode.
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
    }
    subprocess.run([_cli(), "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([_cli(), "seed-demo"], env=env, check=True, capture_output=True)
    port = _free_port()
    log = (data_dir / "server.log").open("wb")
    proc = subprocess.Popen(
        [_cli(), "serve", "--host", "127.0.0.1", "--port", str(port), "--worker", "--log-level", "WARNING"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.close()
            pytest.fail("server did not start:\n" + (data_dir / "server.log").read_text()[-3000:])
        time.sleep(0.3)
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="session")
def session_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~23 s of the demo session for Chromium's fake microphone (48 kHz mono 16-bit PCM).

    The client's report of pain, then the therapist's account of the interventions with their
    minutes: a short recording that still yields billable services. Chromium loops the file.
    """
    if not SESSION_WAV.exists():
        pytest.skip(f"{SESSION_WAV} is missing")
    if shutil.which("sox") is None:
        pytest.skip("sox is not installed")
    folder = tmp_path_factory.mktemp("audio")
    parts = []
    for i, (start, end) in enumerate([(4.0, 10.8), (28.4, 44.5)]):
        part = folder / f"part{i}.wav"
        subprocess.run(["sox", "-R", str(SESSION_WAV), str(part), "trim", str(start), f"={end}"], check=True)
        parts.append(str(part))
    out = folder / "session-48k.wav"
    subprocess.run(["sox", "-R", *parts, "-r", "48000", "-c", "1", "-b", "16", str(out)], check=True)
    return out


@pytest.fixture(scope="session")
def browser(session_wav: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-audio-capture={session_wav}",
                "--autoplay-policy=no-user-gesture-required",
            ],
            viewport=TABLETS["ipad"],
            has_touch=True,
            permissions=["microphone"],
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    page = browser.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/app/")
    yield page
    page.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def shoot() -> Callable[[Any, str], None]:
    """Save the page at both tablet sizes: docs/screenshots/<name>-ipad.png and -android.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _shoot(page: Any, name: str) -> None:
        original = page.viewport_size
        for device, size in TABLETS.items():
            page.set_viewport_size(size)
            page.wait_for_timeout(150)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{device}.png"))
        page.set_viewport_size(original)

    return _shoot
