"""`POST /api/messages`: check the activity's shape, then hand the request to the SDK."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.aiohttp import CloudAdapter, start_agent_process
from microsoft_agents.hosting.core import AgentApplication
from pydantic import ValidationError

from adapters.api.errors import json_error
from adapters.web.metrics import Handler


def shape_problem(body: Any) -> str | None:
    """Why this is not an activity we can answer, or None. The SDK answers 500 to JSON that
    parses but is not an activity, or lacks a conversation or serviceUrl, so we check first."""
    if not isinstance(body, dict):
        return "the body must be a JSON object (a Bot Framework activity)"
    try:
        activity = Activity.model_validate(body)
    except (ValidationError, ValueError, TypeError):
        return "the body is not a valid Bot Framework activity"
    if not isinstance(body.get("type"), str) or not activity.type:
        return "type is required"
    if activity.conversation is None or not activity.conversation.id:
        return "conversation.id is required"
    # The SDK keys its turn state by sender and channel and fails without them.
    if activity.from_property is None or not activity.from_property.id:
        return "from.id is required"
    if not activity.channel_id:
        return "channelId is required"
    if not isinstance(body.get("serviceUrl"), str) or not activity.service_url:
        return "serviceUrl is required"
    if not activity.service_url.startswith(("https://", "http://")):
        return "serviceUrl must be an http(s) URL"
    return None


def messages_handler(agent: AgentApplication[Any], adapter: CloudAdapter) -> Handler:
    async def messages(request: web.Request) -> web.StreamResponse:
        try:
            body = await request.json()
        except (ValueError, UnicodeDecodeError):
            return json_error(400, "invalid_request", "the body is not JSON")
        problem = shape_problem(body)
        if problem is not None:
            return json_error(400, "invalid_activity", problem)
        response = await start_agent_process(request, agent, adapter)
        return response if response is not None else web.Response(status=202)

    return messages
