"""Refuse envelopes Bolt itself would crash on, after checking they are really from Slack.

Bolt 1.30's middleware assumes `event` is an object: `{"type": "event_callback",
"event": null}` makes it answer 500 (found by the hypothesis test). Slack never sends that,
so such a body gets a clear 400 — or the usual 401 when its signature is not Slack's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

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
    """Why a JSON envelope cannot be handled, or None (forms and sane JSON pass)."""
    if not raw_body.lstrip().startswith("{"):
        return None  # form-encoded: slash commands and interactivity
    try:
        body: Any = json.loads(raw_body)
    except ValueError:
        return "body is not valid JSON"
    if not isinstance(body, dict):
        return "envelope must be an object"
    if "event" in body and not isinstance(body["event"], dict):
        return "`event` must be an object"
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


def refuse_malformed(
    raw_body: str, headers: Mapping[str, str], verifier: SignatureVerifier
) -> web.Response | None:
    reason = malformed_reason(raw_body)
    if reason is None:
        return None
    if not verifier.is_valid_request(raw_body, dict(headers)):
        return web.json_response({"error": "invalid_request_signature"}, status=401)
    return web.json_response({"error": "invalid_request", "message": reason}, status=400)
