"""Engines, sessions, the start-up database check and programmatic Alembic.

One place decides how to connect, so the API, the worker, the CLI and the tests behave alike:
SQLite gets foreign keys, WAL and `BEGIN IMMEDIATE` (writers queue instead of failing with
"database is locked" half-way through a transaction), PostgreSQL gets pre-ping and a short
connect timeout so a wrong URL fails fast with one line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from settings import Settings, SettingsError

ALEMBIC_INI = Path(__file__).resolve().parent / "alembic.ini"
CONNECT_TIMEOUT_S = 5


def safe_url(url: str) -> str:
    """The URL with any password masked: fit for logs and error messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable database URL>"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event decide how a transaction starts (pysqlite's own BEGIN is deferred).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    try:
        return _make_engine(url, **kwargs)
    except (NoSuchModuleError, ImportError) as exc:
        raise SettingsError(f"no database driver for {safe_url(url)}: {exc}") from exc


def _make_engine(url: str, **kwargs: Any) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise SettingsError(
            f"REHAB_SCRIBE_DATABASE_URL is not a valid database URL: {safe_url(url)}"
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    connect_args = kwargs.pop("connect_args", {})
    if parsed.get_backend_name() == "postgresql":
        connect_args.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)


def engine_from_settings(settings: Settings) -> Engine:
    return make_engine(settings.resolved_database_url)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: response models read attributes after the request's commit.
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A unit of work for code outside a request (CLI, tasks): commit on success, roll back on error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def check_database(settings: Settings, engine: Engine | None = None) -> None:
    """Fail start-up with one readable line when the database cannot be reached.

    Raises `SettingsError` (never a driver traceback) naming the URL with its password hidden.
    """
    url = settings.resolved_database_url
    own_engine = engine is None
    eng = engine or make_engine(url)
    try:
        with eng.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        reason = lines[0] if lines else type(exc).__name__
        raise SettingsError(f"cannot reach database {safe_url(url)}: {reason}") from exc
    finally:
        if own_engine:
            eng.dispose()


# --- migrations -------------------------------------------------------------------------------


def alembic_config(url: str) -> Any:
    """Alembic config loaded from the packaged alembic.ini, whatever the working directory."""
    from alembic.config import Config

    cfg = Config(str(ALEMBIC_INI))
    cfg.set_main_option("script_location", str(ALEMBIC_INI.parent / "migrations"))
    # ConfigParser interpolation would choke on "%" in URL-encoded passwords.
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "-1") -> None:
    from alembic import command

    command.downgrade(alembic_config(url), revision)


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_migrated(settings: Settings, engine: Engine | None = None) -> None:
    """Raise `SettingsError` unless the schema is at the head revision."""
    own_engine = engine is None
    eng = engine or make_engine(settings.resolved_database_url)
    try:
        current, head = current_revision(eng), head_revision()
    except SQLAlchemyError as exc:
        raise SettingsError(
            f"cannot read schema version of {safe_url(settings.resolved_database_url)}"
        ) from exc
    finally:
        if own_engine:
            eng.dispose()
    if current != head:
        raise SettingsError(
            f"database schema is at {current or 'nothing'}, code expects {head}: "
            "run `rehab-scribe db upgrade`"
        )
