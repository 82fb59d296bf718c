"""Delivering a command's Reply: private text and buttons, or a JSON file in the person's DM."""

from __future__ import annotations

from adapters.slack.deps import SlackDeps
from bot.chat.commands import Reply
from bot.chat.messenger import Outgoing
from bot.records import PersonRef, Place


def as_outgoing(reply: Reply) -> Outgoing:
    return Outgoing(kind="reply", text=reply.text, choices=reply.choices)


async def deliver_reply(
    deps: SlackDeps, person: PersonRef, place: Place | None, reply: Reply
) -> None:
    if reply.attachment is None:
        if reply.to_dm:
            await deps.messenger.send_dm(person, as_outgoing(reply))
        else:
            await deps.tell(person, place, as_outgoing(reply))
        return
    # files.uploadV2 needs a channel id, so the DM is opened first (conversations.open).
    await deps.messenger.upload_to_dm(
        person,
        filename=reply.attachment.filename,
        content=reply.attachment.content,
        comment=reply.text,
    )
