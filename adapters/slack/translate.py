"""The one place that pulls the common fields out of every Slack payload shape.

Bolt hands listeners the parsed body; where team, user, channel and message sit differs per
payload type. Each branch below names the payload it handles, so a new shape is one branch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.records import MessageRef, PersonRef, Place, Platform


@dataclass(frozen=True)
class Common:
    """Who acted, where, on which message; any may be missing.

    `team` is the installation that received the payload: whose token answers it and whose
    view of the channel the message belongs to. `actor_team` is the acting person's own
    workspace, which differs from it in a Slack Connect channel shared with another
    organisation. `enterprise` is the Enterprise Grid org, when there is one.
    """

    team: str | None
    user: str | None
    channel: str | None
    message_ts: str | None
    actor_team: str | None = None
    enterprise: str | None = None


def text_at(data: Any, *path: str) -> str | None:
    """A non-empty string found by walking dict keys, else None (never raises)."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data if isinstance(data, str) and data else None


def installation_of(auth: Any) -> str | None:
    """The workspace of an installation, or its org for an org-wide (Enterprise Grid) install,
    whose `team_id` is null."""
    if not isinstance(auth, dict):
        return None
    if auth.get("is_enterprise_install") in (True, "true") and text_at(auth, "enterprise_id"):
        return text_at(auth, "enterprise_id")
    return text_at(auth, "team_id") or text_at(auth, "enterprise_id")


def first_authorization(body: dict[str, Any]) -> Any:
    authorizations = body.get("authorizations")
    return authorizations[0] if isinstance(authorizations, list) and authorizations else None


def extract_common(body: dict[str, Any]) -> Common:
    kind = body.get("type")
    if kind == "event_callback":
        # Events API envelope. `authorizations[0]` is the installation the event was delivered
        # for; in a Slack Connect channel the envelope's team_id is the *acting user's*
        # workspace instead (Bolt's shared-channel test: envelope T_SOURCE, authorization
        # T_INSTALLED). reaction_* carry event.item; app_home_opened carries event.channel.
        event = body.get("event") if isinstance(body.get("event"), dict) else {}
        envelope_team = text_at(body, "team_id") or text_at(event, "team")
        return Common(
            team=installation_of(first_authorization(body))
            or envelope_team
            or text_at(body, "enterprise_id"),
            user=text_at(event, "user"),
            channel=text_at(event, "item", "channel") or text_at(event, "channel"),
            message_ts=text_at(event, "item", "ts") or text_at(event, "ts"),
            actor_team=text_at(event, "user_team") or envelope_team,
            enterprise=text_at(first_authorization(body), "enterprise_id")
            or text_at(body, "enterprise_id")
            or text_at(body, "context_enterprise_id"),
        )
    if kind in ("block_actions", "message_action", "view_submission", "view_closed", "shortcut"):
        # Interactivity: team and user are objects. block_actions on a message carry
        # container.message_ts + channel.id; message_action (a message shortcut) carries
        # message_ts + channel.id; views carry neither. A modal opened from a Slack Connect
        # channel names its installation in view.app_installed_team_id; org-wide installs
        # may send `team: null` and name the org in `enterprise`.
        enterprise = text_at(body, "enterprise", "id") or text_at(body, "user", "enterprise_id")
        org_wide = body.get("is_enterprise_install") in (True, "true") and enterprise
        actor_team = text_at(body, "user", "team_id") or text_at(body, "team", "id")
        return Common(
            team=(enterprise if org_wide else None)
            or text_at(body, "view", "app_installed_team_id")
            or text_at(body, "team", "id")
            or actor_team,
            user=text_at(body, "user", "id"),
            channel=text_at(body, "channel", "id") or text_at(body, "container", "channel_id"),
            message_ts=text_at(body, "container", "message_ts")
            or text_at(body, "message_ts")
            or text_at(body, "message", "ts"),
            actor_team=actor_team,
            enterprise=enterprise,
        )
    if "command" in body:
        # Slash command: a flat form (team_id, user_id, channel_id), no message.
        enterprise = text_at(body, "enterprise_id")
        org_wide = body.get("is_enterprise_install") in (True, "true") and enterprise
        return Common(
            team=(enterprise if org_wide else None) or text_at(body, "team_id"),
            user=text_at(body, "user_id"),
            channel=text_at(body, "channel_id"),
            message_ts=None,
            actor_team=text_at(body, "team_id"),
            enterprise=enterprise,
        )
    return Common(team=None, user=None, channel=None, message_ts=None)


def first_action(body: dict[str, Any]) -> dict[str, Any]:
    """block_actions: the pressed element is actions[0] (Slack sends one per payload)."""
    actions = body.get("actions")
    if isinstance(actions, list) and actions and isinstance(actions[0], dict):
        return actions[0]
    return {}


def person_of(common: Common) -> PersonRef | None:
    """The person, keyed by their own workspace. Enterprise Grid user ids (W…) belong to the
    whole org, so those people are keyed by the org: one person whichever workspace they
    act in."""
    if common.user is None:
        return None
    tenant = common.actor_team or common.team
    if common.user.startswith("W") and common.enterprise:
        tenant = common.enterprise
    if tenant is None:
        return None
    return PersonRef(platform=Platform.SLACK, tenant=tenant, user_id=common.user)


def message_of(common: Common) -> MessageRef | None:
    """The message, as the installation sees it."""
    if common.team is None or common.channel is None or common.message_ts is None:
        return None
    return MessageRef(
        platform=Platform.SLACK,
        tenant=common.team,
        channel=common.channel,
        message_id=common.message_ts,
    )


def place_of(common: Common) -> Place | None:
    if common.team is None or common.channel is None:
        return None
    return Place(platform=Platform.SLACK, tenant=common.team, channel=common.channel)


def time_of(ts: Any) -> datetime:
    """Slack's "1599616881.000800" (seconds, as text) as an aware UTC time; now if unreadable."""
    try:
        seconds = float(ts)
    except (TypeError, ValueError):
        return datetime.now(UTC)
    if not 0 < seconds < 32503680000:  # before year 3000: anything else is garbage
        return datetime.now(UTC)
    return datetime.fromtimestamp(seconds, UTC)
