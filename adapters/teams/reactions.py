"""Ratings from Teams: the native feedback loop (👍/👎 + text) and reactions on our answers."""

from __future__ import annotations

import logging

from adapters.teams.messenger import TeamsMessenger
from adapters.teams.render import FOLLOWUP_DOWN
from bot.chat.events import ChatEvent, EventKind
from bot.chat.messenger import Outgoing, Unreachable
from bot.errors import PersonForgotten
from bot.records import FeedbackEvent, FeedbackSource, Rating
from bot.services import Services

log = logging.getLogger(__name__)

FEEDBACK_LOOP_RATINGS = {"like": Rating.UP, "dislike": Rating.DOWN}


class Reactions:
    def __init__(self, services: Services, messenger: TeamsMessenger) -> None:
        self._services = services
        self._messenger = messenger
        teams = services.settings.teams
        self._ratings = {name: Rating.UP for name in teams.positive_reactions} | {
            name: Rating.DOWN for name in teams.negative_reactions
        }

    async def record_feedback_loop(self, event: ChatEvent) -> None:
        """Store what makes sense: an odd reaction keeps its words, an unknown answer too."""
        rating = FEEDBACK_LOOP_RATINGS.get(event.reaction or "", Rating.NONE)
        comment = event.text.strip() or None
        output_id = (
            await self._services.feedback.resolve_output(event.target) if event.target else None
        )
        if rating is Rating.NONE and comment is None:
            return
        await self._record(event, rating, comment, output_id, FeedbackSource.BUTTON)

    async def record_reaction(self, event: ChatEvent) -> None:
        rating = self._ratings.get(event.reaction or "")
        if rating is None or event.target is None:
            return
        # Teams reports reactions on any message of ours; only AI answers are rated.
        output_id = await self._services.feedback.resolve_output(event.target)
        if output_id is None:
            return
        if event.kind is EventKind.REACTION_REMOVED:
            await self._services.feedback.retract(
                person=event.actor,
                output_id=output_id,
                rating=rating,
                source=FeedbackSource.REACTION.value,
                at=event.occurred_at,
            )
            return
        created = await self._record(event, rating, None, output_id, FeedbackSource.REACTION)
        if created and rating is Rating.DOWN:
            await self._follow_up(event, output_id)

    async def _record(
        self,
        event: ChatEvent,
        rating: Rating,
        comment: str | None,
        output_id: int | None,
        source: FeedbackSource,
    ) -> bool:
        try:
            recorded = await self._services.feedback.record(
                FeedbackEvent(
                    key=event.key,
                    person=event.actor,
                    output_id=output_id,
                    rating=rating,
                    comment=comment,
                    source=source,
                    occurred_at=event.occurred_at,
                )
            )
        except PersonForgotten:
            return False
        return recorded.created

    async def _follow_up(self, event: ChatEvent, output_id: int) -> None:
        if not await self._services.followups.claim_after_down(event.actor, output_id):
            return
        try:
            await self._messenger.send_dm(
                event.actor,
                Outgoing(
                    kind=FOLLOWUP_DOWN,
                    ref_id=str(output_id),
                    text="Thanks for the 👎. What went wrong with that answer?",
                ),
            )
        except Unreachable as error:
            log.info("no follow-up: person unreachable (%s)", error.reason)
