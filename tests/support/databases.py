"""Fresh, migrated databases per test on SQLite and PostgreSQL, cloned from a template."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from storage.migrate import upgrade

TEMPLATE = "groundswell_template"
_counter = itertools.count(1)


def plain_dsn(url: str, database: str) -> str:
    parsed = make_url(url).set(drivername="postgresql", database=database)
    return parsed.render_as_string(hide_password=False)


def prepare_postgres_template(server_url: str) -> None:
    with psycopg.connect(plain_dsn(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {TEMPLATE}")
        conn.execute(f"CREATE DATABASE {TEMPLATE}")
    upgrade(make_url(server_url).set(database=TEMPLATE).render_as_string(hide_password=False))


def clone_postgres(server_url: str) -> tuple[str, str]:
    name = f"test_{next(_counter)}"
    with psycopg.connect(plain_dsn(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    return make_url(server_url).set(database=name).render_as_string(hide_password=False), name


def drop_postgres(server_url: str, name: str) -> None:
    with psycopg.connect(plain_dsn(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def prepare_sqlite_template(directory: Path) -> Path:
    path = directory / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


def clone_sqlite(template: Path, directory: Path) -> str:
    target = directory / "groundswell.db"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"
