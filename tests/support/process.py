"""`groundswell serve` as a real subprocess: start it, wait until it answers, kill it hard."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import sys
import time
from pathlib import Path

import aiohttp

GROUNDSWELL = Path(sys.executable).with_name("groundswell")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def clean_environment(**values: str) -> dict[str, str]:
    """The test's environment without a developer's Groundswell, Slack or Teams settings,
    except the server secret the test session sets as an operator would, and the scheduler
    switch it turns off (tests/conftest.py)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GROUNDSWELL_", "MICROSOFT_", "SLACK_"))
        or key in ("GROUNDSWELL_SECRET_KEY", "GROUNDSWELL_SCHEDULER_ENABLED")
    }
    env.update(values)
    return env


class ServeProcess:
    def __init__(self, env: dict[str, str], cwd: Path, port: int | None = None) -> None:
        self.env = env
        self.cwd = cwd
        self.port = port or free_port()
        self.process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, within: float = 30.0) -> None:
        self.process = await asyncio.create_subprocess_exec(
            str(GROUNDSWELL),
            "serve",
            "--port",
            str(self.port),
            cwd=self.cwd,
            env=self.env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        deadline = time.monotonic() + within
        async with aiohttp.ClientSession() as http:
            while True:
                assert self.process.returncode is None, "groundswell serve exited at start-up"
                try:
                    async with http.get(f"{self.url}/healthz") as health:
                        if health.status == 200:
                            return
                except aiohttp.ClientConnectionError:
                    pass
                assert time.monotonic() < deadline, "groundswell serve did not start"
                await asyncio.sleep(0.1)

    def kill_hard(self) -> None:
        """kill -9: no shutdown hook runs, nothing is flushed."""
        if self.process is not None and self.process.returncode is None:
            os.kill(self.process.pid, signal.SIGKILL)

    async def wait_dead(self) -> None:
        if self.process is not None:
            await asyncio.wait_for(self.process.wait(), 30)

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await asyncio.wait_for(self.process.wait(), 30)


def unsent_messages(database: Path) -> int:
    """Outbox items of a SQLite database a `serve` process is still to send (or sending)."""
    with sqlite3.connect(database) as connection:
        row = connection.execute(
            "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')"
        ).fetchone()
    return int(row[0])
