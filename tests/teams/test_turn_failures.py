"""A turn that fails is not acknowledged: Teams does not send an activity again once it got a
2xx, so a failure answers a server error instead of a 202 for work that was never done (and
the log names the kind of failure, never what the person wrote)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import create_engine, text

from storage.database import sync_url
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.support import activity, running, settings_for

MARKER = "zq-words-that-never-reach-the-log-5512"


def break_storage(database_url: str) -> None:
    """The conversations table gone: every turn fails where it stores the contact."""
    engine = create_engine(sync_url(database_url))
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE conversations"))
    finally:
        engine.dispose()


async def test_a_failed_turn_is_a_server_error_not_an_acknowledgement(
    database_url: str, fake: FakeBotConnector, caplog: pytest.LogCaptureFixture
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        break_storage(database_url)
        status, _ = await server.post_activity(activity(fake.service_url, text=MARKER))
    assert status >= 500
    assert fake.sent_activities == []
    assert not [r for r in caplog.records if MARKER in r.getMessage()]
    assert [r for r in caplog.records if r.levelno >= logging.ERROR]
