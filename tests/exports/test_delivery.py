"""Delivery through outages, refusals and forgetting: nothing lost, nothing doubled."""

from __future__ import annotations

import json

from tests.exports.support import (
    export_settings,
    exporting,
    give_feedback,
    langfuse_settings,
    register_answer,
    wait_for_metric,
    wait_for_status,
)
from tests.fakes.langfuse import FakeLangfuse
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import TEAM, reaction_envelope

ANSWERS = 6
PEOPLE = 4


async def test_a_destination_down_then_back_gets_every_opinion_at_its_latest(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    async with FakeLangfuse() as langfuse:
        settings = export_settings(**langfuse_settings(langfuse.url))
        async with exporting(database_url, fake, settings) as server:
            langfuse.down = True
            outputs = [
                await register_answer(server, trace_id=f"t{n}", ts=f"1700000000.00{n:04d}")
                for n in range(ANSWERS)
            ]
            latest: dict[tuple[str, str], int] = {}
            for round_ in range(3):
                for n, output_id in enumerate(outputs):
                    for p in range(PEOPLE):
                        rating = "up" if (n + p + round_) % 2 else "down"
                        await give_feedback(
                            server,
                            output_id=output_id,
                            user=f"U{p}",
                            rating=rating,
                            key=f"{round_}-{n}-{p}",
                        )
                        latest[(f"t{n}", f"U{p}")] = 1 if rating == "up" else 0
            await langfuse.wait_until(lambda: langfuse.refused >= 10)
            assert langfuse.scores == {}
            langfuse.down = False
            await langfuse.wait_until(lambda: len(langfuse.scores) == ANSWERS * PEOPLE, within=10)
            # Each opinion's last write holds its last value: in order per feedback.
            by_trace: dict[str, list[int]] = {}
            for score in langfuse.scores.values():
                by_trace.setdefault(score["traceId"], []).append(score["value"])
            for n in range(ANSWERS):
                wanted = sorted(latest[(f"t{n}", f"U{p}")] for p in range(PEOPLE))
                assert sorted(by_trace[f"t{n}"]) == wanted
            counted = 'groundswell_exports_total{destination="langfuse",outcome="sent"}'
            sent = f"{counted} {float(ANSWERS * PEOPLE)}"
            metrics = await wait_for_metric(server, sent)
            assert 'groundswell_exports_total{destination="langfuse",outcome="retried"}' in metrics
            # The lag is measured at most once a second: it comes back to 0 once all is sent.
            await wait_for_metric(
                server, 'groundswell_export_lag_seconds{destination="langfuse"} 0.0'
            )


async def test_a_permanent_refusal_is_parked_with_its_reason(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    async with FakeLangfuse() as langfuse:
        settings = export_settings(
            **langfuse_settings(langfuse.url, langfuse_public_key="pk-lf-wrong")
        )
        async with exporting(database_url, fake, settings) as server:
            output_id = await register_answer(server, trace_id="t1")
            await give_feedback(server, output_id=output_id, user="U1", rating="up", key="k")
            status = await wait_for_status(server, lambda found: found.failed == 1)
            assert (status.failed, status.pending, status.last_error) == (1, 0, "http_401")
            assert langfuse.scores == {}


async def test_forget_me_deletes_the_persons_scores_and_says_where(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    async with FakeLangfuse() as langfuse:
        settings = export_settings(**langfuse_settings(langfuse.url))
        async with exporting(database_url, fake, settings) as server:
            await register_answer(server, trace_id="t1", ts="1700000000.000100")
            await register_answer(server, trace_id="t2", ts="1700000000.000200")
            await server.event(reaction_envelope("Ev1", reaction="+1"))
            await server.event(reaction_envelope("Ev2", reaction="-1", ts="1700000000.000200"))
            await server.event(reaction_envelope("Ev3", reaction="+1", user="U2OTHER"))
            await langfuse.wait_until(lambda: len(langfuse.scores) == 3)
            others = {
                sid
                for sid, s in langfuse.scores.items()
                if s["metadata"]["user"] != _mine(langfuse)
            }
            await server.command("forget-me")
            click = {
                "type": "block_actions",
                "user": {"id": "U1PERSON", "team_id": TEAM},
                "team": {"id": TEAM},
                "channel": {"id": "C1"},
                "container": {"type": "message", "message_ts": "1.2", "channel_id": "C1"},
                "trigger_id": "t1",
                "response_url": fake.response_url(),
                "actions": [
                    {
                        "type": "button",
                        "action_id": "forget_me_confirm",
                        "value": "forget_me_confirm",
                        "action_ts": "1700000000.1",
                    }
                ],
            }
            assert (await server.interact(click)).status == 200
            [note] = await fake.wait_for_call("response_url")
            assert "Langfuse" in note.params["text"] and "deleted" in note.params["text"]
            await langfuse.wait_until(lambda: len(langfuse.deleted) == 2)
            assert set(langfuse.scores) == others
            assert "U1PERSON" not in json.dumps(langfuse.requests)


def _mine(langfuse: FakeLangfuse) -> str:
    """The pseudonym on the scores of U1PERSON (the first two reactions)."""
    firsts = [s for s in langfuse.scores.values() if s["traceId"] == "t2"]
    return str(firsts[0]["metadata"]["user"])


async def test_opting_out_withdraws_scores_and_raw_ids_only_when_asked_for(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    async with FakeLangfuse() as langfuse:
        settings = export_settings(**langfuse_settings(langfuse.url), export_raw_user_ids=True)
        async with exporting(database_url, fake, settings) as server:
            await register_answer(server, trace_id="t1")
            await server.event(reaction_envelope("Ev1", reaction="+1"))
            await langfuse.wait_until(lambda: len(langfuse.scores) == 1)
            [score] = langfuse.scores.values()
            assert score["metadata"]["user"] == "slack:U1PERSON"
            status, _ = await server.command("optout")
            assert status == 200
            await langfuse.wait_until(lambda: langfuse.deleted == [score["id"]])
            # Rating again while opted out exports nothing.
            await server.event(reaction_envelope("Ev2", reaction="-1"))
            await server.drained()
            await wait_for_status(server, lambda found: found.pending == 0)
            assert langfuse.scores == {}
