"""Celery: configuration, and the health task end to end through a real worker process."""

from __future__ import annotations

from pathlib import Path

import pytest

import worker
from settings import Settings


@pytest.fixture
def embedded_settings(tmp_path: Path) -> Settings:
    from models.db import upgrade

    settings = Settings(env="test", data_dir=tmp_path / "var", secret_key="k", embedded_worker=True)
    settings.ensure_dirs()
    upgrade(settings.resolved_database_url)
    return settings


def test_embedded_config_needs_no_server(tmp_path: Path) -> None:
    settings = Settings(env="test", data_dir=tmp_path)
    conf = worker.celery_config(settings)
    assert conf["broker_url"] == "filesystem://"
    options = conf["broker_transport_options"]
    assert (
        Path(options["data_folder_in"]) == Path(options["data_folder_out"]) == tmp_path / "broker" / "queue"
    )
    assert Path(options["processed_folder"]).is_dir()
    assert conf["result_backend"] == (tmp_path / "results").resolve().as_uri()
    assert conf["task_acks_late"] is True
    assert conf["task_reject_on_worker_lost"] is True


def test_tasks_retry_a_bounded_number_of_times(tmp_path: Path) -> None:
    task_base = worker.create_celery(Settings(env="test", data_dir=tmp_path)).Task
    assert issubclass(task_base, worker.RehabTask)
    assert task_base.acks_late is True
    assert task_base.max_retries == worker.MAX_RETRIES > 0


def test_scale_out_config_uses_the_given_broker(tmp_path: Path) -> None:
    settings = Settings(env="test", data_dir=tmp_path, broker_url="redis://127.0.0.1:6379/3")
    conf = worker.celery_config(settings)
    assert conf["broker_url"] == conf["result_backend"] == "redis://127.0.0.1:6379/3"


def test_broker_check_names_the_unreachable_broker(tmp_path: Path) -> None:
    from settings import SettingsError

    settings = Settings(env="test", data_dir=tmp_path, broker_url="redis://:pw@127.0.0.1:1/0")
    with pytest.raises(SettingsError, match=r"cannot reach broker redis://:\*\*@127.0.0.1:1/0") as info:
        worker.check_broker(settings)
    assert "pw" not in str(info.value).replace("redis://:**", "")


def test_health_task_runs_end_to_end_on_the_embedded_broker(embedded_settings: Settings) -> None:
    with worker.EmbeddedWorker(embedded_settings, loglevel="WARNING") as process:
        result = worker.run_health_check(worker.create_celery(embedded_settings), timeout_s=60)
        assert process.running
    assert result["database"] == "ok"
    assert result["worker"].startswith("embedded-")
    assert not process.running


@pytest.mark.redis
def test_health_task_runs_end_to_end_through_redis(embedded_settings: Settings, redis_url: str) -> None:
    settings = embedded_settings.model_copy(update={"broker_url": redis_url})
    with worker.EmbeddedWorker(settings, loglevel="WARNING"):
        result = worker.run_health_check(worker.create_celery(settings), timeout_s=60)
    assert result["database"] == "ok"
