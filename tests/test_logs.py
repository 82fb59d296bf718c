"""Library log lines reach the log without anything a person wrote or is known by.

The messages below are the libraries' own, found in the installed packages' source (their call
sites give the summary rule what it reads), formatted with marker values the way the
libraries format them.
"""

from __future__ import annotations

import io
import json
import logging
import re
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import microsoft_agents.hosting.core as agents_core
import pytest
import slack_bolt
import slack_sdk

from adapters.logs import ScrubLibraries, configure_logging, summarise
from bot.settings import CoreSettings
from tests.support.postgres import free_port
from tests.support.server import make_settings, running_app

TEXT = "zqxPersonalWordsMarker"
USER = "UZQXMARKER"
CONVERSATION = "a:1zqxConversationMarker"
SERVICE_URL = "https://smba.trafficmanager.net/zqxservicemarker/"
TOKEN = "xoxb-0000-zqxTokenMarker"
MARKERS = ("zqx", "ZQX")
LOG_CALL = re.compile(r"\.(debug|info|warning|warn|error|exception|critical|log)\(")

AGENTS = Path(agents_core.__file__).parent
AUTH = AGENTS.parents[1] / "authentication" / "msal"
BOLT = Path(slack_bolt.__file__).parent
SDK = Path(slack_sdk.__file__).parent
AIOHTTP = Path(aiohttp.__file__).parent


def call_site(path: Path, literal: str) -> tuple[str, int]:
    """The file and line of the logging call whose message contains `literal`."""
    lines = path.read_text().splitlines()
    for found in (number for number, line in enumerate(lines) if literal in line):
        for number in range(found, max(found - 4, -1), -1):
            if LOG_CALL.search(lines[number]):
                return str(path), number + 1
    raise AssertionError(f"no logging call around {literal!r} in {path}")


def library_record(
    path: Path,
    literal: str,
    message: str,
    args: tuple[Any, ...] = (),
    *,
    level: int = logging.WARNING,
    error: BaseException | None = None,
) -> logging.LogRecord:
    pathname, lineno = call_site(path, literal)
    exc_info = (type(error), error, error.__traceback__) if error is not None else None
    return logging.LogRecord("library", level, pathname, lineno, message, args, exc_info)


def raised(error: BaseException) -> BaseException:
    try:
        raise error
    except BaseException as caught:
        return caught


# (library file, text that finds its logging call, the message it logs, its arguments,
#  the summary we keep)
REAL_MESSAGES: list[tuple[Path, str, str, tuple[Any, ...], str]] = [
    (
        AGENTS / "app" / "agent_application.py",
        "No route found for activity type",
        f"No route found for activity type: messageUpdate with text: {TEXT}",
        (),
        "No route found for activity type: …",
    ),
    (
        BOLT / "app" / "async_app.py",
        "self._framework_logger.warning(warning_unhandled_request(req))",
        "Unhandled request ({'type': 'view_submission', 'view': {'state': {'values': "
        f"{{'b': {{'a': {{'type': 'plain_text_input', 'value': '{TEXT}'}}}}}}}}}})\n---\n"
        "[Suggestion] You can handle this type of event with the following listener function:"
        f'\n\n@app.view("{TEXT}")\nasync def handle_view_submission_events(ack, body):',
        (),
        "Unhandled request …",
    ),
    (
        BOLT / "middleware" / "request_verification" / "request_verification.py",
        "Invalid request signature detected",
        f"Invalid request signature detected (signature: v0=abc, timestamp: 1, body: {TEXT})",
        (),
        "Invalid request signature detected …",
    ),
    (
        BOLT / "middleware" / "authorization" / "async_multi_teams_authorization.py",
        "Failed to authorize with the given token",
        f"Failed to authorize with the given token (The request to the Slack API failed. "
        f"(url: https://slack.com/api/auth.test, token: {TOKEN}))",
        (),
        "Failed to authorize with the given token (…",
    ),
    (
        SDK / "web" / "async_internal_utils.py",
        "A retry handler found",
        f"A retry handler found: ConnectionErrorRetryHandler for POST "
        f"https://slack.com/api/chat.postMessage?channel={CONVERSATION}",
        (),
        "A retry handler found: …",
    ),
    (
        AGENTS / "connector" / "_utils.py",
        "Error accessing",
        "Error accessing '%s': %s",
        (f"{SERVICE_URL}v3/conversations/{CONVERSATION}/activities", f"403 {TEXT}"),
        "Error accessing '…': …",
    ),
    (
        AGENTS / "connector" / "client" / "connector_client.py",
        "Replying to activity: %s in conversation",
        "Replying to activity: %s in conversation: %s. Activity type is %s",
        ("1700000000001", CONVERSATION, "message"),
        "Replying to activity: … in conversation: …. Activity type is …",
    ),
    (
        AGENTS / "_http_adapter_base.py",
        "is not allowed by the host validator",
        "Service URL %s is not allowed by the host validator.",
        (SERVICE_URL,),
        "Service URL … is not allowed by the host validator.",
    ),
    (
        AUTH / "msal_auth.py",
        "URI parsing error for",
        f"URI parsing error for {SERVICE_URL}",
        (),
        "URI parsing error for …",
    ),
    (
        AGENTS / "app" / "oauth" / "_handlers" / "connector_user_authorization.py",
        "Failed to parse JWT token for handler",
        f"Failed to parse JWT token for handler zqxhandler: Invalid token {TOKEN}",
        (),
        "Failed to parse JWT token for handler …",
    ),
]


@pytest.mark.parametrize(
    ("path", "literal", "message", "args", "expected"),
    REAL_MESSAGES,
    ids=[literal[:40] for _, literal, *_ in REAL_MESSAGES],
)
def test_library_messages_keep_their_wording_and_drop_what_people_sent(
    path: Path, literal: str, message: str, args: tuple[Any, ...], expected: str
) -> None:
    summary = summarise(library_record(path, literal, message, args))
    assert summary == expected
    assert not any(marker in summary for marker in MARKERS)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (f"Conversation {CONVERSATION} not found", "Conversation …"),
        (f"Received CLOSE event from {USER}. Reconnecting...", "Received CLOSE event from …"),
        (
            f"Going to retry the same request: POST {SERVICE_URL}",
            "Going to retry the same request …",
        ),
        (f"token={TOKEN}", "…"),
        ("Malformed authorization header.", "Malformed authorization header."),
        (f"Error sending to {SERVICE_URL}", "Error sending to …"),
    ],
)
def test_a_message_of_unknown_origin_keeps_only_its_leading_plain_words(
    message: str, expected: str
) -> None:
    record = logging.LogRecord("library", logging.ERROR, __file__, 1, message, (), None)
    assert summarise(record) == expected


def test_an_exception_keeps_its_type_never_its_text() -> None:
    error = raised(ValueError(f"invalid literal for int() with base 10: '{TEXT}'"))
    record = library_record(
        AIOHTTP / "web_protocol.py",
        '"Error handling request from %s"',
        "Error handling request from %s",
        ("203.0.113.7",),
        level=logging.ERROR,
        error=error,
    )
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ScrubLibraries())
    handler.handle(record)
    assert stream.getvalue() == "Error handling request from … [ValueError]\n"


def test_debug_is_the_operators_choice_and_our_own_lines_are_untouched() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ScrubLibraries())
    body = f"Sending a request - url: https://slack.com/api/chat.postMessage, body: {TEXT}"
    handler.handle(logging.LogRecord("slack_sdk", logging.DEBUG, str(SDK), 1, body, (), None))
    ours = logging.LogRecord(
        "bot",
        logging.INFO,
        sys.modules["bot.settings"].__file__ or "",
        1,
        "refused a Slack request: bad or stale signature",
        (),
        None,
    )
    handler.handle(ours)
    assert stream.getvalue().splitlines() == [
        body,
        "refused a Slack request: bad or stale signature",
    ]


@pytest.fixture
def json_log() -> Iterator[tuple[io.StringIO, logging.Handler]]:
    stream = io.StringIO()
    level = logging.getLogger().level
    handler = configure_logging(CoreSettings(_env_file=None, log_format="json"), stream)
    try:
        yield stream, handler
    finally:
        logging.getLogger().removeHandler(handler)
        logging.getLogger().setLevel(level)


async def test_json_lines_carry_time_level_logger_event_and_the_request_id(
    json_log: tuple[io.StringIO, logging.Handler], sqlite_url: str
) -> None:
    stream, handler = json_log
    # Unsigned Slack requests: the guard logs one INFO line while serving each of them.
    slack = {
        "signing_secret": "a-real-looking-signing-secret-0123",
        "bot_token": "xoxb-a-real-looking-token",
        "api_url": f"http://127.0.0.1:{free_port()}/api/",
    }
    answers = []
    async with running_app(make_settings(sqlite_url, slack=slack)) as (url, _services):
        async with aiohttp.ClientSession() as http:
            for given in ("lb-7f3a.1", f"hello {TEXT}", "x" * 65, None):
                headers = {"X-Request-Id": given} if given else {}
                async with http.post(f"{url}/slack/events", data=b"{}", headers=headers) as answer:
                    answers.append((answer.status, answer.headers.get("X-Request-Id", "")))
    handler.handle(
        library_record(
            AGENTS / "app" / "agent_application.py",
            "No route found for activity type",
            f"No route found for activity type: messageUpdate with text: {TEXT}",
        )
    )
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    health = [line for line in lines if line["logger"] == "adapters.slack.guard"]

    assert [status for status, _ in answers] == [401] * 4
    assert answers[0][1] == "lb-7f3a.1"
    assert all(re.fullmatch(r"[0-9a-f]{32}", echoed) for _, echoed in answers[1:])
    assert [line["request_id"] for line in health] == [echoed for _, echoed in answers]
    assert all(set(line) >= {"time", "level", "logger", "event"} for line in lines)
    assert all(datetime.fromisoformat(line["time"]).utcoffset() == timedelta(0) for line in lines)
    assert health[0]["level"] == "INFO"
    assert health[0]["event"].startswith("refused a Slack request: ")
    assert lines[-1]["event"] == "No route found for activity type: …"
    assert "request_id" not in lines[-1]  # logged outside any request
    assert TEXT not in stream.getvalue()
