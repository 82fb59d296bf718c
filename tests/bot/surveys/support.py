"""Small helpers the survey tests share: a catalog or a failure, and surveys written inline."""

from __future__ import annotations

from textwrap import dedent

from bot.surveys.catalog import SurveyCatalog
from bot.surveys.definition import SurveyDefinition
from bot.surveys.loading import parse_surveys
from bot.surveys.problems import SurveyProblems


def catalog(text: str) -> SurveyCatalog:
    result = parse_surveys(dedent(text), source="surveys.yaml")
    assert isinstance(result, SurveyCatalog), str(result)
    return result


def problems(text: str) -> list[str]:
    result = parse_surveys(dedent(text), source="surveys.yaml")
    assert isinstance(result, SurveyProblems), "the file was accepted"
    return result.lines()


def survey(**fields: object) -> SurveyDefinition:
    """A valid one-question survey, with any field replaced."""
    base: dict[str, object] = {
        "name": "pulse",
        "title": "Pulse",
        "schedule": {"every": "week", "on": "wednesday"},
        "questions": [{"id": "ok", "kind": "yes_no", "text": "All good?"}],
    }
    return SurveyDefinition.model_validate(base | fields)
