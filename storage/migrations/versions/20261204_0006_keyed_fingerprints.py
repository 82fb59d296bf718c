"""Keyed forget fingerprints, and Slack tokens sealed with the server's token key.

Forget tombstones: new ones are HMAC-SHA256 under a key derived from GROUNDSWELL_SECRET_KEY.
The old ones are unkeyed SHA-256 hashes, which are one-way: they cannot be re-keyed here.
They stay, flagged `keyed = false`, and are still honoured; the next event from that person
re-keys theirs (storage/repositories/people.py), and "opt in" removes either kind. Until then
a legacy row can be matched against a member list, as before this migration.

Slack tokens: slack-sdk's stores wrote bot, user and refresh tokens (and the incoming webhook
URL) in plain text. They are sealed here with Fernet under the token key, which the caller
passes as `config.attributes["token_key"]` (`groundswell db upgrade` and `serve` do). Without
the key, a database holding plain-text tokens refuses to migrate. The columns widen to fit.

Downgrade unseals the tokens (same key needed) and drops the flag; tombstones written since
are kept, but the older code cannot recognise keyed ones.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-04 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from storage.sealing import Sealer, is_sealed

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PLAIN_WIDTH = 200  # slack-sdk's own column size
SEALED_WIDTH = 512  # a 200-character token sealed is 356 characters
TOKEN_COLUMNS = {
    "slack_bots": ("bot_token", "bot_refresh_token"),
    "slack_installations": (
        "bot_token",
        "bot_refresh_token",
        "user_token",
        "user_refresh_token",
        "incoming_webhook_url",
    ),
}


class TokenKeyMissing(RuntimeError):
    pass


def token_tables() -> list[tuple[sa.TableClause, tuple[str, ...]]]:
    return [
        (sa.table(name, sa.column("id"), *(sa.column(column) for column in columns)), columns)
        for name, columns in TOKEN_COLUMNS.items()
    ]


def pending_rows(*, sealing: bool) -> list[tuple[sa.TableClause, int, dict[str, str]]]:
    """Every row with a token still to seal (or, going down, to unseal)."""
    bind = op.get_bind()
    pending = []
    for table, columns in token_tables():
        for row in bind.execute(sa.select(table)).mappings():
            values = {
                name: row[name]
                for name in columns
                if row[name] is not None and is_sealed(row[name]) != sealing
            }
            if values:
                pending.append((table, int(row["id"]), values))
    return pending


def sealer_or_refuse() -> Sealer:
    key = context.config.attributes.get("token_key")
    if key is None:
        # Before any DDL: SQLite does not roll DDL back, and a half-run migration stays so.
        raise TokenKeyMissing(
            "stored Slack tokens need GROUNDSWELL_SECRET_KEY to be sealed or unsealed: "
            "run `groundswell db upgrade` (or pass config.attributes['token_key'])"
        )
    return Sealer(key)


def rewrite_tokens(*, sealing: bool) -> None:
    """Seal (or unseal) every stored token in place; needs no key on a database without any."""
    pending = pending_rows(sealing=sealing)
    if not pending:
        return
    sealer = sealer_or_refuse()
    bind = op.get_bind()
    for table, row_id, values in pending:
        change = {
            name: sealer.seal(value) if sealing else sealer.unseal(value)
            for name, value in values.items()
        }
        bind.execute(sa.update(table).where(table.c.id == row_id).values(**change))


def resize_token_columns(width: int) -> None:
    for table_name, columns in TOKEN_COLUMNS.items():
        with op.batch_alter_table(table_name) as batch:
            for name in columns:
                batch.alter_column(name, type_=sa.String(width), existing_nullable=True)


def refuse_early_without_key(*, sealing: bool) -> None:
    if pending_rows(sealing=sealing):
        sealer_or_refuse()


def upgrade() -> None:
    refuse_early_without_key(sealing=True)
    with op.batch_alter_table("forgotten_people") as batch:
        batch.add_column(sa.Column("keyed", sa.Boolean(), server_default="0", nullable=False))
    resize_token_columns(SEALED_WIDTH)
    rewrite_tokens(sealing=True)


def downgrade() -> None:
    refuse_early_without_key(sealing=False)
    rewrite_tokens(sealing=False)
    resize_token_columns(PLAIN_WIDTH)
    with op.batch_alter_table("forgotten_people") as batch:
        batch.drop_column("keyed")
