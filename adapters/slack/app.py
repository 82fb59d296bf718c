"""Builds the Bolt AsyncApp with every listener, in single-workspace or OAuth mode."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.error import BoltUnhandledRequestError
from slack_bolt.response import BoltResponse

from adapters.failures import log_failure
from adapters.slack.client import build_client
from adapters.slack.deps import SlackDeps
from adapters.slack.emoji import EmojiRatings
from adapters.slack.inbox import Dropped, InboxWork
from adapters.slack.listeners import register_listeners
from adapters.slack.messenger import SlackMessenger, TokenFor
from adapters.slack.oauth import OAuthParts
from adapters.slack.pacer import POST_MESSAGE_PACER
from adapters.slack.profiles import SlackProfiles
from adapters.slack.seen import ProfileRefresher
from adapters.slack.work import WorkQueue
from adapters.web.outage import unavailable_parts
from bot.services import Services
from storage.availability import DatabaseUnavailable

# Under slack_bolt.* so the CLI's clamp applies: Bolt logs request bodies at DEBUG.
log = logging.getLogger("slack_bolt.groundswell")


class SameTokenNotice(logging.Filter):
    """AsyncApp reads SLACK_BOT_TOKEN from the environment even when given a client, then
    warns that the token is unused; it is the very token our client carries."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


log.addFilter(SameTokenNotice())


def build_bolt_app(services: Services, dropped: Dropped) -> tuple[AsyncApp, SlackDeps]:
    """Credentials are passed explicitly: left out, AsyncApp reads SLACK_* from the
    environment itself and silently switches to OAuth with a file store.

    Bolt does not check signatures here (the guard did, before anything was stored, and
    replays from the inbox carry none); it runs each listener before answering, because a
    listener only takes its inbox item; requests nothing listens to reach `on_error`.
    """
    settings = services.settings.slack
    # Built inside the running loop (mount_slack); closed with the app (APP_SLACK_HTTP).
    client = build_client(settings, aiohttp.ClientSession())
    POST_MESSAGE_PACER.set_rate(settings.send_rate, settings.send_burst)
    common: dict[str, Any] = {
        "client": client,
        "logger": log,
        "request_verification_enabled": False,
        "process_before_response": True,
        "raise_error_for_unhandled_request": True,
    }
    oauth: OAuthParts | None = None
    if settings.client_id:
        oauth = OAuthParts(
            settings, services.database.library_engine, client, token_key=services.keys.tokens
        )
        bolt = AsyncApp(
            **common,
            oauth_settings=oauth.settings,
            # Bolt accepts a ready AsyncAuthorize instance; its annotation says "callable".
            authorize=oauth.authorize,  # type: ignore[arg-type]
        )
        token_for: TokenFor = oauth.bot_token
    else:
        token = settings.bot_token.get_secret_value() if settings.bot_token else None

        async def fixed_token(_team: str) -> str | None:
            return token

        bolt = AsyncApp(**common)
        token_for = fixed_token
    work = WorkQueue()
    deps = SlackDeps(
        services=services,
        messenger=SlackMessenger(client, token_for),
        emoji=EmojiRatings(settings.positive_emoji, settings.negative_emoji),
        assistants=frozenset(settings.assistants),
        work=work,
        inbox_work=InboxWork(services.inbox, work, dropped),
        profiles=SlackProfiles(client, token_for),
        seen=ProfileRefresher(services.directory),
        revoked=oauth,
    )
    register_listeners(bolt, deps)
    bolt.error(on_error)
    return bolt, deps


async def on_error(error: Exception, response: BoltResponse | None) -> BoltResponse | None:
    """Requests no listener matches (actions from messages we never sent, events nobody
    subscribed to) are answered 200, quietly: Slack retries anything else. Bolt's default
    handler logs str(error), which can quote people's words. A database outage before the
    ack answers 503 with Retry-After, as every other route does."""
    if isinstance(error, BoltUnhandledRequestError):
        return BoltResponse(status=200, body="")
    log_failure(log, "Slack listener", error)
    if isinstance(error, DatabaseUnavailable) and response is not None:
        body, headers = unavailable_parts()
        return BoltResponse(status=503, body=body, headers={**headers})
    return None
