"""`groundswell serve` as a real subprocess, for what only the command shows: banner, refusals."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from tests.support.postgres import free_port

GROUNDSWELL = Path(sys.executable).with_name("groundswell")


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The machine's environment without any Groundswell, Slack or Teams setting."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GROUNDSWELL_", "MICROSOFT_", "SLACK_"))
    }
    env["GROUNDSWELL_DATABASE_URL"] = f"sqlite:///{tmp_path / 'gs.db'}"
    return {**env, **extra}


@dataclass
class Served:
    url: str
    http: aiohttp.ClientSession
    output: list[str] = field(default_factory=list)


@asynccontextmanager
async def serving(tmp_path: Path, **env: str) -> AsyncIterator[Served]:
    """`groundswell serve` on a free loopback port, healthy; its output once it has stopped."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        str(GROUNDSWELL),
        "serve",
        "--port",
        str(port),
        cwd=tmp_path,
        env=clean_env(tmp_path, **env),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    served: Served | None = None
    try:
        async with aiohttp.ClientSession() as http:
            served = Served(url=base, http=http)
            await wait_healthy(served, process)
            yield served
    finally:
        if process.returncode is None:
            process.terminate()
        raw, _ = await asyncio.wait_for(process.communicate(), 30)
        if served is not None:
            served.output.extend(raw.decode().splitlines())


async def wait_healthy(served: Served, process: asyncio.subprocess.Process) -> None:
    deadline = time.monotonic() + 30
    while True:
        assert process.returncode is None, "groundswell serve exited"
        try:
            async with served.http.get(f"{served.url}/healthz") as health:
                if health.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            pass
        assert time.monotonic() < deadline, "groundswell serve did not start"
        await asyncio.sleep(0.2)  # poll while it starts
