"""Baseline for bench/slack_events.py: a bare Bolt AsyncApp with a no-op reaction listener,
mounted on aiohttp exactly as Groundswell mounts it (no database, no domain)."""

from __future__ import annotations

import argparse
import os

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient


def build() -> web.Application:
    bolt = AsyncApp(
        client=AsyncWebClient(
            token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["GROUNDSWELL_SLACK_API_URL"]
        ),
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
    )

    async def no_op(body: dict[str, object]) -> None:
        return None

    bolt.event("reaction_added")(no_op)

    async def dispatch(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    app = web.Application()
    app.router.add_post("/slack/events", dispatch)
    app.router.add_get("/healthz", lambda _r: web.json_response({"ok": True}))  # type: ignore[arg-type,return-value]
    return app


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    web.run_app(
        build(), host="127.0.0.1", port=parser.parse_args().port, print=None, access_log=None
    )
