"""Mounts the Slack routes on the server when Slack is configured.

Bolt's aiohttp adapter has one job: turn our request into Bolt's, dispatch, turn the answer
back. No AsyncSlackAppServer: Slack shares the one aiohttp app with the API and Teams.
"""

from __future__ import annotations

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from adapters.api.relay import relays_of
from adapters.slack.app import build_bolt_app
from adapters.slack.deps import SlackDeps
from adapters.slack.guard import verified_body
from adapters.slack.relay import SlackRelay
from adapters.slack.socket_mode import add_socket_mode
from adapters.web.server import Mounted
from bot.records import Platform
from bot.services import Services

EVENTS_PATH = "/slack/events"
APP_BOLT = web.AppKey("slack_bolt", AsyncApp)
APP_SLACK = web.AppKey("slack_deps", SlackDeps)


def add_bolt_routes(app: web.Application, bolt: AsyncApp, signing_secret: str) -> list[str]:
    verifier = SignatureVerifier(signing_secret)

    async def dispatch(request: web.Request) -> web.Response:
        # Bytes: the signature covers them, and `request.text()` trusts the declared charset.
        body = verified_body(await request.read(), request.headers, verifier)
        if isinstance(body, web.Response):
            return body
        bolt_request = AsyncBoltRequest(
            body=body, query=request.query_string, headers=request.headers  # type: ignore[arg-type]
        )
        return await to_aiohttp_response(await bolt.async_dispatch(bolt_request))

    app.router.add_post(EVENTS_PATH, dispatch)
    paths = [EVENTS_PATH]
    flow = bolt.oauth_flow
    if flow is not None:

        async def install(request: web.Request) -> web.Response:
            bolt_request = await to_bolt_request(request)
            return await to_aiohttp_response(await flow.handle_installation(bolt_request))

        async def oauth_redirect(request: web.Request) -> web.Response:
            bolt_request = await to_bolt_request(request)
            return await to_aiohttp_response(await flow.handle_callback(bolt_request))

        app.router.add_get(flow.install_path, install)
        app.router.add_get(flow.redirect_uri_path, oauth_redirect)
        paths += [flow.install_path, flow.redirect_uri_path]
    return paths


async def mount_slack(app: web.Application, services: Services, mounted: Mounted) -> None:
    slack = services.settings.slack
    if not slack.enabled:
        mounted.disabled.append("Slack (set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN)")
        return
    bolt, deps = build_bolt_app(services)
    app[APP_BOLT] = bolt
    app[APP_SLACK] = deps
    relays_of(app)[Platform.SLACK] = SlackRelay(deps)

    async def drain_work(_app: web.Application) -> None:
        await deps.work.drain()

    # Before the services close: acked work still needs the database.
    app.on_cleanup.insert(0, drain_work)
    if slack.socket_mode and slack.app_token is not None:
        add_socket_mode(app, bolt, slack.app_token.get_secret_value())
        mounted.enabled.append("Slack Socket Mode (connects at start-up)")
    if slack.signing_secret is None:
        # Socket Mode only (SLACK_APP_TOKEN): without a secret no HTTP request can be verified.
        mounted.enabled.append("Slack over Socket Mode only (no SLACK_SIGNING_SECRET)")
        return
    paths = add_bolt_routes(app, bolt, slack.signing_secret.get_secret_value())
    mode = "OAuth, multi-workspace" if slack.client_id else "single workspace"
    mounted.enabled.append(f"Slack ({mode}) {' '.join(paths)}")
