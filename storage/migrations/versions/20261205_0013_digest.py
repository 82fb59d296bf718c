"""Weekly digest: week rollups of ratings, and indexes for the digest's weekly reads.

- `digest_rollups`: 👍/👎 and distinct raters per settled week, assistant and use case (a row
  with empty assistant and use case marks the week as rolled up), so the digest's 8-week
  history reads eight small rows per use case instead of eight weeks of feedback;
- feedback: a partial index over standing ratings by time that holds every column the
  weekly rating counts need (index-only reads), and one over the rows with a reason or a
  comment (the "what goes wrong" themes);
- ai_outputs.registered_at and wins.occurred_at: the weekly coverage and wins reads.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CURRENT_RATING = "rating <> 'none' AND superseded_at IS NULL AND retracted_at IS NULL"
SAID = "comment IS NOT NULL OR reason IS NOT NULL"


def upgrade() -> None:
    op.create_table(
        "digest_rollups",
        sa.Column("week", sa.String(8), nullable=False),
        sa.Column("assistant", sa.String(255), nullable=False),
        sa.Column("use_case", sa.String(255), nullable=False),
        sa.Column("up", sa.Integer(), nullable=False),
        sa.Column("down", sa.Integer(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("week", "assistant", "use_case", name="pk_digest_rollups"),
    )
    op.create_index(
        "ix_feedback_current_by_time",
        "feedback",
        ["occurred_at", "output_id", "person_id", "rating"],
        sqlite_where=sa.text(CURRENT_RATING),
        postgresql_where=sa.text(CURRENT_RATING),
    )
    op.create_index(
        "ix_feedback_said_by_time",
        "feedback",
        ["occurred_at"],
        sqlite_where=sa.text(SAID),
        postgresql_where=sa.text(SAID),
    )
    op.create_index("ix_ai_outputs_registered_at", "ai_outputs", ["registered_at"])
    op.create_index("ix_wins_occurred_at", "wins", ["occurred_at"])


def downgrade() -> None:
    op.drop_index("ix_wins_occurred_at", table_name="wins")
    op.drop_index("ix_ai_outputs_registered_at", table_name="ai_outputs")
    op.drop_index("ix_feedback_said_by_time", table_name="feedback")
    op.drop_index("ix_feedback_current_by_time", table_name="feedback")
    op.drop_table("digest_rollups")
