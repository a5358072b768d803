"""Fixtures for charge capture tests: a billing-ready clinic and a maker of final notes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from models.orm import Note
from tests.billing_capture.billing_clinic import PTA_VISIT, BillingClinic


@pytest.fixture
def clinic(db: Session, password_hash: str) -> BillingClinic:
    c = BillingClinic(db, password_hash)
    db.commit()
    return c


@pytest.fixture
def final_note(clinic: BillingClinic) -> Callable[..., Note]:
    def make(interventions: list[dict[str, Any]] | None = None, **kw: Any) -> Note:
        note = clinic.note(PTA_VISIT if interventions is None else interventions, **kw)
        clinic.session.commit()
        return note

    return make
