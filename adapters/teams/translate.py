"""Raw Teams activities (wire JSON) → the domain's normalised events.

One table maps the activity type to the function that reads it. Every reader takes the
activity as Teams sent it and returns a `ChatEvent`, an `Answer` (a card was answered) or
None (nothing for the domain); a malformed activity is None, never an exception.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from bot.chat.answers import Answer
from bot.chat.events import ChatEvent, EventKind
from bot.records import MessageRef, PersonRef, Platform

Incoming = ChatEvent | Answer
FEEDBACK_INVOKE = "message/submitAction"
CARD_INVOKE = "adaptiveCard/action"
# Emulators and hand-written test activities carry no tenant; they share this one.
NO_TENANT = "no-tenant"
MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
ACTION_KEY = "gs_action"
VALUE_KEY = "gs_value"


def obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def text_of(value: Any, limit: int = 4000) -> str:
    return value[:limit] if isinstance(value, str) else ""


def tenant_of(raw: dict[str, Any]) -> str:
    tenant = obj(obj(obj(raw.get("channelData")).get("tenant"))).get("id")
    tenant = tenant or obj(raw.get("conversation")).get("tenantId")
    return tenant if isinstance(tenant, str) and tenant.strip() else NO_TENANT


def conversation_of(raw: dict[str, Any]) -> str:
    return text_of(obj(raw.get("conversation")).get("id"), 512)


def channel_of(conversation_id: str) -> str:
    # Replies in a channel thread arrive on "19:…@thread.tacv2;messageid=<root>"; the
    # message itself lives in the channel, which is how we stored what we posted.
    return conversation_id.split(";messageid=", 1)[0]


def person_of(raw: dict[str, Any]) -> PersonRef:
    user = obj(raw.get("from")).get("id")
    return PersonRef(platform=Platform.TEAMS, tenant=tenant_of(raw), user_id=user)


def time_of(raw: dict[str, Any]) -> datetime:
    stamp = raw.get("timestamp")
    if isinstance(stamp, str):
        try:
            parsed = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            parsed = None
        if parsed is not None and parsed.tzinfo is not None:
            return parsed.astimezone(UTC)
    return datetime.now(UTC)


def key_of(raw: dict[str, Any], *parts: Any) -> str:
    """Teams' activity id makes a retry the same event; without one, the content does."""
    activity_id = raw.get("id")
    if isinstance(activity_id, str) and activity_id:
        return f"teams:{tenant_of(raw)}:{activity_id}"[:255]
    digest = hashlib.sha256(json.dumps([tenant_of(raw), *parts], default=str).encode())
    return f"teams:{tenant_of(raw)}:h:{digest.hexdigest()}"[:255]


def target_of(raw: dict[str, Any]) -> MessageRef | None:
    reply_to = raw.get("replyToId")
    if not isinstance(reply_to, str) or not reply_to or not conversation_of(raw):
        return None
    return MessageRef(
        platform=Platform.TEAMS,
        tenant=tenant_of(raw),
        channel=channel_of(conversation_of(raw)),
        message_id=reply_to,
    )


def read_message(raw: dict[str, Any]) -> Incoming | None:
    # message: typed text, or an Adaptive Card Action.Submit (text empty, `value` = data+inputs)
    value = obj(raw.get("value"))
    if ACTION_KEY in value:
        return answer_from(raw, value)
    text = " ".join(MENTION.sub(" ", text_of(raw.get("text"))).split())
    personal = obj(raw.get("conversation")).get("conversationType") == "personal"
    return ChatEvent(
        kind=EventKind.COMMAND if personal else EventKind.MESSAGE,
        key=key_of(raw, text),
        actor=person_of(raw),
        conversation=conversation_of(raw),
        text=text,
        occurred_at=time_of(raw),
        raw=raw,
    )


def read_reaction(raw: dict[str, Any]) -> Incoming | None:
    # messageReaction: reactionsAdded / reactionsRemoved on one of our messages (replyToId)
    for field, kind in (
        ("reactionsAdded", EventKind.REACTION_ADDED),
        ("reactionsRemoved", EventKind.REACTION_REMOVED),
    ):
        reactions = raw.get(field)
        if isinstance(reactions, list) and reactions:
            reaction = text_of(obj(reactions[0]).get("type"), 64)
            return ChatEvent(
                kind=kind,
                key=key_of(raw, field, reaction, raw.get("replyToId")),
                actor=person_of(raw),
                conversation=conversation_of(raw),
                target=target_of(raw),
                reaction=reaction or None,
                occurred_at=time_of(raw),
                raw=raw,
            )
    return None


def read_invoke(raw: dict[str, Any]) -> Incoming | None:
    name = raw.get("name")
    value = obj(raw.get("value"))
    # invoke message/submitAction: Teams' own 👍/👎 feedback loop on an AI answer
    if name == FEEDBACK_INVOKE and value.get("actionName") == "feedback":
        action = obj(value.get("actionValue"))
        reaction = text_of(action.get("reaction"), 64)
        comment = feedback_text(action.get("feedback"))
        return ChatEvent(
            kind=EventKind.FEEDBACK_CLICKED,
            key=key_of(raw, reaction, comment, raw.get("replyToId")),
            actor=person_of(raw),
            conversation=conversation_of(raw),
            target=target_of(raw),
            text=comment,
            reaction=reaction or None,
            occurred_at=time_of(raw),
            raw=raw,
        )
    # invoke adaptiveCard/action: Action.Execute (`value.action.verb`, `value.action.data`)
    if name == CARD_INVOKE:
        action = obj(value.get("action"))
        data = dict(obj(action.get("data")))
        if ACTION_KEY not in data and isinstance(action.get("verb"), str):
            data[ACTION_KEY] = action["verb"]
        return answer_from(raw, data) if ACTION_KEY in data else None
    return None


def feedback_text(feedback: Any) -> str:
    """The default form sends a JSON *string* {"feedbackText": …}; the docs show plain text."""
    if isinstance(feedback, str):
        plain: str = feedback
        try:
            feedback = json.loads(plain)
        except ValueError:
            return plain[:4000]
        if not isinstance(feedback, dict):
            return "" if feedback is None else str(feedback)[:4000]
    return text_of(obj(feedback).get("feedbackText"))


def read_lifecycle(raw: dict[str, Any]) -> Incoming | None:
    # conversationUpdate: our bot among membersAdded = the app was added to a chat or team
    # installationUpdate: action "add" / "add-upgrade" = the app was installed
    bot_id = obj(raw.get("recipient")).get("id")
    members = raw.get("membersAdded")
    added = [obj(member).get("id") for member in members] if isinstance(members, list) else []
    action = raw.get("action")
    installed = (
        bot_id in added
        if raw.get("type") == "conversationUpdate"
        else isinstance(action, str) and action.startswith("add")
    )
    if not installed:
        return None
    return ChatEvent(
        kind=EventKind.INSTALLED,
        key=key_of(raw, "installed", conversation_of(raw)),
        actor=person_of(raw),
        conversation=conversation_of(raw),
        occurred_at=time_of(raw),
        raw=raw,
    )


def answer_from(raw: dict[str, Any], data: dict[str, Any]) -> Answer:
    inputs = {
        str(name)[:64]: value[:4000] if isinstance(value, str) else json.dumps(value)[:4000]
        for name, value in data.items()
        if name not in (ACTION_KEY, VALUE_KEY, "verb", "msteams")
    }
    return Answer(
        key=key_of(raw, data),
        person=person_of(raw),
        action=text_of(data.get(ACTION_KEY), 64),
        value=text_of(data.get(VALUE_KEY), 2000),
        inputs=inputs,
        message=target_of(raw),
        occurred_at=time_of(raw),
    )


READERS: dict[str, Callable[[dict[str, Any]], Incoming | None]] = {
    "message": read_message,
    "messageReaction": read_reaction,
    "invoke": read_invoke,
    "conversationUpdate": read_lifecycle,
    "installationUpdate": read_lifecycle,
}


def translate(raw: dict[str, Any]) -> Incoming | None:
    reader = READERS.get(str(raw.get("type")))
    if reader is None:
        return None
    try:
        return reader(raw)
    except ValidationError:
        # Ids too long, no sender, an empty action: nothing the domain can act on.
        return None
