"""The `groundswell` command as an operator runs it: real processes, real databases."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.support import GROUNDSWELL, clean_env, run
from tests.support.postgres import free_port
from tests.support.secrets import TEST_SECRET

PG_TOKEN = "pg-token-0123456789"


def http(
    method: str, url: str, body: dict[str, object] | None = None, token: str | None = None
) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(
        url, method=method, data=json.dumps(body).encode() if body else None
    )
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def wait_healthy(url: str, process: subprocess.Popen[str], seconds: float = 15) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if process.poll() is not None:
            raise AssertionError(f"serve exited: {process.communicate()}")
        try:
            status, body = http("GET", url + "/healthz")
            if status == 200 and body == {"status": "ok", "database": "ok"}:
                return time.monotonic() - started
        except (OSError, ValueError):  # not listening yet, or an answer that is not JSON
            pass
        time.sleep(0.1)  # poll, do not spin, while the server starts or reports unhealthy
    raise AssertionError("no 200 from /healthz in time")


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[object]:
    processes: list[subprocess.Popen[str]] = []

    def start(*args: str, **env: str) -> tuple[str, subprocess.Popen[str]]:
        port = free_port()
        process = subprocess.Popen(
            [GROUNDSWELL, "serve", "--port", str(port), *args],
            cwd=tmp_path,
            env=clean_env(**env),
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        processes.append(process)
        return f"http://127.0.0.1:{port}", process

    yield start
    for process in processes:
        process.terminate()
        process.communicate(timeout=20)


def test_serve_with_no_configuration_answers_healthz_quickly(serve, tmp_path: Path) -> None:
    url, process = serve()
    waited = wait_healthy(url, process)
    assert waited < 10
    assert (tmp_path / "groundswell.db").exists()
    process.terminate()
    _, err = process.communicate(timeout=20)
    assert f"listening on {url}" in err
    assert "ingestion API /api/v1 (set GROUNDSWELL_API_TOKENS)" in err


def test_serve_against_postgresql_records_feedback(
    serve, tmp_path: Path, database_url: str
) -> None:
    url, process = serve(
        "--database-url",
        database_url,
        GROUNDSWELL_API_TOKENS=PG_TOKEN,
        GROUNDSWELL_SECRET_KEY=TEST_SECRET,
    )
    wait_healthy(url, process)
    status, output = http(
        "POST",
        url + "/api/v1/outputs",
        {
            "platform": "teams",
            "workspace": "tenant-1",
            "channel": "19:abc",
            "message_id": "m1",
            "assistant": "copilot",
        },
        token=PG_TOKEN,
    )
    assert status == 201
    status, _ = http(
        "POST",
        url + "/api/v1/feedback",
        {
            "event_id": "e1",
            "platform": "teams",
            "workspace": "tenant-1",
            "user": "29:u",
            "rating": "down",
            "comment": "wrong",
            "output_id": output["id"],
        },
        token=PG_TOKEN,
    )
    assert status == 201
    status, listing = http("GET", url + "/api/v1/feedback", token=PG_TOKEN)
    assert status == 200
    assert [item["rating"] for item in listing["items"]] == ["down"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"GROUNDSWELL_DATABASE_URL": "mysql://x"}, "GROUNDSWELL_DATABASE_URL"),
        ({"GROUNDSWELL_LOG_LEVEL": "LOUD"}, "GROUNDSWELL_LOG_LEVEL"),
        ({"GROUNDSWELL_LEADS": "U123"}, "GROUNDSWELL_LEADS"),
        ({"GROUNDSWELL_API_TOKENS": "changeme"}, "GROUNDSWELL_API_TOKENS"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_SIGNING_SECRET": "changeme"}, "SLACK_SIGNING_SECRET"),
        ({"MICROSOFT_APP_TYPE": "Everyone"}, "MICROSOFT_APP_TYPE"),
    ],
)
def test_invalid_setting_stops_with_one_line_naming_it(
    tmp_path: Path, env: dict[str, str], named: str
) -> None:
    result = run("serve", cwd=tmp_path, **env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert named in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "groundswell.db").exists()


def test_settings_come_from_dotenv_file_too(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("GROUNDSWELL_LOG_LEVEL=LOUD\n")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "GROUNDSWELL_LOG_LEVEL" in result.stderr


def test_check_reports_pending_migrations_then_passes_after_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ops.db'}"
    before = run("check", "--database-url", url, cwd=tmp_path)
    upgraded = run("db", "upgrade", "--database-url", url, cwd=tmp_path)
    after = run("check", "--database-url", url, cwd=tmp_path)
    assert before.returncode == 1 and "migrations pending" in before.stderr
    assert upgraded.returncode == 0
    assert after.returncode == 0 and "migrations: up to date" in after.stderr


def test_check_fails_with_reason_when_database_unreachable(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none"
    result = run("check", "--database-url", url, cwd=tmp_path, GROUNDSWELL_SECRET_KEY=TEST_SECRET)
    assert result.returncode == 1
    assert "database unreachable" in result.stderr
    assert "Traceback" not in result.stderr


def test_database_url_option_overrides_environment(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'chosen.db'}"
    result = run(
        "db",
        "upgrade",
        "--database-url",
        url,
        cwd=tmp_path,
        GROUNDSWELL_DATABASE_URL=f"sqlite:///{tmp_path / 'ignored.db'}",
    )
    assert result.returncode == 0
    assert (tmp_path / "chosen.db").exists() and not (tmp_path / "ignored.db").exists()


def test_version_prints_the_package_version(tmp_path: Path) -> None:
    from bot import __version__

    result = run("version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"groundswell {__version__}"
