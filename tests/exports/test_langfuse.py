"""Chat feedback as Langfuse scores: one score per person and answer, kept up to date."""

from __future__ import annotations

import time

from bot.exports.change import pseudonym
from bot.records import Platform
from tests.exports.support import (
    export_settings,
    exporting,
    give_feedback,
    langfuse_settings,
    register_answer,
    wait_for_metric,
)
from tests.fakes.langfuse import FakeLangfuse
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import TEAM, reaction_envelope
from tests.slack.test_interactions import submission

NOT_EXPORTABLE = 'groundswell_exports_total{destination="langfuse",outcome="not_exportable"} 1.0'


async def test_a_thumbs_down_with_a_comment_in_slack_is_one_score_then_updated_by_a_thumbs_up(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    async with FakeLangfuse() as langfuse:
        settings = export_settings(**langfuse_settings(langfuse.url))
        async with exporting(database_url, fake, settings) as server:
            await register_answer(server, trace_id="trace-leave-42")
            started = time.monotonic()
            await server.event(reaction_envelope("Ev1", reaction="-1"))
            [ephemeral] = await fake.wait_for_call("chat.postEphemeral")
            button = ephemeral.json_param("blocks")[1]["elements"][0]
            meta = {"form": "what_went_wrong", "value": button["value"]}
            filled = submission(
                "groundswell_form",
                meta,
                {
                    "reason": {
                        "value": {"type": "radio_buttons", "selected_option": {"value": "wrong"}}
                    },
                    "comment": {
                        "value": {"type": "plain_text_input", "value": "Cites the 2023 policy"}
                    },
                },
            )
            assert (await server.interact(filled)).status == 200
            await langfuse.wait_until(
                lambda: any(s.get("comment") for s in langfuse.scores.values()), within=5
            )
            assert time.monotonic() - started < 5
            [score] = langfuse.scores.values()
            assert (score["traceId"], score["value"], score["dataType"]) == (
                "trace-leave-42",
                0,
                "BOOLEAN",
            )
            assert "Cites the 2023 policy" in score["comment"] and "wrong" in score["comment"]
            metadata = score["metadata"]
            assert metadata["channel"] == "C1" and metadata["workspace"] == TEAM
            assert metadata["permalink"] == "https://slack.com/archives/C1/p1700000000000100"
            assert (metadata["assistant"], metadata["use_case"]) == ("helpdesk", "hr")
            assert metadata["source"] == "reaction"
            # A keyed pseudonym, never the platform id.
            assert "U1PERSON" not in str(score)
            assert metadata["user"] == pseudonym(
                server.services.keys.pseudonyms,
                platform=Platform.SLACK,
                tenant=TEAM,
                user_id="U1PERSON",
            )

            await server.event(reaction_envelope("Ev2", reaction="+1"))
            await langfuse.wait_until(
                lambda: [s["value"] for s in langfuse.scores.values()] == [1], within=5
            )
            assert list(langfuse.scores) == [score["id"]]  # the same score, updated


async def test_retracting_the_only_rating_deletes_the_score(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    async with FakeLangfuse() as langfuse:
        settings = export_settings(**langfuse_settings(langfuse.url))
        async with exporting(database_url, fake, settings) as server:
            await register_answer(server, trace_id="trace-1")
            await server.event(reaction_envelope("Ev1", reaction="+1"))
            await langfuse.wait_until(lambda: len(langfuse.scores) == 1)
            [score_id] = langfuse.scores
            await server.event(reaction_envelope("Ev2", reaction="+1", removed=True))
            await langfuse.wait_until(lambda: langfuse.deleted == [score_id])
            assert langfuse.scores == {}


async def test_answers_without_a_trace_id_are_counted_not_exportable(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    async with FakeLangfuse() as langfuse:
        settings = export_settings(**langfuse_settings(langfuse.url))
        async with exporting(database_url, fake, settings) as server:
            output_id = await register_answer(server, trace_id=None)
            await give_feedback(server, output_id=output_id, user="U2", rating="down", key="k1")
            await wait_for_metric(server, NOT_EXPORTABLE)
            assert langfuse.requests == []
