"""Shared fixtures: real databases (SQLite and PostgreSQL), migrated by Alembic, one per test.

Database-backed tests run once per backend. PostgreSQL comes from `REHAB_SCRIBE_TEST_PG_URL`
(default: postgres@127.0.0.1:5432); a randomly named template database is migrated once per
session and cloned for every test (CREATE DATABASE ... TEMPLATE), then dropped. SQLite is a
migrated file copied per test. Both give each test a pristine, committed-to database, so the
app under test can own its transactions exactly as in production.

A server that cannot be reached skips its tests locally and FAILS them in CI (CI=true).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

PG_DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_DEFAULT_URL = "redis://127.0.0.1:6379/0"
TEST_PASSWORD = "correct horse battery staple"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(what: str, reason: str) -> None:
    """Skip locally; in CI a missing service is a failure, never a silent skip."""
    if in_ci():
        pytest.fail(f"{what} is required in CI but unreachable: {reason}", pytrace=False)
    pytest.skip(f"{what} unreachable: {reason}")


# --- PostgreSQL server --------------------------------------------------------------------------


def _pg_base_url() -> URL:
    return make_url(os.environ.get("REHAB_SCRIBE_TEST_PG_URL", PG_DEFAULT_URL))


@pytest.fixture(scope="session")
def pg_admin_url() -> URL:
    """URL of the server's maintenance database, from which test databases are created."""
    admin = _pg_base_url().set(database="postgres")
    engine = create_engine(admin, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means "no server here"
        unavailable("PostgreSQL", str(exc).splitlines()[0])
    finally:
        engine.dispose()
    return admin


def _pg_exec(admin: URL, sql: str) -> None:
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


@dataclass
class PgDatabases:
    """Creates uniquely named databases on the test server and drops them afterwards."""

    admin: URL
    created: list[str]

    def create(self, template: str | None = None) -> str:
        name = f"rs_test_{uuid.uuid4().hex[:12]}"
        suffix = f" TEMPLATE {template}" if template else ""
        _pg_exec(self.admin, f'CREATE DATABASE "{name}"{suffix}')
        self.created.append(name)
        return self.admin.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        _pg_exec(self.admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self.created:
            self.created.remove(name)


@pytest.fixture(scope="session")
def pg_databases(pg_admin_url: URL) -> Iterator[PgDatabases]:
    dbs = PgDatabases(pg_admin_url, [])
    yield dbs
    for name in list(dbs.created):
        _pg_exec(pg_admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- per-backend databases ----------------------------------------------------------------------

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def empty_db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all (for migration tests)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    dbs: PgDatabases = request.getfixturevalue("pg_databases")
    url = dbs.create()
    yield url
    dbs.drop(url)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from models.db import upgrade

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    # Closing the last connection checkpoints the WAL into the main file, so copying it is enough.
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture(scope="session")
def _pg_template(pg_databases: PgDatabases) -> str:
    from models.db import upgrade

    url = pg_databases.create()
    upgrade(url)
    return str(make_url(url).database)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated (head), empty database of the current backend, private to this test."""
    if backend == "sqlite":
        target = tmp_path / "rehab_scribe.sqlite3"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), target)
        yield f"sqlite:///{target}"
        return
    dbs: PgDatabases = request.getfixturevalue("pg_databases")
    url = dbs.create(template=request.getfixturevalue("_pg_template"))
    yield url
    dbs.drop(url)


@pytest.fixture
def settings(db_url: str, tmp_path: Path):
    from settings import Settings

    return Settings(
        env="test",
        data_dir=tmp_path / "var",
        database_url=db_url,
        secret_key="test-secret-key-for-hmac",
        broker_url="embedded",
        embedded_worker=False,
    )


@pytest.fixture
def session_factory(settings):
    from models.db import engine_from_settings, make_session_factory

    engine = engine_from_settings(settings)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def db(session_factory) -> Iterator[Session]:
    """A session for arranging and inspecting data; commit explicitly to make it visible to the app."""
    with session_factory() as session:
        yield session


# --- factories ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def password_hash() -> str:
    """argon2 is slow on purpose: hash the test password once per session."""
    from api.auth import hash_password

    return hash_password(TEST_PASSWORD)


class ClinicFactory:
    """Builds real rows (no mocks): organisations, staff, clients, episodes, supervision."""

    def __init__(self, session: Session, password_hash: str) -> None:
        self.session = session
        self.password_hash = password_hash
        self._n = 0

    def _next(self) -> int:
        self._n += 1
        return self._n

    def organisation(self, name: str | None = None):
        from models.orm import Organisation

        org = Organisation(name=name or f"Clinic {uuid.uuid4().hex[:8]}", timezone="UTC")
        self.session.add(org)
        self.session.flush()
        return org

    def user(self, org, role, username: str | None = None, active: bool = True):
        from models.orm import User

        n = self._next()
        user = User(
            organisation_id=org.id,
            username=username or f"{str(role).lower()}{n}-{uuid.uuid4().hex[:6]}",
            password_hash=self.password_hash,
            full_name=f"Staff Member {n}",
            role=role,
            credentials=str(role),
            is_active=active,
        )
        self.session.add(user)
        self.session.flush()
        return user

    def supervision(self, supervisor, supervisee, starts_on: date, ends_on: date | None = None):
        from models.orm import Supervision

        row = Supervision(
            supervisor_id=supervisor.id, supervisee_id=supervisee.id, starts_on=starts_on, ends_on=ends_on
        )
        self.session.add(row)
        self.session.flush()
        return row

    def client(self, org, last_name: str | None = None):
        from models.orm import Client

        n = self._next()
        client = Client(
            organisation_id=org.id,
            mrn=f"MRN-{n:05d}",
            first_name="Synthetic",
            last_name=last_name or f"Client{n}",
            date_of_birth=date(1950, 1, 1) + timedelta(days=n),
        )
        self.session.add(client)
        self.session.flush()
        return client

    def episode(self, client, therapist, assistant=None, discipline=None):
        from models.enums import ROLE_DISCIPLINE
        from models.orm import Episode, EpisodeDiagnosis, Goal

        episode = Episode(
            client_id=client.id,
            discipline=discipline or ROLE_DISCIPLINE[therapist.role],
            therapist_id=therapist.id,
            assistant_id=assistant.id if assistant else None,
            start_date=date.today() - timedelta(days=10),
            plan_of_care_start=date.today() - timedelta(days=10),
            certification_through=date.today() + timedelta(days=80),
            payer_code="medicare",
            precautions=["fall risk"],
            diagnoses=[EpisodeDiagnosis(rank=1, icd10_code="M17.11", description="Primary OA, right knee")],
            goals=[Goal(text="Ambulate 150 feet independently", baseline="50 ft", target="150 ft")],
        )
        self.session.add(episode)
        self.session.flush()
        return episode


@pytest.fixture
def factory(db: Session, password_hash: str) -> ClinicFactory:
    return ClinicFactory(db, password_hash)


# --- the API ------------------------------------------------------------------------------------


@pytest.fixture
def app(settings):
    from api.app import create_app

    return create_app(settings)


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def login(client) -> Callable[[str], dict[str, str]]:
    """Log in as `username` (with the test password) and return the Authorization header."""

    def _login(username: str, password: str = TEST_PASSWORD) -> dict[str, str]:
        response = client.post("/api/auth/login", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    return _login


# --- Redis ----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("REHAB_SCRIBE_TEST_REDIS_URL", REDIS_DEFAULT_URL)
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as exc:  # connection refused, timeout, auth: all "no server"
        unavailable("Redis", str(exc).splitlines()[0])
    return url
