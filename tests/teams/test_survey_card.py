"""A pulse survey in Teams: one Adaptive Card 1.5 with every question as an input, one button
that sends them all; a question shown only after a given answer is not required by the card
(Teams cannot hide it), and the domain ignores it when that answer was not given."""

from __future__ import annotations

from typing import Any

from adapters.teams.cards import CARD_CONTENT_TYPE
from adapters.teams.render import render_outgoing
from bot.chat.answers import SURVEY_ANSWER
from bot.records import Platform
from bot.surveys.catalog import SurveyCatalog
from bot.surveys.engine import survey_message
from bot.surveys.loading import load_surveys


def card_of(survey: str) -> dict[str, Any]:
    catalog = load_surveys(None)
    assert isinstance(catalog, SurveyCatalog)
    definition = catalog.get(survey)
    assert definition is not None
    [attachment] = render_outgoing(survey_message(definition, 42, Platform.TEAMS)).attachments
    assert attachment.content_type == CARD_CONTENT_TYPE
    content: dict[str, Any] = attachment.content
    return content


def test_the_weekly_pulse_is_one_adaptive_card_with_every_question() -> None:
    card = card_of("weekly-impact")
    assert card["version"] == "1.5"
    inputs = {item["id"]: item for item in card["body"] if item["type"].startswith("Input.")}
    assert [inputs[key]["type"] for key in ("helped", "what", "time_saved")] == [
        "Input.ChoiceSet",
        "Input.Text",
        "Input.ChoiceSet",
    ]
    assert [c["value"] for c in inputs["helped"]["choices"]] == ["yes", "no", "not-used"]
    assert inputs["helped"]["isRequired"] is True
    # Asked only "if yes": a card cannot hide it, so it must not block a "no".
    assert inputs["what"]["isRequired"] is False
    assert inputs["time_saved"]["isRequired"] is False
    [send] = card["actions"]
    assert (send["type"], send["verb"], send["data"]["gs_value"]) == (
        "Action.Execute",
        SURVEY_ANSWER,
        "42",
    )


def test_the_recommend_score_offers_eleven_choices_and_an_optional_why() -> None:
    card = card_of("monthly-recommend")
    inputs = {item["id"]: item for item in card["body"] if item["type"].startswith("Input.")}
    assert len(inputs["recommend"]["choices"]) == 11
    assert inputs["why"]["isRequired"] is False
