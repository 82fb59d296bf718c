"""Activities that say the app was taken out of a conversation.

- `installationUpdate` with `action: "remove"`: uninstalled from a personal chat, a group chat
  or a team. (`"remove-upgrade"` is half of an upgrade: the new version is added at once.)
- `conversationUpdate` whose `membersRemoved` names our bot (the activity's recipient):
  removed from a team or group chat.

After either, Teams refuses every post there; we mark the conversation unreachable so sends
fail fast, until an install brings the app back.
"""

from __future__ import annotations

from typing import Any

from adapters.teams.translate import channel_of, conversation_of, obj


def removed_conversations(raw: dict[str, Any]) -> list[str]:
    """The conversation (and its team's, when Teams names one) we were removed from; [] if
    this activity removes nothing of ours."""
    if not is_removal(raw):
        return []
    removed = [channel_of(conversation_of(raw))]
    # In a team, the activity's conversation is one channel; the team id is its General one.
    team = obj(obj(raw.get("channelData")).get("team")).get("id")
    if isinstance(team, str) and team and len(team) <= 512 and team not in removed:
        removed.append(team)
    return [conversation for conversation in removed if conversation]


def is_removal(raw: dict[str, Any]) -> bool:
    if raw.get("type") == "installationUpdate":
        return raw.get("action") == "remove"
    if raw.get("type") != "conversationUpdate":
        return False
    bot_id = obj(raw.get("recipient")).get("id")
    members = raw.get("membersRemoved")
    removed = [obj(member).get("id") for member in members] if isinstance(members, list) else []
    return isinstance(bot_id, str) and bool(bot_id) and bot_id in removed
