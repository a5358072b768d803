"""A small clinic whose PHI is made of sentinel strings, so any leak of it is easy to find."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from models.enums import Role

# Made-up words that appear nowhere in code, logs or vocabularies: finding one means PHI leaked.
SENTINEL_FIRST = "Ximbrelle"
SENTINEL_LAST = "Quorvandel"
SENTINEL_MRN = "MRN-ZQX-77123"
SENTINEL_GOAL = "Vostrikane stairs"
SENTINELS = (SENTINEL_FIRST, SENTINEL_LAST, SENTINEL_MRN, "Vostrikane")


@pytest.fixture
def clinic(db: Session, factory) -> dict[str, Any]:
    from models.orm import Goal

    org = factory.organisation()
    c: dict[str, Any] = {
        "org": org,
        "pt": factory.user(org, Role.PT, username="sec.pt"),
        "pt2": factory.user(org, Role.PT, username="sec.pt2"),
        "pta": factory.user(org, Role.PTA, username="sec.pta"),
        "ot": factory.user(org, Role.OT, username="sec.ot"),
        "biller": factory.user(org, Role.BILLER, username="sec.biller"),
    }
    sentinel_client = factory.client(org, last_name=SENTINEL_LAST)
    sentinel_client.first_name = SENTINEL_FIRST
    sentinel_client.mrn = SENTINEL_MRN
    c["own"] = factory.episode(sentinel_client, c["pt"])
    c["own"].goals.append(Goal(text=f"Climb 12 {SENTINEL_GOAL} with one rail", baseline="4", target="12"))
    c["other"] = factory.episode(factory.client(org, last_name="Elsewhere"), c["pt2"])
    factory.supervision(c["pt"], c["pta"], starts_on=date.today() - timedelta(days=30))
    db.commit()
    return c
