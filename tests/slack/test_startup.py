"""Start-up: clear refusals for unworkable Slack settings; OAuth install into our database."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import reaction_envelope, running

GROUNDSWELL = str(Path(sys.executable).parent / "groundswell")


def run_cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "GROUNDSWELL_"))}
    clean.update(env, GROUNDSWELL_DATABASE_URL=f"sqlite:///{tmp_path / 'g.db'}")
    return subprocess.run(
        [GROUNDSWELL, *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean,
        check=False,
        timeout=60,
    )


def test_bot_token_without_signing_secret_fails_clearly(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "serve", "--port", "0", SLACK_BOT_TOKEN="xoxb-real-looking-1")
    assert result.returncode == 2
    assert "SLACK_SIGNING_SECRET: is required" in result.stderr
    assert "xoxb-real-looking-1" not in result.stderr + result.stdout


def test_socket_mode_without_app_token_fails_clearly(tmp_path: Path) -> None:
    result = run_cli(
        tmp_path,
        "serve",
        "--socket-mode",
        SLACK_BOT_TOKEN="xoxb-real-looking-1",
        SLACK_SIGNING_SECRET="a-real-looking-signing-secret",
    )
    assert result.returncode == 2
    assert "SLACK_APP_TOKEN: is required for Socket Mode" in result.stderr


# slack-sdk's oauth.v2.access still builds aiohttp's deprecated BasicAuth (a warning only).
@pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")
async def test_oauth_install_stores_the_workspace_and_its_token_is_used(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    async with running(
        database_url,
        fake,
        bot_token=None,
        client_id="111.222",
        client_secret="a-real-client-secret",
    ) as server:
        async with server.http.get(f"{server.url}/slack/install") as page:
            assert page.status == 200
            state = re.search(r"state=([\w-]+)", await page.text())
        assert state is not None
        callback = f"{server.url}/slack/oauth_redirect?code=c-1&state={state.group(1)}"
        # aiohttp will not send the Secure cookie over http: send it as Slack's browser would.
        cookie = {"Cookie": f"slack-app-oauth-state={state.group(1)}"}
        async with server.http.get(callback, headers=cookie) as done:
            assert done.status == 200
        assert len(fake.calls("oauth.v2.access")) == 1
        async with server.http.get(callback, headers=cookie) as replay:
            assert replay.status in (400, 401)  # the state is consumed once
        await server.event(reaction_envelope("EvOauth", reaction="-1"))
        [ephemeral] = await fake.wait_for_call("chat.postEphemeral")
        assert ephemeral.token == "xoxb-installed-token"
        assert (await server.wait_for_feedback(1))[0]["rating"] == "down"


@pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")
async def test_an_install_during_a_stream_of_feedback_stalls_neither(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    """The OAuth stores write beside our inline units of work; on SQLite a writer that held
    the lock while waiting for the event loop would stall both until the busy timeout (5 s)."""
    import asyncio
    import time

    from tests.slack.harness import API_TOKEN

    async with running(
        database_url, fake, bot_token=None, client_id="111.222", client_secret="a-real-secret-9"
    ) as server:
        async with server.http.get(f"{server.url}/slack/install") as page:
            state = re.search(r"state=([\w-]+)", await page.text())
        assert state is not None
        callback = f"{server.url}/slack/oauth_redirect?code=c-1&state={state.group(1)}"
        cookie = {"Cookie": f"slack-app-oauth-state={state.group(1)}"}
        auth = {"Authorization": f"Bearer {API_TOKEN}"}

        async def install() -> int:
            async with server.http.get(callback, headers=cookie) as done:
                return done.status

        async def rate(number: int) -> int:
            body = {
                "event_id": f"e{number}",
                "platform": "slack",
                "workspace": "T1",
                "user": f"U{number}",
                "rating": "up",
            }
            async with server.http.post(
                f"{server.url}/api/v1/feedback", json=body, headers=auth
            ) as response:
                return response.status

        started = time.monotonic()
        statuses = await asyncio.gather(install(), *(rate(n) for n in range(60)))
        elapsed = time.monotonic() - started
    assert statuses[0] == 200
    assert set(statuses[1:]) == {201}
    # A stall waits for SQLite's busy timeout (5 s, storage/database.py) before it gives up;
    # the whole exchange takes a fraction of a second, even on a loaded machine.
    assert elapsed < 5.0


async def test_no_slack_settings_means_no_slack_routes(database_url: str) -> None:
    from aiohttp import web

    from adapters.platforms import PLATFORMS
    from adapters.web.mounting import APP_MOUNTED
    from adapters.web.server import build_app
    from bot.services import build_services
    from bot.settings import CoreSettings, Settings, SlackSettings, TeamsSettings

    settings = Settings(
        core=CoreSettings(_env_file=None, database_url=database_url),
        slack=SlackSettings(_env_file=None),
        teams=TeamsSettings(_env_file=None),
    )
    app = await build_app(build_services(settings), mounters=PLATFORMS)
    assert any(
        line.startswith("Slack (set SLACK_SIGNING_SECRET") for line in app[APP_MOUNTED].disabled
    )
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.post(
                f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events", data=b"{}"
            ) as response,
        ):
            assert response.status == 404
    finally:
        await runner.cleanup()
