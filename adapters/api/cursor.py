"""Paging cursors of the feedback change feed: clients pass back what we gave them.

A cursor is a position in the feed, `v2.<transaction>.<sequence>`, documented by a pattern in
the OpenAPI document so that what the schema allows is exactly what the API accepts.
Cursors of the id-ordered listing before the feed (`v1`, base64) are refused with a 400
that says to start again: they name no position in the feed.
"""

from __future__ import annotations

import base64
import binascii
import re

from bot.feedback.service import FeedPosition

# At most 18 digits: below 2**63, so every accepted number fits a BIGINT.
CURSOR_PATTERN = r"^v2\.[0-9]{1,18}\.[0-9]{1,18}$"
CURSOR = re.compile(CURSOR_PATTERN)
START = FeedPosition()


def encode_cursor(position: FeedPosition) -> str:
    return f"v2.{position.xact}.{position.seq}"


def decode_cursor(cursor: str) -> FeedPosition:
    """The position a cursor names; ValueError (saying why) for anything we did not issue."""
    if CURSOR.fullmatch(cursor) is None:
        if is_v1_cursor(cursor):
            raise ValueError(
                "a cursor of the listing before the change feed; list again without a cursor "
                "(items are keyed by id, so what you already have can be matched)"
            )
        raise ValueError("not a cursor this API issued")
    _, xact, seq = cursor.split(".")
    return FeedPosition(int(xact), int(seq))


def is_v1_cursor(cursor: str) -> bool:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return False
    return raw.startswith("v1:")
