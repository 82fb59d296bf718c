"""One person as the directory states them, and the checks every way in shares.

`people import` (a CSV row) and `PUT /api/v1/people` (a JSON item) both end here, so a value
one of them accepts the other accepts too. Values are trimmed; an empty optional value means
"not stated here", never "erase it".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.records import PersonRef, Platform

MAX_ID = 255
MAX_EMAIL = 320  # RFC 3696 erratum 1690: 64 + 1 + 255
MAX_TEXT = 255
# One @, something on each side, no whitespace or control characters: enough to catch a
# shifted column. The characters are spelled out (every one str.strip() removes) so a JSON
# Schema engine in any language reads the pattern as Python does; matched with `search`,
# as JSON Schema matches patterns.
WHITESPACE = "".join(f"\\u{code:04x}" for code in range(0x10000) if chr(code).isspace())
NOT_IN_EMAIL = f"@\\u0000-\\u0020\\u007f{WHITESPACE}"
EMAIL_PATTERN = f"^[^{NOT_IN_EMAIL}]+@[^{NOT_IN_EMAIL}]+$"
EMAIL = re.compile(EMAIL_PATTERN)
# What undecodable bytes become when a file is read with errors="surrogateescape"; no
# database stores them.
NOT_UTF8 = re.compile("[\ud800-\udfff]")
FIELDS = ("platform", "workspace", "user_id", "email", "name", "department", "timezone")


class Source(StrEnum):
    """Who stated a value. The directory's sources win over the platforms' (profiles.py)."""

    IMPORT = "import"
    API = "api"
    SLACK = "slack"
    TEAMS = "teams"


PLATFORMS = frozenset(item.value for item in Platform)
DIRECTORY_SOURCES = frozenset({Source.IMPORT.value, Source.API.value})


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    ref: PersonRef
    email: str | None = None
    name: str | None = None
    department: str | None = None
    timezone: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with one field of an entry; `field` is one of FIELDS."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@cache
def known_zones() -> frozenset[str]:
    """IANA names this machine's tz database holds ("UTC", "Europe/Berlin"), not file paths."""
    return frozenset(available_timezones())


def is_known_zone(name: str) -> bool:
    zones = known_zones()
    if zones:
        return name in zones
    try:  # a machine with no zone list at all (no tzdata): ask zoneinfo directly
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def check_text(field: str, value: str | None, limit: int) -> tuple[str | None, Problem | None]:
    """The trimmed value (None when empty), or the problem with it."""
    if value is None:
        return None, None
    trimmed = value.strip()
    if "\x00" in trimmed:
        return None, Problem(field, "must not contain NUL characters")
    if NOT_UTF8.search(trimmed):
        return None, Problem(field, "is not valid UTF-8")
    if len(trimmed) > limit:
        return None, Problem(field, f"{len(trimmed)} characters; at most {limit}")
    return trimmed or None, None


def check_entry(values: Mapping[str, str | None]) -> DirectoryEntry | list[Problem]:
    """An entry from raw values keyed by FIELDS, or every problem found (none is skipped)."""
    problems: list[Problem] = []
    checked: dict[str, str | None] = {}
    limits = {"platform": 16, "workspace": MAX_ID, "user_id": MAX_ID, "email": MAX_EMAIL}
    for field in FIELDS:
        checked[field], problem = check_text(field, values.get(field), limits.get(field, MAX_TEXT))
        if problem is not None:
            problems.append(problem)
    platform = (checked["platform"] or "").lower()
    if platform not in PLATFORMS and not any(problem.field == "platform" for problem in problems):
        problems.append(Problem("platform", "must be slack or teams"))
    for field, what in (("workspace", "the Slack team id or Teams tenant id"), ("user_id", "")):
        if checked[field] is None and not any(problem.field == field for problem in problems):
            problems.append(Problem(field, f"is empty{'; give ' + what if what else ''}"))
    email = checked["email"]
    if email is not None and EMAIL.search(email) is None:
        problems.append(Problem("email", "is not an email address (name@example.com)"))
    zone = checked["timezone"]
    if zone is not None and not is_known_zone(zone):
        problems.append(Problem("timezone", "is not an IANA timezone (e.g. Europe/Berlin)"))
    if problems:
        return problems
    assert checked["workspace"] is not None and checked["user_id"] is not None
    return DirectoryEntry(
        ref=PersonRef(
            platform=Platform(platform), tenant=checked["workspace"], user_id=checked["user_id"]
        ),
        email=email,
        name=checked["name"],
        department=checked["department"],
        timezone=zone,
    )
