"""The one place that pulls the common fields out of every Slack payload shape.

Bolt hands listeners the parsed body; where team, user, channel and message sit differs per
payload type. Each branch below names the payload it handles, so a new shape is one branch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.records import MessageRef, PersonRef, Platform


@dataclass(frozen=True)
class Common:
    """team (tenant), user (actor), channel and message ts; any may be missing."""

    team: str | None
    user: str | None
    channel: str | None
    message_ts: str | None


def text_at(data: Any, *path: str) -> str | None:
    """A non-empty string found by walking dict keys, else None (never raises)."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data if isinstance(data, str) and data else None


def extract_common(body: dict[str, Any]) -> Common:
    kind = body.get("type")
    if kind == "event_callback":
        # Events API envelope: team_id on the envelope; reaction_* carry event.item,
        # app_home_opened / message carry event.channel.
        event = body.get("event") if isinstance(body.get("event"), dict) else {}
        return Common(
            team=text_at(body, "team_id") or text_at(event, "team"),
            user=text_at(event, "user"),
            channel=text_at(event, "item", "channel") or text_at(event, "channel"),
            message_ts=text_at(event, "item", "ts") or text_at(event, "ts"),
        )
    if kind in ("block_actions", "message_action", "view_submission", "view_closed", "shortcut"):
        # Interactivity: team and user are objects. block_actions on a message carry
        # container.message_ts + channel.id; message_action (a message shortcut) carries
        # message_ts + channel.id; views carry neither.
        return Common(
            team=text_at(body, "team", "id") or text_at(body, "user", "team_id"),
            user=text_at(body, "user", "id"),
            channel=text_at(body, "channel", "id") or text_at(body, "container", "channel_id"),
            message_ts=text_at(body, "container", "message_ts")
            or text_at(body, "message_ts")
            or text_at(body, "message", "ts"),
        )
    if "command" in body:
        # Slash command: a flat form (team_id, user_id, channel_id), no message.
        return Common(
            team=text_at(body, "team_id"),
            user=text_at(body, "user_id"),
            channel=text_at(body, "channel_id"),
            message_ts=None,
        )
    return Common(team=None, user=None, channel=None, message_ts=None)


def first_action(body: dict[str, Any]) -> dict[str, Any]:
    """block_actions: the pressed element is actions[0] (Slack sends one per payload)."""
    actions = body.get("actions")
    if isinstance(actions, list) and actions and isinstance(actions[0], dict):
        return actions[0]
    return {}


def person_of(common: Common) -> PersonRef | None:
    if common.team is None or common.user is None:
        return None
    return PersonRef(platform=Platform.SLACK, tenant=common.team, user_id=common.user)


def message_of(common: Common) -> MessageRef | None:
    if common.team is None or common.channel is None or common.message_ts is None:
        return None
    return MessageRef(
        platform=Platform.SLACK,
        tenant=common.team,
        channel=common.channel,
        message_id=common.message_ts,
    )


def time_of(ts: Any) -> datetime:
    """Slack's "1599616881.000800" (seconds, as text) as an aware UTC time; now if unreadable."""
    try:
        seconds = float(ts)
    except (TypeError, ValueError):
        return datetime.now(UTC)
    if not 0 < seconds < 32503680000:  # before year 3000: anything else is garbage
        return datetime.now(UTC)
    return datetime.fromtimestamp(seconds, UTC)
