"""CLI commands for the server side: serve, worker, db, seed-demo, audit. Registered by cli.py.

Heavy imports live inside the command bodies so `rehab-scribe --help` stays fast. Every
expected failure is one line on stderr and a non-zero exit (click.ClickException).
"""

from __future__ import annotations

import signal

import click

from settings import Settings, SettingsError


def _settings() -> Settings:
    from settings import get_settings

    try:
        return get_settings()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc
    except ValueError as exc:  # pydantic validation of REHAB_SCRIBE_* values
        first = str(exc).strip().splitlines()
        raise click.ClickException(f"invalid settings: {' '.join(first[:3])}") from exc


def _embedded_database(settings: Settings) -> bool:
    """A local SQLite file belongs to this installation: migrating it automatically is safe."""
    return settings.resolved_database_url.startswith("sqlite")


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="TCP port to listen on.")
@click.option(
    "--migrate/--no-migrate",
    default=None,
    help="Upgrade the database schema before serving. Default: on for SQLite (embedded), off otherwise.",
)
@click.option(
    "--worker/--no-worker",
    "with_worker",
    default=None,
    help="Start a Celery worker process beside the API. Default: REHAB_SCRIBE_EMBEDDED_WORKER.",
)
@click.option("--log-level", default="INFO", show_default=True, help="Log level for the JSON logs.")
def serve(host: str, port: int, migrate: bool | None, with_worker: bool | None, log_level: str) -> None:
    """Serve the API (and, in embedded mode, a worker): one command runs everything."""
    import uvicorn

    from api.app import create_app
    from api.log import configure_logging
    from models import db
    from worker import EmbeddedWorker, check_broker

    settings = _settings()
    try:
        settings.ensure_dirs()
        db.check_database(settings)
        if migrate if migrate is not None else _embedded_database(settings):
            db.upgrade(settings.resolved_database_url)
        db.check_migrated(settings)
        check_broker(settings)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc

    configure_logging(log_level.upper())
    # uvicorn re-raises SIGTERM after its graceful shutdown; make that an exception so the
    # `finally` below still stops the worker instead of the process dying on the spot.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    embedded = (
        EmbeddedWorker(settings)
        if (settings.embedded_worker if with_worker is None else with_worker)
        else None
    )
    if embedded:
        embedded.start()
    try:
        uvicorn.run(create_app(settings), host=host, port=port, access_log=False, log_config=None)
    finally:
        if embedded:
            embedded.stop()


@click.command("worker")
@click.option("--loglevel", default="INFO", show_default=True, help="Celery log level.")
@click.option("--pool", default="solo", show_default=True, help="Celery pool: solo, prefork or threads.")
@click.option(
    "--concurrency", default=1, show_default=True, type=int, help="Tasks run at once (prefork/threads)."
)
def worker_command(loglevel: str, pool: str, concurrency: int) -> None:
    """Run a Celery worker for the configured broker (for scaled deployments)."""
    from worker import QUEUE, app

    settings = _settings()
    if settings.is_embedded_broker and pool != "solo":
        raise click.ClickException("the embedded broker supports one worker process: use --pool solo")
    args = ["worker", "--loglevel", loglevel, "--pool", pool, "--concurrency", str(concurrency), "-Q", QUEUE]
    if settings.is_embedded_broker:
        args += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    app.worker_main(args)


@click.group("db")
def db_group() -> None:
    """Database schema migrations (Alembic, packaged with the code)."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database up to REVISION (default: head)."""
    from models import db

    settings = _settings()
    try:
        settings.ensure_dirs()
        db.check_database(settings)
        db.upgrade(settings.resolved_database_url, revision)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"database at {revision}: {db.safe_url(settings.resolved_database_url)}")


@db_group.command("downgrade")
@click.argument("revision", default="-1")
@click.option("--yes", is_flag=True, help="Confirm: downgrading drops tables and their data.")
def db_downgrade(revision: str, yes: bool) -> None:
    """Migrate the database down to REVISION (default: one step; "base" removes everything)."""
    from models import db

    if not yes:
        raise click.ClickException("downgrade drops data; pass --yes to confirm")
    settings = _settings()
    try:
        db.check_database(settings)
        db.downgrade(settings.resolved_database_url, revision)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"database downgraded to {revision}")


@db_group.command("current")
def db_current() -> None:
    """Show the schema revision of the database and the revision this code expects."""
    from models import db

    settings = _settings()
    try:
        db.check_database(settings)
        engine = db.engine_from_settings(settings)
        try:
            current = db.current_revision(engine)
        finally:
            engine.dispose()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc
    head = db.head_revision()
    state = "up to date" if current == head else "needs `rehab-scribe db upgrade`"
    click.echo(f"current: {current or 'none'}  head: {head}  ({state})")


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Create a synthetic demo clinic (idempotent) and print its logins. Refused in production."""
    from api.auth import hash_password
    from models import db
    from models.seed import seed_demo

    settings = _settings()
    if settings.env == "production":
        raise click.ClickException("seed-demo creates users with known passwords; refused in production")
    try:
        settings.ensure_dirs()
        db.check_database(settings)
        if _embedded_database(settings):
            db.upgrade(settings.resolved_database_url)
        db.check_migrated(settings)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc
    engine = db.engine_from_settings(settings)
    try:
        with db.session_scope(db.make_session_factory(engine)) as session:
            logins = seed_demo(session, hash_password)
    finally:
        engine.dispose()
    click.echo("Demo clinic ready. Logins (synthetic data only):")
    for login in logins:
        click.echo(f"  {login.username:<14} {login.password:<16} {login.role:<7} {login.full_name}")


@click.group("audit")
def audit_group() -> None:
    """The hash-chained audit trail."""


@audit_group.command("verify")
def audit_verify() -> None:
    """Walk the audit chain; exit non-zero at the first event whose link or content is broken."""
    from models import db
    from models.audit import verify_chain

    settings = _settings()
    try:
        db.check_database(settings)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc
    engine = db.engine_from_settings(settings)
    try:
        with db.session_scope(db.make_session_factory(engine)) as session:
            result = verify_chain(session)
    finally:
        engine.dispose()
    if not result.ok:
        raise click.ClickException(f"audit chain broken at event {result.first_broken_id}: {result.reason}")
    click.echo(f"audit chain intact: {result.checked} events")
