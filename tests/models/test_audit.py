"""The audit chain: appends link by hash, and verification finds the first tampered row."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.orm import Session

from models.audit import GENESIS_HASH, record_event, verify_chain


def _disable_append_only(db: Session) -> None:
    """Tests play the attacker with database rights: drop the guard triggers first."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
    else:
        db.execute(text("DROP TRIGGER audit_events_no_update"))
        db.execute(text("DROP TRIGGER audit_events_no_delete"))


def _chain(db: Session, n: int) -> list[int]:
    ids = [
        record_event(db, actor_user_id=None, action="test.view", object_type="thing", object_id=i).id
        for i in range(n)
    ]
    db.commit()
    return ids


def test_events_link_to_their_predecessor(db: Session) -> None:
    first = record_event(db, actor_user_id=None, action="a")
    second = record_event(db, actor_user_id=None, action="b", object_id=7)
    db.commit()
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert second.object_id == "7"
    result = verify_chain(db)
    assert result.ok
    assert result.checked == 2


def test_an_edited_row_is_reported(db: Session) -> None:
    ids = _chain(db, 5)
    _disable_append_only(db)
    db.execute(text("UPDATE audit_events SET object_id = '999' WHERE id = :id"), {"id": ids[2]})
    db.commit()
    result = verify_chain(db)
    assert not result.ok
    assert result.first_broken_id == ids[2]
    assert "content" in (result.reason or "")


def test_a_deleted_row_is_reported_at_its_successor(db: Session) -> None:
    ids = _chain(db, 5)
    _disable_append_only(db)
    db.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": ids[1]})
    db.commit()
    result = verify_chain(db)
    assert result.first_broken_id == ids[2]
    assert "prev_hash" in (result.reason or "")


def test_audit_verify_command_exits_non_zero_on_a_broken_chain(db: Session, settings, monkeypatch) -> None:
    from api.commands import audit_group
    from settings import get_settings

    ids = _chain(db, 3)
    monkeypatch.setenv("REHAB_SCRIBE_DATABASE_URL", settings.resolved_database_url)
    monkeypatch.setenv("REHAB_SCRIBE_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    try:
        ok = CliRunner().invoke(audit_group, ["verify"])
        assert ok.exit_code == 0, ok.output
        assert "3 events" in ok.output

        _disable_append_only(db)
        db.execute(text("UPDATE audit_events SET action = 'forged' WHERE id = :id"), {"id": ids[0]})
        db.commit()
        broken = CliRunner().invoke(audit_group, ["verify"])
        assert broken.exit_code != 0
        assert f"broken at event {ids[0]}" in broken.output
        assert "Traceback" not in broken.output
    finally:
        get_settings.cache_clear()


def test_concurrent_appends_keep_one_unbroken_chain(session_factory) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def append(worker: int) -> None:
        for i in range(10):
            with session_factory() as session:
                record_event(session, actor_user_id=None, action="test.concurrent", object_id=f"{worker}-{i}")
                session.commit()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(append, range(4)))
    with session_factory() as session:
        result = verify_chain(session)
    assert result.ok, result
    assert result.checked == 40
