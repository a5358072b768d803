"""Alembic: empty -> head -> base on each backend, and the migrated schema equals the ORM."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from models import db
from models.orm import Base


def test_upgrade_to_head_matches_models_then_downgrade_to_base(empty_db_url: str) -> None:
    db.upgrade(empty_db_url)
    engine = db.make_engine(empty_db_url)
    try:
        assert db.current_revision(engine) == db.head_revision()
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        with engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
            )
        assert diff == [], f"models and migrations disagree: {diff}"
    finally:
        engine.dispose()

    db.downgrade(empty_db_url, "base")
    engine = db.make_engine(empty_db_url)
    try:
        assert db.current_revision(engine) is None
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()

    # And back up again: downgrade left nothing behind that blocks a re-upgrade (triggers, functions).
    db.upgrade(empty_db_url)


def test_alembic_config_does_not_depend_on_working_directory(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert db.head_revision() is not None
    url = f"sqlite:///{tmp_path / 'cwd.sqlite3'}"
    db.upgrade(url)
    engine = db.make_engine(url)
    try:
        assert db.current_revision(engine) == db.head_revision()
    finally:
        engine.dispose()
