"""Proactive calls to the Bot Connector through the SDK: send, update, open a 1:1 chat.

Each call raises `aiohttp.ClientResponseError` on a connector failure (the SDK retries
nothing); the Messenger decides what a 403, 404 or 429 means. A reference whose service URL
is not on the allow-list raises ServiceUrlRefused before anything is sent.
"""

from __future__ import annotations

import json
from typing import Any

from microsoft_agents.activity import (
    Activity,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import (
    AuthenticationConstants,
    ClaimsIdentity,
    ConnectionManager,
    TurnContext,
)
from microsoft_agents.hosting.core.connector.client import ConnectorClient

from adapters.teams.service_urls import ServiceUrlRefused, ServiceUrls


def reference_json(reference: ConversationReference) -> dict[str, Any]:
    dumped: dict[str, Any] = json.loads(reference.model_dump_json(by_alias=True, exclude_none=True))
    return dumped


def reference_from(data: dict[str, Any]) -> ConversationReference:
    return ConversationReference.model_validate(data)


class Gateway:
    def __init__(
        self,
        adapter: CloudAdapter,
        connections: ConnectionManager,
        app_id: str | None,
        service_urls: ServiceUrls,
    ) -> None:
        self._adapter = adapter
        self._connections = connections
        self._app_id = app_id
        self._service_urls = service_urls

    def check(self, service_url: str | None) -> str:
        """The service URL, if we may call it; raises ServiceUrlRefused otherwise."""
        if service_url is None or not self._service_urls.allows(service_url):
            raise ServiceUrlRefused("the stored service URL is not an allowed Bot Framework host")
        return service_url

    async def send(self, reference: ConversationReference, activity: Activity) -> str:
        """Post into the referenced conversation; returns the new message's id."""
        sent: dict[str, str] = {}

        async def post(context: TurnContext) -> None:
            response = await context.send_activity(activity)
            sent["id"] = response.id if response is not None and response.id else ""

        await self._continue(reference, post)
        return sent.get("id", "")

    async def update(self, reference: ConversationReference, activity: Activity) -> None:
        async def put(context: TurnContext) -> None:
            await context.update_activity(activity)

        await self._continue(reference, put)

    async def _continue(self, reference: ConversationReference, work: Any) -> None:
        self.check(reference.service_url)
        failures: list[Exception] = []

        async def callback(context: TurnContext) -> None:
            # Catch here: otherwise the adapter's on_turn_error sees it and the caller does not.
            try:
                await work(context)
            except Exception as error:
                failures.append(error)

        continuation = reference.get_continuation_activity()
        # The continuation gets a random id, which send_activity would turn into a replyToId
        # (POST …/activities/<uuid>). Clearing it makes a plain new message.
        continuation.id = None
        if self._app_id:
            await self._adapter.continue_conversation(self._app_id, continuation, callback)
        else:
            # continue_conversation("") builds non-anonymous claims; an empty identity is the
            # anonymous path that sends no token.
            await self._adapter.continue_conversation_with_claims(
                ClaimsIdentity(),
                continuation,
                callback,
                audience=AuthenticationConstants.AGENTS_SDK_SCOPE,
            )
        if failures:
            raise failures[0]

    async def open_personal(
        self, *, service_url: str, tenant: str, user_id: str, bot_id: str
    ) -> ConversationReference:
        """Create (or get back) the 1:1 chat with a person; fails if the app is not installed."""
        self.check(service_url)
        params = ConversationParameters(
            is_group=False,
            agent=ChannelAccount(id=bot_id),
            members=[ChannelAccount(id=user_id)],
            tenant_id=tenant,
            channel_data={"tenant": {"id": tenant}},
        )
        token = ""
        if self._app_id:
            token = await self._outbound_token()
        # Called directly: the adapter's create_conversation fails without an app id and
        # leaks its HTTP session when the connector refuses (403).
        connector = ConnectorClient(service_url, token)
        try:
            created = await connector.conversations.create_conversation(params)
        finally:
            await connector.close()
        return ConversationReference(
            channel_id="msteams",
            # What the connector answers is stored for later sends: it must pass too.
            service_url=self.check(created.service_url or service_url),
            conversation=ConversationAccount(
                id=created.id, conversation_type="personal", tenant_id=tenant
            ),
            agent=ChannelAccount(id=bot_id),
            user=ChannelAccount(id=user_id),
        )

    async def _outbound_token(self) -> str:
        provider = self._connections.get_default_connection()
        token: str = await provider.get_access_token(
            AuthenticationConstants.AGENTS_SDK_SCOPE,
            [f"{AuthenticationConstants.AGENTS_SDK_SCOPE}/.default"],
        )
        return token
