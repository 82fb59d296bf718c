"""What the Bot Connector's refusals mean to a sender, and the errors the Messenger raises."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import ClientResponseError

MAX_PAUSE_SECONDS = 60.0
# 403/404 from the connector: the app is not installed for them, they blocked it, or the
# conversation is gone. Retrying cannot help.
GONE = (403, 404)


class UnknownConversation(LookupError):
    """We hold no reference for that channel or chat: the app was never added there."""


class ConversationUnreachable(UnknownConversation):
    """The app was removed from that conversation, or its stored address is not one we call."""


class Throttled(RuntimeError):
    """Teams kept answering 429 after every back-off; try this send again later."""


def retry_after(headers: Any) -> float:
    try:
        seconds = float((headers or {}).get("Retry-After", "1"))
    except (TypeError, ValueError):
        seconds = 1.0
    return min(max(seconds, 0.0), MAX_PAUSE_SECONDS)


def connector_code(error: ClientResponseError) -> str:
    """The connector's error code ("BotNotInConversationRoster"), never its free text."""
    try:
        body: Any = json.loads(error.message)
    except (TypeError, ValueError):
        body = None
    code = body.get("error", {}).get("code") if isinstance(body, dict) else None
    return f"{code or 'refused'} (HTTP {error.status})"
