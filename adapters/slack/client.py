"""The Web API client every part of the Slack adapter shares."""

from __future__ import annotations

import aiohttp
from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.pacer import POST_MESSAGE_PACER, USERS_INFO_PACER
from adapters.slack.ratelimit import PacedRateLimitHandler
from bot.settings import SlackSettings

# The methods paced process-wide: a 429 on one of them pauses every sender of it.
PACED = {"chat.postMessage": POST_MESSAGE_PACER, "users.info": USERS_INFO_PACER}

# How often one call is retried after a 429; each retry first sleeps Retry-After seconds.
RATE_LIMIT_RETRIES = 3


def build_client(
    settings: SlackSettings, session: aiohttp.ClientSession | None = None
) -> AsyncWebClient:
    """`base_url` from GROUNDSWELL_SLACK_API_URL (tests and proxies point it elsewhere).

    `retry_handlers` replaces slack-sdk's defaults, so connection errors are listed too.
    """
    base_url = settings.api_url if settings.api_url.endswith("/") else settings.api_url + "/"
    token = settings.bot_token.get_secret_value() if settings.bot_token else None
    return AsyncWebClient(
        token=None if settings.client_id else token,
        base_url=base_url,
        # Without one, slack-sdk opens a new session (and connection) for every call: a
        # survey fan-out would spend most of its time on TCP set-up.
        session=session,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(),
            PacedRateLimitHandler(PACED, max_retry_count=RATE_LIMIT_RETRIES),
        ],
    )
