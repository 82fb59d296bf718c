"""What Slack's Web API errors mean to the domain: someone unreachable, a request to slow
down, or a fault to report."""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError

from bot.chat.messenger import RateLimited, Unreachable
from bot.records import PersonRef

UNREACHABLE_ERRORS = frozenset(
    {
        "user_not_found",
        "account_inactive",
        "cannot_dm_bot",
        "user_disabled",
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "invalid_auth",
        "token_revoked",
    }
)


def unreachable(person: PersonRef, error: SlackApiError) -> Exception:
    return slack_failure(person, error)


def slack_failure(person: PersonRef, error: SlackApiError) -> Exception:
    """What a Web API error means to the domain: the person cannot be reached, Slack asks us
    to slow down (after the client's own retries), or a fault."""
    code = str(error.response.get("error", "unknown"))
    if code in UNREACHABLE_ERRORS:
        return Unreachable(person, code)
    if error.response.status_code == 429:
        return RateLimited(retry_after(error.response.headers))
    return error


def retry_after(headers: Any) -> float:
    try:
        return min(max(float((headers or {}).get("Retry-After", "1")), 0.0), 120.0)
    except (TypeError, ValueError):
        return 1.0
