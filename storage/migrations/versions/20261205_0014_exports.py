"""Export queue: one row per destination and rated answer, for Langfuse, LangSmith, webhooks.

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-05 05:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "export_queue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("destination", sa.String(32), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("output_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.String(255), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_queue")),
        sa.UniqueConstraint(
            "destination",
            "person_id",
            "output_id",
            name=op.f("uq_export_queue_destination_person_id_output_id"),
        ),
    )
    op.create_index("ix_export_queue_status_due_at", "export_queue", ["status", "due_at"])


def downgrade() -> None:
    op.drop_index("ix_export_queue_status_due_at", table_name="export_queue")
    op.drop_table("export_queue")
