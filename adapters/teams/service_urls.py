"""Which Bot Connector service URLs we will call: Microsoft's, plus origins an operator adds.

Replies and proactive messages go to the activity's `serviceUrl`, with our token. Anyone who
can make us accept an arbitrary `serviceUrl` can make us POST wherever they like (and store
that address for later sends), so every URL is checked before a turn runs, before a
reference is stored, and before every proactive call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from yarl import URL

# Microsoft's documented Teams service hosts (public, GCC, GCC High, DoD): exact names.
TEAMS_HOSTS = frozenset(
    {
        "smba.trafficmanager.net",
        "smba.infra.gcc.teams.microsoft.com",
        "smba.infra.gov.teams.microsoft.us",
        "smba.infra.dod.teams.microsoft.us",
    }
)
# Other Bot Framework channels (Web Chat, Direct Line, the emulator service) live under it.
BOT_FRAMEWORK_DOMAIN = ".botframework.com"
# Characters that different URL parsers read differently ("\\", "@", whitespace, controls):
# refusing them outright means the host we check is the host the HTTP client connects to.
AMBIGUOUS = re.compile(r"[\x00-\x20\x7f\\@#?]")
MAX_LENGTH = 2048

Origin = tuple[str, str, int]


def origin_of(url: object) -> Origin | None:
    """(scheme, host, port) of an http(s) URL with nothing ambiguous in it, else None."""
    if not isinstance(url, str) or len(url) > MAX_LENGTH or AMBIGUOUS.search(url):
        return None
    try:
        parsed = URL(url)
        port = parsed.port
    except (ValueError, TypeError):
        return None
    host = parsed.host
    if parsed.scheme not in ("http", "https") or not host or port is None:
        return None
    if parsed.user is not None or parsed.password is not None:
        return None
    return parsed.scheme, host.lower(), port


def is_microsoft(origin: Origin) -> bool:
    scheme, host, port = origin
    if scheme != "https" or port != 443:
        return False
    return host in TEAMS_HOSTS or (
        host.endswith(BOT_FRAMEWORK_DOMAIN) and len(host) > len(BOT_FRAMEWORK_DOMAIN)
    )


class ServiceUrls:
    """The allow-list: Microsoft's https hosts and the configured extra origins."""

    def __init__(self, extra_origins: Iterable[str] = ()) -> None:
        parsed = (origin_of(origin) for origin in extra_origins)
        self._extra = frozenset(origin for origin in parsed if origin is not None)

    def allows(self, url: object) -> bool:
        origin = origin_of(url)
        return origin is not None and (is_microsoft(origin) or origin in self._extra)


def same_service_url(claimed: str, sent: str) -> bool:
    """The token's `serviceurl` claim names the activity's serviceUrl (case and a trailing
    slash aside, as the Bot Framework SDKs compare them)."""
    return claimed.strip().rstrip("/").casefold() == sent.strip().rstrip("/").casefold()


class ServiceUrlRefused(PermissionError):
    """A stored or given service URL is not on the allow-list; nothing was sent."""
