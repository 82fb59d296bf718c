"""Feed readers: where the comment reader stands in the feedback change feed, and its lease.

Comments were read for wins inside the request that stored them; from this revision a
background reader does it from the change feed. It starts at the end of the feed as it is
now: everything already stored was read by the version before.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The highest position handed out so far (0, 0 on an empty feed): the reader starts after it.
START_AT_THE_END = """
    INSERT INTO feed_readers (name, change_xact, change_seq, updated_at)
    SELECT 'comments', coalesce(max(last.change_xact), 0), coalesce(max(last.change_seq), 0),
           CURRENT_TIMESTAMP
    FROM (
        SELECT change_xact, change_seq FROM feedback
        ORDER BY change_xact DESC, change_seq DESC LIMIT 1
    ) AS last
"""


def upgrade() -> None:
    op.create_table(
        "feed_readers",
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("change_xact", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("change_seq", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("holder", sa.String(64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_feed_readers")),
    )
    op.execute(START_AT_THE_END)


def downgrade() -> None:
    op.drop_table("feed_readers")
