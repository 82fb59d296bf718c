"""`groundswell wins classify`: judge many texts at once, JSON lines in, JSON lines out.

    groundswell wins classify [--input FILE] [--llm] [--strict] < lines.jsonl > verdicts.jsonl

Each input line is {"id": <string or integer>, "text": <string>} (optionally "context": one
of unknown, helped, win_report, complaint). Each output line, in input order, is
{"id", "is_win", "confidence", "time_saved_minutes", "time_saved_per", "evidence"}. A line that
cannot be read gets {"line": N, "error": "..."} in its place and the rest still run; the count
is on stderr at the end (exit 1 for it only with --strict). Blank lines are skipped.

With the rules, a large input is split into chunks judged in a pool of processes, one per
core, and written back in input order.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.progress import Progress

from bot.advocacy.detect import WinContext, WinDetector, WinVerdict

wins_app = typer.Typer(no_args_is_help=True, help="Wins: real problems solved with the assistant.")
PROGRESS_FROM_LINES = 1000  # below this a run is over before a bar is worth drawing
CHUNK = 500
# Below this, starting worker processes costs more than it saves.
POOL_FROM_LINES = 2000
CONTEXTS = ", ".join(context.value for context in WinContext)


@dataclass(frozen=True, slots=True)
class Item:
    line: int
    id: str | int
    text: str
    context: WinContext


@dataclass(frozen=True, slots=True)
class BadLine:
    line: int
    error: str
    id: str | int | None = None

    def as_json(self) -> dict[str, Any]:
        found = {"line": self.line, "error": self.error}
        return found if self.id is None else {**found, "id": self.id}


def read_line(raw: bytes, number: int) -> Item | BadLine | None:
    """One input line as an Item, a BadLine naming what is wrong, or None when blank."""
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        return BadLine(number, "not UTF-8")
    if not decoded.strip():
        return None
    try:
        value = json.loads(decoded)
    except ValueError:
        return BadLine(number, "not JSON")
    if not isinstance(value, dict):
        return BadLine(number, 'not a JSON object like {"id": "1", "text": "..."}')
    if "id" not in value:
        return BadLine(number, "missing id")
    given = value["id"]
    if isinstance(given, bool) or not isinstance(given, str | int):
        return BadLine(number, "id must be a string or an integer")
    if "text" not in value:
        return BadLine(number, "missing text", given)
    if not isinstance(value["text"], str):
        return BadLine(number, "text must be a string", given)
    try:
        context = WinContext(value.get("context", WinContext.UNKNOWN.value))
    except ValueError:
        return BadLine(number, f"context must be one of: {CONTEXTS}", given)
    return Item(number, given, value["text"], context)


def verdict_line(item: Item, verdict: WinVerdict) -> str:
    return json.dumps({"id": item.id, **verdict.as_json()}, ensure_ascii=False)


@wins_app.command("classify")
def classify(
    input_file: Annotated[
        Path | None,
        typer.Option("--input", help="JSON lines to read (default: stdin).", dir_okay=False),
    ] = None,
    llm: Annotated[
        bool, typer.Option("--llm", help="Ask the model set by GROUNDSWELL_LLM_* first.")
    ] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 if any line is bad.")] = False,
) -> None:
    """Judge each {"id", "text"} line: is it a real win, how sure, time saved, evidence."""
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    if input_file is not None and not input_file.is_file():
        console.print(f"[red]error[/red] --input: no such file: {input_file}")
        raise typer.Exit(2)
    raw_lines = _read_all(input_file)
    parsed = [read_line(raw, number) for number, raw in enumerate(raw_lines, start=1)]
    rows = [row for row in parsed if row is not None]
    out = sys.stdout
    with ExitStack() as stack:
        # Workers are forked before the progress bar starts its drawing thread.
        pool = None if llm else _start_pool(len(rows), stack)
        advance = stack.enter_context(_bar(console, len(rows)))
        if llm:
            detector = asyncio.run(_classify_with_model(rows, out, advance, console))
        else:
            detector = WinDetector()
            _classify_with_rules(rows, pool, out, advance)
    bad = sum(1 for row in rows if isinstance(row, BadLine))
    _summarise(console, len(rows) - bad, bad, detector)
    raise typer.Exit(1 if strict and bad else 0)


def _read_all(path: Path | None) -> list[bytes]:
    if path is not None:
        return path.read_bytes().splitlines()
    return sys.stdin.buffer.read().splitlines()


def _start_pool(lines: int, stack: ExitStack) -> ProcessPoolExecutor | None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if lines < POOL_FROM_LINES or not cores or cores < 2:
        return None
    pool = stack.enter_context(ProcessPoolExecutor(max_workers=cores))
    list(pool.map(_judge_chunk, [[]] * cores))  # start every worker now
    return pool


def _classify_with_rules(
    rows: list[Item | BadLine],
    pool: ProcessPoolExecutor | None,
    out: TextIO,
    advance: Callable[[int], None],
) -> None:
    chunks = [rows[start : start + CHUNK] for start in range(0, len(rows), CHUNK)]
    judged = pool.map(_judge_chunk, chunks) if pool is not None else map(_judge_chunk, chunks)
    for lines in judged:  # map keeps input order
        _flush(out, lines, advance)


RULES = WinDetector()


def _judge_chunk(rows: list[Item | BadLine]) -> list[str]:
    return [
        json.dumps(row.as_json(), ensure_ascii=False)
        if isinstance(row, BadLine)
        else verdict_line(row, RULES.judge_by_rules(row.text, row.context))
        for row in rows
    ]


async def _classify_with_model(
    rows: list[Item | BadLine], out: TextIO, advance: Callable[[int], None], console: Console
) -> WinDetector:
    from adapters.cli.main import settings_or_exit
    from adapters.llm.client import build_win_detector

    settings = settings_or_exit(None)
    if not settings.llm.enabled:
        console.print(
            "[red]configuration error[/red] GROUNDSWELL_LLM_URL: is not set; --llm needs "
            "GROUNDSWELL_LLM_URL and GROUNDSWELL_LLM_MODEL"
        )
        raise typer.Exit(2)
    detector, client = build_win_detector(settings.llm)
    assert client is not None
    window = settings.llm.max_concurrency * 8  # in flight at once, written back in order
    async with client:
        for start in range(0, len(rows), window):
            batch = rows[start : start + window]
            lines = await asyncio.gather(*(_judge_row(detector, row) for row in batch))
            _flush(out, list(lines), advance)
    return detector


async def _judge_row(detector: WinDetector, row: Item | BadLine) -> str:
    if isinstance(row, BadLine):
        return json.dumps(row.as_json(), ensure_ascii=False)
    return verdict_line(row, await detector.judge(row.text, row.context))


def _flush(out: TextIO, chunk: list[str], advance: Callable[[int], None]) -> None:
    if chunk:
        out.write("\n".join(chunk) + "\n")
        out.flush()
        advance(len(chunk))
        chunk.clear()


@contextmanager
def _bar(console: Console, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr for a large input on a terminal; otherwise nothing at all."""
    if not (console.is_terminal and total >= PROGRESS_FROM_LINES):
        yield lambda _count: None
        return
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("classifying", total=total)
        yield lambda count: progress.advance(task, count)


def _summarise(console: Console, good: int, bad: int, detector: WinDetector) -> None:
    parts = [f"classified {good:,} line{'s' if good != 1 else ''}"]
    if bad:
        parts.append(f"{bad:,} bad line{'s' if bad != 1 else ''} (see their error lines)")
    if detector.uses_model:
        stood_in = sum(detector.fallbacks.values())
        reasons = ", ".join(f"{r}: {n}" for r, n in sorted(detector.fallbacks.items()))
        parts.append(f"model answered {detector.model_answers:,}, rules stood in for "
                     f"{stood_in:,}{f' ({reasons})' if reasons else ''}")  # fmt: skip
    console.print("; ".join(parts))
