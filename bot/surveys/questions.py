"""One question of a survey: what it asks, which answers it takes, when it is shown.

Four kinds, so every platform can render them natively: yes_no and choice become buttons (a
choice set on Teams), scale is a choice of 11 (0–10), text is a free-text input (a Slack
modal). A question can depend on an earlier answer: `show_if: {question: helped, equals: yes}`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, ValidationInfo, field_validator, model_validator

from bot.feedback.vocabulary import TIME_SAVED
from bot.records import Frozen
from bot.surveys.rules import Finding, raise_findings

Slug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
# Slack caps a button's text at 75 characters; Teams shows long labels truncated.
Label = Annotated[str, Field(min_length=1, max_length=75)]
Value = Annotated[str, Field(min_length=1, max_length=64)]
SCALE = tuple(str(score) for score in range(11))
# Answer sets a question can name instead of listing choices (`choices: time_saved`), so a
# survey counts time saved in the same buckets as the win form.
CHOICE_SETS = {"time_saved": tuple((bucket.key, bucket.label) for bucket in TIME_SAVED)}
MAX_TEXT = 3000  # Slack's plain_text_input limit; Teams has none, so the lower one rules


class QuestionKind(StrEnum):
    YES_NO = "yes_no"
    CHOICE = "choice"
    SCALE = "scale"
    TEXT = "text"


def as_answer_value(value: Any) -> Any:
    """`equals: 9` or `equals: true` in YAML mean the answers "9" and "yes"."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value) if isinstance(value, int | float) else value


class Choice(Frozen):
    value: Value
    label: Label

    @model_validator(mode="before")
    @classmethod
    def _plain_label(cls, value: Any) -> Any:
        """A bare string is both the label shown and the value stored."""
        return {"value": value, "label": value} if isinstance(value, str) else value


class ShowIf(Frozen):
    question: Slug
    equals: Value | None = None
    in_: tuple[Value, ...] | None = Field(default=None, alias="in", min_length=1)

    @field_validator("equals", mode="before")
    @classmethod
    def _equals(cls, value: Any) -> Any:
        return as_answer_value(value)

    @field_validator("in_", mode="before")
    @classmethod
    def _within(cls, value: Any) -> Any:
        return [as_answer_value(item) for item in value] if isinstance(value, list) else value

    @model_validator(mode="after")
    def _one_test(self) -> ShowIf:
        if (self.equals is None) == (self.in_ is None):
            raise ValueError("needs exactly one of equals: VALUE or in: [VALUES]")
        return self

    def values(self) -> tuple[str, ...]:
        return self.in_ if self.in_ is not None else (self.equals or "",)

    def holds(self, answers: dict[str, str]) -> bool:
        return answers.get(self.question) in self.values()


class Question(Frozen):
    id: Slug
    kind: QuestionKind
    # A form field's label: Slack and Teams show up to 150 characters.
    text: str = Field(min_length=1, max_length=150)
    required: bool = True
    choices: tuple[Choice, ...] = ()
    show_if: ShowIf | None = None
    # Scale ends, e.g. "Not at all likely" / "Extremely likely", shown beside 0 and 10.
    low_label: str | None = Field(default=None, min_length=1, max_length=60)
    high_label: str | None = Field(default=None, min_length=1, max_length=60)
    max_length: int | None = Field(default=None, ge=1, le=MAX_TEXT)

    @field_validator("choices", mode="before")
    @classmethod
    def _named_set(cls, value: Any) -> Any:
        """`choices: time_saved` names a shared answer set (bot/feedback/vocabulary.py)."""
        if isinstance(value, str):
            if value not in CHOICE_SETS:
                raise ValueError(f"{value!r} is not a shared set ({', '.join(CHOICE_SETS)})")
            return [{"value": key, "label": label} for key, label in CHOICE_SETS[value]]
        return value

    @model_validator(mode="after")
    def _rules(self, info: ValidationInfo) -> Question:
        raise_findings(self, info)
        return self

    def findings(self) -> list[Finding]:
        found: list[Finding] = []
        if self.kind is QuestionKind.CHOICE and not 2 <= len(self.choices) <= 10:
            found.append((("choices",), "a choice question needs 2 to 10 choices"))
        if self.kind is not QuestionKind.CHOICE and self.choices:
            found.append((("choices",), f"only a choice question has choices, not {self.kind}"))
        values = [choice.value for choice in self.choices]
        for index, value in enumerate(values):
            if value in values[:index]:
                found.append((("choices", index), f"{value!r} is listed twice"))
        for name in ("low_label", "high_label"):
            if getattr(self, name) is not None and self.kind is not QuestionKind.SCALE:
                found.append(((name,), "only a scale question has end labels"))
        if self.max_length is not None and self.kind is not QuestionKind.TEXT:
            found.append((("max_length",), "only a text question has a maximum length"))
        return found

    def options(self) -> tuple[Choice, ...]:
        """The answers a person can pick; empty for free text."""
        if self.kind is QuestionKind.YES_NO:
            return (Choice(value="yes", label="Yes"), Choice(value="no", label="No"))
        if self.kind is QuestionKind.SCALE:
            return tuple(Choice(value=score, label=score) for score in SCALE)
        return self.choices

    @property
    def text_limit(self) -> int:
        return self.max_length or 1000
