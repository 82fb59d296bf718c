"""The translator over every recorded payload shape, and emoji names from anywhere."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.slack.emoji import EmojiRatings
from adapters.slack.translate import extract_common, time_of
from bot.records import Rating
from tests.slack.harness import payload

RECORDED = [
    # (fixture, team, user, channel, message ts)
    ("reaction_added_event_callback.json", "T111", "W111", "C111", "1599529504.000400"),
    (
        "docs_reaction_removed_envelope.json",
        "T123ABC456",
        "U123ABC456",
        "C123ABC456",
        "1360782400.498405",
    ),
    (
        "SYNTHETIC_block_actions_feedback_buttons_click.json",
        "T111",
        "W111",
        "D111",
        "1700000000.000100",
    ),
    ("message_shortcut_message_action.json", "T111", "W111", "C111", "1583636382.000300"),
    ("view_submission.json", "T111", "W111", None, None),
    ("slash_command_form_parsed.json", "T111", "W111", "C111", None),
]


@pytest.mark.parametrize(("name", "team", "user", "channel", "ts"), RECORDED)
def test_common_fields_of_each_recorded_payload(
    name: str, team: str, user: str, channel: str | None, ts: str | None
) -> None:
    common = extract_common(payload(name))
    assert (common.team, common.user, common.channel, common.message_ts) == (
        team,
        user,
        channel,
        ts,
    )


@pytest.mark.parametrize(
    ("reaction", "rating"),
    [
        ("+1", Rating.UP),
        ("thumbsup", Rating.UP),
        ("+1::skin-tone-2", Rating.UP),
        ("thumbsup::skin-tone-6", Rating.UP),
        ("-1", Rating.DOWN),
        ("thumbsdown", Rating.DOWN),
        ("-1::skin-tone-4", Rating.DOWN),
        (":+1:", Rating.UP),
        ("heart", None),
        ("", None),
    ],
)
def test_every_thumb_spelling(reaction: str, rating: Rating | None) -> None:
    assert EmojiRatings(["+1"], ["-1"]).rate(reaction) is rating


@given(st.text(max_size=40), st.sampled_from(["", "::skin-tone-2", "::skin-tone-6"]))
def test_skin_tones_never_change_the_reading(name: str, tone: str) -> None:
    ratings = EmojiRatings(["+1", "white_check_mark"], ["-1", "x"])
    assert ratings.rate(name + tone) == ratings.rate(name)


@given(
    st.lists(st.text(max_size=12), max_size=4),
    st.lists(st.text(max_size=12), max_size=4),
    st.text(max_size=30),
)
def test_configured_sets_never_make_a_thumb_mean_nothing(
    positive: list[str], negative: list[str], other: str
) -> None:
    ratings = EmojiRatings(positive, negative)
    assert ratings.rate("+1::skin-tone-3") in (Rating.UP, Rating.DOWN)
    assert ratings.rate("-1") is Rating.DOWN
    assert ratings.rate(other) in (Rating.UP, Rating.DOWN, None)  # never an exception


@given(st.one_of(st.none(), st.text(max_size=20), st.floats(allow_nan=True), st.integers()))
def test_slack_times_are_always_aware_utc(ts: object) -> None:
    assert time_of(ts).utcoffset() == timedelta(0)
