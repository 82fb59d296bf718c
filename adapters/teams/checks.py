"""What makes a request body an activity we can answer, checked before anything is stored.

The SDK answers 500 to JSON that parses but is not an activity, or lacks a conversation or
serviceUrl, and 501 to an invoke whose value it cannot read; so we check first and answer
400 naming the field.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from microsoft_agents.activity import Activity
from pydantic import ModelWrapValidatorHandler, ValidationError, model_validator

from adapters.teams.translate import CARD_INVOKE, FEEDBACK_INVOKE, tenant_of

# Real activities nest about ten levels (an Adaptive Card's data inside an invoke); deeper is
# an attack on every recursive reader after us.
MAX_DEPTH = 64
INVOKES = (FEEDBACK_INVOKE, CARD_INVOKE)
# People are stored by tenant and user id, each at most this long (Teams' are ~100).
MAX_ID_CHARS = 255


class QuietActivity(Activity):
    """The SDK's Activity without its wrap validator, which logs every invalid body at ERROR
    with a traceback quoting the values (people's words, ids)."""

    @model_validator(mode="wrap")
    @classmethod
    def _validate_channel_id(
        cls, data: Any, handler: ModelWrapValidatorHandler[QuietActivity]
    ) -> QuietActivity:
        return handler(data)


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


def parse_body(raw: bytes) -> Any:
    """The JSON in the body (any Unicode encoding JSON allows, whatever the Content-Type's
    charset claims), or a Problem."""
    try:
        body = json.loads(raw, parse_constant=refuse_constant)
    except (ValueError, RecursionError):  # not JSON, not UTF-8/16/32, or nested past recursion
        return Problem("body", "the body is not JSON")
    return content_problem(body) or body


def refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def content_problem(body: Any) -> Problem | None:
    """What no activity holds and our storage cannot keep: nesting deeper than MAX_DEPTH, NUL
    characters or lone surrogates in text (PostgreSQL refuses both), infinite numbers."""
    level: list[Any] = [body]
    for _depth in range(MAX_DEPTH + 1):
        deeper: list[Any] = []
        for item in level:
            if isinstance(item, dict):
                deeper.extend(item.keys())
                deeper.extend(item.values())
            elif isinstance(item, list):
                deeper.extend(item)
            elif isinstance(item, str) and not storable(item):
                return Problem("body", "the body holds a NUL character or a lone surrogate")
            elif isinstance(item, float) and not math.isfinite(item):
                return Problem("body", "the body holds a number too large to store")
        if not deeper:
            return None
        level = deeper
    return Problem("body", f"the body is nested more than {MAX_DEPTH} levels deep")


def storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shape_problem(body: Any) -> Problem | None:
    if not isinstance(body, dict):
        return Problem("body", "the body must be a JSON object (a Bot Framework activity)")
    try:
        activity: Activity = QuietActivity.model_validate(body)
    except (ValidationError, ValueError, TypeError):
        return Problem("body", "the body is not a valid Bot Framework activity")
    try:
        # Now valid, the SDK's own check runs quietly; it raises a bare Exception when a
        # productInfo entity contradicts channelId's sub-channel.
        Activity.model_validate(body)
    except Exception:
        return Problem("channelId", "channelId contradicts the productInfo entity")
    if not isinstance(body.get("type"), str) or not activity.type:
        return Problem("type", "type is required")
    if activity.conversation is None or not activity.conversation.id:
        return Problem("conversation.id", "conversation.id is required")
    # The SDK keys its turn state by sender and channel and fails without them.
    if activity.from_property is None or not activity.from_property.id:
        return Problem("from.id", "from.id is required")
    if not activity.channel_id:
        return Problem("channelId", "channelId is required")
    if not isinstance(body.get("serviceUrl"), str) or not activity.service_url:
        return Problem("serviceUrl", "serviceUrl is required")
    if len(activity.from_property.id) > MAX_ID_CHARS:
        return Problem("from.id", f"from.id is longer than {MAX_ID_CHARS} characters")
    if len(tenant_of(body)) > MAX_ID_CHARS:
        return Problem("channelData.tenant.id", f"tenant id is over {MAX_ID_CHARS} characters")
    return None


def invoke_problem(body: dict[str, Any]) -> Problem | None:
    """An invoke we handle must carry the value Teams sends with it."""
    name = body.get("name")
    if name not in INVOKES:
        return Problem("name", f"the invokes answered here are {' and '.join(INVOKES)}")
    value = body.get("value")
    if not isinstance(value, dict):
        return Problem("value", f"the value of a {name} invoke must be an object")
    if name == CARD_INVOKE:
        if not isinstance(value.get("action"), dict):
            return Problem("value.action", "action must be an object")
        return None
    if value.get("actionName") != "feedback":
        return Problem("value.actionName", 'the one submitAction answered here is "feedback"')
    if not isinstance(value.get("actionValue"), dict):
        return Problem("value.actionValue", "actionValue must be an object")
    return None
