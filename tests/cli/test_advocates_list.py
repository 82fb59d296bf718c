"""`groundswell advocates list`: what a lead or an operator reads at the command line."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.advocacy.wins import WinReport
from bot.records import FeedbackSource, PersonRef, Platform
from bot.services import build_services
from tests.cli.support import error_lines, run
from tests.support.server import make_settings

ALICE = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_ALICE")


async def test_lists_candidates_with_explanation_and_quotes(
    sqlite_url: str, tmp_path: Path
) -> None:
    services = build_services(make_settings(sqlite_url))
    now = datetime.now(UTC)
    for days, text in (
        (4, "it drafted the tender reply and we submitted it on time"),
        (1, "reconciled the March accounts with it, saved me 3 hours"),
    ):
        await services.wins.record(
            WinReport(
                key=f"w{days}",
                person=ALICE,
                text=text,
                source=FeedbackSource.COMMAND,
                occurred_at=now - timedelta(days=days),
            )
        )
    await services.close()
    env = {"GROUNDSWELL_DATABASE_URL": sqlite_url}
    listed = run("advocates", "list", "--json", "--status", "candidate", cwd=tmp_path, **env)
    text = run("advocates", "list", "--rescore", cwd=tmp_path, **env)
    none = run("advocates", "list", "--json", "--status", "champion", cwd=tmp_path, **env)
    assert listed.returncode == 0, listed.stderr
    (line,) = [json.loads(item) for item in listed.stdout.splitlines()]
    assert line["person"] == {"platform": "slack", "workspace": "T1", "user": "U_ALICE"}
    assert line["status"] == "candidate" and line["audience"] == "business"
    assert line["explanation"].startswith("2 wins on 2 days (latest 1 day ago)")
    assert len(line["quotes"]) == 2
    assert text.returncode == 0 and "1. slack:U_ALICE (no department; business) candidate" in (
        text.stdout
    )
    assert none.returncode == 0 and none.stdout == ""


def test_an_unknown_status_is_refused_naming_the_option(tmp_path: Path) -> None:
    result = run("advocates", "list", "--status", "hero", cwd=tmp_path)
    assert result.returncode == 2
    assert error_lines(result)[0].startswith("error --status: unknown hero; use one of candidate")
