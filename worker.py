"""Celery application, configured from settings; `celery -A worker worker` runs it.

Embedded mode (`REHAB_SCRIBE_BROKER_URL=embedded`, the default) needs no server: kombu's
filesystem transport keeps the queue under `data_dir/broker` and results go to files under
`data_dir/results`. `rehab-scribe serve` then starts one worker process beside the API
(`EmbeddedWorker`). With a Redis or RabbitMQ URL any number of workers can run anywhere.

Tasks take ids, reload what they need, and must be idempotent: with `acks_late` a task whose
worker dies mid-run is delivered again.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from celery import Celery, Task

from settings import PROJECT_ROOT, Settings, SettingsError, get_settings

QUEUE = "rehab_scribe"
MAX_RETRIES = 3
HEALTH_TASK = "rehab_scribe.health"


def broker_dirs(settings: Settings) -> dict[str, Path]:
    base = settings.data_dir / "broker"
    return {"queue": base / "queue", "processed": base / "processed", "control": base / "control"}


def _safe_broker_url(url: str) -> str:
    from kombu.utils.url import maybe_sanitize_url

    return str(maybe_sanitize_url(url))


def celery_config(settings: Settings) -> dict[str, Any]:
    conf: dict[str, Any] = {
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "task_default_queue": QUEUE,
        # Acknowledge after the task ran, and re-queue it if the worker process died under it.
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        # Long CPU-bound tasks (transcription): don't let one worker hoard queued work.
        "worker_prefetch_multiplier": 1,
        "task_track_started": True,
        "result_expires": 24 * 3600,
        "enable_utc": True,
        "timezone": "UTC",
        "broker_connection_retry_on_startup": True,
        "worker_send_task_events": False,
    }
    if settings.is_embedded_broker:
        dirs = broker_dirs(settings)
        for path in dirs.values():
            path.mkdir(parents=True, exist_ok=True)
        conf.update(
            broker_url="filesystem://",
            broker_transport_options={
                # Producer and consumer share one folder: the API writes, the worker reads.
                "data_folder_in": str(dirs["queue"]),
                "data_folder_out": str(dirs["queue"]),
                # Off by default: a copy of every message forever is a disk leak, not a feature.
                "store_processed": False,
                "processed_folder": str(dirs["processed"]),
                "control_folder": str(dirs["control"]),
                "polling_interval": 0.5,
            },
            result_backend=settings.result_backend or (settings.data_dir / "results").resolve().as_uri(),
            # Remote control (broadcast) is not worth it on a single-machine file queue.
            worker_enable_remote_control=False,
        )
        if conf["result_backend"].startswith("file://"):
            (settings.data_dir / "results").mkdir(parents=True, exist_ok=True)
    else:
        url = settings.broker_url
        default_backend = url if url.startswith(("redis://", "rediss://")) else "rpc://"
        conf.update(broker_url=url, result_backend=settings.result_backend or default_backend)
    return conf


class RehabTask(Task):  # type: ignore[misc]
    """Base for all tasks: late acks and bounded retries with exponential back-off."""

    acks_late = True
    reject_on_worker_lost = True
    max_retries = MAX_RETRIES
    retry_backoff = True
    retry_backoff_max = 300
    retry_jitter = True


def create_celery(settings: Settings | None = None) -> Celery:
    """A Celery app for `settings` (or the process settings, read lazily at first use)."""
    celery_app = Celery("rehab_scribe", task_cls=RehabTask)
    celery_app.add_defaults(lambda: celery_config(settings or get_settings()))
    return celery_app


app = create_celery()


@app.task(name=HEALTH_TASK, bind=True)
def health(self: Task, nonce: str) -> dict[str, str]:
    """Proves the whole path: API -> broker -> worker -> database -> result backend -> API."""
    from models.db import check_database

    try:
        check_database(get_settings())
        database = "ok"
    except SettingsError as exc:
        database = f"error: {exc}"
    return {"nonce": nonce, "worker": str(self.request.hostname), "database": database}


def run_health_check(celery_app: Celery, timeout_s: float = 30.0) -> dict[str, str]:
    """Send the health task by name and wait for its result (works from any configured app)."""
    nonce = uuid.uuid4().hex
    result = celery_app.send_task(HEALTH_TASK, args=[nonce], queue=QUEUE)
    try:
        value: dict[str, str] = result.get(timeout=timeout_s)
    finally:
        result.forget()
    if value.get("nonce") != nonce:
        raise RuntimeError("health task answered with the wrong nonce")
    return value


def check_broker(settings: Settings) -> None:
    """Raise `SettingsError` (one line) unless tasks can be queued."""
    if settings.is_embedded_broker:
        queue = broker_dirs(settings)["queue"]
        try:
            queue.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=queue, prefix=".probe-"):
                pass
        except OSError as exc:
            raise SettingsError(f"embedded broker folder {queue} is not writable: {exc.strerror}") from exc
        return
    from kombu import Connection

    try:
        with Connection(settings.broker_url, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
    except Exception as exc:  # kombu raises transport-specific errors; all mean "unreachable"
        lines = str(exc).strip().splitlines()
        reason = lines[0] if lines else type(exc).__name__
        raise SettingsError(f"cannot reach broker {_safe_broker_url(settings.broker_url)}: {reason}") from exc


# --- the worker beside the API -----------------------------------------------------------------


def settings_env(settings: Settings) -> dict[str, str]:
    """`REHAB_SCRIBE_*` variables reproducing `settings` in a child process."""
    env: dict[str, str] = {}
    for name, value in settings.model_dump().items():
        if value is None:
            continue
        env[f"REHAB_SCRIBE_{name.upper()}"] = str(value)
    return env


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: deliver SIGTERM to the worker if the API process dies, even by SIGKILL."""
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


class EmbeddedWorker:
    """One `celery worker --pool=solo` child process sharing the API's settings.

    A process, not a thread: transcription is CPU- and memory-heavy, and a crash or a leak in
    it must not take the API down. `serve` starts it before uvicorn and stops it on exit.
    """

    def __init__(self, settings: Settings, loglevel: str = "INFO") -> None:
        self.settings = settings
        self.loglevel = loglevel
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "celery", "-A", "worker", "worker",
            "--pool=solo", "--concurrency=1", "-Q", QUEUE,
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "--loglevel", self.loglevel,
            "--hostname", f"embedded-{os.getpid()}@%h",
        ]  # fmt: skip

    def start(self) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        env = {**os.environ, **settings_env(self.settings)}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
        self.process = subprocess.Popen(
            self.command(),
            cwd=PROJECT_ROOT,
            env=env,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout_s: float = 15.0) -> None:
        """Warm shutdown (SIGTERM: finish the current task), then kill if it hangs."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            deadline = time.monotonic() + timeout_s
            while self.process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> EmbeddedWorker:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


import pipeline_tasks  # noqa: E402,F401  - registers the pipeline tasks on `app` (it imports `app` from here)
