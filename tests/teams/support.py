"""Running the real server on loopback for Teams tests, and activities shaped like Teams'."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from azure.core.credentials import AccessToken
from microsoft_agents.hosting.core import AccessTokenProviderBase, AgentAuthConfiguration

from adapters.slack.mount import mount_slack
from adapters.teams.auth import TeamsOptions
from adapters.teams.messenger import TeamsMessenger
from adapters.teams.mount import TEAMS, teams_mounter
from adapters.web.mounting import APP_SERVICES
from adapters.web.server import build_app
from bot.records import PersonRef, Platform
from bot.services import Services, build_services
from bot.settings import CoreSettings, Settings, SlackSettings, TeamsSettings
from tests.fakes.bot_connector import FakeBotConnector
from tests.support.fixtures import missing


def find_fixtures() -> Path:
    """`../shared/fixtures/teams` beside the checkout (also from a worktree one level deeper),
    or GROUNDSWELL_TEAMS_FIXTURES. They are never copied into the repository."""
    given = os.environ.get("GROUNDSWELL_TEAMS_FIXTURES")
    if given:
        return Path(given)
    repo = Path(__file__).resolve().parents[2]
    for base in (repo.parent, repo.parent.parent):
        if (base / "shared" / "fixtures" / "teams").is_dir():
            return base / "shared" / "fixtures" / "teams"
    return repo.parent / "shared" / "fixtures" / "teams"


FIXTURES = find_fixtures()
PAYLOADS = FIXTURES / "payloads"
SCHEMAS = FIXTURES / "manifest-schema"
APP_ID = "11111111-2222-3333-4444-555555555555"
BOT_ID = f"28:{APP_ID}"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
USER = "29:1alice-teams-user"
PERSONAL_CHAT = "a:1personal-chat-with-alice"
CHANNEL = "19:3629591d4b774aa08cb0887902eee7c1@thread.skype"
API_TOKEN = "test-api-token-0123456789"
OUTBOUND_TOKEN = "fake-outbound-token"
ALICE = PersonRef(platform=Platform.TEAMS, tenant=TENANT, user_id=USER)


def fixture_payload(name: str) -> dict[str, Any]:
    path = PAYLOADS / name
    if not path.exists():
        missing("Teams payload fixtures", PAYLOADS)
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def settings_for(
    database_url: str,
    connector: FakeBotConnector | None = None,
    *,
    app_id: str | None = None,
    **teams: Any,
) -> Settings:
    """Teams with authentication when given an app id, else in insecure local mode; the fake
    connector's origin allowed as a service URL, as GROUNDSWELL_TEAMS_SERVICE_URLS would."""
    return Settings(
        core=CoreSettings(_env_file=None, database_url=database_url, api_tokens=[API_TOKEN]),
        slack=SlackSettings(_env_file=None),
        teams=TeamsSettings(
            _env_file=None,
            app_id=app_id,
            app_password="a-real-looking-secret-value" if app_id else None,
            tenant_id=TENANT if app_id else None,
            insecure_local=app_id is None,
            service_urls=[connector.base_url] if connector else [],
            **teams,
        ),
    )


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


def trusting(connector: FakeBotConnector) -> TeamsOptions:
    """Options for authentication on: the fake's tokens trusted beside Microsoft's, no MSAL."""
    return TeamsOptions(
        token_provider=StubTokenProvider,
        trusted_issuers={connector.issuer: connector.jwks_url},
    )


@dataclass
class Running:
    url: str
    app: web.Application
    http: aiohttp.ClientSession

    @property
    def services(self) -> Services:
        return self.app[APP_SERVICES]

    @property
    def messenger(self) -> TeamsMessenger:
        return self.app[TEAMS].messenger

    async def post_activity(
        self, activity: dict[str, Any], headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        async with self.http.post(
            f"{self.url}/api/messages", json=activity, headers=headers or {}
        ) as response:
            text = await response.text()
            return response.status, json.loads(text) if text else None

    async def feedback_items(self) -> list[dict[str, Any]]:
        async with self.http.get(
            f"{self.url}/api/v1/feedback", headers={"Authorization": f"Bearer {API_TOKEN}"}
        ) as response:
            assert response.status == 200
            body = await response.json()
        items: list[dict[str, Any]] = body["items"]
        return items


@asynccontextmanager
async def running(
    settings: Settings, options: TeamsOptions | None = None, *, mounters: Any = None
) -> AsyncIterator[Running]:
    """The real application on 127.0.0.1, port 0, as `groundswell serve` builds it."""
    app = await build_app(
        build_services(settings),
        mounters=mounters or [mount_slack, teams_mounter(options or TeamsOptions())],
    )
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    async with aiohttp.ClientSession() as http:
        try:
            yield Running(url=f"http://127.0.0.1:{port}", app=app, http=http)
        finally:
            await runner.cleanup()


def activity(service_url: str, type_: str = "message", **fields: Any) -> dict[str, Any]:
    """A 1:1-chat activity from Alice, shaped like the captures in the shared fixtures."""
    body: dict[str, Any] = {
        "type": type_,
        "id": "1700000000001",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "timestamp": "2026-11-27T09:00:00.000Z",
        "localTimezone": "Europe/Berlin",
        "from": {"id": USER, "name": "Alice Example", "aadObjectId": "aad-alice"},
        "recipient": {"id": BOT_ID, "name": "Groundswell"},
        "conversation": {
            "id": PERSONAL_CHAT,
            "conversationType": "personal",
            "tenantId": TENANT,
        },
        "channelData": {"tenant": {"id": TENANT}},
    }
    body.update(fields)
    return body


def install_activity(service_url: str, activity_id: str = "f:install-1") -> dict[str, Any]:
    """The documented conversationUpdate for a personal install, with real-looking ids."""
    raw = fixture_payload("conversationUpdate_botAdded_personal.json")
    raw.update(
        id=activity_id,
        serviceUrl=service_url,
        localTimezone="Europe/Berlin",
        recipient={"id": BOT_ID, "name": "Groundswell"},
        conversation={"conversationType": "personal", "id": PERSONAL_CHAT},
        channelData={"tenant": {"id": TENANT}},
    )
    raw["from"] = {"id": USER, "name": "Alice Example", "aadObjectId": "aad-alice"}
    raw["membersAdded"] = [{"id": BOT_ID}, {"id": USER, "aadObjectId": "aad-alice"}]
    return raw


def channel_install(service_url: str) -> tuple[dict[str, Any], str, str]:
    """The recorded installationUpdate adding the app to a team channel, pointed at our fake;
    with the channel's conversation id and tenant."""
    installed = fixture_payload("installationUpdate_add_channel.json")
    installed["serviceUrl"] = service_url
    return installed, installed["conversation"]["id"], installed["channelData"]["tenant"]["id"]
