"""Mounts the Slack routes on the server when Slack is configured.

`POST /slack/events` checks the signature and shape (guard.py), stores the request in the
inbox, then lets Bolt answer it; the answer leaves only once the request is stored. No
AsyncSlackAppServer: Slack shares the one aiohttp app with the API and Teams.
"""

from __future__ import annotations

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from adapters.api.relay import relays_of
from adapters.slack.app import build_bolt_app
from adapters.slack.deps import SlackDeps
from adapters.slack.guard import verified_body
from adapters.slack.inbox import SlackReceiver, parse_body
from adapters.slack.members import SlackChannelMembers
from adapters.slack.relay import SlackRelay
from adapters.slack.socket_mode import add_socket_mode
from adapters.web.mounting import APP_METRICS, Mounted
from bot.records import Platform
from bot.services import Services
from storage.database import is_sqlite

EVENTS_PATH = "/slack/events"
APP_BOLT = web.AppKey("slack_bolt", AsyncApp)
APP_SLACK = web.AppKey("slack_deps", SlackDeps)
APP_RECEIVER = web.AppKey("slack_receiver", SlackReceiver)


def add_bolt_routes(
    app: web.Application, bolt: AsyncApp, receiver: SlackReceiver, signing_secret: str
) -> list[str]:
    verifier = SignatureVerifier(signing_secret)

    async def dispatch(request: web.Request) -> web.Response:
        # Bytes: the signature covers them, and `request.text()` trusts the declared charset.
        raw_body = verified_body(await request.read(), request.headers, verifier)
        if isinstance(raw_body, web.Response):
            return raw_body
        body = parse_body(raw_body)
        if body is None:  # the guard read it the way Bolt does; this cannot disagree
            return web.json_response({"error": "invalid_request"}, status=400)
        response = await receiver.receive(
            body,
            raw=raw_body,
            headers=dict(request.headers),
            content_type=request.headers.get("Content-Type", ""),
            query=request.query_string,
        )
        return await to_aiohttp_response(response)

    app.router.add_post(EVENTS_PATH, dispatch)
    paths = [EVENTS_PATH]
    flow = bolt.oauth_flow
    if flow is not None:

        async def install(request: web.Request) -> web.Response:
            return await to_aiohttp_response(
                await flow.handle_installation(await bolt_get(request))
            )

        async def oauth_redirect(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await flow.handle_callback(await bolt_get(request)))

        app.router.add_get(flow.install_path, install)
        app.router.add_get(flow.redirect_uri_path, oauth_redirect)
        paths += [flow.install_path, flow.redirect_uri_path]
    return paths


async def bolt_get(request: web.Request) -> AsyncBoltRequest:
    """The OAuth install pages are browser GETs: nothing to store, nothing to sign."""
    return AsyncBoltRequest(
        body=await request.text(),
        query=request.query_string,
        headers=dict(request.headers),
    )


async def mount_slack(app: web.Application, services: Services, mounted: Mounted) -> None:
    slack = services.settings.slack
    if not slack.enabled:
        mounted.disabled.append("Slack (set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN)")
        return
    metrics = app[APP_METRICS]
    bolt, deps = build_bolt_app(services, metrics.count_inbox_drop(Platform.SLACK.value))
    receiver = SlackReceiver(
        bolt,
        services.inbox,
        single_process=is_sqlite(services.settings.core.database_url),
        dropped=metrics.count_inbox_drop(Platform.SLACK.value),
    )
    services.outreach.use(Platform.SLACK, deps.messenger)
    services.directory.use(Platform.SLACK, deps.profiles)
    services.surveys.use_channel_members(SlackChannelMembers(bolt.client, deps.messenger.token_for))
    app[APP_BOLT] = bolt
    app[APP_SLACK] = deps
    app[APP_RECEIVER] = receiver
    relays_of(app)[Platform.SLACK] = SlackRelay(deps)

    async def start_sweeping(app: web.Application) -> None:
        receiver.start()
        # Appended now, after every cleanup build_app registered: the session closes last.
        app.on_cleanup.append(close_http)

    async def stop_work(_app: web.Application) -> None:
        await receiver.stop()
        await deps.work.drain()
        await deps.seen.stop()

    async def close_http(_app: web.Application) -> None:
        # After the services closed: the dispatcher may be sending until then.
        if bolt.client.session is not None:
            await bolt.client.session.close()

    app.on_startup.append(start_sweeping)
    # Before the services close: acked work still needs the database.
    app.on_cleanup.insert(0, stop_work)
    if slack.socket_mode and slack.app_token is not None:
        add_socket_mode(app, receiver, slack.app_token.get_secret_value())
        mounted.enabled.append("Slack Socket Mode (connects at start-up)")
    if slack.signing_secret is None:
        # Socket Mode only (SLACK_APP_TOKEN): without a secret no HTTP request can be verified.
        mounted.enabled.append("Slack over Socket Mode only (no SLACK_SIGNING_SECRET)")
        return
    paths = add_bolt_routes(app, bolt, receiver, slack.signing_secret.get_secret_value())
    mode = "OAuth, multi-workspace" if slack.client_id else "single workspace"
    mounted.enabled.append(f"Slack ({mode}) {' '.join(paths)}")
