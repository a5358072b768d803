"""Random edit/sign/co-sign/return/addendum sequences against the real service and database.

Whatever the order and whoever acts: a final note's content hash never changes, every successful
transition leaves exactly one audit event and a refused one leaves none, and a note reaches
billing exactly when (and only once) it is final.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from models import notes_service as svc
from models.enums import NoteStatus, NoteType
from models.errors import DomainError
from models.orm import AuditEvent, Note, NoteRelease, NoteVersion, User
from models.repositories import Caseload
from tests.api.test_notes_support import draft, notes_clinic

ACTORS = ["pta", "pt", "pt2", "ot"]
EDITABLE = (NoteStatus.DRAFT, NoteStatus.RETURNED)


@pytest.fixture
def nc(db: Session, factory: Any, clinic: dict[str, Any]) -> dict[str, Any]:
    return notes_clinic(db, factory, clinic)


def _machine(
    factory: sessionmaker[Session], ids: dict[str, int], seen: Counter[str]
) -> type[RuleBasedStateMachine]:
    class NoteLifecycle(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.note_id = 0
            self.ok: Counter[str] = Counter()
            self.final_hash: str | None = None
            self.final_version: int | None = None
            self.edits = 0
            self.status = NoteStatus.DRAFT

        def _act(self, actor: str, action: str, call: Any) -> None:
            with factory() as session:
                caseload = Caseload(session, session.get_one(User, ids[actor]))
                try:
                    call(caseload)
                except DomainError:
                    session.rollback()
                    return
                session.commit()
                self.ok[action] += 1
                seen[action] += 1
                self.status = session.get_one(Note, self.note_id).status

        @initialize(supervised=st.sampled_from([True, True, False]))
        def create(self, supervised: bool) -> None:
            author, episode = ("pta", ids["via_pta"]) if supervised else ("pt", ids["own"])
            self.author = author
            with factory() as session:
                caseload = Caseload(session, session.get_one(User, ids[author]))
                note = svc.create_note(
                    caseload, episode_id=episode, note_type=NoteType.DAILY, content=draft()
                )
                session.commit()
                self.note_id = note.id

        def _version(self) -> int:
            with factory() as session:
                return session.get_one(Note, self.note_id).current_version

        @rule(actor=st.sampled_from(ACTORS), stale=st.booleans(), unconfirmed=st.integers(0, 1))
        def edit(self, actor: str, stale: bool, unconfirmed: int) -> None:
            self.edits += 1
            version = self._version() - (1 if stale else 0)
            content = draft(f"plan {self.edits}", unconfirmed=unconfirmed)
            self._act(
                actor, "edit", lambda cl: svc.edit_note(cl, self.note_id, version=version, content=content)
            )

        @rule(actor=st.sampled_from(ACTORS))
        def sign(self, actor: str) -> None:
            version = self._version()
            self._act(actor, "sign", lambda cl: svc.sign_note(cl, self.note_id, version=version))

        @rule(actor=st.sampled_from(ACTORS))
        def cosign(self, actor: str) -> None:
            self._act(actor, "cosign", lambda cl: svc.cosign_note(cl, self.note_id))

        @rule(actor=st.sampled_from(ACTORS), reason=st.sampled_from(["", "add the gait minutes"]))
        def send_back(self, actor: str, reason: str) -> None:
            self._act(actor, "return", lambda cl: svc.return_note(cl, self.note_id, reason=reason))

        @rule(actor=st.sampled_from(ACTORS))
        def addendum(self, actor: str) -> None:
            self._act(actor, "addendum", lambda cl: svc.add_addendum(cl, self.note_id, text="late entry"))

        # The entitled actor for each step, enabled in the state where it can succeed, so
        # sequences reach every state and not only refusals.
        @precondition(lambda self: self.status in EDITABLE)
        @rule()
        def author_edits(self) -> None:
            self.edit(self.author, False, 0)

        @precondition(lambda self: self.status in EDITABLE)
        @rule()
        def author_signs(self) -> None:
            self.sign(self.author)

        # One rule for both decisions, so swarm testing cannot switch off returns alone.
        @precondition(lambda self: self.status is NoteStatus.AWAITING_COSIGN)
        @rule(approve=st.booleans())
        def supervisor_decides(self, approve: bool) -> None:
            if approve:
                self.cosign("pt")
            else:
                self.send_back("pt", "document the assist level")

        @precondition(lambda self: self.status is NoteStatus.FINAL)
        @rule()
        def author_adds_addendum(self) -> None:
            self.addendum(self.author)

        @invariant()
        def final_is_final_and_everything_is_audited(self) -> None:
            if not self.note_id:
                return
            with factory() as session:
                note = session.get_one(Note, self.note_id)
                version = session.scalars(
                    select(NoteVersion).where(
                        NoteVersion.note_id == note.id, NoteVersion.version_number == note.current_version
                    )
                ).one()
                n_versions = session.scalar(
                    select(func.count(NoteVersion.id)).where(NoteVersion.note_id == note.id)
                )
                releases = session.scalars(select(NoteRelease).where(NoteRelease.note_id == note.id)).all()
                events = Counter(
                    session.scalars(
                        select(AuditEvent.action).where(
                            AuditEvent.object_type == "note", AuditEvent.object_id == str(note.id)
                        )
                    )
                )
                checks = [svc.check_signature(session, s).valid for s in note.signatures]

                if note.status is NoteStatus.FINAL:
                    if self.final_hash is None:
                        self.final_hash, self.final_version = version.content_sha256, note.current_version
                    assert (version.content_sha256, note.current_version) == (
                        self.final_hash,
                        self.final_version,
                    )
                    assert n_versions == self.final_version
                    assert [r.content_sha256 for r in releases] == [self.final_hash]
                else:
                    assert self.final_hash is None, "a final note left the final state"
                    assert releases == []
                assert all(checks)
                assert self.ok["addendum"] == 0 or note.status is NoteStatus.FINAL
                for action in ("edit", "sign", "cosign", "return", "addendum"):
                    assert events[f"note.{action}"] == self.ok[action], action
                assert events["note.release"] == len(releases)
                assert events["note.create"] == 1

    return NoteLifecycle


def test_random_lifecycles_keep_final_notes_final_and_audited(session_factory, nc) -> None:
    ids = {k: nc[k].id for k in ACTORS} | {"via_pta": nc["via_pta"].id, "own": nc["own"].id}
    seen: Counter[str] = Counter()
    run_state_machine_as_test(
        _machine(session_factory, ids, seen),
        settings=settings(
            max_examples=40,
            stateful_step_count=16,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
    # One walk through every transition with the same machine and invariants, so the property
    # above can never pass vacuously, whatever sequences Hypothesis happened to draw.
    walk = _machine(session_factory, ids, seen)()
    walk.create(True)
    for step in (
        walk.author_edits,
        walk.author_signs,
        lambda: walk.supervisor_decides(False),
        walk.author_edits,
        walk.author_signs,
        lambda: walk.supervisor_decides(True),
        walk.author_adds_addendum,
        lambda: walk.edit("pta", False, 0),
    ):
        step()
        walk.final_is_final_and_everything_is_audited()
    assert walk.status is NoteStatus.FINAL
    assert walk.ok == Counter({"edit": 2, "sign": 2, "return": 1, "cosign": 1, "addendum": 1})
