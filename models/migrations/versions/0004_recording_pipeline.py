"""recording pipeline (transcription jobs)

One transcript per recording (a unique index), and `recording_drafts` linking a recording to the
transcript and draft note it produced, so a retried or redelivered task cannot make a second one.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain index -> unique index: no table rebuild needed on SQLite.
    op.drop_index(op.f("ix_transcripts_recording_id"), table_name="transcripts")
    op.create_index(op.f("ix_transcripts_recording_id"), "transcripts", ["recording_id"], unique=True)
    op.create_table(
        "recording_drafts",
        sa.Column("recording_id", sa.Integer(), nullable=False),
        sa.Column("transcript_id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recording_id"],
            ["recordings.id"],
            name=op.f("fk_recording_drafts_recording_id_recordings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["transcript_id"],
            ["transcripts.id"],
            name=op.f("fk_recording_drafts_transcript_id_transcripts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["note_id"], ["notes.id"], name=op.f("fk_recording_drafts_note_id_notes"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("recording_id", name=op.f("pk_recording_drafts")),
        sa.UniqueConstraint("transcript_id", name=op.f("uq_recording_drafts_transcript_id")),
        sa.UniqueConstraint("note_id", name=op.f("uq_recording_drafts_note_id")),
    )


def downgrade() -> None:
    op.drop_table("recording_drafts")
    op.drop_index(op.f("ix_transcripts_recording_id"), table_name="transcripts")
    op.create_index(op.f("ix_transcripts_recording_id"), "transcripts", ["recording_id"], unique=False)
