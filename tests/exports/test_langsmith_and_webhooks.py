"""The same feedback as LangSmith feedback and as signed Standard Webhooks events."""

from __future__ import annotations

import jsonschema

from bot.records import PersonRef, Platform
from tests.exports.support import (
    WEBHOOK_SECRET,
    export_settings,
    exporting,
    give_feedback,
    register_answer,
)
from tests.fakes import langsmith
from tests.fakes.langsmith import FakeLangSmith
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.fakes.webhook_receiver import FakeWebhookReceiver
from tests.slack.harness import TEAM


async def test_langsmith_gets_one_feedback_per_answer_updated_then_deleted(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    async with FakeLangSmith() as smith:
        settings = export_settings(
            langsmith_endpoint=smith.url, langsmith_api_key=langsmith.API_KEY
        )
        async with exporting(database_url, fake, settings) as server:
            output_id = await register_answer(server, trace_id="run-7")
            await give_feedback(
                server, output_id=output_id, user="U5", rating="down", key="a", comment="Stale"
            )
            await smith.wait_until(lambda: len(smith.feedback) == 1)
            [(feedback_id, first)] = smith.feedback.items()
            assert (first["run_id"], first["score"], first["comment"]) == ("run-7", 0, "Stale")
            assert first["feedback_source"]["metadata"]["channel"] == "C1"
            await give_feedback(server, output_id=output_id, user="U5", rating="up", key="b")
            await smith.wait_until(lambda: smith.feedback[feedback_id]["score"] == 1)
            assert list(smith.feedback) == [feedback_id]
            assert await server.services.people.forget(_person("U5"))
            await smith.wait_until(lambda: smith.deleted == [feedback_id])


async def test_webhooks_are_signed_events_one_per_change(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    async with FakeWebhookReceiver(WEBHOOK_SECRET) as hooks:
        settings = export_settings(webhook_url=hooks.hook_url, webhook_secret=WEBHOOK_SECRET)
        async with exporting(database_url, fake, settings) as server:
            # Webhooks take answers without a trace id too (a warehouse joins on the ref).
            output_id = await register_answer(server, trace_id=None)
            await give_feedback(server, output_id=output_id, user="U6", rating="up", key="a")
            await hooks.wait_until(lambda: len(hooks.events) == 1)
            await give_feedback(server, output_id=output_id, user="U6", rating="down", key="b")
            await hooks.wait_until(lambda: len(hooks.events) == 2)
            first, second = hooks.events
            assert first["type"] == second["type"] == "feedback.upserted"
            assert (first["data"]["value"], second["data"]["value"]) == (True, False)
            assert first["data"]["ref"] == second["data"]["ref"]
            assert len(set(hooks.ids)) == 2
            assert all(b"U6" not in body for body in hooks.bodies)
            await server.services.people.forget(_person("U6"))
            await hooks.wait_until(lambda: len(hooks.events) == 3)
            assert hooks.events[2]["type"] == "feedback.deleted"
            assert hooks.standing() == {}
            # Every event is what the OpenAPI document's `webhooks` says it is.
            async with server.http.get(f"{server.url}/api/v1/openapi.json") as response:
                document = await response.json()
            [operation] = document["webhooks"].values()
            schema = operation["post"]["requestBody"]["content"]["application/json"]["schema"]
            for event in hooks.events:
                jsonschema.validate(
                    event,
                    schema | {"components": document["components"]},
                    cls=jsonschema.Draft202012Validator,
                )


def _person(user: str) -> PersonRef:
    return PersonRef(platform=Platform.SLACK, tenant=TEAM, user_id=user)
