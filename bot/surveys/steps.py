"""Slack asks a survey one step at a time: buttons for each choice question, then a modal for
whatever free text is left. Teams shows the whole form as one card instead.

Nothing is stored until the last step: each button carries the answers so far in its value
(`<delivery>|helped=yes`), so an anonymous survey keeps no half-answered state anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode

from bot.chat.forms import Field, Form
from bot.chat.messenger import Choice, Outgoing, open_form_choice
from bot.surveys.definition import SurveyDefinition
from bot.surveys.form import form_for, form_name, next_field

# One action per button position: Slack wants every action_id in a message to differ.
STEP_PREFIX = "survey_step_"
STEP_ACTIONS = tuple(f"{STEP_PREFIX}{index}" for index in range(11))  # 0–10 is the widest
SEPARATOR = "|"


def encode(delivery: str, answers: Mapping[str, str]) -> str:
    return f"{delivery}{SEPARATOR}{urlencode(sorted(answers.items()))}"


def is_delivery_id(text: str) -> bool:
    """ASCII digits only: str.isdigit() also takes "²" and other digits int() refuses."""
    return 0 < len(text) <= 12 and text.isascii() and text.isdigit()


def decode(value: str) -> tuple[str, dict[str, str]]:
    """The delivery and the answers so far; a plain delivery id has none."""
    delivery, _, rest = value.partition(SEPARATOR)
    return delivery, dict(parse_qsl(rest, keep_blank_values=False))


def step(
    survey: SurveyDefinition, delivery: str, answers: Mapping[str, str]
) -> tuple[str, tuple[Choice, ...]] | None:
    """The next question's text and buttons; None once every shown question is answered."""
    form = form_for(survey)
    field = next_field(form, answers)
    if field is None:
        return None
    if field.kind == "text":
        label = "Answer" if not answers else "Add a few words"
        button = open_form_choice(label, form_name(survey.name), encode(delivery, answers))
        return field.label, (button,)
    buttons = tuple(
        Choice(
            label=option.label,
            action=STEP_ACTIONS[index],
            value=encode(delivery, {**answers, field.id: option.value}),
        )
        for index, option in enumerate(field.options)
    )
    return field.label, buttons


def slack_message(survey: SurveyDefinition, delivery_id: int, kind: str) -> Outgoing:
    found = step(survey, str(delivery_id), {})
    assert found is not None  # a survey has at least one question
    question, buttons = found
    intro = f"{survey.intro}\n\n" if survey.intro else ""
    return Outgoing(kind=kind, title=survey.title, text=f"{intro}*{question}*", choices=buttons)


def remaining_form(survey: SurveyDefinition, value: str) -> Form:
    """The modal for what is left: the fields the answers so far show and leave open. A
    condition on an answered field has been met already, so it is dropped."""
    form = form_for(survey, value=value)
    _, answers = decode(value)
    if not answers:
        return form
    left: list[Field] = []
    for field in form.fields:
        condition = field.show_if
        if field.id in answers:
            continue
        if condition is not None and condition.field in answers:
            if answers[condition.field] not in condition.values:
                continue  # hidden by an answer already given
            field = field.model_copy(update={"show_if": None})
        left.append(field)
    return form.model_copy(update={"fields": tuple(left) or form.fields})
