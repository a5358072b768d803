"""Charge capture from final notes, corrections, the scrubber and release, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from billing_capture import capture, capture_pending, release, scrub
from billing_capture.release import ReleaseBlockedError
from models.enums import ChargeSetStatus, ChargeStatus, NoteStatus, NoteType
from models.errors import ConflictError, NotFoundError
from models.orm import AuditEvent, BillingFeedEntry, Charge, ChargeSet, FeeScheduleEntry


def _count(db, model) -> int:
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_pta_note_carries_gp_cq_and_the_supervising_pt(db, clinic, final_note) -> None:
    note = final_note()
    charge_set = capture(db, note.id)
    db.commit()
    lines = charge_set.lines
    assert [ln.code for ln in lines] == ["97110", "97140"]
    assert sum(ln.units for ln in lines) == 2  # 34 timed minutes under the 8-minute rule
    for ln in lines:
        assert ln.modifiers[:2] == ["GP", "CQ"]
        assert ln.rendering_provider_npi == clinic.pta.npi
        assert ln.supervising_provider_npi == clinic.pt.npi
        assert ln.supervising_provider_id == clinic.pt.id
        assert ln.diagnosis_pointers == ["M17.11", "R26.2"]
        assert ln.place_of_service == "11"
        assert ln.date_of_service == date(2025, 3, 10)
        assert ln.amount_cents > 0
        assert ln.status == ChargeStatus.PENDING
    assert [ln.minutes for ln in lines] == [24, 10]
    assert charge_set.total_cents == sum(ln.amount_cents for ln in lines)
    assert charge_set.provider_role == "pta"
    assert charge_set.payer_code == "medicare"
    assert charge_set.error_count == 0, charge_set.problems
    assert db.scalar(select(func.count()).where(AuditEvent.action == "charge_set.capture")) == 1


def test_capturing_twice_returns_the_same_set(db, final_note) -> None:
    note = final_note()
    first = capture(db, note.id)
    db.commit()
    second = capture(db, note.id)
    db.commit()
    assert second.id == first.id
    assert _count(db, ChargeSet) == 1
    assert _count(db, Charge) == 2
    report = capture_pending(db)
    assert report.captured == []
    assert _count(db, ChargeSet) == 1


@pytest.mark.parametrize("status", [NoteStatus.DRAFT, NoteStatus.SIGNED, NoteStatus.AWAITING_COSIGN])
def test_a_note_that_is_not_final_is_refused_and_nothing_is_written(db, final_note, status) -> None:
    note = final_note(status=status)
    with pytest.raises(ConflictError, match="final notes only"):
        capture(db, note.id)
    db.rollback()
    assert _count(db, ChargeSet) == 0
    assert _count(db, Charge) == 0
    assert capture_pending(db).captured == []


def test_unknown_note_is_not_found(db, clinic) -> None:
    with pytest.raises(NotFoundError):
        capture(db, 987654)


def test_addendum_changing_billable_content_supersedes_with_history(db, clinic, final_note) -> None:
    note = final_note()
    first = capture(db, note.id)
    release(db, first.id, clinic.biller)
    db.commit()

    clinic.addendum(note, "Clarified wording only.")
    db.commit()
    assert capture(db, note.id).id == first.id  # prose does not change billing

    clinic.addendum(
        note,
        "97110 was 38 minutes, not 24.",
        [{"cpt": "97110", "minutes": 38}, {"cpt": "97140", "minutes": 10}],
    )
    db.commit()
    report = capture_pending(db)
    db.commit()
    assert len(report.captured) == 1
    corrected = db.get(ChargeSet, report.captured[0])
    db.refresh(first)
    assert corrected.id != first.id
    assert corrected.version == 2
    assert corrected.supersedes_id == first.id
    assert first.status == ChargeSetStatus.SUPERSEDED
    assert first.superseded_by_id == corrected.id
    assert all(ln.status == ChargeStatus.VOID for ln in first.lines)
    assert sum(ln.units for ln in corrected.lines) == 3  # 48 minutes
    assert sum(ln.units for ln in first.lines) == 2  # history kept as it was
    events = db.scalars(select(BillingFeedEntry.event).order_by(BillingFeedEntry.id)).all()
    assert events == ["released", "superseded"]
    # Capturing again is still idempotent after the correction.
    assert capture(db, note.id).id == corrected.id
    assert capture_pending(db).captured == []


def test_kx_is_added_when_year_to_date_charges_cross_the_threshold(db, clinic, final_note) -> None:
    # $2,410 for 2025 (PT and SLP combined): earlier PT visits at a clinic fee of $400 per 97110 unit.
    db.add(
        FeeScheduleEntry(
            organisation_id=clinic.org.id, code="97110", unit_cents=40_000, effective_from=date(2025, 1, 1)
        )
    )
    db.commit()
    visit = [{"cpt": "97110", "minutes": 45}]  # 3 units, $1,200 a visit
    first = capture(db, final_note(visit, day=date(2025, 3, 3)).id)
    second = capture(db, final_note(visit, day=date(2025, 3, 5)).id)
    third = capture(db, final_note(visit, day=date(2025, 3, 7)).id)
    db.commit()
    assert first.total_cents == 120_000
    assert not any("KX" in ln.modifiers for ln in first.lines + second.lines)
    # $2,400 before the third visit: its first unit crosses $2,410.
    assert all("KX" in ln.modifiers for ln in third.lines)
    assert any(p["code"] == "kx_applied" for p in third.problems)
    # OT has its own threshold: an OT visit for the same client starts from zero.
    ot_episode = clinic.new_episode(clinic.client, discipline="OT", therapist=clinic.ot)
    ot_note = final_note(
        [{"cpt": "97530", "minutes": 30}], author=clinic.ot, episode=ot_episode, day=date(2025, 3, 8)
    )
    ot_set = capture(db, ot_note.id)
    assert not any("KX" in ln.modifiers for ln in ot_set.lines)
    assert all(ln.modifiers[0] == "GO" for ln in ot_set.lines)


def test_scrubber_error_blocks_release_and_warning_does_not(db, clinic, final_note) -> None:
    clinic.episode.certification_through = date(2025, 3, 5)  # plan of care ended before the visit
    db.commit()
    blocked = capture(db, final_note().id)
    db.commit()
    assert blocked.error_count >= 1
    assert "plan_of_care_expired" in {p["code"] for p in blocked.problems if p["severity"] == "error"}
    with pytest.raises(ReleaseBlockedError) as info:
        release(db, blocked.id, clinic.biller)
    assert any(p["code"] == "plan_of_care_expired" for p in info.value.problems)
    db.rollback()
    assert db.get(ChargeSet, blocked.id).status == ChargeSetStatus.CAPTURED

    # Recertified, but not yet signed by the physician (within 30 days): a warning only.
    clinic.episode.certification_through = date(2025, 5, 29)
    clinic.episode.plan_of_care_certified_on = None
    db.commit()
    released = release(db, blocked.id, clinic.biller)
    db.commit()
    assert released.status == ChargeSetStatus.RELEASED
    warnings = {p["code"] for p in released.problems if p["severity"] == "warning"}
    assert "plan_of_care_not_certified" in warnings
    assert released.error_count == 0
    assert all(ln.status == ChargeStatus.READY and ln.released_at for ln in released.lines)
    # Releasing again changes nothing; a superseded set cannot be released.
    assert release(db, blocked.id, clinic.biller).released_at == released.released_at
    assert _count(db, BillingFeedEntry) == 1


def test_missing_supervisor_is_an_error(db, clinic, final_note) -> None:
    from models.orm import Supervision

    for row in db.scalars(select(Supervision)).all():
        db.delete(row)
    db.commit()
    charge_set = capture(db, final_note().id)
    codes = {p["code"] for p in charge_set.problems if p["severity"] == "error"}
    assert "supervisor_missing" in codes
    assert all(ln.supervising_provider_npi is None for ln in charge_set.lines)


def test_cosigner_is_the_supervising_provider(db, clinic, final_note) -> None:
    other_pt = clinic.user(clinic.pt.role, "Sam Second", "PT", "1234567893")
    db.commit()
    charge_set = capture(db, final_note(cosigned_by=other_pt).id)
    assert {ln.supervising_provider_npi for ln in charge_set.lines} == {"1234567893"}


def test_progress_report_overdue_and_authorisation(db, clinic, final_note) -> None:
    clinic.episode.authorised_visits = 3
    db.commit()
    sets = [
        capture(db, final_note([{"cpt": "97110", "minutes": 15}], day=date(2025, 3, 2 + i)).id)
        for i in range(4)
    ]
    db.commit()
    last = scrub(db, sets[-1])
    codes = {p["code"]: p["severity"] for p in last}
    assert codes.get("authorization_exhausted") == "error"
    assert "authorization_low" in {p["code"] for p in scrub(db, sets[1])}

    for i in range(7):
        capture(db, final_note([{"cpt": "97110", "minutes": 15}], day=date(2025, 3, 10 + i)).id)
    eleventh = capture(db, final_note([{"cpt": "97110", "minutes": 15}], day=date(2025, 3, 20)).id)
    assert any(p["code"] == "progress_report_overdue" for p in eleventh.problems)
    # A progress report resets the count.
    report = capture(
        db,
        final_note(
            [{"cpt": "97110", "minutes": 15}],
            day=date(2025, 3, 21),
            author=clinic.pt,
            note_type=NoteType.PROGRESS,
        ).id,
    )
    assert not any(p["code"].startswith("progress_report") for p in report.problems)


def test_capture_pending_walks_every_final_note_once(db, clinic, final_note) -> None:
    notes = [final_note(day=date(2025, 3, 3 + i)) for i in range(5)]
    final_note(status=NoteStatus.DRAFT)
    report = capture_pending(db, batch_size=2)
    db.commit()
    assert len(report.captured) == 5
    assert report.cursor == notes[-1].id
    assert {db.get(ChargeSet, i).note_id for i in report.captured} == {n.id for n in notes}
    assert capture_pending(db).captured == []
