"""Charge capture: a final note's latest version becomes one charge set, once.

The rules (units, modifiers, KX) are `billing.compute_charges`; this module only gathers what they
need from the database (who furnished the service, the episode's payer and diagnoses, the client's
year-to-date charges, the clinic's fees) and stores the result. A set is keyed by a fingerprint of
its billable inputs, so capturing again returns the same set, and a change of billable content
(an addendum that corrects minutes or codes) supersedes the old set instead of editing it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from billing import BillingInputError, ChargeResult, ServiceLine, compute_charges, load_tables
from billing.exports import is_valid_npi
from billing_capture.scrub import scrub
from models.audit import record_event
from models.enums import (
    THERAPIST_ROLES,
    ChargeSetStatus,
    ChargeStatus,
    NoteStatus,
    Role,
    SignatureMeaning,
)
from models.errors import ConflictError, NotFoundError
from models.orm import (
    Addendum,
    Charge,
    ChargeSet,
    Client,
    Episode,
    FeeScheduleEntry,
    Location,
    Note,
    NoteVersion,
    Signature,
    TherapySession,
    User,
)
from models.repositories import clinic_today, supervisor_ids
from models.types import utcnow

BILLING_ROLE: dict[Role, str] = {
    Role.PT: "pt",
    Role.PTA: "pta",
    Role.OT: "ot",
    Role.COTA: "cota",
    Role.SLP: "slp",
    Role.SLP_CF: "slp_cf",
}
# Roles whose claims name a supervising provider: assistants and clinical fellows.
SUPERVISED_BILLING_ROLES = frozenset({"pta", "cota", "slp_cf"})
MAX_CLAIM_DIAGNOSES = 12
MAX_LINE_POINTERS = 4
DEFAULT_PLACE_OF_SERVICE = "11"
_CENT = Decimal("0.01")


def to_cents(amount: Decimal) -> int:
    return int((Decimal(amount) / _CENT).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def canonical_sha256(value: Any) -> str:
    raw = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass
class CaptureInputs:
    """Everything billable about one note version, read from the database before the rules run."""

    note: Note
    version: NoteVersion
    latest_addendum: Addendum | None
    episode: Episode
    client: Client
    author: User
    date_of_service: dt.date
    payer: str
    discipline: str
    provider_role: str
    services: list[ServiceLine]
    diagnoses: list[str]
    place_of_service: str
    supervisor: User | None
    medical_necessity_documented: bool
    problems: list[dict[str, Any]] = field(default_factory=list)

    def fingerprint(self) -> str:
        """Only billable content: an addendum that changes prose but not codes keeps the same set."""
        return canonical_sha256(
            {
                "services": sorted(
                    [s.cpt, -1 if s.minutes is None else s.minutes, s.assistant_minutes]
                    for s in self.services
                ),
                "payer": self.payer,
                "discipline": self.discipline,
                "role": self.provider_role,
                "dos": self.date_of_service.isoformat(),
                "dx": self.diagnoses,
                "pos": self.place_of_service,
                "rendering": [self.author.id, self.author.npi],
                "supervising": [self.supervisor.id, self.supervisor.npi] if self.supervisor else None,
                "necessity": self.medical_necessity_documented,
            }
        )


def _problem(code: str, message: str, severity: str = "error") -> dict[str, Any]:
    return {"code": code, "message": message, "severity": severity, "source": "capture"}


def latest_version(session: Session, note_id: int) -> NoteVersion | None:
    return session.scalars(
        select(NoteVersion)
        .where(NoteVersion.note_id == note_id)
        .order_by(NoteVersion.version_number.desc())
        .limit(1)
    ).first()


def billing_payer(payer_code: str, day: dt.date) -> str:
    """The billing rules' payer profile for an episode's payer code ("medicaid-ny" -> "medicaid")."""
    payers = load_tables(day).payers.payers
    code = payer_code.strip().lower()
    if code in payers:
        return code
    family = code.split("-", 1)[0]
    if family in payers:
        return family
    raise BillingInputError(
        f"payer {payer_code!r} has no billing profile; use one of {', '.join(sorted(payers))}"
    )


def _services(content: dict[str, Any], assistant_author: bool) -> list[ServiceLine]:
    """Interventions as documented; an intervention marked as furnished by an assistant counts as
    assistant minutes even under a therapist's note (the de minimis rule needs who did which minutes)."""
    out: list[ServiceLine] = []
    for iv in content.get("interventions") or []:
        if not isinstance(iv, dict) or not iv.get("cpt"):
            continue
        raw = iv.get("minutes")
        minutes = int(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else None
        assistant = 0
        if minutes is not None and not assistant_author:
            explicit = iv.get("assistant_minutes")
            if isinstance(explicit, int) and not isinstance(explicit, bool):
                assistant = max(0, min(explicit, minutes))
            elif iv.get("provider") == "assistant":
                assistant = minutes
        out.append(
            ServiceLine(cpt=str(iv["cpt"]).strip().upper(), minutes=minutes, assistant_minutes=assistant)
        )
    return out


def _medical_necessity(content: dict[str, Any]) -> bool:
    """An explicit flag wins; otherwise a note with an assessment is taken to justify the services."""
    flag = content.get("medical_necessity_documented")
    if isinstance(flag, bool):
        return flag
    sections = (content.get("note") or {}).get("sections") or {}
    return bool(sections.get("assessment"))


def _supervisor(session: Session, note: Note, episode: Episode, author: User, day: dt.date) -> User | None:
    """Who supervised: the co-signer if there is one, else the plan's therapist, else any supervisor."""
    cosigner_id = session.scalars(
        select(Signature.signer_id)
        .where(
            Signature.note_id == note.id,
            Signature.meaning == SignatureMeaning.COSIGNED,
            Signature.role.in_(list(THERAPIST_ROLES)),
        )
        .order_by(Signature.id.desc())
        .limit(1)
    ).first()
    if cosigner_id is not None:
        return session.get(User, cosigner_id)
    ids = supervisor_ids(session, author.id, day)
    if episode.therapist_id in ids:
        return session.get(User, episode.therapist_id)
    return session.get(User, min(ids)) if ids else None


def _place_of_service(session: Session, therapy: TherapySession | None, episode: Episode) -> str:
    location_id = (therapy.location_id if therapy else None) or episode.location_id
    if location_id is None:
        return DEFAULT_PLACE_OF_SERVICE
    location = session.get(Location, location_id)
    return location.place_of_service if location else DEFAULT_PLACE_OF_SERVICE


def gather(session: Session, note: Note, version: NoteVersion) -> CaptureInputs:
    episode = session.get_one(Episode, note.episode_id)
    client = session.get_one(Client, episode.client_id)
    author = session.get_one(User, note.author_id)
    therapy = session.get(TherapySession, note.therapy_session_id) if note.therapy_session_id else None
    content = dict(version.content or {})
    addenda = session.scalars(select(Addendum).where(Addendum.note_id == note.id).order_by(Addendum.id)).all()
    corrections = [a for a in addenda if isinstance(a.interventions, list)]
    if corrections:
        # A final note never changes; a billing correction is an addendum listing the right services.
        content["interventions"] = corrections[-1].interventions
    problems: list[dict[str, Any]] = []
    if therapy is not None:
        day = therapy.date_of_service
    else:
        day = clinic_today(client_org(session, client), note.finalised_at)
        problems.append(
            _problem(
                "no_session", "The note has no therapy session: the date it was finalised is used.", "warning"
            )
        )
    role = BILLING_ROLE.get(author.role, "")
    discipline = str(episode.discipline).lower()
    try:
        payer = billing_payer(episode.payer_code, day)
    except BillingInputError as exc:
        payer = episode.payer_code
        problems.append(_problem("unknown_payer", str(exc)))
    supervisor = (
        _supervisor(session, note, episode, author, day) if role in SUPERVISED_BILLING_ROLES else None
    )
    return CaptureInputs(
        note=note,
        version=version,
        latest_addendum=addenda[-1] if addenda else None,
        episode=episode,
        client=client,
        author=author,
        date_of_service=day,
        payer=payer,
        discipline=discipline,
        provider_role=role,
        services=_services(content, role in SUPERVISED_BILLING_ROLES),
        diagnoses=[d.icd10_code for d in episode.diagnoses][:MAX_CLAIM_DIAGNOSES],
        place_of_service=_place_of_service(session, therapy, episode),
        supervisor=supervisor,
        medical_necessity_documented=_medical_necessity(content),
        problems=problems,
    )


def client_org(session: Session, client: Client) -> Any:
    from models.orm import Organisation

    return session.get_one(Organisation, client.organisation_id)


def _bucket(discipline: str) -> list[str]:
    """KX thresholds: PT and SLP share one, OT has its own."""
    return ["ot"] if discipline == "ot" else ["pt", "slp"]


def ytd_cents(session: Session, inputs: CaptureInputs) -> int:
    """The client's charges this calendar year before this visit, in the visit's threshold bucket.

    Current (not superseded) sets only; "before" is date of service, then note id for the same day.
    """
    day, note_id = inputs.date_of_service, inputs.note.id
    stmt = select(func.coalesce(func.sum(ChargeSet.total_cents), 0)).where(
        ChargeSet.client_id == inputs.client.id,
        ChargeSet.status != ChargeSetStatus.SUPERSEDED,
        ChargeSet.discipline.in_(_bucket(inputs.discipline)),
        ChargeSet.note_id != note_id,
        ChargeSet.date_of_service >= dt.date(day.year, 1, 1),
        or_(
            ChargeSet.date_of_service < day,
            and_(ChargeSet.date_of_service == day, ChargeSet.note_id < note_id),
        ),
    )
    return int(session.scalar(stmt) or 0)


def clinic_fees(session: Session, organisation_id: int, day: dt.date) -> dict[str, int]:
    """Per-unit cents by code from the clinic's fee schedule in force on `day`."""
    rows = session.execute(
        select(FeeScheduleEntry.code, FeeScheduleEntry.unit_cents)
        .where(
            FeeScheduleEntry.organisation_id == organisation_id,
            FeeScheduleEntry.effective_from <= day,
            or_(FeeScheduleEntry.effective_to.is_(None), FeeScheduleEntry.effective_to >= day),
        )
        .order_by(FeeScheduleEntry.effective_from)
    ).all()
    return {code: cents for code, cents in rows}


def price(inputs: CaptureInputs, ytd: int, fees: dict[str, int]) -> ChargeResult:
    services = [
        ServiceLine(
            cpt=s.cpt,
            minutes=s.minutes,
            assistant_minutes=s.assistant_minutes,
            fee=(Decimal(fees[s.cpt]) * _CENT) if s.cpt in fees else None,
        )
        for s in inputs.services
    ]
    return compute_charges(
        services,
        payer=inputs.payer,
        discipline=inputs.discipline,
        provider_role=inputs.provider_role,
        date_of_service=inputs.date_of_service,
        ytd_charges=Decimal(ytd) * _CENT,
        medical_necessity_documented=inputs.medical_necessity_documented,
    )


def _provider_problems(inputs: CaptureInputs) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if not inputs.author.npi:
        out.append(_problem("rendering_npi_missing", "The rendering provider has no NPI on file."))
    elif not is_valid_npi(inputs.author.npi):
        out.append(_problem("rendering_npi_invalid", "The rendering provider's NPI fails its check digit."))
    if inputs.provider_role in SUPERVISED_BILLING_ROLES:
        if inputs.supervisor is None:
            out.append(
                _problem(
                    "supervisor_missing",
                    "Furnished by an assistant or clinical fellow, but no supervising therapist is on "
                    "file for the date of service.",
                )
            )
        elif not inputs.supervisor.npi or not is_valid_npi(inputs.supervisor.npi):
            out.append(
                _problem("supervising_npi_missing", "The supervising therapist has no valid NPI on file.")
            )
    return out


def current_set(session: Session, note_id: int) -> ChargeSet | None:
    return session.scalars(
        select(ChargeSet)
        .where(ChargeSet.note_id == note_id, ChargeSet.status != ChargeSetStatus.SUPERSEDED)
        .order_by(ChargeSet.version.desc())
        .limit(1)
    ).first()


def _lock_note(session: Session, note_id: int) -> Note | None:
    """Serialise captures of one note (PostgreSQL row lock; SQLite transactions are already serial)."""
    stmt = select(Note).where(Note.id == note_id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return session.scalars(stmt).first()


def capture(
    session: Session,
    note_id: int,
    *,
    actor_user_id: int | None = None,
    now: dt.datetime | None = None,
) -> ChargeSet:
    """The note's current charge set: the existing one when its billable content is unchanged, else a
    new version that supersedes it. Refuses (ConflictError) a note that is not final; writes nothing then.

    Flushes, never commits: the caller's transaction owns the work.
    """
    now = now or utcnow()
    note = _lock_note(session, note_id)
    if note is None:
        raise NotFoundError("note not found")
    if note.status != NoteStatus.FINAL:
        raise ConflictError(f"note {note_id} is {note.status}: charges are captured from final notes only")
    version = latest_version(session, note_id)
    if version is None:
        raise ConflictError(f"note {note_id} has no content to bill")
    inputs = gather(session, note, version)
    sha = inputs.fingerprint()
    existing = current_set(session, note_id)
    addendum_id = inputs.latest_addendum.id if inputs.latest_addendum else None
    if existing is not None and existing.content_sha256 == sha:
        if (existing.note_version_id, existing.source_addendum_id) != (version.id, addendum_id):
            # Same billable content after a prose-only addendum or version: the set still stands.
            existing.note_version_id = version.id
            existing.source_addendum_id = addendum_id
            session.flush()
        return existing

    charge_set = _new_set(session, inputs, sha, now)
    if existing is not None:
        from billing_capture.release import supersede

        supersede(session, existing, charge_set, now)
    scrub(session, charge_set, now=now)
    record_event(
        session,
        actor_user_id=actor_user_id,
        action="charge_set.capture",
        client_id=charge_set.client_id,
        object_type="charge_set",
        object_id=charge_set.id,
    )
    return charge_set


def _new_set(session: Session, inputs: CaptureInputs, sha: str, now: dt.datetime) -> ChargeSet:
    problems = list(inputs.problems) + _provider_problems(inputs)
    result: ChargeResult | None = None
    if not any(p["code"] == "unknown_payer" for p in problems):
        try:
            result = price(
                inputs,
                ytd_cents(session, inputs),
                clinic_fees(session, inputs.client.organisation_id, inputs.date_of_service),
            )
        except BillingInputError as exc:
            problems.append(_problem("capture_failed", f"The billing rules could not price this note: {exc}"))
    if result is not None:
        problems += [_problem(w.code, w.message, "warning") for w in result.warnings]

    last_version = session.scalar(
        select(func.coalesce(func.max(ChargeSet.version), 0)).where(ChargeSet.note_id == inputs.note.id)
    )
    supervisor = inputs.supervisor
    charge_set = ChargeSet(
        organisation_id=inputs.client.organisation_id,
        note_id=inputs.note.id,
        note_version_id=inputs.version.id,
        source_addendum_id=inputs.latest_addendum.id if inputs.latest_addendum else None,
        episode_id=inputs.episode.id,
        client_id=inputs.client.id,
        version=int(last_version or 0) + 1,
        status=ChargeSetStatus.CAPTURED,
        date_of_service=inputs.date_of_service,
        payer_code=inputs.payer,
        discipline=inputs.discipline,
        provider_role=inputs.provider_role,
        place_of_service=inputs.place_of_service,
        diagnoses=list(inputs.diagnoses),
        content_sha256=sha,
        problems=problems,
        error_count=sum(1 for p in problems if p["severity"] == "error"),
        created_at=now,
    )
    pointers = inputs.diagnoses[:MAX_LINE_POINTERS]
    total = 0
    for n, ln in enumerate((result.lines if result else []), start=1):
        if ln.units <= 0:
            continue
        cents = to_cents(ln.amount)
        total += cents
        charge_set.lines.append(
            Charge(
                note_id=inputs.note.id,
                episode_id=inputs.episode.id,
                therapy_session_id=inputs.note.therapy_session_id,
                rendering_provider_id=inputs.author.id,
                rendering_provider_npi=inputs.author.npi,
                supervising_provider_id=supervisor.id if supervisor else None,
                supervising_provider_npi=supervisor.npi if supervisor else None,
                date_of_service=inputs.date_of_service,
                code=ln.cpt,
                modifiers=list(ln.modifiers),
                units=ln.units,
                minutes=ln.minutes,
                diagnosis_pointers=list(pointers),
                place_of_service=inputs.place_of_service,
                amount_cents=cents,
                status=ChargeStatus.PENDING,
                line_number=n,
                created_at=now,
            )
        )
    charge_set.total_cents = total
    session.add(charge_set)
    session.flush()
    return charge_set


@dataclass
class CaptureReport:
    captured: list[int] = field(default_factory=list)  # charge set ids created or confirmed
    refused: list[int] = field(default_factory=list)  # note ids that could not be captured
    cursor: int = 0  # last note id looked at


def pending_notes(
    session: Session, *, after: int = 0, limit: int = 100, organisation_id: int | None = None
) -> Sequence[int]:
    """Final notes with no current charge set for their latest version and addendum, by id after `after`."""
    latest_id = (
        select(NoteVersion.id)
        .where(NoteVersion.note_id == Note.id)
        .order_by(NoteVersion.version_number.desc())
        .limit(1)
        .correlate(Note)
        .scalar_subquery()
    )
    latest_addendum = (
        select(func.coalesce(func.max(Addendum.id), 0))
        .where(Addendum.note_id == Note.id)
        .correlate(Note)
        .scalar_subquery()
    )
    has_current = exists().where(
        ChargeSet.note_id == Note.id,
        ChargeSet.status != ChargeSetStatus.SUPERSEDED,
        ChargeSet.note_version_id == latest_id,
        func.coalesce(ChargeSet.source_addendum_id, 0) == latest_addendum,
    )
    stmt = select(Note.id).where(Note.status == NoteStatus.FINAL, Note.id > after, ~has_current)
    if organisation_id is not None:
        stmt = stmt.join(Episode, Episode.id == Note.episode_id).join(Client, Client.id == Episode.client_id)
        stmt = stmt.where(Client.organisation_id == organisation_id)
    return session.scalars(stmt.order_by(Note.id).limit(limit)).all()


def capture_pending(
    session: Session,
    *,
    organisation_id: int | None = None,
    batch_size: int = 100,
    max_notes: int | None = None,
    actor_user_id: int | None = None,
    now: dt.datetime | None = None,
) -> CaptureReport:
    """Capture every final note that lacks a charge set for its latest version, walking note ids with a
    cursor so a note that cannot be captured is passed over instead of retried forever within a run.

    Running it again finds nothing new (idempotent). Each note is captured in a savepoint: one bad note
    does not undo the others. Flushes, never commits.
    """
    report = CaptureReport()
    done = 0
    while max_notes is None or done < max_notes:
        size = batch_size if max_notes is None else min(batch_size, max_notes - done)
        ids = pending_notes(session, after=report.cursor, limit=size, organisation_id=organisation_id)
        if not ids:
            break
        for note_id in ids:
            report.cursor = note_id
            done += 1
            try:
                with session.begin_nested():
                    charge_set = capture(session, note_id, actor_user_id=actor_user_id, now=now)
                report.captured.append(charge_set.id)
            except (ConflictError, NotFoundError):
                report.refused.append(note_id)
    return report
