"""Who the bot is to the Bot Framework: inbound token checks and outbound tokens.

With no app id, authentication is off (local testing with any Bot Framework client): the
route takes any request and outbound calls carry no token. With an app id, every request to
/api/messages must carry a token for our app id, from an accepted issuer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from microsoft_agents.hosting.core import (
    AccessTokenProviderBase,
    AgentAuthConfiguration,
    AnonymousTokenProvider,
    ConnectionManager,
)
from microsoft_agents.hosting.core.authorization import AuthTypes

from bot.settings import TeamsSettings

SERVICE_CONNECTION = "SERVICE_CONNECTION"

TokenProviderFactory = Callable[[AgentAuthConfiguration], AccessTokenProviderBase]


@dataclass(frozen=True)
class TeamsOptions:
    """What a deployment cannot set from the environment: test seams, kept explicit.

    `token_provider` replaces MSAL for outbound tokens; `extra_issuers` adds token issuers
    (a local test key) to the Bot Framework and Entra ones that are always accepted;
    `check_service_urls` (on by default when authentication is on) sends replies only to
    Microsoft's https connector hosts, never to a loopback fake.
    """

    token_provider: TokenProviderFactory | None = None
    extra_issuers: tuple[str, ...] = field(default_factory=tuple)
    check_service_urls: bool = True


def is_anonymous(settings: TeamsSettings) -> bool:
    return not settings.app_id


def auth_configuration(settings: TeamsSettings, options: TeamsOptions) -> AgentAuthConfiguration:
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
    tenant = settings.tenant_id or ("botframework.com" if multi else None)

    def build(issuers: list[str] | None) -> AgentAuthConfiguration:
        return AgentAuthConfiguration(
            auth_type=auth_type,
            client_id=settings.app_id,
            tenant_id=tenant,
            client_secret=secret,
            anonymous_allowed=False,
            validate_issuer=True,
            issuers=issuers,
        )

    config = build(None)
    if options.extra_issuers:
        config = build([*config.ISSUERS, *options.extra_issuers])
    return config


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
