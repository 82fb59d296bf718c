"""The labeled lines bench/wins.py scores: well-formed, varied, honestly split, and the rules
meet the bar on them (F1 ≥ 0.85 on the whole set, and not far below on held-out lines)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from bot.advocacy.detect import judge_text

LINES = Path(__file__).with_name("wins_dev.jsonl")
DOMAINS = {
    "finance", "hr", "sales", "legal", "support", "engineering", "operations", "marketing",
    "procurement",
}  # fmt: skip
NEGATIVE_KINDS = {
    "praise", "plan", "counterfactual", "negated", "sarcasm", "complaint", "request", "without",
}  # fmt: skip


def rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in LINES.read_text(encoding="utf-8").splitlines()]


def f1(chosen: list[dict[str, Any]]) -> float:
    verdicts = [judge_text(row["text"]).is_win for row in chosen]
    tp = sum(1 for row, win in zip(chosen, verdicts, strict=True) if win and row["is_win"])
    fp = sum(1 for row, win in zip(chosen, verdicts, strict=True) if win and not row["is_win"])
    fn = sum(1 for row, win in zip(chosen, verdicts, strict=True) if not win and row["is_win"])
    return 2 * tp / (2 * tp + fp + fn)


def test_the_set_is_large_varied_and_well_formed() -> None:
    found = rows()
    assert len(found) >= 300
    assert len({row["text"] for row in found}) == len(found)
    for row in found:
        assert set(row) == {
            "text", "is_win", "time_saved_minutes", "per", "domain", "kind", "split",
        }  # fmt: skip
        assert isinstance(row["is_win"], bool) and row["text"].strip()
        minutes = row["time_saved_minutes"]
        assert minutes is None or (row["is_win"] and isinstance(minutes, int) and minutes > 0)
        assert row["per"] is None or minutes is not None
    assert {row["domain"] for row in found} >= DOMAINS
    assert {row["kind"] for row in found if not row["is_win"]} >= NEGATIVE_KINDS
    assert 0.4 <= sum(row["is_win"] for row in found) / len(found) <= 0.6


def test_the_held_out_split_is_fixed_by_a_hash_of_the_text_not_chosen() -> None:
    found = rows()
    for row in found:
        digest = int(hashlib.sha256(row["text"].encode()).hexdigest(), 16)
        assert row["split"] == ("heldout" if digest % 10 < 3 else "dev")
    share = sum(row["split"] == "heldout" for row in found) / len(found)
    assert 0.25 <= share <= 0.35


def test_the_rules_meet_the_bar() -> None:
    found = rows()
    assert f1(found) >= 0.85
    assert f1([row for row in found if row["split"] == "heldout"]) >= 0.80
