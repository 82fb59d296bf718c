"""Ratings from Teams, through the one feedback flow: the native feedback loop (👍/👎 and its
text) and reactions on our answers."""

from __future__ import annotations

from adapters.teams.messenger import TeamsMessenger
from bot.chat.events import ChatEvent, EventKind
from bot.records import FeedbackEvent, FeedbackSource, Rating
from bot.services import Services

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
        """Store what makes sense: an odd reaction keeps its words, an unknown answer too.
        Teams' own form has already asked what went wrong, so the flow does not ask again."""
        rating = FEEDBACK_LOOP_RATINGS.get(event.reaction or "", Rating.NONE)
        comment = event.text.strip() or None
        output_id = (
            await self._services.feedback.resolve_output(event.target) if event.target else None
        )
        if rating is Rating.NONE and comment is None:
            return
        await self._rate(event, rating, comment, output_id, FeedbackSource.BUTTON, asked=True)

    async def record_reaction(self, event: ChatEvent) -> None:
        rating = self._ratings.get(event.reaction or "")
        if rating is None or event.target is None:
            return
        # Teams reports reactions on any message of ours; only AI answers are rated.
        output_id = await self._services.feedback.resolve_output(event.target)
        if output_id is None:
            return
        if event.kind is EventKind.REACTION_REMOVED:
            await self._services.flow.retract(
                person=event.actor,
                output_id=output_id,
                rating=rating,
                source=FeedbackSource.REACTION,
                at=event.occurred_at,
            )
            return
        await self._rate(event, rating, None, output_id, FeedbackSource.REACTION, asked=False)

    async def _rate(
        self,
        event: ChatEvent,
        rating: Rating,
        comment: str | None,
        output_id: int | None,
        source: FeedbackSource,
        *,
        asked: bool,
    ) -> None:
        await self._services.flow.rate(
            FeedbackEvent(
                key=event.key,
                person=event.actor,
                output_id=output_id,
                rating=rating,
                comment=comment,
                source=source,
                occurred_at=event.occurred_at,
            ),
            place=event.target.place if event.target else None,
            asked=asked,
        )
