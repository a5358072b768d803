"""Reminder thresholds (from reminders.yaml), sign readiness, role keys and addendum hashes."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from signing.readiness import sign_blocker, unconfirmed_pulled_forward
from signing.reminders import (
    RemindersFileError,
    authorisation_running_out,
    load_thresholds,
    progress_report_due,
    progress_report_due_at,
    recertification_date,
    recertification_due,
)
from signing.rules import discipline_key, may_author, requires_cosign, role_key
from signing.signature import addendum_hash

TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, None), (7, None), (8, (False, 2)), (9, (False, 1)), (10, (True, 0)), (13, (True, -3))],
)
def test_progress_report_every_ten_treatment_days(days: int, expected: tuple[bool, int] | None) -> None:
    got = progress_report_due(days)
    assert (None if got is None else (got.overdue, got.remaining)) == expected


@pytest.mark.parametrize(("day", "due"), [(0, False), (1, False), (9, False), (10, True), (12, True)])
def test_the_tenth_treatment_day_visit_is_the_progress_report(day: int, due: bool) -> None:
    assert progress_report_due_at(day) is due


def test_recertification_window_and_default_ninety_days() -> None:
    start = TODAY - timedelta(days=80)
    due = recertification_date(start, None, None)
    assert due == start + timedelta(days=90)
    reminder = recertification_due(due, TODAY)
    assert reminder is not None
    assert reminder.remaining == 10
    assert not reminder.overdue
    assert recertification_due(TODAY + timedelta(days=15), TODAY) is None
    late = recertification_due(TODAY - timedelta(days=1), TODAY)
    assert late is not None
    assert late.overdue
    assert "overdue by 1 day" in late.message
    # An explicit recertification date wins over the certification period's end.
    assert recertification_date(start, TODAY, TODAY + timedelta(days=3)) == TODAY + timedelta(days=3)
    assert recertification_date(None, None, None) is None


@pytest.mark.parametrize(
    ("authorised", "used", "left"), [(None, 5, None), (10, 7, None), (10, 8, 2), (10, 10, 0), (4, 6, -2)]
)
def test_authorised_visits_running_out(authorised: int | None, used: int, left: int | None) -> None:
    got = authorisation_running_out(authorised, used)
    assert (None if got is None else got.remaining) == left
    if got is not None:
        assert got.overdue is (left is not None and left <= 0)


def test_a_bad_thresholds_file_names_the_file_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "reminders.yaml"
    bad.write_text("progress_report: {every_treatment_days: ten, warn_within_treatment_days: 2}\n")
    with pytest.raises(RemindersFileError, match=r"reminders.yaml: progress_report.every_treatment_days"):
        load_thresholds(bad)


def test_unconfirmed_pulled_forward_items_block_signing() -> None:
    content = {
        "pulled_forward": [
            {"section": "plan", "text": "a", "confirmed": False},
            {"section": "goals", "text": "b", "confirmed": True},
            {"section": "home_exercise_program", "text": "c", "confirmed": False},
        ]
    }
    assert unconfirmed_pulled_forward(content) == 2
    # Named by position and section, never by their (clinical) text.
    assert sign_blocker(content) == (
        "2 pulled-forward items from the last note are not confirmed: item 1 (plan), "
        "item 3 (home exercise program); confirm, change or remove each before signing"
    )
    one = sign_blocker({"pulled_forward": [{"confirmed": False}]})
    assert one == (
        "1 pulled-forward item from the last note is not confirmed: item 1; "
        "confirm, change or remove each before signing"
    )
    assert sign_blocker({"pulled_forward": []}) is None
    assert sign_blocker({}) is None
    assert sign_blocker(["not", "a", "draft"]) is None


@pytest.mark.parametrize(
    ("stored", "key"), [("PT", "pt"), ("PTA", "pta"), ("SLP-CF", "slp_cf"), ("COTA", "cota")]
)
def test_stored_roles_map_onto_the_rules_file(stored: str, key: str) -> None:
    assert role_key(stored) == key
    assert requires_cosign(key) is (key != "pt")


def test_recertification_notes_are_for_the_licensed_therapist() -> None:
    assert may_author("pta", "recertification", discipline_key("PT")) is not None
    assert may_author("pt", "recertification", discipline_key("PT")) is None


def test_an_addendum_hash_binds_note_version_author_text_and_time() -> None:
    base = {"author_id": "7", "text": "late entry", "reason": None, "signed_at": "2026-06-15T10:00:00+00:00"}
    h = addendum_hash("12", 2, **base)
    assert h == addendum_hash("12", 2, **base)
    assert h != addendum_hash("13", 2, **base)
    assert h != addendum_hash("12", 3, **base)
    assert h != addendum_hash("12", 2, **{**base, "text": "late entry."})
    assert h != addendum_hash("12", 2, **{**base, "author_id": "8"})
