"""Build Slack requests signed exactly as Slack signs them.

Signature: ``v0=`` + hex HMAC-SHA256(signing_secret, ``v0:{X-Slack-Request-Timestamp}:{raw body}``).
Each builder returns ``(body_bytes, headers)``; POST them verbatim (``data=body``) — re-encoding
the body after signing breaks the signature.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

__all__ = [
    "compute_signature",
    "signed_event",
    "signed_headers",
    "signed_interactivity",
    "signed_slash_command",
]

JSON_CONTENT_TYPE = "application/json"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def compute_signature(signing_secret: str, timestamp: int | str, body: bytes) -> str:
    base = b"v0:" + str(timestamp).encode("ascii") + b":" + body
    digest = hmac.new(signing_secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    return f"v0={digest}"


def signed_headers(
    signing_secret: str,
    body: bytes,
    content_type: str,
    *,
    timestamp: int | None = None,
    retry_num: int | None = None,
    retry_reason: str | None = None,
) -> dict[str, str]:
    """Content-Type, X-Slack-Request-Timestamp, X-Slack-Signature (+ X-Slack-Retry-*)."""
    ts = int(time.time()) if timestamp is None else timestamp
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": compute_signature(signing_secret, ts, body),
    }
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
    if retry_reason is not None:
        headers["X-Slack-Retry-Reason"] = retry_reason
    return headers


def signed_event(
    envelope: Mapping[str, Any],
    signing_secret: str,
    *,
    timestamp: int | None = None,
    retry_num: int | None = None,
    retry_reason: str | None = None,
) -> tuple[bytes, dict[str, str]]:
    """An Events API request: JSON envelope (``event_callback``, ``url_verification``...)."""
    body = json.dumps(envelope).encode("utf-8")
    return body, signed_headers(
        signing_secret,
        body,
        JSON_CONTENT_TYPE,
        timestamp=timestamp,
        retry_num=retry_num,
        retry_reason=retry_reason,
    )


def signed_interactivity(
    payload: Mapping[str, Any],
    signing_secret: str,
    *,
    timestamp: int | None = None,
) -> tuple[bytes, dict[str, str]]:
    """Interactivity (block_actions, view_submission, shortcuts): form body ``payload=<json>``."""
    body = urlencode({"payload": json.dumps(payload)}).encode("utf-8")
    return body, signed_headers(signing_secret, body, FORM_CONTENT_TYPE, timestamp=timestamp)


def signed_slash_command(
    fields: Mapping[str, str] | str | bytes,
    signing_secret: str,
    *,
    timestamp: int | None = None,
) -> tuple[bytes, dict[str, str]]:
    """A slash command: form body of its fields (a mapping, or an already-encoded raw body)."""
    if isinstance(fields, bytes):
        body = fields
    elif isinstance(fields, str):
        body = fields.strip().encode("utf-8")
    else:
        body = urlencode(dict(fields)).encode("utf-8")
    return body, signed_headers(signing_secret, body, FORM_CONTENT_TYPE, timestamp=timestamp)
