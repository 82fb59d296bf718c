"""GROUNDSWELL_PROGRAMME_FILE: what success means, per assistant and use case, written down
before anyone judges it.

    pulse_response_rate: 0.5            # optional, for the whole programme
    assistants:
      - name: helpdesk
        criteria: {helpful_rate: 0.8}   # defaults for its use cases
        use_cases:
          - name: password-reset
            criteria: {helpful_rate: 0.85, wins_per_month: 20, hours_saved_per_month: 50}

A bad file is refused whole, one line per problem naming its line and field, like the
surveys file (bot/surveys/yamlfile.py reads both).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationError, model_validator

from bot.records import Frozen
from bot.surveys.explain import explain, locate, meaningful
from bot.surveys.problems import Problem, SurveyProblems
from bot.surveys.yamlfile import Located, read_yaml

Name = Field(min_length=1, max_length=255, pattern=r"\S")


class Criteria(Frozen):
    helpful_rate: float | None = Field(default=None, ge=0, le=1)
    wins_per_month: int | None = Field(default=None, ge=0, le=1_000_000)
    hours_saved_per_month: float | None = Field(default=None, ge=0, le=1_000_000)

    def merged_over(self, defaults: Criteria) -> Criteria:
        given = self.model_dump(exclude_none=True)
        return defaults.model_copy(update=given)


class UseCase(Frozen):
    name: str = Name
    criteria: Criteria = Criteria()


class Assistant(Frozen):
    name: str = Name
    criteria: Criteria = Criteria()
    use_cases: tuple[UseCase, ...] = ()

    @model_validator(mode="after")
    def _distinct_use_cases(self) -> Assistant:
        names = [use_case.name for use_case in self.use_cases]
        for name in names:
            if names.count(name) > 1:
                raise ValueError(f"use case {name!r} is listed twice")
        return self


class Programme(Frozen):
    pulse_response_rate: float | None = Field(default=None, ge=0, le=1)
    assistants: tuple[Assistant, ...] = ()

    def criteria_for(self, assistant: str, use_case: str) -> Criteria | None:
        for known in self.assistants:
            if known.name != assistant:
                continue
            for case in known.use_cases:
                if case.name == use_case:
                    return case.criteria.merged_over(known.criteria)
            return known.criteria
        return None

    def use_cases(self) -> list[tuple[str, str, Criteria]]:
        """Every use case the file names, with its criteria (assistant defaults filled in)."""
        return [
            (assistant.name, case.name, case.criteria.merged_over(assistant.criteria))
            for assistant in self.assistants
            for case in assistant.use_cases
        ]


def load_programme(path: Path | None) -> Programme | SurveyProblems:
    if path is None:
        return Programme()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return SurveyProblems(str(path), (Problem(None, (), f"cannot be read ({reason})"),))
    except UnicodeDecodeError:
        return SurveyProblems(str(path), (Problem(None, (), "is not UTF-8 text"),))
    return parse_programme(text, source=str(path))


def parse_programme(text: str, *, source: str = "programme.yaml") -> Programme | SurveyProblems:
    located = read_yaml(text)
    if not isinstance(located, Located):
        return SurveyProblems(source, tuple(located))
    data = located.data if located.data is not None else {}
    if not isinstance(data, dict):
        shape = "must be a mapping with assistants: (and optionally pulse_response_rate:)"
        return SurveyProblems(source, (Problem(located.line_of(()), (), shape),))
    try:
        return Programme.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in meaningful(error.errors()):
            where = locate(item, data)
            problems.append(Problem(located.line_of(where), where, explain(item)))
        return SurveyProblems(source, tuple(problems))
