"""Fixtures for exports: the fake Slack Web API, and no stray settings from the shell."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import BOT_USER, TEAM

PREFIXES = (
    "SLACK_",
    "GROUNDSWELL_SLACK_",
    "GROUNDSWELL_LANGFUSE_",
    "GROUNDSWELL_LANGSMITH_",
    "GROUNDSWELL_WEBHOOK_",
    "GROUNDSWELL_EXPORT_",
)


@pytest.fixture(autouse=True)
def no_stray_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(PREFIXES):
            monkeypatch.delenv(name)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlackWebApi]:
    async with FakeSlackWebApi(bot_user_id=BOT_USER, bot_id="BGROUNDSWELL", team_id=TEAM) as api:
        yield api
