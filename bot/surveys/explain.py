"""Pydantic's validation errors retold for an operator editing a YAML file.

Pydantic's `loc` can contain steps that are not in the file (a union member's name), so the
path is rebuilt by walking the data the error was about; its messages ("Input should be…")
are shortened, and regular-expression patterns become the rule they encode.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import ErrorDetails

from bot.surveys.rules import Path

PATTERNS = {
    "^[a-z0-9][a-z0-9-]{0,39}$": "must be lowercase letters, digits and dashes"
    " (up to 40, e.g. weekly-impact)",
    "^[a-z][a-z0-9_]{0,31}$": "must be lowercase letters, digits and underscores,"
    " starting with a letter (up to 32, e.g. time_saved)",
    r"\S": "must not be blank",
}


def meaningful(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop "needs at least 1" on a list whose only item was itself refused: pydantic counts
    the items that survived, and the item's own error is the one to fix."""
    deeper = [error["loc"] for error in errors]
    return [
        error
        for error in errors
        if error["type"] != "too_short"
        or not any(
            loc[: len(error["loc"])] == error["loc"] and len(loc) > len(error["loc"])
            for loc in deeper
        )
    ]


def locate(error: ErrorDetails, data: Any) -> Path:
    """The error's place in `data`: only steps that exist there, plus a missing field's name."""
    path: list[str | int] = []
    current = data
    steps = error["loc"]
    for position, step in enumerate(steps):
        if contains(current, step):
            current = current[step]
        elif error["type"] == "missing" and position == len(steps) - 1:
            current = None
        else:
            continue
        path.append(step)
    return tuple(path)


def contains(data: Any, step: str | int) -> bool:
    if isinstance(data, dict):
        return isinstance(step, str) and step in data
    return isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data)


def explain(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a field here (check its spelling and indentation)"
    context = error.get("ctx") or {}
    if kind == "too_short":
        return f"needs at least {context.get('min_length')}"
    if kind == "too_long":
        return f"may have at most {context.get('max_length')} (got more)"
    if kind == "string_pattern_mismatch":
        pattern = str(context.get("pattern", ""))
        return PATTERNS.get(pattern, f"must match {pattern}")
    message = error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if message.startswith("Input should"):
        message = "should" + message.removeprefix("Input should")
        given = error.get("input")
        if isinstance(given, str | int | float | bool) and len(repr(given)) <= 40:
            message += f" (got {given!r})"
    return message[:1].lower() + message[1:] if message[:2] != message[:2].upper() else message
