"""People and their privacy: first contact, opting out and in, export, forgetting, leads."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.exports.notes import forget_note
from bot.people.entries import Source
from bot.people.profiles import PlatformProfile, profile_changes
from bot.records import Person, PersonRef, Platform, Win
from storage.database import Database, Session
from storage.repositories import directory as directory_repo
from storage.repositories import export as export_repo
from storage.repositories import exports as exports_repo
from storage.repositories import opinions as opinions_repo
from storage.repositories import people as people_repo
from storage.repositories import summary as summary_repo
from storage.repositories import wins as wins_repo


@dataclass(frozen=True)
class PersonSummary:
    """What someone has told us, shown back to them (Slack App Home, Teams personal tab)."""

    opted_out: bool
    ratings_up: int
    ratings_down: int
    comments: int
    wins: list[Win]
    minutes_saved: int


class PeopleService:
    def __init__(
        self,
        database: Database,
        leads: list[str],
        *,
        fingerprint_key: bytes,
        export_to: Sequence[str] = (),
    ) -> None:
        self._db = database
        self._leads = frozenset(leads)
        self._fingerprint_key = fingerprint_key
        # Destinations whose copies are withdrawn when someone opts out or is forgotten.
        self._export_to = tuple(export_to)

    def forget_exports_note(self) -> str | None:
        """Where their exported ratings are deleted, and where Groundswell cannot."""
        return forget_note(self._export_to)

    def _reexport(self, session: Session, ref: PersonRef) -> None:
        """In the same transaction: every answer they rated is exported again as it now stands;
        the worker, finding them opted out or gone, deletes what the destinations hold."""
        person_id = people_repo.find_person_id(session, ref=ref)
        if person_id is None or not self._export_to:
            return
        exports_repo.note_changes(
            session,
            destinations=self._export_to,
            person_id=person_id,
            output_ids=opinions_repo.rated_outputs(session, person_id=person_id),
            now=datetime.now(UTC),
        )

    def is_lead(self, ref: PersonRef) -> bool:
        return f"{ref.platform.value}:{ref.user_id}" in self._leads

    async def see(
        self,
        ref: PersonRef,
        *,
        display_name: str | None = None,
        timezone: str | None = None,
        conversation_ref: dict[str, Any] | None = None,
    ) -> Person | None:
        """Record first contact (or refresh what we know). None if they asked to be forgotten.

        The name and timezone are the platform's (Teams: `from.name`, `localTimezone`): they
        replace what the directory stated only as bot/people/profiles.py allows."""
        source = Source.SLACK if ref.platform is Platform.SLACK else Source.TEAMS
        profile = PlatformProfile(source=source, name=display_name, timezone=timezone)

        def work(session: Session) -> Person | None:
            if self._admit(session, ref) is None:
                return None
            people_repo.update_profile(session, ref=ref, conversation_ref=conversation_ref)
            person = people_repo.find_person(session, ref=ref)
            changes = profile_changes(person, profile) if person is not None else {}
            if not changes:
                return person
            directory_repo.write_profile(session, ref=ref, changes=changes, now=datetime.now(UTC))
            return people_repo.find_person(session, ref=ref)

        return await self._db.run(work)

    async def find(self, ref: PersonRef) -> Person | None:
        def work(session: Session) -> Person | None:
            return people_repo.find_person(session, ref=ref)

        return await self._db.run(work)

    async def conversation_ref(self, ref: PersonRef) -> dict[str, Any] | None:
        def work(session: Session) -> dict[str, Any] | None:
            return people_repo.find_conversation_ref(session, ref=ref)

        return await self._db.run(work)

    def _admit(self, session: Session, ref: PersonRef) -> int | None:
        return people_repo.admit_person(session, ref=ref, fingerprint_key=self._fingerprint_key)

    async def opt_out(self, ref: PersonRef) -> None:
        """No more surveys, nudges or follow-ups; what they already said stays until forgotten.

        Someone already forgotten stays forgotten: nothing is stored, not even the opt-out.
        """

        def work(session: Session) -> None:
            if self._admit(session, ref) is not None:
                people_repo.set_opted_out(session, ref=ref, opted_out=True)
                self._reexport(session, ref)

        await self._db.run(work)

    async def opt_in(self, ref: PersonRef) -> None:
        """Back in; this also lifts an earlier 'forget me' so new feedback counts again."""

        def work(session: Session) -> None:
            people_repo.unforget_person(session, ref=ref, fingerprint_key=self._fingerprint_key)
            self._admit(session, ref)
            people_repo.set_opted_out(session, ref=ref, opted_out=False)
            self._reexport(session, ref)

        await self._db.run(work)

    async def forget(self, ref: PersonRef) -> bool:
        """Erase everything stored about the person; later events from them are ignored."""

        def work(session: Session) -> bool:
            self._reexport(session, ref)
            return people_repo.forget_person(
                session, ref=ref, fingerprint_key=self._fingerprint_key
            )

        return await self._db.run(work)

    async def export(self, ref: PersonRef) -> bytes:
        """Everything stored about the person as pretty JSON (what `export me` sends them)."""

        def work(session: Session) -> dict[str, Any]:
            person_id = people_repo.find_person_id(session, ref=ref)
            if person_id is None:
                return {}
            return export_repo.export_person(session, person_id=person_id)

        data = await self._db.run(work)
        return json.dumps(
            data or {"person": None, "note": "nothing is stored about you"},
            indent=2,
            ensure_ascii=False,
        ).encode()

    async def summarise(self, ref: PersonRef) -> PersonSummary:
        def work(session: Session) -> PersonSummary:
            person = people_repo.find_person(session, ref=ref)
            if person is None:
                return PersonSummary(False, 0, 0, 0, [], 0)
            ratings = summary_repo.count_feedback_by_rating(session, person_id=person.id)
            return PersonSummary(
                opted_out=person.opted_out,
                ratings_up=ratings.get("up", 0),
                ratings_down=ratings.get("down", 0),
                comments=ratings.get("none", 0),
                wins=wins_repo.list_wins(session, person_id=person.id, limit=10),
                minutes_saved=summary_repo.sum_minutes_saved(session, person_id=person.id),
            )

        return await self._db.run(work)
