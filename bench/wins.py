"""How well the rule-based win detector does on our labeled lines, and how fast the batch CLI is.

    .venv/bin/python bench/wins.py [--errors dev|heldout|blind1|blind2|...|all] [--skip-cli]

Reads tests/bot/advocacy/wins_dev.jsonl and every wins_blind*.jsonl beside it (each line: text,
is_win, time_saved_minutes, per, domain, kind, split). In wins_dev.jsonl the split was fixed by
a hash of the text before any rule was written; rules are tuned on "dev" only. Each blind file
is a batch written by someone who had not read the rules, committed before its score was looked
at: its score at that commit is the honest estimate of how the rules generalise (a batch may be
studied for error *categories* afterwards, never memorised). Prints, per split, for the whole
development set (dev + heldout) and for everything: precision, recall, F1 and accuracy;
time-saved accuracy (on true wins that state a time: within 10% and the same one-off/rate
shape; on true wins that state none: no invented minutes); calibration (Brier score, and
accuracy per confidence band); errors by kind. Then times `groundswell wins classify` on
10,000 lines, end to end as an operator runs it (process start included). Exit code is 0
whatever the numbers (this is a report).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.advocacy.detect import WinVerdict, judge_text  # noqa: E402

LABELED = ROOT / "tests" / "bot" / "advocacy"
DATA = LABELED / "wins_dev.jsonl"
CLI_LINES = 10_000
TARGET_F1 = 0.85
TARGET_CLI_SECONDS = 5.0
# Each blind batch's score at the commit that added it, before any rule was changed after
# reading its errors (precision, recall, F1): the honest figures, kept because the current
# score of a studied batch is a tuned one. A batch missing here has not been studied.
FIRST_SCORES = {
    "blind1": ("a364817", 0.858, 0.798, 0.827),
    "blind2": ("7845108", 0.901, 0.877, 0.889),
    "blind3": ("db65b08", 0.882, 0.905, 0.893),
    "blind4": ("e063379", 0.935, 0.860, 0.896),
    "blind5": ("181e1f6", 0.872, 0.891, 0.882),
}


def load() -> list[dict[str, Any]]:
    """The development set first, then each blind batch in the order it was written."""
    paths = [DATA, *sorted(LABELED.glob("wins_blind*.jsonl"))]
    return [
        json.loads(line)
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
        if line
    ]


def scores(rows: list[dict[str, Any]], verdicts: list[WinVerdict]) -> dict[str, float]:
    tp = sum(1 for r, v in zip(rows, verdicts, strict=True) if r["is_win"] and v.is_win)
    fp = sum(1 for r, v in zip(rows, verdicts, strict=True) if not r["is_win"] and v.is_win)
    fn = sum(1 for r, v in zip(rows, verdicts, strict=True) if r["is_win"] and not v.is_win)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    right = sum(1 for r, v in zip(rows, verdicts, strict=True) if r["is_win"] == v.is_win)
    brier = sum(
        (v.probability - (1.0 if r["is_win"] else 0.0)) ** 2
        for r, v in zip(rows, verdicts, strict=True)
    )
    return {
        "n": len(rows), "precision": precision, "recall": recall, "f1": f1,
        "accuracy": right / len(rows), "brier": brier / len(rows),
    }  # fmt: skip


def time_accuracy(rows: list[dict[str, Any]], verdicts: list[WinVerdict]) -> tuple[str, str]:
    """Judged on true wins, reading the text whatever the verdict: is the duration reader right?"""
    from bot.advocacy.detect import read_time_saved

    stated = [r for r in rows if r["is_win"] and r["time_saved_minutes"] is not None]
    unstated = [r for r in rows if r["is_win"] and r["time_saved_minutes"] is None]
    good = 0
    for row in stated:
        found = read_time_saved(row["text"])
        if found is None:
            continue
        close = (
            abs(found.saved.minutes - row["time_saved_minutes"]) <= 0.1 * row["time_saved_minutes"]
        )
        if close and (found.saved.per is None) == (row["per"] is None):
            good += 1
    quiet = sum(1 for row in unstated if read_time_saved(row["text"]) is None)
    return f"{good}/{len(stated)}", f"{quiet}/{len(unstated)}"


def calibration(rows: list[dict[str, Any]], verdicts: list[WinVerdict]) -> str:
    bands = [(0.5, 0.7), (0.7, 0.85), (0.85, 0.95), (0.95, 1.01)]
    parts = []
    for low, high in bands:
        inside = [(r, v) for r, v in zip(rows, verdicts, strict=True) if low <= v.confidence < high]
        if inside:
            right = sum(1 for r, v in inside if r["is_win"] == v.is_win)
            parts.append(f"{low:.2f}-{min(high, 1):.2f}: {right}/{len(inside)} right")
    return "; ".join(parts)


def report(name: str, rows: list[dict[str, Any]], verdicts: list[WinVerdict]) -> dict[str, float]:
    result = scores(rows, verdicts)
    stated, unstated = time_accuracy(rows, verdicts)
    wrong = Counter(
        r["kind"] for r, v in zip(rows, verdicts, strict=True) if r["is_win"] != v.is_win
    )
    print(
        f"{name:8} n={result['n']:4}  precision {result['precision']:.3f}  recall "
        f"{result['recall']:.3f}  F1 {result['f1']:.3f}  accuracy {result['accuracy']:.3f}  "
        f"Brier {result['brier']:.3f}"
    )
    print(f"{'':8} time saved: {stated} stated times read right (±10%, same shape); "
          f"{unstated} wins with no stated time left empty")  # fmt: skip
    print(f"{'':8} calibration (confidence band: verdicts right): {calibration(rows, verdicts)}")
    print(f"{'':8} errors by kind: {dict(sorted(wrong.items())) or 'none'}")
    if name.startswith("blind"):
        first = FIRST_SCORES.get(name)
        print(
            f"{'':8} studied: first score at {first[0]} precision {first[1]:.3f} recall "
            f"{first[2]:.3f} F1 {first[3]:.3f}; the score above is tuned"
            if first
            else f"{'':8} not studied: the score above is an honest estimate on unseen text"
        )
    return result


def show_errors(rows: list[dict[str, Any]], verdicts: list[WinVerdict], split: str) -> None:
    for row, verdict in zip(rows, verdicts, strict=True):
        if split != "all" and row["split"] != split:
            continue
        if row["is_win"] != verdict.is_win:
            label = "FN" if row["is_win"] else "FP"
            print(f"  {label} p={verdict.probability:.2f} [{row['kind']}] {row['text']}")
            print(f"       {', '.join(verdict.reasons)}")


def time_cli(rows: list[dict[str, Any]]) -> None:
    groundswell = Path(sys.executable).with_name("groundswell")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lines.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for index in range(CLI_LINES):
                text = rows[index % len(rows)]["text"]
                out.write(json.dumps({"id": f"line-{index}", "text": text}) + "\n")
        one = Path(folder) / "one.jsonl"
        one.write_text(json.dumps({"id": "1", "text": rows[0]["text"]}) + "\n", encoding="utf-8")
        # Baseline in the same run: the process start alone (one line), on this machine now.
        started = time.perf_counter()
        subprocess.run(
            [str(groundswell), "wins", "classify", "--input", str(one)],
            capture_output=True, check=False, cwd=folder,
        )  # fmt: skip
        start_only = time.perf_counter() - started
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(
            [str(groundswell), "wins", "classify", "--input", str(path)],
            capture_output=True, text=True, check=False, cwd=folder,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = done.stdout.count("\n")
    verdict = "ok" if seconds < TARGET_CLI_SECONDS and lines == CLI_LINES else "MISSED"
    load = os.getloadavg()[0]
    print(
        f"cli      groundswell wins classify: {CLI_LINES:,} lines in {seconds:.2f} s wall, "
        f"{cpu:.2f} s CPU, process start included ({lines:,} lines out, exit "
        f"{done.returncode}; target < {TARGET_CLI_SECONDS:.0f} s: {verdict}; machine load "
        f"{load:.1f} on {os.cpu_count()} cores; baseline: one line {start_only:.2f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", default=None, help="a split (dev, heldout, blind1...) or all")
    parser.add_argument("--skip-cli", action="store_true")
    args = parser.parse_args()
    rows = load()
    started = time.process_time()  # CPU time: the machine is shared, wall time is noisy
    for _ in range(3):
        verdicts = [judge_text(row["text"]) for row in rows]
    per_text_ms = (time.process_time() - started) / (3 * len(rows)) * 1000
    print(f"win detector (rules only) on {LABELED.relative_to(ROOT)}/wins_*.jsonl: {len(rows)} "
          f"lines, {per_text_ms:.3f} ms CPU per text")  # fmt: skip
    splits = ["dev", "heldout", *sorted({row["split"] for row in rows} - {"dev", "heldout"})]
    for split in splits:
        chosen = [(r, v) for r, v in zip(rows, verdicts, strict=True) if r["split"] == split]
        report(split, [r for r, _ in chosen], [v for _, v in chosen])
    development = [
        (r, v) for r, v in zip(rows, verdicts, strict=True) if r["split"] in ("dev", "heldout")
    ]
    whole = report("dev set", [r for r, _ in development], [v for _, v in development])
    report("all", rows, verdicts)
    print(f"target F1 >= {TARGET_F1} on the development set (dev + heldout): "
          f"{'ok' if whole['f1'] >= TARGET_F1 else 'MISSED'}")  # fmt: skip
    if args.errors:
        show_errors(rows, verdicts, args.errors)
    if not args.skip_cli:
        time_cli(rows)


if __name__ == "__main__":
    main()
