"""initial schema: organisation, staff, clients, episodes, sessions, recordings, notes, audit

The audit table is made append-only in the database itself (triggers refusing UPDATE and
DELETE on both backends), so not even a bug in the application can rewrite history.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 11:07:34.996459+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


PG_APPEND_ONLY = """
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
"""

SQLITE_APPEND_ONLY = [
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
]


def _create_audit_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_APPEND_ONLY)
    else:
        for statement in SQLITE_APPEND_ONLY:
            op.execute(statement)


def _drop_audit_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")


def upgrade() -> None:
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('npi', sa.String(length=10), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('npi IS NULL OR length(npi) = 10', name=op.f('ck_organisations_npi_len')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('name', name=op.f('uq_organisations_name'))
    )
    op.create_table('clients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('mrn', sa.String(length=40), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("sex IS NULL OR sex IN ('F', 'M', 'X', 'U')", name=op.f('ck_clients_sex')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_clients_organisation_id_organisations'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clients')),
    sa.UniqueConstraint('organisation_id', 'mrn', name=op.f('uq_clients_organisation_id_mrn'))
    )
    op.create_index('ix_clients_organisation_id_last_name', 'clients', ['organisation_id', 'last_name'], unique=False)
    op.create_table('locations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=400), nullable=True),
    sa.Column('place_of_service', sa.String(length=2), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_locations_organisation_id_organisations'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_locations')),
    sa.UniqueConstraint('organisation_id', 'name', name=op.f('uq_locations_organisation_id_name'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('PT', 'PTA', 'OT', 'COTA', 'SLP', 'SLP-CF', 'biller', 'admin', name='role', native_enum=False, create_constraint=True, length=14), nullable=False),
    sa.Column('credentials', sa.String(length=100), nullable=True),
    sa.Column('npi', sa.String(length=10), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('npi IS NULL OR length(npi) = 10', name=op.f('ck_users_npi_len')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_users_organisation_id_organisations'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('npi', name=op.f('uq_users_npi')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_index(op.f('ix_users_organisation_id'), 'users', ['organisation_id'], unique=False)
    op.create_table('audit_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('object_type', sa.String(length=60), nullable=True),
    sa.Column('object_id', sa.String(length=64), nullable=True),
    sa.Column('request_id', sa.String(length=64), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint('length(hash) = 64', name=op.f('ck_audit_events_hash_len')),
    sa.CheckConstraint('length(prev_hash) = 64', name=op.f('ck_audit_events_prev_hash_len')),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_audit_events_actor_user_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_audit_events_client_id_clients'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events')),
    sa.UniqueConstraint('hash', name=op.f('uq_audit_events_hash')),
    sa.UniqueConstraint('prev_hash', name=op.f('uq_audit_events_prev_hash'))
    )
    op.create_index(op.f('ix_audit_events_actor_user_id'), 'audit_events', ['actor_user_id'], unique=False)
    op.create_index('ix_audit_events_client_id_occurred_at', 'audit_events', ['client_id', 'occurred_at'], unique=False)
    op.create_table('episodes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=True),
    sa.Column('discipline', sa.Enum('PT', 'OT', 'SLP', name='discipline', native_enum=False, create_constraint=True, length=11), nullable=False),
    sa.Column('status', sa.Enum('active', 'on_hold', 'discharged', name='episode_status', native_enum=False, create_constraint=True, length=18), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('assistant_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('plan_of_care_start', sa.Date(), nullable=True),
    sa.Column('certification_through', sa.Date(), nullable=True),
    sa.Column('recertification_due', sa.Date(), nullable=True),
    sa.Column('discharged_on', sa.Date(), nullable=True),
    sa.Column('payer_code', sa.String(length=60), nullable=False),
    sa.Column('payer_name', sa.String(length=200), nullable=True),
    sa.Column('payer_member_id', sa.String(length=60), nullable=True),
    sa.Column('authorised_visits', sa.Integer(), nullable=True),
    sa.Column('referring_provider_npi', sa.String(length=10), nullable=True),
    sa.Column('precautions', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('assistant_id IS NULL OR assistant_id <> therapist_id', name=op.f('ck_episodes_assistant_not_therapist')),
    sa.CheckConstraint('authorised_visits IS NULL OR authorised_visits >= 0', name=op.f('ck_episodes_authorised_visits')),
    sa.CheckConstraint('certification_through IS NULL OR plan_of_care_start IS NULL OR certification_through >= plan_of_care_start', name=op.f('ck_episodes_certification_range')),
    sa.CheckConstraint('discharged_on IS NULL OR discharged_on >= start_date', name=op.f('ck_episodes_discharge_after_start')),
    sa.ForeignKeyConstraint(['assistant_id'], ['users.id'], name=op.f('fk_episodes_assistant_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_episodes_client_id_clients'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_episodes_location_id_locations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['therapist_id'], ['users.id'], name=op.f('fk_episodes_therapist_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_episodes'))
    )
    op.create_index(op.f('ix_episodes_assistant_id'), 'episodes', ['assistant_id'], unique=False)
    op.create_index(op.f('ix_episodes_client_id'), 'episodes', ['client_id'], unique=False)
    op.create_index(op.f('ix_episodes_location_id'), 'episodes', ['location_id'], unique=False)
    op.create_index('ix_episodes_status_recertification_due', 'episodes', ['status', 'recertification_due'], unique=False)
    op.create_index(op.f('ix_episodes_therapist_id'), 'episodes', ['therapist_id'], unique=False)
    op.create_table('login_sessions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_login_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_sessions'))
    )
    op.create_index(op.f('ix_login_sessions_user_id'), 'login_sessions', ['user_id'], unique=False)
    op.create_table('supervisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('supervisor_id', sa.Integer(), nullable=False),
    sa.Column('supervisee_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_supervisions_date_range')),
    sa.CheckConstraint('supervisor_id <> supervisee_id', name=op.f('ck_supervisions_not_self')),
    sa.ForeignKeyConstraint(['supervisee_id'], ['users.id'], name=op.f('fk_supervisions_supervisee_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['supervisor_id'], ['users.id'], name=op.f('fk_supervisions_supervisor_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervisions')),
    sa.UniqueConstraint('supervisor_id', 'supervisee_id', 'starts_on', name=op.f('uq_supervisions_supervisor_id_supervisee_id_starts_on'))
    )
    op.create_index(op.f('ix_supervisions_supervisee_id'), 'supervisions', ['supervisee_id'], unique=False)
    op.create_index(op.f('ix_supervisions_supervisor_id'), 'supervisions', ['supervisor_id'], unique=False)
    op.create_table('episode_diagnoses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('icd10_code', sa.String(length=8), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=True),
    sa.CheckConstraint('rank >= 1', name=op.f('ck_episode_diagnoses_rank')),
    sa.ForeignKeyConstraint(['episode_id'], ['episodes.id'], name=op.f('fk_episode_diagnoses_episode_id_episodes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_episode_diagnoses')),
    sa.UniqueConstraint('episode_id', 'icd10_code', name=op.f('uq_episode_diagnoses_episode_id_icd10_code')),
    sa.UniqueConstraint('episode_id', 'rank', name=op.f('uq_episode_diagnoses_episode_id_rank'))
    )
    op.create_index('ix_episode_diagnoses_icd10_code', 'episode_diagnoses', ['icd10_code'], unique=False)
    op.create_table('goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('parent_goal_id', sa.Integer(), nullable=True),
    sa.Column('bank_goal_id', sa.String(length=120), nullable=True),
    sa.Column('term', sa.Enum('long', 'short', name='goal_term', native_enum=False, create_constraint=True, length=13), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('baseline', sa.String(length=200), nullable=True),
    sa.Column('target', sa.String(length=200), nullable=True),
    sa.Column('unit', sa.String(length=40), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('active', 'met', 'partially_met', 'not_met', 'modified', 'discontinued', name='goal_status', native_enum=False, create_constraint=True, length=21), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('parent_goal_id IS NULL OR parent_goal_id <> id', name=op.f('ck_goals_not_own_parent')),
    sa.ForeignKeyConstraint(['episode_id'], ['episodes.id'], name=op.f('fk_goals_episode_id_episodes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_goal_id'], ['goals.id'], name=op.f('fk_goals_parent_goal_id_goals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goals'))
    )
    op.create_index(op.f('ix_goals_episode_id'), 'goals', ['episode_id'], unique=False)
    op.create_index(op.f('ix_goals_parent_goal_id'), 'goals', ['parent_goal_id'], unique=False)
    op.create_table('therapy_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=True),
    sa.Column('date_of_service', sa.Date(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('total_minutes', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('scheduled', 'in_progress', 'completed', 'cancelled', 'no_show', name='therapy_session_status', native_enum=False, create_constraint=True, length=19), nullable=False),
    sa.Column('consent_to_record', sa.Boolean(), nullable=False),
    sa.Column('consent_recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('consent_to_record OR consent_recorded_at IS NULL', name=op.f('ck_therapy_sessions_consent_time')),
    sa.CheckConstraint('ended_at IS NULL OR started_at IS NULL OR ended_at >= started_at', name=op.f('ck_therapy_sessions_time_range')),
    sa.CheckConstraint('total_minutes IS NULL OR total_minutes >= 0', name=op.f('ck_therapy_sessions_total_minutes')),
    sa.ForeignKeyConstraint(['episode_id'], ['episodes.id'], name=op.f('fk_therapy_sessions_episode_id_episodes'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_therapy_sessions_location_id_locations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['provider_id'], ['users.id'], name=op.f('fk_therapy_sessions_provider_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_therapy_sessions'))
    )
    op.create_index('ix_therapy_sessions_episode_id_date_of_service', 'therapy_sessions', ['episode_id', 'date_of_service'], unique=False)
    op.create_index(op.f('ix_therapy_sessions_provider_id'), 'therapy_sessions', ['provider_id'], unique=False)
    op.create_table('notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('therapy_session_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('note_type', sa.Enum('daily', 'evaluation', 'progress', 'recertification', 'discharge', name='note_type', native_enum=False, create_constraint=True, length=23), nullable=False),
    sa.Column('template', sa.String(length=80), nullable=True),
    sa.Column('status', sa.Enum('draft', 'signed', 'awaiting_cosign', 'cosigned', 'returned', 'final', name='note_status', native_enum=False, create_constraint=True, length=23), nullable=False),
    sa.Column('current_version', sa.Integer(), nullable=False),
    sa.Column('returned_reason', sa.Text(), nullable=True),
    sa.Column('finalised_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status <> 'final' OR finalised_at IS NOT NULL", name=op.f('ck_notes_final_has_time')),
    sa.CheckConstraint('current_version >= 0', name=op.f('ck_notes_current_version')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_notes_author_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['episode_id'], ['episodes.id'], name=op.f('fk_notes_episode_id_episodes'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['therapy_session_id'], ['therapy_sessions.id'], name=op.f('fk_notes_therapy_session_id_therapy_sessions'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notes'))
    )
    op.create_index(op.f('ix_notes_author_id'), 'notes', ['author_id'], unique=False)
    op.create_index(op.f('ix_notes_episode_id'), 'notes', ['episode_id'], unique=False)
    op.create_index('ix_notes_status_updated_at', 'notes', ['status', 'updated_at'], unique=False)
    op.create_index(op.f('ix_notes_therapy_session_id'), 'notes', ['therapy_session_id'], unique=False)
    op.create_table('recordings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('therapy_session_id', sa.Integer(), nullable=False),
    sa.Column('client_upload_id', sa.String(length=64), nullable=True),
    sa.Column('status', sa.Enum('uploading', 'uploaded', 'transcribing', 'transcribed', 'failed', name='recording_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=True),
    sa.Column('storage_key', sa.String(length=400), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('size_bytes', sa.BigInteger(), nullable=True),
    sa.Column('duration_s', sa.Float(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('failure_reason', sa.String(length=500), nullable=True),
    sa.Column('progress', sa.Float(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_recordings_attempts')),
    sa.CheckConstraint('progress >= 0 AND progress <= 1', name=op.f('ck_recordings_progress')),
    sa.CheckConstraint('sha256 IS NULL OR length(sha256) = 64', name=op.f('ck_recordings_sha256_len')),
    sa.CheckConstraint('size_bytes IS NULL OR size_bytes >= 0', name=op.f('ck_recordings_size_bytes')),
    sa.ForeignKeyConstraint(['therapy_session_id'], ['therapy_sessions.id'], name=op.f('fk_recordings_therapy_session_id_therapy_sessions'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recordings')),
    sa.UniqueConstraint('client_upload_id', name=op.f('uq_recordings_client_upload_id'))
    )
    op.create_index('ix_recordings_status', 'recordings', ['status'], unique=False)
    op.create_index(op.f('ix_recordings_therapy_session_id'), 'recordings', ['therapy_session_id'], unique=False)
    op.create_table('addenda',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('printed_name', sa.String(length=200), nullable=False),
    sa.Column('credentials', sa.String(length=100), nullable=True),
    sa.Column('reason', sa.String(length=300), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(content_sha256) = 64', name=op.f('ck_addenda_content_sha256_len')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_addenda_author_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['note_id'], ['notes.id'], name=op.f('fk_addenda_note_id_notes'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_addenda'))
    )
    op.create_index(op.f('ix_addenda_note_id'), 'addenda', ['note_id'], unique=False)
    op.create_table('charges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('therapy_session_id', sa.Integer(), nullable=True),
    sa.Column('rendering_provider_id', sa.Integer(), nullable=False),
    sa.Column('date_of_service', sa.Date(), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('modifiers', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('units', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('diagnosis_pointers', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('status', sa.Enum('pending', 'ready', 'exported', 'void', name='charge_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('exported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('minutes IS NULL OR minutes >= 0', name=op.f('ck_charges_minutes')),
    sa.CheckConstraint('units >= 0', name=op.f('ck_charges_units')),
    sa.ForeignKeyConstraint(['episode_id'], ['episodes.id'], name=op.f('fk_charges_episode_id_episodes'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['note_id'], ['notes.id'], name=op.f('fk_charges_note_id_notes'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['rendering_provider_id'], ['users.id'], name=op.f('fk_charges_rendering_provider_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['therapy_session_id'], ['therapy_sessions.id'], name=op.f('fk_charges_therapy_session_id_therapy_sessions'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_charges'))
    )
    op.create_index(op.f('ix_charges_episode_id'), 'charges', ['episode_id'], unique=False)
    op.create_index(op.f('ix_charges_note_id'), 'charges', ['note_id'], unique=False)
    op.create_index(op.f('ix_charges_rendering_provider_id'), 'charges', ['rendering_provider_id'], unique=False)
    op.create_index('ix_charges_status_date_of_service', 'charges', ['status', 'date_of_service'], unique=False)
    op.create_index(op.f('ix_charges_therapy_session_id'), 'charges', ['therapy_session_id'], unique=False)
    op.create_table('note_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(content_sha256) = 64', name=op.f('ck_note_versions_content_sha256_len')),
    sa.CheckConstraint('version_number >= 1', name=op.f('ck_note_versions_version_number')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_note_versions_created_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['note_id'], ['notes.id'], name=op.f('fk_note_versions_note_id_notes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note_versions')),
    sa.UniqueConstraint('note_id', 'version_number', name=op.f('uq_note_versions_note_id_version_number'))
    )
    op.create_table('recording_chunks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recording_id', sa.Integer(), nullable=False),
    sa.Column('chunk_index', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('storage_key', sa.String(length=400), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('chunk_index >= 0', name=op.f('ck_recording_chunks_chunk_index')),
    sa.CheckConstraint('length(sha256) = 64', name=op.f('ck_recording_chunks_sha256_len')),
    sa.CheckConstraint('size_bytes >= 0', name=op.f('ck_recording_chunks_size_bytes')),
    sa.ForeignKeyConstraint(['recording_id'], ['recordings.id'], name=op.f('fk_recording_chunks_recording_id_recordings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recording_chunks')),
    sa.UniqueConstraint('recording_id', 'chunk_index', name=op.f('uq_recording_chunks_recording_id_chunk_index'))
    )
    op.create_table('transcripts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('therapy_session_id', sa.Integer(), nullable=False),
    sa.Column('recording_id', sa.Integer(), nullable=True),
    sa.Column('model', sa.String(length=120), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('duration_s', sa.Float(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recording_id'], ['recordings.id'], name=op.f('fk_transcripts_recording_id_recordings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['therapy_session_id'], ['therapy_sessions.id'], name=op.f('fk_transcripts_therapy_session_id_therapy_sessions'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transcripts'))
    )
    op.create_index(op.f('ix_transcripts_recording_id'), 'transcripts', ['recording_id'], unique=False)
    op.create_index(op.f('ix_transcripts_therapy_session_id'), 'transcripts', ['therapy_session_id'], unique=False)
    op.create_table('signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('note_version_id', sa.Integer(), nullable=False),
    sa.Column('signer_id', sa.Integer(), nullable=False),
    sa.Column('printed_name', sa.String(length=200), nullable=False),
    sa.Column('credentials', sa.String(length=100), nullable=True),
    sa.Column('role', sa.Enum('PT', 'PTA', 'OT', 'COTA', 'SLP', 'SLP-CF', 'biller', 'admin', name='role', native_enum=False, create_constraint=True, length=14), nullable=False),
    sa.Column('meaning', sa.Enum('authored', 'co-signed', 'reviewed', name='signature_meaning', native_enum=False, create_constraint=True, length=17), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.CheckConstraint('length(content_sha256) = 64', name=op.f('ck_signatures_content_sha256_len')),
    sa.ForeignKeyConstraint(['note_id'], ['notes.id'], name=op.f('fk_signatures_note_id_notes'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['note_version_id'], ['note_versions.id'], name=op.f('fk_signatures_note_version_id_note_versions'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['signer_id'], ['users.id'], name=op.f('fk_signatures_signer_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signatures')),
    sa.UniqueConstraint('note_version_id', 'signer_id', 'meaning', name=op.f('uq_signatures_note_version_id_signer_id_meaning'))
    )
    op.create_index(op.f('ix_signatures_note_id'), 'signatures', ['note_id'], unique=False)
    op.create_index(op.f('ix_signatures_signer_id'), 'signatures', ['signer_id'], unique=False)
    op.create_table('transcript_segments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('transcript_id', sa.Integer(), nullable=False),
    sa.Column('segment_index', sa.Integer(), nullable=False),
    sa.Column('start_s', sa.Float(), nullable=False),
    sa.Column('end_s', sa.Float(), nullable=False),
    sa.Column('speaker', sa.Enum('therapist', 'client', 'caregiver', 'unknown', name='speaker', native_enum=False, create_constraint=True, length=17), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('words', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('avg_logprob', sa.Float(), nullable=True),
    sa.CheckConstraint('start_s >= 0 AND end_s >= start_s', name=op.f('ck_transcript_segments_time_range')),
    sa.ForeignKeyConstraint(['transcript_id'], ['transcripts.id'], name=op.f('fk_transcript_segments_transcript_id_transcripts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transcript_segments')),
    sa.UniqueConstraint('transcript_id', 'segment_index', name=op.f('uq_transcript_segments_transcript_id_segment_index'))
    )
    _create_audit_triggers()


def downgrade() -> None:
    _drop_audit_triggers()
    op.drop_table('transcript_segments')
    op.drop_index(op.f('ix_signatures_signer_id'), table_name='signatures')
    op.drop_index(op.f('ix_signatures_note_id'), table_name='signatures')
    op.drop_table('signatures')
    op.drop_index(op.f('ix_transcripts_therapy_session_id'), table_name='transcripts')
    op.drop_index(op.f('ix_transcripts_recording_id'), table_name='transcripts')
    op.drop_table('transcripts')
    op.drop_table('recording_chunks')
    op.drop_table('note_versions')
    op.drop_index(op.f('ix_charges_therapy_session_id'), table_name='charges')
    op.drop_index('ix_charges_status_date_of_service', table_name='charges')
    op.drop_index(op.f('ix_charges_rendering_provider_id'), table_name='charges')
    op.drop_index(op.f('ix_charges_note_id'), table_name='charges')
    op.drop_index(op.f('ix_charges_episode_id'), table_name='charges')
    op.drop_table('charges')
    op.drop_index(op.f('ix_addenda_note_id'), table_name='addenda')
    op.drop_table('addenda')
    op.drop_index(op.f('ix_recordings_therapy_session_id'), table_name='recordings')
    op.drop_index('ix_recordings_status', table_name='recordings')
    op.drop_table('recordings')
    op.drop_index(op.f('ix_notes_therapy_session_id'), table_name='notes')
    op.drop_index('ix_notes_status_updated_at', table_name='notes')
    op.drop_index(op.f('ix_notes_episode_id'), table_name='notes')
    op.drop_index(op.f('ix_notes_author_id'), table_name='notes')
    op.drop_table('notes')
    op.drop_index(op.f('ix_therapy_sessions_provider_id'), table_name='therapy_sessions')
    op.drop_index('ix_therapy_sessions_episode_id_date_of_service', table_name='therapy_sessions')
    op.drop_table('therapy_sessions')
    op.drop_index(op.f('ix_goals_parent_goal_id'), table_name='goals')
    op.drop_index(op.f('ix_goals_episode_id'), table_name='goals')
    op.drop_table('goals')
    op.drop_index('ix_episode_diagnoses_icd10_code', table_name='episode_diagnoses')
    op.drop_table('episode_diagnoses')
    op.drop_index(op.f('ix_supervisions_supervisor_id'), table_name='supervisions')
    op.drop_index(op.f('ix_supervisions_supervisee_id'), table_name='supervisions')
    op.drop_table('supervisions')
    op.drop_index(op.f('ix_login_sessions_user_id'), table_name='login_sessions')
    op.drop_table('login_sessions')
    op.drop_index(op.f('ix_episodes_therapist_id'), table_name='episodes')
    op.drop_index('ix_episodes_status_recertification_due', table_name='episodes')
    op.drop_index(op.f('ix_episodes_location_id'), table_name='episodes')
    op.drop_index(op.f('ix_episodes_client_id'), table_name='episodes')
    op.drop_index(op.f('ix_episodes_assistant_id'), table_name='episodes')
    op.drop_table('episodes')
    op.drop_index('ix_audit_events_client_id_occurred_at', table_name='audit_events')
    op.drop_index(op.f('ix_audit_events_actor_user_id'), table_name='audit_events')
    op.drop_table('audit_events')
    op.drop_index(op.f('ix_users_organisation_id'), table_name='users')
    op.drop_table('users')
    op.drop_table('locations')
    op.drop_index('ix_clients_organisation_id_last_name', table_name='clients')
    op.drop_table('clients')
    op.drop_table('organisations')
