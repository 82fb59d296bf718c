"""Mounts Teams on the server: `POST /api/messages`, only when it is configured.

With MICROSOFT_APP_ID the route checks every request's token; with
GROUNDSWELL_TEAMS_INSECURE_LOCAL=true (and no app id) it takes any request, for local testing;
with neither, there is no Teams route at all.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import (
    AgentApplication,
    MemoryStorage,
    TurnContext,
    TurnState,
)

from adapters.api.relay import relays_of
from adapters.failures import log_failure
from adapters.teams.auth import (
    TeamsOptions,
    auth_configuration,
    build_connections,
    is_anonymous,
    token_checker,
)
from adapters.teams.gateway import Gateway
from adapters.teams.messenger import TeamsMessenger
from adapters.teams.relay import TeamsRelay
from adapters.teams.route import Gate, messages_handler
from adapters.teams.service_urls import ServiceUrls
from adapters.teams.translate import READERS
from adapters.teams.turns import TeamsTurns
from adapters.web.mounting import Mounted, Mounter
from adapters.web.outage import QUIET_OUTAGES
from bot.records import Platform
from bot.services import Services
from storage.availability import DatabaseUnavailable

log = logging.getLogger(__name__)

ROUTE = "/api/messages"
SDK_TURN_LOGGER = "microsoft_agents.hosting.core.connector.client.user_token_client"
TURN_ON = "MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID"


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
) -> TeamsRuntime | None:
    settings = services.settings.teams
    if not settings.enabled:
        mounted.disabled.append(f"Teams {ROUTE} (set {TURN_ON} to turn it on)")
        return None
    config = auth_configuration(settings)
    connections = build_connections(settings, config, options)
    anonymous = is_anonymous(settings)
    service_urls = ServiceUrls(settings.service_urls)
    # No SDK host validator: the route and the gateway check every service URL themselves
    # (the SDK's refuses http, so no loopback test connector, and logs the URL it refuses).
    adapter = CloudAdapter(connection_manager=connections)
    adapter.on_turn_error = log_turn_error  # the default posts the exception into the chat
    messenger = TeamsMessenger(
        Gateway(adapter, connections, settings.app_id, service_urls),
        services.people,
        services.conversations,
    )
    agent = build_agent(connections, TeamsTurns(services, messenger))
    gate = Gate(tokens=token_checker(settings, options), service_urls=service_urls)
    app.router.add_post(ROUTE, messages_handler(agent, adapter, gate))
    relays_of(app)[Platform.TEAMS] = TeamsRelay(messenger)
    services.outreach.use(Platform.TEAMS, messenger)
    runtime = TeamsRuntime(messenger=messenger, adapter=adapter, anonymous=anonymous)
    app[TEAMS] = runtime
    if anonymous:
        # Without an app id the SDK warns "App ID is not provided" on every turn; we say it
        # once, loudly, at start-up instead.
        logging.getLogger(SDK_TURN_LOGGER).setLevel(logging.ERROR)
        mounted.enabled.append(f"Teams {ROUTE} (authentication OFF)")
        mounted.warnings.append(
            f"INSECURE: Teams {ROUTE} runs WITHOUT authentication "
            "(GROUNDSWELL_TEAMS_INSECURE_LOCAL=true): anyone who can reach this port can post "
            f"as anyone. For local testing only; set {TURN_ON} for real use."
        )
    else:
        mounted.enabled.append(f"Teams {ROUTE} (Bot Framework tokens checked)")
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
