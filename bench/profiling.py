"""Optional py-spy sampling of the Groundswell server during its flat-out phase.

Sampled with --gil, so each sample is a moment some thread held the GIL: the Python work
that competes for the one core an event loop can use. The raw collapsed stacks are kept
(feed them to flamegraph.pl or speedscope); the summary groups the samples by the package of
the innermost frame. SQLAlchemy's asyncio layer runs its sync code in greenlets, which
py-spy shows as separate stacks, so grouping by innermost frame is the attribution that stays
right across that split.
"""

from __future__ import annotations

import collections
import contextlib
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

from servers import die_with_parent, venv_tool

# Innermost-frame file patterns, first match wins; the rest is "other".
PACKAGES = (
    ("sqlalchemy", "sqlalchemy/"),
    ("aiosqlite + sqlite3", r"aiosqlite/|sqlite3/"),
    ("psycopg", "psycopg"),
    ("threading + queue", r"threading.py|queue.py"),
    ("aiohttp", "aiohttp/"),
    ("pydantic", "pydantic"),
    ("asyncio", "asyncio/|selectors.py"),
    ("groundswell code", r"\((adapters|bot|storage)/"),
    ("prometheus_client", "prometheus_client/"),
)


def find_py_spy() -> str:
    found = venv_tool("py-spy")
    if found is None:
        raise SystemExit("--py-spy needs py-spy: .venv/bin/pip install py-spy")
    return found


@contextlib.contextmanager
def recording(pid: int, seconds: float, out: Path | None) -> Iterator[None]:
    """Sample `pid` for `seconds` while the body runs (a no-op when `out` is None)."""
    if out is None:
        yield
        return
    argv = [find_py_spy(), "record", "--pid", str(pid), "--duration", str(max(1, int(seconds)))]
    argv += ["--rate", "100", "--gil", "--format", "raw", "--output", str(out)]
    log = out.with_suffix(".log").open("wb")
    process = subprocess.Popen(
        argv, stdout=log, stderr=subprocess.STDOUT, preexec_fn=die_with_parent
    )
    try:
        yield
    finally:
        try:
            process.wait(timeout=seconds + 30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def parse_raw(path: Path) -> list[tuple[list[str], int]]:
    stacks = []
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks.append((stack.split(";"), int(count)))
    return stacks


def package_of(frame: str) -> str:
    for name, pattern in PACKAGES:
        if re.search(pattern, frame):
            return name
    return "other"


def summarize(path: Path, top: int = 12) -> list[str]:
    """Share of GIL-held samples by package, then the hottest innermost frames."""
    if not path.exists():
        return [f"py-spy wrote no profile (see {path.with_suffix('.log')})"]
    stacks = parse_raw(path)
    total = sum(count for _, count in stacks) or 1
    packages: collections.Counter[str] = collections.Counter()
    frames: collections.Counter[str] = collections.Counter()
    for stack, count in stacks:
        packages[package_of(stack[-1])] += count
        frames[re.sub(r":\d+\)$", ")", stack[-1])] += count
    lines = [f"py-spy, groundswell flat out: {total} GIL-held samples ({path})"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in packages.most_common()]
    lines.append("  hottest innermost frames:")
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in frames.most_common(top)]
    return lines
