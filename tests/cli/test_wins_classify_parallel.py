"""A large batch is judged in a pool of processes and still comes back in input order, bad
lines in their places, exactly as one process would write it."""

from __future__ import annotations

import json
from pathlib import Path

from adapters.cli.wins import POOL_FROM_LINES
from bot.advocacy.detect import WinContext, judge_text
from tests.cli.support import run

TEXTS = (
    "saved me ~2h on the supplier reconciliation",
    "love it",
    "could save hours if it knew our templates",
    "the assistant drafted the board paper and it went out a day early",
)


def test_a_large_batch_keeps_input_order_with_bad_lines_in_place(tmp_path: Path) -> None:
    lines = []
    for index in range(POOL_FROM_LINES + 700):
        if index % 997 == 5:
            lines.append("{not json")
        else:
            lines.append(json.dumps({"id": index, "text": TEXTS[index % len(TEXTS)]}))
    source = tmp_path / "lines.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("wins", "classify", "--input", source, cwd=tmp_path)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 0, result.stderr
    assert len(out) == len(lines)
    for number, (line, answer) in enumerate(zip(lines, out, strict=True), start=1):
        if line.startswith("{not"):
            assert answer == {"line": number, "error": "not JSON"}
            continue
        item = json.loads(line)
        expected = judge_text(item["text"], WinContext.UNKNOWN)
        assert (answer["id"], answer["is_win"]) == (item["id"], expected.is_win)
