"""The Monday digest as a lead gets it in Slack: a Block Kit DM, and the full HTML report with
its charts shared in the message's thread."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.people.entries import DirectoryEntry, Source
from bot.records import PersonRef, Platform
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import TEAM, Server

LEAD = PersonRef(platform=Platform.SLACK, tenant=TEAM, user_id="ULEAD")
MONDAY_NINE_THIRTY = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)


async def test_the_lead_gets_the_digest_with_its_html_report_in_the_thread(
    server: Server, fake: FakeSlackWebApi
) -> None:
    await server.services.directory.store(
        [DirectoryEntry(ref=LEAD, name="Programme Lead", timezone="UTC")], source=Source.IMPORT
    )
    assert server.services.digests is not None
    assert await server.services.digests.tick(MONDAY_NINE_THIRTY) == 1

    [completed] = await fake.wait_for_call("files.completeUploadExternal", within=30)
    [posted] = fake.calls("chat.postMessage")
    assert posted.params["channel"] == "ULEAD"  # a user id: Slack posts in the bot's DM
    assert "Groundswell digest, week 2026-W48" in posted.params["text"]
    # Shared in the digest's own thread, in the DM the digest went to.
    [message] = fake.messages(completed.params["channel_id"])
    assert "week 2026-W48" in message["text"]
    assert completed.params["thread_ts"] == message["ts"]
    [file] = completed.json_param("files")
    assert file["title"] == "groundswell-digest-2026-W48.html"
    html = fake.uploads[file["id"]].decode("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert html.count('<img src="data:image/png;base64,') == 3

    # Sent once: the scheduler firing again shares nothing more.
    assert await server.services.digests.tick(MONDAY_NINE_THIRTY) == 0
    await server.drained()
    assert len(fake.calls("files.completeUploadExternal")) == 1
