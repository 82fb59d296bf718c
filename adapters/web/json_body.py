"""JSON from outside, parsed without letting its shape or its text hurt us.

`json.loads` recurses once per nesting level: a 30,000-deep body raises RecursionError
(a 500, and a traceback per request). No body we accept nests anywhere near `MAX_DEPTH`
(Slack's and Block Kit's deepest payloads stay under 15), so depth is measured before
parsing and anything deeper is refused as a client mistake.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

MAX_DEPTH = 64

# A JSON string (brackets inside it do not nest anything), and everything but brackets.
STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
NOT_BRACKET = re.compile(r"[^\[\]{}]+")
STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class JsonRefused(ValueError):
    """The text is not JSON we will read; the message says why, without quoting it."""


def nesting_depth(text: str) -> int:
    """How deep arrays and objects nest in `text` (garbage gives some number, never an error)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0  # cannot nest deeper than the brackets it has: skip the scan
    brackets = NOT_BRACKET.sub("", STRING.sub("", text))
    return max(accumulate(map(STEP.__getitem__, brackets), initial=0))


def decode_utf8(raw: bytes, name: str) -> str:
    """The text of `raw`; JsonRefused naming `name` when it is not UTF-8 (JSON must be)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise JsonRefused(f"{name} is not UTF-8 text") from None


def load_json(text: str, name: str) -> Any:
    """The parsed value; JsonRefused naming `name` when it is not JSON or nests too deep."""
    if nesting_depth(text) > MAX_DEPTH:
        raise JsonRefused(f"{name} nests JSON deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(text)
    except ValueError:
        raise JsonRefused(f"{name} is not valid JSON") from None


# PostgreSQL text cannot hold NUL, and no database can store half of a UTF-16 surrogate pair
# (JSON allows "\u0000" and "\ud800"): refused on every backend, naming the field.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(data: Any) -> Any:
    """Text that no database can store, made storable: a lone surrogate (valid JSON, which
    clients rarely mean) becomes U+FFFD, as a UTF-8 decoder shows an invalid byte."""
    if isinstance(data, str):
        return LONE_SURROGATE.sub("\ufffd", data)
    if isinstance(data, dict):
        return {without_lone_surrogates(k): without_lone_surrogates(v) for k, v in data.items()}
    if isinstance(data, list):
        return [without_lone_surrogates(item) for item in data]
    return data


def holds_unstorable_text(data: Any) -> bool:
    """Whether any string (or key) in `data` is one no database can store, as it is."""
    if isinstance(data, str):
        return UNSTORABLE.search(data) is not None
    if isinstance(data, dict):
        for key, value in data.items():
            if holds_unstorable_text(key) or holds_unstorable_text(value):
                return True
    elif isinstance(data, list):
        for item in data:
            if holds_unstorable_text(item):
                return True
    return False


def unstorable_text_at(data: Any, path: str = "") -> str | None:
    """The dotted path of the first string (or key) in `data` that no database can store."""
    if isinstance(data, str):
        return (path or "body") if UNSTORABLE.search(data) else None
    items: Any = ()
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    for key, value in items:
        name = str(key)
        if UNSTORABLE.search(name):
            # A key is part of the path: escaped, since pydantic cannot carry a lone surrogate.
            escaped = UNSTORABLE.sub(lambda bad: f"\\u{ord(bad.group()):04x}", name)
            return f"{path}.{escaped}" if path else escaped
        if isinstance(value, str):
            if UNSTORABLE.search(value):
                return f"{path}.{name}" if path else name
        elif isinstance(value, dict | list):
            # Only containers get a path built on the way down; leaves only when they fail.
            found = unstorable_text_at(value, f"{path}.{name}" if path else name)
            if found is not None:
                return found
    return None
