"""The champion lifecycle: approved → invited → champion (or declined), and stepping down.

Every message here is bot-initiated, so it goes through the one outbox under the shared
fatigue budget; a champion gets at most one a week (the week is in the once-only key): a
monthly recap of their impact, or a help-wanted note naming an anonymised theme of 👎 in
their own department, only when enough different people share it.
"""

from __future__ import annotations

from datetime import datetime

from bot.advocacy.notes import HELP_WANTED, RECAP, STEP_DOWN, note_for
from bot.advocacy.wins import week_of
from bot.chat.answers import Answer
from bot.chat.commands import Reply
from bot.chat.messenger import Choice, Outgoing
from bot.outreach.outbox import Outreach, Send
from bot.records import Budget, PersonRef
from bot.settings import AdvocacySettings
from storage.database import Database, Session
from storage.repositories import advocate_steps as steps_repo
from storage.repositories import people as people_repo
from storage.repositories.advocates import AdvocateEntry

CHAMPION_ACCEPT = "champion_accept"
CHAMPION_NOT_NOW = "champion_not_now"
INVITATION = "champion-invitation"
__all__ = ["CHAMPION_ACCEPT", "CHAMPION_NOT_NOW", "HELP_WANTED", "RECAP", "ChampionProgramme"]


def actor_of(person: PersonRef) -> str:
    return f"{person.platform.value}:{person.user_id}"


class ChampionProgramme:
    def __init__(
        self,
        database: Database,
        outreach: Outreach,
        settings: AdvocacySettings,
        *,
        min_group_size: int,
    ) -> None:
        self._db = database
        self._outreach = outreach
        self._settings = settings
        self._min_group = min_group_size

    async def invite(self, entry: AdvocateEntry, now: datetime) -> bool:
        """Send the invitation of an approved advocate; False when the budget or their
        opt-out holds it back (the next tick tries again)."""
        text = self._settings.invitation.format(
            name=entry.name or "there",
            explanation=entry.explanation,
            department=entry.department or "your team",
        )
        message = Outgoing(
            kind=INVITATION,
            title="Champion the AI assistant?",
            text=text,
            choices=(
                Choice(label="Accept", action=CHAMPION_ACCEPT, primary=True),
                Choice(label="Not now", action=CHAMPION_NOT_NOW),
            ),
        )
        send = Send(
            person=entry.ref, message=message, key=f"{INVITATION}:{{person}}", budget=Budget.MESSAGE
        )
        decision = await self._outreach.decide(send)
        if decision.item_id is None and decision.skipped != "already decided":
            return False
        await self._db.run(
            lambda session: steps_repo.move(
                session,
                person_id=entry.person_id,
                to="invited",
                allowed_from=("approved",),
                values={"invited_at": now},
            )
        )
        if decision.item_id is not None:
            await self._outreach.send_now(decision.item_id)
        return True

    async def accept(self, answer: Answer) -> Reply:
        if await self._step(
            answer.person,
            "champion",
            ("invited",),
            "accept",
            answer.occurred_at,
            {"accepted_at": answer.occurred_at},
        ):
            return Reply(
                text="Welcome aboard! You'll hear from me at most once a week: a monthly recap "
                "of your impact, and now and then where colleagues could use your help.",
                choices=(STEP_DOWN,),
            )
        return Reply(text="This invitation is no longer open.")

    async def not_now(self, answer: Answer) -> Reply:
        if await self._step(
            answer.person, "declined", ("invited",), "decline", answer.occurred_at, {}
        ):
            return Reply(text="No problem, thanks for letting us know. Your wins still count.")
        return Reply(text="This invitation is no longer open.")

    async def step_down(self, person: PersonRef, at: datetime) -> Reply:
        if await self._step(
            person, "stepped_down", ("champion",), "step_down", at, {"stepped_down_at": at}
        ):
            return Reply(text="Done: you are no longer a champion. Thank you for all you did!")
        return Reply(
            text="You are not a champion at the moment, so there is nothing to step down from."
        )

    async def _step(
        self,
        person: PersonRef,
        to: str,
        allowed_from: tuple[str, ...],
        action: str,
        at: datetime,
        values: dict[str, datetime],
    ) -> bool:
        def work(session: Session) -> bool:
            person_id = people_repo.find_person_id(session, ref=person)
            if person_id is None:
                return False
            moved = steps_repo.move(
                session, person_id=person_id, to=to, allowed_from=allowed_from, values=values
            )
            if moved:
                steps_repo.record_decision(
                    session, person_id=person_id, action=action, actor=actor_of(person), at=at
                )
            return moved

        return await self._db.run(work)

    async def tick(self, now: datetime, entries: list[AdvocateEntry]) -> int:
        """Invite the approved, write to champions; how many messages were decided."""
        decided = 0
        for entry in entries:
            if entry.status == "approved":
                decided += await self.invite(entry, now)
            elif entry.status == "champion":
                decided += await self._write_to(entry, now)
        return decided

    async def _write_to(self, champion: AdvocateEntry, now: datetime) -> bool:
        message = await self._db.run(
            lambda session: note_for(session, champion, now, min_people=self._min_group)
        )
        if message is None:
            return False
        send = Send(
            person=champion.ref,
            message=message,
            key=f"champion-week:{{person}}:{week_of(now)}",
            budget=Budget.MESSAGE,
        )
        decision = await self._outreach.decide(send)
        if decision.item_id is None:
            return False
        if message.kind == RECAP:
            await self._db.run(
                lambda session: steps_repo.move(
                    session,
                    person_id=champion.person_id,
                    to="champion",
                    allowed_from=("champion",),
                    values={"recapped_at": now},
                )
            )
        await self._outreach.send_now(decision.item_id)
        return True
