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

ENVELOPE_TEXT = ("type", "team_id", "enterprise_id", "api_app_id", "event_id")
EVENT_IDS = ("type", "user", "team", "channel", "bot_id", "subtype", "user_team", "source_team")


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
    for key in ENVELOPE_TEXT:
        if not isinstance(body.get(key), str | None):
            return f"`{key}` must be a string"
    event = body.get("event", {})
    for key in EVENT_IDS:
        # Bolt reads these to route and authorize: a string, or an object in some shapes.
        if not isinstance(event.get(key), str | dict | None):
            return f"`event.{key}` must be a string or an object"
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
