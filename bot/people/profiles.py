"""What a platform says about a person, and when it may replace what the directory said.

The rules, in one place (Slack's users.info and Teams' activities both come through here):

- department and email: only the directory (`people import`, PUT /api/v1/people) sets them;
  no platform profile replaces them.
- name: a platform's name fills an unknown one, and follows the platform while the
  directory has not stated one; a name from the directory stays until the directory
  changes it.
- timezone: a platform's zone fills an unknown one, and follows the platform while the
  directory has not stated one. An imported zone stays, except when the platform's zone
  *changes* after we have seen it once (the person moved, or fixed their profile): that is
  newer than the file, so it wins, until the next import states a zone again. The first
  zone a platform reports cannot be dated, so it never overrides an imported one.
- title: only platforms know it (Slack `profile.title`); deactivation and bot accounts
  likewise (Slack `deleted`, `is_bot`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from bot.people.entries import DIRECTORY_SOURCES, MAX_TEXT, Source, is_known_zone
from bot.records import Person, PersonRef

# Platform profiles are refreshed at most this often per person.
REFRESH_AFTER_SECONDS = 24 * 3600


@dataclass(frozen=True, slots=True)
class PlatformProfile:
    """A person's profile as one platform states it; None where it says nothing."""

    source: Source
    name: str | None = None
    title: str | None = None
    timezone: str | None = None
    deactivated: bool = False
    is_bot: bool = False


class ProfileSource(Protocol):
    """How a platform adapter fetches a profile (Slack: users.info, paced and 429-aware).

    Returns None when the platform has nothing to say (an unknown user, a workspace we are
    no longer installed in); raises bot.chat.messenger.RateLimited when asked to slow down.
    """

    async def fetch_profile(self, person: PersonRef) -> PlatformProfile | None: ...


def clean_text(value: Any, limit: int = MAX_TEXT) -> str | None:
    """A platform's free text as we store it: trimmed, cut to the column, None when empty."""
    if not isinstance(value, str):
        return None
    text = value.replace("\x00", "").strip()
    return text[:limit] or None


def clean_zone(value: Any) -> str | None:
    return value if isinstance(value, str) and is_known_zone(value) else None


def timezone_after(person: Person, reported: str) -> str | None:
    """The zone to use once a platform reported `reported`; None to keep the current one."""
    if person.timezone == reported:
        return None
    if person.timezone is None or person.timezone_source not in DIRECTORY_SOURCES:
        return reported
    seen_before = person.platform_timezone
    if seen_before is not None and seen_before != reported:
        return reported  # changed on the platform after we last saw it: newer than the file
    return None


def name_after(person: Person, reported: str) -> str | None:
    if person.display_name == reported:
        return None
    if person.display_name is None or person.name_source not in DIRECTORY_SOURCES:
        return reported
    return None


def profile_changes(person: Person, profile: PlatformProfile) -> dict[str, Any]:
    """Column values to write for this profile (the caller adds the check time)."""
    changes: dict[str, Any] = {}
    if profile.name is not None:
        name = name_after(person, profile.name)
        if name is not None:
            changes.update(display_name=name, name_source=profile.source.value)
    if profile.timezone is not None:
        zone = timezone_after(person, profile.timezone)
        if zone is not None:
            changes.update(timezone=zone, timezone_source=profile.source.value)
        if person.platform_timezone != profile.timezone:
            changes["platform_timezone"] = profile.timezone
    if profile.title is not None and profile.title != person.title:
        changes["title"] = profile.title
    return changes
