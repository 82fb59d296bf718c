"""Opaque paging cursors: clients pass back what we gave them and never parse it."""

from __future__ import annotations

import base64
import binascii


def encode_cursor(after_id: int) -> str:
    return base64.urlsafe_b64encode(f"v1:{after_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The last id of the previous page; ValueError for anything we did not issue."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise ValueError("not a cursor this API issued") from exc
    version, _, number = raw.partition(":")
    if version != "v1" or not number.isdigit() or len(number) > 18:
        raise ValueError("not a cursor this API issued")
    return int(number)
