"""Benchmark of the ingestion API's POST /api/v1/feedback over real loopback HTTP.

    .venv/bin/python bench/ingest.py [--quick] [--json out.json] [--wait-quiet S]
                                     [--py-spy DIR] [--targets groundswell,bare,sqlite3]
                                     [--repeats SHARE]
    .venv/bin/python bench/ingest.py --targets groundswell,sqlite3,groundswell-pg,raw-pg

For each target - Groundswell itself (`groundswell serve`, embedded SQLite) and two
baselines from bench/baseline_server.py (bare aiohttp; aiohttp + plain sqlite3 insert), and
on request `groundswell-pg` (the same server on a throwaway PostgreSQL) and `raw-pg` (the
PostgreSQL floor: aiohttp + psycopg async, bench/raw_pg.py) on the same throwaway server,
whose backends' CPU is reported as the database's -
this starts the server as its own subprocess, waits for /healthz, registers AI outputs, then:

  phase 1  open loop at a fixed offered rate (default 500/s): p50/p99/max latency from the
           *scheduled* send time, achieved rate, late sends, errors;
  phase 2  flat out with N keep-alive connections (default 32): requests/s, p50/p99.

The load generator is this process (bench/loadgen.py), separate from every server. Its CPU
is reported beside the server's, and so is what everything else on the machine used, so
neither a client bottleneck nor a busy shared machine can pass unnoticed (--wait-quiet waits
for a calm second before each phase). Targets run one after another, never side by side.
Exit code is 0 whatever the numbers (this is a report); 2 when the benchmark cannot run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

import loadgen
import profiling
import report
import servers
from report import LABELS, Plan, TargetNumbers

TARGETS = ("groundswell", "bare", "sqlite3", "groundswell-pg", "raw-pg")
# Not in a default run: the PostgreSQL targets need its binaries (as `make test` does).
DEFAULT_TARGETS = ("groundswell", "bare", "sqlite3")
OUTPUTS = 100
USERS_PER_OUTPUT = 100  # 10,000 people: most rate once, some rate an answer again


async def register_outputs(port: int, run_tag: str) -> list[int]:
    ids = []
    for index in range(OUTPUTS):
        body = {"platform": "slack", "workspace": "T1", "channel": "C1", "assistant": "bench"}
        body["message_id"] = f"{run_tag}.{index:06d}"
        raw = loadgen.build_request("POST", "/api/v1/outputs", port, json.dumps(body).encode())
        ids.append(await register_output(port, raw))
    return ids


async def register_output(port: int, raw: bytes) -> int:
    # A 503 is retried: on SQLite the scheduler's start-up jobs (their own thread) can find
    # the database busy for a moment, and the server answers 503 with Retry-After meanwhile.
    for _attempt in range(20):
        connection = await loadgen.connect(port)
        try:
            status = await asyncio.wait_for(connection.request(raw), timeout=5.0)
        finally:
            connection.close()
        if status != 503:
            break
        await asyncio.sleep(0.1)
    if status not in (200, 201):
        raise SystemExit(f"registering an AI output answered {status}")
    return int(json.loads(connection.last_body)["id"])


class Target:
    """One running server under test, and the feedback bodies to send it."""

    def __init__(
        self, name: str, pid: int, port: int, outputs: list[int], postmaster: int | None
    ) -> None:
        self.name, self.pid, self.port, self.outputs = name, pid, port, outputs
        self.postmaster = postmaster

    def cpu(self) -> servers.CpuSample:
        return servers.sample_cpu(self.pid, self.postmaster)

    def bodies(self, phase: str, repeats: float = 0.0) -> loadgen.FeedbackBodies:
        # Event ids are unique per target, phase and run: a request repeats only an earlier
        # one of its own phase, and only with --repeats.
        tag = f"{self.name}-{os.getpid()}-{phase}"
        return loadgen.FeedbackBodies(
            self.port, self.outputs, USERS_PER_OUTPUT, tag, repeats=repeats
        )

    async def warm_up(self, plan: Plan) -> None:
        # Not reported: first-request costs (imports, statement caches) are not what a
        # steady stream of feedback pays.
        bodies = self.bodies("warmup")
        await loadgen.closed_loop(
            self.port, bodies, connections=4, duration_s=plan.warmup_s, max_requests=10_000
        )
        await servers.settle(self.pid)

    async def quiet(self, plan: Plan) -> None:
        if plan.quiet_wait_s and not await servers.wait_for_quiet(self.pid, plan.quiet_wait_s):
            print(
                f"  the machine stayed busy for {plan.quiet_wait_s:.0f} s; measuring anyway",
                file=sys.stderr,
                flush=True,
            )

    async def offered(self, plan: Plan) -> report.PhaseNumbers:
        await self.quiet(plan)
        before = self.cpu()
        result = await loadgen.open_loop(
            self.port,
            self.bodies("offered", plan.repeats),
            rate=plan.rate,
            duration_s=plan.open_s,
            max_connections=plan.max_open_connections,
        )
        numbers = report.summarize(result, self.cpu() - before)
        await servers.settle(self.pid)
        return numbers

    async def flat_out(self, plan: Plan, profile: Path | None) -> report.PhaseNumbers:
        await self.quiet(plan)
        before = self.cpu()
        with profiling.recording(self.pid, plan.closed_s, profile):
            result = await loadgen.closed_loop(
                self.port,
                self.bodies("flat", plan.repeats),
                connections=plan.connections,
                duration_s=plan.closed_s,
                max_requests=plan.max_closed_requests,
            )
            numbers = report.summarize(result, self.cpu() - before)
        return numbers


async def measure(
    name: str, plan: Plan, workdir: Path, profile: Path | None, postgres: servers.Postgres | None
) -> TargetNumbers:
    port = servers.free_port()
    target_dir = workdir / name
    target_dir.mkdir()
    with servers.running_server(name, port, target_dir, postgres) as process:
        await servers.wait_healthy(port, process, target_dir / "server.log")
        outputs = await register_outputs(port, f"{name}-{os.getpid()}")
        postmaster = postgres.postmaster_pid if name in servers.PG_TARGETS else None
        target = Target(name, process.pid, port, outputs, postmaster)
        await target.warm_up(plan)
        offered = await target.offered(plan)
        profiled = name in ("groundswell", "groundswell-pg")
        flat = await target.flat_out(
            plan, profile.with_name(f"{name}.txt") if profiled and profile else None
        )
    return TargetNumbers(name=name, offered=offered, flat_out=flat)


async def run(
    plan: Plan, targets: list[str], workdir: Path, profile: Path | None
) -> list[TargetNumbers]:
    results = []
    with contextlib.ExitStack() as stack:
        postgres = None
        if set(targets) & set(servers.PG_TARGETS):
            postgres = stack.enter_context(servers.throwaway_postgres())
        for name in targets:
            print(f"measuring {LABELS[name]} ...", file=sys.stderr, flush=True)
            results.append(await measure(name, plan, workdir, profile, postgres))
    return results


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="~2 s phases: a smoke test")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    parser.add_argument("--rate", type=float, default=500.0, help="offered requests/s")
    parser.add_argument("--connections", type=int, default=32, help="flat-out connections")
    parser.add_argument(
        "--targets",
        default=",".join(DEFAULT_TARGETS),
        help=f"comma-separated, from {','.join(TARGETS)}; groundswell-pg starts a throwaway "
        "PostgreSQL server",
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0.0,
        metavar="S",
        help="before each phase, wait up to S s for other programs to leave the CPU idle",
    )
    parser.add_argument(
        "--repeats",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="share of requests (0..0.5) that resend an earlier event id, as retrying clients do",
    )
    parser.add_argument(
        "--py-spy",
        type=Path,
        metavar="DIR",
        help="sample Groundswell's flat-out phase with py-spy into DIR and summarize it",
    )
    args = parser.parse_args()
    unknown = set(args.targets.split(",")) - set(TARGETS)
    if unknown:
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    if not 1 <= args.connections <= 1024 or not 1 <= args.rate <= 20_000:
        parser.error("--connections must be 1..1024 and --rate 1..20000")
    if not 0.0 <= args.repeats <= 0.5:
        parser.error("--repeats must be 0..0.5")
    return args


def make_plan(args: argparse.Namespace) -> Plan:
    seconds = 2.0 if args.quick else 10.0
    return Plan(
        rate=args.rate,
        open_s=seconds,
        closed_s=seconds,
        connections=args.connections,
        warmup_s=0.5 if args.quick else 2.0,
        quiet_wait_s=max(0.0, min(args.wait_quiet, 600.0)),
        repeats=args.repeats,
    )


def profile_path(args: argparse.Namespace) -> Path | None:
    if args.py_spy is None:
        return None
    profiling.find_py_spy()  # fail before any server starts, not halfway through
    args.py_spy.mkdir(parents=True, exist_ok=True)
    return Path(args.py_spy, "groundswell-flat-out.txt").resolve()


def raise_on_sigterm() -> None:
    # SIGTERM unwinds like Ctrl-C, so the servers' `finally` blocks stop them.
    def handler(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def write_json(
    path: Path, plan: Plan, results: list[TargetNumbers], checks: dict[str, object]
) -> None:
    numbers = {
        "plan": asdict(plan),
        "cpu_count": os.cpu_count(),
        "results": [asdict(item) for item in results],
        "checks": checks,
    }
    path.write_text(json.dumps(numbers, indent=2) + "\n")


def main() -> int:
    args = parse_args()
    plan = make_plan(args)
    targets = [name for name in TARGETS if name in args.targets.split(",")]
    raise_on_sigterm()
    try:
        profile = profile_path(args)
        with tempfile.TemporaryDirectory(prefix="groundswell-bench-") as tmp:
            results = asyncio.run(run(plan, targets, Path(tmp), profile))
    except KeyboardInterrupt:
        print("interrupted; servers stopped", file=sys.stderr)
        return 130
    except SystemExit as failure:
        print(f"benchmark could not run: {failure}", file=sys.stderr)
        return 2
    verdict_lines, checks = report.verdicts(results, plan)
    print(report.table(results, plan))
    if plan.repeats:
        print(f"{plan.repeats:.0%} of requests resent an earlier request's event id (--repeats).")
    notes = report.cpu_lines(results) + report.error_notes(results)
    notes += report.noise_warnings(results)
    print("\n".join(notes + verdict_lines))
    for name in ("groundswell", "groundswell-pg"):
        if profile is not None and name in targets:
            print(f"\n{LABELS[name]}:")
            print("\n".join(profiling.summarize(profile.with_name(f"{name}.txt"))))
    if args.json:
        write_json(args.json, plan, results, checks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
