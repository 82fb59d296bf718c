"""Migrations build the schema the code expects, from empty, and come back down cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

import storage.tables
from storage.base import Base
from storage.database import sync_url
from storage.migrate import current_revision, downgrade, head_revision, include_name, upgrade
from tests.support import databases


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    server = request.getfixturevalue("postgres_server")
    import psycopg

    name = f"empty_{tmp_path.name[-20:].replace('-', '_').lower()}"
    with psycopg.connect(databases.plain_dsn(server, "postgres"), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    from sqlalchemy.engine import make_url

    return make_url(server).set(database=name).render_as_string(hide_password=False)


def table_names(url: str) -> set[str]:
    engine = create_engine(sync_url(url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_from_empty_matches_the_models(empty_url: str) -> None:
    upgrade(empty_url)
    engine = create_engine(sync_url(empty_url))
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": include_name})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == []
    assert current_revision(empty_url) == head_revision()


def test_downgrade_to_base_removes_every_table(empty_url: str) -> None:
    upgrade(empty_url)
    downgrade(empty_url, "base")
    assert table_names(empty_url) <= {"alembic_version"}
    upgrade(empty_url)
    assert set(Base.metadata.tables) <= table_names(empty_url)


def test_every_migration_is_named_and_documented() -> None:
    versions = Path(storage.tables.__file__).parents[1] / "migrations" / "versions"
    for script in sorted(versions.glob("*.py")):
        text = script.read_text()
        docstring = text.split('"""')[1]
        assert len(docstring.splitlines()[0]) > 15, f"{script.name} needs a real summary"
        assert "auto generated" not in text, f"{script.name} is raw autogenerate output"
