"""A survey as an operator defines it: questions, schedule, window, audience and privacy."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, ValidationInfo, field_validator, model_validator

from bot.records import Frozen
from bot.surveys.audience import EVERYONE, Target, as_targets
from bot.surveys.questions import Question, QuestionKind
from bot.surveys.rules import Finding, nest, raise_findings
from bot.surveys.schedule import Schedule
from bot.surveys.window import Window

# Short enough to name its form ("survey_" + name, at most 48 characters).
SurveyName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]


class SurveyDefinition(Frozen):
    name: SurveyName
    title: str = Field(min_length=1, max_length=150)
    intro: str | None = Field(default=None, max_length=500)
    # Anonymous answers are stored with no link to the person who gave them.
    anonymous: bool = False
    questions: tuple[Question, ...] = Field(min_length=1, max_length=10)
    schedule: Schedule
    window: Window = Window()
    audience: tuple[Target, ...] = Field(default=EVERYONE, min_length=1)
    # Each run asks this share of the audience, drawn afresh per run (see spread.py).
    sample: float = Field(default=1.0, gt=0, le=1)
    open_days: int = Field(default=5, ge=1, le=30)
    remind_after_days: int | None = Field(default=2, ge=1, le=29)
    enabled: bool = True

    @field_validator("audience", mode="before")
    @classmethod
    def _targets(cls, value: Any) -> Any:
        return as_targets(value)

    @model_validator(mode="after")
    def _rules(self, info: ValidationInfo) -> SurveyDefinition:
        raise_findings(self, info)
        return self

    def findings(self) -> list[Finding]:
        """Every cross-field problem, nested ones included, each with its field's path."""
        found = nest(("schedule",), self.schedule.findings())
        found += nest(("window",), self.window.findings())
        for index, question in enumerate(self.questions):
            found += nest(("questions", index), question.findings())
            found += nest(("questions", index), self.reference_findings(index))
        if self.remind_after_days is not None and self.remind_after_days >= self.open_days:
            found.append(
                (
                    ("remind_after_days",),
                    f"must be less than open_days ({self.open_days}), or null for no reminder",
                )
            )
        return found

    def reference_findings(self, index: int) -> list[Finding]:
        """A question's id is unique and its show_if points at an earlier answerable one."""
        question = self.questions[index]
        earlier = {q.id: q for q in self.questions[:index]}
        if question.id in earlier:
            return [(("id",), f"{question.id!r} is already the id of an earlier question")]
        condition = question.show_if
        if condition is None:
            return []
        target = earlier.get(condition.question)
        later = [q.id for q in self.questions[index + 1 :]]
        if target is None:
            where = "which comes later" if condition.question in later else "which does not exist"
            where = "which is itself" if condition.question == question.id else where
            return [(("show_if",), f"refers to question {condition.question!r} {where}")]
        if target.kind is QuestionKind.TEXT:
            return [
                (
                    ("show_if",),
                    f"{condition.question!r} is free text; show_if needs a"
                    " yes_no, choice or scale question",
                )
            ]
        allowed = [choice.value for choice in target.options()]
        unknown = [value for value in condition.values() if value not in allowed]
        if unknown:
            return [
                (
                    ("show_if",),
                    f"{unknown[0]!r} is not an answer to {condition.question!r}"
                    f" ({', '.join(allowed)})",
                )
            ]
        return []

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def describe(self) -> str:
        privacy = "anonymous" if self.anonymous else "attributed"
        sample = f", {self.sample:.0%} of" if self.sample < 1 else ","
        audience = " or ".join(target.describe() for target in self.audience)
        return (
            f"{self.schedule.describe()}, {self.window.describe()}{sample} {audience};"
            f" {privacy}; open {self.open_days} working days"
            + (f", reminder after {self.remind_after_days}" if self.remind_after_days else "")
        )
