"""Two sign or co-sign requests on one note at once: exactly one succeeds, the other gets 409."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from models import notes_service as svc
from models.errors import ConflictError
from models.orm import User
from models.repositories import Caseload
from tests.api.test_notes_support import cosign, create, notes_clinic, releases, sign

ONLY_POSTGRES = pytest.mark.parametrize(
    "backend", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


@pytest.fixture
def nc(db: Session, factory: Any, clinic: dict[str, Any]) -> dict[str, Any]:
    return notes_clinic(db, factory, clinic)


def _race_through_the_api(client: Any, calls: list[Callable[[], Any]]) -> list[int]:
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> int:
        barrier.wait(timeout=10)
        return int(call().status_code)

    with ThreadPoolExecutor(len(calls)) as pool:
        return sorted(pool.map(run, calls))


def test_two_signs_at_once_through_the_api(client, nc, login, db) -> None:
    pt = login("pt.one")
    note_id = create(client, pt, nc["own"].id).json()["id"]
    codes = _race_through_the_api(
        client, [lambda: sign(client, pt, note_id), lambda: sign(client, pt, note_id)]
    )
    assert codes == [200, 409]
    body = client.get(f"/api/notes/{note_id}", headers=pt).json()
    assert len(body["signatures"]) == 1
    assert body["status"] == "final"
    assert [r[1] for r in releases(db)] == [note_id]


def test_two_cosigns_at_once_through_the_api(client, nc, login, db, factory) -> None:
    # A second supervising PT, so both co-signers are entitled and only the race decides.
    from datetime import date, timedelta

    factory.supervision(nc["pt2"], nc["pta"], starts_on=date.today() - timedelta(days=5))
    db.commit()
    pta, pt, pt2 = login("pta.one"), login("pt.one"), login("pt.two")
    note_id = create(client, pta, nc["via_pta"].id).json()["id"]
    assert sign(client, pta, note_id).status_code == 200
    codes = _race_through_the_api(
        client, [lambda: cosign(client, pt, note_id), lambda: cosign(client, pt2, note_id)]
    )
    assert codes == [200, 409]
    sigs = client.get(f"/api/notes/{note_id}", headers=pta).json()["signatures"]
    assert [s["meaning"] for s in sigs] == ["authored", "co-signed"]
    assert len(releases(db)) == 1


def _caseload(session: Session, user_id: int) -> Caseload:
    return Caseload(session, session.get_one(User, user_id))


def _hold_then_race(
    factory: sessionmaker[Session], user_ids: tuple[int, int], act: Callable[[Caseload], object]
) -> dict[str, str]:
    """The first connection acts and holds its transaction open; the second must wait, then lose."""
    locked, release = threading.Event(), threading.Event()
    results: dict[str, str] = {}

    def first() -> None:
        with factory() as session:
            act(_caseload(session, user_ids[0]))
            locked.set()
            release.wait(10)
            session.commit()
            results["first"] = "ok"

    def second() -> None:
        locked.wait(10)
        with factory() as session:
            try:
                act(_caseload(session, user_ids[1]))
                session.commit()
                results["second"] = "ok"
            except ConflictError:
                session.rollback()
                results["second"] = "conflict"

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    locked.wait(10)
    threads[1].join(0.7)
    results["second_waited"] = "yes" if threads[1].is_alive() else "no"
    release.set()
    for t in threads:
        t.join(15)
    return results


@ONLY_POSTGRES
def test_two_connections_signing_at_once_one_wins(session_factory, nc, client, login) -> None:
    pt = login("pt.one")
    note_id = create(client, pt, nc["own"].id).json()["id"]
    pt_id = nc["pt"].id
    results = _hold_then_race(
        session_factory, (pt_id, pt_id), lambda cl: svc.sign_note(cl, note_id, version=1)
    )
    assert results == {"first": "ok", "second": "conflict", "second_waited": "yes"}


@ONLY_POSTGRES
def test_two_connections_cosigning_at_once_one_wins(session_factory, nc, client, login, db, factory) -> None:
    from datetime import date, timedelta

    factory.supervision(nc["pt2"], nc["pta"], starts_on=date.today() - timedelta(days=5))
    db.commit()
    pta = login("pta.one")
    note_id = create(client, pta, nc["via_pta"].id).json()["id"]
    sign(client, pta, note_id)
    results = _hold_then_race(
        session_factory, (nc["pt"].id, nc["pt2"].id), lambda cl: svc.cosign_note(cl, note_id)
    )
    assert results == {"first": "ok", "second": "conflict", "second_waited": "yes"}
    assert len(releases(db)) == 1
