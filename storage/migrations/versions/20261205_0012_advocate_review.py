"""Advocate review: why someone was proposed, and every decision about them.

Adds nullable columns to `advocates` (the audience they are ranked in, the evidence behind the
score, when they were proposed, accepted, stepped down, last got a recap) and a table
`advocate_decisions` recording who approved, dismissed, accepted, declined or stepped down,
and when.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 05:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME_COLUMNS = ("proposed_at", "accepted_at", "stepped_down_at", "recapped_at")


def upgrade() -> None:
    # batch_alter_table: SQLite cannot drop a column in place on downgrade.
    with op.batch_alter_table("advocates") as batch:
        batch.add_column(sa.Column("audience", sa.String(16), nullable=True))
        batch.add_column(sa.Column("evidence", sa.JSON(), nullable=True))
        for name in TIME_COLUMNS:
            batch.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "advocate_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=255), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_advocate_decisions_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advocate_decisions")),
    )
    op.create_index(
        "ix_advocate_decisions_person_id", "advocate_decisions", ["person_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_advocate_decisions_person_id", table_name="advocate_decisions")
    op.drop_table("advocate_decisions")
    with op.batch_alter_table("advocates") as batch:
        for name in reversed(TIME_COLUMNS):
            batch.drop_column(name)
        batch.drop_column("evidence")
        batch.drop_column("audience")
