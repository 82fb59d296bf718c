"""The arithmetic a lead trusts without checking: Wilson intervals, the noise test, ISO weeks,
and the themes comments fall into."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.reports.stats import beyond_noise, wilson_interval
from bot.reports.themes import group_comments
from bot.reports.weeks import IsoWeek


@pytest.mark.parametrize(
    ("successes", "total", "low", "high"),
    [
        # Published values (e.g. Newcombe 1998, Table I; any Wilson calculator).
        (8, 10, 0.4902, 0.9433),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (81, 263, 0.2553, 0.3662),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_published_values(
    successes: int, total: int, low: float, high: float
) -> None:
    interval = wilson_interval(successes, total)
    assert interval is not None
    assert interval[0] == pytest.approx(low, abs=1e-4)
    assert interval[1] == pytest.approx(high, abs=1e-4)


def test_no_ratings_no_interval() -> None:
    assert wilson_interval(0, 0) is None


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_the_interval_holds_the_rate_and_stays_in_zero_one(successes: int, total: int) -> None:
    successes = min(successes, total)
    interval = wilson_interval(successes, total)
    assert interval is not None
    assert 0.0 <= interval[0] <= successes / total <= interval[1] <= 1.0


def test_a_real_fall_is_beyond_noise_and_a_wobble_is_not() -> None:
    assert beyond_noise(8, 20, 19, 20)
    assert not beyond_noise(8, 10, 9, 10)
    assert not beyond_noise(0, 0, 5, 10)


def test_iso_weeks() -> None:
    week = IsoWeek.parse("2026-W47")
    assert week.start == datetime(2026, 11, 16, tzinfo=UTC)
    assert str(week.shift(-47)) == "2025-W52"
    assert str(IsoWeek.parse("2026-W01").shift(-1)) == "2025-W52"
    assert str(IsoWeek.last_complete(datetime(2026, 11, 23, 9, tzinfo=UTC))) == "2026-W47"
    with pytest.raises(ValueError, match="has no week 53"):
        IsoWeek.parse("2025-W53")


@given(st.text(max_size=40))
def test_any_week_text_parses_or_is_refused_by_name(text: str) -> None:
    try:
        week = IsoWeek.parse(text)
    except ValueError as error:
        assert "2026-W47" in str(error) or "has no week" in str(error)
    else:
        assert str(week) == text.strip()


def test_similar_comments_share_a_theme() -> None:
    themes = group_comments(
        [
            "The expense policy it quoted is outdated",
            "Outdated policy on meals",
            "policy is outdated again",
            "Wrong VAT rate for Germany",
            "wrong tax rate",
            "no idea",
        ]
    )
    assert [(theme.label, len(theme.comments)) for theme in themes] == [
        ("outdated policy", 3),
        ("rate wrong", 2),
        ("other", 1),
    ]


@given(st.lists(st.text(max_size=200), max_size=40))
def test_every_comment_lands_in_exactly_one_theme(texts: list[str]) -> None:
    themes = group_comments(texts)
    placed = sorted(index for theme in themes for index in theme.comments)
    assert placed == list(range(len(texts)))
    assert len(themes) <= 7
