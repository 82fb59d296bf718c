"""Which audience a person belongs to: the business, IT, or the AI team itself.

Surveys segment by it, advocate ranking weighs a business win above one from IT, and digests
report the business first; all of them ask here, so the rule lives in one place:

- a department listed in GROUNDSWELL_AI_TEAM_DEPARTMENTS → ai_team (checked first: the
  team building the assistant is the most specific answer);
- one listed in GROUNDSWELL_IT_DEPARTMENTS → it;
- anything else, or no department known → business.

Names compare case-insensitively with surrounding and repeated spaces ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from bot.records import Person
from bot.settings import SurveySettings


class AudienceGroup(StrEnum):
    BUSINESS = "business"
    IT = "it"
    AI_TEAM = "ai_team"


def department_key(name: str) -> str:
    """How department names are compared: " Data  Platform" matches "data platform"."""
    return " ".join(name.split()).casefold()


def department_keys(names: Iterable[str]) -> frozenset[str]:
    return frozenset(key for key in map(department_key, names) if key)


@dataclass(frozen=True)
class AudienceGroups:
    it: frozenset[str] = frozenset()
    ai_team: frozenset[str] = frozenset()

    @classmethod
    def from_settings(cls, surveys: SurveySettings) -> AudienceGroups:
        return cls(
            it=department_keys(surveys.it_departments),
            ai_team=department_keys(surveys.ai_team_departments),
        )

    def of_department(self, department: str | None) -> AudienceGroup:
        key = department_key(department or "")
        if key in self.ai_team:
            return AudienceGroup.AI_TEAM
        if key in self.it:
            return AudienceGroup.IT
        return AudienceGroup.BUSINESS

    def of(self, person: Person) -> AudienceGroup:
        return self.of_department(person.department)
