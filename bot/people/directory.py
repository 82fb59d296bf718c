"""The people directory: departments, emails and timezones from the organisation's own list,
names, titles and timezones from the platforms, and the audience group of each person.

Surveys, advocate ranking and digests read people through here:
`group_of(person)` (business / it / ai_team) and `refresh(ref)` / `timezone_of(ref)`, which
ask the platform for a profile at most once a day per person.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.chat.messenger import RateLimited
from bot.people.entries import DirectoryEntry, Source
from bot.people.groups import AudienceGroup, AudienceGroups
from bot.people.profiles import REFRESH_AFTER_SECONDS, ProfileSource, profile_changes
from bot.records import Person, PersonRef, Platform
from storage.database import Database, Session
from storage.repositories import directory as directory_repo
from storage.repositories import people as people_repo

log = logging.getLogger(__name__)

# What one unit of work stores; the importer and the API hand batches of at most this.
BATCH = 1000


@dataclass
class Stored:
    """What storing a batch did; `forgotten` are the batch's indices not stored because the
    person asked to be forgotten (never re-created)."""

    created: int = 0
    updated: int = 0
    forgotten: list[int] = field(default_factory=list)


class Directory:
    def __init__(
        self, database: Database, *, fingerprint_key: bytes, groups: AudienceGroups
    ) -> None:
        self._db = database
        self._fingerprint_key = fingerprint_key
        self.groups = groups
        self._sources: dict[Platform, ProfileSource] = {}

    def use(self, platform: Platform, source: ProfileSource) -> None:
        """An adapter registers how its platform's profiles are fetched."""
        self._sources[platform] = source

    def group_of(self, person: Person) -> AudienceGroup:
        return self.groups.of(person)

    async def store(
        self, entries: Sequence[DirectoryEntry], *, source: Source, write: bool = True
    ) -> Stored:
        """Upsert one batch (at most BATCH entries, each person once) in one unit of work;
        `write=False` only says what storing would do (a dry run)."""
        if len(entries) > BATCH:
            raise ValueError(f"at most {BATCH} entries per batch")
        refs = [entry.ref for entry in entries]

        def work(session: Session) -> Stored:
            forgotten = directory_repo.find_forgotten(
                session, refs, fingerprint_key=self._fingerprint_key
            )
            existing = directory_repo.find_existing(session, refs)
            result = Stored()
            rows = []
            for index, entry in enumerate(entries):
                key = directory_repo.key_of(entry.ref)
                if key in forgotten:
                    result.forgotten.append(index)
                    continue
                if key in existing:
                    result.updated += 1
                else:
                    result.created += 1
                rows.append(row_of(entry))
            if write:
                directory_repo.upsert_people(
                    session, rows, source=source.value, now=datetime.now(UTC)
                )
            return result

        return await self._db.run(work)

    async def find(self, ref: PersonRef) -> Person | None:
        return await self._db.run(lambda session: people_repo.find_person(session, ref=ref))

    async def refresh(self, ref: PersonRef) -> Person | None:
        """The person, with their platform profile fetched first when it is a day old or was
        never fetched. Never creates anyone (so a forgotten person stays gone). When the
        platform cannot answer now, the stored person is returned as it is."""
        platform_source = self._sources.get(ref.platform)
        now = datetime.now(UTC)
        stale_before = now - timedelta(seconds=REFRESH_AFTER_SECONDS)

        def claim(session: Session) -> tuple[bool, datetime | None]:
            return directory_repo.claim_profile_check(
                session, ref=ref, now=now, stale_before=stale_before
            )

        if platform_source is None:
            return await self.find(ref)
        claimed, previous = await self._db.run(claim)
        if not claimed:
            return await self.find(ref)
        try:
            profile = await platform_source.fetch_profile(ref)
        except Exception as error:
            await self._db.run(
                lambda session: directory_repo.release_profile_check(
                    session, ref=ref, previous=previous
                )
            )
            if isinstance(error, RateLimited):
                raise
            log.warning("profile fetch failed (%s)", type(error).__name__)
            return await self.find(ref)

        def record(session: Session) -> Person | None:
            person = people_repo.find_person(session, ref=ref)
            if person is None or profile is None:
                return person  # forgotten meanwhile, or nothing to say
            directory_repo.write_profile(
                session,
                ref=ref,
                changes=profile_changes(person, profile),
                now=now,
                deactivated=profile.deactivated,
                is_bot=profile.is_bot,
            )
            return people_repo.find_person(session, ref=ref)

        return await self._db.run(record)

    async def timezone_of(self, ref: PersonRef) -> str | None:
        """The person's zone, asking the platform first if it is unknown or a day old; None
        when nobody knows it (callers fall back to GROUNDSWELL_TIMEZONE)."""
        try:
            person = await self.refresh(ref)
        except RateLimited:
            person = await self.find(ref)
        return person.timezone if person is not None else None


def row_of(entry: DirectoryEntry) -> dict[str, str | None]:
    ref = entry.ref
    return {
        "platform": ref.platform.value,
        "tenant": ref.tenant,
        "user_id": ref.user_id,
        "email": entry.email,
        "display_name": entry.name,
        "department": entry.department,
        "timezone": entry.timezone,
    }
