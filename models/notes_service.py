"""Notes through their lifecycle: create, edit, sign, co-sign, return, addenda, queues, hand-off to billing.

Each function takes the caller's `Caseload` (so every read starts from what the caller may see),
locks the note row before changing it, asks `signing.lifecycle` whether the change is allowed,
and writes an audit event. Functions flush, never commit: the request or task owns the transaction.

Lock order, always: the note row first (SELECT ... FOR UPDATE), then the audit chain's advisory
lock (taken by `record_event`). Two requests acting on one note queue on the row; the second
then sees the state the first left and gets a 409 from the lifecycle.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from models.audit import record_event
from models.enums import EpisodeStatus, NoteStatus, NoteType, SignatureMeaning, TherapySessionStatus
from models.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from models.orm import (
    Addendum,
    Episode,
    Note,
    NoteRelease,
    NoteVersion,
    Organisation,
    Signature,
    Supervision,
    TherapySession,
    User,
)
from models.repositories import Caseload, clinic_today
from models.types import utcnow
from signing import lifecycle as lc
from signing import reminders
from signing.readiness import sign_blocker
from signing.rules import (
    SupervisionLink,
    discipline_key,
    may_author,
    may_cosign,
    requires_cosign,
    role_key,
)
from signing.signature import Signature as SignedRecord
from signing.signature import addendum_hash, canonical_json, content_hash, verify
from signing.signature import sign as make_signature

# Note types whose final version restarts the progress-report count (Medicare: eval, progress, recert).
REPORT_NOTE_TYPES = (NoteType.EVALUATION, NoteType.PROGRESS, NoteType.RECERTIFICATION)


# --- reading ------------------------------------------------------------------------------------


def readable_notes(caseload: Caseload) -> Select[Note]:
    """Notes on episodes the caller may read: the statement every note query starts from."""
    return select(Note).where(Note.episode_id.in_(caseload.episode_ids()))


def get_note(caseload: Caseload, note_id: int, *, lock: bool = False) -> Note:
    """The note, or `NotFoundError` when it is missing or not the caller's to see.

    `lock=True` takes the row lock (FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already
    serialises writers) and reloads the row, so a decision is made on the state it will change.
    """
    stmt = readable_notes(caseload).where(Note.id == note_id)
    if lock:
        stmt = stmt.with_for_update(of=Note).execution_options(populate_existing=True)
    note = caseload.session.scalars(stmt).first()
    if note is None:
        raise NotFoundError("note not found")
    return note


def _episode(session: Session, note: Note) -> Episode:
    return session.get_one(Episode, note.episode_id)


def _author(session: Session, note: Note) -> User:
    return session.get_one(User, note.author_id)


def current_version(session: Session, note: Note) -> NoteVersion:
    version = session.scalars(
        select(NoteVersion).where(
            NoteVersion.note_id == note.id, NoteVersion.version_number == note.current_version
        )
    ).one()
    return version


def note_date(session: Session, note: Note) -> date:
    """The date of service a note documents (its session's), else the clinic day it was created."""
    if note.therapy_session_id is not None:
        return session.get_one(TherapySession, note.therapy_session_id).date_of_service
    author = _author(session, note)
    return clinic_today(session.get_one(Organisation, author.organisation_id), note.created_at)


def note_requires_cosign(session: Session, note: Note) -> bool:
    return requires_cosign(role_key(_author(session, note).role), _episode(session, note).payer_code)


# --- audit ----------------------------------------------------------------------------------------


def _audit(caseload: Caseload, note: Note, action: str, request_id: str | None) -> None:
    record_event(
        caseload.session,
        actor_user_id=caseload.user.id,
        action=action,
        client_id=_episode(caseload.session, note).client_id,
        object_type="note",
        object_id=note.id,
        request_id=request_id,
    )


def record_refused_signature(caseload: Caseload, note_id: int, action: str, request_id: str | None) -> None:
    """Audit a signing attempt refused for a wrong password (only on a note the caller may see).

    The caller commits this event even though the request fails: repeated refusals are what a
    security review looks for.
    """
    note = get_note(caseload, note_id)
    _audit(caseload, note, f"note.{action}_refused", request_id)


# --- the lifecycle -------------------------------------------------------------------------------


def _transition(
    note: Note, action: lc.Action, *, is_author: bool, requires: bool, reason: str | None = None
) -> lc.Outcome:
    try:
        return lc.transition(
            lc.NoteStatus(note.status.value),
            action,
            requires_cosign=requires,
            is_author=is_author,
            reason=reason,
        )
    except lc.TransitionError as exc:
        if exc.conflict:
            raise ConflictError(str(exc)) from exc
        raise PermissionDeniedError(str(exc)) from exc


def _normalise(content: dict[str, Any]) -> dict[str, Any]:
    """Exactly what the database will give back (canonical JSON round trip), so hashes are stable."""
    value = json.loads(canonical_json(content))
    if not isinstance(value, dict):
        raise InvalidInputError("note content must be a JSON object")
    return value


def _add_version(
    session: Session, note: Note, number: int, content: dict[str, Any], user: User
) -> NoteVersion:
    version = NoteVersion(
        note_id=note.id,
        version_number=number,
        content=content,
        content_sha256=content_hash(str(note.id), number, content),
        created_by_id=user.id,
    )
    session.add(version)
    return version


def _check_version(note: Note, version: int) -> None:
    if version != note.current_version:
        raise ConflictError(
            f"the note is at version {note.current_version}, not {version}; reload it and try again"
        )


def _template_of(content: dict[str, Any]) -> str | None:
    template = (content.get("note") or {}).get("template") if isinstance(content.get("note"), dict) else None
    return template[:80] if isinstance(template, str) else None


def create_note(
    caseload: Caseload,
    *,
    episode_id: int,
    note_type: NoteType,
    content: dict[str, Any],
    therapy_session_id: int | None = None,
    request_id: str | None = None,
) -> Note:
    """A draft authored by the caller, on an episode they may see, of a type their role may author."""
    session, user = caseload.session, caseload.user
    episode = caseload.get_episode(episode_id)
    refusal = may_author(role_key(user.role), note_type.value, discipline_key(episode.discipline))
    if refusal:
        raise PermissionDeniedError(refusal)
    if therapy_session_id is not None:
        therapy_session = session.get(TherapySession, therapy_session_id)
        if therapy_session is None or therapy_session.episode_id != episode.id:
            raise NotFoundError("therapy session not found on this episode")
    content = _normalise(content)
    note = Note(
        episode_id=episode.id,
        therapy_session_id=therapy_session_id,
        author_id=user.id,
        note_type=note_type,
        template=_template_of(content),
        status=NoteStatus.DRAFT,
        current_version=1,
    )
    session.add(note)
    session.flush()
    _add_version(session, note, 1, content, user)
    session.flush()
    _audit(caseload, note, "note.create", request_id)
    return note


def edit_note(
    caseload: Caseload, note_id: int, *, version: int, content: dict[str, Any], request_id: str | None = None
) -> Note:
    """A new version; the old ones stay readable. `version` is the one the editor read (stale -> 409)."""
    session, user = caseload.session, caseload.user
    note = get_note(caseload, note_id, lock=True)
    _transition(note, lc.Action.EDIT, is_author=note.author_id == user.id, requires=False)
    _check_version(note, version)
    number = note.current_version + 1
    _add_version(session, note, number, _normalise(content), user)
    note.current_version = number
    session.flush()
    _audit(caseload, note, "note.edit", request_id)
    return note


def _signature_row(note: Note, version: NoteVersion, user: User, meaning: str) -> Signature:
    record = make_signature(
        str(note.id),
        version.version_number,
        version.content,
        signer_id=str(user.id),
        printed_name=user.full_name,
        credentials=user.credentials or str(user.role),
        meaning=meaning,
    )
    return Signature(
        note_id=note.id,
        note_version_id=version.id,
        signer_id=user.id,
        printed_name=record.printed_name,
        credentials=user.credentials,
        role=user.role,
        meaning=SignatureMeaning(meaning),
        signed_at=datetime.fromisoformat(record.signed_at),
        content_sha256=record.content_sha256,
    )


def _apply(
    caseload: Caseload,
    note: Note,
    outcome: lc.Outcome,
    action: str,
    version: NoteVersion,
    request_id: str | None,
) -> None:
    """Persist the lifecycle's outcome, audit it, and hand a newly final note to billing.

    The release is inserted after the audit event, i.e. while the audit chain lock is held, so
    release ids are allocated in commit order and a consumer's id cursor never skips one.
    """
    session = caseload.session
    note.status = NoteStatus(outcome.status.value)
    if outcome.status is lc.NoteStatus.FINAL and note.finalised_at is None:
        note.finalised_at = utcnow()
    session.flush()
    _audit(caseload, note, action, request_id)
    if outcome.releases_to_billing:
        session.add(
            NoteRelease(note_id=note.id, note_version_id=version.id, content_sha256=version.content_sha256)
        )
        session.flush()
        _audit(caseload, note, "note.release", request_id)


def sign_note(caseload: Caseload, note_id: int, *, version: int, request_id: str | None = None) -> Note:
    """The author signs the version they read. The caller has already re-checked the password."""
    session, user = caseload.session, caseload.user
    note = get_note(caseload, note_id, lock=True)
    outcome = _transition(
        note,
        lc.Action.SIGN,
        is_author=note.author_id == user.id,
        requires=note_requires_cosign(session, note),
    )
    _check_version(note, version)
    current = current_version(session, note)
    blocker = sign_blocker(current.content)
    if blocker:
        raise InvalidInputError(blocker)
    already = session.scalar(
        select(func.count(Signature.id)).where(
            Signature.note_version_id == current.id,
            Signature.signer_id == user.id,
            Signature.meaning == SignatureMeaning.AUTHORED,
        )
    )
    if already:
        raise ConflictError("this version is already signed; edit the note to address the return, then sign")
    assert outcome.signature_meaning is not None
    # The signature goes in before the note turns final: the database refuses it afterwards.
    session.add(_signature_row(note, current, user, outcome.signature_meaning))
    session.flush()
    _apply(caseload, note, outcome, "note.sign", current, request_id)
    return note


def _supervision_links(session: Session, supervisor_id: int, supervisee_id: int) -> list[SupervisionLink]:
    rows = session.scalars(
        select(Supervision).where(
            Supervision.supervisor_id == supervisor_id, Supervision.supervisee_id == supervisee_id
        )
    ).all()
    return [SupervisionLink(str(r.supervisor_id), str(r.supervisee_id), r.starts_on, r.ends_on) for r in rows]


def cosign_refusal(session: Session, note: Note, user: User) -> str | None:
    """None when `user` may co-sign (and so return) this note; else why not, from signing.rules."""
    author = _author(session, note)
    return may_cosign(
        role_key(author.role),
        str(author.id),
        role_key(user.role),
        str(user.id),
        discipline_key(_episode(session, note).discipline),
        note_date(session, note),
        _supervision_links(session, user.id, author.id),
    )


def cosign_note(caseload: Caseload, note_id: int, *, request_id: str | None = None) -> Note:
    session, user = caseload.session, caseload.user
    note = get_note(caseload, note_id, lock=True)
    outcome = _transition(note, lc.Action.COSIGN, is_author=note.author_id == user.id, requires=True)
    refusal = cosign_refusal(session, note, user)
    if refusal:
        raise PermissionDeniedError(refusal)
    current = current_version(session, note)
    assert outcome.signature_meaning is not None
    session.add(_signature_row(note, current, user, outcome.signature_meaning))
    session.flush()
    _apply(caseload, note, outcome, "note.cosign", current, request_id)
    return note


def return_note(caseload: Caseload, note_id: int, *, reason: str, request_id: str | None = None) -> Note:
    """A co-signer sends the note back to its author with a reason; the author edits and re-signs."""
    session, user = caseload.session, caseload.user
    reason = reason.strip()
    if not reason:
        raise InvalidInputError("returning a note needs a reason the author can act on")
    note = get_note(caseload, note_id, lock=True)
    outcome = _transition(
        note, lc.Action.RETURN, is_author=note.author_id == user.id, requires=True, reason=reason
    )
    refusal = cosign_refusal(session, note, user)
    if refusal:
        raise PermissionDeniedError(f"only a co-signer may return this note: {refusal}")
    note.returned_reason = reason
    _apply(caseload, note, outcome, "note.return", current_version(session, note), request_id)
    return note


def add_addendum(
    caseload: Caseload,
    note_id: int,
    *,
    text: str,
    reason: str | None = None,
    interventions: list[dict[str, Any]] | None = None,
    request_id: str | None = None,
) -> Addendum:
    """A signed correction linked to a final note; the note and its versions are not touched.

    `interventions` (draft/1 shape) makes it a billing correction: billing capture bills the
    latest addendum's list instead of the note's.
    """
    session, user = caseload.session, caseload.user
    text = text.strip()
    if not text:
        raise InvalidInputError("an addendum needs text")
    note = get_note(caseload, note_id)
    _transition(note, lc.Action.ADDENDUM, is_author=note.author_id == user.id, requires=False)
    refusal = may_author(
        role_key(user.role), NoteType.DAILY.value, discipline_key(_episode(session, note).discipline)
    )
    if refusal:
        raise PermissionDeniedError(f"addenda come from clinicians of the note's discipline: {refusal}")
    when = utcnow().replace(microsecond=0)
    reason = reason.strip() if reason and reason.strip() else None
    corrected = None if interventions is None else json.loads(canonical_json(interventions))
    addendum = Addendum(
        note_id=note.id,
        author_id=user.id,
        printed_name=user.full_name,
        credentials=user.credentials,
        reason=reason,
        body=text,
        interventions=corrected,
        signed_at=when,
        content_sha256=addendum_hash(
            str(note.id),
            note.current_version,
            author_id=str(user.id),
            text=text,
            reason=reason,
            signed_at=when.isoformat(),
            interventions=corrected,
        ),
    )
    session.add(addendum)
    session.flush()
    _audit(caseload, note, "note.addendum", request_id)
    return addendum


# --- showing a note with its signatures ----------------------------------------------------------------


@dataclass(frozen=True)
class SignatureCheck:
    signature: Signature
    version_number: int | None
    valid: bool
    display: str


@dataclass(frozen=True)
class AddendumCheck:
    addendum: Addendum
    valid: bool
    display: str


@dataclass(frozen=True)
class NoteView:
    note: Note
    episode: Episode
    author: User
    version: NoteVersion
    requires_cosign: bool
    signatures: list[SignatureCheck]
    addenda: list[AddendumCheck]
    released_to_billing: bool


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


def check_signature(session: Session, signature: Signature) -> SignatureCheck:
    """Recompute the hash over the signed version of *this* note: a copied or stale signature fails."""
    version = session.get(NoteVersion, signature.note_version_id)
    record = SignedRecord(
        note_id=str(signature.note_id),
        note_version=version.version_number if version else -1,
        signer_id=str(signature.signer_id),
        printed_name=signature.printed_name,
        credentials=signature.credentials or str(signature.role),
        meaning=signature.meaning.value,
        signed_at=_iso(signature.signed_at),
        content_sha256=signature.content_sha256,
    )
    valid = (
        version is not None
        and version.note_id == signature.note_id
        and verify(record, str(signature.note_id), version.version_number, version.content)
    )
    return SignatureCheck(signature, version.version_number if version else None, valid, record.display())


def check_addendum(note: Note, addendum: Addendum) -> AddendumCheck:
    expected = addendum_hash(
        str(note.id),
        note.current_version,
        author_id=str(addendum.author_id),
        text=addendum.body,
        reason=addendum.reason,
        signed_at=addendum.signed_at.isoformat(),
        interventions=addendum.interventions,
    )
    display = (
        f"Addendum by {addendum.printed_name}, {addendum.credentials or ''} at {_iso(addendum.signed_at)}"
    ).replace(", ,", ",")
    return AddendumCheck(
        addendum, expected == addendum.content_sha256 and addendum.note_id == note.id, display
    )


def view_note(caseload: Caseload, note_id: int, *, request_id: str | None = None) -> NoteView:
    session = caseload.session
    note = get_note(caseload, note_id)
    signatures = session.scalars(
        select(Signature).where(Signature.note_id == note.id).order_by(Signature.id)
    ).all()
    addenda = session.scalars(select(Addendum).where(Addendum.note_id == note.id).order_by(Addendum.id)).all()
    released = session.scalar(select(func.count(NoteRelease.id)).where(NoteRelease.note_id == note.id))
    _audit(caseload, note, "note.view", request_id)
    return NoteView(
        note=note,
        episode=_episode(session, note),
        author=_author(session, note),
        version=current_version(session, note),
        requires_cosign=note_requires_cosign(session, note),
        signatures=[check_signature(session, s) for s in signatures],
        addenda=[check_addendum(note, a) for a in addenda],
        released_to_billing=bool(released),
    )


def list_versions(
    caseload: Caseload, note_id: int, *, request_id: str | None = None
) -> Sequence[NoteVersion]:
    note = get_note(caseload, note_id)
    versions = caseload.session.scalars(
        select(NoteVersion).where(NoteVersion.note_id == note.id).order_by(NoteVersion.version_number)
    ).all()
    _audit(caseload, note, "note.versions_view", request_id)
    return versions


def get_version(
    caseload: Caseload, note_id: int, number: int, *, request_id: str | None = None
) -> NoteVersion:
    note = get_note(caseload, note_id)
    version = caseload.session.scalars(
        select(NoteVersion).where(NoteVersion.note_id == note.id, NoteVersion.version_number == number)
    ).first()
    if version is None:
        raise NotFoundError("note version not found")
    _audit(caseload, note, "note.version_view", request_id)
    return version


def list_notes(
    caseload: Caseload,
    *,
    episode_id: int | None = None,
    status: NoteStatus | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Sequence[Note]:
    stmt = readable_notes(caseload)
    if episode_id is not None:
        stmt = stmt.where(Note.episode_id == episode_id)
    if status is not None:
        stmt = stmt.where(Note.status == status)
    return caseload.session.scalars(
        stmt.order_by(Note.created_at.desc(), Note.id.desc()).limit(limit).offset(offset)
    ).all()


# --- queues and reminders -------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    note: Note
    episode: Episode
    author: User
    since: datetime
    age_hours: float


def _item(session: Session, note: Note, since: datetime, now: datetime) -> QueueItem:
    return QueueItem(
        note,
        _episode(session, note),
        _author(session, note),
        since,
        round((now - since).total_seconds() / 3600, 2),
    )


def cosign_queue(caseload: Caseload, now: datetime | None = None) -> list[QueueItem]:
    """Notes waiting for the caller's co-signature, oldest submission first."""
    session, now = caseload.session, now or utcnow()
    waiting = session.scalars(
        readable_notes(caseload).where(
            Note.status == NoteStatus.AWAITING_COSIGN, Note.author_id != caseload.user.id
        )
    ).all()
    items = []
    for note in waiting:
        if cosign_refusal(session, note, caseload.user) is not None:
            continue
        submitted = session.scalar(
            select(func.max(Signature.signed_at)).where(
                Signature.note_id == note.id, Signature.meaning == SignatureMeaning.AUTHORED
            )
        )
        items.append(_item(session, note, submitted or note.updated_at, now))
    return sorted(items, key=lambda i: (i.since, i.note.id))


def returned_queue(caseload: Caseload, now: datetime | None = None) -> list[QueueItem]:
    """The caller's own notes sent back by a co-signer, oldest first."""
    session, now = caseload.session, now or utcnow()
    notes = session.scalars(
        readable_notes(caseload).where(Note.status == NoteStatus.RETURNED, Note.author_id == caseload.user.id)
    ).all()
    return sorted((_item(session, n, n.updated_at, now) for n in notes), key=lambda i: (i.since, i.note.id))


def stale_drafts(caseload: Caseload, limit_h: float, now: datetime | None = None) -> list[QueueItem]:
    """Unsigned notes (draft or returned) on the caller's caseload created more than `limit_h` ago."""
    session, now = caseload.session, now or utcnow()
    cutoff = now - timedelta(hours=limit_h)
    notes = session.scalars(
        readable_notes(caseload).where(
            Note.status.in_([NoteStatus.DRAFT, NoteStatus.RETURNED]), Note.created_at < cutoff
        )
    ).all()
    return sorted((_item(session, n, n.created_at, now) for n in notes), key=lambda i: (i.since, i.note.id))


@dataclass(frozen=True)
class DueItem:
    episode: Episode
    reminder: reminders.Reminder


def _last_report_date(session: Session, episode_id: int) -> date | None:
    reports = session.scalars(
        select(Note).where(
            Note.episode_id == episode_id,
            Note.status == NoteStatus.FINAL,
            Note.note_type.in_(REPORT_NOTE_TYPES),
        )
    ).all()
    dates = [note_date(session, n) for n in reports]
    return max(dates) if dates else None


def treatment_days_since_report(session: Session, episode: Episode) -> int:
    """Distinct days with a completed session after the last final evaluation/progress/recert note."""
    stmt = select(func.count(func.distinct(TherapySession.date_of_service))).where(
        TherapySession.episode_id == episode.id, TherapySession.status == TherapySessionStatus.COMPLETED
    )
    last = _last_report_date(session, episode.id)
    if last is not None:
        stmt = stmt.where(TherapySession.date_of_service > last)
    return int(session.scalar(stmt) or 0)


def _final_report_notes(episode_id: int, on: date) -> Select[date, int, int]:
    """Final evaluations, progress reports and recertifications of sessions up to `on`, newest first."""
    day = TherapySession.date_of_service
    return (
        select(day, Note.id, Note.current_version)
        .join(TherapySession, TherapySession.id == Note.therapy_session_id)
        .where(
            Note.episode_id == episode_id,
            Note.status == NoteStatus.FINAL,
            Note.note_type.in_(REPORT_NOTE_TYPES),
            day <= on,
        )
        .order_by(day.desc(), Note.id.desc())
    )


def treatment_day_number(session: Session, episode: Episode, date_of_service: date) -> int:
    """Distinct treatment days since the last evaluation, progress report or recertification,
    counting `date_of_service` (0 when a report was made that very day).

    A treatment day is a date of service documented by a final note (the note is what attests
    that treatment happened). Billing's progress-report check and the draft's report template
    both count with this function, so the two never disagree.
    """
    day = TherapySession.date_of_service
    last = session.execute(_final_report_notes(episode.id, date_of_service).limit(1)).first()
    last_report = last[0] if last else None
    if last_report == date_of_service:
        return 0
    since = last_report or episode.plan_of_care_start or episode.start_date
    documented = (
        select(day)
        .join(Note, Note.therapy_session_id == TherapySession.id)
        .where(Note.episode_id == episode.id, Note.status == NoteStatus.FINAL)
        .where(day > since, day <= date_of_service)
    )
    days = set(session.scalars(documented).all())
    days.add(date_of_service)
    return len(days)


def last_report_content(session: Session, episode: Episode, date_of_service: date) -> dict[str, Any] | None:
    """The content of the last final report note up to `date_of_service` (its goal values are what
    a progress report measures change against), or None when the episode has none."""
    last = session.execute(_final_report_notes(episode.id, date_of_service).limit(1)).first()
    if last is None:
        return None
    _day, note_id, version = last
    stmt = select(NoteVersion.content).where(NoteVersion.note_id == note_id)
    content = session.scalar(stmt.where(NoteVersion.version_number == version))
    return dict(content) if isinstance(content, dict) else None


@dataclass(frozen=True)
class ReportCycle:
    """Where a visit falls in its episode's progress-report cycle, for drafting its note."""

    treatment_day: int  # treatment_day_number
    due: bool  # signing.reminders.progress_report_due_at: the visit's note should be a progress report
    last_report: dict[str, Any] | None  # last_report_content


def report_cycle(session: Session, episode: Episode, date_of_service: date) -> ReportCycle:
    day = treatment_day_number(session, episode, date_of_service)
    return ReportCycle(
        day, reminders.progress_report_due_at(day), last_report_content(session, episode, date_of_service)
    )


def due_reminders(caseload: Caseload, today: date | None = None) -> list[DueItem]:
    """Progress reports, recertifications and authorisations coming due on the caller's active episodes."""
    session, today = caseload.session, today or caseload.on
    episodes = session.scalars(
        caseload.episodes().where(Episode.status == EpisodeStatus.ACTIVE).order_by(Episode.id)
    ).all()
    out: list[DueItem] = []
    for ep in episodes:
        found = [
            reminders.progress_report_due(treatment_days_since_report(session, ep)),
            reminders.recertification_due(
                reminders.recertification_date(
                    ep.plan_of_care_start, ep.certification_through, ep.recertification_due
                ),
                today,
            ),
            reminders.authorisation_running_out(ep.authorised_visits, caseload.visits_used(ep.id)),
        ]
        out += [DueItem(ep, r) for r in found if r is not None]
    return sorted(out, key=lambda d: (not d.reminder.overdue, d.episode.id, d.reminder.kind))


# --- the hand-off to billing -------------------------------------------------------------------------


def final_notes_since(session: Session, after_id: int = 0, limit: int = 100) -> Sequence[NoteRelease]:
    """Releases to billing with id > `after_id`, in id order: billing's idempotent feed of final notes.

    Not caseload-scoped: it is for the billing worker, which reads ids and hashes, not content.
    Ids are allocated under the audit chain lock in the finalising transaction, so they become
    visible in order and a cursor never skips one; consumers still key their work on `note_id`
    (unique here) so reading a release twice does nothing twice.
    """
    stmt = select(NoteRelease).where(NoteRelease.id > after_id).order_by(NoteRelease.id).limit(limit)
    return session.scalars(stmt).all()
