"""`groundswell demo`, then `groundswell digest --format json` on its database, as an operator
runs them: the degrading use case is flagged and Sales, the championing department, fills
the advocate candidates."""

from __future__ import annotations

import json
import time
from pathlib import Path

from tests.cli.support import run


def test_demo_then_digest_shows_the_story(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    started = time.monotonic()
    demo = run("demo", "--database-url", url, "--output", tmp_path / "demo.html", cwd=tmp_path)
    took = time.monotonic() - started
    assert demo.returncode == 0, demo.stderr
    assert took < 30
    assert "Helpful rate by use case" in demo.stdout
    html = (tmp_path / "demo.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 3

    shown = run("digest", "--format", "json", "--database-url", url, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    digest = json.loads(shown.stdout)
    fell = [
        (flag["assistant"], flag["use_case"])
        for flag in digest["flags"]
        if flag["kind"] == "helpful_rate_fell"
    ]
    assert fell == [("finance-copilot", "expense-policy")]
    candidates = digest["advocates"]["new_candidates"]
    assert len(candidates) >= 5
    assert {c["department"] for c in candidates[:5]} == {"Sales"}
    for key in ("up", "down", "helpful_rate", "helpful_rate_ci"):
        assert key in digest["ratings"]
    for row in digest["by_use_case"]:
        assert {"assistant", "use_case", "up", "down", "helpful_rate", "suppressed"} <= set(row)
    assert {"count", "people", "minutes_saved"} <= set(digest["wins"])
    assert {"survey", "invited", "answered", "response_rate"} <= set(digest["pulse"][0])
    assert digest["themes"]

    again = run("demo", "--database-url", url, "--output", tmp_path / "x.html", cwd=tmp_path)
    assert again.returncode == 2
    assert "is not empty" in again.stderr
    assert not (tmp_path / "x.html").exists()


def test_digest_refuses_a_week_it_cannot_read(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'g.db'}"
    shown = run("digest", "--week", "2026-47", "--database-url", url, cwd=tmp_path)
    assert shown.returncode == 2
    assert "--week" in shown.stderr and "2026-W47" in shown.stderr
