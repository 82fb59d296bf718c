"""Socket Mode: the same listeners over the fake websocket; retries still count once."""

from __future__ import annotations

import copy

from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import payload, reaction_envelope, running


async def test_socket_mode_envelopes_are_acked_and_handled_once(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    async with running(database_url, fake, socket_mode=True, app_token="xapp-1-test") as server:
        await fake.wait_for_socket_mode_connection()
        assert fake.last_call("apps.connections.open").token == "xapp-1-test"
        recorded = payload("socket_mode_envelope_events_api_with_retry.json")
        for attempt, envelope_id in enumerate(["env-1", "env-2"]):
            envelope = copy.deepcopy(recorded)
            envelope.update(envelope_id=envelope_id, retry_attempt=attempt)
            envelope["payload"] = reaction_envelope("EvSocket", reaction="-1")
            await fake.send_socket_mode_envelope(envelope)
            ack = await fake.wait_for_socket_mode_ack(envelope_id)
            assert ack["envelope_id"] == envelope_id
        [item] = await server.wait_for_feedback(1)
        await server.drained()
        assert (item["rating"], item["source"]) == ("down", "reaction")
        assert len(await server.feedback()) == 1
        assert len(fake.calls("chat.postEphemeral")) == 1


async def test_slash_command_over_socket_mode_answers_in_the_ack(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    async with running(database_url, fake, socket_mode=True, app_token="xapp-1-test"):
        await fake.wait_for_socket_mode_connection()
        envelope = copy.deepcopy(payload("socket_mode_envelope_slash_command.json"))
        envelope["payload"].update(command="/groundswell", text="help", team_id="T111")
        await fake.send_socket_mode_envelope(envelope)
        ack = await fake.wait_for_socket_mode_ack(envelope["envelope_id"])
        assert "export-me" in ack["payload"]["text"]
