"""The note lifecycle through the HTTP API, for each role and path, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from models.audit import verify_chain
from models.orm import AuditEvent, NoteVersion
from tests.api.test_notes_support import (
    PASSWORD,
    actions,
    cosign,
    create,
    draft,
    notes_clinic,
    releases,
    sign,
)


@pytest.fixture
def nc(db: Session, factory: Any, clinic: dict[str, Any]) -> dict[str, Any]:
    return notes_clinic(db, factory, clinic)


def _awaiting(client, login, nc) -> tuple[int, dict[str, str]]:
    pta = login("pta.one")
    note = create(client, pta, nc["via_pta"].id, therapy_session_id=nc["session"].id)
    assert note.status_code == 201, note.text
    signed = sign(client, pta, note.json()["id"])
    assert signed.status_code == 200, signed.text
    return note.json()["id"], pta


def _final(client, login, nc) -> tuple[int, dict[str, str]]:
    pt = login("pt.one")
    note_id = create(client, pt, nc["own"].id).json()["id"]
    assert sign(client, pt, note_id).json()["status"] == "final"
    return note_id, pt


def test_pta_signs_then_supervising_pt_cosigns_to_final(client, nc, login, db) -> None:
    note_id, pta = _awaiting(client, login, nc)
    pt = login("pt.one")
    waiting = client.get(f"/api/notes/{note_id}", headers=pt).json()
    assert waiting["status"] == "awaiting_cosign"
    assert waiting["requires_cosign"] is True
    assert not waiting["released_to_billing"]
    assert [s["meaning"] for s in waiting["signatures"]] == ["authored"]
    assert releases(db) == []

    done = cosign(client, pt, note_id)
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["status"] == "final"
    assert body["finalised_at"]
    assert body["released_to_billing"] is True
    sigs = body["signatures"]
    assert [(s["meaning"], s["signer_id"], s["valid"]) for s in sigs] == [
        ("authored", nc["pta"].id, True),
        ("co-signed", nc["pt"].id, True),
    ]
    assert sigs[1]["printed_name"] == nc["pt"].full_name
    assert sigs[1]["role"] == "PT"
    assert sigs[1]["display"].startswith("Co-signed by " + nc["pt"].full_name)
    assert sigs[0]["content_sha256"] == sigs[1]["content_sha256"] == body["content_sha256"]

    fed = releases(db)
    assert [(r[1], r[2]) for r in fed] == [(note_id, body["content_sha256"])]
    assert releases(db, after_id=fed[0][0]) == []
    assert {"note.create", "note.sign", "note.cosign", "note.release"} <= set(actions(db, note_id))
    assert verify_chain(db).ok


def test_licensed_author_signs_straight_to_final(client, nc, login, db) -> None:
    note_id, pt = _final(client, login, nc)
    body = client.get(f"/api/notes/{note_id}", headers=pt).json()
    assert body["requires_cosign"] is False
    assert [s["meaning"] for s in body["signatures"]] == ["authored"]
    assert [r[1] for r in releases(db)] == [note_id]


def test_pt_returns_a_pta_note_and_the_pta_edits_and_resigns(client, nc, login, db) -> None:
    note_id, pta = _awaiting(client, login, nc)
    pt = login("pt.one")
    back = client.post(
        f"/api/notes/{note_id}/return", json={"reason": "Add minutes for gait training"}, headers=pt
    )
    assert back.status_code == 200, back.text
    assert back.json()["status"] == "returned"
    assert back.json()["returned_reason"] == "Add minutes for gait training"
    queue = client.get("/api/queues/returned", headers=pta).json()
    assert [(q["note_id"], q["returned_reason"]) for q in queue] == [
        (note_id, "Add minutes for gait training")
    ]

    # Signing the same words again does not answer the return.
    assert sign(client, pta, note_id, version=1).status_code == 409
    edited = client.patch(
        f"/api/notes/{note_id}", json={"version": 1, "content": draft("Gait training 15 min")}, headers=pta
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["version"] == 2
    assert edited.json()["status"] == "returned"
    resigned = sign(client, pta, note_id, version=2)
    assert resigned.status_code == 200, resigned.text
    assert resigned.json()["status"] == "awaiting_cosign"
    assert [q["note_id"] for q in client.get("/api/queues/cosign", headers=pt).json()] == [note_id]
    assert client.get("/api/queues/returned", headers=pta).json() == []
    final = cosign(client, pt, note_id).json()
    assert final["status"] == "final"
    assert final["version"] == 2
    assert [s["version"] for s in final["signatures"]] == [1, 2, 2]
    assert all(s["valid"] for s in final["signatures"])
    assert "note.return" in actions(db, note_id)


def test_pta_cannot_author_an_evaluation(client, nc, login, db) -> None:
    refused = create(client, login("pta.one"), nc["via_pta"].id, note_type="evaluation")
    assert refused.status_code == 403
    assert "only the licensed therapist may author a evaluation" in refused.json()["detail"]
    assert create(client, login("pt.two"), nc["via_pta"].id, note_type="evaluation").status_code == 201
    # A PT cannot author on an OT episode either (discipline), and nobody outside the caseload at all.
    assert create(client, login("pt.one"), nc["pt2_only"].id).status_code == 404


def test_cosign_by_another_discipline_or_without_a_supervision_link_is_refused(client, nc, login, db) -> None:
    note_id, pta = _awaiting(client, login, nc)
    by_ot = cosign(client, login("ot.one"), note_id)
    assert by_ot.status_code == 403
    assert "must be co-signed by a licensed PT" in by_ot.json()["detail"]
    by_unlinked_pt = cosign(client, login("pt.two"), note_id)
    assert by_unlinked_pt.status_code == 403
    assert "no active supervision link" in by_unlinked_pt.json()["detail"]
    assert cosign(client, pta, note_id).status_code == 403
    returned = client.post(f"/api/notes/{note_id}/return", json={"reason": "x"}, headers=login("pt.two"))
    assert returned.status_code == 403
    # Nothing changed, and nothing was released.
    assert client.get(f"/api/notes/{note_id}", headers=pta).json()["status"] == "awaiting_cosign"
    assert releases(db) == []
    assert client.get("/api/queues/cosign", headers=login("pt.two")).json() == []


def test_an_expired_supervision_link_does_not_allow_a_cosign(client, nc, login, db) -> None:
    note_id, _ = _awaiting(client, login, nc)
    db.execute(
        text("UPDATE supervisions SET starts_on = :d WHERE supervisor_id = :pt"),
        {"d": "2020-01-01", "pt": nc["pt"].id},
    )
    db.execute(
        text("UPDATE supervisions SET ends_on = :d WHERE supervisor_id = :pt"),
        {"d": "2020-02-01", "pt": nc["pt"].id},
    )
    db.commit()
    # pt.one no longer sees the episode at all.
    assert cosign(client, login("pt.one"), note_id).status_code == 404


def test_addendum_on_a_final_note_leaves_the_note_byte_identical(client, nc, login, db) -> None:
    note_id, pt = _final(client, login, nc)
    before = client.get(f"/api/notes/{note_id}/versions/1", headers=pt).json()
    row_before = db.scalars(select(NoteVersion).where(NoteVersion.note_id == note_id)).one()
    raw_before = db.execute(
        text("SELECT content FROM note_versions WHERE id = :id"), {"id": row_before.id}
    ).scalar()
    db.commit()

    added = client.post(
        f"/api/notes/{note_id}/addenda",
        headers=pt,
        json={
            "text": "Late entry: ice 10 min after exercise.",
            "password": PASSWORD,
            "reason": "omitted modality",
        },
    )
    assert added.status_code == 201, added.text
    body = added.json()
    assert body["status"] == "final"
    assert body["version"] == 1
    assert [(a["text"], a["reason"], a["valid"]) for a in body["addenda"]] == [
        ("Late entry: ice 10 min after exercise.", "omitted modality", True)
    ]
    assert body["addenda"][0]["author_id"] == nc["pt"].id
    after = client.get(f"/api/notes/{note_id}/versions/1", headers=pt).json()
    assert after == before
    db.expire_all()
    assert (
        db.execute(text("SELECT content FROM note_versions WHERE id = :id"), {"id": row_before.id}).scalar()
        == raw_before
    )
    db.commit()
    assert all(s["valid"] for s in body["signatures"])
    assert "note.addendum" in actions(db, note_id)


def test_addenda_need_a_final_note_and_the_password(client, nc, login, db) -> None:
    note_id, pta = _awaiting(client, login, nc)
    body = {"text": "more", "password": PASSWORD}
    assert client.post(f"/api/notes/{note_id}/addenda", json=body, headers=pta).status_code == 409
    final_id, pt = _final(client, login, nc)
    wrong = client.post(f"/api/notes/{final_id}/addenda", json={**body, "password": "nope"}, headers=pt)
    assert wrong.status_code == 401
    assert "note.addendum_refused" in actions(db, final_id)
    assert client.get(f"/api/notes/{final_id}", headers=pt).json()["addenda"] == []


def test_a_final_note_refuses_every_write_through_the_api(client, nc, login, db) -> None:
    note_id, pt = _final(client, login, nc)
    assert (
        client.patch(
            f"/api/notes/{note_id}", json={"version": 1, "content": draft("changed")}, headers=pt
        ).status_code
        == 409
    )
    assert (
        "addendum"
        in client.patch(f"/api/notes/{note_id}", json={"version": 1, "content": draft()}, headers=pt).json()[
            "detail"
        ]
    )
    assert sign(client, pt, note_id).status_code == 409
    assert cosign(client, login("pt.two"), note_id).status_code in (404, 409)
    assert client.post(f"/api/notes/{note_id}/return", json={"reason": "x"}, headers=pt).status_code == 409
    assert client.get(f"/api/notes/{note_id}", headers=pt).json()["version"] == 1


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE notes SET status = 'draft' WHERE id = :id",
        "UPDATE notes SET returned_reason = 'x' WHERE id = :id",
        "DELETE FROM notes WHERE id = :id",
        "UPDATE note_versions SET content_sha256 = upper(content_sha256) WHERE note_id = :id",
        "DELETE FROM note_versions WHERE note_id = :id",
        "INSERT INTO note_versions (note_id, version_number, content, content_sha256, created_at) "
        "SELECT note_id, 2, content, content_sha256, created_at FROM note_versions WHERE note_id = :id",
        "UPDATE signatures SET printed_name = 'Someone Else' WHERE note_id = :id",
        "DELETE FROM signatures WHERE note_id = :id",
        "DELETE FROM note_releases WHERE note_id = :id",
    ],
)
def test_the_database_refuses_changes_to_a_final_note(client, nc, login, db, backend, statement: str) -> None:
    note_id, _ = _final(client, login, nc)
    with pytest.raises(DBAPIError, match="final|never"):
        db.execute(text(statement), {"id": note_id})
    db.rollback()
    assert db.execute(text("SELECT status FROM notes WHERE id = :id"), {"id": note_id}).scalar() == "final"


def test_the_database_refuses_releases_and_addenda_for_notes_not_final(client, nc, login, db) -> None:
    note_id, _ = _awaiting(client, login, nc)
    version_id = db.execute(
        text("SELECT id FROM note_versions WHERE note_id = :id"), {"id": note_id}
    ).scalar()
    pt_id = nc["pt"].id
    with pytest.raises(DBAPIError):
        db.execute(
            text(
                "INSERT INTO note_releases (note_id, note_version_id, content_sha256, released_at) "
                "VALUES (:n, :v, :h, CURRENT_TIMESTAMP)"
            ),
            {"n": note_id, "v": version_id, "h": "a" * 64},
        )
    db.rollback()
    with pytest.raises(DBAPIError):
        db.execute(
            text(
                "INSERT INTO addenda (note_id, author_id, printed_name, body, content_sha256, signed_at) "
                "VALUES (:n, :a, 'X', 'text', :h, CURRENT_TIMESTAMP)"
            ),
            {"n": note_id, "a": pt_id, "h": "a" * 64},
        )
    db.rollback()


def test_a_signature_copied_onto_another_note_fails_verification(client, nc, login, db) -> None:
    first, _ = _awaiting(client, login, nc)
    second, pta = _awaiting(client, login, nc)
    copied = db.execute(
        text("SELECT content_sha256 FROM signatures WHERE note_id = :id"), {"id": first}
    ).scalar()
    target_version = db.execute(
        text("SELECT id FROM note_versions WHERE note_id = :id"), {"id": second}
    ).scalar()
    # A forged co-signature on the second note, carrying the first note's (genuine) hash.
    db.execute(
        text(
            "INSERT INTO signatures (note_id, note_version_id, signer_id, printed_name, credentials, role, "
            "meaning, signed_at, content_sha256) VALUES (:n, :v, :s, 'Forger', 'PT', 'PT', 'co-signed', "
            "CURRENT_TIMESTAMP, :h)"
        ),
        {"n": second, "v": target_version, "s": nc["pt"].id, "h": copied},
    )
    # And the whole first-note signature row re-pointed at the second note.
    db.execute(
        text(
            "INSERT INTO signatures (note_id, note_version_id, signer_id, printed_name, credentials, role, "
            "meaning, signed_at, content_sha256) SELECT :n, note_version_id, :s, printed_name, credentials, "
            "'PT', 'reviewed', signed_at, content_sha256 FROM signatures WHERE note_id = :first"
        ),
        {"n": second, "s": nc["pt"].id, "first": first},
    )
    db.commit()
    sigs = client.get(f"/api/notes/{second}", headers=pta).json()["signatures"]
    assert [(s["meaning"], s["valid"]) for s in sigs] == [
        ("authored", True),
        ("co-signed", False),
        ("reviewed", False),
    ]
    assert all(s["valid"] for s in client.get(f"/api/notes/{first}", headers=pta).json()["signatures"])


def test_signing_with_unconfirmed_pulled_forward_items_is_refused(client, nc, login, db) -> None:
    pt = login("pt.one")
    note_id = create(client, pt, nc["own"].id, content=draft(unconfirmed=2, confirmed=1)).json()["id"]
    refused = sign(client, pt, note_id)
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("2 pulled-forward items from the last note are not confirmed")
    assert client.get(f"/api/notes/{note_id}", headers=pt).json()["status"] == "draft"
    fixed = client.patch(
        f"/api/notes/{note_id}", json={"version": 1, "content": draft(confirmed=3)}, headers=pt
    )
    assert fixed.status_code == 200
    assert sign(client, pt, note_id, version=2).json()["status"] == "final"


def test_a_wrong_password_signs_nothing_and_is_audited(client, nc, login, db) -> None:
    pt = login("pt.one")
    note_id = create(client, pt, nc["own"].id).json()["id"]
    wrong = sign(client, pt, note_id, password="not my password")
    assert wrong.status_code == 401
    assert "nothing was signed" in wrong.json()["detail"]
    assert client.get(f"/api/notes/{note_id}", headers=pt).json()["signatures"] == []
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "note.sign_refused")).one()
    assert (event.actor_user_id, event.object_id, event.client_id) == (
        nc["pt"].id,
        str(note_id),
        nc["own"].client_id,
    )


def test_edits_carry_a_version_and_a_stale_one_is_409(client, nc, login, db) -> None:
    pt = login("pt.one")
    note_id = create(client, pt, nc["own"].id).json()["id"]
    assert (
        client.patch(f"/api/notes/{note_id}", json={"version": 1, "content": draft("A")}, headers=pt).json()[
            "version"
        ]
        == 2
    )
    stale = client.patch(f"/api/notes/{note_id}", json={"version": 1, "content": draft("B")}, headers=pt)
    assert stale.status_code == 409
    assert sign(client, pt, note_id, version=1).status_code == 409  # must sign what they read
    assert (
        client.patch(f"/api/notes/{note_id}", json={"version": 2, "content": draft("C")}, headers=pt).json()[
            "version"
        ]
        == 3
    )
    versions = client.get(f"/api/notes/{note_id}/versions", headers=pt).json()
    assert [v["version"] for v in versions] == [1, 2, 3]
    plans = [
        client.get(f"/api/notes/{note_id}/versions/{n}", headers=pt).json()["content"]["note"]["sections"][
            "plan"
        ][0]["text"]
        for n in (1, 2, 3)
    ]
    assert plans == ["Continue gait training", "A", "C"]
    assert client.get(f"/api/notes/{note_id}/versions/9", headers=pt).status_code == 404
    assert actions(db, note_id).count("note.edit") == 2


def test_only_the_author_edits(client, nc, login, db) -> None:
    note_id = create(client, login("pta.one"), nc["via_pta"].id).json()["id"]
    other = client.patch(
        f"/api/notes/{note_id}", json={"version": 1, "content": draft("x")}, headers=login("pt.one")
    )
    assert other.status_code == 403
    assert sign(client, login("pt.one"), note_id).status_code == 403


def test_viewing_a_note_is_audited_with_its_client(client, nc, login, db) -> None:
    note_id, pt = _final(client, login, nc)
    client.get(f"/api/notes/{note_id}", headers=pt)
    views = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "note.view", AuditEvent.object_id == str(note_id))
    ).all()
    assert views
    assert {v.client_id for v in views} == {nc["own"].client_id}
    assert all(v.request_id for v in views)


NOTE_ROUTES = [
    ("GET", "/api/notes/{id}", None),
    ("GET", "/api/notes/{id}/versions", None),
    ("GET", "/api/notes/{id}/versions/1", None),
    ("PATCH", "/api/notes/{id}", {"version": 1, "content": {}}),
    ("POST", "/api/notes/{id}/sign", {"version": 1, "password": PASSWORD}),
    ("POST", "/api/notes/{id}/cosign", {"password": PASSWORD}),
    ("POST", "/api/notes/{id}/return", {"reason": "x"}),
    ("POST", "/api/notes/{id}/addenda", {"text": "x", "password": PASSWORD}),
]


def test_every_note_route_is_404_outside_the_caseload_and_for_a_biller(client, nc, login, db) -> None:
    pt2 = login("pt.two")
    note_id = create(client, pt2, nc["pt2_only"].id).json()["id"]
    outsider, biller = login("pt.one"), login("biller.one")
    for method, path, body in NOTE_ROUTES:
        url = path.format(id=note_id)
        assert client.request(method, url, json=body, headers=outsider).status_code == 404, (method, path)
        assert client.request(method, url, json=body, headers=biller).status_code == 404, (method, path)
    assert (
        client.post(
            "/api/notes", json={"episode_id": nc["own"].id, "content": draft()}, headers=biller
        ).status_code
        == 404
    )
    assert [n["id"] for n in client.get("/api/notes", headers=outsider).json()] == []
    assert [n["id"] for n in client.get("/api/notes", headers=pt2).json()] == [note_id]
    assert not db.scalars(select(AuditEvent).where(AuditEvent.action.like("note.%_refused"))).all()


def test_a_billing_correction_addendum_carries_signed_interventions(client, nc, login, db) -> None:
    note_id, pt = _final(client, login, nc)
    corrected = [{"cpt": "97110", "minutes": 23}, {"cpt": "97116", "minutes": 15, "name": "gait training"}]
    body = {"text": "Gait training was omitted.", "password": PASSWORD, "interventions": corrected}
    added = client.post(f"/api/notes/{note_id}/addenda", json=body, headers=pt)
    assert added.status_code == 201, added.text
    addendum = added.json()["addenda"][0]
    assert addendum["valid"] is True
    assert [(i["cpt"], i["minutes"]) for i in addendum["interventions"]] == [("97110", 23), ("97116", 15)]
    bad = client.post(
        f"/api/notes/{note_id}/addenda", json={**body, "interventions": [{"cpt": "nope"}]}, headers=pt
    )
    assert bad.status_code == 422
