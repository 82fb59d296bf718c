"""Relay mode: an adapter posts an AI app's answer for it, with native feedback UI attached.

Each chat adapter that can relay puts itself in `APP_RELAYS` when it is mounted; the API
only knows this protocol, not the platform.
"""

from __future__ import annotations

from typing import Any, Protocol

from aiohttp import web

from bot.records import MessageRef, Platform


class RelayRefused(Exception):
    """The platform refused the post for a reason the caller can fix (e.g. channel_not_found)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


class Relay(Protocol):
    async def relay(
        self,
        *,
        workspace: str,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]] | None,
        thread: str | None,
        ref_id: str,
    ) -> MessageRef:
        """Post the answer with feedback buttons; the platform address of what was posted."""
        ...


APP_RELAYS = web.AppKey("relays", dict[Platform, Relay])


def find_relay(app: web.Application, platform: Platform) -> Relay | None:
    """At request time: the app is frozen, so read without creating anything."""
    return app.get(APP_RELAYS, {}).get(platform)


def relays_of(app: web.Application) -> dict[Platform, Relay]:
    """At mount time: the relays mounted so far, creating the table on first use."""
    found = app.get(APP_RELAYS)
    if found is None:
        found = {}
        app[APP_RELAYS] = found
    return found
