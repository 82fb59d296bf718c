"""Export queue: one row per destination and rated answer, for Langfuse, LangSmith, webhooks;
and de-identified follow-up questions (questions, their audit, people who turned them off).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 05:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
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
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("output_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("asker_platform", sa.String(16), nullable=True),
        sa.Column("asker_tenant", sa.String(255), nullable=True),
        sa.Column("asker_user", sa.String(255), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("shared_name", sa.String(255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_questions_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
    )
    op.create_index("ix_questions_subject", "questions", ["subject"])
    op.create_table(
        "question_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(16), nullable=False),
        sa.Column("asker", sa.String(255), nullable=True),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_audit")),
    )
    op.create_table(
        "question_refusals",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("refused", sa.Boolean(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_question_refusals_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_question_refusals")),
    )


def downgrade() -> None:
    op.drop_table("question_refusals")
    op.drop_table("question_audit")
    op.drop_index("ix_questions_subject", table_name="questions")
    op.drop_table("questions")
    op.drop_index("ix_export_queue_status_due_at", table_name="export_queue")
    op.drop_table("export_queue")
