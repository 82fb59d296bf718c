"""With an app id, /api/messages demands a Bot Framework token; other routes stay open."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from azure.core.credentials import AccessToken
from microsoft_agents.hosting.core import AccessTokenProviderBase, AgentAuthConfiguration
from microsoft_agents.hosting.core.authorization import _entra_issuers

from adapters.teams.auth import TeamsOptions
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.support import ALICE, APP_ID, activity, running, settings_for

OUTBOUND_TOKEN = "fake-outbound-token"


class StubTokenProvider(AccessTokenProviderBase):
    """Outbound tokens without Entra (no network here); the connector sees this one."""

    def __init__(self, configuration: AgentAuthConfiguration) -> None:
        self._configuration = configuration

    @property
    def configuration(self) -> AgentAuthConfiguration:
        return self._configuration

    async def get_access_token(
        self, resource_url: str, scopes: list[str], force_refresh: bool = False
    ) -> str:
        return OUTBOUND_TOKEN

    def get_token_credential(self) -> Any:
        class Credential:
            async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
                return AccessToken(OUTBOUND_TOKEN, 2**31 - 1)

        return Credential()


@pytest.fixture
def trusted(fake: FakeBotConnector) -> Iterator[TeamsOptions]:
    # The SDK picks the key URL from the token's issuer through this table; there is no
    # setting for it. Real issuers stay as they are.
    _entra_issuers.BOTFRAMEWORK_JWKS_URIS[fake.issuer] = fake.jwks_url
    try:
        yield TeamsOptions(
            token_provider=StubTokenProvider,
            extra_issuers=(fake.issuer,),
            check_service_urls=False,  # the fake connector is plain http on loopback
        )
    finally:
        _entra_issuers.BOTFRAMEWORK_JWKS_URIS.pop(fake.issuer, None)


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer garbage", "Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Bearer a b", "wrong-audience"],
)
async def test_requests_without_a_valid_token_get_401_and_change_nothing(
    database_url: str, fake: FakeBotConnector, trusted: TeamsOptions, authorization: str | None
) -> None:
    if authorization == "wrong-audience":
        authorization = f"Bearer {fake.sign_token(audience='someone-else')}"
    headers = {"Authorization": authorization} if authorization else {}
    async with running(settings_for(database_url, app_id=APP_ID), trusted) as server:
        status, body = await server.post_activity(
            activity(fake.service_url, text="win saved 2 hours"), headers
        )
        wins = await server.services.wins.list_for(ALICE)
    assert status == 401
    assert body is not None
    assert wins == []
    assert fake.calls == []


async def test_expired_or_foreign_issuer_tokens_get_401(
    database_url: str, fake: FakeBotConnector, trusted: TeamsOptions
) -> None:
    expired = fake.sign_token(audience=APP_ID, expires_in=-600)
    foreign = fake.sign_token(audience=APP_ID, issuer="https://evil.example.com")
    async with running(settings_for(database_url, app_id=APP_ID), trusted) as server:
        for token in (expired, foreign):
            status, _ = await server.post_activity(
                activity(fake.service_url, text="help"), {"Authorization": f"Bearer {token}"}
            )
            assert status == 401


async def test_a_valid_token_is_served_and_replies_carry_our_token(
    database_url: str, fake: FakeBotConnector, trusted: TeamsOptions
) -> None:
    token = fake.sign_token(audience=APP_ID)
    async with running(settings_for(database_url, app_id=APP_ID), trusted) as server:
        status, _ = await server.post_activity(
            activity(fake.service_url, text="help"), {"Authorization": f"Bearer {token}"}
        )
        async with server.http.get(f"{server.url}/healthz") as health:
            assert health.status == 200
        async with server.http.get(f"{server.url}/api/v1/openapi.json") as spec:
            assert spec.status == 200
    assert status in (200, 202)
    [reply] = fake.sent_activities
    assert reply.authorization == f"Bearer {OUTBOUND_TOKEN}"
    assert "win" in reply.json["text"]


async def test_with_auth_on_replies_never_go_to_a_non_microsoft_service_url(
    database_url: str, fake: FakeBotConnector, trusted: TeamsOptions
) -> None:
    checked = TeamsOptions(
        token_provider=trusted.token_provider, extra_issuers=trusted.extra_issuers
    )
    token = fake.sign_token(audience=APP_ID)
    async with running(settings_for(database_url, app_id=APP_ID), checked) as server:
        status, _ = await server.post_activity(
            activity(fake.service_url, text="help"), {"Authorization": f"Bearer {token}"}
        )
    assert status < 500
    assert fake.calls == []
