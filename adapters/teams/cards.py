"""Adaptive Cards 1.5 (the newest Teams renders) for everything interactive.

Every button is an `Action.Execute` (Teams answers it with an invoke we can reply to with a
replacement card) whose `fallback` is an `Action.Submit` for clients without Universal
Actions. Both carry the same data: the domain action and its value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from adapters.teams.translate import ACTION_KEY, VALUE_KEY
from bot.chat.answers import ADVOCATE_APPROVE, ADVOCATE_DISMISS, SURVEY_ANSWER
from bot.chat.forms import Field, Form
from bot.chat.messenger import Choice

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
Card = dict[str, Any]


def card(body: list[dict[str, Any]], actions: Sequence[dict[str, Any]] = ()) -> Card:
    built: Card = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION, "body": body}
    if actions:
        built["actions"] = list(actions)
    return built


def text_block(text: str, *, heading: bool = False) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "TextBlock", "text": text, "wrap": True}
    if heading:
        block.update(weight="Bolder", size="Medium")
    return block


def execute_action(title: str, action: str, value: str = "", *, primary: bool = False) -> Card:
    data = {ACTION_KEY: action, VALUE_KEY: value}
    built: Card = {
        "type": "Action.Execute",
        "title": title,
        "verb": action,
        "data": data,
        "fallback": {"type": "Action.Submit", "title": title, "data": data},
    }
    if primary:
        built["style"] = "positive"
    return built


def choices_card(text: str, choices: Sequence[Choice], *, title: str | None = None) -> Card:
    body = ([text_block(title, heading=True)] if title else []) + [text_block(text)]
    return card(
        body, [execute_action(c.label, c.action, c.value, primary=c.primary) for c in choices]
    )


def confirmation_card(text: str) -> Card:
    """What replaces a card once it is answered, so nobody answers it twice."""
    return card([text_block(f"✅ {text}")])


def form_card(form: Form, text: str | None = None) -> Card:
    """A domain form as one card: its fields as inputs, one button that submits them.

    Teams checks `isRequired` before sending; the domain checks again (a client may not).
    """
    body = [text_block(text or form.title, heading=True)]
    if form.intro:
        body.append(text_block(form.intro))
    for field in form.fields:
        body.append(input_for(field))
    return card(body, [execute_action(form.submit, form.action, form.value, primary=True)])


def required(field: Field) -> bool:
    """A card cannot hide a field shown only after a given answer (a survey's "if yes"), so it
    must not block sending without it; the domain checks it when that answer was given."""
    return not field.optional and field.show_if is None


def input_for(field: Field) -> dict[str, Any]:
    if field.kind == "choice":
        return {
            "type": "Input.ChoiceSet",
            "id": field.id,
            "label": field.label,
            "style": "expanded",
            "isRequired": required(field),
            "errorMessage": "Pick one",
            "choices": [{"title": item.label, "value": item.value} for item in field.options],
        }
    return {
        "type": "Input.Text",
        "id": field.id,
        "label": field.label,
        "isMultiline": field.multiline,
        "maxLength": field.max_length,
        "isRequired": required(field),
        "errorMessage": "Please fill this in",
    }


def survey_card(question: str, options: Sequence[str], *, survey_ref: str) -> Card:
    """One pulse question: pick an answer, optionally say why."""
    return card(
        [
            text_block(question, heading=True),
            {
                "type": "Input.ChoiceSet",
                "id": "choice",
                "style": "expanded",
                "isRequired": True,
                "errorMessage": "Pick an answer",
                "choices": [{"title": option, "value": option} for option in options],
            },
            {"type": "Input.Text", "id": "comment", "label": "Why? (optional)", "maxLength": 2000},
        ],
        [execute_action("Send", SURVEY_ANSWER, survey_ref, primary=True)],
    )


def approval_card(text: str, candidate_ref: str) -> Card:
    """A lead decides about an advocate candidate; nothing happens to them without this."""
    return card(
        [text_block("Advocate candidate", heading=True), text_block(text)],
        [
            execute_action("Approve", ADVOCATE_APPROVE, candidate_ref, primary=True),
            execute_action("Dismiss", ADVOCATE_DISMISS, candidate_ref),
        ],
    )
