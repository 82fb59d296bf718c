"""A survey as a platform-free form the adapters render, and the checks on what comes back.

Slack shows choices as buttons and free text in a modal, one step at a time (`next_field`);
Teams shows one Adaptive Card with every field (Input.ChoiceSet / Input.Text). Adaptive Cards
cannot hide a field until an earlier answer is given, so a card may come back with answers to
questions the person's own answers hide: those are dropped, not refused.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.records import Frozen
from bot.surveys.definition import SurveyDefinition
from bot.surveys.questions import Choice, QuestionKind, ShowIf


class FormField(Frozen):
    id: str
    label: str
    kind: QuestionKind
    # Every answer a person can pick, in order; a 0–10 scale is 11 options. Empty for text.
    options: tuple[Choice, ...] = ()
    required: bool = True
    max_length: int | None = None
    show_if: ShowIf | None = None
    low_label: str | None = None
    high_label: str | None = None

    @property
    def is_text(self) -> bool:
        return self.kind is QuestionKind.TEXT


class SurveyForm(Frozen):
    survey: str
    title: str
    intro: str | None
    anonymous: bool
    fields: tuple[FormField, ...]


class AnswerProblem(Frozen):
    """One answer refused; `field` is the question id, as a platform form names its input."""

    field: str
    message: str


def form_for(survey: SurveyDefinition) -> SurveyForm:
    fields = tuple(
        FormField(
            id=question.id,
            label=question.text,
            kind=question.kind,
            options=question.options(),
            required=question.required,
            max_length=question.text_limit if question.kind is QuestionKind.TEXT else None,
            show_if=question.show_if,
            low_label=question.low_label,
            high_label=question.high_label,
        )
        for question in survey.questions
    )
    return SurveyForm(
        survey=survey.name,
        title=survey.title,
        intro=survey.intro,
        anonymous=survey.anonymous,
        fields=fields,
    )


def visible_fields(form: SurveyForm, answers: Mapping[str, str]) -> tuple[FormField, ...]:
    """The fields shown given these answers (a hidden field hides those that depend on it)."""
    shown: list[FormField] = []
    given: dict[str, str] = {}
    for field in form.fields:
        if field.show_if is None or field.show_if.holds(given):
            shown.append(field)
            if field.id in answers:
                given[field.id] = answers[field.id]
    return tuple(shown)


def next_field(form: SurveyForm, answers: Mapping[str, str]) -> FormField | None:
    """The first shown field not yet answered, for platforms that ask one step at a time."""
    return next((f for f in visible_fields(form, answers) if f.id not in answers), None)


def check_answers(
    form: SurveyForm, answers: Mapping[str, str]
) -> dict[str, str] | list[AnswerProblem]:
    """The answers to store (shown fields only, text trimmed, in question order), or why not.

    A blank text answer counts as no answer. Every problem is reported at once so a form can
    mark each input."""
    known = {field.id for field in form.fields}
    problems = [
        AnswerProblem(field=key, message="is not a question of this survey")
        for key in answers
        if key not in known
    ]
    cleaned = {
        key: value.strip() if is_text(form, key) else value
        for key, value in answers.items()
        if key in known
    }
    cleaned = {key: value for key, value in cleaned.items() if value}
    accepted: dict[str, str] = {}
    for field in visible_fields(form, cleaned):
        value = cleaned.get(field.id)
        if value is None:
            if field.required:
                problems.append(AnswerProblem(field=field.id, message="needs an answer"))
        elif field.is_text and len(value) > (field.max_length or 0):
            problems.append(
                AnswerProblem(
                    field=field.id, message=f"is longer than {field.max_length} characters"
                )
            )
        elif not field.is_text and value not in {option.value for option in field.options}:
            problems.append(AnswerProblem(field=field.id, message="is not one of the choices"))
        else:
            accepted[field.id] = value
    return problems or accepted


def is_text(form: SurveyForm, field_id: str) -> bool:
    return any(field.id == field_id and field.is_text for field in form.fields)
