"""The one greeting a person gets when they install the app: what it does, how to opt out."""

from __future__ import annotations

from bot.records import PersonRef
from storage.database import Database, Session
from storage.repositories import nudges as nudges_repo
from storage.repositories import people as people_repo

WELCOME = "welcome"

WELCOME_TEXT = (
    "Hi, I'm *Groundswell*. I help the team running your AI assistant learn what it is "
    "really worth: I record the 👍/👎 you give its answers, ask a short question now and then, "
    "and let you share wins (`win saved 2 hours on the board pack`).\n\n"
    "You are in control: `optout` stops surveys and follow-ups, `export-me` sends you "
    "everything stored about you, `forget-me` erases it. `help` lists every command."
)


class WelcomePolicy:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def claim(self, person: PersonRef, *, where: str = "") -> bool:
        """True exactly once per person (and place): the caller then sends WELCOME_TEXT.

        Claiming the key is what sends, so a retried install event or a second replica
        never greets twice.
        """

        def work(session: Session) -> bool:
            person_id = people_repo.find_person_id(session, ref=person)
            if person_id is None:
                return False
            suffix = f":{where}" if where else ""
            return nudges_repo.claim_nudge(
                session,
                person_id=person_id,
                kind=WELCOME,
                dedupe_key=f"{WELCOME}:{person_id}{suffix}"[:255],
            )

        return await self._db.run(work)
