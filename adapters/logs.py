"""Logging set-up: text or JSON lines, and no personal data from any library.

Our own log lines are written to hold no personal data. Libraries' lines are not: the Agents
SDK logs an edited message's text at WARNING, its connector names conversation ids and service
URLs, Bolt logs "Unhandled request ({...})" with what was typed into a form. So every record
written by code outside Groundswell, at INFO and above, is replaced by a safe summary:

- a `%`-style template keeps its text, every argument dropped ("Bad request for '…': …");
- a message formatted before logging (f-strings) keeps only the constant text before its
  first interpolation, read from the logging call's own source line;
- anything else keeps its leading plain words, cut at the first character that starts a
  payload (brace, bracket, parenthesis, colon, quote, equals sign, URL) or the first word
  that is not a plain word (ids, numbers, tokens);
- an exception keeps only its type: never its text, and no traceback either (our own code
  logs the frames of what reaches it, see adapters/failures.py; DEBUG shows everything).

DEBUG is the operator's explicit choice to see everything: libraries' DEBUG lines, which
quote request bodies, pass unchanged.
"""

from __future__ import annotations

import json
import linecache
import logging
import re
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.settings import CoreSettings

# Set per request by adapters/web/request_ids.py; tasks started while serving inherit it.
REQUEST_ID: ContextVar[str | None] = ContextVar("groundswell_request_id", default=None)

OURS = tuple(
    str(Path(__file__).resolve().parents[1] / package) + "/"
    for package in ("adapters", "bot", "storage")
)
MAX_SUMMARY = 200
ELLIPSIS = "…"
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[a-zA-Z%]")
# One single-line string literal, with its prefix (f, r, b, u in any order or case).
STRING = re.compile(
    r"""(?P<prefix>\b[rRbBfFuU]{1,2})?(?P<quote>["'])(?P<body>(?:\\.|(?!(?P=quote)).)*)(?P=quote)"""
)
PAYLOAD = re.compile(r"""[{}()\[\]<>:="'`|\n]|https?://|\s-\s""")
PLAIN_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]{1,2})?[.,;!?]*")
SOURCE_LINES = 3


def is_ours(record: logging.LogRecord) -> bool:
    return record.pathname.startswith(OURS)


def without_arguments(template: str) -> str:
    return PLACEHOLDER.sub(lambda match: "%" if match.group() == "%%" else ELLIPSIS, template)


def literal_at_call(record: logging.LogRecord) -> str | None:
    """The constant text the logged message starts with, read from the first string literal
    of the logging call's source: all of it for a plain literal logged as is, else the text
    before its first interpolation (or escape), with an ellipsis for the rest."""
    source = "".join(
        linecache.getline(record.pathname, number)
        for number in range(record.lineno, record.lineno + SOURCE_LINES)
    )
    found = STRING.search(source)
    message = record.msg if isinstance(record.msg, str) else ""
    if found is None:
        return None
    formatted = "f" in (found["prefix"] or "").lower()
    body = found["body"]
    head = re.split(r"[{\\]" if formatted else r"\\", body, maxsplit=1)[0]
    if not head or not message.startswith(head):
        return None
    return message if message == head else head + ELLIPSIS


def plain_words(message: str) -> str:
    """The leading run of plain words before anything that may carry a payload."""
    payload = PAYLOAD.search(message)
    cut = message if payload is None else message[: payload.start()]
    if payload is not None and inside_a_token(message, payload.start(), payload.end()):
        cut = cut.rsplit(None, 1)[0] if " " in cut.strip() else ""
    kept: list[str] = []
    for word in cut.split():
        if not PLAIN_WORD.fullmatch(word) or looks_like_an_id(word):
            break
        kept.append(word)
    summary = " ".join(kept)
    return summary if summary == message.strip() else f"{summary} {ELLIPSIS}".strip()


def inside_a_token(message: str, start: int, end: int) -> bool:
    """`a:1abc`, `token=xoxb`: the payload character sits inside a word, so that word is data."""
    before = message[start - 1] if start > 0 else " "
    after = message[end] if end < len(message) else " "
    return not before.isspace() and not after.isspace()


def looks_like_an_id(word: str) -> bool:
    """Platform ids are often letters only (UABCDEFGH); words are lower, Capitalised or a
    short acronym (HTTP, CLOSE)."""
    letters = word.rstrip(".,;!?")
    return not (letters.islower() or letters.istitle() or (letters.isupper() and len(letters) <= 6))


def summarise(record: logging.LogRecord) -> str:
    """A library's message with nothing that came from a request or a person."""
    if not isinstance(record.msg, str):
        summary = f"{type(record.msg).__name__} {ELLIPSIS}"
    elif record.args:
        summary = without_arguments(record.msg)
    else:
        summary = literal_at_call(record) or plain_words(record.msg)
    first_line = summary.split("\n", 1)[0]
    if first_line != summary:
        first_line += f" {ELLIPSIS}"
    return first_line[:MAX_SUMMARY]


class ScrubLibraries(logging.Filter):
    """Installed on the handler, so it sees every record of every logger that reaches it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.INFO or is_ours(record) or getattr(record, "scrubbed", False):
            return True
        summary = summarise(record)
        if record.exc_info and record.exc_info[1] is not None:
            summary += f" [{type(record.exc_info[1]).__name__}]"
        record.msg, record.args = summary, None
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        record.scrubbed = True
        return True


class JsonLines(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, event, and the request id."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            line["request_id"] = request_id
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)


class TextLines(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s%(request_tag)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_tag"):  # a record that bypassed RequestIds
            record.request_tag = ""
        return super().format(record)


class RequestIds(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request_id = REQUEST_ID.get()
        record.request_id = request_id
        record.request_tag = f" [request {request_id}]" if request_id else ""
        return True


def configure_logging(core: CoreSettings, stream: TextIO | None = None) -> logging.Handler:
    """The root handler every logger writes through; returns it (tests capture with it)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLines() if core.log_format == "json" else TextLines())
    handler.addFilter(RequestIds())
    handler.addFilter(ScrubLibraries())
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "groundswell", False):
            root.removeHandler(old)
    handler.groundswell = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(core.log_level)
    # The SDKs log request bodies at DEBUG, and bodies hold people's words: only an explicit
    # GROUNDSWELL_LOG_LEVEL=DEBUG shows them.
    for noisy in ("slack_bolt", "slack_sdk", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, root.level))
    # The Agents SDK dumps its connection settings at INFO, and Alembic narrates each step;
    # `serve` prints what matters itself.
    for chatty in ("microsoft_agents", "alembic"):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, root.level))
    return handler
