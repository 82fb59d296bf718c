"""Builds the Bolt AsyncApp with every listener, in single-workspace or OAuth mode."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse

from adapters.failures import log_failure
from adapters.slack.client import build_client
from adapters.slack.deps import SlackDeps
from adapters.slack.emoji import EmojiRatings
from adapters.slack.listeners import register_listeners
from adapters.slack.messenger import SlackMessenger, TokenFor
from adapters.slack.oauth import OAuthParts
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


def build_bolt_app(services: Services) -> tuple[AsyncApp, SlackDeps]:
    """Credentials are passed explicitly: left out, AsyncApp reads SLACK_* from the
    environment itself and silently switches to OAuth with a file store."""
    settings = services.settings.slack
    client = build_client(settings)
    signing_secret = settings.signing_secret.get_secret_value() if settings.signing_secret else ""
    if settings.client_id:
        oauth = OAuthParts(settings, services.database.library_engine, client)
        bolt = AsyncApp(
            client=client,
            signing_secret=signing_secret,
            oauth_settings=oauth.settings,
            # Bolt accepts a ready AsyncAuthorize instance; its annotation says "callable".
            authorize=oauth.authorize,  # type: ignore[arg-type]
            logger=log,
        )
        token_for: TokenFor = oauth.bot_token
    else:
        token = settings.bot_token.get_secret_value() if settings.bot_token else None

        async def fixed_token(_team: str) -> str | None:
            return token

        bolt = AsyncApp(client=client, signing_secret=signing_secret, logger=log)
        token_for = fixed_token
    deps = SlackDeps(
        services=services,
        messenger=SlackMessenger(client, token_for),
        emoji=EmojiRatings(settings.positive_emoji, settings.negative_emoji),
        assistants=frozenset(settings.assistants),
    )
    register_listeners(bolt, deps)
    bolt.error(log_listener_error)
    return bolt, deps


async def log_listener_error(
    error: Exception, response: BoltResponse | None
) -> BoltResponse | None:
    """Bolt's default handler logs str(error), which can quote people's words. A database
    outage before the ack answers 503 with Retry-After, as every other route does (after the
    ack there is no response to change: Bolt passes None)."""
    log_failure(log, "Slack listener", error)
    if isinstance(error, DatabaseUnavailable) and response is not None:
        body, headers = unavailable_parts()
        return BoltResponse(status=503, body=body, headers={**headers})
    return None
