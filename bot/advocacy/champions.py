"""The champion lifecycle: approved → invited → champion (or declined), and stepping down.

Every message here is bot-initiated, so it goes through the one outbox under the shared
fatigue budget; a champion gets at most one a week (the week is in the once-only key): a
monthly recap of their impact, or a help-wanted note naming an anonymised theme of 👎 in
their own department, only when enough different people share it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.advocacy.wins import describe_minutes, week_of
from bot.chat.answers import Answer
from bot.chat.commands import Reply
from bot.chat.messenger import Choice, Outgoing
from bot.outreach.outbox import Outreach, Send
from bot.records import Budget, PersonRef
from bot.settings import AdvocacySettings
from storage.database import Database, Session
from storage.repositories import advocates as advocates_repo
from storage.repositories import champions as champions_repo
from storage.repositories import people as people_repo
from storage.repositories.advocates import AdvocateEntry

CHAMPION_ACCEPT = "champion_accept"
CHAMPION_NOT_NOW = "champion_not_now"
CHAMPION_STEP_DOWN = "champion_step_down"
INVITATION = "champion-invitation"
RECAP = "champion-recap"
HELP_WANTED = "champion-help"
RECAP_EVERY = timedelta(days=28)
STEP_DOWN = Choice(label="Step down", action=CHAMPION_STEP_DOWN)


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
            lambda session: advocates_repo.move(
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
            moved = advocates_repo.move(
                session, person_id=person_id, to=to, allowed_from=allowed_from, values=values
            )
            if moved:
                advocates_repo.record_decision(
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
        message = await self._db.run(lambda session: self._note_for(session, champion, now))
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
                lambda session: advocates_repo.move(
                    session,
                    person_id=champion.person_id,
                    to="champion",
                    allowed_from=("champion",),
                    values={"recapped_at": now},
                )
            )
        await self._outreach.send_now(decision.item_id)
        return True

    def _note_for(
        self, session: Session, champion: AdvocateEntry, now: datetime
    ) -> Outgoing | None:
        """This week's one note: the recap when a month has passed, else a help-wanted theme."""
        recapped = advocates_repo.recapped_at(session, person_id=champion.person_id)
        if recapped is None or now - recapped >= RECAP_EVERY:
            return recap(session, champion, now)
        if not champion.department:
            return None
        themes = champions_repo.department_themes(
            session,
            department=champion.department,
            since=now - timedelta(days=7),
            min_people=self._min_group,
        )
        if not themes:
            return None
        use_case, people = themes[0]
        return Outgoing(
            kind=HELP_WANTED,
            title="Help wanted",
            text=f"{people} people in {champion.department} struggled with {use_case} this "
            "week. If you have a way that works, sharing it with your team could help.",
            choices=(STEP_DOWN,),
        )


def recap(session: Session, champion: AdvocateEntry, now: datetime) -> Outgoing:
    since = now - timedelta(days=30)
    wins, minutes = champions_repo.count_wins_since(
        session, person_id=champion.person_id, since=since
    )
    use_cases = champions_repo.use_cases_of(session, person_id=champion.person_id)
    ratings = champions_repo.count_ratings(session, use_cases=use_cases, since=since)
    lines = [f"In the last 30 days you shared {wins} win{'s' if wins != 1 else ''}"]
    if minutes:
        lines[0] += f", about {describe_minutes(minutes)} saved"
    lines[0] += "."
    rated = ratings.get("up", 0) + ratings.get("down", 0)
    if rated:
        share = round(100 * ratings.get("up", 0) / rated)
        lines.append(
            f"Answers for your use cases ({', '.join(use_cases)}) were rated helpful "
            f"{share}% of {rated} times."
        )
    lines.append("Thank you for championing the assistant!")
    return Outgoing(
        kind=RECAP, title="Your monthly impact recap", text="\n".join(lines), choices=(STEP_DOWN,)
    )
