"""A running Groundswell with the ingestion API on, per test, on each database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from tests.api.support import TOKEN, Api
from tests.support.server import make_settings, running_app


@pytest.fixture
async def api(database_url: str) -> AsyncIterator[Api]:
    async with (
        running_app(make_settings(database_url, api_tokens=[TOKEN, "second-token"])) as (
            url,
            _services,
        ),
        aiohttp.ClientSession() as http,
    ):
        yield Api(url, http)
