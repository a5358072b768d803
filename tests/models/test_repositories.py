"""Caseload scoping: who sees which clients and episodes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from models.enums import Role
from models.errors import NotFoundError
from models.repositories import Caseload, supervisee_ids

TODAY = date(2025, 6, 15)


@pytest.fixture
def clinic(db: Session, factory):
    org = factory.organisation()
    c = {
        "org": org,
        "pt": factory.user(org, Role.PT),
        "pt2": factory.user(org, Role.PT),
        "pta": factory.user(org, Role.PTA),
        "ot": factory.user(org, Role.OT),
        "biller": factory.user(org, Role.BILLER),
        "admin": factory.user(org, Role.ADMIN),
    }
    c["own"] = factory.episode(factory.client(org), c["pt"])
    # Evaluated by pt2, treated by the PTA whom pt supervises.
    c["via_pta"] = factory.episode(factory.client(org), c["pt2"], assistant=c["pta"])
    c["other"] = factory.episode(factory.client(org), c["pt2"])
    c["ot_ep"] = factory.episode(factory.client(org), c["ot"])
    factory.supervision(c["pt"], c["pta"], starts_on=TODAY - timedelta(days=30), ends_on=TODAY)
    db.commit()
    return c


def _episode_ids(caseload: Caseload) -> set[int]:
    return set(caseload.session.scalars(caseload.episode_ids()))


def test_therapist_sees_own_and_supervised_assistants_episodes(db: Session, clinic) -> None:
    seen = _episode_ids(Caseload(db, clinic["pt"], on=TODAY))
    assert seen == {clinic["own"].id, clinic["via_pta"].id}


def test_supervision_outside_its_date_range_grants_nothing(db: Session, clinic) -> None:
    seen = _episode_ids(Caseload(db, clinic["pt"], on=TODAY + timedelta(days=1)))
    assert seen == {clinic["own"].id}
    assert supervisee_ids(db, clinic["pt"].id, TODAY) == [clinic["pta"].id]
    assert supervisee_ids(db, clinic["pt"].id, TODAY + timedelta(days=1)) == []


def test_assistant_sees_only_episodes_they_are_on(db: Session, clinic) -> None:
    assert _episode_ids(Caseload(db, clinic["pta"], on=TODAY)) == {clinic["via_pta"].id}


def test_other_therapists_clients_are_not_found(db: Session, clinic) -> None:
    caseload = Caseload(db, clinic["ot"], on=TODAY)
    with pytest.raises(NotFoundError):
        caseload.get_client(clinic["own"].client_id)
    with pytest.raises(NotFoundError):
        caseload.get_episode(clinic["own"].id)
    assert caseload.get_episode(clinic["ot_ep"].id).id == clinic["ot_ep"].id
    assert [c.id for c in caseload.list_clients()] == [clinic["ot_ep"].client_id]


def test_other_organisation_is_invisible_even_to_the_same_ids_roles(db: Session, factory, clinic) -> None:
    other_org = factory.organisation()
    foreign_pt = factory.user(other_org, Role.PT)
    # A data error linking a foreign therapist to this clinic's client must not leak it.
    factory.episode(clinic["own"].client, foreign_pt)
    db.commit()
    assert _episode_ids(Caseload(db, foreign_pt, on=TODAY)) == set()


@pytest.mark.parametrize("role", ["biller", "admin"])
def test_non_clinical_roles_see_no_clinical_content(db: Session, clinic, role: str) -> None:
    caseload = Caseload(db, clinic[role], on=TODAY)
    with pytest.raises(NotFoundError):
        caseload.list_clients()
    with pytest.raises(NotFoundError):
        caseload.get_episode(clinic["own"].id)
