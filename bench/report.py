"""The numbers bench/ingest.py reports: per-phase summaries, the table, the verdicts."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import loadgen
from servers import CpuSample

LABELS = {
    "groundswell": "groundswell",
    "groundswell-pg": "groundswell (pg)",
    "bare": "bare aiohttp",
    "sqlite3": "aiohttp+sqlite3",
    "raw-pg": "aiohttp+psycopg",
}

# The targets set for Groundswell's ingestion API.
TARGET_P99_MS = 50.0
TARGET_WRITES_PER_S = 1000.0
TARGET_BASELINE_SHARE = 0.5
# On PostgreSQL (issue 12): against the raw psycopg floor, and latency at the offered rate.
TARGET_PG_SHARE = 0.7
TARGET_PG_P99_MS = 5.0
# Above this much CPU (% of one core) used by neither server nor client, a phase is suspect.
NOISY_OTHER_PCT = 25.0


@dataclass(frozen=True)
class Plan:
    rate: float
    open_s: float
    closed_s: float
    connections: int
    warmup_s: float
    quiet_wait_s: float = 0.0
    max_open_connections: int = 256
    repeats: float = 0.0  # share of requests that resend an earlier event id

    @property
    def max_closed_requests(self) -> int:
        # Far above what one Python server can answer, but still a hard bound.
        return int(self.closed_s * 50_000)


@dataclass
class PhaseNumbers:
    sent: int
    ok: int
    errors: int
    rate_per_s: float
    p50_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    wall_s: float
    server_cpu_pct: float  # of one core
    client_cpu_pct: float  # of one core
    # Everything else that ran on the machine meanwhile, in % of one core: kernel work not
    # charged to either process, and other programs (a test suite on a shared box).
    other_cpu_pct: float
    database_cpu_pct: float = 0.0  # PostgreSQL's backends, of one core
    cpu_us_per_write: float = 0.0  # server + database CPU per successful request
    late_sends: int = 0
    max_send_lag_ms: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)


@dataclass
class TargetNumbers:
    name: str
    offered: PhaseNumbers
    flat_out: PhaseNumbers


def percentile_ms(sorted_s: list[float], share: float) -> float | None:
    """Nearest-rank percentile, in milliseconds; None when nothing succeeded."""
    if not sorted_s:
        return None
    return 1000 * sorted_s[min(len(sorted_s) - 1, int(share * len(sorted_s)))]


def summarize(result: loadgen.PhaseResult, cpu: CpuSample) -> PhaseNumbers:
    latencies = sorted(result.latencies_s)
    wall = result.wall_s or 1e-9
    other_s = cpu.machine_busy_s - cpu.process_s - cpu.client_s - cpu.database_s
    return PhaseNumbers(
        sent=result.sent,
        ok=result.ok,
        errors=result.errors,
        rate_per_s=result.ok / wall,
        p50_ms=percentile_ms(latencies, 0.50),
        p99_ms=percentile_ms(latencies, 0.99),
        max_ms=percentile_ms(latencies, 1.0),
        wall_s=result.wall_s,
        server_cpu_pct=100 * cpu.process_s / wall,
        client_cpu_pct=100 * cpu.client_s / wall,
        other_cpu_pct=max(0.0, 100 * other_s / wall),
        database_cpu_pct=100 * cpu.database_s / wall,
        cpu_us_per_write=1e6 * (cpu.process_s + cpu.database_s) / max(1, result.ok),
        late_sends=result.late,
        max_send_lag_ms=1000 * result.max_send_lag_s,
        statuses=result.statuses,
    )


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def cpu(numbers: PhaseNumbers) -> str:
    return (
        f"{numbers.server_cpu_pct:4.0f} {numbers.client_cpu_pct:4.0f} {numbers.other_cpu_pct:4.0f}"
    )


def row(name: str, o: PhaseNumbers, f: PhaseNumbers) -> str:
    offered = (
        f"{o.rate_per_s:7.0f} {ms(o.p50_ms):>7} {ms(o.p99_ms):>7} {ms(o.max_ms):>7} "
        f"{o.errors:5d} {o.late_sends:5d} {cpu(o)}"
    )
    flat = f"{f.rate_per_s:7.0f} {ms(f.p50_ms):>7} {ms(f.p99_ms):>7} {f.errors:5d} {cpu(f)}"
    return f"{LABELS[name]:16}| {offered} | {flat}"


def table(results: list[TargetNumbers], plan: Plan) -> str:
    offered = f"offered {plan.rate:.0f}/s for {plan.open_s:.0f} s (open loop)"
    flat = f"flat out, {plan.connections} connections, {plan.closed_s:.0f} s"
    cpu_head = f"{'srv%':>4} {'cli%':>4} {'oth%':>4}"
    lines = [
        f"{'':16}| {offered:<62}| {flat}",
        f"{'target':16}| {'rate/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'err':>5} "
        f"{'late':>5} {cpu_head} | {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'err':>5} "
        f"{cpu_head}",
        "-" * 123,
    ]
    lines += [row(item.name, item.offered, item.flat_out) for item in results]
    lines.append(
        f"srv%/cli%/oth%: CPU of the server / the load generator / everything else, in % of "
        f"one core ({os.cpu_count()} cores).\nOpen-loop latency counts from "
        f"each request's scheduled send time; 'late' = sends more than "
        f"{1000 * loadgen.LATE_AFTER_S:.0f} ms behind schedule."
    )
    return "\n".join(lines)


def error_notes(results: list[TargetNumbers]) -> list[str]:
    """What the errors were, so a FAIL can be told apart from a broken benchmark."""
    notes = []
    for item in results:
        for phase, numbers in (("offered", item.offered), ("flat out", item.flat_out)):
            if numbers.errors:
                kinds = ", ".join(
                    f"{status}: {count}"
                    for status, count in sorted(numbers.statuses.items())
                    if status not in ("200", "201")
                )
                notes.append(f"errors, {LABELS[item.name]} {phase}: {kinds}")
    return notes


def noise_warnings(results: list[TargetNumbers]) -> list[str]:
    """A shared machine makes every number here worse; say so instead of hiding it."""
    warnings = []
    for item in results:
        for phase, numbers in (("offered", item.offered), ("flat out", item.flat_out)):
            if numbers.other_cpu_pct > NOISY_OTHER_PCT:
                warnings.append(
                    f"WARNING: other work used {numbers.other_cpu_pct:.0f}% of a core during "
                    f"{LABELS[item.name]} {phase}; rerun on an idle machine to trust it"
                )
    return warnings


def cpu_lines(results: list[TargetNumbers]) -> list[str]:
    """CPU per write on PostgreSQL, where the database's own processes do half the work."""
    lines = []
    for item in results:
        if item.name in ("groundswell-pg", "raw-pg"):
            f = item.flat_out
            per_write = 1e6 / max(1, f.ok) * f.wall_s / 100
            lines.append(
                f"{LABELS[item.name]} flat out: server {f.server_cpu_pct:.0f}% + database "
                f"{f.database_cpu_pct:.0f}% of a core; CPU per write "
                f"{f.server_cpu_pct * per_write:.0f} us server + "
                f"{f.database_cpu_pct * per_write:.0f} us database = {f.cpu_us_per_write:.0f} us"
            )
    return lines


def pg_verdicts(by_name: dict[str, TargetNumbers], plan: Plan) -> list[tuple[str, bool, str]]:
    core, floor = by_name.get("groundswell-pg"), by_name.get("raw-pg")
    if core is None:
        return []
    p99 = core.offered.p99_ms
    found = [
        (
            "pg_p99_at_offered_rate",
            p99 is not None and p99 < TARGET_PG_P99_MS and core.offered.errors == 0,
            f"PostgreSQL: p99 < {TARGET_PG_P99_MS:.0f} ms at offered {plan.rate:.0f}/s, no "
            f"errors (got {ms(p99)} ms, {core.offered.errors} errors)",
        )
    ]
    if floor is not None and floor.flat_out.rate_per_s:
        share = core.flat_out.rate_per_s / floor.flat_out.rate_per_s
        found.append(
            (
                "share_of_raw_pg_baseline",
                share >= TARGET_PG_SHARE,
                f"PostgreSQL: >= {TARGET_PG_SHARE} x the raw psycopg floor throughput "
                f"(got {share:.3f} x: {core.flat_out.rate_per_s:.0f} vs "
                f"{floor.flat_out.rate_per_s:.0f}/s)",
            )
        )
    return found


def ratios(by_name: dict[str, TargetNumbers]) -> dict[str, float]:
    core = by_name.get("groundswell")
    found = {}
    for baseline in ("sqlite3", "bare"):
        other = by_name.get(baseline)
        if core and other and other.flat_out.rate_per_s:
            found[baseline] = core.flat_out.rate_per_s / other.flat_out.rate_per_s
    return found


def verdicts(results: list[TargetNumbers], plan: Plan) -> tuple[list[str], dict[str, Any]]:
    by_name = {item.name: item for item in results}
    shares = ratios(by_name)
    lines = [
        f"ratio groundswell / {LABELS[name]} flat-out throughput: {share:.3f}"
        for name, share in shares.items()
    ]
    checks: dict[str, Any] = {f"groundswell_over_{name}": share for name, share in shares.items()}
    for key, passed, text in pg_verdicts(by_name, plan):
        checks[key] = passed
        lines.append(f"{'PASS' if passed else 'FAIL'}  {text}")
    core = by_name.get("groundswell")
    if core is None:
        return lines, checks
    p99, errors, flat_rate = core.offered.p99_ms, core.offered.errors, core.flat_out.rate_per_s
    targets = [
        (
            "p99_at_offered_rate",
            p99 is not None and p99 < TARGET_P99_MS and errors == 0,
            f"p99 < {TARGET_P99_MS:.0f} ms at offered {plan.rate:.0f}/s, no errors "
            f"(got {ms(p99)} ms, {errors} errors)",
        ),
        (
            "writes_per_s_flat_out",
            flat_rate >= TARGET_WRITES_PER_S,
            f">= {TARGET_WRITES_PER_S:.0f} writes/s flat out (got {flat_rate:.0f}/s)",
        ),
    ]
    if "sqlite3" in shares:
        share = shares["sqlite3"]
        text = f">= {TARGET_BASELINE_SHARE} x the sqlite3 baseline throughput (got {share:.3f} x)"
        targets.append(("share_of_sqlite3_baseline", share >= TARGET_BASELINE_SHARE, text))
    for key, passed, text in targets:
        checks[key] = passed
        lines.append(f"{'PASS' if passed else 'FAIL'}  {text}")
    return lines, checks
