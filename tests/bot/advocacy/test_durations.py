"""Reading time saved the way people write it: outright, as a before/after, or as a rate; and
never reading money, counts or time spent as time saved."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.advocacy.detect import TimeSaved, read_time_saved
from bot.advocacy.detect.durations import MAX_MINUTES_SAVED
from bot.advocacy.wins import estimate_minutes_saved


@pytest.mark.parametrize(
    ("text", "minutes", "per"),
    [
        ("saved me ~2h", 120, None),
        ("in 20 minutes instead of half a day", 220, None),
        ("cut it from 3 hours to 40 minutes", 140, None),
        ("saves 10 minutes per ticket", 10, "ticket"),
        ("an hour a day", 60, "day"),
        ("2 hours and 30 minutes saved", 150, None),
        ("an hour and a half back on the rota", 90, None),
        ("the deck went out two days early", 960, None),
        ("took 40 mins vs the usual 3 hrs", 140, None),
        ("from 90 min to 15", 75, None),
        ("done in an hour instead of 4", 180, None),
        ("would have taken me 2 days by hand", 960, None),
        ("saved us a couple of days", 960, None),
        ("about half an hour quicker", 30, None),
        ("2-3 hours saved", 150, None),
        ("shaved 30 min off every client call", 30, "client call"),
        ("45 mins → 5 mins", 40, None),
        ("4 mins instead of the hour it normally takes", 56, None),
        ("a week-long audit finished in 3 days", 960, None),
        ("an hour instead of the usual half day", 180, None),
        # A task told as a habit, in the plural or one by one, is a rate per task.
        ("expense claims take 2 minutes instead of 10 now", 8, "claim"),
        ("each quote takes 5 minutes less", 5, "quote"),
        ("from 30 minutes to about 5 each", 25, "each"),
        ("writes each quote in 5 minutes each instead of 20, thanks to the bot", 15, "each"),
    ],
)
def test_time_saved_as_people_write_it(text: str, minutes: int | None, per: str | None) -> None:
    found = read_time_saved(text)
    assert (found.saved if found else None) == (TimeSaved(minutes, per) if minutes else None)


@pytest.mark.parametrize(
    "text",
    [
        "$5m deal closed",
        "printed 3D models of the warehouse",
        "pulled 2 weeks of logs",
        "10 tickets left in the queue",
        "it took about 2 minutes to answer",
        "wasted an hour on it",
        "cost me 2 hours untangling the script",
        "I spend an hour a day on dispatch emails",
        "the meeting took 2 hours",
        "5m ARR pipeline",
    ],
)
def test_money_counts_and_time_spent_are_not_time_saved(text: str) -> None:
    assert read_time_saved(text) is None


def test_a_span_points_at_the_words_it_read() -> None:
    text = "Q3 pack: saved me 2 hours, nice"
    found = read_time_saved(text)
    assert found is not None and text[found.start : found.end] == "2 hours"


def test_the_wins_store_reads_only_realised_savings() -> None:
    assert estimate_minutes_saved("saved 1.5h and 30 mins on the close") == 120
    assert estimate_minutes_saved("could save 2 hours if it read our exports") is None
    assert estimate_minutes_saved("would have saved me an afternoon if I'd known") is None
    assert estimate_minutes_saved("10 minutes instead of 2 hours") == 110


@given(st.text(max_size=300))
@example("9" * 40 + " hours saved")
@example("saved 9999 months")
@example("saved " + "a couple of " * 50 + "days")
def test_any_text_reads_as_a_sane_number_or_nothing(text: str) -> None:
    found = read_time_saved(text)
    if found is not None:
        assert 0 < found.saved.minutes <= MAX_MINUTES_SAVED
        assert 0 <= found.start < found.end <= len(text)
