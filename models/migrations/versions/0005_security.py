"""security: log-in lock-out, TOTP second factor, emergency ("break the glass") access grants

Columns on `users` are added with server defaults, so existing staff rows stay valid (no lock-out,
no second factor). `emergency_access_grants` holds time-limited, reasoned access to one client.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

USER_COLUMNS = ["totp_last_step", "totp_enabled", "totp_secret", "locked_until", "failed_login_count"]


def upgrade() -> None:
    op.add_column("users", sa.Column("failed_login_count", sa.Integer(), server_default="0", nullable=False))
    op.add_column("users", sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    op.add_column("users", sa.Column("totp_secret", sa.String(length=255), nullable=True))
    op.add_column("users", sa.Column("totp_enabled", sa.Boolean(), server_default="0", nullable=False))
    op.add_column("users", sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
    op.create_table(
        "emergency_access_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "expires_at > granted_at", name=op.f("ck_emergency_access_grants_expiry_after_grant")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_emergency_access_grants_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_emergency_access_grants_client_id_clients"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emergency_access_grants")),
    )
    op.create_index(
        op.f("ix_emergency_access_grants_client_id"), "emergency_access_grants", ["client_id"], unique=False
    )
    op.create_index(
        "ix_emergency_access_grants_user_id_expires_at",
        "emergency_access_grants",
        ["user_id", "expires_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_emergency_access_grants_user_id_expires_at", table_name="emergency_access_grants")
    op.drop_index(op.f("ix_emergency_access_grants_client_id"), table_name="emergency_access_grants")
    op.drop_table("emergency_access_grants")
    # SQLite >= 3.35 drops plain columns in place; none of these is in an index or constraint.
    for column in USER_COLUMNS:
        op.drop_column("users", column)
