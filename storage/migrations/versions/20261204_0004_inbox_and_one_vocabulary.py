"""Inbox of platform requests; one feedback vocabulary; answers found by channel and ts.

- `inbox`: each Slack request is stored before it is acknowledged and deleted once worked.
- `wins.time_saved`: the time-saved bucket a person picked, beside minutes read from text.
- Retired "what went wrong" reasons are mapped onto the one list both platforms now use
  (Slack said incorrect/unanswered, Teams wrong/outdated): see bot/feedback/vocabulary.py.
- `ai_outputs (platform, channel, message_id)`: a Slack Connect channel has one id in both
  organisations, so an answer is found whichever side rates it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Old key → current key. Downgrading maps back to the Slack spelling, which 0003 used most.
REASONS = {"incorrect": "wrong", "unanswered": "didnt_answer", "outdated": "out_of_date"}


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("tenant", sa.String(length=255), nullable=True),
        sa.Column("user_id", sa.String(length=255), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox")),
        sa.UniqueConstraint("platform", "key", name=op.f("uq_inbox_platform_key")),
    )
    op.create_index(
        "ix_inbox_platform_claimed_until", "inbox", ["platform", "claimed_until"], unique=False
    )
    with op.batch_alter_table("wins") as batch:
        batch.add_column(sa.Column("time_saved", sa.String(length=16), nullable=True))
    op.create_index(
        "ix_ai_outputs_platform_channel_message_id",
        "ai_outputs",
        ["platform", "channel", "message_id"],
        unique=False,
    )
    feedback = sa.table("feedback", sa.column("reason", sa.String))
    for old, new in REASONS.items():
        op.execute(feedback.update().where(feedback.c.reason == old).values(reason=new))


def downgrade() -> None:
    feedback = sa.table("feedback", sa.column("reason", sa.String))
    for old, new in REASONS.items():
        op.execute(feedback.update().where(feedback.c.reason == new).values(reason=old))
    op.drop_index("ix_ai_outputs_platform_channel_message_id", table_name="ai_outputs")
    with op.batch_alter_table("wins") as batch:
        batch.drop_column("time_saved")
    op.drop_index("ix_inbox_platform_claimed_until", table_name="inbox")
    op.drop_table("inbox")
