"""First contact and every contact after: who wrote, from where, and how to reach them later.

Runs for every activity, so references stay fresh (Teams moves service URLs between regions)
and a person installed months ago can still get a survey today.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError

from adapters.teams.translate import channel_of, conversation_of, obj, person_of, tenant_of
from bot.people.conversations import ConversationService
from bot.people.service import PeopleService
from bot.records import Platform

PERSONAL = "personal"


def timezone_of(raw: dict[str, Any]) -> str | None:
    """`localTimezone` if it names a real IANA zone; anything else is ignored."""
    zone = raw.get("localTimezone")
    if not isinstance(zone, str) or not zone or len(zone) > 64 or ".." in zone:
        return None
    try:
        ZoneInfo(zone)
    except (ValueError, OSError, ZoneInfoNotFoundError):  # not found is a KeyError
        return None
    return zone


def kind_of(raw: dict[str, Any]) -> str:
    kind = obj(raw.get("conversation")).get("conversationType")
    # Emulators omit the type; a chat with no type is a 1:1 chat.
    return kind if kind in ("personal", "channel", "groupChat") else PERSONAL


def name_of(raw: dict[str, Any]) -> str | None:
    name = obj(raw.get("conversation")).get("name") or obj(
        obj(raw.get("channelData")).get("team")
    ).get("name")
    return name[:255] if isinstance(name, str) and name else None


async def remember_contact(
    raw: dict[str, Any],
    reference: dict[str, Any],
    *,
    people: PeopleService,
    conversations: ConversationService,
) -> bool:
    """Store the person and the conversation; False if there is nobody we may remember."""
    conversation = channel_of(conversation_of(raw))
    if not conversation:
        return False
    try:
        person = person_of(raw)
    except ValidationError:
        return False
    reference = {**reference, "conversation": {**obj(reference.get("conversation"))}}
    reference["conversation"]["id"] = conversation
    kind = kind_of(raw)
    name = obj(raw.get("from")).get("name")
    personal = kind == PERSONAL
    # A channel reference is kept for a person only until we know their 1:1 chat: it holds
    # the service URL and bot id needed to open one.
    keep = personal or await people.conversation_ref(person) is None
    seen = await people.see(
        person,
        display_name=name[:255] if isinstance(name, str) and name else None,
        timezone=timezone_of(raw),
        conversation_ref=reference if keep else None,
    )
    if seen is None and personal:
        return False  # they asked to be forgotten: not even their chat is kept
    await conversations.remember(
        platform=Platform.TEAMS,
        tenant=tenant_of(raw),
        conversation_id=conversation,
        kind=kind,
        reference=reference,
        name=None if personal else name_of(raw),
    )
    return seen is not None
