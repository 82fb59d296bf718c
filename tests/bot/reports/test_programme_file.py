"""GROUNDSWELL_PROGRAMME_FILE: success criteria read as written, or refused with the line and
field of every problem, and `groundswell check` says so."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.configure import programme_problems
from bot.reports.programme import Criteria, Programme, load_programme, parse_programme
from bot.settings import ReportSettings
from bot.surveys.problems import SurveyProblems
from tests.support.server import make_settings

GOOD = """\
pulse_response_rate: 0.5
assistants:
  - name: helpdesk
    criteria: {helpful_rate: 0.8}
    use_cases:
      - name: password-reset
        criteria: {wins_per_month: 20, hours_saved_per_month: 50}
      - name: vpn-setup
        criteria: {helpful_rate: 0.9}
"""


def test_use_cases_inherit_their_assistants_criteria() -> None:
    programme = parse_programme(GOOD)
    assert isinstance(programme, Programme)
    assert programme.use_cases() == [
        (
            "helpdesk",
            "password-reset",
            Criteria(helpful_rate=0.8, wins_per_month=20, hours_saved_per_month=50),
        ),
        ("helpdesk", "vpn-setup", Criteria(helpful_rate=0.9)),
    ]


def test_problems_name_their_line_and_field() -> None:
    bad = GOOD.replace("helpful_rate: 0.9", "helpful_rate: 90").replace(
        "wins_per_month: 20", "wins_a_month: 20"
    )
    refused = parse_programme(bad, source="programme.yaml")
    assert isinstance(refused, SurveyProblems)
    assert refused.lines() == [
        "programme.yaml line 7, assistants[0].use_cases[0].criteria.wins_a_month: "
        "is not a field here (check its spelling and indentation)",
        "programme.yaml line 9, assistants[0].use_cases[1].criteria.helpful_rate: "
        "should be less than or equal to 1 (got 90)",
    ]


def test_check_refuses_a_bad_file_naming_the_setting(tmp_path: Path) -> None:
    path = tmp_path / "programme.yaml"
    path.write_text("assistants: [{name: a, use_cases: [{name: x}, {name: x}]}]\n")
    settings = make_settings("sqlite:///x.db")
    settings.reports = ReportSettings.model_construct(programme_file=path)
    [problem] = programme_problems(settings)
    assert problem.startswith(f"GROUNDSWELL_PROGRAMME_FILE: {path} line 1, assistants[0]:")
    assert "use case 'x' is listed twice" in problem
    assert load_programme(tmp_path / "missing.yaml").lines() == [  # type: ignore[union-attr]
        f"{tmp_path / 'missing.yaml'}: cannot be read (No such file or directory)"
    ]


@given(st.text(max_size=300))
def test_any_file_is_read_or_refused_never_crashes(text: str) -> None:
    assert isinstance(parse_programme(text), Programme | SurveyProblems)
