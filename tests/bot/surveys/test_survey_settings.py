"""GROUNDSWELL_* survey settings: sensible defaults, and a bad value named in one line."""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.configure import SettingsError, load_settings
from bot.settings import CoreSettings, Settings, SlackSettings, TeamsSettings
from bot.surveys.catalog import SurveyCatalog
from bot.surveys.loading import load_surveys
from bot.surveys.problems import SurveyProblems


def load(**variables: str) -> Settings:
    with pytest.MonkeyPatch.context() as env:
        for name in list(os.environ):
            if name.startswith(("GROUNDSWELL_", "SLACK_", "MICROSOFT_")):
                env.delenv(name)
        for name, value in variables.items():
            env.setenv(name, value)
        return load_settings(env_file=None)


def test_defaults() -> None:
    surveys = load().surveys
    assert surveys.surveys_file is None
    assert surveys.zone == ZoneInfo("UTC")
    assert (surveys.min_group_size, surveys.min_group_size_text) == (5, 10)
    assert (surveys.budget_surveys_per_week, surveys.budget_messages_per_week) == (1, 3)
    assert surveys.it_departments == [] and surveys.ai_team_departments == []
    # A tree built by hand (as tests do) gets the same defaults, not the environment's values.
    by_hand = Settings(
        core=CoreSettings(_env_file=None),
        slack=SlackSettings(_env_file=None),
        teams=TeamsSettings(_env_file=None),
    )
    assert by_hand.surveys.min_group_size == 5 and by_hand.surveys.timezone == "UTC"


def test_values_from_the_environment(tmp_path: Path) -> None:
    surveys = load(
        GROUNDSWELL_SURVEYS_FILE=str(tmp_path / "surveys.yaml"),
        GROUNDSWELL_TIMEZONE="Europe/Berlin",
        GROUNDSWELL_MIN_GROUP_SIZE="7",
        GROUNDSWELL_MIN_GROUP_SIZE_TEXT="12",
        GROUNDSWELL_BUDGET_SURVEYS_PER_WEEK="2",
        GROUNDSWELL_BUDGET_MESSAGES_PER_WEEK="5",
        GROUNDSWELL_IT_DEPARTMENTS="IT, Service Desk ,",
        GROUNDSWELL_AI_TEAM_DEPARTMENTS="AI Enablement",
    ).surveys
    assert surveys.surveys_file == tmp_path / "surveys.yaml"
    assert surveys.zone == ZoneInfo("Europe/Berlin")
    assert (surveys.min_group_size, surveys.min_group_size_text) == (7, 12)
    assert (surveys.budget_surveys_per_week, surveys.budget_messages_per_week) == (2, 5)
    assert surveys.it_departments == ["IT", "Service Desk"]
    assert surveys.ai_team_departments == ["AI Enablement"]
    assert load(GROUNDSWELL_SURVEYS_FILE="").surveys.surveys_file is None


@pytest.mark.parametrize(
    ("variables", "line"),
    [
        (
            {"GROUNDSWELL_TIMEZONE": "Mars/Olympus"},
            "GROUNDSWELL_TIMEZONE: 'Mars/Olympus' is not an IANA timezone (e.g. Europe/Berlin)",
        ),
        (
            {"GROUNDSWELL_MIN_GROUP_SIZE": "1"},
            "GROUNDSWELL_MIN_GROUP_SIZE: Input should be greater than or equal to 2",
        ),
        (
            {"GROUNDSWELL_MIN_GROUP_SIZE": "8", "GROUNDSWELL_MIN_GROUP_SIZE_TEXT": "6"},
            "GROUNDSWELL_MIN_GROUP_SIZE_TEXT: must be at least GROUNDSWELL_MIN_GROUP_SIZE (8)",
        ),
        (
            {"GROUNDSWELL_BUDGET_MESSAGES_PER_WEEK": "-1"},
            "GROUNDSWELL_BUDGET_MESSAGES_PER_WEEK: Input should be greater than or equal to 0",
        ),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable(variables: dict[str, str], line: str) -> None:
    with pytest.raises(SettingsError) as refused:
        load(**variables)
    assert refused.value.problems == [line]


def test_the_configured_file_is_what_check_and_serve_load(tmp_path: Path) -> None:
    path = tmp_path / "surveys.yaml"
    path.write_text("surveys:\n  - name: weekly-impact\n    sample: 2\n", encoding="utf-8")
    configured = load(GROUNDSWELL_SURVEYS_FILE=str(path)).surveys.surveys_file
    refused = load_surveys(configured)
    assert isinstance(refused, SurveyProblems)
    assert refused.lines() == [
        f"{path} line 3, surveys[0].sample: should be less than or equal to 1 (got 2)"
    ]
    path.write_text("surveys:\n  - name: weekly-impact\n    sample: 0.5\n", encoding="utf-8")
    loaded = load_surveys(configured)
    assert isinstance(loaded, SurveyCatalog) and loaded.surveys[0].sample == 0.5
