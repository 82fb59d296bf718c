"""Socket Mode's first connection, tried before the server starts.

Left to slack-sdk, a refused app token or an unreachable Slack at start-up is a traceback
every 10 seconds, forever, while the HTTP port never opens. Asked once here, it is one line.
"""

from __future__ import annotations

import asyncio

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.cli.checks import CannotStart, first_line
from bot.settings import SlackSettings

# Long enough for a slow proxy, short enough that a wrong URL does not look like a hang.
PREFLIGHT_SECONDS = 15


def check_socket_mode(slack: SlackSettings) -> None:
    """Return when Slack hands out a Socket Mode URL for SLACK_APP_TOKEN; else CannotStart."""
    if slack.app_token is None:
        message = "SLACK_APP_TOKEN: is required for Socket Mode (xapp-…, connections:write)"
        raise CannotStart(message, retry=False)
    asyncio.run(open_connection(slack, slack.app_token.get_secret_value()))


async def open_connection(slack: SlackSettings, app_token: str) -> None:
    # One attempt and no retry handlers: a failure is one line, not a retry narrated in logs.
    client = AsyncWebClient(base_url=slack.api_url.rstrip("/") + "/", retry_handlers=[])
    try:
        async with asyncio.timeout(PREFLIGHT_SECONDS):
            # The URL it returns is single-use and short-lived; slack-sdk asks for its own.
            await client.apps_connections_open(app_token=app_token)
    except SlackApiError as error:
        code = error.response.get("error", "an error")
        message = (
            f"SLACK_APP_TOKEN: Slack refused it ({code}): create an app-level token with "
            "connections:write under Basic Information → App-Level Tokens"
        )
        raise CannotStart(message, retry=False) from None
    except TimeoutError:
        message = f"cannot reach Slack at {slack.api_url} for Socket Mode: no answer in time"
        raise CannotStart(message, retry=True) from None
    except (ClientError, OSError) as error:
        reason = first_line(error) or type(error).__name__
        message = f"cannot reach Slack at {slack.api_url} for Socket Mode: {reason}"
        raise CannotStart(message, retry=True) from None
