"""Alembic environment: the URL comes from the caller (settings), never from a file."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

import storage.tables  # noqa: F401  (registers every table on Base.metadata)
from storage.base import Base
from storage.database import sync_url
from storage.migrate import include_name
from storage.sqlite_batch import tune_sqlite

config = context.config
url = sync_url(config.get_main_option("sqlalchemy.url") or "")


def run_offline() -> None:
    context.configure(
        url=url,
        target_metadata=Base.metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    engine = create_engine(url, poolclass=pool.NullPool)
    if url.startswith("sqlite"):
        from sqlalchemy import event

        event.listen(engine, "connect", tune_sqlite)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=url.startswith("sqlite"),
            compare_type=True,
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
