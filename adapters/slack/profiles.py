"""Slack profiles for the people directory: users.info (`users:read`) → name, title, timezone.

What users.info answers (https://api.slack.com/methods/users.info): `user.tz` ("Europe/Berlin"),
`user.profile.title`, `user.profile.real_name` (also `user.real_name`), `user.deleted` for a
deactivated account, `user.is_bot`. Email is not asked for (it needs `users:read.email`):
the directory gets emails from the organisation's own list.

Calls are paced (users.info is Tier 4, 100+ a minute per workspace) by one pacer for the
whole process; the client retries a 429 after Retry-After a few times, and a 429 still
standing becomes RateLimited, which pauses whoever asked.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.messenger import TokenFor
from adapters.slack.pacer import USERS_INFO_PACER, Pacer
from adapters.slack.refusals import retry_after
from bot.chat.messenger import RateLimited
from bot.people.entries import Source
from bot.people.profiles import PlatformProfile, clean_text, clean_zone
from bot.records import PersonRef

log = logging.getLogger(__name__)

# Errors after which there is nothing to learn about this person from this workspace now.
NOTHING_TO_SAY = frozenset(
    {
        "user_not_found",
        "user_not_visible",
        "account_inactive",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "missing_scope",
    }
)


def profile_of(user: Any) -> PlatformProfile:
    user = user if isinstance(user, dict) else {}
    profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
    return PlatformProfile(
        source=Source.SLACK,
        name=clean_text(profile.get("real_name")) or clean_text(user.get("real_name")),
        title=clean_text(profile.get("title")),
        timezone=clean_zone(user.get("tz")),
        deactivated=user.get("deleted") is True,
        is_bot=user.get("is_bot") is True,
    )


class SlackProfiles:
    """Implements bot.people.profiles.ProfileSource."""

    def __init__(
        self, client: AsyncWebClient, token_for: TokenFor, pacer: Pacer = USERS_INFO_PACER
    ) -> None:
        self._client = client
        self._token_for = token_for
        self._pacer = pacer
        self._told_scope = False

    async def fetch_profile(self, person: PersonRef) -> PlatformProfile | None:
        token = await self._token_for(person.tenant)
        if token is None:
            return None  # a workspace we are not installed in (a Slack Connect guest's own)
        await self._pacer.wait_turn()
        try:
            answer = await self._client.users_info(token=token, user=person.user_id)
        except SlackApiError as error:
            if error.response.status_code == 429:
                raise RateLimited(retry_after(error.response.headers)) from None
            code = str(error.response.get("error", ""))
            if code not in NOTHING_TO_SAY:
                raise
            if code == "missing_scope" and not self._told_scope:
                self._told_scope = True
                log.warning(
                    "users.info needs the users:read scope: add it to the app and reinstall "
                    "(timezones, names and titles stay unknown until then)"
                )
            return None
        return profile_of(answer.get("user"))
