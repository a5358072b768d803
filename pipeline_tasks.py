"""Celery tasks of the recording pipeline: stored audio -> transcript -> draft note.

`transcribe_recording(recording_id)` takes an id and reloads everything, and is safe to run any
number of times: the recording row is *claimed* in a short transaction (status `transcribing`,
attempts + 1), the slow work runs with no transaction open (SQLite would otherwise hold its
write lock for minutes), and the results are saved in one transaction guarded by unique
constraints (one transcript per recording, one `recording_drafts` row per recording). A second
run, a redelivery or a race therefore ends with exactly one transcript and one draft note.

A worker killed mid-task leaves the recording `transcribing` with a heartbeat (`updated_at`)
that stops moving. With a broker that redelivers unacknowledged messages (`acks_late`) the task
comes back; kombu's filesystem transport (the embedded broker) deletes a message when it is
read, so nothing would come back there: `requeue_stuck` finds such recordings and queues them
again, and every worker runs it at start-up and then periodically. The same sweep re-sends a
recording left queued (`uploaded`) for `queued_stale_after_s`: a Redis broker restarted without
persistence forgets its queue, and the database row, not the message, is the durable record. The
attempt counter caps how often one recording is tried; past the cap it is marked failed with a
reason a person can read.

A database that cannot be reached for a few seconds (a restart, a fail-over, a network blip) is
ridden out inside the task: each database step is retried for up to `DB_OUTAGE_S`, so the
transcript already computed is saved rather than thrown away. A longer outage becomes a bounded
Celery retry, and after that the sweep finds the recording where the outage left it.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from celery import Task
from celery.signals import worker_ready
from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, sessionmaker

from models.audit import record_event
from models.db import make_engine, make_session_factory, session_scope
from models.enums import ROLE_DISCIPLINE, NoteStatus, NoteType, RecordingStatus, Speaker
from models.orm import (
    Episode,
    Goal,
    Note,
    NoteVersion,
    Recording,
    RecordingChunk,
    RecordingDraft,
    TherapySession,
    Transcript,
    TranscriptSegment,
    User,
)
from models.types import utcnow
from settings import Settings, get_settings
from worker import QUEUE, app, create_celery

log = logging.getLogger("rehab_scribe.pipeline")

TRANSCRIBE_TASK = "rehab_scribe.transcribe_recording"
INCREMENT_TASK = "rehab_scribe.transcribe_increment"
REQUEUE_TASK = "rehab_scribe.requeue_stuck"

# Claims of one recording before it is marked failed (a crash, a kill or an error each count).
MAX_ATTEMPTS = 3
# A running task touches its recording this often, so a dead worker is told from a slow one.
HEARTBEAT_S = 10.0
# No heartbeat for this long: the worker is gone. Well above HEARTBEAT_S plus a busy SQLite lock.
STALE_AFTER_S = 120.0
# Queued but never picked up: `Settings.queued_stale_after_s` (default 15 min).
SWEEP_EVERY_S = 60.0
# How long one database step of a task keeps retrying while the database cannot be reached.
DB_OUTAGE_S = 30.0
# Errors that mean "the database is not reachable right now", not "this statement is wrong".
DATABASE_DOWN = (OperationalError, InterfaceError, PoolTimeoutError)
# Progress writes at most this often (each one is a small transaction).
PROGRESS_EVERY_S = 2.0
# The share of progress that recognition takes; the draft note is the rest.
ASR_SHARE = 0.9
REASON_MAX = 500

_NOTE_TYPES = {
    "daily": NoteType.DAILY,
    "evaluation": NoteType.EVALUATION,
    "progress": NoteType.PROGRESS,
    "reevaluation": NoteType.RECERTIFICATION,
    "recertification": NoteType.RECERTIFICATION,
    "discharge": NoteType.DISCHARGE,
}
_SIGNED = (NoteStatus.SIGNED, NoteStatus.AWAITING_COSIGN, NoteStatus.COSIGNED, NoteStatus.FINAL)


class TranscriptionRetry(RuntimeError):
    """An unexpected failure after which the recording was put back in the queue state."""


# --- per-process database and broker handles ----------------------------------------------------

_lock = threading.Lock()
_factories: dict[str, tuple[Engine, sessionmaker[Session]]] = {}
_celery_apps: dict[tuple[str, str, str], Any] = {}


def session_factory_for(settings: Settings) -> sessionmaker[Session]:
    url = settings.resolved_database_url
    with _lock:
        if url not in _factories:
            engine = make_engine(url)
            _factories[url] = (engine, make_session_factory(engine))
        return _factories[url][1]


def _celery_for(settings: Settings) -> Any:
    key = (settings.broker_url, str(settings.data_dir), settings.result_backend or "")
    with _lock:
        if key not in _celery_apps:
            _celery_apps[key] = create_celery(settings)
        return _celery_apps[key]


def send_transcriptions(
    settings: Settings, recording_ids: Sequence[int], task: str = TRANSCRIBE_TASK
) -> None:
    celery_app = _celery_for(settings)
    for rid in recording_ids:
        celery_app.send_task(task, args=[int(rid)], queue=QUEUE, ignore_result=task == INCREMENT_TASK)


_PENDING_KEY = "rehab_scribe.pending_transcriptions"


def enqueue_after_commit(
    session: Session, settings: Settings, recording_ids: Sequence[int], task: str = TRANSCRIBE_TASK
) -> None:
    """Queue transcription of `recording_ids` once `session` commits; a rollback drops them.

    A worker must never see an id whose row is not committed yet, and a rolled-back request must
    not leave a task behind. If the broker is down at that moment, the recording stays `uploaded`
    and `requeue_stuck` sends it later: the commit is the durable record, the message is a hint.
    """
    from sqlalchemy import event

    if not recording_ids:
        return
    pending: list[tuple[Settings, str, int]] | None = session.info.get(_PENDING_KEY)
    if pending is None:
        pending = []
        session.info[_PENDING_KEY] = pending

        def _after_commit(sess: Session) -> None:
            todo = list(sess.info.get(_PENDING_KEY) or [])
            sess.info[_PENDING_KEY] = []
            for conf, name, rid in todo:
                try:
                    send_transcriptions(conf, [rid], name)
                except Exception:  # broker errors vary by transport; the sweep will resend
                    log.exception("could not queue transcription of recording %s; the sweep will retry", rid)

        def _after_rollback(sess: Session) -> None:
            sess.info[_PENDING_KEY] = []

        event.listen(session, "after_commit", _after_commit)
        event.listen(session, "after_rollback", _after_rollback)
    pending.extend((settings, task, int(rid)) for rid in recording_ids)


P = ParamSpec("P")
R = TypeVar("R")


def rides_out_outages(step: Callable[P, R]) -> Callable[P, R]:
    """Retry `step` (one whole transaction) while the database is unreachable, for up to `DB_OUTAGE_S`.

    Each step is its own transaction and safe to run again: a claim re-reads the row, a save finds
    the results of an attempt whose commit went through before the connection dropped.
    """

    @functools.wraps(step)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        deadline = time.monotonic() + DB_OUTAGE_S
        delay = 0.25
        while True:
            try:
                return step(*args, **kwargs)
            except DATABASE_DOWN as exc:
                if time.monotonic() + delay > deadline:
                    raise
                log.warning(
                    "database unavailable in %s (%s); retrying in %.2f s",
                    step.__name__,
                    type(exc).__name__,
                    delay,
                )
                time.sleep(delay)
                delay = min(delay * 2, 4.0)

    return run


# --- recovery sweep ---------------------------------------------------------------------------


def requeue_stuck(
    session: Session,
    older_than_s: float,
    *,
    queued_older_than_s: float | None = None,
    settings: Settings | None = None,
) -> list[int]:
    """Put recordings whose worker vanished back in the queue (after `session` commits).

    `transcribing` with a heartbeat older than `older_than_s`, or `uploaded` (queued) and untouched
    for `queued_older_than_s` (default: the same), go back to `uploaded` and are re-sent; those
    already tried `MAX_ATTEMPTS` times are marked failed instead. Returns the ids re-sent.
    """
    now = utcnow()
    transcribing_cutoff = now - timedelta(seconds=older_than_s)
    queued_cutoff = now - timedelta(
        seconds=older_than_s if queued_older_than_s is None else queued_older_than_s
    )
    stmt = (
        select(Recording)
        .where(
            (
                (Recording.status == RecordingStatus.TRANSCRIBING)
                & (Recording.updated_at <= transcribing_cutoff)
            )
            | ((Recording.status == RecordingStatus.UPLOADED) & (Recording.updated_at <= queued_cutoff))
        )
        .order_by(Recording.id)
        .with_for_update(skip_locked=True)
    )
    resend: list[int] = []
    for rec in session.scalars(stmt).all():
        if rec.attempts >= MAX_ATTEMPTS:
            _mark_failed(rec, _gave_up_reason(rec))
            continue
        rec.status = RecordingStatus.UPLOADED
        rec.progress = 0.0
        rec.updated_at = now
        resend.append(rec.id)
    session.flush()
    enqueue_after_commit(session, settings or get_settings(), resend)
    if resend:
        log.warning("re-queued stuck recordings %s", resend)
    return resend


def _gave_up_reason(rec: Recording) -> str:
    last = f" Last error: {rec.failure_reason}" if rec.failure_reason else ""
    return (
        f"Transcription did not finish after {rec.attempts} attempts (the worker stopped or failed "
        f"each time).{last}"
    )


def _mark_failed(rec: Recording, reason: str) -> None:
    rec.status = RecordingStatus.FAILED
    rec.failure_reason = reason[:REASON_MAX]
    rec.updated_at = utcnow()


# --- the transcription job ----------------------------------------------------------------------


@dataclass
class Job:
    """Everything the slow part needs, read in the claim transaction (no ORM objects cross it)."""

    recording_id: int
    attempt: int
    therapy_session_id: int
    episode_id: int
    client_id: int
    provider_id: int
    storage_key: str
    sha256: str | None
    extension: str
    discipline: str
    payer: str
    provider_role: str
    goals: list[dict[str, Any]] = field(default_factory=list)
    prior_note: dict[str, Any] | None = None
    # Where this visit falls in the progress-report cycle (models.notes_service.report_cycle).
    treatment_day: int | None = None
    progress_report_due: bool = False
    last_report: dict[str, Any] | None = None
    context_terms: list[str] = field(default_factory=list)
    # Incremental transcription done while the upload ran, and the chunks (index, sha256, key) it read.
    partial_state: dict[str, Any] | None = None
    chunks: list[tuple[int, str, str]] = field(default_factory=list)


def payer_family(payer_code: str) -> str:
    """Episode payer codes are specific ("medicaid-ny"); the billing rules know the families."""
    code = payer_code.strip().lower()
    for family in ("medicare", "medicaid"):
        if code.startswith(family):
            return family
    return "commercial"


def _number(value: str | None) -> float | None:
    match = re.search(r"-?\d+(?:\.\d+)?", value or "")
    return float(match.group()) if match else None


def _goal_dict(goal: Goal) -> dict[str, Any]:
    out: dict[str, Any] = {
        "goal_id": goal.bank_goal_id or f"goal-{goal.id}",
        "text": goal.text,
        "status": goal.status.value,
    }
    for name in ("baseline", "target"):
        num = _number(getattr(goal, name))
        if num is not None:
            out[name] = num
    if goal.unit:
        out["unit"] = goal.unit
    return out


def _prior_note(session: Session, episode_id: int, therapy_session_id: int) -> dict[str, Any] | None:
    """The content of the episode's latest signed note from another session, for pull-forward."""
    stmt = (
        select(NoteVersion.content)
        .join(Note, Note.id == NoteVersion.note_id)
        .outerjoin(TherapySession, TherapySession.id == Note.therapy_session_id)
        .where(
            Note.episode_id == episode_id,
            Note.status.in_(_SIGNED),
            NoteVersion.version_number == Note.current_version,
            (Note.therapy_session_id.is_(None)) | (Note.therapy_session_id != therapy_session_id),
        )
        .order_by(TherapySession.date_of_service.desc(), Note.id.desc())
        .limit(1)
    )
    content = session.scalars(stmt).first()
    return dict(content) if content else None


def _job_for(session: Session, rec: Recording) -> Job:
    from models.notes_service import report_cycle

    ts = session.get_one(TherapySession, rec.therapy_session_id)
    episode = session.get_one(Episode, ts.episode_id)
    provider = session.get_one(User, ts.provider_id)
    discipline = episode.discipline.value.lower()
    role = provider.role
    # A supervising therapist of another discipline documenting here bills as this discipline's therapist.
    role_name = (
        role.value.lower().replace("-", "_")
        if ROLE_DISCIPLINE.get(role) == episode.discipline
        else discipline
    )
    goals = [_goal_dict(g) for g in episode.goals]
    cycle = report_cycle(session, episode, ts.date_of_service)
    return Job(
        recording_id=rec.id,
        attempt=rec.attempts,
        therapy_session_id=ts.id,
        episode_id=episode.id,
        client_id=episode.client_id,
        provider_id=provider.id,
        storage_key=rec.storage_key or "",
        sha256=rec.sha256,
        extension=Path(rec.storage_key or "").suffix or ".bin",
        discipline=discipline,
        payer=payer_family(episode.payer_code),
        provider_role=role_name,
        goals=goals,
        prior_note=_prior_note(session, episode.id, ts.id),
        treatment_day=cycle.treatment_day,
        progress_report_due=cycle.due,
        last_report=cycle.last_report,
        context_terms=[g.text for g in episode.goals][:10],
        partial_state=dict(rec.partial_state) if rec.partial_state else None,
        chunks=_chunk_list(session, rec.id) if rec.partial_state else [],
    )


def _chunk_list(session: Session, recording_id: int) -> list[tuple[int, str, str]]:
    from models.recordings_service import chunk_key

    rows = session.execute(
        select(RecordingChunk.chunk_index, RecordingChunk.sha256, RecordingChunk.storage_key)
        .where(RecordingChunk.recording_id == recording_id)
        .order_by(RecordingChunk.chunk_index)
    ).all()
    return [(int(i), str(sha), str(key or chunk_key(recording_id, int(i), str(sha)))) for i, sha, key in rows]


@rides_out_outages
def _claim(factory: sessionmaker[Session], recording_id: int) -> Job | str:
    """Take the recording for this run, or say why not ("missing", "transcribed", "in_progress" ...)."""
    with session_scope(factory) as session:
        rec = session.get(Recording, recording_id, with_for_update=True)
        if rec is None:
            return "missing"
        if rec.status == RecordingStatus.TRANSCRIBED:
            return "already_transcribed"
        if rec.status == RecordingStatus.FAILED:
            return "failed"
        if rec.status == RecordingStatus.UPLOADING or not rec.storage_key:
            return "not_uploaded"
        if session.get(RecordingDraft, rec.id) is not None:
            rec.status, rec.progress = RecordingStatus.TRANSCRIBED, 1.0
            return "already_transcribed"
        if rec.status == RecordingStatus.TRANSCRIBING and rec.updated_at > utcnow() - timedelta(
            seconds=STALE_AFTER_S
        ):
            return "in_progress"
        if rec.attempts >= MAX_ATTEMPTS:
            _mark_failed(rec, _gave_up_reason(rec))
            return "failed"
        rec.attempts += 1
        rec.status = RecordingStatus.TRANSCRIBING
        rec.progress = 0.0
        rec.updated_at = utcnow()
        session.flush()
        return _job_for(session, rec)


def _touch(factory: sessionmaker[Session], recording_id: int, progress: float | None = None) -> None:
    """Heartbeat (and progress) in its own short transaction; never fatal to the task."""
    values: dict[str, Any] = {"updated_at": utcnow()}
    if progress is not None:
        values["progress"] = max(0.0, min(1.0, progress))
    try:
        with session_scope(factory) as session:
            session.execute(
                update(Recording)
                .where(Recording.id == recording_id, Recording.status == RecordingStatus.TRANSCRIBING)
                .values(**values)
            )
    except SQLAlchemyError:
        log.warning("could not record progress of recording %s", recording_id, exc_info=True)


class Heartbeat:
    """A thread that touches the recording while the (GIL-releasing) recogniser runs."""

    def __init__(
        self, factory: sessionmaker[Session], recording_id: int, every_s: float = HEARTBEAT_S
    ) -> None:
        self._factory, self._id, self._every = factory, recording_id, every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{recording_id}", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            _touch(self._factory, self._id)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def progress_reporter(factory: sessionmaker[Session], recording_id: int) -> Callable[[float], None]:
    """A throttled, never-decreasing progress callback for `scribe.pipeline.transcribe_file`."""
    state = {"last_t": 0.0, "last_p": -1.0}

    def report(fraction: float) -> None:
        value = round(ASR_SHARE * max(0.0, min(1.0, fraction)), 4)
        now = time.monotonic()
        if value <= state["last_p"]:
            return
        if value < ASR_SHARE and now - state["last_t"] < PROGRESS_EVERY_S:
            return
        state["last_t"], state["last_p"] = now, value
        _touch(factory, recording_id, value)

    return report


@rides_out_outages
def _fail(factory: sessionmaker[Session], recording_id: int, reason: str) -> None:
    with session_scope(factory) as session:
        rec = session.get(Recording, recording_id, with_for_update=True)
        if rec is not None and rec.status != RecordingStatus.TRANSCRIBED:
            _mark_failed(rec, reason)


@rides_out_outages
def _release(factory: sessionmaker[Session], recording_id: int, reason: str) -> bool:
    """After an unexpected error: back to the queue state (True) or, at the cap, failed (False)."""
    with session_scope(factory) as session:
        rec = session.get(Recording, recording_id, with_for_update=True)
        if rec is None or rec.status == RecordingStatus.TRANSCRIBED:
            return False
        rec.failure_reason = reason[:REASON_MAX]
        if rec.attempts >= MAX_ATTEMPTS:
            _mark_failed(rec, _gave_up_reason(rec))
            return False
        rec.status = RecordingStatus.UPLOADED
        rec.progress = 0.0
        rec.updated_at = utcnow()
        return True


def _scratch_dir() -> str | None:
    """Decrypted audio goes to RAM-backed /dev/shm where there is one: plaintext PHI stays off disk."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None


def _content_sha256(content: dict[str, Any]) -> str:
    from signing.signature import canonical_json

    return hashlib.sha256(canonical_json(content)).hexdigest()


def _speaker(value: str) -> Speaker:
    try:
        return Speaker(value)
    except ValueError:
        return Speaker.UNKNOWN


@rides_out_outages
def _save(factory: sessionmaker[Session], job: Job, transcript: Any, draft: dict[str, Any]) -> str:
    """Transcript, segments, draft note, version 1 and the link row: all or nothing, at most once."""
    try:
        with session_scope(factory) as session:
            rec = session.get(Recording, job.recording_id, with_for_update=True)
            if rec is None:
                return "missing"
            if session.get(RecordingDraft, rec.id) is not None or session.scalar(
                select(Transcript.id).where(Transcript.recording_id == rec.id)
            ):
                rec.status, rec.progress = RecordingStatus.TRANSCRIBED, 1.0
                return "already_transcribed"
            row = Transcript(
                therapy_session_id=job.therapy_session_id,
                recording_id=rec.id,
                model=transcript.model,
                language=transcript.language,
                duration_s=transcript.duration_s,
            )
            for i, seg in enumerate(transcript.segments):
                row.segments.append(
                    TranscriptSegment(
                        segment_index=i,
                        start_s=max(0.0, seg.start),
                        end_s=max(seg.start, seg.end, 0.0),
                        speaker=_speaker(seg.speaker),
                        text=seg.text,
                        words=[
                            {"word": w.text, "start": w.start, "end": w.end, "probability": w.probability}
                            for w in seg.words
                        ],
                    )
                )
            note_meta = draft.get("note") or {}
            note = Note(
                episode_id=job.episode_id,
                therapy_session_id=job.therapy_session_id,
                author_id=job.provider_id,
                note_type=_NOTE_TYPES.get(str(note_meta.get("note_type")), NoteType.DAILY),
                template=note_meta.get("template"),
                status=NoteStatus.DRAFT,
                current_version=1,
            )
            note.versions.append(
                NoteVersion(
                    version_number=1,
                    content=draft,
                    content_sha256=_content_sha256(draft),
                    created_by_id=None,
                )
            )
            session.add_all([row, note])
            session.flush()
            session.add(RecordingDraft(recording_id=rec.id, transcript_id=row.id, note_id=note.id))
            rec.status = RecordingStatus.TRANSCRIBED
            rec.progress = 1.0
            rec.duration_s = transcript.duration_s
            rec.partial_state = None  # its words are in the transcript now
            rec.increment_lease_at = None
            rec.failure_reason = None
            rec.updated_at = utcnow()
            session.flush()
            record_event(
                session,
                actor_user_id=None,
                action="note.draft_created",
                client_id=job.client_id,
                object_type="note",
                object_id=note.id,
            )
    except IntegrityError:
        # Another run saved first (unique transcript per recording / one draft per recording).
        log.info("recording %s was saved by a concurrent run", job.recording_id)
        return "already_transcribed"
    return "transcribed"


def run_transcription(recording_id: int, settings: Settings) -> str:
    """The task body, callable in-process (tests, CLI). Returns what happened, as a word.

    Raises `TranscriptionRetry` after an unexpected error when another attempt is allowed.
    """
    from note_builder.draft import DraftRequest, build_draft
    from scribe.audio import AudioError
    from storage.blobs import BlobStoreError

    factory = session_factory_for(settings)
    job = _claim(factory, recording_id)
    if isinstance(job, str):
        log.info("recording %s: nothing to do (%s)", recording_id, job)
        return job
    log.info("recording %s: attempt %s", recording_id, job.attempt)
    try:
        with Heartbeat(factory, recording_id), tempfile.TemporaryDirectory(dir=_scratch_dir()) as tmp:
            transcript = _finish_incremental(job, settings, factory) if job.partial_state else None
            if transcript is None:
                transcript = _whole_file(job, settings, factory, Path(tmp))
            if transcript is None:
                _fail(
                    factory,
                    recording_id,
                    "The stored recording does not match its checksum; upload it again.",
                )
                return "failed"
            draft = build_draft(
                transcript,
                DraftRequest(
                    discipline=job.discipline,
                    payer=job.payer,
                    provider_role=job.provider_role,
                    prior_note=job.prior_note,
                    episode_goals=tuple(job.goals),
                    treatment_day=job.treatment_day,
                    progress_report_due=job.progress_report_due,
                    last_report=job.last_report,
                ),
            )
    except AudioError as exc:
        # The audio itself is unusable: trying again cannot help.
        reason = exc.message.replace(f"recording-{recording_id}{job.extension}: ", "")
        _fail(factory, recording_id, f"The recording could not be transcribed: {reason}")
        log.warning("recording %s failed: %s (%s)", recording_id, reason, exc.code)
        return "failed"
    except BlobStoreError as exc:
        _fail(factory, recording_id, f"The stored recording could not be read: {exc}")
        return "failed"
    except Exception as exc:
        reason = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
        log.exception("recording %s: attempt %s failed", recording_id, job.attempt)
        if _release(factory, recording_id, f"Attempt {job.attempt} failed ({reason})"):
            raise TranscriptionRetry(reason) from exc
        return "failed"
    _forget_live(recording_id)
    return _save(factory, job, transcript, draft)


def _whole_file(job: Job, settings: Settings, factory: sessionmaker[Session], tmp: Path) -> Any:
    """Today's path: the assembled recording, decoded and transcribed in one go (None: bad checksum)."""
    from scribe.pipeline import transcribe_file
    from storage.blobs import open_blob_store

    audio = open_blob_store(settings).get(job.storage_key)
    if job.sha256 and hashlib.sha256(audio).hexdigest() != job.sha256:
        return None
    path = tmp / f"recording-{job.recording_id}{job.extension}"
    path.write_bytes(audio)
    del audio
    transcript = transcribe_file(
        path,
        discipline=job.discipline,
        settings=settings,
        progress=progress_reporter(factory, job.recording_id),
        context_terms=job.context_terms,
    )
    path.unlink()
    return transcript


@app.task(name=TRANSCRIBE_TASK, bind=True)
def transcribe_recording(self: Task, recording_id: int) -> str:
    """Recording id -> transcript and draft note (idempotent; see the module docstring)."""
    try:
        return run_transcription(int(recording_id), get_settings())
    except TranscriptionRetry as exc:
        raise self.retry(exc=exc, countdown=min(60, 5 * (self.request.retries + 1))) from exc
    except DATABASE_DOWN as exc:
        # Down for longer than DB_OUTAGE_S: try again later (bounded by max_retries); past that
        # the sweep finds the recording queued or transcribing, as the outage left it.
        log.warning(
            "recording %s: database unavailable (%s); task retried later", recording_id, type(exc).__name__
        )
        raise self.retry(exc=exc, countdown=min(120, 30 * (self.request.retries + 1))) from exc


@app.task(name=REQUEUE_TASK)
def requeue_stuck_task(older_than_s: float = STALE_AFTER_S) -> list[int]:
    """The recovery sweep as a task, for a beat schedule in scaled-out deployments."""
    settings = get_settings()
    with session_scope(session_factory_for(settings)) as session:
        return requeue_stuck(
            session, older_than_s, queued_older_than_s=settings.queued_stale_after_s, settings=settings
        )


# --- incremental transcription while the upload runs ------------------------------------------
#
# After each stored chunk the API asks for `transcribe_increment(recording_id)` (at most one queued
# or running per recording: `increment_lease_at`). The task is stateless: it reads the committed
# words and how far they reach from the recording row, transcribes every full window of audio
# after that point (scribe.incremental.IncrementalTranscriber), and writes the new state back with
# a compare-and-set on `committed_until_s`. Any worker can continue; the decoded audio and voice
# features are only a per-process cache. When the upload completes, `run_transcription` finishes
# the tail from the saved state, or transcribes the whole file when the state is missing or does
# not fit (another model or prompt, damaged, not matching the audio).

# A lease older than this belongs to a worker that is gone; the next chunk queues a new task.
LEASE_STALE_S = 120.0
# Below this many bytes no recorder's audio can hold a full window (40 s of Opus at its lowest
# 6 kbit/s is 30 kB): an increment would find nothing to do, so none is queued.
MIN_INCREMENT_BYTES = 24 * 1024
# Decoded audio of this many recordings stays cached per worker process (30 min = 115 MB).
LIVE_CACHE_SIZE = 3


@dataclass
class _Live:
    """One recording's audio so far in this process, and the chunks it was built from."""

    audio: Any  # scribe.incremental.GrowingAudio
    features: Any  # scribe.speakers.FeatureTrack
    chunk_shas: list[str] = field(default_factory=list)


_live: dict[int, _Live] = {}


def _forget_live(recording_id: int) -> None:
    with _lock:
        _live.pop(recording_id, None)


def _live_audio(recording_id: int, chunks: Sequence[tuple[int, str, str]], settings: Settings) -> _Live:
    """The cached audio of `chunks`, extended with those not seen yet (each checked against its digest)."""
    from scribe.incremental import GrowingAudio
    from scribe.speakers import FeatureTrack
    from storage.blobs import BlobStoreError, open_blob_store

    shas = [sha for _i, sha, _k in chunks]
    with _lock:
        live = _live.pop(recording_id, None)
        if live is None or live.chunk_shas != shas[: len(live.chunk_shas)]:
            live = _Live(GrowingAudio(), FeatureTrack())
        _live[recording_id] = live  # most recently used last
        while len(_live) > LIVE_CACHE_SIZE:
            _live.pop(next(iter(_live)))
    store = open_blob_store(settings)
    for index, sha, key in chunks[len(live.chunk_shas):]:
        data = store.get(key)
        if hashlib.sha256(data).hexdigest() != sha:
            raise BlobStoreError(f"stored chunk {index} of recording {recording_id} failed its checksum")
        live.audio.extend(data)
        live.chunk_shas.append(sha)
    return live


def request_increment(
    session: Session, settings: Settings, recording: Recording, bytes_received: int
) -> bool:
    """After a chunk is stored: queue an increment (after the commit) unless one is queued or running."""
    if bytes_received < MIN_INCREMENT_BYTES:
        return False
    now = utcnow()
    lease = recording.increment_lease_at
    if lease is not None and lease > now - timedelta(seconds=LEASE_STALE_S):
        return False
    recording.increment_lease_at = now
    session.flush()
    enqueue_after_commit(session, settings, [recording.id], task=INCREMENT_TASK)
    return True


@dataclass
class _Snapshot:
    job: Job
    committed_until_s: float | None
    state: dict[str, Any] | None


def _increment_snapshot(factory: sessionmaker[Session], recording_id: int) -> _Snapshot | str:
    with session_scope(factory) as session:
        rec = session.get(Recording, recording_id, with_for_update=True)
        if rec is None:
            return "missing"
        if rec.status != RecordingStatus.UPLOADING:
            rec.increment_lease_at = None
            return "not_uploading"
        rec.increment_lease_at = utcnow()
        job = _job_for(session, rec)
        job.chunks = _chunk_list(session, rec.id)
        return _Snapshot(job, rec.committed_until_s, dict(rec.partial_state) if rec.partial_state else None)


def _save_increment(
    factory: sessionmaker[Session], recording_id: int, expected_until: float | None, state: dict[str, Any]
) -> bool:
    """Write the new state if nobody else moved it meanwhile and the recording still wants it."""
    with session_scope(factory) as session:
        rec = session.get(Recording, recording_id, with_for_update=True)
        if rec is None or rec.status not in (RecordingStatus.UPLOADING, RecordingStatus.UPLOADED):
            return False
        current = rec.committed_until_s
        if (current is None) != (expected_until is None) or (
            current is not None and expected_until is not None and abs(current - expected_until) > 1e-6
        ):
            log.warning("recording %s: incremental state moved under this task; stopping", recording_id)
            return False
        rec.partial_state = state
        rec.committed_until_s = float(state["committed_until"])
        rec.increment_lease_at = utcnow()
        return True


def _release_lease(factory: sessionmaker[Session], recording_id: int, chunks_seen: int) -> bool:
    """Drop the lease, unless chunks came in meanwhile: then keep it and return True (go again)."""
    with session_scope(factory) as session:
        rec = session.get(Recording, recording_id, with_for_update=True)
        if rec is None:
            return False
        count = session.scalar(
            select(func.count(RecordingChunk.id)).where(RecordingChunk.recording_id == recording_id)
        )
        if rec.status == RecordingStatus.UPLOADING and int(count or 0) > chunks_seen:
            rec.increment_lease_at = utcnow()
            return True
        rec.increment_lease_at = None
        return False


def _transcriber(job: Job, settings: Settings) -> Any:
    from scribe.incremental import IncrementalTranscriber

    return IncrementalTranscriber.from_settings(
        settings, discipline=job.discipline, context_terms=job.context_terms
    )


def _restore(transcriber: Any, state: dict[str, Any] | None) -> bool:
    """Load `state` into `transcriber`; False (and a fresh start) when it does not fit."""
    from scribe.incremental import words_from_state

    if not transcriber.compatible(state):
        return False
    assert state is not None
    try:
        words, until = words_from_state(state)
    except (KeyError, TypeError, ValueError):
        log.warning("incremental state is damaged; starting over", exc_info=True)
        return False
    transcriber.restore(words, until, state.get("model_name"))
    return True


def run_increment(recording_id: int, settings: Settings) -> str:
    """One increment: transcribe every full window of audio received and not yet committed.

    Returns what happened, as a word. Never fatal to the recording: on any error the state is
    left as it was, and the final task transcribes what is missing (or the whole file).
    """
    factory = session_factory_for(settings)
    windows = 0
    try:
        while True:
            snap = _increment_snapshot(factory, recording_id)
            if isinstance(snap, str):
                return snap
            job = snap.job
            tr = _transcriber(job, settings)
            expected = snap.committed_until_s
            if snap.state is not None and not _restore(tr, snap.state):
                log.info("recording %s: incremental state does not fit; starting over", recording_id)
            live = _live_audio(recording_id, job.chunks, settings)
            if live.audio.estimated_seconds() - tr.committed_until >= tr.window_s:
                samples = live.audio.samples
                tr.replace_audio(samples)
                while tr.duration_s - tr.committed_until >= tr.window_s:
                    tr.advance(max_windows=1)
                    windows += 1
                    state = tr.state()
                    if not _save_increment(factory, recording_id, expected, state):
                        return "superseded"
                    expected = state["committed_until"]
                live.features.update(samples)  # off the final task's critical path
            if not _release_lease(factory, recording_id, len(job.chunks)):
                return f"incremented:{windows}"
    except Exception:  # the final task covers whatever an increment could not do
        log.warning("recording %s: incremental transcription failed", recording_id, exc_info=True)
        _forget_live(recording_id)
        try:
            _release_lease(factory, recording_id, 1 << 30)
        except SQLAlchemyError:
            log.warning("could not release the increment lease of recording %s", recording_id)
        return "error"


def _finish_incremental(job: Job, settings: Settings, factory: sessionmaker[Session]) -> Any:
    """The transcript from the saved incremental state plus the tail; None when that cannot be trusted."""
    from scribe.audio import SAMPLE_RATE, AudioError, check_samples
    from scribe.pipeline import segments_from_features
    from scribe.transcript import Transcript as TranscriptDoc

    tr = _transcriber(job, settings)
    if not job.chunks or not _restore(tr, job.partial_state):
        return None
    try:
        live = _live_audio(job.recording_id, job.chunks, settings)
        samples = check_samples(live.audio.samples, name="recording", max_seconds=settings.max_audio_seconds)
    except AudioError:
        _forget_live(job.recording_id)
        return None  # the whole-file path gives the canonical error
    duration = samples.size / SAMPLE_RATE
    if tr.committed_until > duration + 0.05:
        log.warning("recording %s: incremental state reaches past the audio; whole file", job.recording_id)
        return None
    _touch(factory, job.recording_id, ASR_SHARE * tr.committed_until / max(duration, 1e-6))
    tr.replace_audio(samples)
    tr.finish()
    live.features.update(samples)
    segments = segments_from_features(tr.committed, live.features.features(), model=tr.model_name)
    _touch(factory, job.recording_id, ASR_SHARE)
    log.info("recording %s: finished incrementally from %.1f s of %.1f s", job.recording_id,
             job.partial_state.get("committed_until", 0.0) if job.partial_state else 0.0, duration)
    return TranscriptDoc(segments=segments, duration_s=duration, model=tr.model_name)


@app.task(name=INCREMENT_TASK)
def transcribe_increment(recording_id: int) -> str:
    """Transcribe what has arrived of a recording still being uploaded (see above)."""
    return run_increment(int(recording_id), get_settings())


# --- the sweep inside every worker ------------------------------------------------------------


def _sweep_forever(stop: threading.Event) -> None:
    while True:
        try:
            settings = get_settings()
            with session_scope(session_factory_for(settings)) as session:
                queued_after = settings.queued_stale_after_s
                requeue_stuck(session, STALE_AFTER_S, queued_older_than_s=queued_after, settings=settings)
        except Exception:  # a sweep must never kill the worker; it runs again next time
            log.warning("recovery sweep failed", exc_info=True)
        if stop.wait(SWEEP_EVERY_S):
            return


_sweeper_stop = threading.Event()


@worker_ready.connect
def _start_sweeper(**_kwargs: Any) -> None:
    threading.Thread(target=_sweep_forever, args=(_sweeper_stop,), name="recovery-sweep", daemon=True).start()
