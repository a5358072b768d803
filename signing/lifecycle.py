"""The note lifecycle: the one place that decides which transition is allowed from which state.

    draft --sign--> final                       (licensed author)
    draft --sign--> awaiting_cosign --cosign--> final   (assistant / clinical fellow / student)
    awaiting_cosign --return(reason)--> returned --edit--> returned --sign--> awaiting_cosign
    final --addendum--> final (the original never changes; the addendum is its own signed record)

`signed` and `cosigned` are the meanings of the signatures, recorded with each signature; the state
says what the note is waiting for. The API, the worker and the UI call `transition` and persist
what it returns; they never set a status themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class NoteStatus(StrEnum):
    DRAFT = "draft"
    AWAITING_COSIGN = "awaiting_cosign"
    RETURNED = "returned"
    FINAL = "final"


class Action(StrEnum):
    EDIT = "edit"
    SIGN = "sign"
    COSIGN = "cosign"
    RETURN = "return"
    ADDENDUM = "addendum"


class TransitionError(Exception):
    """A transition the lifecycle does not allow. `conflict` errors map to HTTP 409, others to 403/422."""

    def __init__(self, message: str, *, conflict: bool = True) -> None:
        super().__init__(message)
        self.conflict = conflict


EDITABLE = frozenset({NoteStatus.DRAFT, NoteStatus.RETURNED})


@dataclass(frozen=True)
class Outcome:
    status: NoteStatus
    signature_meaning: str | None  # "authored" / "co-signed" when a signature is recorded
    releases_to_billing: bool  # the hand-off event to billing happens exactly when a note turns final


def transition(
    status: NoteStatus, action: Action, *, requires_cosign: bool, is_author: bool, reason: str | None = None
) -> Outcome:
    if action is Action.EDIT:
        if status not in EDITABLE:
            raise TransitionError(
                f"a {status.value} note cannot be edited"
                + ("; write an addendum instead" if status is NoteStatus.FINAL else "")
            )
        if not is_author:
            raise TransitionError("only the author edits a note", conflict=False)
        return Outcome(status, None, False)
    if action is Action.SIGN:
        if status not in EDITABLE:
            raise TransitionError(f"a {status.value} note cannot be signed again")
        if not is_author:
            raise TransitionError("only the author signs a note; supervisors co-sign", conflict=False)
        if requires_cosign:
            return Outcome(NoteStatus.AWAITING_COSIGN, "authored", False)
        return Outcome(NoteStatus.FINAL, "authored", True)
    if action is Action.COSIGN:
        if status is not NoteStatus.AWAITING_COSIGN:
            raise TransitionError(f"a {status.value} note is not awaiting a co-signature")
        if is_author:
            raise TransitionError("an author cannot co-sign their own note", conflict=False)
        return Outcome(NoteStatus.FINAL, "co-signed", True)
    if action is Action.RETURN:
        if status is not NoteStatus.AWAITING_COSIGN:
            raise TransitionError(f"a {status.value} note cannot be returned")
        if not reason or not reason.strip():
            raise TransitionError("returning a note needs a reason the author can act on", conflict=False)
        return Outcome(NoteStatus.RETURNED, None, False)
    if action is Action.ADDENDUM:
        if status is not NoteStatus.FINAL:
            raise TransitionError("addenda are for final notes; edit the draft instead")
        return Outcome(NoteStatus.FINAL, "authored", False)
    raise TransitionError(f"unknown action {action}")  # pragma: no cover
