"""The advocacy settings: an invitation template with an unknown placeholder, or a minimum of
one win day, is refused at start-up naming the variable."""

from __future__ import annotations

import pytest

from bot.configure import SettingsError, load_settings


def problems_with(monkeypatch: pytest.MonkeyPatch, **env: str) -> list[str]:
    monkeypatch.setenv("GROUNDSWELL_DATABASE_URL", "sqlite:///x.db")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    try:
        load_settings(None)
    except SettingsError as error:
        return error.problems
    return []


def test_defaults_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GROUNDSWELL_DATABASE_URL", "sqlite:///x.db")
    settings = load_settings(None)
    assert (settings.advocacy.half_life_days, settings.advocacy.min_win_days) == (30.0, 2)
    assert "{explanation}" in settings.advocacy.invitation


def test_an_unknown_placeholder_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    [problem] = problems_with(
        monkeypatch, GROUNDSWELL_ADVOCATE_INVITATION="Hi {first_name}, want to be a champion?"
    )
    assert problem.startswith("GROUNDSWELL_ADVOCATE_INVITATION")
    assert "'first_name'" in problem


def test_one_win_day_is_not_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    [problem] = problems_with(monkeypatch, GROUNDSWELL_ADVOCATE_MIN_WIN_DAYS="1")
    assert problem.startswith("GROUNDSWELL_ADVOCATE_MIN_WIN_DAYS")
