"""billing capture (charge sets, releases, webhooks)

Charge sets group a note's charge lines; corrections add a new set and keep the old one. The
`charges` table from 0001 was never written to before this revision, so it is rebuilt in its new
shape (a non-empty table stops the upgrade rather than guessing which set each line belongs to).

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _charges_common() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("therapy_session_id", sa.Integer(), nullable=True),
        sa.Column("rendering_provider_id", sa.Integer(), nullable=False),
        sa.Column("date_of_service", sa.Date(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("modifiers", _json(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("diagnosis_pointers", _json(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending", "ready", "exported", "void",
                name="charge_status", native_enum=False, create_constraint=True, length=16,
            ),
            nullable=False,
        ),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _charges_constraints() -> list:
    return [
        sa.CheckConstraint("minutes IS NULL OR minutes >= 0", name=op.f("ck_charges_minutes")),
        sa.CheckConstraint("units >= 0", name=op.f("ck_charges_units")),
        sa.ForeignKeyConstraint(["episode_id"], ["episodes.id"], name=op.f("fk_charges_episode_id_episodes"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["note_id"], ["notes.id"], name=op.f("fk_charges_note_id_notes"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["rendering_provider_id"], ["users.id"], name=op.f("fk_charges_rendering_provider_id_users"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["therapy_session_id"], ["therapy_sessions.id"], name=op.f("fk_charges_therapy_session_id_therapy_sessions"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charges")),
    ]


def _charges_indexes() -> None:
    op.create_index(op.f("ix_charges_episode_id"), "charges", ["episode_id"], unique=False)
    op.create_index(op.f("ix_charges_note_id"), "charges", ["note_id"], unique=False)
    op.create_index(op.f("ix_charges_rendering_provider_id"), "charges", ["rendering_provider_id"], unique=False)
    op.create_index("ix_charges_status_date_of_service", "charges", ["status", "date_of_service"], unique=False)
    op.create_index(op.f("ix_charges_therapy_session_id"), "charges", ["therapy_session_id"], unique=False)


def _drop_charges() -> None:
    rows = op.get_bind().execute(sa.text("SELECT count(*) FROM charges")).scalar()
    if rows:
        raise RuntimeError(f"charges holds {rows} rows; migrate them by hand before rebuilding the table")
    for name in (
        "ix_charges_therapy_session_id", "ix_charges_status_date_of_service", "ix_charges_rendering_provider_id",
        "ix_charges_note_id", "ix_charges_episode_id",
    ):
        op.drop_index(name, table_name="charges")
    op.execute("DROP INDEX IF EXISTS ix_charges_charge_set_id")
    op.drop_table("charges")


def upgrade() -> None:
    op.add_column("clients", sa.Column("address_line1", sa.String(length=55), nullable=True))
    op.add_column("clients", sa.Column("address_line2", sa.String(length=55), nullable=True))
    op.add_column("clients", sa.Column("city", sa.String(length=30), nullable=True))
    op.add_column("clients", sa.Column("state", sa.String(length=2), nullable=True))
    op.add_column("clients", sa.Column("postal_code", sa.String(length=10), nullable=True))
    op.add_column("episodes", sa.Column("plan_of_care_certified_on", sa.Date(), nullable=True))
    op.add_column("addenda", sa.Column("interventions", _json(), nullable=True))

    op.create_table("billing_payers",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("organisation_id", sa.Integer(), nullable=False),
    sa.Column("payer_code", sa.String(length=60), nullable=False),
    sa.Column("name", sa.String(length=60), nullable=False),
    sa.Column("payer_id", sa.String(length=80), nullable=False),
    sa.Column("claim_filing_code", sa.String(length=2), nullable=False),
    sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], name=op.f("fk_billing_payers_organisation_id_organisations"), ondelete="RESTRICT"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_payers")),
    sa.UniqueConstraint("organisation_id", "payer_code", name=op.f("uq_billing_payers_organisation_id_payer_code"))
    )
    op.create_table("billing_profiles",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("organisation_id", sa.Integer(), nullable=False),
    sa.Column("tax_id", sa.String(length=9), nullable=False),
    sa.Column("taxonomy", sa.String(length=10), nullable=False),
    sa.Column("address_line1", sa.String(length=55), nullable=False),
    sa.Column("address_line2", sa.String(length=55), nullable=True),
    sa.Column("city", sa.String(length=30), nullable=False),
    sa.Column("state", sa.String(length=2), nullable=False),
    sa.Column("postal_code", sa.String(length=10), nullable=False),
    sa.Column("contact_name", sa.String(length=60), nullable=True),
    sa.Column("contact_phone", sa.String(length=10), nullable=False),
    sa.Column("submitter_id", sa.String(length=15), nullable=False),
    sa.Column("receiver_id", sa.String(length=15), nullable=False),
    sa.Column("receiver_name", sa.String(length=60), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], name=op.f("fk_billing_profiles_organisation_id_organisations"), ondelete="RESTRICT"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_profiles")),
    sa.UniqueConstraint("organisation_id", name=op.f("uq_billing_profiles_organisation_id"))
    )
    op.create_table("fee_schedule_entries",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("organisation_id", sa.Integer(), nullable=False),
    sa.Column("code", sa.String(length=10), nullable=False),
    sa.Column("unit_cents", sa.Integer(), nullable=False),
    sa.Column("effective_from", sa.Date(), nullable=False),
    sa.Column("effective_to", sa.Date(), nullable=True),
    sa.CheckConstraint("effective_to IS NULL OR effective_to >= effective_from", name=op.f("ck_fee_schedule_entries_date_range")),
    sa.CheckConstraint("unit_cents >= 0", name=op.f("ck_fee_schedule_entries_unit_cents")),
    sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], name=op.f("fk_fee_schedule_entries_organisation_id_organisations"), ondelete="RESTRICT"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_schedule_entries")),
    sa.UniqueConstraint("organisation_id", "code", "effective_from", name=op.f("uq_fee_schedule_entries_organisation_id_code_effective_from"))
    )
    op.create_table("charge_sets",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("organisation_id", sa.Integer(), nullable=False),
    sa.Column("note_id", sa.Integer(), nullable=False),
    sa.Column("note_version_id", sa.Integer(), nullable=False),
    sa.Column("source_addendum_id", sa.Integer(), nullable=True),
    sa.Column("episode_id", sa.Integer(), nullable=False),
    sa.Column("client_id", sa.Integer(), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.Column("status", sa.Enum("captured", "released", "superseded", name="charge_set_status", native_enum=False, create_constraint=True, length=18), nullable=False),
    sa.Column("date_of_service", sa.Date(), nullable=False),
    sa.Column("payer_code", sa.String(length=60), nullable=False),
    sa.Column("discipline", sa.String(length=8), nullable=False),
    sa.Column("provider_role", sa.String(length=8), nullable=False),
    sa.Column("place_of_service", sa.String(length=2), nullable=False),
    sa.Column("diagnoses", _json(), nullable=False),
    sa.Column("total_cents", sa.Integer(), nullable=False),
    sa.Column("content_sha256", sa.String(length=64), nullable=False),
    sa.Column("problems", _json(), nullable=False),
    sa.Column("error_count", sa.Integer(), nullable=False),
    sa.Column("validated_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("released_by_id", sa.Integer(), nullable=True),
    sa.Column("supersedes_id", sa.Integer(), nullable=True),
    sa.Column("superseded_by_id", sa.Integer(), nullable=True),
    sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status <> 'released' OR released_at IS NOT NULL", name=op.f("ck_charge_sets_released_has_time")),
    sa.CheckConstraint("error_count >= 0", name=op.f("ck_charge_sets_error_count")),
    sa.CheckConstraint("length(content_sha256) = 64", name=op.f("ck_charge_sets_content_sha256_len")),
    sa.CheckConstraint("total_cents >= 0", name=op.f("ck_charge_sets_total_cents")),
    sa.CheckConstraint("version >= 1", name=op.f("ck_charge_sets_version")),
    sa.ForeignKeyConstraint(["client_id"], ["clients.id"], name=op.f("fk_charge_sets_client_id_clients"), ondelete="RESTRICT"),
    sa.ForeignKeyConstraint(["episode_id"], ["episodes.id"], name=op.f("fk_charge_sets_episode_id_episodes"), ondelete="RESTRICT"),
    sa.ForeignKeyConstraint(["note_id"], ["notes.id"], name=op.f("fk_charge_sets_note_id_notes"), ondelete="RESTRICT"),
    sa.ForeignKeyConstraint(["note_version_id"], ["note_versions.id"], name=op.f("fk_charge_sets_note_version_id_note_versions"), ondelete="RESTRICT"),
    sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], name=op.f("fk_charge_sets_organisation_id_organisations"), ondelete="RESTRICT"),
    sa.ForeignKeyConstraint(["released_by_id"], ["users.id"], name=op.f("fk_charge_sets_released_by_id_users"), ondelete="RESTRICT"),
    sa.ForeignKeyConstraint(["source_addendum_id"], ["addenda.id"], name=op.f("fk_charge_sets_source_addendum_id_addenda"), ondelete="RESTRICT"),
    sa.ForeignKeyConstraint(["superseded_by_id"], ["charge_sets.id"], name=op.f("fk_charge_sets_superseded_by_id_charge_sets"), ondelete="RESTRICT"),
    sa.ForeignKeyConstraint(["supersedes_id"], ["charge_sets.id"], name=op.f("fk_charge_sets_supersedes_id_charge_sets"), ondelete="RESTRICT"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_charge_sets")),
    sa.UniqueConstraint("note_id", "version", name=op.f("uq_charge_sets_note_id_version"))
    )
    op.create_index(op.f("ix_charge_sets_client_id"), "charge_sets", ["client_id"], unique=False)
    op.create_index("ix_charge_sets_client_id_date_of_service", "charge_sets", ["client_id", "date_of_service"], unique=False)
    op.create_index(op.f("ix_charge_sets_episode_id"), "charge_sets", ["episode_id"], unique=False)
    op.create_index("ix_charge_sets_note_id_status", "charge_sets", ["note_id", "status"], unique=False)
    op.create_index(op.f("ix_charge_sets_organisation_id"), "charge_sets", ["organisation_id"], unique=False)
    op.create_table("billing_feed_entries",
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("organisation_id", sa.Integer(), nullable=False),
    sa.Column("charge_set_id", sa.Integer(), nullable=False),
    sa.Column("event", sa.String(length=20), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("event IN ('released', 'superseded')", name=op.f("ck_billing_feed_entries_event")),
    sa.ForeignKeyConstraint(["charge_set_id"], ["charge_sets.id"], name=op.f("fk_billing_feed_entries_charge_set_id_charge_sets"), ondelete="RESTRICT"),
    sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], name=op.f("fk_billing_feed_entries_organisation_id_organisations"), ondelete="RESTRICT"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_feed_entries"))
    )
    op.create_index(op.f("ix_billing_feed_entries_charge_set_id"), "billing_feed_entries", ["charge_set_id"], unique=False)
    op.create_index("ix_billing_feed_entries_organisation_id_id", "billing_feed_entries", ["organisation_id", "id"], unique=False)
    op.create_table("webhook_deliveries",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("organisation_id", sa.Integer(), nullable=False),
    sa.Column("charge_set_id", sa.Integer(), nullable=True),
    sa.Column("event", sa.String(length=60), nullable=False),
    sa.Column("url", sa.String(length=500), nullable=False),
    sa.Column("payload", _json(), nullable=False),
    sa.Column("status", sa.Enum("pending", "delivered", "failed", name="webhook_status", native_enum=False, create_constraint=True, length=17), nullable=False),
    sa.Column("attempts", sa.Integer(), nullable=False),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("last_status_code", sa.Integer(), nullable=True),
    sa.Column("last_error", sa.String(length=500), nullable=True),
    sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("attempts >= 0", name=op.f("ck_webhook_deliveries_attempts")),
    sa.ForeignKeyConstraint(["charge_set_id"], ["charge_sets.id"], name=op.f("fk_webhook_deliveries_charge_set_id_charge_sets"), ondelete="RESTRICT"),
    sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], name=op.f("fk_webhook_deliveries_organisation_id_organisations"), ondelete="RESTRICT"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries"))
    )
    op.create_index(op.f("ix_webhook_deliveries_charge_set_id"), "webhook_deliveries", ["charge_set_id"], unique=False)
    op.create_index("ix_webhook_deliveries_status_next_attempt_at", "webhook_deliveries", ["status", "next_attempt_at"], unique=False)

    # charges: rebuilt with its charge set, line number, NPIs, place of service and amount.
    _drop_charges()
    op.create_table("charges",
    *_charges_common(),
    sa.Column("charge_set_id", sa.Integer(), nullable=False),
    sa.Column("line_number", sa.Integer(), nullable=False),
    sa.Column("supervising_provider_id", sa.Integer(), nullable=True),
    sa.Column("rendering_provider_npi", sa.String(length=10), nullable=True),
    sa.Column("supervising_provider_npi", sa.String(length=10), nullable=True),
    sa.Column("place_of_service", sa.String(length=2), nullable=False),
    sa.Column("amount_cents", sa.Integer(), nullable=False),
    sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
    *_charges_constraints(),
    sa.CheckConstraint("amount_cents >= 0", name=op.f("ck_charges_amount_cents")),
    sa.ForeignKeyConstraint(["charge_set_id"], ["charge_sets.id"], name=op.f("fk_charges_charge_set_id_charge_sets"), ondelete="RESTRICT"),
    sa.ForeignKeyConstraint(["supervising_provider_id"], ["users.id"], name=op.f("fk_charges_supervising_provider_id_users"), ondelete="RESTRICT"),
    sa.UniqueConstraint("charge_set_id", "line_number", name=op.f("uq_charges_charge_set_id_line_number"))
    )
    _charges_indexes()
    op.create_index(op.f("ix_charges_charge_set_id"), "charges", ["charge_set_id"], unique=False)


def downgrade() -> None:
    _drop_charges()
    op.create_table("charges", *_charges_common(), *_charges_constraints())
    _charges_indexes()

    op.drop_index("ix_webhook_deliveries_status_next_attempt_at", table_name="webhook_deliveries")
    op.drop_index(op.f("ix_webhook_deliveries_charge_set_id"), table_name="webhook_deliveries")
    op.drop_table("webhook_deliveries")
    op.drop_index("ix_billing_feed_entries_organisation_id_id", table_name="billing_feed_entries")
    op.drop_index(op.f("ix_billing_feed_entries_charge_set_id"), table_name="billing_feed_entries")
    op.drop_table("billing_feed_entries")
    op.drop_index(op.f("ix_charge_sets_organisation_id"), table_name="charge_sets")
    op.drop_index("ix_charge_sets_note_id_status", table_name="charge_sets")
    op.drop_index(op.f("ix_charge_sets_episode_id"), table_name="charge_sets")
    op.drop_index("ix_charge_sets_client_id_date_of_service", table_name="charge_sets")
    op.drop_index(op.f("ix_charge_sets_client_id"), table_name="charge_sets")
    op.drop_table("charge_sets")
    op.drop_table("fee_schedule_entries")
    op.drop_table("billing_profiles")
    op.drop_table("billing_payers")

    op.drop_column("addenda", "interventions")
    op.drop_column("episodes", "plan_of_care_certified_on")
    for column in ("postal_code", "state", "city", "address_line2", "address_line1"):
        op.drop_column("clients", column)
