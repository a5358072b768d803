"""Queries that start from what the caller may see.

Every read of clinical data goes through a `Caseload`: its statements are already filtered to
the caller's organisation and caseload, so a route cannot forget the check. An object outside
the caseload is reported exactly like a missing one (`NotFoundError` -> 404).

Visibility rules:
- a clinician sees episodes where they are the therapist or the assistant, plus episodes of
  staff they supervise today (supervision date ranges are inclusive, in the clinic's calendar);
- a client is visible when at least one of their episodes is;
- billers and administrators see no clinical content: to them every clinical object and list
  is missing (`NotFoundError` -> 404), as billing data is to clinicians and the audit report
  to everyone but an administrator.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from models.enums import CLINICAL_ROLES, TherapySessionStatus
from models.errors import NotFoundError
from models.orm import Client, EmergencyAccessGrant, Episode, Organisation, Supervision, TherapySession, User
from models.types import utcnow

DEFAULT_PAGE = 100


def clinic_today(organisation: Organisation, now: datetime | None = None) -> date:
    """Today's date where the clinic is: supervision ranges and plan-of-care dates are local dates."""
    try:
        zone = ZoneInfo(organisation.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return (now or datetime.now(zone)).astimezone(zone).date()


def active_supervision(on: date) -> Select[int]:
    """Supervisee ids under supervision on `on`, as a statement to filter further by supervisor."""
    return select(Supervision.supervisee_id).where(
        Supervision.starts_on <= on,
        or_(Supervision.ends_on.is_(None), Supervision.ends_on >= on),
    )


def supervisee_ids(session: Session, supervisor_id: int, on: date) -> list[int]:
    return list(session.scalars(active_supervision(on).where(Supervision.supervisor_id == supervisor_id)))


def supervisor_ids(session: Session, supervisee_id: int, on: date) -> list[int]:
    stmt = select(Supervision.supervisor_id).where(
        Supervision.supervisee_id == supervisee_id,
        Supervision.starts_on <= on,
        or_(Supervision.ends_on.is_(None), Supervision.ends_on >= on),
    )
    return list(session.scalars(stmt))


class Caseload:
    """The clinical records one user may read, as of one clinic day."""

    def __init__(self, session: Session, user: User, on: date | None = None) -> None:
        self.session = session
        self.user = user
        self.on = on or clinic_today(session.get_one(Organisation, user.organisation_id))

    @property
    def may_read_clinical(self) -> bool:
        return self.user.is_active and self.user.role in CLINICAL_ROLES

    def _require_clinical(self) -> None:
        # Not 403: a role that may read no clinical record learns nothing, not even that the
        # object it named exists (the same empty 404 as an id outside a clinician's caseload).
        if not self.may_read_clinical:
            raise NotFoundError("not found")

    def episode_ids(self) -> Select[int]:
        """Ids of readable episodes: the subquery every clinical statement filters on.

        Later tables (notes, recordings, charges) join through `episode_id IN (this)`.
        """
        self._require_clinical()
        me = self.user.id
        supervised = active_supervision(self.on).where(Supervision.supervisor_id == me)
        return (
            select(Episode.id)
            .join(Client, Client.id == Episode.client_id)
            .where(
                Client.organisation_id == self.user.organisation_id,
                or_(
                    Episode.therapist_id == me,
                    Episode.assistant_id == me,
                    Episode.therapist_id.in_(supervised),
                    Episode.assistant_id.in_(supervised),
                    # "Break the glass": a live emergency grant opens that client's episodes.
                    Episode.client_id.in_(
                        select(EmergencyAccessGrant.client_id).where(
                            EmergencyAccessGrant.user_id == me, EmergencyAccessGrant.expires_at > utcnow()
                        )
                    ),
                ),
            )
        )

    def episodes(self) -> Select[Episode]:
        return select(Episode).where(Episode.id.in_(self.episode_ids()))

    def clients(self) -> Select[Client]:
        visible = select(Episode.client_id).where(Episode.id.in_(self.episode_ids()))
        return select(Client).where(Client.id.in_(visible))

    # --- reads ---------------------------------------------------------------------------

    def list_clients(self, limit: int = DEFAULT_PAGE, offset: int = 0) -> Sequence[Client]:
        stmt = (
            self.clients()
            .order_by(Client.last_name, Client.first_name, Client.id)
            .limit(limit)
            .offset(offset)
        )
        return self.session.scalars(stmt).all()

    def get_client(self, client_id: int) -> Client:
        client = self.session.scalars(self.clients().where(Client.id == client_id)).first()
        if client is None:
            raise NotFoundError("client not found")
        return client

    def client_episodes(self, client_id: int) -> Sequence[Episode]:
        stmt = self.episodes().where(Episode.client_id == client_id).order_by(Episode.start_date, Episode.id)
        return self.session.scalars(stmt).all()

    def get_episode(self, episode_id: int) -> Episode:
        stmt = (
            self.episodes()
            .where(Episode.id == episode_id)
            .options(
                selectinload(Episode.diagnoses),
                selectinload(Episode.goals),
                selectinload(Episode.therapist),
                selectinload(Episode.assistant),
            )
        )
        episode = self.session.scalars(stmt).first()
        if episode is None:
            raise NotFoundError("episode not found")
        return episode

    def visits_used(self, episode_id: int) -> int:
        stmt = select(func.count(TherapySession.id)).where(
            TherapySession.episode_id == episode_id,
            TherapySession.status == TherapySessionStatus.COMPLETED,
            TherapySession.episode_id.in_(self.episode_ids()),
        )
        return int(self.session.scalar(stmt) or 0)


class UserRepository:
    """Staff look-ups for authentication (not caseload-scoped: they read no clinical data)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def by_username(self, username: str) -> User | None:
        return self.session.scalars(select(User).where(User.username == username)).first()

    def by_id(self, user_id: int) -> User | None:
        return self.session.get(User, user_id)
