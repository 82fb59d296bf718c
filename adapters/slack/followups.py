"""The follow-up after a rating: "what went wrong?" after 👎, "share a win?" after 👍.

The policy (on/off, once a week, opted-out people) is the domain's; this only renders it.
"""

from __future__ import annotations

from adapters.slack.deps import SlackDeps
from bot.chat.commands import SHARE_WIN
from bot.chat.messenger import Choice, Outgoing
from bot.records import PersonRef, Rating

OPEN_FEEDBACK_MODAL = "open_feedback_modal"

ASK_WHAT_WENT_WRONG = Outgoing(
    kind="followup-down",
    text="Thanks for flagging that answer. What went wrong? It takes ten seconds and goes "
    "straight to the team improving the assistant.",
    choices=(Choice(label="Tell us what went wrong", action=OPEN_FEEDBACK_MODAL, primary=True),),
)
ASK_FOR_A_WIN = Outgoing(
    kind="followup-up",
    text="Glad that helped! Did it help you get something real done?",
    choices=(Choice(label="Share a win", action=SHARE_WIN, primary=True),),
)


def with_output(message: Outgoing, output_id: int) -> Outgoing:
    """The buttons carry the answer's id so the modal they open is tied to it."""
    value = str(output_id)
    choices = tuple(choice.model_copy(update={"value": value}) for choice in message.choices)
    return message.model_copy(update={"choices": choices, "ref_id": str(output_id)})


async def follow_up(
    deps: SlackDeps, person: PersonRef, channel: str, output_id: int, rating: Rating
) -> bool:
    """Post at most one follow-up; True when one went out."""
    policy = deps.services.followups
    if rating is Rating.DOWN and await policy.claim_after_down(person, output_id):
        await deps.tell(person, channel, with_output(ASK_WHAT_WENT_WRONG, output_id))
        return True
    if rating is Rating.UP and await policy.claim_after_up(person):
        await deps.tell(person, channel, with_output(ASK_FOR_A_WIN, output_id))
        return True
    return False
