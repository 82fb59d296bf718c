"""GROUNDSWELL_LLM_* as an operator sets them: read, or refused with the variable named."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.configure import SettingsError, load_settings
from bot.settings import Settings


def load(**variables: str) -> Settings:
    with pytest.MonkeyPatch.context() as env:
        for name in list(os.environ):
            if name.startswith(("GROUNDSWELL_", "SLACK_", "MICROSOFT_")):
                env.delenv(name)
        for name, value in variables.items():
            env.setenv(name, value)
        return load_settings(env_file=None)


def problems(**variables: str) -> list[str]:
    with pytest.raises(SettingsError) as raised:
        load(**variables)
    return raised.value.problems


def test_unset_means_rules_only() -> None:
    llm = load().llm
    assert not llm.enabled and llm.api_key is None and llm.timeout_seconds == 4.0


def test_a_full_configuration_is_read_and_the_key_stays_secret() -> None:
    llm = load(
        GROUNDSWELL_LLM_URL="https://llm.example.com/v1",
        GROUNDSWELL_LLM_MODEL="gpt-4o-mini",
        GROUNDSWELL_LLM_API_KEY="sk-live-abc123",
        GROUNDSWELL_LLM_TIMEOUT_SECONDS="2.5",
    ).llm
    assert llm.enabled and llm.model == "gpt-4o-mini" and llm.timeout_seconds == 2.5
    assert llm.api_key is not None and llm.api_key.get_secret_value() == "sk-live-abc123"
    assert "sk-live-abc123" not in repr(llm)


def test_a_local_server_needs_no_key_and_may_use_plain_http() -> None:
    llm = load(GROUNDSWELL_LLM_URL="http://localhost:11434/v1", GROUNDSWELL_LLM_MODEL="llama3").llm
    assert llm.enabled and llm.api_key is None


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"GROUNDSWELL_LLM_URL": "https://llm.example.com/v1"}, "GROUNDSWELL_LLM_MODEL:"),
        (
            {"GROUNDSWELL_LLM_URL": "http://llm.example.com/v1", "GROUNDSWELL_LLM_MODEL": "m"},
            "GROUNDSWELL_LLM_URL: must start with https://",
        ),
        (
            {"GROUNDSWELL_LLM_URL": "http://localhost.evil.test/v1", "GROUNDSWELL_LLM_MODEL": "m"},
            "GROUNDSWELL_LLM_URL: must start with https://",
        ),
        ({"GROUNDSWELL_LLM_API_KEY": "changeme"}, "GROUNDSWELL_LLM_API_KEY: is a placeholder"),
        ({"GROUNDSWELL_LLM_TIMEOUT_SECONDS": "0"}, "GROUNDSWELL_LLM_TIMEOUT_SECONDS:"),
    ],
)
def test_a_bad_setting_is_one_line_naming_the_variable(
    variables: dict[str, str], expected: str
) -> None:
    found = problems(**variables)
    assert len(found) == 1 and found[0].startswith(expected)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_any_url_is_read_or_refused_naming_the_variable(url: str) -> None:
    try:
        llm = load(GROUNDSWELL_LLM_URL=url, GROUNDSWELL_LLM_MODEL="m").llm
    except SettingsError as error:
        assert all(problem.startswith("GROUNDSWELL_LLM_") for problem in error.problems)
        return
    assert llm.url is None or llm.url.startswith(("https://", "http://"))
