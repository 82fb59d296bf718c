"""'Forget me' holds: whatever a forgotten person does next, nothing about them is stored again
until they opt in, and the tombstone that recognises them is keyed with the server secret."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

import aiohttp
import pytest
from sqlalchemy import text

from bot.chat.answers import Answer
from bot.chat.commands import Invocation
from bot.errors import PersonForgotten
from bot.feedback.prompts import FOLLOWUP_SUBMIT, WIN_SUBMIT
from bot.feedback.service import FeedbackService
from bot.people.service import PeopleService
from bot.records import (
    FeedbackEvent,
    FeedbackSource,
    MessageRef,
    OutputRegistration,
    PersonRef,
    Platform,
    Rating,
)
from bot.secrets import derive_keys
from bot.services import Services, build_services
from storage.database import Database
from tests.support.secrets import FINGERPRINT_KEY
from tests.support.server import count_rows, make_settings, running_app

ALICE = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_ALICE")
NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
PERSONAL_TABLES = ("people", "feedback", "wins")
FORGOTTEN_REPLY = "You asked Groundswell to forget you"
API_TOKEN = "privacy-api-token-0123456789abcdef"


def subject(ref: PersonRef) -> bytes:
    return f"{ref.platform.value}\x1f{ref.tenant}\x1f{ref.user_id}".encode()


class Alice:
    """Alice, doing everything a person can do through Slack, Teams or a relayed API call."""

    def __init__(self, services: Services, output_id: int) -> None:
        self.services = services
        self.output_id = output_id
        self.count = 0

    def key(self) -> str:
        self.count += 1
        return f"alice-{self.count}"

    async def says(self, words: str) -> str:
        reply = await self.services.commands.handle(
            Invocation(person=ALICE, text=words, key=self.key(), at=NOW)
        )
        return reply.text

    async def reacts(self, rating: Rating = Rating.DOWN) -> None:
        await self.services.feedback.record(
            FeedbackEvent(
                key=self.key(),
                person=ALICE,
                output_id=self.output_id,
                rating=rating,
                source=FeedbackSource.REACTION,
                occurred_at=NOW,
            )
        )

    async def submits(self, action: str, **inputs: str) -> str:
        answer = Answer(
            key=self.key(),
            person=ALICE,
            action=action,
            value=str(self.output_id),
            inputs=inputs,
            occurred_at=NOW,
        )
        return (await self.services.answers.handle(answer)).text


async def started(database_url: str) -> tuple[Services, Alice]:
    services = build_services(make_settings(database_url))
    output = await services.outputs.register(
        OutputRegistration(
            message=MessageRef(
                platform=Platform.SLACK, tenant="T1", channel="C1", message_id="1.2"
            ),
            assistant="helper",
        )
    )
    return services, Alice(services, output.id)


async def test_a_forgotten_person_stays_forgotten_whatever_they_do_until_they_opt_in(
    database_url: str,
) -> None:
    services, alice = await started(database_url)
    await alice.reacts(Rating.UP)
    await services.commands.confirm_forget(ALICE)
    assert count_rows(database_url, *PERSONAL_TABLES) == dict.fromkeys(PERSONAL_TABLES, 0)

    replies = [
        await alice.says("optout"),
        await alice.says("feedback it cited last year's policy"),
        await alice.says("win saved 2 hours"),
        await alice.submits(FOLLOWUP_SUBMIT, comment="still wrong", reason="incorrect"),
        await alice.submits(WIN_SUBMIT, text="finished the board pack", share="yes"),
    ]
    with pytest.raises(PersonForgotten):
        await alice.reacts(Rating.DOWN)
    # Teams' first contact (and a proactive 1:1 chat being opened) goes through `see`.
    seen = await services.people.see(ALICE, display_name="Alice", timezone="Europe/Berlin")
    stored = count_rows(database_url, *PERSONAL_TABLES)

    await alice.says("optin")
    await alice.reacts(Rating.DOWN)
    back = await services.people.find(ALICE)
    after = count_rows(database_url, *PERSONAL_TABLES)
    await services.close()

    assert stored == dict.fromkeys(PERSONAL_TABLES, 0)
    assert seen is None
    assert [FORGOTTEN_REPLY in reply for reply in replies] == [False, True, True, True, True]
    assert back is not None and not back.opted_out
    assert after == {"people": 1, "feedback": 1, "wins": 0}


async def test_an_api_write_for_a_forgotten_person_is_accepted_and_not_stored(
    database_url: str,
) -> None:
    settings = make_settings(database_url, api_tokens=[API_TOKEN])
    async with running_app(settings) as (url, services):
        await services.people.forget(ALICE)
        async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {API_TOKEN}"}) as http:
            async with http.post(
                f"{url}/api/v1/feedback",
                json={
                    "event_id": "e-1",
                    "platform": "slack",
                    "workspace": "T1",
                    "user": "U_ALICE",
                    "comment": "please keep this",
                },
            ) as response:
                status = response.status
        stored = count_rows(database_url, *PERSONAL_TABLES)
    assert status == 202
    assert stored == dict.fromkeys(PERSONAL_TABLES, 0)


async def test_the_tombstone_is_keyed_with_the_server_secret(database: Database) -> None:
    people = PeopleService(database, [], fingerprint_key=FINGERPRINT_KEY)
    await people.see(ALICE)
    await people.forget(ALICE)
    stored = await database.run(
        lambda s: s.execute(text("SELECT subject_hash, keyed FROM forgotten_people")).all()
    )
    other_secret = derive_keys("another-server-secret-0123456789abcdef").fingerprints
    elsewhere = PeopleService(database, [], fingerprint_key=other_secret)

    keyed = hmac.new(FINGERPRINT_KEY, subject(ALICE), hashlib.sha256).hexdigest()
    assert [(row[0], bool(row[1])) for row in stored] == [(keyed, True)]
    # Anyone with the member list can compute plain SHA-256: it must not match.
    assert stored[0][0] != hashlib.sha256(subject(ALICE)).hexdigest()
    # Under another secret the same tombstone recognises nobody.
    assert await elsewhere.see(ALICE) is not None


async def test_a_legacy_tombstone_is_honoured_and_rekeyed_by_the_next_event(
    database: Database,
) -> None:
    legacy = hashlib.sha256(subject(ALICE)).hexdigest()
    await database.run(
        lambda s: s.execute(
            text(
                "INSERT INTO forgotten_people (subject_hash, keyed, forgotten_at) "
                "VALUES (:hash, false, :at)"
            ),
            {"hash": legacy, "at": NOW.replace(tzinfo=None)},
        )
    )
    feedback = FeedbackService(database, fingerprint_key=FINGERPRINT_KEY)
    with pytest.raises(PersonForgotten):
        await feedback.record(
            FeedbackEvent(
                key="legacy-1",
                person=ALICE,
                comment="hello again",
                source=FeedbackSource.COMMAND,
                occurred_at=NOW,
            )
        )
    stored = await database.run(
        lambda s: s.execute(text("SELECT subject_hash, keyed FROM forgotten_people")).all()
    )
    people = await database.run(lambda s: s.scalar(text("SELECT count(*) FROM people")))
    keyed = hmac.new(FINGERPRINT_KEY, subject(ALICE), hashlib.sha256).hexdigest()
    assert [(row[0], bool(row[1])) for row in stored] == [(keyed, True)]
    assert people == 0
