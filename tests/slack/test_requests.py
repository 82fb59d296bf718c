"""Forged, replayed and odd requests: refused or ignored, and nothing changes."""

from __future__ import annotations

import logging
import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.fakes.slack_signing import signed_event, signed_interactivity
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import SECRET, Server, json_values, reaction_envelope


async def test_forged_signature_is_refused_and_nothing_stored(
    server: Server, fake: FakeSlackWebApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    body, headers = signed_event(reaction_envelope("Ev1", user="U9FORGED"), "not-the-secret")
    response = await server.post_signed(body, headers)
    assert response.status == 401
    await server.drained()
    assert await server.feedback() == []
    assert fake.calls() == []
    # Bolt's own refusal logs the whole body at INFO; ours must not reach it.
    assert not [r for r in caplog.records if "U9FORGED" in r.getMessage()]


async def test_replayed_request_older_than_five_minutes_is_refused(
    server: Server, fake: FakeSlackWebApi
) -> None:
    old = int(time.time()) - 6 * 60
    response = await server.event(reaction_envelope("Ev1"), timestamp=old)
    assert response.status == 401
    await server.drained()
    assert await server.feedback() == []
    assert fake.calls() == []


async def test_url_verification_answers_the_challenge(server: Server) -> None:
    body, headers = signed_event({"type": "url_verification", "challenge": "c-123"}, SECRET)
    async with server.http.post(
        f"{server.url}/slack/events", data=body, headers=headers
    ) as response:
        assert response.status == 200
        assert "c-123" in await response.text()


async def test_events_from_our_own_bot_are_ignored(server: Server, fake: FakeSlackWebApi) -> None:
    response = await server.event(reaction_envelope("Ev1", user="UGROUNDSWELL"))
    assert response.status == 200
    await server.drained()
    assert await server.feedback() == []
    assert {call.method for call in fake.calls()} <= {"auth.test"}


events = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["event_callback", "block_actions", "weird"]) | st.text(max_size=8),
        "team_id": st.none() | st.text(max_size=12),
        "event_id": st.none() | st.text(max_size=12) | st.integers(),
        "event": st.fixed_dictionaries(
            {
                "type": st.sampled_from(["reaction_added", "reaction_removed", "app_home_opened"]),
                "user": st.none() | st.text(max_size=12) | st.integers(),
                "reaction": st.none() | st.text(max_size=30),
                "item_user": st.none() | st.sampled_from(["U0AIBOT", "UX"]) | st.integers(),
                "item": json_values
                | st.fixed_dictionaries(
                    {
                        "type": st.sampled_from(["message", "file"]) | json_values,
                        "channel": json_values,
                        "ts": json_values,
                    }
                ),
                "event_ts": json_values,
            }
        )
        | json_values,
    }
)


FUZZ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


async def assert_handled_quietly(
    server: Server, caplog: pytest.LogCaptureFixture, sent: bytes, headers: dict[str, str]
) -> None:
    """200 handled or ignored, 404 no listener for that shape, 400 a shape Slack never sends;
    never a server error, and the work after the ack logs no error either."""
    response = await server.post_signed(sent, headers)
    assert response.status in (200, 400, 404), sent[:300]
    await server.drained()
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    health = await server.http.get(f"{server.url}/healthz")
    assert health.status == 200


@FUZZ
@given(envelope=events)
async def test_generated_event_bodies_never_crash_the_handler(
    server: Server, caplog: pytest.LogCaptureFixture, envelope: dict[str, object]
) -> None:
    caplog.clear()
    await assert_handled_quietly(server, caplog, *signed_event(envelope, SECRET))


interactions = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["block_actions", "view_submission", "message_action"])
        | st.text(max_size=8),
        "team": st.none() | st.fixed_dictionaries({"id": st.text(max_size=8)}) | json_values,
        "user": st.fixed_dictionaries({"id": st.text(min_size=1, max_size=8)}) | json_values,
        "trigger_id": st.none() | st.text(max_size=8),
        "actions": st.lists(
            st.fixed_dictionaries(
                {
                    "action_id": st.sampled_from(
                        ["groundswell_feedback", "share_win", "forget_me_cancel"]
                    )
                    | json_values,
                    "value": json_values,
                }
            )
            | json_values,
            max_size=2,
        )
        | json_values,
        "view": st.fixed_dictionaries(
            {
                "callback_id": st.sampled_from(
                    ["groundswell_feedback_modal", "groundswell_win_modal"]
                ),
                "private_metadata": st.text(max_size=20),
                "state": json_values,
            },
            optional={"type": st.just("modal") | json_values, "id": json_values},
        )
        | json_values,
    }
)


@FUZZ
@given(payload=interactions)
# Found by hypothesis on a fresh clone: an action without `action_id` crashed Bolt's matcher.
@example(payload={"type": "block_actions", "team": None, "user": {"id": "0"}, "actions": [{}]})
async def test_generated_interactivity_payloads_never_crash_the_handler(
    server: Server, caplog: pytest.LogCaptureFixture, payload: dict[str, object]
) -> None:
    caplog.clear()
    await assert_handled_quietly(server, caplog, *signed_interactivity(payload, SECRET))
