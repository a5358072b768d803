"""The lifecycle and co-signature rules as tables, and random action sequences as a state machine."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from signing.lifecycle import Action, NoteStatus, TransitionError, transition
from signing.rules import SupervisionLink, may_author, may_cosign, requires_cosign
from signing.signature import content_hash, sign, verify

LINK = SupervisionLink("pt1", "pta1", date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("role", "needs"),
    [
        ("pt", False),
        ("ot", False),
        ("slp", False),
        ("pta", True),
        ("cota", True),
        ("slp_cf", True),
        ("pt_student", True),
    ],
)
def test_who_needs_a_cosignature(role: str, needs: bool) -> None:
    assert requires_cosign(role) is needs


@pytest.mark.parametrize(
    ("role", "note_type", "discipline", "allowed"),
    [
        ("pt", "evaluation", "pt", True),
        ("pta", "daily", "pt", True),
        ("pta", "evaluation", "pt", False),
        ("cota", "reevaluation", "ot", False),
        ("slp_cf", "daily", "slp", True),
        ("pta", "daily", "ot", False),
        ("pta", "progress", "pt", False),
    ],
)
def test_who_may_author(role: str, note_type: str, discipline: str, allowed: bool) -> None:
    assert (may_author(role, note_type, discipline) is None) is allowed


@pytest.mark.parametrize(
    ("cosigner_role", "cosigner_id", "day", "reason"),
    [
        ("pt", "pt1", date(2026, 6, 1), None),
        ("ot", "ot1", date(2026, 6, 1), "must be co-signed by a licensed PT"),
        ("pt", "pt2", date(2026, 6, 1), "no active supervision link"),
        ("pt", "pt1", date(2027, 1, 2), "no active supervision link"),
        ("pta", "pta2", date(2026, 6, 1), "must be co-signed by a licensed PT"),
    ],
)
def test_who_may_cosign_a_pta_note(
    cosigner_role: str, cosigner_id: str, day: date, reason: str | None
) -> None:
    got = may_cosign("pta", "pta1", cosigner_role, cosigner_id, "pt", day, [LINK])
    if reason is None:
        assert got is None
    else:
        assert got is not None
        assert reason in got


def test_pta_sign_then_cosign_reaches_final_and_billing_once() -> None:
    o1 = transition(NoteStatus.DRAFT, Action.SIGN, requires_cosign=True, is_author=True)
    assert (o1.status, o1.releases_to_billing) == (NoteStatus.AWAITING_COSIGN, False)
    o2 = transition(o1.status, Action.COSIGN, requires_cosign=True, is_author=False)
    assert (o2.status, o2.signature_meaning, o2.releases_to_billing) == (NoteStatus.FINAL, "co-signed", True)


def test_return_needs_a_reason_and_final_refuses_edits() -> None:
    with pytest.raises(TransitionError, match="reason"):
        transition(
            NoteStatus.AWAITING_COSIGN, Action.RETURN, requires_cosign=True, is_author=False, reason=" "
        )
    with pytest.raises(TransitionError, match="addendum") as exc:
        transition(NoteStatus.FINAL, Action.EDIT, requires_cosign=False, is_author=True)
    assert exc.value.conflict


def test_a_signature_copied_onto_another_note_fails() -> None:
    content = {"sections": {"plan": ["continue"]}}
    sig = sign(
        "n1", 3, content, signer_id="u1", printed_name="Ana Ruiz", credentials="PT, DPT", meaning="authored"
    )
    assert verify(sig, "n1", 3, content)
    assert not verify(sig, "n2", 3, content)
    assert not verify(sig, "n1", 4, content)
    assert not verify(sig, "n1", 3, {"sections": {"plan": ["discharge"]}})
    assert content_hash("n1", 3, {"b": 1, "a": 2}) == content_hash("n1", 3, {"a": 2, "b": 1})


class NoteMachine(RuleBasedStateMachine):
    """Random edit/sign/cosign/return/addendum sequences: final content never changes, billing after final."""

    def __init__(self) -> None:
        super().__init__()
        self.status = NoteStatus.DRAFT
        self.content = 0
        self.final_hash: str | None = None
        self.released = 0
        self.requires_cosign = True

    def _apply(self, action: Action, is_author: bool, reason: str | None = None) -> None:
        try:
            out = transition(
                self.status, action, requires_cosign=self.requires_cosign, is_author=is_author, reason=reason
            )
        except TransitionError:
            return
        if action is Action.EDIT:
            self.content += 1
        if out.releases_to_billing:
            assert out.status is NoteStatus.FINAL
            self.released += 1
        self.status = out.status
        if self.status is NoteStatus.FINAL and self.final_hash is None:
            self.final_hash = content_hash("n", 1, self.content)

    @rule(by_author=st.booleans())
    def edit(self, by_author: bool) -> None:
        self._apply(Action.EDIT, by_author)

    @rule(by_author=st.booleans())
    def sign(self, by_author: bool) -> None:
        self._apply(Action.SIGN, by_author)

    @rule(by_author=st.booleans())
    def cosign(self, by_author: bool) -> None:
        self._apply(Action.COSIGN, by_author)

    @rule(reason=st.sampled_from(["", "add the minutes for gait training"]))
    def send_back(self, reason: str) -> None:
        self._apply(Action.RETURN, False, reason)

    @rule()
    def addendum(self) -> None:
        self._apply(Action.ADDENDUM, True)

    @invariant()
    def final_never_changes_and_reaches_billing_once(self) -> None:
        if self.final_hash is not None:
            assert self.status is NoteStatus.FINAL
            assert content_hash("n", 1, self.content) == self.final_hash
        assert self.released <= 1
        assert (self.released == 1) == (self.status is NoteStatus.FINAL)


TestNoteMachine = NoteMachine.TestCase
TestNoteMachine.settings = settings(max_examples=150, stateful_step_count=25, deadline=None)
