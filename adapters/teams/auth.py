"""Who the bot is to the Bot Framework: inbound token checks, outbound tokens, exposure.

With an app id, every request to /api/messages must carry a Bot Framework token for it (see
tokens.py) and replies carry our token. Without one, Teams is served only in insecure local
mode (GROUNDSWELL_TEAMS_INSECURE_LOCAL), which takes any request: `serve` allows that only on
a loopback address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from microsoft_agents.hosting.core import (
    AccessTokenProviderBase,
    AgentAuthConfiguration,
    AnonymousTokenProvider,
    ConnectionManager,
)
from microsoft_agents.hosting.core.authorization import AuthTypes

from adapters.teams.signing_keys import KeySets
from adapters.teams.tokens import TokenChecker, trusted_issuers
from bot.settings import TeamsSettings

SERVICE_CONNECTION = "SERVICE_CONNECTION"
LOOPBACK_NAMES = frozenset({"localhost"})

TokenProviderFactory = Callable[[AgentAuthConfiguration], AccessTokenProviderBase]


@dataclass(frozen=True)
class TeamsOptions:
    """What a deployment cannot set from the environment: test seams, kept explicit.

    `token_provider` replaces MSAL for outbound tokens; `trusted_issuers` maps more token
    issuers (a local test key) to their key set URLs, beside Microsoft's.
    """

    token_provider: TokenProviderFactory | None = None
    trusted_issuers: Mapping[str, str] = field(default_factory=dict)


def is_anonymous(settings: TeamsSettings) -> bool:
    return not settings.app_id


def is_loopback(host: str) -> bool:
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def insecure_refusal(settings: TeamsSettings, host: str) -> str | None:
    """The one line `serve` stops with when unauthenticated Teams would face a network."""
    if not settings.insecure_local or is_loopback(host):
        return None
    return (
        "GROUNDSWELL_TEAMS_INSECURE_LOCAL=true serves Teams without authentication, so it "
        f"runs only on a loopback --host (127.0.0.1, ::1 or localhost), not --host {host}"
    )


def token_checker(settings: TeamsSettings, options: TeamsOptions) -> TokenChecker | None:
    if not settings.app_id:
        return None
    issuers = {**trusted_issuers(settings.tenant_id), **options.trusted_issuers}
    return TokenChecker(settings.app_id, issuers, KeySets())


def auth_configuration(settings: TeamsSettings) -> AgentAuthConfiguration:
    """The SDK's connection settings, used for outbound tokens only."""
    if is_anonymous(settings):
        return AgentAuthConfiguration(anonymous_allowed=True)
    secret = settings.app_password.get_secret_value() if settings.app_password else None
    auth_type = (
        AuthTypes.user_managed_identity
        if settings.app_type == "UserAssignedMSI"
        else AuthTypes.client_secret
    )
    # MultiTenant apps still authenticate against a tenant; "botframework.com" is the
    # documented one for them (single-tenant apps name their own).
    multi = settings.app_type == "MultiTenant"
    return AgentAuthConfiguration(
        auth_type=auth_type,
        client_id=settings.app_id,
        tenant_id=settings.tenant_id or ("botframework.com" if multi else None),
        client_secret=secret,
        anonymous_allowed=False,
    )


def build_connections(
    settings: TeamsSettings, config: AgentAuthConfiguration, options: TeamsOptions
) -> ConnectionManager:
    connections = {SERVICE_CONNECTION: config}
    if is_anonymous(settings):
        return ConnectionManager(
            provider_factory=lambda _config: AnonymousTokenProvider(),
            connections_configurations=connections,
        )
    if options.token_provider is not None:
        return ConnectionManager(
            provider_factory=options.token_provider, connections_configurations=connections
        )
    from microsoft_agents.authentication.msal import MsalConnectionManager

    return MsalConnectionManager(connections_configurations=connections)
