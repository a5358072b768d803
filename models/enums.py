"""Vocabularies stored in the database, as plain `StrEnum`s (no SQLAlchemy, safe to import anywhere).

The stored value is the enum *value* (what a clinic writes: "SLP-CF", "awaiting_cosign"), and each
column carries a CHECK constraint listing them, so a bad value fails in the database too.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PT = "PT"
    PTA = "PTA"
    OT = "OT"
    COTA = "COTA"
    SLP = "SLP"
    SLP_CF = "SLP-CF"
    BILLER = "biller"
    ADMIN = "admin"


# Licensed therapists can evaluate, own a plan of care and supervise.
THERAPIST_ROLES: frozenset[Role] = frozenset({Role.PT, Role.OT, Role.SLP})
# Practise under a supervising therapist; their notes need a co-signature.
SUPERVISED_ROLES: frozenset[Role] = frozenset({Role.PTA, Role.COTA, Role.SLP_CF})
CLINICAL_ROLES: frozenset[Role] = THERAPIST_ROLES | SUPERVISED_ROLES


class Discipline(StrEnum):
    PT = "PT"
    OT = "OT"
    SLP = "SLP"


ROLE_DISCIPLINE: dict[Role, Discipline] = {
    Role.PT: Discipline.PT,
    Role.PTA: Discipline.PT,
    Role.OT: Discipline.OT,
    Role.COTA: Discipline.OT,
    Role.SLP: Discipline.SLP,
    Role.SLP_CF: Discipline.SLP,
}


class EpisodeStatus(StrEnum):
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    DISCHARGED = "discharged"


class TherapySessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class RecordingStatus(StrEnum):
    UPLOADING = "uploading"
    UPLOADED = "uploaded"
    TRANSCRIBING = "transcribing"
    TRANSCRIBED = "transcribed"
    FAILED = "failed"


class Speaker(StrEnum):
    THERAPIST = "therapist"
    CLIENT = "client"
    CAREGIVER = "caregiver"
    UNKNOWN = "unknown"


class NoteType(StrEnum):
    DAILY = "daily"
    EVALUATION = "evaluation"
    PROGRESS = "progress"
    RECERTIFICATION = "recertification"
    DISCHARGE = "discharge"


class NoteStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"
    AWAITING_COSIGN = "awaiting_cosign"
    COSIGNED = "cosigned"
    RETURNED = "returned"
    FINAL = "final"


class SignatureMeaning(StrEnum):
    AUTHORED = "authored"
    COSIGNED = "co-signed"
    REVIEWED = "reviewed"


class GoalTerm(StrEnum):
    LONG = "long"
    SHORT = "short"


class GoalStatus(StrEnum):
    ACTIVE = "active"
    MET = "met"
    PARTIALLY_MET = "partially_met"
    NOT_MET = "not_met"
    MODIFIED = "modified"
    DISCONTINUED = "discontinued"


class ChargeStatus(StrEnum):
    PENDING = "pending"
    READY = "ready"
    EXPORTED = "exported"
    VOID = "void"


class ChargeSetStatus(StrEnum):
    """A note's charges as one unit: captured (scrubbed, awaiting release), released, or replaced."""

    CAPTURED = "captured"
    RELEASED = "released"
    SUPERSEDED = "superseded"


class WebhookStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"
