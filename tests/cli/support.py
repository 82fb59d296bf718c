"""Running `groundswell` as an operator does: a real process, a clean environment, a cwd."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.support.process import clean_environment

GROUNDSWELL = str(Path(sys.executable).with_name("groundswell"))


def clean_env(**extra: str) -> dict[str, str]:
    """The test runner's environment without any setting of ours (but the server secret, as
    an operator sets it), plus `extra`."""
    return clean_environment(**extra)


def run(
    *args: str | Path, cwd: Path, program: str | Path = GROUNDSWELL, **env: str
) -> subprocess.CompletedProcess[str]:
    """`program` (groundswell by default) with `args`, to its end."""
    return subprocess.run(
        [str(program), *map(str, args)],
        cwd=cwd,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    """What the operator reads on stderr, line by line."""
    return result.stderr.strip().splitlines()


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str


async def run_async(*args: str, cwd: Path, seconds: float = 60, **env: str) -> Finished:
    """For tests whose fake servers run on the test's own event loop."""
    process = await asyncio.create_subprocess_exec(
        GROUNDSWELL,
        *args,
        cwd=cwd,
        env=clean_env(**env),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), seconds)
    except TimeoutError:
        process.kill()
        out, err = await process.communicate()
        raise AssertionError(
            f"groundswell {' '.join(args)} still running: {err.decode()}"
        ) from None
    assert process.returncode is not None
    return Finished(process.returncode, out.decode(), err.decode())
