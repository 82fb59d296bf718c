"""`groundswell survey …` as an operator runs it: the two templates with no configuration, a
dry run that names who would be asked and who is skipped, results with small groups hidden."""

from __future__ import annotations

import json
from pathlib import Path

from bot.people.entries import DirectoryEntry, Source
from bot.records import PersonRef, Platform
from bot.services import build_services
from tests.cli.support import error_lines, run
from tests.support.server import make_settings


def test_the_two_templates_are_live_with_no_configuration(tmp_path: Path) -> None:
    listed = run("survey", "list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "weekly-impact (on, template): Weekly AI impact pulse" in listed.stdout
    assert "monthly-recommend (on, template): Monthly recommend score" in listed.stdout
    shown = run("survey", "preview", "weekly-impact", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "Did the assistant help you get something real done this week?" in shown.stdout
    assert "only if helped is yes" in shown.stdout
    assert "Yes · No · I didn't use it" in shown.stdout
    anonymous = run("survey", "preview", "monthly-recommend", cwd=tmp_path)
    assert "anonymous" in anonymous.stdout.splitlines()[0]


def test_an_unknown_survey_is_named_with_the_known_ones(tmp_path: Path) -> None:
    result = run("survey", "preview", "weekly", cwd=tmp_path)
    assert result.returncode == 2
    assert "no survey named 'weekly' (known: weekly-impact, monthly-recommend)" in " ".join(
        error_lines(result)
    )


async def test_a_dry_run_names_who_would_be_asked_and_who_is_skipped(
    database_url: str, tmp_path: Path
) -> None:
    services = build_services(make_settings(database_url))
    try:
        await services.directory.store(
            [
                DirectoryEntry(
                    ref=PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_ZONED"),
                    timezone="Asia/Tokyo",
                ),
                DirectoryEntry(
                    ref=PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_NOZ")
                ),
            ],
            source=Source.IMPORT,
        )
    finally:
        await services.close()
    result = run(
        "survey",
        "send-now",
        "weekly-impact",
        "--dry-run",
        "--database-url",
        database_url,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "would ask 1 people" in result.stdout
    assert "slack:U_ZONED at " in result.stdout
    assert "slack:U_NOZ: no timezone" in result.stdout
    empty = run(
        "survey", "results", "weekly-impact", "--json", "--database-url", database_url, cwd=tmp_path
    )
    assert empty.returncode == 2 and "has no run yet" in empty.stderr
    sent = run("survey", "send-now", "weekly-impact", "--database-url", database_url, cwd=tmp_path)
    assert "asked 1 people" in sent.stdout
    results = run(
        "survey", "results", "weekly-impact", "--json", "--database-url", database_url, cwd=tmp_path
    )
    shown = json.loads(results.stdout)
    assert (shown["asked"], shown["answered"], shown["skipped"]) == (1, 0, {"no timezone": 1})
    assert shown["overall"]["suppressed"] is True
