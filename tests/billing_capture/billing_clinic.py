"""A billing-ready clinic built straight through the ORM: final notes exist without the note lifecycle.

Shared by tests/billing_capture and tests/api/test_billing_api.py.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from billing.exports import synthetic_npi
from models.enums import NoteStatus, NoteType, Role, SignatureMeaning, TherapySessionStatus
from models.orm import (
    Addendum,
    BillingPayer,
    BillingProfile,
    Client,
    Episode,
    EpisodeDiagnosis,
    Note,
    NoteVersion,
    Organisation,
    Signature,
    Supervision,
    TherapySession,
    User,
)

DOS = date(2025, 3, 10)


def sha(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def draft(
    interventions: list[dict[str, Any]], *, role: str = "pta", assessment: bool = True
) -> dict[str, Any]:
    """A draft/1 note body, as note_builder writes it (only the keys billing reads are filled)."""
    return {
        "contract": "draft/1",
        "discipline": "pt",
        "payer": "medicare",
        "provider_role": role,
        "note": {
            "template": "pt_daily",
            "note_type": "daily",
            "sections": {
                "subjective": [{"text": "Reports knee pain 4/10.", "evidence": []}],
                "objective": [],
                "assessment": [{"text": "Tolerated progression; strength improving.", "evidence": []}]
                if assessment
                else [],
                "plan": [],
            },
        },
        "interventions": [{"name": "x", "evidence": [], **iv} for iv in interventions],
        "billing_preview": [],
        "warnings": [],
    }


@dataclass
class BillingClinic:
    session: Session
    password_hash: str
    # Distinct seeds give distinct NPIs (unique per user) when a test needs a second clinic.
    seed: int = 0
    org: Organisation = field(init=False)
    pt: User = field(init=False)
    pta: User = field(init=False)
    ot: User = field(init=False)
    biller: User = field(init=False)
    client: Client = field(init=False)
    episode: Episode = field(init=False)
    _n: int = 0

    def __post_init__(self) -> None:
        s = self.session
        tag = uuid.uuid4().hex[:6]
        self.org = Organisation(
            name=f"Riverbend {tag}", timezone="UTC", npi=synthetic_npi(1, organization=True)
        )
        s.add(self.org)
        s.flush()
        s.add(
            BillingProfile(
                organisation_id=self.org.id,
                tax_id="990000001",
                taxonomy="261QP2000X",
                address_line1="100 Example Ave",
                city="Springfield",
                state="IL",
                postal_code="627010001",
                contact_name="Billing Office",
                contact_phone="5555550100",
                submitter_id="RIVERBEND",
                receiver_id="CLEARHOUSE",
                receiver_name="Example Clearinghouse",
            )
        )
        s.add(
            BillingPayer(
                organisation_id=self.org.id,
                payer_code="medicare",
                name="Medicare Part B Example MAC",
                payer_id="00952",
                claim_filing_code="MB",
            )
        )
        self.pt = self.user(Role.PT, "Dana Therapist", "PT, DPT", synthetic_npi(3_000_001 + self.seed))
        self.pta = self.user(Role.PTA, "Pat Assistant", "PTA", synthetic_npi(2_000_001 + self.seed))
        self.ot = self.user(Role.OT, "Olive Occupational", "OTR/L", synthetic_npi(5_000_001 + self.seed))
        self.biller = self.user(Role.BILLER, "Bea Biller", None, None, username=f"biller-{tag}")
        s.add(Supervision(supervisor_id=self.pt.id, supervisee_id=self.pta.id, starts_on=date(2025, 1, 1)))
        self.client = self.new_client("Hartley")
        self.episode = self.new_episode(self.client)
        s.flush()

    def user(
        self, role: Role, name: str, credentials: str | None, npi: str | None, username: str | None = None
    ) -> User:
        self._n += 1
        user = User(
            organisation_id=self.org.id,
            username=username or f"{str(role).lower()}-{uuid.uuid4().hex[:8]}",
            password_hash=self.password_hash,
            full_name=name,
            role=role,
            credentials=credentials,
            npi=npi,
        )
        self.session.add(user)
        self.session.flush()
        return user

    def new_client(self, last_name: str) -> Client:
        self._n += 1
        client = Client(
            organisation_id=self.org.id,
            mrn=f"MRN-{uuid.uuid4().hex[:8]}",
            first_name="Maria",
            last_name=last_name,
            date_of_birth=date(1951, 6, 15),
            sex="F",
            address_line1="42 Test Lane",
            city="Springfield",
            state="IL",
            postal_code="62702",
        )
        self.session.add(client)
        self.session.flush()
        return client

    def new_episode(
        self, client: Client, *, discipline: str = "PT", therapist: User | None = None
    ) -> Episode:
        episode = Episode(
            client_id=client.id,
            discipline=discipline,
            therapist_id=(therapist or self.pt).id,
            assistant_id=self.pta.id if discipline == "PT" else None,
            start_date=date(2025, 3, 1),
            plan_of_care_start=date(2025, 3, 1),
            certification_through=date(2025, 5, 29),
            plan_of_care_certified_on=date(2025, 3, 3),
            payer_code="medicare",
            payer_name="Medicare",
            payer_member_id="1EG4TE5MK73",
            diagnoses=[
                EpisodeDiagnosis(rank=1, icd10_code="M17.11", description="Primary OA, right knee"),
                EpisodeDiagnosis(rank=2, icd10_code="R26.2", description="Difficulty in walking"),
            ],
        )
        self.session.add(episode)
        self.session.flush()
        return episode

    def note(
        self,
        interventions: list[dict[str, Any]],
        *,
        author: User | None = None,
        episode: Episode | None = None,
        day: date = DOS,
        status: NoteStatus = NoteStatus.FINAL,
        note_type: NoteType = NoteType.DAILY,
        cosigned_by: User | None = None,
        **draft_kw: Any,
    ) -> Note:
        author = author or self.pta
        episode = episode or self.episode
        s = self.session
        therapy = TherapySession(
            episode_id=episode.id,
            provider_id=author.id,
            date_of_service=day,
            status=TherapySessionStatus.COMPLETED,
        )
        s.add(therapy)
        s.flush()
        note = Note(
            episode_id=episode.id,
            therapy_session_id=therapy.id,
            author_id=author.id,
            note_type=note_type,
            status=NoteStatus.DRAFT,
            current_version=1,
        )
        s.add(note)
        s.flush()
        content = draft(interventions, role=str(author.role).lower().replace("-", "_"), **draft_kw)
        version = NoteVersion(
            note_id=note.id,
            version_number=1,
            content=content,
            content_sha256=sha(content),
            created_by_id=author.id,
        )
        s.add(version)
        s.flush()
        if cosigned_by is not None:
            s.add(
                Signature(
                    note_id=note.id,
                    note_version_id=version.id,
                    signer_id=cosigned_by.id,
                    printed_name=cosigned_by.full_name,
                    credentials=cosigned_by.credentials,
                    role=cosigned_by.role,
                    meaning=SignatureMeaning.COSIGNED,
                    content_sha256=version.content_sha256,
                )
            )
            s.flush()
        if status == NoteStatus.FINAL:
            note.status = NoteStatus.FINAL
            note.finalised_at = datetime.combine(day, datetime.min.time(), tzinfo=UTC).replace(hour=18)
        else:
            note.status = status
        s.flush()
        return note

    def addendum(self, note: Note, body: str, interventions: list[dict[str, Any]] | None = None) -> Addendum:
        row = Addendum(
            note_id=note.id,
            author_id=self.pt.id,
            printed_name=self.pt.full_name,
            credentials=self.pt.credentials,
            reason="billing correction" if interventions is not None else "clarification",
            body=body,
            content_sha256=sha([note.id, body]),
        )
        if interventions is not None:
            row.interventions = [{"name": "x", "evidence": [], **iv} for iv in interventions]
        self.session.add(row)
        self.session.flush()
        return row


PTA_VISIT = [{"cpt": "97110", "minutes": 24}, {"cpt": "97140", "minutes": 10}]
