"""Every card we send obeys the Adaptive Cards 1.5 rules Teams enforces."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.teams import cards
from adapters.teams.render import render_outgoing, render_reply
from bot.chat.commands import Reply
from bot.chat.messenger import Choice, Outgoing
from bot.feedback.prompts import (
    ask_for_a_win,
    ask_what_went_wrong,
    share_win_form,
    what_went_wrong_form,
)

ELEMENTS = {
    "TextBlock", "Image", "Media", "RichTextBlock", "ActionSet", "Container", "ColumnSet",
    "FactSet", "ImageSet", "Table",
    "Input.Text", "Input.Number", "Input.Date", "Input.Time", "Input.Toggle", "Input.ChoiceSet",
}  # fmt: skip
ACTIONS = {"Action.Execute", "Action.Submit", "Action.OpenUrl", "Action.ShowCard",
           "Action.ToggleVisibility"}  # fmt: skip
MAX_ACTIONS = 6  # Teams shows at most six top-level actions


def check_card(card: dict[str, Any]) -> list[str]:
    """The rules that make Teams refuse or mis-render a card, as a list of problems."""
    problems = []
    if card.get("type") != "AdaptiveCard":
        problems.append("type must be AdaptiveCard")
    if card.get("version") not in {"1.0", "1.1", "1.2", "1.3", "1.4", "1.5"}:
        problems.append(f"version {card.get('version')!r} is above what Teams renders (1.5)")
    ids: list[str] = []

    def walk_element(element: dict[str, Any]) -> None:
        kind = element.get("type")
        if kind not in ELEMENTS:
            problems.append(f"unknown element {kind!r}")
        if str(kind).startswith("Input."):
            if not element.get("id"):
                problems.append(f"{kind} without an id")
            ids.append(element.get("id", ""))
        if kind == "Input.ChoiceSet" and not element.get("choices"):
            problems.append("Input.ChoiceSet without choices")
        if kind == "TextBlock" and not isinstance(element.get("text"), str):
            problems.append("TextBlock without text")
        for child in element.get("items", []) + element.get("columns", []):
            walk_element(child)

    def walk_action(action: dict[str, Any]) -> None:
        kind = action.get("type")
        if kind not in ACTIONS:
            problems.append(f"unknown action {kind!r}")
        if not action.get("title"):
            problems.append(f"{kind} without a title")
        if kind == "Action.Execute":
            if not action.get("verb"):
                problems.append("Action.Execute without a verb")
            fallback = action.get("fallback")
            if not isinstance(fallback, dict) or fallback.get("type") != "Action.Submit":
                problems.append("Action.Execute without an Action.Submit fallback")
            elif fallback.get("data") != action.get("data"):
                problems.append("fallback data differs from the Action.Execute data")

    for element in card.get("body", []):
        walk_element(element)
    actions = card.get("actions", [])
    if len(actions) > MAX_ACTIONS:
        problems.append("too many actions")
    for action in actions:
        walk_action(action)
    if len(ids) != len(set(ids)):
        problems.append(f"input ids are not unique: {ids}")
    return problems


CHOICES = (Choice(label="Yes", action="a", value="1", primary=True), Choice(label="No", action="a"))
BUILT = {
    "choices": cards.choices_card("Pick one", CHOICES, title="Title"),
    "confirmation": cards.confirmation_card("Done"),
    "followup": cards.form_card(what_went_wrong_form("12")),
    "win": cards.form_card(share_win_form()),
    "survey": cards.survey_card("Useful this week?", ["Yes", "No", "Unsure"], survey_ref="r1"),
    "approval": cards.approval_card("Alice saved 10 hours", "42"),
}


@pytest.mark.parametrize("name", sorted(BUILT))
def test_builders_make_valid_1_5_cards(name: str) -> None:
    assert check_card(BUILT[name]) == []
    assert BUILT[name]["version"] == "1.5"


@pytest.mark.parametrize(
    "message",
    [
        Outgoing(kind="note", text="hi", choices=CHOICES),
        ask_what_went_wrong(3),
        ask_for_a_win(3),
    ],
)
def test_rendered_messages_carry_valid_cards(message: Outgoing) -> None:
    activity = render_outgoing(message)
    [attachment] = activity.attachments
    assert attachment.content_type == "application/vnd.microsoft.card.adaptive"
    assert check_card(attachment.content) == []


def test_the_checker_catches_what_teams_refuses() -> None:
    bad = cards.card(
        [{"type": "Input.Text", "id": "x"}, {"type": "Input.Text", "id": "x"}, {"type": "Chart"}],
        [{"type": "Action.Execute", "title": "Go"}],
    )
    bad["version"] = "1.6"
    problems = check_card(bad)
    assert len(problems) == 5, problems


def test_reply_with_choices_becomes_a_card_and_plain_text_stays_text() -> None:
    [card] = render_reply(Reply(text="Sure?", choices=CHOICES))
    [text] = render_reply(Reply(text="*bold* move"))
    assert check_card(card.attachments[0].content) == []
    assert text.text == "**bold** move"
