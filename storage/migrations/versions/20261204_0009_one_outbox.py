"""One outbox for every message Groundswell starts, replacing the nudge log.

Each row is decided before it is sent (unique `dedupe_key`), claimed by one sender, and
records what the platform answered; the same rows are the fatigue budget's memory. Past
nudges (follow-ups, welcomes) move over as messages already sent, so budgets and once-only
keys carry on across the upgrade.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 17:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Past nudges become messages already sent; follow-ups count against the budget. The JSON
# literal is the only difference between the two databases.
COPY_NUDGES = {
    postgres: "INSERT INTO outbox (kind, dedupe_key, person_id, platform, payload, status, "
    "due_at, created_at, sent_at, budget, ephemeral, attempts) "
    "SELECT n.kind, n.dedupe_key, n.person_id, p.platform, "
    + ("CAST('{}' AS JSON)" if postgres else "'{}'")
    + ", 'sent', n.sent_at, n.sent_at, n.sent_at, "
    "CASE WHEN n.kind LIKE 'followup-%' THEN 'message' END, FALSE, 1 "
    "FROM nudges n JOIN people p ON p.id = n.person_id"
    for postgres in (False, True)
}


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("dedupe_key", sa.String(length=255), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("tenant", sa.String(length=255), nullable=True),
        sa.Column("channel", sa.String(length=255), nullable=True),
        sa.Column("ephemeral", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("budget", sa.String(length=16), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.String(length=255), nullable=True),
        sa.Column("message_ref", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_outbox_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_dedupe_key")),
    )
    op.create_index("ix_outbox_status_due_at", "outbox", ["status", "due_at"], unique=False)
    op.create_index(
        "ix_outbox_person_id_created_at", "outbox", ["person_id", "created_at"], unique=False
    )
    op.execute(COPY_NUDGES[op.get_bind().dialect.name == "postgresql"])
    op.drop_index("ix_nudges_person_id", table_name="nudges")
    op.drop_table("nudges")


def downgrade() -> None:
    op.create_table(
        "nudges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("dedupe_key", sa.String(length=255), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message_ref", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_nudges_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nudges")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_nudges_dedupe_key")),
    )
    op.create_index("ix_nudges_person_id", "nudges", ["person_id"], unique=False)
    # What was sent to a known person survives the downgrade; anything still pending is lost.
    op.execute(
        "INSERT INTO nudges (person_id, kind, dedupe_key, sent_at, message_ref) "
        "SELECT person_id, kind, dedupe_key, sent_at, message_ref FROM outbox "
        "WHERE status = 'sent' AND person_id IS NOT NULL AND sent_at IS NOT NULL"
    )
    op.drop_index("ix_outbox_person_id_created_at", table_name="outbox")
    op.drop_index("ix_outbox_status_due_at", table_name="outbox")
    op.drop_table("outbox")
