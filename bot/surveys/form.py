"""A survey as the platform-free form of bot/chat/forms.py, which both adapters render.

Slack asks one step at a time (buttons for a choice, a modal for free text: `next_field`);
Teams shows one Adaptive Card with every field. A question shown only after a given answer
carries that as the field's `show_if`, and `check_values` / `clean_values` ignore what a
person's own answers hide. A 0–10 scale is a choice of 11 options, its ends labelled.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.chat.answers import SURVEY_ANSWER
from bot.chat.forms import Condition, Field, Form, Option, shown_fields
from bot.surveys.definition import SurveyDefinition
from bot.surveys.questions import Question, QuestionKind

TITLE_LIMIT = 24  # Slack's modal title


def form_name(survey: str) -> str:
    return "survey_" + survey.replace("-", "_")


def form_for(survey: SurveyDefinition, *, value: str = "", action: str = SURVEY_ANSWER) -> Form:
    """`value` travels back with the submission (the delivery it answers, say)."""
    title = survey.title
    if len(title) > TITLE_LIMIT:
        title = title[: TITLE_LIMIT - 1].rstrip() + "…"
    return Form(
        name=form_name(survey.name),
        title=title,
        open_label="Answer",
        intro=survey.intro,
        fields=tuple(field_for(question) for question in survey.questions),
        action=action,
        value=value,
    )


def field_for(question: Question) -> Field:
    condition = question.show_if
    text = question.kind is QuestionKind.TEXT
    return Field(
        id=question.id,
        label=question.text,
        kind="text" if text else "choice",
        options=options_for(question),
        optional=not question.required,
        multiline=text,
        max_length=question.text_limit,
        show_if=Condition(field=condition.question, values=condition.values())
        if condition
        else None,
    )


def options_for(question: Question) -> tuple[Option, ...]:
    ends = {"0": question.low_label, "10": question.high_label}
    options = []
    for choice in question.options():
        end = ends.get(choice.value) if question.kind is QuestionKind.SCALE else None
        label = f"{choice.label} – {end}" if end else choice.label
        options.append(Option(value=choice.value, label=label))
    return tuple(options)


def next_field(form: Form, answers: Mapping[str, str]) -> Field | None:
    """The first field these answers show that is not answered yet; None once done."""
    return next((f for f in shown_fields(form, answers) if f.id not in answers), None)
