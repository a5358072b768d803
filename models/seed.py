"""A synthetic demo clinic, created idempotently: running it twice changes nothing.

Everyone in it is invented. Passwords are fixed and printed on purpose (a demo), which is why
the CLI refuses to seed in production mode.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.enums import Discipline, GoalTerm, Role
from models.orm import Client, Episode, EpisodeDiagnosis, Goal, Location, Organisation, Supervision, User

DEMO_ORGANISATION = "Riverbend Rehabilitation (demo)"
DEMO_PASSWORD = "demo-password"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    full_name: str


_STAFF: list[tuple[str, str, Role, str | None, str | None]] = [
    ("pt", "Dana Whitfield", Role.PT, "PT, DPT", "1000000004"),
    ("pta", "Marcus Lee", Role.PTA, "PTA", "1000000012"),
    ("ot", "Priya Raman", Role.OT, "OTR/L", "1000000020"),
    ("cota", "Jordan Ellis", Role.COTA, "COTA/L", "1000000038"),
    ("slp", "Helen Okafor", Role.SLP, "MS, CCC-SLP", "1000000046"),
    ("slpcf", "Sam Torres", Role.SLP_CF, "MS, CF-SLP", "1000000053"),
    ("biller", "Avery Brooks", Role.BILLER, None, None),
    ("admin", "Casey Morgan", Role.ADMIN, None, None),
]

_PAYER_NAMES = {"medicare": "Medicare Part B", "commercial": "Demo Commercial Health Plan"}

_SUPERVISION = [("pt", "pta"), ("ot", "cota"), ("slp", "slpcf")]


@dataclass(frozen=True)
class _DemoClient:
    mrn: str
    first: str
    last: str
    dob: date
    sex: str
    discipline: Discipline
    therapist: str
    assistant: str | None
    payer: str
    diagnoses: list[tuple[str, str]]
    precautions: list[str]
    # (term, text, baseline, target)
    goals: list[tuple[GoalTerm, str, str, str]]


_CLIENTS = [
    _DemoClient(
        mrn="DEMO-0001", first="Evelyn", last="Hart", dob=date(1951, 3, 14), sex="F",
        discipline=Discipline.PT, therapist="pt", assistant="pta", payer="medicare",
        diagnoses=[
            ("M17.11", "Unilateral primary osteoarthritis, right knee"),
            ("Z96.651", "Presence of right artificial knee joint"),
        ],
        precautions=["weight bearing as tolerated right lower extremity"],
        goals=[
            (GoalTerm.LONG, "Ambulate 300 feet with a single-point cane, modified independent",
             "50 ft, rolling walker", "300 ft, cane"),
            (GoalTerm.SHORT, "Right knee flexion active range of motion to 110 degrees",
             "85 degrees", "110 degrees"),
        ],
    ),
    _DemoClient(
        mrn="DEMO-0002", first="Raymond", last="Castillo", dob=date(1967, 9, 2), sex="M",
        discipline=Discipline.PT, therapist="pt", assistant=None, payer="commercial",
        diagnoses=[("M54.50", "Low back pain, unspecified")],
        precautions=[],
        goals=[
            (GoalTerm.LONG, "Oswestry disability index below 20 percent", "46 percent", "below 20 percent"),
        ],
    ),
    _DemoClient(
        mrn="DEMO-0003", first="Lucia", last="Moreno", dob=date(1958, 6, 21), sex="F",
        discipline=Discipline.OT, therapist="ot", assistant="cota", payer="medicare",
        diagnoses=[("I69.351", "Hemiplegia following cerebral infarction affecting right dominant side")],
        precautions=["fall risk", "right shoulder subluxation: support arm in sitting"],
        goals=[(GoalTerm.LONG, "Upper body dressing with set-up only", "moderate assistance", "set-up")],
    ),
    _DemoClient(
        mrn="DEMO-0004", first="Walter", last="Nguyen", dob=date(1944, 11, 8), sex="M",
        discipline=Discipline.SLP, therapist="slp", assistant="slpcf", payer="medicare",
        diagnoses=[("R13.12", "Dysphagia, oropharyngeal phase")],
        precautions=["aspiration precautions: upright 90 degrees for all intake"],
        goals=[
            (GoalTerm.LONG, "Tolerate mechanical soft diet with thin liquids without signs of aspiration",
             "puree, mildly thick liquids", "mechanical soft, thin liquids"),
        ],
    ),
]  # fmt: skip


def _get_or_create_org(session: Session) -> Organisation:
    org = session.scalars(select(Organisation).where(Organisation.name == DEMO_ORGANISATION)).first()
    if org is None:
        org = Organisation(name=DEMO_ORGANISATION, npi="1999999984", timezone="America/Chicago")
        session.add(org)
        session.flush()
        session.add(Location(organisation_id=org.id, name="Main clinic", place_of_service="11"))
        session.flush()
    return org


def seed_demo(
    session: Session, hash_password: Callable[[str], str], today: date | None = None
) -> list[DemoLogin]:
    """Create (or find) the demo clinic inside the caller's transaction; return the demo logins."""
    today = today or date.today()
    org = _get_or_create_org(session)
    location = session.scalars(select(Location).where(Location.organisation_id == org.id)).first()

    users: dict[str, User] = {}
    logins: list[DemoLogin] = []
    for key, name, role, credentials, npi in _STAFF:
        username = f"demo.{key}"
        user = session.scalars(select(User).where(User.username == username)).first()
        if user is None:
            user = User(
                organisation_id=org.id,
                username=username,
                password_hash=hash_password(DEMO_PASSWORD),
                full_name=name,
                role=role,
                credentials=credentials,
                npi=npi,
            )
            session.add(user)
        users[key] = user
        logins.append(DemoLogin(username, DEMO_PASSWORD, role.value, name))
    session.flush()

    start = today - timedelta(days=21)
    for supervisor, supervisee in _SUPERVISION:
        exists = session.scalars(
            select(Supervision).where(
                Supervision.supervisor_id == users[supervisor].id,
                Supervision.supervisee_id == users[supervisee].id,
            )
        ).first()
        if exists is None:
            session.add(
                Supervision(
                    supervisor_id=users[supervisor].id, supervisee_id=users[supervisee].id, starts_on=start
                )
            )

    for demo in _CLIENTS:
        if session.scalars(
            select(Client).where(Client.organisation_id == org.id, Client.mrn == demo.mrn)
        ).first():
            continue
        client = Client(
            organisation_id=org.id,
            mrn=demo.mrn,
            first_name=demo.first,
            last_name=demo.last,
            date_of_birth=demo.dob,
            sex=demo.sex,
        )
        episode = Episode(
            client=client,
            location_id=location.id if location else None,
            discipline=demo.discipline,
            therapist_id=users[demo.therapist].id,
            assistant_id=users[demo.assistant].id if demo.assistant else None,
            start_date=start,
            plan_of_care_start=start,
            certification_through=start + timedelta(days=89),
            recertification_due=start + timedelta(days=89),
            payer_code=demo.payer,
            payer_name=_PAYER_NAMES[demo.payer],
            authorised_visits=24 if demo.payer == "commercial" else None,
            precautions=demo.precautions,
            diagnoses=[
                EpisodeDiagnosis(rank=i, icd10_code=code, description=desc)
                for i, (code, desc) in enumerate(demo.diagnoses, 1)
            ],
        )
        parent: Goal | None = None
        for term, text, baseline, target in demo.goals:
            goal = Goal(
                term=term,
                text=text,
                baseline=baseline,
                target=target,
                due_date=start + timedelta(days=56 if term is GoalTerm.LONG else 28),
            )
            if term is GoalTerm.SHORT:
                goal.parent = parent
            else:
                parent = goal
            episode.goals.append(goal)
        session.add(episode)
    session.flush()
    return logins
