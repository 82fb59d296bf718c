"""`groundswell serve` starting up: "listening" only once it is true, and a port, host or
Socket Mode connection that cannot work is one line, not a traceback."""

from __future__ import annotations

import asyncio
import socket
import urllib.request
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.cli.support import GROUNDSWELL, Finished, clean_env, error_lines, run, run_async
from tests.fakes.slack_web_api import FakeSlackWebApi

SOCKET_MODE = {
    "SLACK_BOT_TOKEN": "xoxb-1-2-abc",
    "SLACK_APP_TOKEN": "xapp-1-A111-222-abc",
}


def test_port_in_use_is_one_line_and_nothing_else_runs(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port), cwd=tmp_path)
    assert result.returncode == 1
    assert error_lines(result) == [
        f"cannot start port {port} is in use: choose another with --port"
    ]
    assert "listening" not in result.stderr
    assert not (tmp_path / "groundswell.db").exists()  # refused before migrating anything


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--port", "99999"], "--port 99999: must be between 1 and 65535"),
        (["--port", "-1"], "--port -1: must be between 1 and 65535"),
        (["--host", "no-such-host.invalid"], "--host no-such-host.invalid: not a name"),
        # TEST-NET-3: documentation addresses, never configured on a test machine.
        (["--host", "203.0.113.7", "--port", "0"], "--host 203.0.113.7: not an address"),
    ],
)
def test_unusable_flag_is_one_line_naming_it(tmp_path: Path, args: list[str], says: str) -> None:
    result = run("serve", *args, cwd=tmp_path)
    [line] = error_lines(result)
    assert says in line
    assert result.returncode == 2  # a flag to change; restarting would not help
    assert "Traceback" not in result.stderr


async def read_until_listening(process: asyncio.subprocess.Process) -> tuple[str, list[str]]:
    """The banner's URL, and every stderr line printed before it."""
    assert process.stderr is not None
    before: list[str] = []
    while True:
        line = (await asyncio.wait_for(process.stderr.readline(), 30)).decode()
        assert line, f"serve exited before listening: {before}"
        if "listening on " in line:
            return line.split("listening on ")[1].split()[0], before
        before.append(line)


@pytest.fixture
async def started(tmp_path: Path) -> AsyncIterator[list[asyncio.subprocess.Process]]:
    processes: list[asyncio.subprocess.Process] = []
    yield processes
    for process in processes:
        if process.returncode is None:
            process.terminate()
            await process.communicate()


async def start_serve(
    started: list[asyncio.subprocess.Process], cwd: Path, *args: str, **env: str
) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        GROUNDSWELL,
        "serve",
        *args,
        cwd=cwd,
        env=clean_env(**env),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    started.append(process)
    return process


def get_health(url: str) -> int:
    with urllib.request.urlopen(f"{url}/healthz", timeout=10) as response:
        return int(response.status)


async def test_banner_names_the_real_port_and_is_true_when_printed(
    tmp_path: Path, started: list[asyncio.subprocess.Process]
) -> None:
    process = await start_serve(started, tmp_path, "--port", "0")
    url, before = await read_until_listening(process)
    assert url.startswith("http://127.0.0.1:") and not url.endswith(":0")
    # No polling: once the banner is out, the server answers.
    assert await asyncio.to_thread(get_health, url) == 200
    assert any("at revision" in line for line in before)  # migrated before it said so


async def serve_socket_mode(cwd: Path, slack_api_url: str) -> Finished:
    """`serve --socket-mode` to its end, with Slack's Web API at `slack_api_url`."""
    return await run_async(
        "serve",
        "--socket-mode",
        "--port",
        "0",
        cwd=cwd,
        GROUNDSWELL_SLACK_API_URL=slack_api_url,
        **SOCKET_MODE,
    )


async def test_socket_mode_refused_app_token_is_one_line_and_no_retry_loop(
    tmp_path: Path, started: list[asyncio.subprocess.Process]
) -> None:
    async with FakeSlackWebApi() as slack:
        slack.set_response("apps.connections.open", {"ok": False, "error": "invalid_auth"})
        result = await serve_socket_mode(tmp_path, slack.url)
        assert len(slack.calls("apps.connections.open")) == 1
    assert result.returncode == 2
    assert error_lines(result) == [
        "cannot start SLACK_APP_TOKEN: Slack refused it (invalid_auth): create an app-level "
        "token with connections:write under Basic Information → App-Level Tokens"
    ]
    assert "Traceback" not in result.stderr and "listening" not in result.stderr
    assert SOCKET_MODE["SLACK_APP_TOKEN"] not in result.stderr


async def test_socket_mode_with_slack_unreachable_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        nothing_there = f"http://127.0.0.1:{closed.getsockname()[1]}/api/"
        result = await serve_socket_mode(tmp_path, nothing_there)
    assert result.returncode == 1
    [line] = error_lines(result)
    assert line.startswith(f"cannot start cannot reach Slack at {nothing_there} for Socket Mode")
    assert not (tmp_path / "groundswell.db").exists()
    assert "Traceback" not in result.stderr and "listening" not in result.stderr


async def test_socket_mode_connects_and_then_says_listening(
    tmp_path: Path, started: list[asyncio.subprocess.Process]
) -> None:
    async with FakeSlackWebApi() as slack:
        process = await start_serve(
            started,
            tmp_path,
            "--socket-mode",
            "--port",
            "0",
            GROUNDSWELL_SLACK_API_URL=slack.url,
            **SOCKET_MODE,
        )
        url, _ = await read_until_listening(process)
        await slack.wait_for_socket_mode_connection()
        assert await asyncio.to_thread(get_health, url) == 200
        # Our check and slack-sdk's own connection each asked once.
        tokens = {call.token for call in slack.calls("apps.connections.open")}
        assert tokens == {SOCKET_MODE["SLACK_APP_TOKEN"]}
        process.terminate()
        await process.communicate()
