"""Refuse requests that are not Slack's, then bodies Bolt itself would crash on.

The signature is checked here, before Bolt: Bolt's own refusal logs the whole body at INFO,
and bodies carry people's ids and words. Bolt 1.30 also assumes Slack's shapes: `{"type":
"event_callback", "event": null}`, or a view_submission whose view has no `type`, make it
answer 500 (found by the hypothesis tests). Slack never sends those, so they get a clear 400.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger(__name__)

# Bolt's extractors (slack_bolt/request/internals.py) walk these nested objects and assume
# Slack's types for these fields: ids are strings, or objects holding a string "id".
NESTED = ("event", "item", "message", "previous_message", "assistant_thread", "view")
OBJECT_OR_TEXT = ("user", "team", "channel")
TEXT_ONLY = (
    "type",
    "id",
    "user_id",
    "team_id",
    "channel_id",
    "enterprise_id",
    "thread_ts",
    "user_team",
    "bot_id",
    "subtype",
    "api_app_id",
    "event_id",
)


def malformed_reason(raw_body: str) -> str | None:
    """Why a body cannot be handled, or None (slash commands and sane payloads pass)."""
    if raw_body.lstrip().startswith("{"):
        text = raw_body  # Events API: a JSON envelope
    else:
        # Interactivity: a form whose `payload` field is JSON; slash commands have none.
        payloads = parse_qs(raw_body).get("payload")
        if not payloads:
            return None
        text = payloads[0]
    try:
        body: Any = json.loads(text)
    except ValueError:
        return "body is not valid JSON"
    if not isinstance(body, dict):
        return "envelope must be an object"
    return shape_reason(body)


def shape_reason(body: dict[str, Any]) -> str | None:
    if "event" in body and not isinstance(body["event"], dict):
        return "`event` must be an object"
    # Bolt tests these keys with `in` and then indexes them: present means well-formed.
    actions = body.get("actions")
    if "actions" in body and not (
        isinstance(actions, list) and actions and isinstance(actions[0], dict)
    ):
        return "`actions` must be a non-empty list of objects"  # Bolt reads actions[0]
    if body.get("type") == "block_actions" and not all(
        isinstance(action, dict) and isinstance(action.get("action_id"), str)
        for action in actions or []
    ):
        # Bolt's action matchers index action["action_id"]; Slack always sends one.
        return "every action needs a string `action_id`"
    view = body.get("view")
    if "view" in body and not (isinstance(view, dict) and isinstance(view.get("type"), str)):
        return "`view` must be an object with a string `type`"  # Bolt reads view["type"]
    authorizations = body.get("authorizations")
    if authorizations is not None and not (
        isinstance(authorizations, list) and all(isinstance(a, dict) for a in authorizations)
    ):
        return "`authorizations` must be a list of objects"
    for item in [body, *(authorizations or [])]:
        reason = check_ids(item, "")
        if reason is not None:
            return reason
    return None


def check_ids(data: dict[str, Any], path: str, depth: int = 0) -> str | None:
    for key in TEXT_ONLY:
        if not isinstance(data.get(key), str | None):
            return f"`{path}{key}` must be a string"
    for key in OBJECT_OR_TEXT:
        value = data.get(key)
        if isinstance(value, dict):
            if not isinstance(value.get("id"), str | None) or not isinstance(
                value.get("team_id", value.get("enterprise_id")), str | None
            ):
                return f"`{path}{key}.id` must be a string"
        elif not isinstance(value, str | None):
            return f"`{path}{key}` must be a string or an object"
    for key in NESTED:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, dict):
            return f"`{path}{key}` must be an object"
        if depth < 4:
            reason = check_ids(value, f"{path}{key}.", depth + 1)
            if reason is not None:
                return reason
    return None


def refuse_request(
    raw_body: str, headers: Mapping[str, str], verifier: SignatureVerifier
) -> web.Response | None:
    """401 when Slack did not sign it (or signed it over 5 minutes ago), 400 when Bolt could
    not handle it; None for a request to dispatch."""
    if not verifier.is_valid_request(raw_body, dict(headers)):
        log.info("refused a Slack request: bad or stale signature")
        return web.json_response({"error": "invalid_request_signature"}, status=401)
    reason = malformed_reason(raw_body)
    if reason is None:
        return None
    return web.json_response({"error": "invalid_request", "message": reason}, status=400)
