"""The surveys in force: the shipped templates, changed or added to by the operator's file."""

from __future__ import annotations

from enum import StrEnum

from bot.records import Frozen
from bot.surveys.definition import SurveyDefinition


class Origin(StrEnum):
    TEMPLATE = "template"
    CHANGED = "template, changed by the surveys file"
    FILE = "surveys file"


class CatalogEntry(Frozen):
    definition: SurveyDefinition
    origin: Origin


class SurveyCatalog(Frozen):
    """Every known survey, in order (templates first), enabled or not."""

    entries: tuple[CatalogEntry, ...]

    @property
    def surveys(self) -> tuple[SurveyDefinition, ...]:
        return tuple(entry.definition for entry in self.entries)

    def enabled(self) -> tuple[SurveyDefinition, ...]:
        return tuple(survey for survey in self.surveys if survey.enabled)

    def get(self, name: str) -> SurveyDefinition | None:
        return next((survey for survey in self.surveys if survey.name == name), None)

    def origin(self, name: str) -> Origin | None:
        return next((e.origin for e in self.entries if e.definition.name == name), None)
