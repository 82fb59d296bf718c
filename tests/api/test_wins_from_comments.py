"""A comment sent through the ingestion API is read for a win: a win is stored with the
answer's use case and the detector's reading; a complaint is only feedback."""

from __future__ import annotations

import aiohttp

from bot.records import PersonRef, Platform
from tests.api.support import OUTPUT, TOKEN, Api, feedback
from tests.support.server import make_settings, running_app


async def test_api_comments_are_read_for_wins(database_url: str) -> None:
    settings = make_settings(database_url, api_tokens=[TOKEN])
    async with running_app(settings) as (url, services), aiohttp.ClientSession() as http:
        api = Api(url, http)
        _, output = await api.post("/api/v1/outputs", OUTPUT)
        won = "Reconciled the supplier statements with it, done in 20 minutes instead of 2 hours"
        moaned = "It used last year's VAT rate again"
        first = await api.post(
            "/api/v1/feedback", feedback("e1", output_id=output["id"], comment=won)
        )
        second = await api.post(
            "/api/v1/feedback",
            feedback("e2", user="U2", rating="down", output_id=output["id"], comment=moaned),
        )
        winner = await services.wins.list_for(
            PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U1")
        )
        moaner = await services.wins.list_for(
            PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U2")
        )
    assert (first[0], second[0]) == (201, 201)
    assert [(w.source.value, w.use_case, w.minutes_saved, w.detected) for w in winner] == [
        ("api", "reconciliations", 100, True)
    ]
    assert moaner == []
