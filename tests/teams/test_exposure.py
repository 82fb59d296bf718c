"""Secure by default: no Teams route unless configured; unauthenticated Teams only on loopback.

On 5ce48e4 a deployment with no Teams settings served /api/messages with no authentication:
a forged activity stored a person and made the server POST to the caller's serviceUrl.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from adapters.platforms import PLATFORMS
from adapters.teams.auth import insecure_refusal
from adapters.web.mounting import APP_MOUNTED
from bot.configure import SettingsError, load_settings
from bot.settings import TeamsSettings
from tests.fakes.bot_connector import FakeBotConnector
from tests.support.server import count_rows, make_settings
from tests.teams.serving import GROUNDSWELL, clean_env, serving
from tests.teams.support import APP_ID, activity, running

TABLES = ("people", "conversations", "feedback")


async def test_with_no_teams_settings_there_is_no_teams_route(
    database_url: str, fake: FakeBotConnector
) -> None:
    forged = [
        activity(fake.service_url, text="help"),
        activity(
            fake.service_url,
            "invoke",
            name="message/submitAction",
            replyToId="1700000000123",
            value={"actionName": "feedback", "actionValue": {"reaction": "dislike"}},
        ),
    ]
    async with running(make_settings(database_url), mounters=PLATFORMS) as server:
        statuses = []
        for body in forged:
            async with server.http.post(f"{server.url}/api/messages", json=body) as response:
                statuses.append(response.status)
        mounted = server.app[APP_MOUNTED]
    assert statuses == [404, 404]
    assert set(count_rows(database_url, *TABLES).values()) == {0}
    assert fake.calls == []
    assert not any(line.startswith("Teams") for line in mounted.enabled)
    [off] = [line for line in mounted.disabled if line.startswith("Teams")]
    assert "MICROSOFT_APP_ID" in off


async def test_serve_with_no_configuration_says_teams_is_off_and_how_to_turn_it_on(
    tmp_path: Path, fake: FakeBotConnector
) -> None:
    async with serving(tmp_path) as served:
        async with served.http.post(
            f"{served.url}/api/messages", json=activity(fake.service_url, text="help")
        ) as teams:
            status = teams.status
    assert status == 404
    assert fake.calls == []
    [banner] = [line for line in served.output if "Teams /api/messages" in line]
    assert "off" in banner and "MICROSOFT_APP_ID" in banner
    assert not any("WITHOUT authentication" in line for line in served.output)


# Refused before anything binds: these are the addresses an operator might pass.
ALL_INTERFACES = "0.0.0.0"  # noqa: S104


@pytest.mark.parametrize("host", [ALL_INTERFACES, "::", "192.0.2.10", "groundswell.example.com"])
def test_serve_refuses_insecure_teams_off_loopback_in_one_line(tmp_path: Path, host: str) -> None:
    result = subprocess.run(
        [str(GROUNDSWELL), "serve", "--host", host, "--port", "1"],
        cwd=tmp_path,
        env=clean_env(tmp_path, GROUNDSWELL_TEAMS_INSECURE_LOCAL="true"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    [line] = (result.stdout + result.stderr).strip().splitlines()
    assert "GROUNDSWELL_TEAMS_INSECURE_LOCAL" in line
    assert f"--host {host}" in line
    assert not (tmp_path / "gs.db").exists()  # refused before touching anything


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "::1", "[::1]", "localhost", "LOCALHOST", "127.0.0.9"]
)
def test_insecure_teams_is_allowed_on_loopback(host: str) -> None:
    settings = TeamsSettings(_env_file=None, insecure_local=True)
    assert insecure_refusal(settings, host) is None


def test_without_insecure_mode_any_host_is_fine() -> None:
    assert insecure_refusal(TeamsSettings(_env_file=None, app_id=APP_ID), ALL_INTERFACES) is None


@pytest.mark.parametrize(
    ("env", "named"),
    [
        (
            {"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_PASSWORD": "s3cr3t-value",
             "MICROSOFT_APP_TENANT_ID": "t", "GROUNDSWELL_TEAMS_INSECURE_LOCAL": "true"},
            "GROUNDSWELL_TEAMS_INSECURE_LOCAL",
        ),
        (
            {"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_PASSWORD": "s3cr3t-value"},
            "MICROSOFT_APP_TENANT_ID",
        ),
        ({"GROUNDSWELL_TEAMS_SERVICE_URLS": "ftp://connector"}, "GROUNDSWELL_TEAMS_SERVICE_URLS"),
        ({"GROUNDSWELL_TEAMS_SERVICE_URLS": "http://x/v3/path"}, "GROUNDSWELL_TEAMS_SERVICE_URLS"),
        ({"GROUNDSWELL_TEAMS_INSECURE_LOCAL": "maybe"}, "GROUNDSWELL_TEAMS_INSECURE_LOCAL"),
    ],
)  # fmt: skip
def test_teams_settings_that_cannot_work_are_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], named: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as refused:
        load_settings(env_file=None)
    [problem] = refused.value.problems
    assert problem.startswith(f"{named}:")
