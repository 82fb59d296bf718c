"""Refuse requests that are not Slack's, then bodies Bolt itself would crash on.

The signature is checked here, before Bolt: Bolt's own refusal logs the whole body at INFO,
and bodies carry people's ids and words. It is checked over the raw bytes, before anything
decodes them: slack-sdk's verifier decodes the body as UTF-8 and parses the timestamp with
`int()`, so a body that is not UTF-8 or a timestamp of `abc` made it raise (a 500 with a
traceback, for anyone on the internet). Only then is the body read, the way Bolt will read it.
Bolt 1.30 also assumes Slack's shapes: `null`, a bare string, JSON nested 20,000 deep,
`{"type": "event_callback", "event": null}` or a view_submission whose view has no `type` make
it answer 500 (found by the hypothesis tests). Slack never sends those, so they get a clear 400.
Each refusal logs one INFO line naming the reason, never the body or a header's value.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from multidict import CIMultiDictProxy
from slack_bolt.request.internals import build_normalized_headers, extract_content_type
from slack_sdk.signature import SignatureVerifier

from adapters.web.json_body import JsonRefused, decode_utf8, load_json, unstorable_text_at

log = logging.getLogger(__name__)

TIMESTAMP = "X-Slack-Request-Timestamp"
SIGNATURE = "X-Slack-Signature"
MAX_AGE_SECONDS = 5 * 60  # Slack's rule: refuse anything signed longer ago (replays)

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


def signature_problem(
    raw_body: bytes, headers: CIMultiDictProxy[str], verifier: SignatureVerifier
) -> str | None:
    """Why Slack did not sign this request, or None when it did (within five minutes)."""
    for name in (TIMESTAMP, SIGNATURE):
        count = len(headers.getall(name, []))
        if count != 1:
            # Bolt verifies again reading the last of repeated headers, we the first: one only.
            return f"{name} is missing" if count == 0 else f"{name} is repeated"
    timestamp, signature = headers[TIMESTAMP], headers[SIGNATURE]
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        return f"{TIMESTAMP} is not a Unix time in seconds"
    if abs(verifier.clock.now() - int(timestamp)) > MAX_AGE_SECONDS:
        return f"{TIMESTAMP} is more than five minutes away"
    base = b"v0:" + timestamp.encode() + b":" + raw_body
    digest = hmac.new(verifier.signing_secret.encode(), base, hashlib.sha256).hexdigest()
    # Bytes, not str: compare_digest raises TypeError on a str with non-ASCII characters.
    if not hmac.compare_digest(
        f"v0={digest}".encode(), signature.encode("utf-8", "surrogateescape")
    ):
        return f"{SIGNATURE} does not match the body"
    return None


def read_as_bolt_does(text: str, content_type: str | None) -> tuple[str, Any]:
    """What Bolt's `parse_body` (slack_bolt/request/internals.py, 1.30) will make of the body,
    and from which part: "json" (an Events API envelope), "payload" (interactivity) or "form"
    (slash commands, ssl_check). JSON goes through `load_json`, so depth is refused first.
    A test compares this with Bolt's own function, so an upgrade that changes it is caught."""
    if not text:
        return "form", {}
    if content_type == "application/json" or text.startswith("{"):
        return "json", load_json(text, "body")
    if "payload" in text:
        payload = dict(parse_qsl(text, keep_blank_values=True)).get("payload")
        if payload is not None:
            return "payload", load_json(payload, "`payload`")
        # A slash command whose text says "payload": Bolt alone would read nothing, so the
        # receiver hands it the body with that word percent-encoded (inbox.bolt_readable).
    return "form", dict(parse_qsl(text, keep_blank_values=True))


def body_problem(text: str, headers: CIMultiDictProxy[str]) -> str | None:
    """Why Bolt could not handle this (signed) body, or None."""
    content_type = extract_content_type(build_normalized_headers(dict(headers.items())))
    try:
        part, body = read_as_bolt_does(text, content_type)
    except JsonRefused as refused:
        return str(refused)
    name = "body" if part != "payload" else "`payload`"
    if not isinstance(body, dict) or not body:
        return f"{name} must be a non-empty JSON object" if part != "form" else "body is empty"
    unstorable = unstorable_text_at(body)
    if unstorable is not None:
        # Slack never sends these; stored, they fail after the ack (PostgreSQL refuses NUL).
        return f"`{unstorable}` holds a NUL character or a lone surrogate"
    if part == "form":
        if "command" not in body and "ssl_check" not in body:
            return "a form body needs `command` (a slash command) or `payload` (interactivity)"
        return None
    if not isinstance(body.get("type"), str):
        return f"{name} needs a string `type`"
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


def verified_body(
    raw_body: bytes, headers: CIMultiDictProxy[str], verifier: SignatureVerifier
) -> str | web.Response:
    """The body as Bolt wants it (text), or the answer to send instead: 401 when Slack did not
    sign it (or signed it over five minutes ago), 400 when Bolt could not handle it."""
    problem = signature_problem(raw_body, headers, verifier)
    if problem is not None:
        log.info("refused a Slack request: %s", problem)
        return web.json_response(
            {"error": "invalid_request_signature", "message": problem}, status=401
        )
    try:
        text = decode_utf8(raw_body, "body")
    except JsonRefused as refused:
        problem = str(refused)
    else:
        problem = body_problem(text, headers)
    if problem is None:
        return text
    log.info("refused a signed Slack request: %s", problem)
    return web.json_response({"error": "invalid_request", "message": problem}, status=400)
