"""Relay intents and the feedback change feed.

`relays`: one row per keyed relay, committed before the platform is called, unique on its
scoped key, so concurrent retries and a retry after a crash post the answer once.

The change feed: every insert and every change of a feedback row gets a new position,
set by triggers so the write path needs no change. On PostgreSQL the position is the writing
transaction's id (`pg_current_xact_id()`) and a sequence value; the reader only returns rows
of transactions older than its snapshot's xmin, so a row committed late is never skipped.
On SQLite (one writer, commits in order) it is one past the highest position handed out,
which `feed_counters` remembers when the row holding it is deleted.
Existing rows get positions in id order.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every column a change of which is a change of the feedback (all but id and the position).
DATA_COLUMNS = (
    "event_key",
    "person_id",
    "output_id",
    "rating",
    "comment",
    "reason",
    "source",
    "occurred_at",
    "recorded_at",
    "retracted_at",
    "superseded_at",
    "supersedes_id",
)

POSTGRES_UP = [
    "CREATE SEQUENCE feedback_change_seq AS bigint",
    # Existing rows: committed long ago, so transaction 0 and their id order.
    "UPDATE feedback SET change_seq = id",
    "SELECT setval('feedback_change_seq', GREATEST((SELECT max(id) FROM feedback), 1))",
    """
    CREATE FUNCTION feedback_mark_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.change_xact := pg_current_xact_id()::text::bigint;
        NEW.change_seq := nextval('feedback_change_seq');
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER feedback_change_on_insert BEFORE INSERT ON feedback
    FOR EACH ROW EXECUTE FUNCTION feedback_mark_change()
    """,
    # A statement that leaves the row as it was is not a change.
    """
    CREATE TRIGGER feedback_change_on_update BEFORE UPDATE ON feedback
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION feedback_mark_change()
    """,
]
POSTGRES_DOWN = [
    "DROP TRIGGER feedback_change_on_update ON feedback",
    "DROP TRIGGER feedback_change_on_insert ON feedback",
    "DROP FUNCTION feedback_mark_change()",
    "DROP SEQUENCE feedback_change_seq",
]

# SQLite cannot change NEW in a trigger, so the row is stamped right after it is written,
# one past every position handed out: the highest a row holds (an index seek) or the highest
# a deleted row held, which the delete trigger keeps in feed_counters.
SQLITE_STAMP = """
    UPDATE feedback SET change_seq = 1 + max(
        coalesce((SELECT value FROM feed_counters WHERE name = 'feedback'), 0),
        coalesce((SELECT max(change_seq) FROM feedback WHERE change_xact = 0), 0)
    ) WHERE id = NEW.id;
"""
SQLITE_REMEMBER = """
    UPDATE feed_counters SET value = max(value, OLD.change_seq) WHERE name = 'feedback';
"""
SQLITE_CHANGED = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in DATA_COLUMNS)
SQLITE_UP = [
    "UPDATE feedback SET change_seq = id",
    "INSERT INTO feed_counters (name, value) VALUES ('feedback', 0)",
    f"CREATE TRIGGER feedback_change_on_insert AFTER INSERT ON feedback BEGIN {SQLITE_STAMP} END",
    # Only on statements that set a data column: the stamping UPDATE sets change_seq alone, so
    # it fires nothing (an inner statement firing a trigger costs more than the stamp itself).
    f"CREATE TRIGGER feedback_change_on_update AFTER UPDATE OF {', '.join(DATA_COLUMNS)} "
    f"ON feedback WHEN {SQLITE_CHANGED} BEGIN {SQLITE_STAMP} END",
    "CREATE TRIGGER feedback_change_on_delete AFTER DELETE ON feedback "
    f"BEGIN {SQLITE_REMEMBER} END",
]
SQLITE_DOWN = [
    "DROP TRIGGER feedback_change_on_delete",
    "DROP TRIGGER feedback_change_on_update",
    "DROP TRIGGER feedback_change_on_insert",
]


def upgrade() -> None:
    op.create_table(
        "relays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref_id", sa.String(length=64), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=255), nullable=True),
        sa.Column("message_id", sa.String(length=255), nullable=True),
        sa.Column("output_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["output_id"],
            ["ai_outputs.id"],
            name=op.f("fk_relays_output_id_ai_outputs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relays")),
        sa.UniqueConstraint("ref_id", name=op.f("uq_relays_ref_id")),
    )
    op.create_table(
        "feed_counters",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.BigInteger(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_feed_counters")),
    )
    with op.batch_alter_table("feedback") as batch:
        batch.add_column(
            sa.Column("change_xact", sa.BigInteger(), server_default="0", nullable=False)
        )
        batch.add_column(
            sa.Column("change_seq", sa.BigInteger(), server_default="0", nullable=False)
        )
    for statement in POSTGRES_UP if op.get_bind().dialect.name == "postgresql" else SQLITE_UP:
        op.execute(statement)
    op.create_index(
        "ix_feedback_change_position", "feedback", ["change_xact", "change_seq"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_feedback_change_position", table_name="feedback")
    for statement in POSTGRES_DOWN if op.get_bind().dialect.name == "postgresql" else SQLITE_DOWN:
        op.execute(statement)
    with op.batch_alter_table("feedback") as batch:
        batch.drop_column("change_seq")
        batch.drop_column("change_xact")
    op.drop_table("feed_counters")
    op.drop_table("relays")
