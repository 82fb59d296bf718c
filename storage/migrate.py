"""Apply and inspect Alembic migrations from code, with the URL from settings."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, pool

from storage.database import sync_url

MIGRATIONS = Path(__file__).parent / "migrations"

# Created by our migrations but declared and used only by slack-sdk's OAuth stores, so they
# are not in our metadata; model/schema comparisons must leave them alone.
SLACK_SDK_TABLES = frozenset({"slack_installations", "slack_bots", "slack_oauth_states"})


# Created by migration 0011, declared and used only by APScheduler's SQLAlchemy job store.
SCHEDULER_TABLES = frozenset({"apscheduler_jobs"})


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    return not (type_ == "table" and name in SLACK_SDK_TABLES | SCHEDULER_TABLES)


def alembic_config(url: str, *, token_key: bytes | None = None) -> Config:
    """`token_key` seals stored platform tokens (migration 0006); it travels in the config's
    in-memory attributes, never in its options, which Alembic may print."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser treats % as interpolation; passwords may contain it.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    if token_key is not None:
        config.attributes["token_key"] = token_key
    return config


def upgrade(url: str, revision: str = "head", *, token_key: bytes | None = None) -> None:
    command.upgrade(alembic_config(url, token_key=token_key), revision)


def downgrade(url: str, revision: str, *, token_key: bytes | None = None) -> None:
    command.downgrade(alembic_config(url, token_key=token_key), revision)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(url: str) -> str | None:
    engine = create_engine(sync_url(url), poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def is_up_to_date(url: str) -> bool:
    return current_revision(url) == head_revision()
