"""Comma-separated settings as operators type them in the environment: GROUNDSWELL_LEADS,
GROUNDSWELL_API_TOKENS, SLACK_ASSISTANTS. Read the same whatever the spacing, or refused
with the variable named; never a crash."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.configure import SettingsError, load_settings

# What an environment variable can hold (no NUL, no lone surrogates).
env_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60
)
ids = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:", min_size=1, max_size=12)
leads = st.tuples(st.sampled_from(["slack", "teams"]), ids).map(lambda pair: ":".join(pair))
spacing = st.sampled_from(["", " ", "  ", "\t"])


def load(**variables: str):  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as env:
        for name in list(__import__("os").environ):
            if name.startswith(("GROUNDSWELL_", "SLACK_", "MICROSOFT_")):
                env.delenv(name)
        for name, value in variables.items():
            env.setenv(name, value)
        return load_settings(env_file=None)


@given(st.lists(leads, max_size=5), spacing, spacing)
def test_leads_read_back_whatever_the_spacing(written: list[str], before: str, after: str) -> None:
    value = ",".join(f"{before}{lead}{after}" for lead in written) + (",," if written else "")
    assert load(GROUNDSWELL_LEADS=value).core.leads == written


@given(env_text)
def test_any_leads_value_is_read_or_refused_naming_the_variable(value: str) -> None:
    try:
        settings = load(GROUNDSWELL_LEADS=value)
    except SettingsError as error:
        assert all(problem.startswith("GROUNDSWELL_LEADS:") for problem in error.problems)
        return
    for lead in settings.core.leads:
        platform, _, user = lead.partition(":")
        assert platform in ("slack", "teams") and user
        assert lead == lead.strip() and "," not in lead


@given(st.lists(st.text(alphabet="abcdef0123456789-", min_size=16, max_size=24), max_size=4))
def test_api_tokens_and_assistants_split_on_commas(tokens: list[str]) -> None:
    settings = load(
        GROUNDSWELL_API_TOKENS=" , ".join(tokens), GROUNDSWELL_SLACK_ASSISTANTS=",".join(tokens)
    )
    assert settings.core.api_tokens == tokens
    assert settings.slack.assistants == tokens


@given(env_text)
def test_any_digest_channel_is_read_or_refused_naming_the_variable(value: str) -> None:
    try:
        settings = load(GROUNDSWELL_DIGEST_CHANNEL=value)
    except SettingsError as error:
        assert [problem.split(":")[0] for problem in error.problems] == [
            "GROUNDSWELL_DIGEST_CHANNEL"
        ]
        return
    channel = settings.reports.digest_channel
    if channel is not None:
        platform, _, where = channel.partition(":")
        assert platform in ("slack", "teams") and where.strip()


def test_a_digest_channel_reads_back() -> None:
    assert load(GROUNDSWELL_DIGEST_CHANNEL="slack:C0123ABCD").reports.digest_channel == (
        "slack:C0123ABCD"
    )
    with pytest.raises(SettingsError) as refused:
        load(GROUNDSWELL_DIGEST_CHANNEL="#general")
    assert "slack:<channel id>" in refused.value.problems[0]
