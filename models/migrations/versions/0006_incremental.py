"""incremental transcription state on recordings

Words transcribed while the upload runs (`partial_state`), how far they reach
(`committed_until_s`), and the lease that keeps one increment task per recording queued.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("recordings", sa.Column("committed_until_s", sa.Float(), nullable=True))
    op.add_column(
        "recordings",
        sa.Column(
            "partial_state", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True
        ),
    )
    op.add_column("recordings", sa.Column("increment_lease_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("recordings") as batch:
        batch.drop_column("increment_lease_at")
        batch.drop_column("partial_state")
        batch.drop_column("committed_until_s")
