"""reaction_added / reaction_removed → a rating through the feedback flow, or a retraction."""

from __future__ import annotations

from typing import Any

from adapters.slack.deps import SlackDeps
from adapters.slack.recognise import find_ai_output
from adapters.slack.translate import extract_common, message_of, person_of, text_at, time_of
from bot.records import FeedbackEvent, FeedbackSource


async def handle_reaction(deps: SlackDeps, body: dict[str, Any], bot_user_id: str | None) -> None:
    """Runs after the ack, from the inbox. Cheap checks first: most reactions are not on AI
    answers."""
    event = body.get("event")
    if not isinstance(event, dict) or text_at(event, "item", "type") != "message":
        return  # reactions on files and file comments judge no answer
    rating = deps.emoji.rate(text_at(event, "reaction") or "")
    common = extract_common(body)
    person, message = person_of(common), message_of(common)
    event_id = text_at(body, "event_id")
    if rating is None or person is None or message is None or event_id is None:
        return
    if person.user_id in deps.assistants or person.user_id == bot_user_id:
        return  # a bot rating an answer is not feedback (our own are dropped by Bolt)
    output_id = await find_ai_output(deps, message, authors=(text_at(event, "item_user"),))
    if output_id is None:
        return
    at = time_of(text_at(event, "event_ts"))
    if event.get("type") == "reaction_removed":
        # Only ratings given before the removal are taken back, so a replay is harmless.
        await deps.services.flow.retract(
            person=person,
            output_id=output_id,
            rating=rating,
            source=FeedbackSource.REACTION,
            at=at,
        )
        return
    # Idempotent on the event id: a redelivery or a replay from the inbox stores nothing new.
    await deps.services.flow.rate(
        FeedbackEvent(
            key=f"slack:{event_id}",
            person=person,
            output_id=output_id,
            rating=rating,
            source=FeedbackSource.REACTION,
            occurred_at=at,
        ),
        place=message.place,
    )
