"""Charges and claim export for final notes, as notes per second.

Two figures:
- `notes_per_s`: the pure in-memory path for `n` synthetic final notes, per note: `compute_charges`,
  `validate_claim` (with the ICD-10 check) and `write_837p` of that note's claim. Target: > 2,000/s on
  2 cores. Also reported: the same with one 837P batch for all notes (`batch_notes_per_s`).
- `db_capture_notes_per_s`: `billing_capture.capture_pending` over `db_notes` final notes in a migrated
  SQLite file (gathering, pricing, scrubbing, storing, auditing), which is what the worker runs.

Synthetic notes vary codes, minutes, assistant share and payer; building them is not timed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

TIMED = ["97110", "97112", "97116", "97140", "97530", "97535"]
DIAGNOSES = [("M17.11", "R26.2"), ("M54.50", "M62.81"), ("S83.511A", "M25.561"), ("M75.101", "M25.511")]


@dataclass(frozen=True)
class SyntheticNote:
    services: tuple[tuple[str, int], ...]
    payer: str
    role: str
    day: dt.date
    diagnoses: tuple[str, ...]


def synthetic_notes(n: int, seed: int = 7) -> list[SyntheticNote]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        codes = rng.sample(TIMED, rng.randint(1, 3))
        services = tuple((c, rng.choice([8, 10, 12, 15, 18, 23, 24, 30, 38])) for c in codes)
        out.append(
            SyntheticNote(
                services=services,
                payer=rng.choice(["medicare", "medicare", "commercial"]),
                role=rng.choice(["pt", "pta"]),
                day=dt.date(2025, 3, 3) + dt.timedelta(days=i % 200),
                diagnoses=DIAGNOSES[i % len(DIAGNOSES)],
            )
        )
    return out


def _claim_pieces(note: SyntheticNote, i: int) -> tuple[Any, Any]:
    """compute_charges + validate_claim for one note; returns the priced result and the export claim."""
    from billing import Claim, ClaimLine, PlanOfCare, ServiceLine, compute_charges, validate_claim
    from billing.exports import export_lines
    from billing.exports.samples import sample_pta_claim

    result = compute_charges(
        [ServiceLine(c, m) for c, m in note.services],
        payer=note.payer,
        discipline="pt",
        provider_role=note.role,
        date_of_service=note.day,
    )
    pointers = tuple(range(1, len(note.diagnoses) + 1))
    validate_claim(
        Claim(
            date_of_service=note.day,
            payer=note.payer,
            discipline="pt",
            provider_role=note.role,
            lines=[
                ClaimLine(ln.cpt, ln.units, list(ln.modifiers), ln.minutes, list(pointers), ln.amount)
                for ln in result.lines
            ],
            diagnoses=list(note.diagnoses),
            plan_of_care=PlanOfCare("pt", dt.date(2025, 3, 1), certified_on=dt.date(2025, 3, 2)),
        )
    )
    template = sample_pta_claim(i, date_of_service=note.day)
    claim = replace(
        template,
        diagnoses=note.diagnoses,
        lines=export_lines(result.lines, diagnosis_pointers=pointers),
        supervising_provider=template.supervising_provider if note.role == "pta" else None,
    )
    return result, claim


def in_memory(n: int) -> dict[str, float]:
    from billing.exports import write_837p

    notes = synthetic_notes(n)
    created = dt.datetime(2025, 6, 1, 9, 0)
    for i, note in enumerate(notes[:50]):  # warm the table and ICD-10 caches
        _claim_pieces(note, i)

    start = time.perf_counter()
    for i, note in enumerate(notes):
        _, claim = _claim_pieces(note, i)
        write_837p([claim], sender_id="BENCH", receiver_id="RECV", control_number=i + 1, created=created)
    per_note = time.perf_counter() - start

    start = time.perf_counter()
    claims = [_claim_pieces(note, i)[1] for i, note in enumerate(notes)]
    write_837p(claims, sender_id="BENCH", receiver_id="RECV", control_number=1, created=created)
    batch = time.perf_counter() - start
    return {"notes_per_s": round(n / per_note, 1), "batch_notes_per_s": round(n / batch, 1)}


def _seed_database(url: str, notes: list[SyntheticNote]) -> None:
    from billing.exports import synthetic_npi
    from models.db import make_engine, make_session_factory
    from models.enums import NoteStatus, Role, TherapySessionStatus
    from models.orm import (
        Client,
        Episode,
        EpisodeDiagnosis,
        Note,
        NoteVersion,
        Organisation,
        Supervision,
        TherapySession,
        User,
    )

    engine = make_engine(url)
    with make_session_factory(engine)() as s:
        org = Organisation(name="Bench Clinic", timezone="UTC", npi=synthetic_npi(1, organization=True))
        s.add(org)
        s.flush()
        staff = {}
        for role, name, seed in ((Role.PT, "Dana Therapist", 3), (Role.PTA, "Pat Assistant", 2)):
            staff[role] = User(
                organisation_id=org.id,
                username=f"bench-{role}",
                password_hash="x",
                full_name=name,
                role=role,
                npi=synthetic_npi(seed),
            )
            s.add(staff[role])
        s.flush()
        s.add(
            Supervision(
                supervisor_id=staff[Role.PT].id,
                supervisee_id=staff[Role.PTA].id,
                starts_on=dt.date(2025, 1, 1),
            )
        )
        episodes = []
        for c in range(50):
            client = Client(
                organisation_id=org.id,
                mrn=f"B{c:05d}",
                first_name="Bench",
                last_name=f"Client{c}",
                date_of_birth=dt.date(1950, 1, 1),
            )
            s.add(client)
            s.flush()
            episode = Episode(
                client_id=client.id,
                discipline="PT",
                therapist_id=staff[Role.PT].id,
                assistant_id=staff[Role.PTA].id,
                start_date=dt.date(2025, 3, 1),
                plan_of_care_start=dt.date(2025, 3, 1),
                certification_through=dt.date(2025, 12, 31),
                plan_of_care_certified_on=dt.date(2025, 3, 2),
                payer_code="medicare",
                diagnoses=[
                    EpisodeDiagnosis(rank=1, icd10_code="M17.11"),
                    EpisodeDiagnosis(rank=2, icd10_code="R26.2"),
                ],
            )
            s.add(episode)
            episodes.append(episode)
        s.flush()
        for i, note in enumerate(notes):
            episode = episodes[i % len(episodes)]
            author = staff[Role.PTA if note.role == "pta" else Role.PT]
            therapy = TherapySession(
                episode_id=episode.id,
                provider_id=author.id,
                date_of_service=note.day,
                status=TherapySessionStatus.COMPLETED,
            )
            s.add(therapy)
            s.flush()
            row = Note(
                episode_id=episode.id, therapy_session_id=therapy.id, author_id=author.id, current_version=1
            )
            s.add(row)
            s.flush()
            content = {
                "contract": "draft/1",
                "interventions": [{"cpt": c, "minutes": m} for c, m in note.services],
                "note": {"sections": {"assessment": [{"text": "Progressing."}]}},
            }
            s.add(
                NoteVersion(
                    note_id=row.id,
                    version_number=1,
                    content=content,
                    content_sha256=hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest(),
                )
            )
            s.flush()
            row.status = NoteStatus.FINAL
            row.finalised_at = dt.datetime.combine(note.day, dt.time(18), tzinfo=dt.UTC)
        s.commit()
    engine.dispose()


def db_capture(n: int) -> dict[str, float]:
    from billing_capture import capture_pending
    from models.db import make_engine, make_session_factory, upgrade

    notes = [replace(note, payer="medicare") for note in synthetic_notes(n, seed=11)]
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        upgrade(url)
        _seed_database(url, notes)
        engine = make_engine(url)
        with make_session_factory(engine)() as session:
            start = time.perf_counter()
            report = capture_pending(session)
            session.commit()
            elapsed = time.perf_counter() - start
        engine.dispose()
    if len(report.captured) != n:
        raise RuntimeError(f"captured {len(report.captured)} of {n} notes")
    return {"db_capture_notes_per_s": round(n / elapsed, 1), "db_notes": n}


def run(n: int = 10_000, db_notes: int = 500) -> dict[str, Any]:
    out: dict[str, Any] = {"notes": n, **in_memory(n)}
    if db_notes:
        out.update(db_capture(db_notes))
    out["target_notes_per_s"] = 2000
    out["meets_target"] = out["notes_per_s"] > 2000
    return out


if __name__ == "__main__":
    import sys

    # Run as `python bench/billing.py`, this file's folder comes first on sys.path and its name would
    # shadow the `billing` package; the project root must win (`python -m bench.billing` also works).
    _here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
    sys.path.insert(0, str(_here.parent))
    print(run())  # noqa: T201 - benchmark script output
