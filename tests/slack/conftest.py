"""Fixtures for the Slack adapter: the fake Web API and a running server wired to it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import BOT_USER, TEAM, Server, running


@pytest.fixture(autouse=True)
def no_slack_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bolt and our settings read SLACK_* variables: a developer's shell must not leak in."""
    for name in list(os.environ):
        if name.startswith(("SLACK_", "GROUNDSWELL_SLACK_")):
            monkeypatch.delenv(name)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlackWebApi]:
    async with FakeSlackWebApi(bot_user_id=BOT_USER, bot_id="BGROUNDSWELL", team_id=TEAM) as api:
        yield api


@pytest.fixture
async def server(database_url: str, fake: FakeSlackWebApi) -> AsyncIterator[Server]:
    async with running(database_url, fake) as started:
        yield started
