"""CLI commands for the server side: serve, worker, db, seed-demo, audit. Registered by cli.py.

Heavy imports live inside the command bodies so `rehab-scribe --help` stays fast. Every
expected failure is one line on stderr and a non-zero exit (click.ClickException).
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import click

from settings import Settings, SettingsError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


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
    from models.audit import verify_chain

    with _checked_session() as session:
        result = verify_chain(session)
    if not result.ok:
        raise click.ClickException(f"audit chain broken at event {result.first_broken_id}: {result.reason}")
    click.echo(f"audit chain intact: {result.checked} events")


@contextmanager
def _checked_session() -> Iterator[Session]:
    """A session on the configured database, after a check that fails with one line, not a trace."""
    from models import db

    settings = _settings()
    try:
        db.check_database(settings)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc
    engine = db.engine_from_settings(settings)
    try:
        with db.session_scope(db.make_session_factory(engine)) as session:
            yield session
    finally:
        engine.dispose()


def _report_time(value: str | None, option: str, *, end_of_day: bool = False) -> datetime | None:
    """An ISO date or date-time; without an offset it is UTC. A bare --until date includes that day."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.ClickException(f"{option}: not an ISO date or date-time: {value!r}") from None
    if end_of_day and len(value.strip()) == 10:  # YYYY-MM-DD
        parsed += timedelta(days=1)
    return parsed


@audit_group.command("report")
@click.option("--since", help="From this ISO date or date-time, inclusive (no offset = UTC).")
@click.option("--until", help="Before this ISO date-time, exclusive; a bare date includes that whole day.")
@click.option("--user-id", type=click.IntRange(min=1), help="Only events where this user acted.")
@click.option("--client-id", type=click.IntRange(min=1), help="Only events concerning this client.")
@click.option("--action", help='Exact action, or a family of actions: "note.*" or "note.".')
@click.option("--after-id", type=click.IntRange(min=0), help="Only events after this id (paging).")
@click.option(
    "--limit", default=500, show_default=True, type=click.IntRange(1, 5000), help="Most events to show."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
def audit_report_command(
    since: str | None,
    until: str | None,
    user_id: int | None,
    client_id: int | None,
    action: str | None,
    after_id: int | None,
    limit: int,
    as_json: bool,
) -> None:
    """List audit events (ids only) matching every given filter, oldest first, across all organisations."""
    import json

    from models.audit_report import as_utc, audit_report

    start = _report_time(since, "--since")
    end = _report_time(until, "--until", end_of_day=True)
    with _checked_session() as session:
        rows = [
            {
                "id": e.id,
                "occurred_at": as_utc(e.occurred_at).isoformat(),
                "actor_user_id": e.actor_user_id,
                "action": e.action,
                "client_id": e.client_id,
                "object_type": e.object_type,
                "object_id": e.object_id,
            }
            for e in audit_report(
                session,
                since=start,
                until=end,
                user_id=user_id,
                client_id=client_id,
                action=action,
                limit=limit,
                after_id=after_id,
            )
        ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(f"{'id':>8}  {'occurred_at (UTC)':<32}  {'actor':>6}  {'client':>6}  {'action':<28}  object")
    for r in rows:
        obj = f"{r['object_type']}:{r['object_id']}" if r["object_type"] else (r["object_id"] or "")
        click.echo(
            f"{r['id']:>8}  {r['occurred_at']:<32}  {r['actor_user_id'] or '-':>6}  "
            f"{r['client_id'] or '-':>6}  {r['action']:<28}  {obj}"
        )
    click.echo(f"{len(rows)} events")
