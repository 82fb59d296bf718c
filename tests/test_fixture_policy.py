"""Tests that need the shared platform fixtures cannot pass by skipping in CI.

On a developer's clone without `../shared/fixtures` they skip and say where they looked; under
`CI=true` a missing fixture fails the run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEEDS_FIXTURES = "tests/teams/test_reactions.py"


def run_pytest(*, ci: bool) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env["GROUNDSWELL_TEAMS_FIXTURES"] = "/nonexistent/teams-fixtures"
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", NEEDS_FIXTURES,
         "-k", "sqlite and like_counts"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip


def test_a_missing_fixture_skips_on_a_clone_and_fails_in_ci() -> None:
    clone = run_pytest(ci=False)
    ci = run_pytest(ci=True)
    assert clone.returncode == 0 and "1 skipped" in clone.stdout, clone.stdout
    assert ci.returncode != 0 and "1 failed" in ci.stdout, ci.stdout
    assert "CI needs them" in ci.stdout
