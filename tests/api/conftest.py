"""A small clinic for API tests: two PTs, a supervised PTA, an OT, a biller."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from models.enums import Role


@pytest.fixture
def clinic(db: Session, factory) -> dict[str, Any]:
    org = factory.organisation()
    c: dict[str, Any] = {
        "pt": factory.user(org, Role.PT, username="pt.one"),
        "pt2": factory.user(org, Role.PT, username="pt.two"),
        "pta": factory.user(org, Role.PTA, username="pta.one"),
        "ot": factory.user(org, Role.OT, username="ot.one"),
        "biller": factory.user(org, Role.BILLER, username="biller.one"),
        "inactive": factory.user(org, Role.PT, username="pt.gone", active=False),
    }
    c["own"] = factory.episode(factory.client(org, last_name="Hartley"), c["pt"])
    c["via_pta"] = factory.episode(factory.client(org, last_name="Okonkwo"), c["pt2"], assistant=c["pta"])
    c["pt2_only"] = factory.episode(factory.client(org, last_name="Lindqvist"), c["pt2"])
    factory.supervision(c["pt"], c["pta"], starts_on=date.today() - timedelta(days=30))
    db.commit()
    return c
