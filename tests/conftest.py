"""Shared fixtures: real SQLite files and a real PostgreSQL server, one fresh database per test."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from tests.support import databases
from tests.support.postgres import ThrowawayPostgres
from tests.support.secrets import TEST_SECRET

BACKENDS = ["sqlite", "postgresql"]

# CI replays the same examples every run so a landing never hinges on a lucky draw; developers'
# runs keep exploring new inputs (and hypothesis keeps what it finds in .hypothesis/).
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") == "true" else "default")


SEEN: dict[str, str] = {}


@pytest.fixture(scope="session", autouse=True)
def server_secret() -> Iterator[None]:
    """GROUNDSWELL_SECRET_KEY as an operator sets it (required on PostgreSQL); subprocesses
    inherit it. Tests of the generated key file unset it themselves."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GROUNDSWELL_SECRET_KEY", TEST_SECRET)
        # `serve` subprocesses start no survey runs of their own; scheduler tests turn it on.
        patch.setenv("GROUNDSWELL_SCHEDULER_ENABLED", "false")
        yield


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A URL to a PostgreSQL server: GROUNDSWELL_TEST_POSTGRES_URL, or one we start and stop."""
    given = os.environ.get("GROUNDSWELL_TEST_POSTGRES_URL")
    if given:
        databases.prepare_postgres_template(given)
        SEEN["postgresql"] = "the server at GROUNDSWELL_TEST_POSTGRES_URL"
        yield given
        return
    server = ThrowawayPostgres()
    url = server.start()
    SEEN["postgresql"] = f"{server.version()}, throwaway server on 127.0.0.1:{server.port}"
    try:
        databases.prepare_postgres_template(url)
        yield url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return databases.prepare_sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[str]:
    """A freshly migrated database of each backend; every test that takes it runs on both."""
    if request.param == "sqlite":
        yield databases.clone_sqlite(sqlite_template, tmp_path)
        return
    server = request.getfixturevalue("postgres_server")
    url, name = databases.clone_postgres(server)
    yield url
    databases.drop_postgres(server, name)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """For what only PostgreSQL does: several processes (replicas) on one database."""
    url, name = databases.clone_postgres(postgres_server)
    yield url
    databases.drop_postgres(postgres_server, name)


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """For tests whose subject is not the database (adapters' rendering, settings)."""
    return databases.clone_sqlite(sqlite_template, tmp_path)


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[object]:
    from storage.database import Database

    db = Database(database_url)
    yield db
    await db.dispose()


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [
        f"databases: every database test runs on {' and '.join(BACKENDS)} "
        "(a throwaway PostgreSQL server is started on loopback)"
    ]


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under pytest-xdist each worker starts its own databases: tell the controller which."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["databases_seen"] = dict(SEEN)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    SEEN.update(getattr(node, "workeroutput", {}).get("databases_seen", {}))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say which databases the run really exercised, with how many passing tests each."""
    passed = terminalreporter.stats.get("passed", [])
    for backend in BACKENDS:
        count = sum(
            1
            for report in passed
            if f"[{backend}" in report.nodeid
            or f"-{backend}]" in report.nodeid
            or f"-{backend}-" in report.nodeid
        )
        default = "a fresh SQLite file per test" if backend == "sqlite" else "not started"
        where = SEEN.get(backend, default)
        terminalreporter.write_line(f"{backend}: {count} tests passed ({where})")
