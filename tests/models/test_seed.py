"""The demo clinic: complete, supervised, and idempotent."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.enums import Role
from models.orm import Client, Episode, Supervision, User
from models.repositories import Caseload
from models.seed import seed_demo


def _counts(db: Session) -> tuple[int, ...]:
    return tuple(
        db.scalar(select(func.count()).select_from(t)) or 0 for t in (User, Supervision, Client, Episode)
    )


def test_seed_is_idempotent_and_builds_the_clinic(db: Session, password_hash: str) -> None:
    logins = seed_demo(db, lambda _p: password_hash)
    db.commit()
    first = _counts(db)
    seed_demo(db, lambda _p: password_hash)
    db.commit()
    assert _counts(db) == first
    assert {login.role for login in logins} >= {r.value for r in Role}
    users = {u.username: u for u in db.scalars(select(User))}
    pairs = {(s.supervisor_id, s.supervisee_id) for s in db.scalars(select(Supervision))}
    for therapist, assistant in (("pt", "pta"), ("ot", "cota"), ("slp", "slpcf")):
        assert (users[f"demo.{therapist}"].id, users[f"demo.{assistant}"].id) in pairs
    assert Caseload(db, users["demo.pt"]).list_clients()


def test_seed_demo_command_prints_logins(settings, monkeypatch) -> None:
    from api.commands import seed_demo_command
    from settings import get_settings

    monkeypatch.setenv("REHAB_SCRIBE_DATABASE_URL", settings.resolved_database_url)
    monkeypatch.setenv("REHAB_SCRIBE_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(seed_demo_command, [])
        assert result.exit_code == 0, result.output
        assert "demo.pta" in result.output
        assert "demo.biller" in result.output
        monkeypatch.setenv("REHAB_SCRIBE_ENV", "production")
        monkeypatch.setenv("REHAB_SCRIBE_ENCRYPTION_KEYS", "x")
        monkeypatch.setenv("REHAB_SCRIBE_SECRET_KEY", "x")
        get_settings.cache_clear()
        refused = CliRunner().invoke(seed_demo_command, [])
        assert refused.exit_code != 0
        assert "production" in refused.output
    finally:
        get_settings.cache_clear()
