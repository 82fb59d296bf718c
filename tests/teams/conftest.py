from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.fakes.bot_connector import FakeBotConnector


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotConnector]:
    async with FakeBotConnector() as connector:
        yield connector
