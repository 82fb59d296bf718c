"""Chat commands read like conversations: what a person types, what Groundswell answers."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import example, given
from hypothesis import strategies as st

from bot.advocacy.wins import estimate_minutes_saved
from bot.chat.commands import FORGET_CONFIRM, Invocation, split_command
from bot.feedback.flow import output_id_of
from bot.records import PersonRef, Platform
from bot.services import Services, build_services
from tests.support.server import make_settings

ALICE = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_ALICE")
LEAD = PersonRef(platform=Platform.TEAMS, tenant="tenant", user_id="29:lead")
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


class Chat:
    """A person typing commands to Groundswell."""

    def __init__(self, services: Services, person: PersonRef = ALICE) -> None:
        self.services = services
        self.person = person
        self.counter = 0

    async def says(self, text: str):  # type: ignore[no-untyped-def]
        self.counter += 1
        return await self.services.commands.handle(
            Invocation(person=self.person, text=text, key=f"cmd-{self.counter}", at=NOW)
        )


def services_for(database_url: str) -> Services:
    return build_services(make_settings(database_url, leads=["teams:29:lead"]))


async def test_win_is_recorded_with_time_saved_read_from_the_text(database_url: str) -> None:
    services = services_for(database_url)
    reply = await Chat(services).says("win saved 2 hours on reconciliations")
    wins = await services.wins.list_for(ALICE)
    await services.close()
    assert "Your win is recorded" in reply.text and "2 h" in reply.text
    assert [(w.text, w.minutes_saved) for w in wins] == [("saved 2 hours on reconciliations", 120)]


async def test_win_without_text_offers_the_share_a_win_form(database_url: str) -> None:
    services = services_for(database_url)
    reply = await Chat(services).says("win")
    await services.close()
    assert [choice.label for choice in reply.choices] == ["Share a win"]


async def test_lead_only_command_is_politely_refused_to_others(database_url: str) -> None:
    services = services_for(database_url)
    refused = await Chat(services).says("report")
    allowed = await Chat(services, LEAD).says("report")
    await services.close()
    assert refused.text.startswith("Sorry, `report` is for programme leads")
    assert allowed.text.startswith("*Groundswell digest, week ")  # the lead gets the report


async def test_unknown_command_gets_help(database_url: str) -> None:
    services = services_for(database_url)
    reply = await Chat(services).says("dance")
    await services.close()
    assert reply.text.startswith("I don't know `dance`")
    assert "`win <what it helped you do>`" in reply.text


async def test_forget_me_asks_first_then_erases_everything(database_url: str) -> None:
    services = services_for(database_url)
    chat = Chat(services)
    await chat.says("win got the board pack out a day early")
    await chat.says("feedback it cites old policies")
    question = await chat.says("forget me")
    exported_before = json.loads((await chat.says("export me")).attachment.content)  # type: ignore[union-attr]
    done = await services.commands.confirm_forget(ALICE)
    after = json.loads((await chat.says("export-me")).attachment.content)  # type: ignore[union-attr]
    late = await chat.says("win this should not be stored")
    await services.close()
    assert question.choices[0].action == FORGET_CONFIRM
    assert len(exported_before["wins"]) == 1 and len(exported_before["feedback"]) == 1
    assert "erased" in done.text
    assert after["person"] is None
    assert "asked Groundswell to forget you" in late.text


async def test_opt_out_and_back_in(database_url: str) -> None:
    services = services_for(database_url)
    chat = Chat(services)
    await chat.says("optout")
    opted_out = (await services.people.find(ALICE)).opted_out  # type: ignore[union-attr]
    await chat.says("opt in")
    opted_in = (await services.people.find(ALICE)).opted_out  # type: ignore[union-attr]
    await services.close()
    assert (opted_out, opted_in) == (True, False)


def test_two_word_verbs_and_aliases_are_understood() -> None:
    assert split_command("Forget me") == ("forget-me", "")
    assert split_command("  export   me please") == ("export-me", "please")
    assert split_command("WIN Saved a day") == ("win", "Saved a day")
    assert split_command("") == ("help", "")


@given(st.text(max_size=200))
def test_split_command_never_fails(text: str) -> None:
    verb, rest = split_command(text)
    assert verb == verb.lower()
    assert len(rest) <= len(text)


def test_time_saved_phrases() -> None:
    assert estimate_minutes_saved("saved 2 hours") == 120
    assert estimate_minutes_saved("saved 1.5h and 30 mins") == 120
    assert estimate_minutes_saved("half an hour quicker") == 30
    assert estimate_minutes_saved("a day early") == 480
    assert estimate_minutes_saved("it was great") is None


@given(st.text(max_size=300))
def test_time_saved_is_never_negative_or_absurd(text: str) -> None:
    minutes = estimate_minutes_saved(text)
    assert minutes is None or 0 < minutes <= 60 * 24 * 30


@given(st.text(max_size=40) | st.text(alphabet="0123456789 ", max_size=40))
@example("²")
@example("9" * 30)
@example("9" * 5000)
@example("0" * 30 + "7")
def test_output_ids_cards_carry_back_are_ids_or_nothing(text: str) -> None:
    """The output id a card or button carries back is outside input: an id the database
    can hold, or None; never an exception."""
    output_id = output_id_of(text)
    assert output_id is None or 0 <= output_id < 2**63
    if text.isascii() and text.isdigit() and len(text) <= 18:
        assert output_id == int(text)


def test_card_inputs_refuse_digits_that_are_not_0_to_9() -> None:
    assert [output_id_of(text) for text in ("42", "²", "٣", "-5", "9" * 30)] == [42] + [None] * 4
