"""Adaptive Cards 1.5 (the newest Teams renders) for everything interactive.

Every button is an `Action.Execute` (Teams answers it with an invoke we can reply to with a
replacement card) whose `fallback` is an `Action.Submit` for clients without Universal
Actions. Both carry the same data: the domain action and its value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from adapters.teams.translate import ACTION_KEY, VALUE_KEY
from bot.chat.answers import (
    ADVOCATE_APPROVE,
    ADVOCATE_DISMISS,
    FOLLOWUP_SUBMIT,
    SURVEY_ANSWER,
    WIN_SUBMIT,
)
from bot.chat.messenger import Choice

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
Card = dict[str, Any]

FOLLOWUP_REASONS = (
    ("wrong", "It was wrong"),
    ("outdated", "It was out of date"),
    ("incomplete", "It missed something"),
    ("unclear", "Hard to understand"),
    ("other", "Something else"),
)


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


def followup_form(text: str, output_id: int | None) -> Card:
    """The 👎 follow-up: what went wrong with this answer?"""
    return card(
        [
            text_block(text or "What went wrong with that answer?", heading=True),
            {
                "type": "Input.ChoiceSet",
                "id": "reason",
                "label": "What was the problem?",
                "style": "expanded",
                "choices": [{"title": title, "value": value} for value, title in FOLLOWUP_REASONS],
            },
            {
                "type": "Input.Text",
                "id": "comment",
                "label": "Anything else? (optional)",
                "isMultiline": True,
                "maxLength": 2000,
            },
        ],
        [execute_action("Send", FOLLOWUP_SUBMIT, str(output_id or ""), primary=True)],
    )


def win_form(text: str = "") -> Card:
    """Share a win: what the assistant helped you do, and roughly how much time it saved."""
    return card(
        [
            text_block(text or "Share a win", heading=True),
            {
                "type": "Input.Text",
                "id": "text",
                "label": "What did the assistant help you get done?",
                "isMultiline": True,
                "isRequired": True,
                "errorMessage": "Tell us what you got done",
                "maxLength": 3000,
            },
            {
                "type": "Input.Number",
                "id": "minutes",
                "label": "Minutes saved (optional)",
                "min": 0,
                "max": 43200,
            },
            {
                "type": "Input.Toggle",
                "id": "shareable",
                "title": "The programme team may share this (without my name)",
                "value": "true",
                "valueOn": "true",
                "valueOff": "false",
            },
        ],
        [execute_action("Share", WIN_SUBMIT, primary=True)],
    )


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
