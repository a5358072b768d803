"""note lifecycle: billing hand-off table and database-level finality of signed records

A final note never changes, and not only because the application says so: triggers on both
backends refuse any UPDATE or DELETE of a final note, any new or removed version or signature
on it, and any change at all to a note version, signature, addendum or release once written.
Addenda and releases to billing are refused on a note that is not final.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


PG_FUNCTIONS = """
CREATE FUNCTION notes_final_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'final' THEN
        RAISE EXCEPTION 'note % is final: corrections are addenda', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;

CREATE FUNCTION signed_record_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are never changed or removed', TG_TABLE_NAME
        USING ERRCODE = 'check_violation';
END;
$$;

-- TG_ARGV[0]: 'not_final' refuses the row when its note is final, 'final' when it is not.
-- FOR SHARE: a concurrent transaction finalising the note cannot slip in between.
CREATE FUNCTION note_child_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target integer;
    note_status text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        target := OLD.note_id;
    ELSE
        target := NEW.note_id;
    END IF;
    SELECT status INTO note_status FROM notes WHERE id = target FOR SHARE;
    IF TG_ARGV[0] = 'not_final' AND note_status = 'final' THEN
        RAISE EXCEPTION 'note % is final: % cannot change', target, TG_TABLE_NAME
            USING ERRCODE = 'check_violation';
    ELSIF TG_ARGV[0] = 'final' AND note_status IS DISTINCT FROM 'final' THEN
        RAISE EXCEPTION 'note % is not final: no % before it is', target, TG_TABLE_NAME
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
"""

# (trigger name, table, timing/events, function call)
PG_TRIGGERS = [
    ("notes_final_is_final", "notes", "BEFORE UPDATE OR DELETE", "notes_final_is_final()"),
    ("note_versions_immutable", "note_versions", "BEFORE UPDATE", "signed_record_immutable()"),
    (
        "note_versions_not_on_final",
        "note_versions",
        "BEFORE INSERT OR DELETE",
        "note_child_guard('not_final')",
    ),
    ("signatures_immutable", "signatures", "BEFORE UPDATE OR DELETE", "signed_record_immutable()"),
    ("signatures_not_on_final", "signatures", "BEFORE INSERT", "note_child_guard('not_final')"),
    ("addenda_immutable", "addenda", "BEFORE UPDATE OR DELETE", "signed_record_immutable()"),
    ("addenda_only_on_final", "addenda", "BEFORE INSERT", "note_child_guard('final')"),
    ("note_releases_immutable", "note_releases", "BEFORE UPDATE OR DELETE", "signed_record_immutable()"),
    ("note_releases_only_final", "note_releases", "BEFORE INSERT", "note_child_guard('final')"),
]
PG_FUNCTION_NAMES = ["note_child_guard()", "signed_record_immutable()", "notes_final_is_final()"]


def _sqlite_trigger(name: str, when_event: str, table: str, condition: str | None, message: str) -> str:
    where = f" WHEN {condition}" if condition else ""
    return f"CREATE TRIGGER {name} {when_event} ON {table}{where} BEGIN SELECT RAISE(ABORT, '{message}'); END"


def _status_of(ref: str) -> str:
    return f"(SELECT status FROM notes WHERE id = {ref}.note_id)"


SQLITE_TRIGGERS = [
    (
        "notes_final_no_update",
        "BEFORE UPDATE",
        "notes",
        "OLD.status = 'final'",
        "note is final: corrections are addenda",
    ),
    (
        "notes_final_no_delete",
        "BEFORE DELETE",
        "notes",
        "OLD.status = 'final'",
        "note is final: corrections are addenda",
    ),
    (
        "note_versions_no_update",
        "BEFORE UPDATE",
        "note_versions",
        None,
        "note_versions rows are never changed",
    ),
    (
        "note_versions_final_no_insert",
        "BEFORE INSERT",
        "note_versions",
        f"{_status_of('NEW')} = 'final'",
        "note is final: note_versions cannot change",
    ),
    (
        "note_versions_final_no_delete",
        "BEFORE DELETE",
        "note_versions",
        f"{_status_of('OLD')} = 'final'",
        "note is final: note_versions cannot change",
    ),
    ("signatures_no_update", "BEFORE UPDATE", "signatures", None, "signatures rows are never changed"),
    ("signatures_no_delete", "BEFORE DELETE", "signatures", None, "signatures rows are never removed"),
    (
        "signatures_final_no_insert",
        "BEFORE INSERT",
        "signatures",
        f"{_status_of('NEW')} = 'final'",
        "note is final: signatures cannot change",
    ),
    ("addenda_no_update", "BEFORE UPDATE", "addenda", None, "addenda rows are never changed"),
    ("addenda_no_delete", "BEFORE DELETE", "addenda", None, "addenda rows are never removed"),
    (
        "addenda_only_on_final",
        "BEFORE INSERT",
        "addenda",
        f"{_status_of('NEW')} IS NOT 'final'",
        "note is not final: no addenda before it is",
    ),
    (
        "note_releases_no_update",
        "BEFORE UPDATE",
        "note_releases",
        None,
        "note_releases rows are never changed",
    ),
    (
        "note_releases_no_delete",
        "BEFORE DELETE",
        "note_releases",
        None,
        "note_releases rows are never removed",
    ),
    (
        "note_releases_only_final",
        "BEFORE INSERT",
        "note_releases",
        f"{_status_of('NEW')} IS NOT 'final'",
        "note is not final: it cannot be released to billing",
    ),
]


def upgrade() -> None:
    op.create_table(
        "note_releases",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("note_version_id", sa.Integer(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(content_sha256) = 64", name=op.f("ck_note_releases_content_sha256_len")),
        sa.ForeignKeyConstraint(
            ["note_id"], ["notes.id"], name=op.f("fk_note_releases_note_id_notes"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["note_version_id"],
            ["note_versions.id"],
            name=op.f("fk_note_releases_note_version_id_note_versions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note_releases")),
        sa.UniqueConstraint("note_id", name=op.f("uq_note_releases_note_id")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTIONS)
        for name, table, when, call in PG_TRIGGERS:
            op.execute(f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW EXECUTE FUNCTION {call}")
    else:
        for name, when, table, condition, message in SQLITE_TRIGGERS:
            op.execute(_sqlite_trigger(name, when, table, condition, message))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, table, _when, _call in PG_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for function in PG_FUNCTION_NAMES:
            op.execute(f"DROP FUNCTION IF EXISTS {function}")
    else:
        for name, *_rest in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("note_releases")
