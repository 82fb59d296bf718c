"""Is this message an AI answer? Registered, posted by a configured assistant, or relayed."""

from __future__ import annotations

from adapters.slack.deps import SlackDeps
from bot.records import MessageRef, OutputRegistration


async def find_ai_output(
    deps: SlackDeps,
    message: MessageRef,
    *,
    authors: tuple[str | None, ...],
) -> int | None:
    """The output id of the message, registering it on the fly when its author is a
    configured assistant; None for any other message.

    `authors` are what the payload says about who wrote it (reaction_*: item_user;
    interactivity: message.user and message.bot_id). A message by our own bot is one we
    relayed, registered when we posted it, so the lookup finds it.
    """
    assistant = next((who for who in authors if who and who in deps.assistants), None)
    if assistant is not None:
        registration = OutputRegistration(message=message, assistant=assistant)
        return (await deps.services.outputs.register(registration)).id
    # Registered through the API or relayed by us: one indexed read, no write, no Web API call.
    return await deps.services.feedback.resolve_output(message)
