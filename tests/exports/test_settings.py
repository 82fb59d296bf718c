"""Export settings that cannot work stop start-up with one line naming the variable."""

from __future__ import annotations

import pytest

from bot.configure import SettingsError, load_settings

CASES = [
    ({"GROUNDSWELL_LANGFUSE_PUBLIC_KEY": "pk-lf-1"}, "GROUNDSWELL_LANGFUSE_SECRET_KEY"),
    ({"GROUNDSWELL_LANGFUSE_HOST": "http://langfuse.example.com"}, "GROUNDSWELL_LANGFUSE_HOST"),
    ({"GROUNDSWELL_LANGSMITH_API_KEY": "changeme"}, "GROUNDSWELL_LANGSMITH_API_KEY"),
    ({"GROUNDSWELL_WEBHOOK_URL": "https://hooks.example.com/gs"}, "GROUNDSWELL_WEBHOOK_SECRET"),
    (
        {"GROUNDSWELL_WEBHOOK_URL": "https://h.example.com", "GROUNDSWELL_WEBHOOK_SECRET": "abc"},
        "GROUNDSWELL_WEBHOOK_SECRET",
    ),
    ({"GROUNDSWELL_AI_TEAM": "U123"}, "GROUNDSWELL_AI_TEAM"),
    ({"GROUNDSWELL_EXPORT_CONCURRENCY": "0"}, "GROUNDSWELL_EXPORT_CONCURRENCY"),
]


@pytest.mark.parametrize(("env", "named"), CASES)
def test_unworkable_export_settings_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], named: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as refused:
        load_settings(None)
    assert any(problem.startswith(f"{named}:") for problem in refused.value.problems)


def test_each_destination_is_on_only_with_its_own_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GROUNDSWELL_LANGSMITH_API_KEY", "lsv2_pt_0123456789")
    monkeypatch.setenv("GROUNDSWELL_WEBHOOK_URL", "https://hooks.example.com/gs")
    monkeypatch.setenv("GROUNDSWELL_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    assert load_settings(None).exports.destinations() == ("langsmith", "webhook")
