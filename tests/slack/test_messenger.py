"""SlackMessenger against the fake Web API: DMs, channels, updates, ephemerals, 429s, pacing."""

from __future__ import annotations

import asyncio
import time

import pytest

from adapters.slack.client import build_client
from adapters.slack.messenger import SlackMessenger
from adapters.slack.pacer import Pacer
from bot.chat.messenger import Choice, Outgoing, Unreachable
from bot.records import PersonRef, Place, Platform
from bot.settings import SlackSettings
from tests.fakes.slack_web_api import FakeSlackWebApi

PERSON = PersonRef(platform=Platform.SLACK, tenant="T111", user_id="U1PERSON")
NOTE = Outgoing(
    kind="digest",
    ref_id="run-7",
    title="Weekly",
    text="12 wins this week",
    choices=(Choice(label="Open", action="open_digest", value="7", primary=True),),
)


def messenger(fake: FakeSlackWebApi, pacer: Pacer | None = None) -> SlackMessenger:
    settings = SlackSettings(_env_file=None, bot_token="xoxb-test", api_url=fake.url)

    async def token(_team: str) -> str:
        return "xoxb-test"

    return SlackMessenger(build_client(settings), token, pacer or Pacer(per_second=100, burst=100))


async def test_dm_posts_to_the_person_with_metadata(fake: FakeSlackWebApi) -> None:
    """chat.postMessage to the user id: one call per DM (no conversations.open)."""
    ref = await messenger(fake).send_dm(PERSON, NOTE)
    posted = fake.last_call("chat.postMessage")
    assert fake.calls("conversations.open") == []
    assert posted.params["channel"] == "U1PERSON" and ref.channel.startswith("D")
    assert posted.json_param("metadata") == {
        "event_type": "groundswell_message",
        "event_payload": {"kind": "digest", "ref_id": "run-7"},
    }
    blocks = posted.json_param("blocks")
    assert [b["type"] for b in blocks] == ["header", "section", "actions"]
    assert posted.token == "xoxb-test"


async def test_channel_post_update_and_ephemeral(fake: FakeSlackWebApi) -> None:
    slack = messenger(fake)
    ref = await slack.post_to_channel("T111", "C1", NOTE, thread="1.000")
    await slack.update_message(ref, NOTE.model_copy(update={"text": "answered", "choices": ()}))
    await slack.post_ephemeral(
        PERSON, Place(platform=Platform.SLACK, tenant="T111", channel="C1"), NOTE
    )
    assert fake.last_call("chat.postMessage").params["thread_ts"] == "1.000"
    update = fake.last_call("chat.update")
    assert (update.params["ts"], update.params["text"]) == (ref.message_id, "answered")
    assert update.json_param("metadata")["event_payload"]["ref_id"] == "run-7"
    assert fake.last_call("chat.postEphemeral").params["user"] == "U1PERSON"


async def test_429_waits_for_retry_after_then_succeeds(fake: FakeSlackWebApi) -> None:
    fake.fail_next("chat.postMessage", status=429, retry_after=1)
    started = time.monotonic()
    await messenger(fake).post_to_channel("T111", "C1", NOTE)
    assert time.monotonic() - started >= 1.0
    assert len(fake.calls("chat.postMessage")) == 2
    assert len(fake.messages("C1")) == 1


async def test_unreachable_person_is_reported_as_such(fake: FakeSlackWebApi) -> None:
    fake.fail_next("chat.postMessage", status=200, error="user_not_found")
    with pytest.raises(Unreachable):
        await messenger(fake).send_dm(PERSON, NOTE)


async def test_one_pacer_spaces_posts_from_every_sender(fake: FakeSlackWebApi) -> None:
    pacer = Pacer(per_second=20, burst=2)
    first, second = messenger(fake, pacer), messenger(fake, pacer)
    started = time.monotonic()
    await asyncio.gather(
        *(m.post_to_channel("T111", f"C{i}", NOTE) for i, m in enumerate([first, second] * 3))
    )
    # 6 posts, burst of 2, then 20/s: at least 4 × 50 ms, whichever messenger sent them.
    assert time.monotonic() - started >= 0.19
    stamps = sorted(call.at for call in fake.calls("chat.postMessage"))
    assert len(stamps) == 6
