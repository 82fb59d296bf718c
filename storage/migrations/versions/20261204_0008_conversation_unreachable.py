"""Conversations remember when the app was removed from them (Teams uninstall or removal).

A nullable `unreachable_at` on `conversations`: set by an `installationUpdate` remove or a
`conversationUpdate` that removes the bot, cleared by the next install. Existing rows stay
reachable.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # batch_alter_table: SQLite cannot drop a column in place on downgrade.
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("unreachable_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("unreachable_at")
