"""SQLAlchemy 2 ORM for the clinic: who works where, whom they treat, and what was recorded and signed.

No business rules here (those live in the domain packages); only the shape of the data and the
constraints a database must enforce on its own: keys, uniqueness, allowed values, ranges.
Every timestamp is timezone-aware UTC (`UTCDateTime`); calendar facts (dates of service,
plan-of-care dates) are plain `Date`s in the clinic's local calendar.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from models.enums import (
    ChargeSetStatus,
    ChargeStatus,
    Discipline,
    EpisodeStatus,
    GoalStatus,
    GoalTerm,
    NoteStatus,
    NoteType,
    RecordingStatus,
    Role,
    SignatureMeaning,
    Speaker,
    TherapySessionStatus,
    WebhookStatus,
)
from models.types import JSONType, UTCDateTime, utcnow

# Deterministic constraint names: Alembic can then alter or drop them on both backends.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SHA256_HEX_LEN = 64
# SQLite only auto-increments an INTEGER PRIMARY KEY, not a BIGINT one.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def enum_type(enum_cls: type[StrEnum], name: str) -> Enum:
    """A VARCHAR + CHECK enum: portable, and adding a value is a plain migration, not ALTER TYPE."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls) + 8,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


def sha256_check(column: str) -> CheckConstraint:
    return CheckConstraint(f"length({column}) = {SHA256_HEX_LEN}", name=f"{column}_len")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSONType, list[Any]: JSONType}


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- organisation and people ----------------------------------------------------------------


class Organisation(TimestampMixin, Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # Group (type 2) NPI used as billing provider.
    npi: Mapped[str | None] = mapped_column(String(10))
    # IANA zone: "today" for plan-of-care dates and supervision ranges is the clinic's today.
    timezone: Mapped[str] = mapped_column(String(64), default="America/New_York")

    locations: Mapped[list[Location]] = relationship(back_populates="organisation")

    __table_args__ = (CheckConstraint("npi IS NULL OR length(npi) = 10", name="npi_len"),)


class Location(TimestampMixin, Base):
    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(400))
    # CMS place-of-service code (11 office, 12 home, 22 outpatient hospital ...).
    place_of_service: Mapped[str] = mapped_column(String(2), default="11")

    organisation: Mapped[Organisation] = relationship(back_populates="locations")

    __table_args__ = (UniqueConstraint("organisation_id", "name"),)


class User(TimestampMixin, Base):
    """A staff member who logs in: clinician, biller or administrator."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # Printed name as it appears under a signature.
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"))
    # Credentials as signed, e.g. "PT, DPT" or "CCC-SLP".
    credentials: Mapped[str | None] = mapped_column(String(100))
    npi: Mapped[str | None] = mapped_column(String(10), unique=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column()
    # Lock-out after repeated failed log-ins (api.auth): consecutive failures, and until when.
    failed_login_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column()
    # Optional TOTP second factor. The secret is sealed with the encryption keys (never plain),
    # and the last accepted time step is kept so a code cannot be replayed.
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    totp_enabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    organisation: Mapped[Organisation] = relationship()

    def __repr__(self) -> str:
        # Never the secret, the hash or the name: reprs end up in logs and tracebacks.
        return f"<User id={self.id} role={self.role}>"

    __table_args__ = (CheckConstraint("npi IS NULL OR length(npi) = 10", name="npi_len"),)


class Supervision(TimestampMixin, Base):
    """A supervising therapist for an assistant or clinical fellow over a date range (inclusive)."""

    __tablename__ = "supervisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    supervisee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    supervisor: Mapped[User] = relationship(foreign_keys=[supervisor_id])
    supervisee: Mapped[User] = relationship(foreign_keys=[supervisee_id])

    __table_args__ = (
        CheckConstraint("supervisor_id <> supervisee_id", name="not_self"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="date_range"),
        UniqueConstraint("supervisor_id", "supervisee_id", "starts_on"),
    )


class LoginSession(Base):
    """Server-side half of a token: lets a token be revoked and enforces the idle time-out."""

    __tablename__ = "login_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column()


class EmergencyAccessGrant(Base):
    """Break the glass: time-limited read access to one client's records outside the caseload.

    Granted only to configured roles, with a stated reason, and audited as `emergency_access`;
    the reason is kept here (not in the audit chain, which holds ids only) for later review.
    """

    __tablename__ = "emergency_access_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()

    __table_args__ = (
        CheckConstraint("expires_at > granted_at", name="expiry_after_grant"),
        Index("ix_emergency_access_grants_user_id_expires_at", "user_id", "expires_at"),
    )


# --- clients and episodes of care -------------------------------------------------------------


class Client(TimestampMixin, Base):
    """A patient of the clinic."""

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    # Medical record number, unique within the organisation.
    mrn: Mapped[str] = mapped_column(String(40))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    # Postal address, as a claim's patient loop (837P 2010BA) needs it.
    address_line1: Mapped[str | None] = mapped_column(String(55))
    address_line2: Mapped[str | None] = mapped_column(String(55))
    city: Mapped[str | None] = mapped_column(String(30))
    state: Mapped[str | None] = mapped_column(String(2))
    postal_code: Mapped[str | None] = mapped_column(String(10))

    episodes: Mapped[list[Episode]] = relationship(back_populates="client", order_by="Episode.id")

    __table_args__ = (
        UniqueConstraint("organisation_id", "mrn"),
        CheckConstraint("sex IS NULL OR sex IN ('F', 'M', 'X', 'U')", name="sex"),
        Index("ix_clients_organisation_id_last_name", "organisation_id", "last_name"),
    )


class Episode(TimestampMixin, Base):
    """An episode of care in one discipline: plan of care, diagnoses, payer, authorisation, goals."""

    __tablename__ = "episodes"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"), index=True)
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("locations.id", ondelete="SET NULL"), index=True
    )
    discipline: Mapped[Discipline] = mapped_column(enum_type(Discipline, "discipline"))
    status: Mapped[EpisodeStatus] = mapped_column(
        enum_type(EpisodeStatus, "episode_status"), default=EpisodeStatus.ACTIVE
    )
    # The therapist responsible for the plan of care (the evaluating therapist).
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    # Assistant or clinical fellow who treats under that plan, if any.
    assistant_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)

    start_date: Mapped[date] = mapped_column(Date)
    plan_of_care_start: Mapped[date | None] = mapped_column(Date)
    certification_through: Mapped[date | None] = mapped_column(Date)
    # Date the physician/NPP signed the plan of care; None = not yet certified (the scrubber checks it).
    plan_of_care_certified_on: Mapped[date | None] = mapped_column(Date)
    recertification_due: Mapped[date | None] = mapped_column(Date)
    discharged_on: Mapped[date | None] = mapped_column(Date)

    # Key into the billing package's payer rules ("medicare", "medicaid-ny", "commercial-default" ...).
    payer_code: Mapped[str] = mapped_column(String(60))
    payer_name: Mapped[str | None] = mapped_column(String(200))
    payer_member_id: Mapped[str | None] = mapped_column(String(60))
    authorised_visits: Mapped[int | None] = mapped_column(Integer)
    referring_provider_npi: Mapped[str | None] = mapped_column(String(10))
    precautions: Mapped[list[Any]] = mapped_column(default=list)

    client: Mapped[Client] = relationship(back_populates="episodes")
    therapist: Mapped[User] = relationship(foreign_keys=[therapist_id])
    assistant: Mapped[User | None] = relationship(foreign_keys=[assistant_id])
    diagnoses: Mapped[list[EpisodeDiagnosis]] = relationship(
        back_populates="episode", order_by="EpisodeDiagnosis.rank", cascade="all, delete-orphan"
    )
    goals: Mapped[list[Goal]] = relationship(
        back_populates="episode", order_by="Goal.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("authorised_visits IS NULL OR authorised_visits >= 0", name="authorised_visits"),
        CheckConstraint(
            "certification_through IS NULL OR plan_of_care_start IS NULL "
            "OR certification_through >= plan_of_care_start",
            name="certification_range",
        ),
        CheckConstraint("discharged_on IS NULL OR discharged_on >= start_date", name="discharge_after_start"),
        CheckConstraint(
            "assistant_id IS NULL OR assistant_id <> therapist_id", name="assistant_not_therapist"
        ),
        Index("ix_episodes_status_recertification_due", "status", "recertification_due"),
    )


class EpisodeDiagnosis(Base):
    """An ICD-10-CM code on an episode; rank 1 is the primary (treating) diagnosis."""

    __tablename__ = "episode_diagnoses"

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"))
    rank: Mapped[int] = mapped_column(Integer)
    icd10_code: Mapped[str] = mapped_column(String(8))
    description: Mapped[str | None] = mapped_column(String(300))

    episode: Mapped[Episode] = relationship(back_populates="diagnoses")

    __table_args__ = (
        UniqueConstraint("episode_id", "rank"),
        UniqueConstraint("episode_id", "icd10_code"),
        CheckConstraint("rank >= 1", name="rank"),
        Index("ix_episode_diagnoses_icd10_code", "icd10_code"),
    )


class Goal(TimestampMixin, Base):
    """A measurable goal on an episode; short-term goals hang under a long-term one."""

    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"), index=True)
    parent_goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    # Id of the goal-bank entry this goal was taken from (None for a free-text goal).
    bank_goal_id: Mapped[str | None] = mapped_column(String(120))
    term: Mapped[GoalTerm] = mapped_column(enum_type(GoalTerm, "goal_term"), default=GoalTerm.LONG)
    text: Mapped[str] = mapped_column(Text)
    baseline: Mapped[str | None] = mapped_column(String(200))
    target: Mapped[str | None] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(40))
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[GoalStatus] = mapped_column(
        enum_type(GoalStatus, "goal_status"), default=GoalStatus.ACTIVE
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    episode: Mapped[Episode] = relationship(back_populates="goals")
    parent: Mapped[Goal | None] = relationship(remote_side=[id])

    __table_args__ = (
        CheckConstraint("parent_goal_id IS NULL OR parent_goal_id <> id", name="not_own_parent"),
    )


# --- sessions, recordings, transcripts --------------------------------------------------------


class TherapySession(TimestampMixin, Base):
    """One encounter (visit) on an episode: who treated, when, for how long, and consent to record."""

    __tablename__ = "therapy_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id", ondelete="RESTRICT"))
    provider_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id", ondelete="SET NULL"))
    date_of_service: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime | None] = mapped_column()
    ended_at: Mapped[datetime | None] = mapped_column()
    total_minutes: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[TherapySessionStatus] = mapped_column(
        enum_type(TherapySessionStatus, "therapy_session_status"), default=TherapySessionStatus.SCHEDULED
    )
    consent_to_record: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_recorded_at: Mapped[datetime | None] = mapped_column()

    episode: Mapped[Episode] = relationship()
    provider: Mapped[User] = relationship()

    __table_args__ = (
        CheckConstraint("total_minutes IS NULL OR total_minutes >= 0", name="total_minutes"),
        CheckConstraint(
            "ended_at IS NULL OR started_at IS NULL OR ended_at >= started_at", name="time_range"
        ),
        # Recording without consent is refused by the database, not only by the UI.
        CheckConstraint("consent_to_record OR consent_recorded_at IS NULL", name="consent_time"),
        Index("ix_therapy_sessions_episode_id_date_of_service", "episode_id", "date_of_service"),
    )


class Recording(TimestampMixin, Base):
    """Audio of a session, uploaded in chunks (resumable) and transcribed by a worker."""

    __tablename__ = "recordings"

    id: Mapped[int] = mapped_column(primary_key=True)
    therapy_session_id: Mapped[int] = mapped_column(
        ForeignKey("therapy_sessions.id", ondelete="RESTRICT"), index=True
    )
    # Tablet-generated id: a retried "start upload" returns the same recording (idempotency).
    client_upload_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[RecordingStatus] = mapped_column(
        enum_type(RecordingStatus, "recording_status"), default=RecordingStatus.UPLOADING
    )
    content_type: Mapped[str | None] = mapped_column(String(100))
    storage_key: Mapped[str | None] = mapped_column(String(400))
    # sha256 of the whole (unencrypted) audio, set when the upload is complete.
    sha256: Mapped[str | None] = mapped_column(String(SHA256_HEX_LEN))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    duration_s: Mapped[float | None] = mapped_column(Float)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    failure_reason: Mapped[str | None] = mapped_column(String(500))
    # Transcription progress, 0..1.
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Incremental transcription while the upload runs (pipeline_tasks.transcribe_increment): the
    # audio before `committed_until_s` is transcribed, its words are in `partial_state`.
    committed_until_s: Mapped[float | None] = mapped_column(Float)
    partial_state: Mapped[dict[str, Any] | None] = mapped_column()
    # Set while an increment task is queued or running (deduplication); stale after a few minutes.
    increment_lease_at: Mapped[datetime | None] = mapped_column()

    chunks: Mapped[list[RecordingChunk]] = relationship(
        back_populates="recording", order_by="RecordingChunk.chunk_index", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("sha256 IS NULL OR length(sha256) = 64", name="sha256_len"),
        CheckConstraint("attempts >= 0", name="attempts"),
        CheckConstraint("progress >= 0 AND progress <= 1", name="progress"),
        CheckConstraint("size_bytes IS NULL OR size_bytes >= 0", name="size_bytes"),
        Index("ix_recordings_status", "status"),
    )


class RecordingChunk(Base):
    __tablename__ = "recording_chunks"

    id: Mapped[int] = mapped_column(primary_key=True)
    recording_id: Mapped[int] = mapped_column(ForeignKey("recordings.id", ondelete="CASCADE"))
    chunk_index: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(SHA256_HEX_LEN))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    storage_key: Mapped[str | None] = mapped_column(String(400))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)

    recording: Mapped[Recording] = relationship(back_populates="chunks")

    __table_args__ = (
        UniqueConstraint("recording_id", "chunk_index"),
        CheckConstraint("chunk_index >= 0", name="chunk_index"),
        CheckConstraint("size_bytes >= 0", name="size_bytes"),
        sha256_check("sha256"),
    )


class Transcript(TimestampMixin, Base):
    __tablename__ = "transcripts"

    id: Mapped[int] = mapped_column(primary_key=True)
    therapy_session_id: Mapped[int] = mapped_column(
        ForeignKey("therapy_sessions.id", ondelete="RESTRICT"), index=True
    )
    # Unique: one transcript per recording, however often its transcription task runs.
    recording_id: Mapped[int | None] = mapped_column(
        ForeignKey("recordings.id", ondelete="SET NULL"), index=True, unique=True
    )
    # ASR model and settings that produced it, so a transcript can be reproduced or compared.
    model: Mapped[str] = mapped_column(String(120))
    language: Mapped[str | None] = mapped_column(String(16))
    duration_s: Mapped[float | None] = mapped_column(Float)

    segments: Mapped[list[TranscriptSegment]] = relationship(
        back_populates="transcript", order_by="TranscriptSegment.segment_index", cascade="all, delete-orphan"
    )


class TranscriptSegment(Base):
    __tablename__ = "transcript_segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[int] = mapped_column(ForeignKey("transcripts.id", ondelete="CASCADE"))
    segment_index: Mapped[int] = mapped_column(Integer)
    start_s: Mapped[float] = mapped_column(Float)
    end_s: Mapped[float] = mapped_column(Float)
    speaker: Mapped[Speaker] = mapped_column(enum_type(Speaker, "speaker"), default=Speaker.UNKNOWN)
    text: Mapped[str] = mapped_column(Text)
    # Word timings [{"word", "start", "end", "probability"}], as produced by the scribe package.
    words: Mapped[list[Any] | None] = mapped_column()
    avg_logprob: Mapped[float | None] = mapped_column(Float)

    transcript: Mapped[Transcript] = relationship(back_populates="segments")

    __table_args__ = (
        UniqueConstraint("transcript_id", "segment_index"),
        CheckConstraint("start_s >= 0 AND end_s >= start_s", name="time_range"),
    )


class RecordingDraft(Base):
    """What a recording produced: its transcript and its draft note, one of each (the primary key)."""

    __tablename__ = "recording_drafts"

    recording_id: Mapped[int] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE"), primary_key=True
    )
    transcript_id: Mapped[int] = mapped_column(ForeignKey("transcripts.id", ondelete="CASCADE"), unique=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="RESTRICT"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- notes, signatures, addenda ---------------------------------------------------------------


class Note(TimestampMixin, Base):
    """A clinical note; its content lives in immutable `NoteVersion`s, this row carries the state."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id", ondelete="RESTRICT"), index=True)
    therapy_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("therapy_sessions.id", ondelete="RESTRICT"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    note_type: Mapped[NoteType] = mapped_column(enum_type(NoteType, "note_type"), default=NoteType.DAILY)
    # Template id from note_builder ("pt_daily_v1"), so old notes render with the template they used.
    template: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[NoteStatus] = mapped_column(enum_type(NoteStatus, "note_status"), default=NoteStatus.DRAFT)
    current_version: Mapped[int] = mapped_column(Integer, default=0)
    returned_reason: Mapped[str | None] = mapped_column(Text)
    finalised_at: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Optimistic concurrency: an UPDATE carrying a stale value matches no row -> StaleDataError -> 409.
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    versions: Mapped[list[NoteVersion]] = relationship(
        back_populates="note", order_by="NoteVersion.version_number", cascade="all, delete-orphan"
    )
    signatures: Mapped[list[Signature]] = relationship(back_populates="note", order_by="Signature.id")
    addenda: Mapped[list[Addendum]] = relationship(back_populates="note", order_by="Addendum.id")

    __mapper_args__ = {"version_id_col": lock_version}
    __table_args__ = (
        CheckConstraint("current_version >= 0", name="current_version"),
        CheckConstraint("status <> 'final' OR finalised_at IS NOT NULL", name="final_has_time"),
        Index("ix_notes_status_updated_at", "status", "updated_at"),
    )


class NoteVersion(Base):
    __tablename__ = "note_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"))
    version_number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column()
    # sha256 of the canonical JSON of `content`; signatures bind to this value.
    content_sha256: Mapped[str] = mapped_column(String(SHA256_HEX_LEN))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    note: Mapped[Note] = relationship(back_populates="versions")

    __table_args__ = (
        UniqueConstraint("note_id", "version_number"),
        CheckConstraint("version_number >= 1", name="version_number"),
        sha256_check("content_sha256"),
    )


class Signature(Base):
    """An electronic signature: who, in what capacity, when, over exactly which content."""

    __tablename__ = "signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="RESTRICT"), index=True)
    note_version_id: Mapped[int] = mapped_column(ForeignKey("note_versions.id", ondelete="RESTRICT"))
    signer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    # Copied at signing time: a later change of name or credentials must not alter a signed record.
    printed_name: Mapped[str] = mapped_column(String(200))
    credentials: Mapped[str | None] = mapped_column(String(100))
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"))
    meaning: Mapped[SignatureMeaning] = mapped_column(enum_type(SignatureMeaning, "signature_meaning"))
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)
    content_sha256: Mapped[str] = mapped_column(String(SHA256_HEX_LEN))

    note: Mapped[Note] = relationship(back_populates="signatures")

    __table_args__ = (
        UniqueConstraint("note_version_id", "signer_id", "meaning"),
        sha256_check("content_sha256"),
    )


class Addendum(Base):
    """Text added to a final note; the note itself never changes."""

    __tablename__ = "addenda"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="RESTRICT"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    printed_name: Mapped[str] = mapped_column(String(200))
    credentials: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # A billing correction: the note's interventions as they should have been billed
    # ([{"cpt", "minutes", "provider"?}], draft/1 shape); None for an addendum that only adds text.
    interventions: Mapped[list[Any] | None] = mapped_column()
    content_sha256: Mapped[str] = mapped_column(String(SHA256_HEX_LEN))
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)

    note: Mapped[Note] = relationship(back_populates="addenda")

    __table_args__ = (sha256_check("content_sha256"),)


class NoteRelease(Base):
    """The hand-off to billing: one row, written in the transaction that makes a note final.

    Billing reads these in id order and keys its own work on `note_id` (unique), so reading twice
    is harmless. The migration's triggers refuse a release of a note that is not final.
    """

    __tablename__ = "note_releases"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="RESTRICT"), unique=True)
    note_version_id: Mapped[int] = mapped_column(ForeignKey("note_versions.id", ondelete="RESTRICT"))
    # The signed content hash of the final version, so billing can prove what it billed from.
    content_sha256: Mapped[str] = mapped_column(String(SHA256_HEX_LEN))
    released_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (sha256_check("content_sha256"),)


# --- billing ----------------------------------------------------------------------------------


class Charge(TimestampMixin, Base):
    """A billable line produced from a final note (CPT/HCPCS code, units, modifiers)."""

    __tablename__ = "charges"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="RESTRICT"), index=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id", ondelete="RESTRICT"), index=True)
    therapy_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("therapy_sessions.id", ondelete="RESTRICT"), index=True
    )
    rendering_provider_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    date_of_service: Mapped[date] = mapped_column(Date)
    code: Mapped[str] = mapped_column(String(10))
    modifiers: Mapped[list[Any]] = mapped_column(default=list)
    units: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int | None] = mapped_column(Integer)
    # ICD-10 codes this line points at, in claim order.
    diagnosis_pointers: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[ChargeStatus] = mapped_column(
        enum_type(ChargeStatus, "charge_status"), default=ChargeStatus.PENDING
    )
    exported_at: Mapped[datetime | None] = mapped_column()
    # The set this line belongs to (one per note version's billable content), and its claim line number.
    charge_set_id: Mapped[int] = mapped_column(
        ForeignKey("charge_sets.id", ondelete="RESTRICT"), index=True
    )
    line_number: Mapped[int] = mapped_column(Integer)
    supervising_provider_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    # NPIs copied at capture: a later change to a user's record must not alter a captured claim.
    rendering_provider_npi: Mapped[str | None] = mapped_column(String(10))
    supervising_provider_npi: Mapped[str | None] = mapped_column(String(10))
    place_of_service: Mapped[str] = mapped_column(String(2), default="11")
    # Line total (all units) in cents, from the clinic's fee schedule.
    amount_cents: Mapped[int] = mapped_column(Integer, default=0)
    released_at: Mapped[datetime | None] = mapped_column()

    charge_set: Mapped[ChargeSet] = relationship(back_populates="lines")

    __table_args__ = (
        CheckConstraint("units >= 0", name="units"),
        CheckConstraint("minutes IS NULL OR minutes >= 0", name="minutes"),
        CheckConstraint("amount_cents >= 0", name="amount_cents"),
        UniqueConstraint("charge_set_id", "line_number"),
        Index("ix_charges_status_date_of_service", "status", "date_of_service"),
    )


class ChargeSet(TimestampMixin, Base):
    """One note's charges as a unit: captured once per billable content, scrubbed, released, corrected.

    A correction (an addendum that changes billable content) is a new set with the next `version`;
    the old one is marked superseded and kept, so the billing history can be replayed.
    """

    __tablename__ = "charge_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="RESTRICT"))
    note_version_id: Mapped[int] = mapped_column(ForeignKey("note_versions.id", ondelete="RESTRICT"))
    # The note's latest addendum when captured (its interventions, or an earlier addendum's, may have
    # corrected the note's); a newer addendum makes the note due for capture again.
    source_addendum_id: Mapped[int | None] = mapped_column(ForeignKey("addenda.id", ondelete="RESTRICT"))
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id", ondelete="RESTRICT"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[ChargeSetStatus] = mapped_column(
        enum_type(ChargeSetStatus, "charge_set_status"), default=ChargeSetStatus.CAPTURED
    )
    date_of_service: Mapped[date] = mapped_column(Date)
    payer_code: Mapped[str] = mapped_column(String(60))
    discipline: Mapped[str] = mapped_column(String(8))
    # Billing-rules role of who furnished the service ("pt", "pta", "slp_cf" ...).
    provider_role: Mapped[str] = mapped_column(String(8))
    place_of_service: Mapped[str] = mapped_column(String(2), default="11")
    # ICD-10-CM codes in claim order; lines point into this list (1-based).
    diagnoses: Mapped[list[Any]] = mapped_column(default=list)
    total_cents: Mapped[int] = mapped_column(Integer, default=0)
    # sha256 of the canonical billable inputs: equal content means the same set (idempotent capture).
    content_sha256: Mapped[str] = mapped_column(String(SHA256_HEX_LEN))
    # Rule warnings from capture and the scrubber's problems: [{"code", "message", "severity", "line"?}].
    problems: Mapped[list[Any]] = mapped_column(default=list)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    validated_at: Mapped[datetime | None] = mapped_column()
    released_at: Mapped[datetime | None] = mapped_column()
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("charge_sets.id", ondelete="RESTRICT"))
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("charge_sets.id", ondelete="RESTRICT"))
    superseded_at: Mapped[datetime | None] = mapped_column()

    lines: Mapped[list[Charge]] = relationship(
        back_populates="charge_set", order_by="Charge.line_number", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("note_id", "version"),
        CheckConstraint("version >= 1", name="version"),
        CheckConstraint("total_cents >= 0", name="total_cents"),
        CheckConstraint("error_count >= 0", name="error_count"),
        CheckConstraint("status <> 'released' OR released_at IS NOT NULL", name="released_has_time"),
        sha256_check("content_sha256"),
        Index("ix_charge_sets_client_id_date_of_service", "client_id", "date_of_service"),
        Index("ix_charge_sets_note_id_status", "note_id", "status"),
    )


class BillingFeedEntry(Base):
    """Append-only hand-off log: one row per charge-set release or retraction; the feed's cursor is its id."""

    __tablename__ = "billing_feed_entries"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    charge_set_id: Mapped[int] = mapped_column(ForeignKey("charge_sets.id", ondelete="RESTRICT"), index=True)
    event: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint("event IN ('released', 'superseded')", name="event"),
        Index("ix_billing_feed_entries_organisation_id_id", "organisation_id", "id"),
    )


class WebhookDelivery(Base):
    """Outbox row: one signed POST to one subscriber URL, retried with back-off until delivered."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    charge_set_id: Mapped[int | None] = mapped_column(
        ForeignKey("charge_sets.id", ondelete="RESTRICT"), index=True
    )
    event: Mapped[str] = mapped_column(String(60))
    url: Mapped[str] = mapped_column(String(500))
    payload: Mapped[dict[str, Any]] = mapped_column()
    status: Mapped[WebhookStatus] = mapped_column(
        enum_type(WebhookStatus, "webhook_status"), default=WebhookStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_attempt_at: Mapped[datetime | None] = mapped_column()
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(500))
    delivered_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint("attempts >= 0", name="attempts"),
        Index("ix_webhook_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
    )


class FeeScheduleEntry(Base):
    """The clinic's charge per unit of a code, over a date range (inclusive); cents avoid float money."""

    __tablename__ = "fee_schedule_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    code: Mapped[str] = mapped_column(String(10))
    unit_cents: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("organisation_id", "code", "effective_from"),
        CheckConstraint("unit_cents >= 0", name="unit_cents"),
        CheckConstraint("effective_to IS NULL OR effective_to >= effective_from", name="date_range"),
    )


class BillingProfile(TimestampMixin, Base):
    """What a claim file says about the practice: tax id, address, taxonomy, EDI sender and receiver."""

    __tablename__ = "billing_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), unique=True
    )
    tax_id: Mapped[str] = mapped_column(String(9))
    taxonomy: Mapped[str] = mapped_column(String(10))
    address_line1: Mapped[str] = mapped_column(String(55))
    address_line2: Mapped[str | None] = mapped_column(String(55))
    city: Mapped[str] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(2))
    # The billing provider's ZIP+4 (9 digits, 837P 2010AA).
    postal_code: Mapped[str] = mapped_column(String(10))
    contact_name: Mapped[str | None] = mapped_column(String(60))
    contact_phone: Mapped[str] = mapped_column(String(10))
    submitter_id: Mapped[str] = mapped_column(String(15))
    receiver_id: Mapped[str] = mapped_column(String(15))
    receiver_name: Mapped[str] = mapped_column(String(60), default="CLEARINGHOUSE")


class BillingPayer(Base):
    """A payer as the clinic's clearinghouse knows it: electronic payer id and claim filing indicator."""

    __tablename__ = "billing_payers"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    # Episode.payer_code this row describes.
    payer_code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(60))
    payer_id: Mapped[str] = mapped_column(String(80))
    # 837P SBR09: MB Medicare Part B, MC Medicaid, CI commercial ...
    claim_filing_code: Mapped[str] = mapped_column(String(2), default="CI")

    __table_args__ = (UniqueConstraint("organisation_id", "payer_code"),)


# --- audit ------------------------------------------------------------------------------------


class AuditEvent(Base):
    """Append-only, hash-chained record of who touched what (ids only, never PHI values).

    `hash = sha256(prev_hash + canonical fields)`, and `prev_hash` is unique, so the chain can
    neither fork nor be edited without `rehab-scribe audit verify` noticing. The migration also
    installs triggers that refuse UPDATE and DELETE.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str | None] = mapped_column(String(60))
    object_id: Mapped[str | None] = mapped_column(String(64))
    request_id: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(SHA256_HEX_LEN), unique=True)
    hash: Mapped[str] = mapped_column(String(SHA256_HEX_LEN), unique=True)

    __table_args__ = (
        sha256_check("prev_hash"),
        sha256_check("hash"),
        Index("ix_audit_events_client_id_occurred_at", "client_id", "occurred_at"),
    )
