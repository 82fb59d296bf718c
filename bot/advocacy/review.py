"""Lead review: candidates reach a lead as cards with Approve / Dismiss; only leads may act.

`/groundswell advocates` (Slack) or `advocates` in the Teams chat sends each open candidate as
its own card, in the lead's DM through the outbox (a reply they asked for: no budget), so each
card carries its own two buttons. The cards are only written to the outbox here and the
dispatcher is woken: a Slack command is answered in its 3-second ack, with no platform call.
Every decision is recorded with who and when; two leads pressing at once, or an old card,
decide once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.advocacy.advocates import AdvocacyService
from bot.advocacy.champions import ChampionProgramme, actor_of
from bot.chat.answers import ADVOCATE_APPROVE, ADVOCATE_DISMISS, Answer
from bot.chat.commands import Invocation, Reply
from bot.chat.messenger import Choice, Outgoing
from bot.outreach.outbox import Outreach, Send
from bot.people.service import PeopleService
from bot.records import PersonRef
from storage.database import Database, Session
from storage.repositories import advocate_steps as steps_repo
from storage.repositories.advocates import AdvocateEntry

REVIEW = "advocate-review"
SHOWN = 10
AUDIENCE_LABELS = {"business": "business", "it": "IT", "ai_team": "AI team"}


def describe(entry: AdvocateEntry) -> str:
    """The card's text: who, where, the one-line explanation and the quotes behind it."""
    where = entry.department or "no department"
    audience = AUDIENCE_LABELS.get(entry.audience or "business", "business")
    quotes = [f"> {quote}" for quote in entry.evidence.get("quotes", []) if isinstance(quote, str)]
    return "\n".join(
        [
            f"*{entry.name or 'Someone'}* ({where}; ranked with {audience} users, "
            f"score {entry.score:.1f})",
            entry.explanation,
            *quotes,
        ]
    )


def review_choices(entry: AdvocateEntry) -> tuple[Choice, Choice]:
    """Approve / Dismiss for one candidate: on the review cards, and in the lead's digest."""
    return (
        Choice(label="Approve", action=ADVOCATE_APPROVE, value=str(entry.person_id), primary=True),
        Choice(label="Dismiss", action=ADVOCATE_DISMISS, value=str(entry.person_id)),
    )


class LeadReview:
    def __init__(
        self,
        database: Database,
        *,
        advocacy: AdvocacyService,
        champions: ChampionProgramme,
        people: PeopleService,
        outreach: Outreach,
        wake: Callable[[], None] = lambda: None,
    ) -> None:
        self._db = database
        self._wake = wake
        self._advocacy = advocacy
        self._champions = champions
        self._people = people
        self._outreach = outreach

    async def show(self, call: Invocation, rest: str) -> Reply:
        """The `advocates` command (leads only: the command handler checks)."""
        candidates = await self._advocacy.list(("candidate",))
        if not candidates:
            return Reply(
                text="No advocate candidates right now. People with wins on at least "
                "two different days show up here."
            )
        await self._people.see(call.person)
        for entry in candidates[:SHOWN]:
            message = Outgoing(
                kind=REVIEW,
                title="Advocate candidate",
                text=describe(entry),
                choices=review_choices(entry),
            )
            send = Send(
                person=call.person,
                message=message,
                budget=None,
                key=f"{REVIEW}:{{person}}:{entry.person_id}:{call.key}"[:255],
                respect_opt_out=False,  # the lead asked for these, opted out or not
            )
            await self._outreach.decide(send)
        self._wake()
        more = len(candidates) - SHOWN
        extra = f" ({more} more after you decide on these)" if more > 0 else ""
        return Reply(
            text=f"{len(candidates)} advocate candidate"
            f"{'s' if len(candidates) != 1 else ''}: I sent each to you in our DM with "
            f"Approve / Dismiss{extra}."
        )

    async def approve(self, answer: Answer) -> Reply:
        return await self._decide(answer, approve=True)

    async def dismiss(self, answer: Answer) -> Reply:
        return await self._decide(answer, approve=False)

    async def _decide(self, answer: Answer, *, approve: bool) -> Reply:
        if not self._people.is_lead(answer.person):
            return Reply(
                text="Sorry, only programme leads can approve or dismiss advocates. "
                "Ask your Groundswell admin to add you to GROUNDSWELL_LEADS."
            )
        person_id = parse_id(answer.value)
        if person_id is None:
            return Reply(text="This card no longer names a candidate.")
        moved = await self.decide(
            person_id, approve=approve, lead=answer.person, at=answer.occurred_at
        )
        if not moved:
            return Reply(text="Someone already decided on this candidate.")
        if not approve:
            return Reply(text="Dismissed. They will not be proposed again.")
        entry = await self._advocacy.find(person_id)
        invited = entry is not None and await self._champions.invite(entry, answer.occurred_at)
        later = "" if invited else " The invitation waits for room in their message budget."
        return Reply(text=f"Approved: I'm inviting them to be a champion.{later}")

    async def decide(
        self, person_id: int, *, approve: bool, lead: PersonRef | str, at: datetime
    ) -> bool:
        """Record the decision; False when the candidate is gone or already decided."""
        actor = lead if isinstance(lead, str) else actor_of(lead)
        status, action = ("approved", "approve") if approve else ("dismissed", "dismiss")

        def work(session: Session) -> bool:
            moved = steps_repo.move(
                session,
                person_id=person_id,
                to=status,
                allowed_from=("candidate",),
                values={"reviewer": actor[:255], "reviewed_at": at},
            )
            if moved:
                steps_repo.record_decision(
                    session, person_id=person_id, action=action, actor=actor, at=at
                )
            return moved

        return await self._db.run(work)


def parse_id(value: str) -> int | None:
    """Ids are database integers: ASCII digits only, at most 18."""
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None
