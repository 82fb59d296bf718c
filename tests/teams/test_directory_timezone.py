"""Teams activities fill the directory: `from.name` and `localTimezone` land on the person,
without overriding what the organisation's own list says (bot/people/profiles.py)."""

from __future__ import annotations

from bot.people.entries import DirectoryEntry, Source
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.support import ALICE, activity, running, settings_for


async def test_local_timezone_fills_the_directory_and_respects_an_import(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        people, directory = server.services.people, server.services.directory
        said = activity(fake.service_url, text="help", localTimezone="Europe/Berlin")
        assert (await server.post_activity(said))[0] in (200, 202)
        alice = await people.find(ALICE)
        assert alice is not None
        assert (alice.timezone, alice.timezone_source) == ("Europe/Berlin", "teams")
        # The directory says otherwise: it wins over what Teams keeps saying.
        await directory.store(
            [DirectoryEntry(ref=ALICE, name="Alice A.", timezone="America/New_York")],
            source=Source.IMPORT,
        )
        again = activity(fake.service_url, text="help", localTimezone="Europe/Berlin")
        assert (await server.post_activity(again))[0] in (200, 202)
        alice = await people.find(ALICE)
        assert alice is not None
        assert (alice.timezone, alice.display_name) == ("America/New_York", "Alice A.")
        # Alice travels and Teams reports a new zone: newer than the file.
        moved = activity(fake.service_url, text="help", localTimezone="Asia/Tokyo")
        assert (await server.post_activity(moved))[0] in (200, 202)
        alice = await people.find(ALICE)
        assert alice is not None
        assert (alice.timezone, alice.timezone_source) == ("Asia/Tokyo", "teams")
