"""Every parser of Slack's input, over generated input: an answer or a refusal, never a crash."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from adapters.slack.home import count_of
from adapters.slack.modals import read_meta, read_values
from adapters.slack.translate import extract_common, first_action, message_of, person_of
from bot.chat.forms import check_values
from bot.feedback.flow import output_id_of
from bot.feedback.prompts import share_win_form, what_went_wrong_form
from bot.feedback.vocabulary import REASONS, TIME_SAVED_BY_KEY
from tests.slack.harness import json_values

inputs = st.fixed_dictionaries(
    {},
    optional={
        "value": st.none() | st.text(max_size=1200) | json_values,
        "selected_option": st.fixed_dictionaries({"value": json_values}) | json_values,
    },
)
views = st.fixed_dictionaries(
    {},
    optional={
        "private_metadata": st.none() | st.text(max_size=30) | json_values,
        "state": st.fixed_dictionaries(
            {
                "values": st.dictionaries(
                    st.sampled_from(["reason", "comment", "text", "time_saved", "share"]),
                    st.fixed_dictionaries({"value": inputs}) | json_values,
                )
                | json_values
            }
        )
        | json_values,
    },
)


@given(views)
def test_forms_are_read_or_refused_with_a_message(view: dict[str, Any]) -> None:
    """Whatever a forged or future view holds: values the form accepts, or a message per
    field shown under its input; never a crash."""
    feedback = what_went_wrong_form("1")
    values = read_values(view, feedback)
    problems = check_values(feedback, values)
    if not problems:
        assert values["reason"] in REASONS
        assert values["comment"] is None or len(values["comment"]) <= 1000
    assert all(isinstance(text, str) and text for text in problems.values())
    win = share_win_form()
    values = read_values(view, win)
    problems = check_values(win, values)
    if not problems:
        assert values["text"] and values["share"] in ("yes", "no")
        assert values["time_saved"] is None or values["time_saved"] in TIME_SAVED_BY_KEY
    name, value = read_meta(view)
    assert name is None or isinstance(name, str)
    assert isinstance(value, str) and len(value) <= 150


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "type",
                "team",
                "user",
                "channel",
                "container",
                "message",
                "message_ts",
                "event",
                "team_id",
                "user_id",
                "channel_id",
                "command",
                "actions",
            ]
        ),
        json_values | st.sampled_from(["event_callback", "block_actions"]),
    )
)
def test_common_fields_are_strings_or_absent(body: dict[str, Any]) -> None:
    common = extract_common(body)
    for field in (common.team, common.user, common.channel, common.message_ts):
        assert field is None or (isinstance(field, str) and field)
    assert isinstance(first_action(body), dict)
    person, message = person_of(common), message_of(common)
    assert person is None or person.user_id == common.user
    assert message is None or message.message_id == common.message_ts


def test_counts_read_as_english() -> None:
    assert [count_of(n, "win") for n in (0, 1, 2)] == ["0 wins", "1 win", "2 wins"]


@given(st.text(max_size=30) | st.text(alphabet="0123456789", max_size=30))
def test_output_ids_from_buttons_and_metadata_are_ids_or_none(value: str) -> None:
    """A button's value and a modal's private_metadata come back from Slack as sent, or
    forged: an id the database can hold, or None; never an exception."""
    found = output_id_of(value)
    assert found is None or 0 <= found < 2**63
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        assert found == int(value)


def test_unicode_digits_and_overlong_numbers_are_not_output_ids() -> None:
    assert [output_id_of(v) for v in ("17", "²", "9" * 30, "")] == [17, None, None, None]
