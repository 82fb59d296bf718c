"""People directory: email, title, where each value came from, and platform profile checks.

Adds nullable columns to `people` (email, title; the source and time of the department and
timezone; the source of the name; the last timezone the platform reported; when the
platform profile was last fetched; deactivation) and `is_bot` (false for every existing
row). Existing names and zones keep a NULL source: they came from the platforms, which
the directory may overwrite.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT_COLUMNS = (
    ("email", 320),
    ("title", 255),
    ("name_source", 16),
    ("department_source", 16),
    ("timezone_source", 16),
    ("platform_timezone", 64),
)
TIME_COLUMNS = (
    "department_updated_at",
    "timezone_updated_at",
    "profile_checked_at",
    "deactivated_at",
)


def upgrade() -> None:
    # batch_alter_table: SQLite cannot drop a column in place on downgrade.
    with op.batch_alter_table("people") as batch:
        for name, length in TEXT_COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length), nullable=True))
        for name in TIME_COLUMNS:
            batch.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("is_bot", sa.Boolean(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("is_bot")
        for name in reversed(TIME_COLUMNS):
            batch.drop_column(name)
        for name, _length in reversed(TEXT_COLUMNS):
            batch.drop_column(name)
