"""Survey engine: runs snapshot their privacy, deliveries point at their outbox items, and
responses carry the platform event that stored them.

- survey_runs: `anonymous` (the definition can change while a run is open) and `started_at`.
- survey_deliveries: `outbox_id` / `reminder_outbox_id` (what carries the survey and its one
  reminder: the one outbox sends both), `skip_reason` (over budget, opted out, no timezone,
  unreachable: counted, never silently dropped), `answered` (whether *someone* answered,
  with no time for anonymous runs), `timezone` (the zone their moments were computed in).
- survey_responses: `idempotency_key`, unique: a double click stores one answer. Anonymous
  responses leave it NULL (a platform event id could be matched to the person elsewhere).
- apscheduler_jobs: APScheduler 3's SQLAlchemy job store, as it declares it (it would create
  the table itself; schema changes go through migrations here).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 05:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "apscheduler_jobs",
        sa.Column("id", sa.Unicode(191), primary_key=True),
        sa.Column("next_run_time", sa.Float(25), index=True),
        sa.Column("job_state", sa.LargeBinary(), nullable=False),
    )
    with op.batch_alter_table("survey_runs") as batch:
        batch.add_column(sa.Column("anonymous", sa.Boolean(), server_default="0", nullable=False))
        batch.add_column(sa.Column("started_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("survey_deliveries") as batch:
        batch.add_column(
            sa.Column(
                "outbox_id",
                sa.Integer(),
                sa.ForeignKey(
                    "outbox.id", name="fk_survey_deliveries_outbox_id_outbox", ondelete="SET NULL"
                ),
                nullable=True,
            )
        )
        batch.add_column(
            sa.Column(
                "reminder_outbox_id",
                sa.Integer(),
                sa.ForeignKey(
                    "outbox.id",
                    name="fk_survey_deliveries_reminder_outbox_id_outbox",
                    ondelete="SET NULL",
                ),
                nullable=True,
            )
        )
        batch.add_column(sa.Column("skip_reason", sa.String(64), nullable=True))
        batch.add_column(sa.Column("answered", sa.Boolean(), server_default="0", nullable=False))
        batch.add_column(sa.Column("timezone", sa.String(64), nullable=True))
    with op.batch_alter_table("survey_responses") as batch:
        batch.add_column(sa.Column("idempotency_key", sa.String(255), nullable=True))
        batch.create_unique_constraint("uq_survey_responses_idempotency_key", ["idempotency_key"])


def downgrade() -> None:
    with op.batch_alter_table("survey_responses") as batch:
        batch.drop_constraint("uq_survey_responses_idempotency_key", type_="unique")
        batch.drop_column("idempotency_key")
    with op.batch_alter_table("survey_deliveries") as batch:
        batch.drop_column("timezone")
        batch.drop_column("answered")
        batch.drop_column("skip_reason")
        batch.drop_constraint("fk_survey_deliveries_reminder_outbox_id_outbox", type_="foreignkey")
        batch.drop_column("reminder_outbox_id")
        batch.drop_constraint("fk_survey_deliveries_outbox_id_outbox", type_="foreignkey")
        batch.drop_column("outbox_id")
    with op.batch_alter_table("survey_runs") as batch:
        batch.drop_column("started_at")
        batch.drop_column("anonymous")
    op.drop_table("apscheduler_jobs")
