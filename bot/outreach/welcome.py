"""The one greeting a person gets when they install the app: what it does, how to opt out."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.chat.messenger import Outgoing
from bot.outreach.outbox import Send, row_values
from bot.records import OutboxStatus, PersonRef
from storage.database import Database, Session
from storage.repositories import outbox as outbox_repo
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
        """True exactly once per person (and place): the caller then sends WELCOME_TEXT in
        its reply to the install.

        It is a reply to what the person just did, so it uses no budget; it is logged in the
        outbox as sent, so a retried install event or a second replica never greets twice.
        """
        now = datetime.now(UTC)
        suffix = f":{where}" if where else ""
        send = Send(
            person=person,
            message=Outgoing(kind=WELCOME, text=WELCOME_TEXT),
            key=f"{WELCOME}:{{person}}{suffix}"[:255],
            budget=None,
            respect_opt_out=False,
        )

        def work(session: Session) -> bool:
            person_id = people_repo.find_person_id(session, ref=person)
            if person_id is None:
                return False
            values = row_values(send, person_id, now) | {
                "dedupe_key": send.key.replace("{person}", str(person_id)),
                "status": OutboxStatus.SENT.value,
                "sent_at": now,
            }
            return outbox_repo.add_item(session, values=values) is not None

        return await self._db.run(work)
