"""Start-up checks: a bad database fails with one line that hides the password."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from models.db import check_database, check_migrated
from settings import Settings, SettingsError

UNREACHABLE = "postgresql+psycopg://scribe:hunter2@127.0.0.1:1/nowhere"


def test_unreachable_database_raises_one_clear_line(tmp_path) -> None:
    settings = Settings(env="test", data_dir=tmp_path, database_url=UNREACHABLE)
    with pytest.raises(SettingsError) as info:
        check_database(settings)
    message = str(info.value)
    assert message.startswith("cannot reach database postgresql+psycopg://scribe:***@127.0.0.1:1/nowhere")
    assert "hunter2" not in message
    assert "\n" not in message


def test_unmigrated_database_is_reported(tmp_path) -> None:
    settings = Settings(env="test", data_dir=tmp_path)
    check_database(settings)
    with pytest.raises(SettingsError, match="rehab-scribe db upgrade"):
        check_migrated(settings)


@pytest.mark.parametrize("command", [["serve"], ["db", "upgrade"], ["audit", "verify"]])
def test_commands_fail_with_one_line_on_a_bad_database(tmp_path, monkeypatch, command: list[str]) -> None:
    import click

    from api.commands import audit_group, db_group, serve
    from settings import get_settings

    group = click.Group(commands=[serve, db_group, audit_group])
    monkeypatch.setenv("REHAB_SCRIBE_DATABASE_URL", UNREACHABLE)
    monkeypatch.setenv("REHAB_SCRIBE_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(group, command)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0, result.output
    assert "cannot reach database" in result.output
    assert "hunter2" not in result.output
    assert "Traceback" not in result.output


def test_db_commands_upgrade_current_downgrade(empty_db_url: str, tmp_path, monkeypatch) -> None:
    from api.commands import db_group
    from settings import get_settings

    monkeypatch.setenv("REHAB_SCRIBE_DATABASE_URL", empty_db_url)
    monkeypatch.setenv("REHAB_SCRIBE_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        assert "current: none" in runner.invoke(db_group, ["current"]).output
        assert runner.invoke(db_group, ["upgrade"]).exit_code == 0
        assert "up to date" in runner.invoke(db_group, ["current"]).output
        refused = runner.invoke(db_group, ["downgrade", "base"])
        assert refused.exit_code != 0
        assert "--yes" in refused.output
        assert runner.invoke(db_group, ["downgrade", "base", "--yes"]).exit_code == 0
        assert "current: none" in runner.invoke(db_group, ["current"]).output
    finally:
        get_settings.cache_clear()
