"""Server subprocesses for bench/ingest.py: start, health-check, meter CPU, always stop."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import loadgen

BENCH_DIR = Path(__file__).resolve().parent
STARTUP_TIMEOUT_S = 60.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((loadgen.HOST, 0))
        return int(probe.getsockname()[1])


def die_with_parent() -> None:
    """Runs in the child before exec: Linux sends it SIGTERM when this script dies, even by
    SIGKILL, so no server outlives the benchmark."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def venv_tool(name: str) -> str | None:
    """A console script of this interpreter's venv, else one on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def server_command(target: str, port: int, workdir: Path) -> list[str]:
    if target.startswith("groundswell"):
        groundswell = venv_tool("groundswell")
        if groundswell is None:
            raise SystemExit("the groundswell CLI is not installed: run with .venv/bin/python")
        argv = [groundswell, "serve", "--port", str(port)]
        if target == "groundswell":
            argv += ["--database-url", f"sqlite:///{workdir / 'bench.db'}"]
        return argv  # groundswell-pg: running_server adds its PostgreSQL URL
    script = str(BENCH_DIR / "baseline_server.py")
    database = "" if target == "raw-pg" else str(workdir / "baseline.db")
    return [sys.executable, script, "--mode", target, "--port", str(port), "--db", database]


def server_env(target: str = "") -> dict[str, str]:
    # Only the API token: no Slack/Teams/Groundswell settings leak in from the caller's shell.
    prefixes = ("GROUNDSWELL_", "SLACK_", "MICROSOFT_")
    env = {key: value for key, value in os.environ.items() if not key.startswith(prefixes)}
    env["GROUNDSWELL_API_TOKENS"] = loadgen.TOKEN
    if target == "groundswell-pg":
        # On a shared database the sealing key must come from the environment, not a file.
        env["GROUNDSWELL_SECRET_KEY"] = "bench-sealing-key-" + "x" * 32
    return env


def spawn(argv: list[str], workdir: Path, log: Path, target: str = "") -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        # The child keeps its own copy of the log descriptor; ours can close right away.
        return subprocess.Popen(
            argv,
            cwd=workdir,
            env=server_env(target),
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent,
        )


PG_TARGETS = ("groundswell-pg", "raw-pg")


@dataclass(frozen=True)
class Postgres:
    """The run's one throwaway PostgreSQL, shared by every PostgreSQL target in turn."""

    url: str
    postmaster_pid: int


@contextlib.contextmanager
def running_server(
    target: str, port: int, workdir: Path, postgres: Postgres | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    # cwd=workdir so a developer's .env in the repo cannot change what is measured.
    argv = server_command(target, port, workdir)
    if target == "groundswell-pg" and postgres is not None:
        argv += ["--database-url", postgres.url]
    if target == "raw-pg" and postgres is not None:
        argv[-1] = postgres.url
    process = spawn(argv, workdir, workdir / "server.log", target)
    try:
        yield process
    finally:
        stop(process)


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[Postgres]:
    """A migrated PostgreSQL database on loopback, started and stopped the way the tests do."""
    sys.path.insert(0, str(BENCH_DIR.parent))  # the repository root: tests/ and storage/
    from storage.migrate import upgrade
    from tests.support.postgres import ThrowawayPostgres

    server = ThrowawayPostgres()
    url = server.start()
    try:
        upgrade(url)
        pid = int((server.data / "postmaster.pid").read_text().splitlines()[0])
        yield Postgres(url, pid)
    finally:
        server.stop()


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def wait_healthy(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(OSError, loadgen.HttpError, TimeoutError):
            if await loadgen.call(port, "GET", "/healthz") == 200:
                return
        await asyncio.sleep(0.1)
    raise SystemExit(f"server on port {port} did not answer /healthz:\n{log_tail(log)}")


def log_tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:] if log.exists() else ""


@dataclass(frozen=True)
class CpuSample:
    """CPU seconds so far: of the server (all its threads), of this process (the load
    generator), and of the whole machine."""

    process_s: float
    client_s: float
    machine_busy_s: float
    database_s: float = 0.0  # PostgreSQL's backends, when the target runs on it

    def __sub__(self, earlier: CpuSample) -> CpuSample:
        return CpuSample(
            self.process_s - earlier.process_s,
            self.client_s - earlier.client_s,
            self.machine_busy_s - earlier.machine_busy_s,
            self.database_s - earlier.database_s,
        )


def process_cpu_s(pid: int) -> tuple[int, float]:
    """(parent pid, CPU seconds) of one process: /proc/<pid>/stat fields 4, 14 and 15, the
    CPU counting every thread."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def database_cpu_s(postmaster: int) -> float:
    # Every backend is a child of the postmaster; the bench's connections live through a phase.
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                parent, used = process_cpu_s(int(entry.name))
                if parent == postmaster or int(entry.name) == postmaster:
                    total += used
    return total


def sample_cpu(pid: int, postmaster: int | None = None) -> CpuSample:
    process = process_cpu_s(pid)[1]
    database = 0.0 if postmaster is None else database_cpu_s(postmaster)
    # /proc/stat "cpu" line: busy is everything but idle and iowait, kernel time included,
    # which is how loopback TCP work that neither process is charged for still shows.
    ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    busy = sum(ticks) - ticks[3] - ticks[4]
    return CpuSample(process, time.process_time(), busy / CLOCK_TICKS, database)


async def settle(pid: int, timeout_s: float = 30.0) -> None:
    """Wait until the server idles. Requests a phase gave up on are still being served (aiohttp
    does not cancel handlers when the client leaves) and would steal the next phase's CPU."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        before = sample_cpu(pid)
        await asyncio.sleep(0.2)
        if (sample_cpu(pid) - before).process_s < 0.02:  # under 10% of a core
            return


async def wait_for_quiet(pid: int, timeout_s: float, quiet_share: float = 0.15) -> bool:
    """On a shared machine, wait (up to `timeout_s`) for a second in which programs other
    than the server and this client use under `quiet_share` of a core. False if none came."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        before = sample_cpu(pid)
        await asyncio.sleep(1.0)
        used = sample_cpu(pid) - before
        if used.machine_busy_s - used.process_s - used.client_s < quiet_share:
            return True
    return False
