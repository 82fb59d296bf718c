"""Mounts Teams on the server: `POST /api/messages`, with token checks on that route only."""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.web_exceptions import NotAppKeyWarning
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_decorator
from microsoft_agents.hosting.core import (
    AgentApplication,
    MemoryStorage,
    TurnContext,
    TurnState,
)
from microsoft_agents.hosting.core.security.outbound_host_validator import (
    OutboundHostValidator,
)

from adapters.api.relay import relays_of
from adapters.failures import log_failure
from adapters.teams.auth import TeamsOptions, auth_configuration, build_connections, is_anonymous
from adapters.teams.gateway import Gateway
from adapters.teams.messenger import TeamsMessenger
from adapters.teams.relay import TeamsRelay
from adapters.teams.route import messages_handler
from adapters.teams.translate import READERS
from adapters.teams.turns import TeamsTurns
from adapters.web.outage import QUIET_OUTAGES
from adapters.web.server import Mounted, Mounter
from bot.records import Platform
from bot.services import Services
from storage.availability import DatabaseUnavailable

log = logging.getLogger(__name__)

ROUTE = "/api/messages"
# The SDK's JWT decorator reads its configuration from request.app under this plain str key.
SDK_CONFIG_KEY = "agent_configuration"
SDK_TURN_LOGGER = "microsoft_agents.hosting.core.connector.client.user_token_client"


@dataclass
class TeamsRuntime:
    messenger: TeamsMessenger
    adapter: CloudAdapter
    anonymous: bool


TEAMS = web.AppKey("teams", TeamsRuntime)


async def mount_teams(app: web.Application, services: Services, mounted: Mounted) -> None:
    install_teams(app, services, mounted, TeamsOptions())


def teams_mounter(options: TeamsOptions) -> Mounter:
    """A mounter with explicit options (tests: a local token issuer, no MSAL)."""

    async def mount(app: web.Application, services: Services, mounted: Mounted) -> None:
        install_teams(app, services, mounted, options)

    return mount


def install_teams(
    app: web.Application, services: Services, mounted: Mounted, options: TeamsOptions
) -> TeamsRuntime:
    settings = services.settings.teams
    config = auth_configuration(settings, options)
    connections = build_connections(settings, config, options)
    anonymous = is_anonymous(settings)
    # With authentication on, a forged serviceUrl must not make us post (with our token)
    # anywhere but Microsoft's connector hosts.
    validator = (
        OutboundHostValidator(enabled=True)
        if not anonymous and options.check_service_urls
        else None
    )
    adapter = CloudAdapter(connection_manager=connections, host_validator=validator)
    adapter.on_turn_error = log_turn_error  # the default posts the exception into the chat
    messenger = TeamsMessenger(
        Gateway(adapter, connections, settings.app_id), services.people, services.conversations
    )
    agent = build_agent(connections, TeamsTurns(services, messenger))
    handler = messages_handler(agent, adapter)
    if anonymous:
        # Without an app id the SDK warns "App ID is not provided" on every turn; we say it
        # once, loudly, at start-up instead.
        logging.getLogger(SDK_TURN_LOGGER).setLevel(logging.ERROR)
        mounted.warnings.append(
            f"Teams {ROUTE} runs WITHOUT authentication (MICROSOFT_APP_ID is not set): "
            "anyone who can reach it can post activities. Only for local testing."
        )
    else:
        with warnings.catch_warnings():
            # aiohttp warns about str app keys; the SDK's decorator needs exactly this one.
            warnings.simplefilter("ignore")
            app[SDK_CONFIG_KEY] = config
        # Its decorator also stores claims under a str request key: same warning, every request.
        warnings.filterwarnings("ignore", category=NotAppKeyWarning, module="microsoft_agents")
        handler = jwt_authorization_decorator(handler)  # type: ignore[no-untyped-call]
    app.router.add_post(ROUTE, handler)
    relays_of(app)[Platform.TEAMS] = TeamsRelay(messenger)
    runtime = TeamsRuntime(messenger=messenger, adapter=adapter, anonymous=anonymous)
    app[TEAMS] = runtime
    mounted.enabled.append(f"Teams {ROUTE}" + (" (authentication OFF)" if anonymous else ""))
    return runtime


def build_agent(connections: Any, turns: TeamsTurns) -> AgentApplication[TurnState]:
    agent: AgentApplication[TurnState] = AgentApplication[TurnState](
        # Our state lives in our database; the SDK only needs somewhere for its turn state.
        storage=MemoryStorage(),
        connection_manager=connections,
        # Default True posts "typing" activities for every message.
        start_typing_timer=False,
        remove_recipient_mention=True,
    )
    # Every activity type we read goes to one handler, which translates and dispatches.
    # (The SDK's conversation_update selector breaks on dict channelData, and its
    # action_execute needs a verb, which real Teams captures lack.)
    agent.activity(list(READERS))(turns.on_activity)
    agent.error(log_turn_error)
    # The SDK logs each turn's exception with its traceback before calling our handler.
    logging.getLogger(AgentApplication.__module__).addFilter(QUIET_OUTAGES)
    return agent


async def log_turn_error(context: TurnContext, error: Exception) -> None:
    if isinstance(error, DatabaseUnavailable):
        raise error  # out of the SDK to the outage middleware: 503 with Retry-After
    log_failure(log, "Teams turn", error)
