"""Invokes whose value Teams would never send, and invokes we do not handle: a 400 naming the
field, before anything is stored (the SDK answered 501 and remembered the sender)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fakes.bot_connector import FakeBotConnector
from tests.support.server import count_rows
from tests.teams.support import activity, fixture_payload, running, settings_for

TABLES = ("people", "conversations", "feedback", "processed_events")
FEEDBACK = "message/submitAction"
CARD = "adaptiveCard/action"


@pytest.mark.parametrize(
    ("name", "value", "field"),
    [
        (FEEDBACK, "like", "value"),
        (FEEDBACK, 5, "value"),
        (FEEDBACK, None, "value"),
        (FEEDBACK, ["feedback"], "value"),
        (FEEDBACK, {"actionName": "feedback", "actionValue": "like"}, "value.actionValue"),
        (FEEDBACK, {"actionName": "feedback", "actionValue": 1}, "value.actionValue"),
        (FEEDBACK, {"actionName": "feedback"}, "value.actionValue"),
        (FEEDBACK, {"actionName": 7, "actionValue": {}}, "value.actionName"),
        (FEEDBACK, {"actionName": "somethingElse", "actionValue": {}}, "value.actionName"),
        (CARD, "x", "value"),
        (CARD, {"action": "submit"}, "value.action"),
        (CARD, {"trigger": "manual"}, "value.action"),
        ("composeExtension/query", {}, "name"),
        (None, {}, "name"),
    ],
)
async def test_malformed_invoke_values_get_400_naming_the_field_and_store_nothing(
    database_url: str, fake: FakeBotConnector, name: str | None, value: Any, field: str
) -> None:
    invoke = activity(fake.service_url, "invoke", name=name, value=value, replyToId="1700")
    if name is None:
        del invoke["name"]
    async with running(settings_for(database_url, fake)) as server:
        status, body = await server.post_activity(invoke)
    assert status == 400
    assert body["error"] == "invalid_activity"
    assert [item["field"] for item in body["fields"]] == [field]
    assert set(count_rows(database_url, *TABLES).values()) == {0}
    assert fake.calls == []


async def test_the_custom_feedback_form_invoke_is_refused_as_unhandled(
    database_url: str, fake: FakeBotConnector
) -> None:
    # Sent only when feedbackLoop.type is "custom"; we always ask for the default form.
    fetch_task = fixture_payload("invoke_message_fetchTask_feedback_custom.json")
    fetch_task.update(activity(fake.service_url, "invoke", name=fetch_task.get("name")))
    async with running(settings_for(database_url, fake)) as server:
        status, body = await server.post_activity(fetch_task)
    assert (status, body["fields"][0]["field"]) == (400, "name")
    assert set(count_rows(database_url, *TABLES).values()) == {0}
