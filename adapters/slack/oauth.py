"""Multi-workspace install: slack-sdk's SQLAlchemy stores in Groundswell's own database.

The tables come from migration 0003; the stores never create them themselves.
"""

from __future__ import annotations

import logging

from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Engine

from adapters.slack.manifest import manifest_bot_scopes
from adapters.slack.stores import ThreadedInstallationStore, ThreadedStateStore
from bot.settings import SlackSettings

log = logging.getLogger(__name__)
STATE_EXPIRY_S = 600


class OAuthParts:
    """The OAuth settings and authorize step Bolt needs, plus the store the Messenger reads."""

    def __init__(
        self, settings: SlackSettings, engine: Engine, client: AsyncWebClient, *, token_key: bytes
    ):
        if settings.client_id is None or settings.client_secret is None:
            raise ValueError("OAuth needs SLACK_CLIENT_ID and SLACK_CLIENT_SECRET")
        client_id = settings.client_id
        secret = settings.client_secret.get_secret_value()
        self.installations = ThreadedInstallationStore(
            client_id=client_id, engine=engine, logger=log, token_key=token_key
        )
        states = ThreadedStateStore(expiration_seconds=STATE_EXPIRY_S, engine=engine, logger=log)
        self.settings = AsyncOAuthSettings(
            client_id=client_id,
            client_secret=secret,
            scopes=manifest_bot_scopes(),
            installation_store=self.installations,
            state_store=states,
            # Bot tokens only: no per-request auth.test for an installer's user token.
            installation_store_bot_only=True,
        )
        # Our own authorize with its cache on: one auth.test per token per process, and its
        # token-rotation client is ours (base_url), not a default one pointing at slack.com.
        self.authorize = AsyncInstallationStoreAuthorize(
            logger=log,
            installation_store=self.installations,
            client_id=client_id,
            client_secret=secret,
            bot_only=True,
            cache_enabled=True,
            client=client,
        )

    async def bot_token(self, tenant: str) -> str | None:
        """The bot token of an installation: a workspace (T…), or an Enterprise Grid org
        (E…) for an org-wide install."""
        if tenant.startswith("E"):
            bot = await self.installations.async_find_bot(
                enterprise_id=tenant, team_id=None, is_enterprise_install=True
            )
        else:
            bot = await self.installations.async_find_bot(enterprise_id=None, team_id=tenant)
        return None if bot is None else bot.bot_token

    def forget_cached(self) -> None:
        """After an uninstall: Bolt's authorize cache must not keep serving the old token."""
        self.authorize.authorize_result_cache.clear()
